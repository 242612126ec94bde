package sql

// ParamKeys returns the cache-key position of each parameter of c: Key,
// or for a statement compiled without its key, the positions Bind finds.
func ParamKeys(c *Compiled) []int {
	out := make([]int, len(c.Params))
	for i := range c.Params {
		out[i] = c.Params[i].Key
	}
	if c.lazyKeys {
		copy(out, *c.keyPositions())
	}
	return out
}

// SetFromCover turns on or off the compiler's use of the FROM items a
// join made by Select.Join covers (Join.owner) for statements built
// after; it returns the setting before.
func SetFromCover(on bool) bool {
	was := !noFromCover
	noFromCover = !on
	return was
}

// SetCellRuns turns on or off the handling of a multi-row INSERT's block
// cells in runs (filling a row's cells, writing its key, binding its
// values) for statements built, keyed and bound after; it returns the
// setting before.
func SetCellRuns(on bool) bool {
	was := !noCellRuns
	noCellRuns = !on
	return was
}
