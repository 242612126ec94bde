package oracle

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// No Oracle server runs here: reflection is tested on the queries it sends
// and on rows as the data dictionary would return them.

func TestReflectionQueryText(t *testing.T) {
	d := New()
	q, args := d.columnsQuery("", "users")
	if !strings.Contains(q, "id.generation_type, id.identity_options, cm.comments FROM all_tab_cols c LEFT JOIN all_tab_identity_cols id") ||
		!strings.HasSuffix(q, "WHERE c.table_name = :1 AND c.owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND c.hidden_column = 'NO' ORDER BY c.column_id") ||
		!reflect.DeepEqual(args, []any{"USERS"}) {
		t.Errorf("columns: %s %v", q, args)
	}
	old := New(Options{Version: Version{Major: 11, Minor: 2}})
	if q, _ := old.columnsQuery("", "t"); !strings.Contains(q, "c.virtual_column, NULL, NULL, cm.comments") || strings.Contains(q, "all_tab_identity_cols") {
		t.Errorf("11g columns: %s", q)
	}
	q, args = d.constraintQuery("P", "Sales", "Order Lines")
	want := "SELECT c.constraint_name, cc.column_name FROM all_constraints c JOIN all_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name " +
		"WHERE c.table_name = :1 AND c.owner = :2 AND c.constraint_type = 'P' ORDER BY c.constraint_name, cc.position"
	if q != want || !reflect.DeepEqual(args, []any{"Order Lines", "Sales"}) {
		t.Errorf("primary key:\n got %s %v\nwant %s", q, args, want)
	}
	q, args = d.ownerQuery("SELECT view_name FROM all_views WHERE owner = {owner}", "hr")
	if q != "SELECT view_name FROM all_views WHERE owner = :1" || !reflect.DeepEqual(args, []any{"HR"}) {
		t.Errorf("views: %s %v", q, args)
	}
}

func canned() *catalog.Canned {
	return &catalog.Canned{Rules: []catalog.Rule{
		{Contains: "FROM all_tab_cols", Rows: []catalog.Row{
			{"ID", "NUMBER", int64(0), nil, int64(0), "N", `"APP"."ISEQ$$_74412".nextval`, "NO", "ALWAYS",
				"START WITH: 10, INCREMENT BY: 5, MAX_VALUE: 9999999999999999999999999999, MIN_VALUE: 1, CYCLE_FLAG: N, CACHE_SIZE: 20, ORDER_FLAG: N", nil},
			{"NAME", "VARCHAR2", int64(50), nil, nil, "N", "'anon' ", "NO", nil, nil, "the name"},
			{"Amount", "NUMBER", int64(0), int64(10), int64(2), "Y", "NULL", "NO", nil, nil, nil},
			{"BIG", "NUMBER", int64(0), int64(19), int64(0), "Y", nil, "NO", nil, nil, nil},
			{"TWICE", "NUMBER", int64(0), nil, int64(0), "Y", `"ID"*2`, "YES", nil, nil, nil},
			{"AT", "TIMESTAMP(6) WITH TIME ZONE", int64(0), nil, int64(6), "Y", nil, "NO", nil, nil, nil},
			{"BODY", "CLOB", int64(0), nil, nil, "Y", nil, "NO", nil, nil, nil},
			{"TOKEN", "CHAR", int64(32), nil, nil, "Y", nil, "NO", nil, nil, nil},
		}},
		{Contains: "constraint_type = 'P'", Rows: []catalog.Row{{"SYS_C0012345", "ID"}}},
		{Contains: "constraint_type = 'U'", Rows: []catalog.Row{{"UQ_NAME", "NAME"}, {"UQ_NAME", "Amount"}}},
		{Contains: "constraint_type = 'R'", Rows: []catalog.Row{
			{"FK_ORG", "ORG_ID", "APP", "ORGS", "ID", "CASCADE", "DEFERRABLE", "DEFERRED"},
			{"FK_ORG", "ORG_CODE", "APP", "ORGS", "CODE", "CASCADE", "DEFERRABLE", "DEFERRED"},
		}},
		{Contains: "FROM all_indexes", Rows: []catalog.Row{
			{"IX_LOWER", "NONUNIQUE", "SYS_NC00009$", "ASC", "LOWER(\"NAME\")"},
			{"IX_MIXED", "UNIQUE", "SYS_NC00010$", "DESC", `"BIG"`},
			{"IX_MIXED", "UNIQUE", "NAME", "ASC", nil},
		}},
		{Contains: "constraint_type = 'C'", Rows: []catalog.Row{{"SYS_C0012346", `"NAME" IS NOT NULL`}, {"CK_BIG", "big >= 0"}}},
		{Contains: "FROM all_tab_comments", Rows: []catalog.Row{{"the users"}}},
		{Contains: "FROM all_views", Rows: []catalog.Row{{"select id from users "}}},
		{Contains: "FROM all_sequences", Rows: []catalog.Row{{"IDS", int64(1), int64(1), int64(1000), int64(20), "N"}}},
	}}
}

