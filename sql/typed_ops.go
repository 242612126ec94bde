package sql

// typedOps are the operators every typed column and expression has:
// comparisons with values and expressions of the same Go type, IN,
// BETWEEN, NULL tests, ordering and labels. Its elem is the untyped
// element the operators apply to, so that the expressions they build
// hold no typed wrapper.
type typedOps[T any] struct {
	elem ColumnElement
}

func (o typedOps[T]) typed(T) {}

func (o typedOps[T]) self() ColumnElement { return orZero(o.elem) }

func (o typedOps[T]) compare(op *Operator, v T) *BinaryExpression {
	return Ops(o.self()).compare(op, operand(v))
}

func (o typedOps[T]) compareExpr(op *Operator, e Typed[T]) *BinaryExpression {
	return newBinary(o.self(), op, Untyped(e))
}

// Eq renders self = v; for a nil pointer v, self IS NULL.
func (o typedOps[T]) Eq(v T) *BinaryExpression { return o.compare(OpEq, v) }

// Ne renders self != v; for a nil pointer v, self IS NOT NULL.
func (o typedOps[T]) Ne(v T) *BinaryExpression { return o.compare(OpNe, v) }

// Lt renders self < v.
func (o typedOps[T]) Lt(v T) *BinaryExpression { return o.compare(OpLt, v) }

// Le renders self <= v.
func (o typedOps[T]) Le(v T) *BinaryExpression { return o.compare(OpLe, v) }

// Gt renders self > v.
func (o typedOps[T]) Gt(v T) *BinaryExpression { return o.compare(OpGt, v) }

// Ge renders self >= v.
func (o typedOps[T]) Ge(v T) *BinaryExpression { return o.compare(OpGe, v) }

// IsDistinctFrom renders self IS DISTINCT FROM v.
func (o typedOps[T]) IsDistinctFrom(v T) *BinaryExpression { return o.compare(OpIsDistinct, v) }

// IsNotDistinctFrom renders self IS NOT DISTINCT FROM v.
func (o typedOps[T]) IsNotDistinctFrom(v T) *BinaryExpression {
	return o.compare(OpIsNotDistinct, v)
}

// EqExpr renders self = e, for an expression of the same Go type.
func (o typedOps[T]) EqExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpEq, e) }

// NeExpr renders self != e.
func (o typedOps[T]) NeExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpNe, e) }

// LtExpr renders self < e.
func (o typedOps[T]) LtExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpLt, e) }

// LeExpr renders self <= e.
func (o typedOps[T]) LeExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpLe, e) }

// GtExpr renders self > e.
func (o typedOps[T]) GtExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpGt, e) }

// GeExpr renders self >= e.
func (o typedOps[T]) GeExpr(e Typed[T]) *BinaryExpression { return o.compareExpr(OpGe, e) }

// In renders self IN (v1, v2, ...), each value bound as self's type. An
// empty list is false for every row.
func (o typedOps[T]) In(values ...T) *BinaryExpression { return o.in(OpIn, values) }

// NotIn renders self NOT IN (v1, v2, ...). An empty list is true for
// every row.
func (o typedOps[T]) NotIn(values ...T) *BinaryExpression { return o.in(OpNotIn, values) }

func (o typedOps[T]) in(op *Operator, values []T) *BinaryExpression {
	items := make([]ColumnElement, len(values))
	for i, v := range values {
		items[i] = coerceAgainst(operand(v), o.self())
	}
	return newBinary(o.self(), op, &inList{items: items})
}

// InSelect renders self IN (SELECT ...). The subquery's column type is
// not checked at compile time.
func (o typedOps[T]) InSelect(sel SelectStatement) *BinaryExpression {
	return newBinary(o.self(), OpIn, newScalarSelect(sel))
}

// NotInSelect renders self NOT IN (SELECT ...).
func (o typedOps[T]) NotInSelect(sel SelectStatement) *BinaryExpression {
	return newBinary(o.self(), OpNotIn, newScalarSelect(sel))
}

// Between renders self BETWEEN lo AND hi.
func (o typedOps[T]) Between(lo, hi T) *BinaryExpression {
	return Ops(o.self()).Between(operand(lo), operand(hi))
}

