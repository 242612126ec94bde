package sql

// Operator is a SQL operator: its text, its precedence (which decides
// parentheses) and the operator its negation becomes. The built-in ones are
// package variables (OpEq, OpAdd, ...); Custom makes new ones.
type Operator struct {
	// Name identifies the operator in cache keys and messages.
	Name string
	// Text is written between the operands (binary) or before/after the
	// operand (unary), spaces included: " = ", "NOT ", " DESC".
	Text string
	// Precedence: higher binds tighter. An operand whose operator has a
	// precedence lower than or equal to its parent's is parenthesized,
	// unless both are the same associative operator.
	Precedence int
	// Associative operators chain without parentheses: a + b + c.
	Associative bool
	// Comparison operators produce booleans.
	Comparison bool
	// negate is the operator NOT turns this one into, if any.
	negate *Operator
	// id numbers the built-in operators in cache keys (0: custom).
	id uint16
}

// Operators, with SQLAlchemy's precedences.
var (
	OpMul    = &Operator{Name: "mul", Text: " * ", Precedence: 8, Associative: true}
	OpDiv    = &Operator{Name: "div", Text: " / ", Precedence: 8}
	OpMod    = &Operator{Name: "mod", Text: " % ", Precedence: 8}
	OpAdd    = &Operator{Name: "add", Text: " + ", Precedence: 7, Associative: true}
	OpSub    = &Operator{Name: "sub", Text: " - ", Precedence: 7}
	OpConcat = &Operator{Name: "concat", Text: " || ", Precedence: 5, Associative: true}

	OpEq              = &Operator{Name: "eq", Text: " = ", Precedence: 5, Comparison: true}
	OpNe              = &Operator{Name: "ne", Text: " != ", Precedence: 5, Comparison: true}
	OpLt              = &Operator{Name: "lt", Text: " < ", Precedence: 5, Comparison: true}
	OpLe              = &Operator{Name: "le", Text: " <= ", Precedence: 5, Comparison: true}
	OpGt              = &Operator{Name: "gt", Text: " > ", Precedence: 5, Comparison: true}
	OpGe              = &Operator{Name: "ge", Text: " >= ", Precedence: 5, Comparison: true}
	OpIs              = &Operator{Name: "is", Text: " IS ", Precedence: 5, Comparison: true}
	OpIsNot           = &Operator{Name: "is_not", Text: " IS NOT ", Precedence: 5, Comparison: true}
	OpIsDistinct      = &Operator{Name: "is_distinct_from", Text: " IS DISTINCT FROM ", Precedence: 5, Comparison: true}
	OpIsNotDistinct   = &Operator{Name: "is_not_distinct_from", Text: " IS NOT DISTINCT FROM ", Precedence: 5, Comparison: true}
	OpIn              = &Operator{Name: "in", Text: " IN ", Precedence: 5, Comparison: true}
	OpNotIn           = &Operator{Name: "not_in", Text: " NOT IN ", Precedence: 5, Comparison: true}
	OpLike            = &Operator{Name: "like", Text: " LIKE ", Precedence: 5, Comparison: true}
	OpNotLike         = &Operator{Name: "not_like", Text: " NOT LIKE ", Precedence: 5, Comparison: true}
	OpILike           = &Operator{Name: "ilike", Text: " ILIKE ", Precedence: 5, Comparison: true}
	OpNotILike        = &Operator{Name: "not_ilike", Text: " NOT ILIKE ", Precedence: 5, Comparison: true}
	OpBetween         = &Operator{Name: "between", Text: " BETWEEN ", Precedence: 5, Comparison: true}
	OpNotBetween      = &Operator{Name: "not_between", Text: " NOT BETWEEN ", Precedence: 5, Comparison: true}
	OpCollate         = &Operator{Name: "collate", Text: " COLLATE ", Precedence: 4}
	OpAnd             = &Operator{Name: "and", Text: " AND ", Precedence: 3, Associative: true}
	OpOr              = &Operator{Name: "or", Text: " OR ", Precedence: 2, Associative: true}
	OpNot             = &Operator{Name: "not", Text: "NOT ", Precedence: 5}
	OpNeg             = &Operator{Name: "neg", Text: "-", Precedence: 8}
	OpDistinct        = &Operator{Name: "distinct", Text: "DISTINCT ", Precedence: 5}
	OpExists          = &Operator{Name: "exists", Text: "EXISTS ", Precedence: 0}
	OpAsc             = &Operator{Name: "asc", Text: " ASC", Precedence: 3}
	OpDesc            = &Operator{Name: "desc", Text: " DESC", Precedence: 3}
	OpNullsFirst      = &Operator{Name: "nulls_first", Text: " NULLS FIRST", Precedence: 3}
	OpNullsLast       = &Operator{Name: "nulls_last", Text: " NULLS LAST", Precedence: 3}
	OpComma           = &Operator{Name: "comma", Text: ", ", Precedence: -1}
	opHighest         = &Operator{Name: "highest", Precedence: 100}
	operatorsByNegate = [][2]*Operator{
		{OpEq, OpNe}, {OpLt, OpGe}, {OpGt, OpLe}, {OpIs, OpIsNot}, {OpIsDistinct, OpIsNotDistinct},
		{OpIn, OpNotIn}, {OpLike, OpNotLike}, {OpILike, OpNotILike}, {OpBetween, OpNotBetween},
	}
)

func init() {
	for _, p := range operatorsByNegate {
		p[0].negate, p[1].negate = p[1], p[0]
	}
	for i, op := range []*Operator{
		OpMul, OpDiv, OpMod, OpAdd, OpSub, OpConcat, OpEq, OpNe, OpLt, OpLe, OpGt, OpGe,
		OpIs, OpIsNot, OpIsDistinct, OpIsNotDistinct, OpIn, OpNotIn, OpLike, OpNotLike,
		OpILike, OpNotILike, OpBetween, OpNotBetween, OpCollate, OpAnd, OpOr, OpNot, OpNeg,
		OpDistinct, OpExists, OpAsc, OpDesc, OpNullsFirst, OpNullsLast, OpComma,
	} {
		op.id = uint16(i + 1)
	}
}

// Custom returns a binary operator written as text between its operands,
// with the given precedence (5 is that of comparisons; use a higher number
// for operators that bind tighter). The result of a comparison operator
// has a boolean type.
func Custom(text string, precedence int, comparison bool) *Operator {
	return &Operator{Name: "custom:" + text, Text: " " + text + " ", Precedence: precedence, Comparison: comparison}
}

// needsGroup reports whether an operand built with op must be
// parenthesized when it appears under against.
func needsGroup(op, against *Operator) bool {
	if op == against && op.Associative {
		return false
	}
	if against == nil {
		return false
	}
	return op.Precedence <= against.Precedence
}
