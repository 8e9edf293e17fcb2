package memmodel

import (
	"reflect"
	"testing"
)

// TestExportWritesModelKeys: the keys outside the memory options that the
// model reads survive an export, minimal or pinned.
func TestExportWritesModelKeys(t *testing.T) {
	cfg := Config{
		"taskmanager.memory.process.size": "4096m", "state.backend.type": "rocksdb", RocksDBManagedKey: "true",
		"execution.runtime-mode": "BATCH", ManagedConsumerWeightsKey + ".PYTHON": "30", ManagedConsumerWeightsKey + ".OPERATOR": "70",
		"python.fn-execution.memory.managed": "false", "pipeline.name": "not read",
	}
	want := []KeyValue{{"state.backend.type", "rocksdb"}, {RocksDBManagedKey, "true"}, {"execution.runtime-mode", "BATCH"},
		{"python.fn-execution.memory.managed", "false"}, {ManagedConsumerWeightsKey + ".OPERATOR", "70"}, {ManagedConsumerWeightsKey + ".PYTHON", "30"}}
	if got := ModelKeys(cfg); !reflect.DeepEqual(got, want) {
		t.Fatalf("ModelKeys = %v, want %v", got, want)
	}
	for _, pinned := range []bool{false, true} {
		res, err := Export(Input{Line: LatestLine, Config: cfg}, ExportOptions{Pinned: pinned})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, kv := range res.Options {
			got[kv.Key] = kv.Value
		}
		for _, kv := range want {
			if got[kv.Key] != kv.Value {
				t.Errorf("pinned %v: %s = %q, want %q", pinned, kv.Key, got[kv.Key], kv.Value)
			}
		}
		if _, ok := got["pipeline.name"]; ok {
			t.Errorf("pinned %v: exported a key the model does not read", pinned)
		}
	}
}
