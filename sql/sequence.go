package sql

import (
	"fmt"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Sequence is a named generator of integers (CREATE SEQUENCE), on the
// databases that have them (dialect.Features.Sequences: PostgreSQL,
// Oracle, SQL Server). A sequence is a column default when given to
// NewColumn as an option (or to Default): an INSERT that gives the column
// no value takes the sequence's next value, and CreateAll creates the
// sequence before the table (DropAll drops it after). Elsewhere the
// sequence is ignored, and the column is generated as it would be without
// it (an autoincrement key stays one).
//
//	ids := sql.NewSequence("order_id_seq", sql.SequenceOptions{Start: sql.Int64(1000)})
//	orders := md.Table("orders", sql.NewColumn("id", types.BigInteger{}, ids, sql.PrimaryKey()))
//
// A sequence used only in statements (NextValue) is created with the
// metadata when made by MetaData.Sequence.
type Sequence struct {
	name string
	opts SequenceOptions
	next *NextValue
}

// SequenceOptions are a sequence's schema and parameters; unset fields
// keep the database's defaults.
type SequenceOptions struct {
	_ struct{} // keyed literals only: fields will be added

	Schema     string
	DataType   types.Type // AS type (an integer type)
	Start      *int64     // START WITH
	Increment  *int64     // INCREMENT BY
	MinValue   *int64     // MINVALUE
	MaxValue   *int64     // MAXVALUE
	NoMinValue bool       // NO MINVALUE
	NoMaxValue bool       // NO MAXVALUE
	Cache      *int64     // CACHE
	Cycle      *bool      // CYCLE (true) or NO CYCLE (false)
	Order      *bool      // ORDER (true) or NOORDER (false): Oracle only
}

// Int64 returns a pointer to n, for the optional fields of SequenceOptions
// and Identity.
func Int64(n int64) *int64 { return &n }

// NewSequence returns a sequence named name.
func NewSequence(name string, opts ...SequenceOptions) *Sequence {
	s := &Sequence{name: name}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	s.next = &NextValue{seq: s}
	s.next.self = s.next
	return s
}

// Sequence returns a sequence that belongs to the metadata: CreateAll
// creates it and DropAll drops it (when they are not limited to some
// tables), whether or not a column uses it. Without a schema of its own it
// takes the metadata's.
func (m *MetaData) Sequence(name string, opts ...SequenceOptions) *Sequence {
	s := NewSequence(name, opts...)
	if s.opts.Schema == "" {
		s.opts.Schema = m.schema
	}
	m.sequences = append(m.sequences, s)
	return s
}

// Sequences returns the sequences made by MetaData.Sequence.
func (m *MetaData) Sequences() []*Sequence { return append([]*Sequence(nil), m.sequences...) }

// Name returns the sequence's name.
func (s *Sequence) Name() string { return s.name }

// Schema returns the sequence's schema, or "".
func (s *Sequence) Schema() string { return s.opts.Schema }

// Options returns the sequence's options.
func (s *Sequence) Options() SequenceOptions { return s.opts }

// NextValue returns the expression that advances the sequence and gives
// its new value: nextval('name') on PostgreSQL, NEXT VALUE FOR name in
// standard SQL.
func (s *Sequence) NextValue() *NextValue { return s.next }

// applyColumn makes the sequence the column's default.
func (s *Sequence) applyColumn(c *Column) { c.spec.def = &ColumnDefault{Expr: s.next} }

// NextValue is a sequence's next value, an expression. Compiling it for a
// database without sequences is an ErrNotSupported error.
type NextValue struct {
	ColumnOps
	seq *Sequence
}

// Sequence returns the sequence.
func (n *NextValue) Sequence() *Sequence { return n.seq }

// Type implements ColumnElement: the sequence's data type, BIGINT unless
// set.
func (n *NextValue) Type() types.Type {
	if t := n.seq.opts.DataType; t != nil {
		return t
	}
	return types.BigInteger{}
}

// WriteSQL implements Element.
func (n *NextValue) WriteSQL(c *Compiler) {
	if !c.feat.Sequences {
		c.NotSupported("sequences")
		return
	}
	if c.hooks.NextValue != nil {
		c.hooks.NextValue(c, n.seq)
		return
	}
	c.WriteString("NEXT VALUE FOR ")
	c.WriteSequenceName(n.seq)
}

// WriteCacheKey implements Element.
func (n *NextValue) WriteCacheKey(k *CacheKey) {
	k.Custom("sql.NextValue")
	k.String(n.seq.opts.Schema)
	k.String(n.seq.name)
}

// WriteSequenceName writes a sequence's name, schema-qualified, quoted as
// needed.
func (c *Compiler) WriteSequenceName(s *Sequence) {
	if schema := c.SchemaFor(s.opts.Schema); schema != "" {
		c.WriteIdentifier(schema)
		c.WriteByte('.')
	}
	c.WriteIdentifier(s.name)
}

// isSequence reports whether the default is a sequence's next value.
func (d *ColumnDefault) isSequence() bool {
	_, ok := d.Expr.(*NextValue)
	return ok
}

// omitsDefault reports whether an INSERT leaves out a column default: a
// sequence, where the database has none.
func (c *Compiler) omitsDefault(d *ColumnDefault) bool {
	return d.isSequence() && !c.feat.Sequences
}

// CreateSequence is CREATE SEQUENCE.
type CreateSequence struct {
	ddlBase
	Sequence    *Sequence
	IfNotExists bool
}

// NewCreateSequence returns CREATE SEQUENCE s.
func NewCreateSequence(s *Sequence) *CreateSequence { return &CreateSequence{Sequence: s} }

// WriteSQL implements Element.
func (s *CreateSequence) WriteSQL(c *Compiler) {
	seq := s.Sequence
	if seq == nil || seq.name == "" {
		c.Fail(fmt.Errorf("%w: CREATE SEQUENCE needs a sequence with a name", ErrArgument))
		return
	}
	if !c.feat.Sequences {
		c.NotSupported("CREATE SEQUENCE")
		return
	}
	o := seq.opts
	if c.hooks.SequenceDefaults != nil {
		o = c.hooks.SequenceDefaults(o)
	}
	if o.NoMinValue && o.MinValue != nil || o.NoMaxValue && o.MaxValue != nil {
		c.Fail(fmt.Errorf("%w: sequence %q sets both a bound and no bound", ErrArgument, seq.name))
		return
	}
	if c.hooks.CreateSequence != nil && c.hooks.CreateSequence(c, s) {
		return
	}
	c.WriteString("CREATE SEQUENCE ")
	if s.IfNotExists {
		c.WriteString("IF NOT EXISTS ")
	}
	c.WriteSequenceName(seq)
	if o.DataType != nil {
		name, err := typeName(c.d, o.DataType)
		if err != nil {
			c.Fail(fmt.Errorf("sequence %q: %w", seq.name, err))
			return
		}
		c.WriteString(" AS " + name)
	}
	num := func(kw string, v *int64) {
		if v != nil {
			c.WriteString(" " + kw + " " + strconv.FormatInt(*v, 10))
		}
	}
	num("INCREMENT BY", o.Increment)
	num("START WITH", o.Start)
	num("MINVALUE", o.MinValue)
	num("MAXVALUE", o.MaxValue)
	if o.NoMinValue {
		c.WriteString(" NO MINVALUE")
	}
	if o.NoMaxValue {
		c.WriteString(" NO MAXVALUE")
	}
	num("CACHE", o.Cache)
	if o.Cycle != nil {
		if *o.Cycle {
			c.WriteString(" CYCLE")
		} else {
			c.WriteString(" NO CYCLE")
		}
	}
}

// DropSequence is DROP SEQUENCE.
type DropSequence struct {
	ddlBase
	Sequence *Sequence
	IfExists bool
}

// NewDropSequence returns DROP SEQUENCE s.
func NewDropSequence(s *Sequence) *DropSequence { return &DropSequence{Sequence: s} }

// WriteSQL implements Element.
func (s *DropSequence) WriteSQL(c *Compiler) {
	if s.Sequence == nil || s.Sequence.name == "" {
		c.Fail(fmt.Errorf("%w: DROP SEQUENCE needs a sequence with a name", ErrArgument))
		return
	}
	if !c.feat.Sequences {
		c.NotSupported("DROP SEQUENCE")
		return
	}
	c.WriteString("DROP SEQUENCE ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.WriteSequenceName(s.Sequence)
}

// schemaObject returns the sequence as an object CreateAll creates.
func (s *Sequence) schemaObject() SchemaObject {
	return SchemaObject{
		Kind: dialect.ObjectSequence, Schema: s.opts.Schema, Name: s.name,
		Create: NewCreateSequence(s), Drop: NewDropSequence(s),
	}
}
