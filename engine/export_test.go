package engine

// AssignForTest exposes assign to the fuzz target.
func AssignForTest(dest, src any) error { return assign(dest, src) }
