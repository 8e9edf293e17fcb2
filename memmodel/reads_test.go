package memmodel

import (
	"reflect"
	"testing"
)

func TestMayReadCoversEveryOption(t *testing.T) {
	for id := OptionID(0); id < numOptions; id++ {
		o := LookupOption(id)
		for _, k := range append([]string{o.Key}, o.Deprecated...) {
			if !MayRead(k) {
				t.Errorf("MayRead(%q) = false for option %d", k, id)
			}
		}
	}
	for _, k := range []string{ManagedConsumerWeightsKey, SegmentSizeKey, RocksDBManagedKey, "state.backend.type",
		"execution.runtime-mode", "containerized.heap-cutoff-ratio", "yarn.heap-cutoff-min"} {
		if !MayRead(k) {
			t.Errorf("MayRead(%q) = false", k)
		}
	}
	if MayRead("metrics.reporter.prom.port") || MayRead("app.setting.1") {
		t.Error("MayRead claims keys outside the memory model")
	}
}

// TestUnreadKeysChangeNothing resolves configurations with and without
// keys MayRead sets aside: the layouts, notices and refusals are equal.
func TestUnreadKeysChangeNothing(t *testing.T) {
	extra := Config{"metrics.reporter.prom.port": "9249", "high-availability.type": "kubernetes", "rest.port": "8081"}
	for _, cfg := range []Config{
		{"taskmanager.memory.process.size": "1728m"},
		{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"},
		{"jobmanager.memory.process.size": "1600m"},
	} {
		for _, role := range []Role{TaskManager, JobManager} {
			in := Input{Role: role, Line: LatestLine, Config: cfg}
			l1, err1 := Resolve(in)
			big := Config{}
			for k, v := range cfg {
				big[k] = v
			}
			for k, v := range extra {
				if MayRead(k) {
					t.Fatalf("%s is read", k)
				}
				big[k] = v
			}
			in.Config = big
			l2, err2 := Resolve(in)
			if !reflect.DeepEqual(l1, l2) || (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
				t.Errorf("%v %v: unread keys change the resolution", cfg, role)
			}
		}
	}
}
