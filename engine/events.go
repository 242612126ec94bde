package engine

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	athsql "github.com/athanordb/athanor/sql"
)

// Listener receives execution events (see OnExecute). Any function may be
// nil.
type Listener struct {
	// BeforeExecute is called before a statement is sent; the context it
	// returns (nil: ctx) is the one the statement runs with, down to the
	// driver: a tracing span, say.
	BeforeExecute func(ctx context.Context, ev *ExecuteEvent) context.Context
	// AfterExecute is called when the database has answered, with the
	// context BeforeExecute returned. For a SELECT that is when its rows
	// are ready to read, not when they are all read.
	AfterExecute func(ctx context.Context, ev *ExecuteEvent)
	// Transaction is called after each transaction step: BEGIN, COMMIT,
	// ROLLBACK and the savepoint commands of nested transactions (which
	// are also statements, seen by BeforeExecute and AfterExecute).
	Transaction func(ctx context.Context, ev *TxEvent)
}

// ExecuteEvent describes one statement's execution.
type ExecuteEvent struct {
	// Statement is what was executed; nil for SQL the engine writes
	// itself (SAVEPOINT).
	Statement athsql.Element
	SQL       string // the text sent
	Args      []any  // the parameters sent (for one execution)
	// ArgSets are the parameter sets of a statement prepared once and
	// executed for each set (ExecuteMany); Args is then nil.
	ArgSets [][]any
	// Many is the number of parameter sets of ExecuteMany that this
	// execution sends (as ArgSets, or as the rows of a multi-row INSERT);
	// 0 for a single execution.
	Many     int
	Cached   bool          // the compiled form came from the cache
	Duration time.Duration // set for AfterExecute
	Err      error         // set for AfterExecute: the error Execute returns
}

// TxOp is a transaction step.
type TxOp uint8

// The transaction steps.
const (
	TxBegin               TxOp = iota + 1 // BEGIN
	TxCommit                              // COMMIT
	TxRollback                            // ROLLBACK
	TxSavepoint                           // SAVEPOINT: a nested transaction begins
	TxReleaseSavepoint                    // RELEASE SAVEPOINT: it commits
	TxRollbackToSavepoint                 // ROLLBACK TO SAVEPOINT: it rolls back
)

var txOpNames = [...]string{"", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"}

// String returns the step's SQL keyword: "BEGIN", "RELEASE SAVEPOINT"...
func (op TxOp) String() string {
	if int(op) < len(txOpNames) && op > 0 {
		return txOpNames[op]
	}
	return "TxOp(" + strconv.Itoa(int(op)) + ")"
}

// TxEvent describes one transaction step.
type TxEvent struct {
	Op        TxOp
	Savepoint string        // the savepoint's name, for savepoint steps
	Duration  time.Duration // how long the step took
	Err       error         // the step's error, if it failed
}

// before echoes the statement and calls the BeforeExecute listeners.
func (e *Engine) before(ctx context.Context, ev *ExecuteEvent) context.Context {
	if e.opts.echo != nil {
		var attrs []slog.Attr
		switch {
		case ev.ArgSets != nil:
			attrs = append(attrs, slog.String("params", formatArgSets(ev.ArgSets)))
		case len(ev.Args) > 0:
			attrs = append(attrs, slog.String("params", formatParams(ev.Args)))
		}
		if ev.Many > 0 {
			attrs = append(attrs, slog.Int("many", ev.Many))
		}
		if ev.Statement != nil {
			attrs = append(attrs, slog.Bool("cached", ev.Cached))
		}
		e.opts.echo.LogAttrs(ctx, slog.LevelInfo, ev.SQL, attrs...)
	}
	for _, l := range e.opts.listeners {
		if l.BeforeExecute != nil {
			if c := l.BeforeExecute(ctx, ev); c != nil {
				ctx = c
			}
		}
	}
	return ctx
}

// startTime is when a statement starts, for the AfterExecute listeners'
// Duration: the zero time when there are none (after ignores it then).
func (e *Engine) startTime() time.Time {
	if len(e.opts.listeners) == 0 {
		return time.Time{}
	}
	return time.Now()
}

// after calls the AfterExecute listeners.
func (e *Engine) after(ctx context.Context, ev *ExecuteEvent, start time.Time, err error) {
	if len(e.opts.listeners) == 0 {
		return
	}
	ev.Duration = time.Since(start)
	ev.Err = err
	for _, l := range e.opts.listeners {
		if l.AfterExecute != nil {
			l.AfterExecute(ctx, ev)
		}
	}
}

// echoText echoes a transaction command the driver sends.
func (e *Engine) echoText(ctx context.Context, text string) {
	if e.opts.echo != nil {
		e.opts.echo.LogAttrs(ctx, slog.LevelInfo, text)
	}
}

// txEvent calls the Transaction listeners.
func (e *Engine) txEvent(ctx context.Context, ev *TxEvent, start time.Time, err error) {
	if len(e.opts.listeners) == 0 {
		return
	}
	ev.Duration = time.Since(start)
	ev.Err = err
	for _, l := range e.opts.listeners {
		if l.Transaction != nil {
			l.Transaction(ctx, ev)
		}
	}
}

// Limits of what messages and logs show of parameters.
const (
	maxShownParams = 100 // parameters of one set
	maxShownSets   = 10  // parameter sets of an executemany
	maxShownChars  = 300 // characters of one value
)

// formatParams renders parameters for messages and logs as SQL-like
// literals: ('text', 42, 1.5, NULL, x'00ff', true). Long values and long
// lists are cut, saying how much was left out.
func formatParams(args []any) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == maxShownParams {
			fmt.Fprintf(&b, "... %d more", len(args)-i)
			break
		}
		b.WriteString(formatValue(a))
	}
	b.WriteByte(')')
	return b.String()
}

