package postgres_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestClassifyError(t *testing.T) {
	cases := []struct {
		err  error
		want dialect.ErrorKind
	}{
		{&pgconn.PgError{Code: "23505"}, dialect.KindIntegrity},
		{&pgconn.PgError{Code: "23503"}, dialect.KindIntegrity},
		{&pgconn.PgError{Code: "22012"}, dialect.KindData},
		{&pgconn.PgError{Code: "42P01"}, dialect.KindProgramming},
		{&pgconn.PgError{Code: "42601"}, dialect.KindProgramming},
		{&pgconn.PgError{Code: "3F000"}, dialect.KindProgramming},
		{&pgconn.PgError{Code: "08006"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "53300"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "57014"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "40001"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "40P01"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "55P03"}, dialect.KindOperational},
		{&pgconn.PgError{Code: "0A000"}, dialect.KindNotSupported},
		{&pgconn.PgError{Code: "XX000"}, dialect.KindInternal},
		{&pgconn.PgError{Code: "25P02"}, dialect.KindInternal},
		{&pgconn.PgError{Code: "P0001"}, dialect.KindInternal},
		{&pgconn.PgError{Code: "72000"}, dialect.KindDatabase},
		{&pgconn.PgError{Code: ""}, dialect.KindDatabase},
		{fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: "23502"}), dialect.KindIntegrity},
		{&pgconn.ConnectError{}, dialect.KindOperational},
		{driver.ErrBadConn, dialect.KindOperational},
		{io.ErrUnexpectedEOF, dialect.KindOperational},
		{errors.New("failed to encode args[0]: unable to encode 1099511627776 into binary format for int4 (OID 23)"), dialect.KindData},
		{context.Canceled, dialect.KindUnknown},
		{fmt.Errorf("timeout: %w", context.DeadlineExceeded), dialect.KindUnknown},
		{errors.New("something else"), dialect.KindUnknown},
		{nil, dialect.KindUnknown},
	}
	for _, c := range cases {
		if got := pg.ClassifyError(c.err); got != c.want {
			t.Errorf("%v: %v, want %v", c.err, got, c.want)
		}
	}
}

func TestErrorsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	parent := md.Table("parent", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	child := md.Table("child",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("email", types.String{Length: 10}, sql.Unique(), sql.NotNull()),
		sql.NewColumn("pid", types.Integer{}, sql.References("parent.id")),
		sql.NewColumn("n", types.Integer{}),
		sql.CheckExpr(sql.NewColumn("n", nil).Ge(0), sql.ConstraintOptions{Name: "ck_n"}),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, parent.Insert().Values(sql.Values{"id": 1}))
	execOK(t, eng, child.Insert().Values(sql.Values{"id": 1, "email": "a@x", "pid": 1}))

	expect := func(name string, st sql.Element, sentinel error, code string) {
		t.Helper()
		_, err := eng.Execute(ctx, st)
		if !errors.Is(err, sentinel) || !errors.Is(err, dialect.ErrDBAPI) {
			t.Errorf("%s: %v, want %v", name, err, sentinel)
			return
		}
		var ee *engine.Error
		if !errors.As(err, &ee) || ee.SQL == "" {
			t.Errorf("%s: no statement on the error: %v", name, err)
		}
		if code == "" {
			return
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != code {
			t.Errorf("%s: PgError %v, want code %s", name, pe, code)
		}
	}
	expect("unique", child.Insert().Values(sql.Values{"id": 2, "email": "a@x"}), dialect.ErrIntegrity, "23505")
	expect("primary key", child.Insert().Values(sql.Values{"id": 1, "email": "b@x"}), dialect.ErrIntegrity, "23505")
	expect("not null", child.Insert().Values(sql.Values{"id": 3, "email": nil}), dialect.ErrIntegrity, "23502")
	expect("foreign key", child.Insert().Values(sql.Values{"id": 4, "email": "c@x", "pid": 99}), dialect.ErrIntegrity, "23503")
	expect("check", child.Insert().Values(sql.Values{"id": 5, "email": "d@x", "n": -1}), dialect.ErrIntegrity, "23514")
	expect("too long", child.Insert().Values(sql.Values{"id": 6, "email": "much too long for ten"}), dialect.ErrData, "22001")
	expect("division by zero", sql.NewSelect(sql.Ops(child.C("id")).Div(0)), dialect.ErrData, "22012")
	expect("out of range", child.Insert().Values(sql.Values{"id": 1 << 40, "email": "e@x"}), dialect.ErrData, "")
	expect("unknown table", sql.Text("SELECT * FROM no_such_table"), dialect.ErrProgramming, "42P01")
	expect("syntax", sql.Text("SELEKT 1"), dialect.ErrProgramming, "42601")
	expect("unknown column", sql.NewSelect(sql.NewTable("child", sql.NewColumn("nope", nil)).C("nope")), dialect.ErrProgramming, "42703")

	var pe *pgconn.PgError
	_, err := eng.Execute(ctx, child.Insert().Values(sql.Values{"id": 7, "email": "a@x"}))
	if !errors.As(err, &pe) || pe.ConstraintName != "child_email_key" || pe.TableName != "child" {
		t.Fatalf("PgError details: %#v", pe)
	}

	// A lock not granted is operational.
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Execute(ctx, child.Select().ForUpdate(sql.LockClause{})); err != nil {
		t.Fatal(err)
	}
	_, err = eng.Execute(ctx, child.Select().ForUpdate(sql.LockClause{NoWait: true}))
	if !errors.Is(err, dialect.ErrOperational) || !errors.As(err, &pe) || pe.Code != "55P03" {
		t.Fatalf("NOWAIT on a locked row: %v", err)
	}
	tx.Rollback()

	// A statement whose context ends is cancelled by a cancel request
	// (the connection stays): the server's query_canceled, operational,
	// which also matches the context's error.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = eng.Execute(cctx, sql.NewSelect(sql.Func("pg_sleep", 5)))
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, dialect.ErrOperational) || !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("cancelled: %v", err)
	}
	// The pool recovers.
	if _, err := execOK(t, eng, sql.NewSelect(sql.Literal(1))).Scalar(); err != nil {
		t.Fatal(err)
	}
}
