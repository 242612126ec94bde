package postgres

import (
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// CancelGrace is how long a connection whose statement's context ended
// waits for the server to answer the cancel request before it is closed.
const CancelGrace = 2 * time.Second

// cancelByRequest makes a statement whose context ends send PostgreSQL a
// cancel request (as psql's Ctrl-C and psycopg do) instead of closing the
// connection at once, pgx's default. The statement fails with
// query_canceled, which the engine reports as matching the context's
// error; the connection stays usable, so that a transaction can roll back
// to a savepoint taken before the cancelled statement, and the pool does
// not reconnect. A server that does not answer within CancelGrace has
// the connection closed, as before.
func cancelByRequest(cfg *pgconn.Config) {
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: CancelGrace}
	}
}
