package flinkconf

import (
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Notice codes of the key checks.
const (
	// NoticeUnknownMemoryKey: a key under taskmanager.memory. or
	// jobmanager.memory. that no Flink line reads. It is a warning: Flink
	// starts without complaint and the memory it was meant to size stays
	// at its default.
	NoticeUnknownMemoryKey = "unknown-memory-key"
	// NoticeRocksDBIgnored: a RocksDB sizing key that Flink overrides while
	// RocksDB's memory is bounded by the slot's budget.
	NoticeRocksDBIgnored = "rocksdb-key-ignored"
)

// removedKeys are memory keys of Flink before 1.10; the memory model
// itself reports them with their replacement.
var removedKeys = map[string]bool{"taskmanager.memory.fraction": true, "taskmanager.memory.off-heap": true, "taskmanager.memory.preallocate": true}

// rocksDBOverridden are RocksDB sizes Flink replaces with its own when
// RocksDB's memory is bounded (state.backend.rocksdb.memory.managed, the
// default, or fixed-per-slot).
var rocksDBOverridden = []string{"state.backend.rocksdb.block.cache-size", "state.backend.rocksdb.writebuffer.size"}

// CheckKeys returns the notices about keys that cfg sets (keys in the
// order to report them): misspelt memory options, keys under
// taskmanager.memory. or jobmanager.memory. that no Flink line reads (with
// the closest real key), JVM memory flags in env.java.opts*, and RocksDB
// sizes Flink overrides. Use it for keys that come from no file (presets,
// a front end's own edits); the file readers and Dynamic.Notices add the
// same notices.
func CheckKeys(keys []string, cfg memmodel.Config) []Notice {
	src := &Source{Config: cfg, Keys: keys}
	addKeyNotices(src, nil)
	return src.Notices
}

// unknownMemoryKey returns a notice for a key under a memory prefix that no
// Flink line reads, or false.
func unknownMemoryKey(k string) (Notice, bool) {
	var prefix string
	for _, p := range []string{"taskmanager.memory.", "jobmanager.memory."} {
		if strings.HasPrefix(k, p) {
			prefix = p
		}
	}
	if prefix == "" || otherFlinkKeys[k] || removedKeys[k] || strings.HasPrefix(k, memmodel.ManagedConsumerWeightsKey+".") {
		// A key below a map option is one of its entries.
		return Notice{}, false
	}
	if _, known := memmodel.OptionByKey(k); known {
		return Notice{}, false
	}
	// The closest key shares the most words ("off", "heap", "size"),
	// then is the fewest edits away.
	words := keyWords(k[len(prefix):])
	best, bestShared, bestDist := "", -1, 1<<30
	consider := func(c string) {
		if !strings.HasPrefix(c, prefix) {
			return
		}
		shared := 0
		for w := range keyWords(c[len(prefix):]) {
			if words[w] {
				shared++
			}
		}
		d := editDistance(k, c, 1<<20)
		if shared > bestShared || shared == bestShared && (d < bestDist || d == bestDist && c < best) {
			best, bestShared, bestDist = c, shared, d
		}
	}
	for _, c := range knownKeys() {
		consider(c)
	}
	for c := range otherFlinkKeys {
		consider(c)
	}
	msg := fmt.Sprintf("%s is not an option of any Flink line, so Flink ignores it and the memory it was meant to size keeps its default", k)
	if best != "" {
		msg += "; the closest real key is " + best
	}
	return Notice{Key: k, Code: NoticeUnknownMemoryKey, Message: msg}, true
}

// rocksDBControlled reports whether Flink bounds RocksDB's memory under
// cfg: fixed-per-slot set, or managed not switched off.
func rocksDBControlled(cfg memmodel.Config) bool {
	if v, ok := cfg[memmodel.RocksDBFixedPerSlotKey]; ok && strings.TrimSpace(v) != "" {
		return true
	}
	v, ok := cfg[memmodel.RocksDBManagedKey]
	return !ok || !strings.EqualFold(strings.TrimSpace(v), "false")
}

// rocksDBIgnored returns a notice for a RocksDB size Flink overrides, or
// false.
func rocksDBIgnored(k string, cfg memmodel.Config) (Notice, bool) {
	for _, r := range rocksDBOverridden {
		if k == r && rocksDBControlled(cfg) {
			return Notice{Key: k, Code: NoticeRocksDBIgnored,
				Message: fmt.Sprintf("%s has no effect while Flink bounds RocksDB's memory (%s is true, the default, or %s is set): Flink sizes the block cache and write buffers of a slot's RocksDB instances from that budget; drop the key, or size RocksDB with %s and %s", k, memmodel.RocksDBManagedKey, memmodel.RocksDBFixedPerSlotKey, "taskmanager.memory.managed.fraction", memmodel.RocksDBWriteBufferKey)}, true
		}
	}
	return Notice{}, false
}

// keyWords splits a key into its words at dots and dashes.
func keyWords(k string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(k), func(r rune) bool { return r == '.' || r == '-' }) {
		words[w] = true
	}
	return words
}
