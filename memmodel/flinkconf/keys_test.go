package flinkconf

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestCheckKeysUnknownMemoryKeys(t *testing.T) {
	tests := []struct {
		key, code, closest string
	}{
		{"taskmanager.memory.off-heap.size", NoticeUnknownMemoryKey, "taskmanager.memory.task.off-heap.size"},
		{"taskmanager.memory.off-heap.fraction", NoticeUnknownMemoryKey, "taskmanager.memory.task.off-heap.size"},
		{"jobmanager.memory.task.heap.size", NoticeUnknownMemoryKey, "jobmanager.memory.heap.size"},
		{"taskmanager.memory.proces.size", NoticeUnknownKey, "taskmanager.memory.process.size"},
	}
	for _, tt := range tests {
		ns := CheckKeys([]string{"taskmanager.memory.process.size", tt.key}, memmodel.Config{"taskmanager.memory.process.size": "4g", tt.key: "1g"})
		if len(ns) != 1 || ns[0].Code != tt.code || ns[0].Key != tt.key || ns[0].Severity() != memmodel.SeverityWarning || !strings.Contains(ns[0].Message, tt.closest) {
			t.Errorf("%s: %+v; want one %s warning naming %s", tt.key, ns, tt.code, tt.closest)
		}
	}
	for _, k := range []string{"taskmanager.memory.managed.consumer-weights", "taskmanager.memory.managed.consumer-weights.PYTHON", "taskmanager.memory.fraction", "taskmanager.memory.network.min", "taskmanager.numberOfTaskSlots"} {
		if ns := CheckKeys([]string{k}, memmodel.Config{k: "1"}); len(ns) != 0 {
			t.Errorf("%s is read by Flink (or reported by the engine): %+v", k, ns)
		}
	}
}

func TestCheckKeysRocksDBOverridden(t *testing.T) {
	k := "state.backend.rocksdb.block.cache-size"
	ns := CheckKeys([]string{k}, memmodel.Config{k: "256m"})
	if len(ns) != 1 || ns[0].Code != NoticeRocksDBIgnored || ns[0].Severity() != memmodel.SeverityWarning || !strings.Contains(ns[0].Message, "has no effect") {
		t.Fatalf("block cache under managed memory: %+v", ns)
	}
	ns = CheckKeys([]string{k}, memmodel.Config{k: "256m", memmodel.RocksDBManagedKey: "false"})
	if len(ns) != 0 {
		t.Errorf("with memory control off the key counts: %+v", ns)
	}
	w := "state.backend.rocksdb.writebuffer.size"
	ns = CheckKeys([]string{w}, memmodel.Config{w: "64m", memmodel.RocksDBManagedKey: "false", memmodel.RocksDBFixedPerSlotKey: "512m"})
	if len(ns) != 1 || ns[0].Key != w {
		t.Errorf("fixed-per-slot bounds RocksDB too: %+v", ns)
	}
}

func TestFileGetsUnknownMemoryKeyWithLine(t *testing.T) {
	src := mustParse(t, Parse, "flink-conf.yaml", []byte("taskmanager.memory.process.size: 4g\ntaskmanager.memory.off-heap.size: 1g\n"))
	if got := noticeCodes(src.Notices); len(got) != 1 || got[0] != "002:unknown-memory-key" {
		t.Errorf("notices %v", got)
	}
}
