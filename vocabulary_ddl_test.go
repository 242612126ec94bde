package athanor_test

import (
	"context"
	"testing"

	sa "github.com/athanordb/athanor"
)

// TestDDLVocabulary uses variants and DDL listeners through the root
// package, on SQLite.
func TestDDLVocabulary(t *testing.T) {
	ctx := context.Background()
	eng, err := sa.CreateEngine("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	md := sa.NewMetaData()
	notes := md.Table("notes",
		sa.Column("id", sa.Integer, sa.PrimaryKey()),
		sa.Column("body", sa.WithVariant(sa.String(10), "sqlite", sa.Text)),
		sa.Listen(sa.AfterCreate, sa.RunDDL(sa.SQL("CREATE INDEX notes_body ON notes (body)"))),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, sa.SQL("SELECT sql FROM sqlite_master WHERE name IN ('notes', 'notes_body') ORDER BY name"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := res.Scalars()
	if err != nil || len(got) != 2 || got[0] != "CREATE TABLE notes (id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id))" || got[1] != "CREATE INDEX notes_body ON notes (body)" {
		t.Fatalf("schema: %v %v", got, err)
	}
	if _, err := eng.Execute(ctx, notes.Insert().Values(sa.Values{"body": "longer than ten characters"})); err != nil {
		t.Fatal(err)
	}
	if sa.BeforeCreate.String() != "before create" || sa.AfterDrop.String() != "after drop" {
		t.Error("event kinds")
	}
}
