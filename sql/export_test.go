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
