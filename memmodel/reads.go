package memmodel

import "strings"

// readPrefixes are the namespaces of every key the memory model reads:
// its options and their deprecated and legacy spellings, the managed
// memory consumers, RocksDB, network buffers, the runtime mode, and the
// retired keys it explains with a notice.
var readPrefixes = []string{
	"taskmanager.", "jobmanager.", "state.", "execution.", "python.", "parallelism.",
	"containerized.", "yarn.", "kubernetes.", "env.",
}

// MayRead reports whether the memory model may read key. A key it
// reports false for changes no resolution, notice, fix or analysis, so a
// caller holding a large configuration may set such keys aside while it
// resolves, and put them back to write the configuration out.
func MayRead(key string) bool {
	for _, p := range readPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	_, ok := OptionByKey(key)
	return ok
}
