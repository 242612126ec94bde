package sql

import (
	"fmt"
	"strconv"
)

// Params are values for named bind parameters, given at execution.
type Params map[string]any

// Bind returns the SQL text and driver arguments for executing the
// compiled statement with the bound values of stmtBinds (the binds of a
// structurally equal statement, in cache-key order) and the parameters
// given at execution, which replace values of user-named parameters.
// Column defaults are evaluated here, once per call.
func (p *Compiled) Bind(stmtBinds []*BindParam, params Params) (string, []any, error) {
	text, args, _, err := p.BindRaw(stmtBinds, params)
	return text, args, err
}

// BindRaw is Bind that also returns the Go value (before conversion) each
// parameter took, in Params order: a column default is evaluated once,
// and the value sent is the value reported (an inserted primary key).
func (p *Compiled) BindRaw(stmtBinds []*BindParam, params Params) (string, []any, []any, error) {
	raws := make([]any, len(p.Params))
	if p.template != nil {
		text, args, err := p.bindExpanding(stmtBinds, params, raws)
		return text, args, raws, err
	}
	args := make([]any, len(p.Params))
	for i := range p.Params {
		v, err := p.value(&p.Params[i], stmtBinds, params, &raws[i])
		if err != nil {
			return "", nil, nil, err
		}
		args[i] = v
	}
	return p.SQL, args, raws, nil
}

// Value returns the Go value (before conversion) parameter i takes.
func (p *Compiled) Value(i int, stmtBinds []*BindParam, params Params) (any, error) {
	return p.raw(&p.Params[i], stmtBinds, params)
}

func (p *Compiled) raw(prm *Param, stmtBinds []*BindParam, params Params) (any, error) {
	if prm.Out {
		return nil, fmt.Errorf("%w: parameter %q receives a value from the database (RETURNING ... INTO); executing the statement needs output parameters, which the engine does not pass to drivers yet", ErrNotSupported, prm.Name)
	}
	if prm.User {
		if v, ok := params[prm.Name]; ok {
			return v, nil
		}
	}
	if prm.Key >= 0 && prm.Key < len(stmtBinds) {
		b := stmtBinds[prm.Key]
		switch {
		case b.fn != nil:
			return b.fn(), nil
		case b.hasValue:
			return b.value, nil
		}
	}
	if d := prm.Default; d != nil {
		if d.Func != nil {
			return d.Func(), nil
		}
		return d.Value, nil
	}
	return nil, fmt.Errorf("%w %q", ErrMissingParameter, prm.Name)
}

func (p *Compiled) value(prm *Param, stmtBinds []*BindParam, params Params, rawOut *any) (any, error) {
	v, err := p.raw(prm, stmtBinds, params)
	*rawOut = v
	if err != nil || v == nil || prm.Convert == nil {
		return v, err
	}
	out, err := prm.Convert(v)
	if err != nil {
		return nil, fmt.Errorf("athanor: parameter %q: %w", prm.Name, err)
	}
	return out, nil
}

// bindExpanding renders the text with each expanding parameter spread
// into one placeholder per value.
func (p *Compiled) bindExpanding(stmtBinds []*BindParam, params Params, raws []any) (string, []any, error) {
	out := make([]byte, 0, len(p.template)+16)
	var args []any
	text := p.template
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch != markerStart {
			out = append(out, ch)
			continue
		}
		j := i + 1
		for text[j] != markerEnd {
			j++
		}
		marker, _ := strconv.Atoi(string(text[i+1 : j]))
		i = j
		pi := p.markerParam[marker]
		prm := &p.Params[pi]
		if !prm.Expanding {
			v, err := p.value(prm, stmtBinds, params, &raws[pi])
			if err != nil {
				return "", nil, err
			}
			args = append(args, v)
			out = p.style.AppendPlaceholder(out, len(args), prm.Name)
			continue
		}
		raw, err := p.raw(prm, stmtBinds, params)
		if err != nil {
			return "", nil, err
		}
		raws[pi] = raw
		if sliceLen(raw) < 0 {
			return "", nil, fmt.Errorf("%w: expanding parameter %q needs a slice, got %T", ErrArgument, prm.Name, raw)
		}
		items := spreadSlice([]any{raw})
		if len(items) == 0 {
			out = append(out, p.emptySet...)
			continue
		}
		for k, it := range items {
			if k > 0 {
				out = append(out, ", "...)
			}
			if it != nil && prm.Convert != nil {
				if it, err = prm.Convert(it); err != nil {
					return "", nil, fmt.Errorf("athanor: parameter %q: %w", prm.Name, err)
				}
			}
			args = append(args, it)
			out = p.style.AppendPlaceholder(out, len(args), prm.Name+"_"+strconv.Itoa(k+1))
		}
	}
	return string(out), args, nil
}