// NotBetween renders self NOT BETWEEN lo AND hi.
func (o typedOps[T]) NotBetween(lo, hi T) *BinaryExpression {
	return Ops(o.self()).NotBetween(operand(lo), operand(hi))
}

// IsNull renders self IS NULL.
func (o typedOps[T]) IsNull() *BinaryExpression { return Ops(o.self()).IsNull() }

// IsNotNull renders self IS NOT NULL.
func (o typedOps[T]) IsNotNull() *BinaryExpression { return Ops(o.self()).IsNotNull() }

// Asc orders ascending: self ASC.
func (o typedOps[T]) Asc() *UnaryExpression { return Ops(o.self()).Asc() }

// Desc orders descending: self DESC.
func (o typedOps[T]) Desc() *UnaryExpression { return Ops(o.self()).Desc() }

// Distinct renders DISTINCT self, as in CountOf(col.Distinct()).
func (o typedOps[T]) Distinct() *UnaryExpression { return Ops(o.self()).Distinct() }

// Label names the expression (self AS name) and keeps its type.
func (o typedOps[T]) Label(name string) Expr[T] { return ExprAs[T](NewLabel(name, o.self())) }

// numOps are the arithmetic operators of numeric typed columns and
// expressions. The results keep the Go type: an int64 column plus 1 is an
// int64 expression.
type numOps[T Number] struct {
	elem ColumnElement
}

func (o numOps[T]) self() ColumnElement { return orZero(o.elem) }

func (o numOps[T]) arith(op *Operator, v T) NumExpr[T] {
	return NumExprAs[T](Ops(o.self()).arith(op, operand(v)))
}

func (o numOps[T]) arithExpr(op *Operator, e Typed[T]) NumExpr[T] {
	return NumExprAs[T](Ops(o.self()).arith(op, Untyped(e)))
}

// Add renders self + v.
func (o numOps[T]) Add(v T) NumExpr[T] { return o.arith(OpAdd, v) }

// Sub renders self - v.
func (o numOps[T]) Sub(v T) NumExpr[T] { return o.arith(OpSub, v) }

// Mul renders self * v.
func (o numOps[T]) Mul(v T) NumExpr[T] { return o.arith(OpMul, v) }

// Div renders self / v (integer division for integer types on most
// databases).
func (o numOps[T]) Div(v T) NumExpr[T] { return o.arith(OpDiv, v) }

// Mod renders self % v.
func (o numOps[T]) Mod(v T) NumExpr[T] { return o.arith(OpMod, v) }

// AddExpr renders self + e, for an expression of the same Go type.
func (o numOps[T]) AddExpr(e Typed[T]) NumExpr[T] { return o.arithExpr(OpAdd, e) }

// SubExpr renders self - e.
func (o numOps[T]) SubExpr(e Typed[T]) NumExpr[T] { return o.arithExpr(OpSub, e) }

// MulExpr renders self * e.
func (o numOps[T]) MulExpr(e Typed[T]) NumExpr[T] { return o.arithExpr(OpMul, e) }

// DivExpr renders self / e.
func (o numOps[T]) DivExpr(e Typed[T]) NumExpr[T] { return o.arithExpr(OpDiv, e) }

// ModExpr renders self % e.
func (o numOps[T]) ModExpr(e Typed[T]) NumExpr[T] { return o.arithExpr(OpMod, e) }

// Neg renders -self.
func (o numOps[T]) Neg() NumExpr[T] { return NumExprAs[T](Ops(o.self()).Neg()) }

// Label names the expression (self AS name) and keeps its type.
func (o numOps[T]) Label(name string) NumExpr[T] {
	return NumExprAs[T](NewLabel(name, o.self()))
}

// strOps are the string operators of string typed columns and
// expressions.
type strOps struct {
	elem ColumnElement
}

func (o strOps) self() ColumnElement { return orZero(o.elem) }

// Like renders self LIKE pattern.
func (o strOps) Like(pattern string) *BinaryExpression { return Ops(o.self()).Like(pattern) }

// NotLike renders self NOT LIKE pattern.
func (o strOps) NotLike(pattern string) *BinaryExpression { return Ops(o.self()).NotLike(pattern) }