func TestReflectCanned(t *testing.T) {
	ctx := context.Background()
	d, q := New(), canned()
	cols, err := d.Columns(ctx, q, "", "users")
	if err != nil {
		t.Fatal(err)
	}
	want := []dialect.ColumnInfo{
		{Name: "id", TypeName: "INTEGER", Type: types.Integer{}, Autoincrement: true,
			Identity: &dialect.IdentityInfo{Always: true, SequenceOptions: dialect.SequenceOptions{Start: 10, Increment: 5, MinValue: 1, MaxValue: 1<<63 - 1, Cache: 20}}},
		{Name: "name", TypeName: "VARCHAR2(50 CHAR)", Type: types.String{Length: 50}, Default: "'anon'", Comment: "the name"},
		{Name: "Amount", TypeName: "NUMBER(10,2)", Type: types.Numeric{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "big", TypeName: "NUMBER(19)", Type: types.BigInteger{}, Nullable: true},
		{Name: "twice", TypeName: "INTEGER", Type: types.Integer{}, Nullable: true, Computed: &dialect.ComputedInfo{Expression: `"ID"*2`}},
		{Name: "at", TypeName: "TIMESTAMP(6) WITH TIME ZONE", Type: dialect.DatabaseType{Name: "TIMESTAMP(6) WITH TIME ZONE", Base: types.DateTime{Timezone: true}}, Nullable: true},
		{Name: "body", TypeName: "CLOB", Type: types.Text{}, Nullable: true},
		{Name: "token", TypeName: "CHAR(32)", Type: dialect.DatabaseType{Name: "CHAR(32)", Base: types.String{}}, Nullable: true},
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("columns\n got %+v\nwant %+v", cols, want)
	}
	// What the dialect writes for a generic type is what Oracle keeps.
	for _, c := range []struct {
		t    types.Type
		kept string
	}{{types.Integer{}, "INTEGER"}, {types.SmallInteger{}, "INTEGER"}, {types.BigInteger{}, "NUMBER(19)"}, {types.Numeric{Precision: 10, Scale: 2}, "NUMBER(10,2)"},
		{types.Double{}, "FLOAT"}, {types.String{Length: 50}, "VARCHAR2(50 CHAR)"}, {types.Enum{Values: []string{"ab"}}, "VARCHAR2(2 CHAR)"},
		{types.DateTime{Timezone: true}, "TIMESTAMP(6) WITH TIME ZONE"}, {types.UUID{}, "CHAR(32)"}} {
		name, err := dialect.TypeNameOf(d, c.t)
		if err != nil || d.CanonicalTypeName(name) != c.kept {
			t.Errorf("%s: written %q, kept as %q (%v)", c.t, name, d.CanonicalTypeName(name), err)
		}
	}
	pk, err := d.PrimaryKey(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(pk, dialect.PrimaryKeyInfo{Name: "sys_c0012345", Columns: []string{"id"}}) {
		t.Errorf("primary key: %+v %v", pk, err)
	}
	uqs, err := d.UniqueConstraints(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(uqs, []dialect.UniqueInfo{{Name: "uq_name", Columns: []string{"name", "Amount"}}}) {
		t.Errorf("unique: %+v %v", uqs, err)
	}
	yes := true
	fks, err := d.ForeignKeys(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(fks, []dialect.ForeignKeyInfo{{Name: "fk_org", Columns: []string{"org_id", "org_code"}, ReferredSchema: "app",
		ReferredTable: "orgs", ReferredColumns: []string{"id", "code"}, OnDelete: "CASCADE", Deferrable: &yes, Initially: "DEFERRED"}}) {
		t.Errorf("foreign keys: %+v %v", fks, err)
	}
	ixs, err := d.Indexes(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(ixs, []dialect.IndexInfo{
		{Name: "ix_lower", Columns: []dialect.IndexColumn{{Expression: `LOWER("NAME")`}}},
		{Name: "ix_mixed", Unique: true, Columns: []dialect.IndexColumn{{Name: "big", Descending: true}, {Name: "name"}}},
	}) {
		t.Errorf("indexes: %+v %v", ixs, err)
	}
	cks, err := d.CheckConstraints(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(cks, []dialect.CheckInfo{{Name: "ck_big", Expression: "big >= 0"}}) {
		t.Errorf("checks: %+v %v", cks, err)
	}
	if c, err := d.TableComment(ctx, q, "", "users"); err != nil || c != "the users" {
		t.Errorf("comment: %q %v", c, err)
	}
	if v, err := d.ViewDefinition(ctx, q, "", "v"); err != nil || v != "select id from users" {
		t.Errorf("view: %q %v", v, err)
	}
	seqs, err := d.Sequences(ctx, q, "")
	if err != nil || !reflect.DeepEqual(seqs, []dialect.SequenceInfo{{Name: "ids", SequenceOptions: dialect.SequenceOptions{Increment: 1, MinValue: 1, MaxValue: 1000, Cache: 20}}}) {
		t.Errorf("sequences: %+v %v", seqs, err)
	}
}

func TestReflectMissing(t *testing.T) {
	ctx := context.Background()
	d := New()
	empty := &catalog.Canned{Rules: []catalog.Rule{{Contains: "SELECT", Rows: nil}}}
	if _, err := d.Columns(ctx, empty, "", "nope"); !errors.Is(err, dialect.ErrNoSuchTable) {
		t.Errorf("columns: %v", err)
	}
	if _, err := d.ForeignKeys(ctx, empty, "", "nope"); !errors.Is(err, dialect.ErrNoSuchTable) {
		t.Errorf("foreign keys: %v", err)
	}
	exists := &catalog.Canned{Rules: []catalog.Rule{{Contains: "FROM all_objects", Rows: []catalog.Row{{int64(1)}}}, {Contains: "SELECT", Rows: nil}}}
	if pk, err := d.PrimaryKey(ctx, exists, "", "t"); err != nil || len(pk.Columns) != 0 {
		t.Errorf("a table without a primary key: %v %v", pk, err)
	}
}

func TestNormalName(t *testing.T) {
	d := New()
	for stored, want := range map[string]string{"USERS": "users", "Users": "Users", "MY TABLE": "MY TABLE", "SELECT": "SELECT", "A$B": "a$b"} {
		if got := d.normalName(stored); got != want {
			t.Errorf("%s: %s", stored, got)
		}
		if back := d.storedName(d.normalName(stored)); back != stored {
			t.Errorf("%s comes back as %s", stored, back)
		}
	}
}
