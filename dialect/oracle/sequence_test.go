package oracle_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestSequences(t *testing.T) {
	t.Parallel()
	seq := func(o sql.SequenceOptions) *sql.Sequence { return sql.NewSequence("my_seq", o) }
	yes, no := true, false
	ids := sql.NewSequence("order_id_seq", sql.SequenceOptions{Start: sql.Int64(1000)})
	orders := sql.NewTable("orders",
		sql.NewColumn("id", types.BigInteger{}, ids, sql.PrimaryKey()),
		sql.NewColumn("item", types.String{Length: 20}))
	v23 := oracle.New(oracle.Options{Version: oracle.Version{Major: 23}})
	run(t, []sqltest.Case{
		// test_compiler.py:1734 (test_compile)
		{Name: "no bounds", Stmt: sql.NewCreateSequence(seq(sql.SequenceOptions{NoMaxValue: true, NoMinValue: true})),
			SQL: "CREATE SEQUENCE my_seq NOMINVALUE NOMAXVALUE"},
		// 1743, 1748: test_compile_dialect_args
		{Name: "noorder", Stmt: sql.NewCreateSequence(seq(sql.SequenceOptions{Order: &no})),
			SQL: "CREATE SEQUENCE my_seq NOORDER"},
		{Name: "order", Stmt: sql.NewCreateSequence(seq(sql.SequenceOptions{NoMinValue: true, Order: &yes})),
			SQL: "CREATE SEQUENCE my_seq NOMINVALUE ORDER"},
		{Name: "all options", Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{Schema: "app", DataType: types.Integer{},
			Start: sql.Int64(5), Increment: sql.Int64(2), MinValue: sql.Int64(1), MaxValue: sql.Int64(99), Cache: sql.Int64(10), Cycle: &no})),
			SQL: "CREATE SEQUENCE app.s INCREMENT BY 2 START WITH 5 MINVALUE 1 MAXVALUE 99 CACHE 10 NOCYCLE"},
		{Name: "plain", Stmt: sql.NewCreateSequence(seq(sql.SequenceOptions{Cycle: &yes})), SQL: "CREATE SEQUENCE my_seq CYCLE"},
		{Name: "if not exists from 23", Dialect: v23, Stmt: &sql.CreateSequence{Sequence: seq(sql.SequenceOptions{}), IfNotExists: true},
			SQL: "CREATE SEQUENCE IF NOT EXISTS my_seq"},
		{Name: "if not exists before 23", Stmt: &sql.CreateSequence{Sequence: seq(sql.SequenceOptions{}), IfNotExists: true}, Err: dialect.ErrNotSupported},
		{Name: "bound and no bound", Stmt: sql.NewCreateSequence(seq(sql.SequenceOptions{MinValue: sql.Int64(1), NoMinValue: true})), Err: sql.ErrArgument},
		{Name: "drop", Stmt: sql.NewDropSequence(seq(sql.SequenceOptions{})), SQL: "DROP SEQUENCE my_seq"},
		{Name: "nextval", Stmt: sql.NewSelect(ids.NextValue()), SQL: "SELECT order_id_seq.nextval AS anon_1 FROM DUAL"},
		{Name: "default of an insert", Stmt: orders.Insert().Values(sql.Values{"item": "x"}),
			SQL: "INSERT INTO orders (id, item) VALUES (order_id_seq.nextval, :1)", Params: []any{"x"}},
		{Name: "column with a sequence", Stmt: sql.NewCreateTable(orders),
			SQL: "CREATE TABLE orders (id NUMBER(19) NOT NULL, item VARCHAR2(20 CHAR), PRIMARY KEY (id))"},
	})
}

func TestHasSequence(t *testing.T) {
	t.Parallel()
	q := &queryer{rows: [][]any{{1}}}
	found, err := modern.HasObject(context.Background(), q, dialect.ObjectSequence, "", "order_id_seq")
	if err != nil || !found || q.query != "SELECT 1 FROM user_sequences WHERE sequence_name = :1" || fmt.Sprint(q.args) != "[ORDER_ID_SEQ]" {
		t.Fatalf("%v %v %s %v", found, err, q.query, q.args)
	}
	q = &queryer{}
	found, err = modern.HasObject(context.Background(), q, dialect.ObjectSequence, "app", "Seq")
	if err != nil || found || q.query != "SELECT 1 FROM all_sequences WHERE sequence_name = :1 AND sequence_owner = :2" || fmt.Sprint(q.args) != "[Seq APP]" {
		t.Fatalf("%v %v %s %v", found, err, q.query, q.args)
	}
	if _, err := modern.HasObject(context.Background(), q, dialect.ObjectType, "", "t"); err == nil {
		t.Fatal("a type was looked up")
	}
}