// LikeEscape renders self LIKE pattern ESCAPE 'escape'.
func (o strOps) LikeEscape(pattern string, escape rune) *BinaryExpression {
	return Ops(o.self()).LikeEscape(pattern, escape)
}

// ILike renders a case-insensitive LIKE (ILIKE, or lower() LIKE lower()
// where the database has no ILIKE).
func (o strOps) ILike(pattern string) *BinaryExpression { return Ops(o.self()).ILike(pattern) }

// NotILike is the negation of ILike.
func (o strOps) NotILike(pattern string) *BinaryExpression { return Ops(o.self()).NotILike(pattern) }

// RegexpMatch matches a regular expression; see ColumnOps.RegexpMatch.
func (o strOps) RegexpMatch(pattern string, flags ...string) *BinaryExpression {
	return Ops(o.self()).RegexpMatch(pattern, flags...)
}

// RegexpReplace replaces the matches of a regular expression; see
// ColumnOps.RegexpReplace.
func (o strOps) RegexpReplace(pattern, replacement string, flags ...string) StrExpr {
	return StrExprAs(Ops(o.self()).RegexpReplace(pattern, replacement, flags...))
}

// Match is a full-text search; see ColumnOps.Match.
func (o strOps) Match(v string) *BinaryExpression { return Ops(o.self()).Match(v) }

// StartsWith matches values that begin with s; the % and _ in s match
// themselves.
func (o strOps) StartsWith(s string) *BinaryExpression { return Ops(o.self()).StartsWith(s) }

// EndsWith matches values that end with s.
func (o strOps) EndsWith(s string) *BinaryExpression { return Ops(o.self()).EndsWith(s) }

// Contains matches values that contain s.
func (o strOps) Contains(s string) *BinaryExpression { return Ops(o.self()).Contains(s) }

// Concat renders self || s (or the dialect's concatenation).
func (o strOps) Concat(s string) StrExpr { return StrExprAs(Ops(o.self()).Concat(s)) }

// ConcatExpr renders self || e, for another string expression.
func (o strOps) ConcatExpr(e Typed[string]) StrExpr {
	return StrExprAs(Ops(o.self()).Concat(Untyped(e)))
}

// Lower renders lower(self).
func (o strOps) Lower() StrExpr { return StrExprAs(Func("lower", o.self())) }

// Upper renders upper(self).
func (o strOps) Upper() StrExpr { return StrExprAs(Func("upper", o.self())) }

// Length renders char_length(self), the length in characters.
func (o strOps) Length() NumExpr[int64] { return NumExprAs[int64](Func("char_length", o.self())) }

// Label names the expression (self AS name) and keeps its type.
func (o strOps) Label(name string) StrExpr { return StrExprAs(NewLabel(name, o.self())) }

// untypedOps names the untyped operators of ColumnOps that a typed column
// must not offer. Col embeds it (through hideUntyped) at the depth at
// which *Column's ColumnOps methods are promoted, which makes each of
// these selectors ambiguous and so removes it from Col's method set:
// intCol.Like("x") or strCol.Add(1) do not compile. The typed families
// that do have such an operator declare it higher up, where it wins.
type untypedOps struct{}

func (untypedOps) Is()            {}
func (untypedOps) IsNot()         {}
func (untypedOps) Like()          {}
func (untypedOps) NotLike()       {}
func (untypedOps) LikeEscape()    {}
func (untypedOps) ILike()         {}
func (untypedOps) NotILike()      {}
func (untypedOps) RegexpMatch()   {}
func (untypedOps) RegexpReplace() {}
func (untypedOps) Match()         {}
func (untypedOps) StartsWith()    {}
func (untypedOps) EndsWith()      {}
func (untypedOps) Contains()      {}
func (untypedOps) Concat()        {}
func (untypedOps) Add()           {}
func (untypedOps) Sub()           {}
func (untypedOps) Mul()           {}
func (untypedOps) Div()           {}
func (untypedOps) Mod()           {}
func (untypedOps) Neg()           {}
func (untypedOps) Op()            {}

// hideUntyped puts untypedOps one level down, at the depth of ColumnOps's
// methods in a Col.
type hideUntyped struct{ untypedOps }
