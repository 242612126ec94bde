package dialect

import (
	"fmt"
	"slices"
	"sync"
)

var (
	registryMu sync.RWMutex
	registry   = map[string]func() Dialect{}
)

// Register makes a dialect available to engines by URL scheme ("sqlite",
// "postgresql"). Dialect packages register themselves when imported, as
// database/sql drivers do; registering a name twice replaces it.
func Register(name string, factory func() Dialect) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[name] = factory
}

// Lookup returns a new instance of the dialect registered under name.
func Lookup(name string) (Dialect, error) {
	registryMu.RLock()
	f, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: no dialect %q is registered (import its package, e.g. github.com/athanordb/athanor/dialect/%s); known: %v", ErrNotSupported, name, name, Registered())
	}
	return f(), nil
}

// Registered lists the registered dialect names.
func Registered() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
