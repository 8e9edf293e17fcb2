package memmodel

import (
	"sort"
	"strings"
)

// modelKeys are the keys outside the memory options that the model reads:
// the state backend and RocksDB's memory, the runtime mode, Python's use of
// managed memory, the consumer weights and the network buffer options. A
// configuration that sets them means something by them, so an export
// writes them as they are set.
var modelKeys = []string{
	"state.backend.type", "state.backend",
	RocksDBManagedKey, RocksDBFixedPerSlotKey, RocksDBFixedPerTMKey, RocksDBWriteBufferKey, RocksDBHighPrioPoolKey,
	"execution.runtime-mode",
	"python.fn-execution.memory.managed",
	ManagedConsumerWeightsKey,
	BuffersPerChannelKey, RequiredPerGateMaxKey, SortShuffleMinBuffersKey, SortShuffleMinParallelismKey,
}

// ModelKeys lists the keys outside the memory options that cfg sets and
// the model reads, in a fixed order; the consumer weights in their nested
// form ("….consumer-weights.PYTHON") follow their key, by name.
func ModelKeys(cfg Config) []KeyValue {
	var out []KeyValue
	for _, k := range modelKeys {
		if v, ok := cfg[k]; ok {
			out = append(out, KeyValue{k, v})
		}
		if k != ManagedConsumerWeightsKey {
			continue
		}
		var nested []string
		for key := range cfg {
			if strings.HasPrefix(key, k+".") {
				nested = append(nested, key)
			}
		}
		sort.Strings(nested)
		for _, key := range nested {
			out = append(out, KeyValue{key, cfg[key]})
		}
	}
	return out
}

// IsModelKey reports whether key is one of the keys ModelKeys lists.
func IsModelKey(key string) bool {
	for _, k := range modelKeys {
		if key == k || (k == ManagedConsumerWeightsKey && strings.HasPrefix(key, k+".")) {
			return true
		}
	}
	return false
}