// formatArgSets renders the parameter sets of an executemany: the first
// ones and the last.
func formatArgSets(sets [][]any) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, set := range sets {
		if i > 0 {
			b.WriteString(", ")
		}
		if len(sets) > maxShownSets && i == maxShownSets-1 {
			fmt.Fprintf(&b, "... %d sets not shown ..., %s", len(sets)-maxShownSets, formatParams(sets[len(sets)-1]))
			break
		}
		b.WriteString(formatParams(set))
	}
	b.WriteByte(']')
	return b.String()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return quoteString(x)
	case []byte:
		if len(x) > maxShownChars/2 {
			return fmt.Sprintf("x'%s...' (%d bytes)", hex.EncodeToString(x[:maxShownChars/4]), len(x))
		}
		return "x'" + hex.EncodeToString(x) + "'"
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "'" + strconv.FormatFloat(x, 'g', -1, 64) + "'"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return "'" + x.Format("2006-01-02 15:04:05.999999999Z07:00") + "'"
	case fmt.Stringer:
		return quoteString(x.String())
	}
	return cut(fmt.Sprintf("%v", v))
}

// quoteString writes s in single quotes, doubling quotes inside and
// escaping control characters, cut in the middle when long.
func quoteString(s string) string {
	s = cut(s)
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == '\'':
			b.WriteString("''")
		case r < 0x20 || r == 0x7f:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// cut shortens long text, keeping its start and end.
func cut(s string) string {
	if len(s) <= maxShownChars {
		return s
	}
	head, tail := s[:maxShownChars/2], s[len(s)-maxShownChars/2:]
	for len(head) > 0 && !validEnd(head) {
		head = head[:len(head)-1]
	}
	for len(tail) > 0 && tail[0]&0xc0 == 0x80 {
		tail = tail[1:]
	}
	return fmt.Sprintf("%s ... (%d bytes cut) ... %s", head, len(s)-len(head)-len(tail), tail)
}

// validEnd reports whether s does not end inside a UTF-8 sequence.
func validEnd(s string) bool {
	for i := len(s) - 1; i >= 0 && i >= len(s)-4; i-- {
		c := s[i]
		if c < 0x80 {
			return true
		}
		if c&0xc0 == 0xc0 {
			// Start of a sequence: complete when long enough.
			n := 2
			if c >= 0xe0 {
				n = 3
			}
			if c >= 0xf0 {
				n = 4
			}
			return len(s)-i >= n
		}
	}
	return true
}
