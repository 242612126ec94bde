package athanor

import (
	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
)

// More engine types: transaction events, scan and statement errors, and
// database URLs.
type (
	TxEvent        = engine.TxEvent
	TxOp           = engine.TxOp
	ScanError      = engine.ScanError
	StatementError = engine.StatementError
	URL            = dialect.URL
	URLError       = dialect.URLError
)

// The transaction steps a Listener's Transaction function sees.
const (
	TxBegin               = engine.TxBegin
	TxCommit              = engine.TxCommit
	TxRollback            = engine.TxRollback
	TxSavepoint           = engine.TxSavepoint
	TxReleaseSavepoint    = engine.TxReleaseSavepoint
	TxRollbackToSavepoint = engine.TxRollbackToSavepoint
)

// More engine options: the pool's settings and events.
var (
	PoolIdleTimeout  = engine.PoolIdleTimeout
	SingleConnection = engine.SingleConnection
	PoolTimeout      = engine.PoolTimeout
	PoolPrePing      = engine.PoolPrePing
	NoPool           = engine.NoPool
	OnPool           = engine.OnPool
)

// Pool events and statistics, retries, and prepared statements.
type (
	PoolListener = engine.PoolListener
	PoolEvent    = engine.PoolEvent
	PoolStats    = engine.PoolStats
	RetryPolicy  = engine.RetryPolicy
	RetryError   = engine.RetryError
	Prepared     = engine.Prepared
)

// Errors of the pool and of statement limits, for errors.Is.
var (
	ErrPoolTimeout       = engine.ErrPoolTimeout
	ErrDisconnect        = engine.ErrDisconnect
	ErrPoolSettings      = engine.ErrPoolSettings
	ErrTooManyParameters = engine.ErrTooManyParameters
)

// ParseURL parses a database URL (see dialect.URL).
func ParseURL(s string) (*URL, error) { return dialect.ParseURL(s) }

// ScanRow reads one row into a T (see ScanAll), for use with Result.Next
// or Result.Rows.
func ScanRow[T any](row *Row) (T, error) { return engine.ScanRow[T](row) }

// Errors of results and misuse, for errors.Is.
var (
	ErrNoRows          = engine.ErrNoRows
	ErrResultClosed    = engine.ErrResultClosed
	ErrClosed          = engine.ErrClosed
	ErrNoSuchKey       = engine.ErrNoSuchKey
	ErrAmbiguousKey    = engine.ErrAmbiguousKey
	ErrNullValue       = engine.ErrNullValue
	ErrNotSingleInsert = engine.ErrNotSingleInsert
)
