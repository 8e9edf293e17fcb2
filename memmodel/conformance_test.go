package memmodel

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel/conformance"
)

// vector is one conformance vector: a configuration and what Flink's own
// resolver made of it.
type vector = conformance.Vector

// conformanceRoot holds one folder of vectors per Flink release.
const conformanceRoot = "testdata/conformance"

// conformanceLines maps each conformance folder to the Line whose code it
// ran, from the folder names on disk.
var conformanceLines = func() map[string]Line {
	out := map[string]Line{}
	files, _ := conformance.Files(conformanceRoot)
	for _, f := range files {
		if l, err := ParseLine(conformance.Release(f)); err == nil {
			out[filepath.Base(filepath.Dir(f))] = l
		}
	}
	return out
}()

func loadVectors(t testing.TB, path string) []vector {
	t.Helper()
	vs, err := conformance.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func vectorInput(v vector, line Line) Input {
	in := Input{Line: line, Config: Config(v.Config)}
	if v.Role == "jobmanager" {
		in.Role = JobManager
	}
	if v.Deployment == "container" {
		in.Deployment = Container
	}
	return in
}

// TestConformance runs every vector on the release whose code produced it,
// and on every other release modelled on the same results (1.14 and 1.15 on
// the 1.16 vectors, 1.11.2 on 1.11.3's, 2.1 to 2.3 on 2.0's).
func TestConformance(t *testing.T) {
	files, err := conformance.Files(conformanceRoot)
	if err != nil {
		t.Fatal(err)
	}
	total, runs := 0, 0
	for _, file := range files {
		own, err := ParseLine(conformance.Release(file))
		if err != nil {
			t.Fatalf("conformance folder of %s: %v", file, err)
		}
		vectors := loadVectors(t, file)
		total += len(vectors)
		for _, line := range Lines() {
			if line.ConformanceFolder() != own.ConformanceFolder() {
				continue
			}
			runs++
			failed := 0
			for _, v := range vectors {
				if msg := checkVector(v, line); msg != "" {
					if failed++; failed <= 15 {
						t.Errorf("%s on %v: %s: %s\n  config: %v", file, line, v.ID, msg, v.Config)
					}
				}
			}
			if failed > 15 {
				t.Errorf("%s on %v: %d more failures", file, line, failed-15)
			}
			t.Logf("%s on %v: checked %d vectors, %d failed", file, line, len(vectors), failed)
		}
	}
	t.Logf("checked %d vectors in all, in %d runs of a file on a release", total, runs)
}

// checkVector compares one vector with Resolve and returns "" when they
// agree.
func checkVector(v vector, line Line) string {
	in := vectorInput(v, line)
	l, err := Resolve(in)
	e := v.Expect
	if e["ok"] != true {
		if err == nil {
			return "accepted, Flink rejects with " + e["check"].(string)
		}
		rej := err.(*Rejection)
		if string(rej.Check) != e["check"] {
			return "rejected with " + string(rej.Check) + ", Flink with " + e["check"].(string)
		}
		return ""
	}
	if err != nil {
		return "rejected (" + err.Error() + "), Flink accepts"
	}
	var diffs []string
	num := func(name string, got MemorySize) {
		want, _ := e[name].(json.Number).Int64()
		if int64(got) != want {
			diffs = append(diffs, name+": got "+got.FlinkBytes()+" want "+string(e[name].(json.Number)))
		}
	}
	str := func(name, got string) {
		if want, _ := e[name].(string); got != want {
			diffs = append(diffs, name+": got "+got+" want "+want)
		}
	}
	if in.Role == JobManager {
		num("jvm_heap", l.Size[JobManagerHeap])
		num("off_heap", l.Size[JobManagerOffHeap])
		if want := e["direct_memory_limit_enabled"].(bool); want != l.DirectMemoryLimit {
			diffs = append(diffs, "direct_memory_limit_enabled differs")
		}
	} else {
		for _, c := range Components(TaskManager) {
			num(c.JSONName(), l.Size[c])
		}
		num("jvm_heap", l.JVMHeap())
		num("jvm_direct", l.JVMDirect())
		str("cpu_cores", l.CPUCoresString())
		if n, ok := e["num_slots"].(json.Number); ok {
			if want, _ := n.Int64(); int64(l.Slots) != want {
				diffs = append(diffs, "num_slots differs")
			}
		}
		if diff := checkSlot(&l, e); diff != "" {
			diffs = append(diffs, diff)
		}
	}
	num("jvm_metaspace", l.Size[Metaspace])
	num("jvm_overhead", l.Size[Overhead])
	num("total_flink", l.TotalFlink)
	num("total_process", l.TotalProcess)
	str("jvm_args", l.JVMArgs())
	if got, want := sortedPairs(l.DynamicConfigsString()), sortedPairs(e["dynamic_configs"].(string)); got != want {
		diffs = append(diffs, "dynamic_configs: got "+got+" want "+want)
	}
	return strings.Join(diffs, "; ")
}

func checkSlot(l *Layout, e map[string]any) string {
	slot, err := l.Slot()
	if se, ok := e["slot_error"].(map[string]any); ok {
		if err == nil {
			return "slot accepted, Flink rejects with " + se["check"].(string)
		}
		if string(err.(*Rejection).Check) != se["check"] {
			return "slot rejected with " + string(err.(*Rejection).Check)
		}
		return ""
	}
	want, ok := e["slot"].(map[string]any)
	if !ok {
		return ""
	}
	if err != nil {
		return "slot rejected: " + err.Error()
	}
	n := func(k string) int64 { v, _ := want[k].(json.Number).Int64(); return v }
	if int64(slot.Slots) != n("slots") || int64(slot.TaskHeap) != n("task_heap") || int64(slot.TaskOffHeap) != n("task_off_heap") ||
		int64(slot.Managed) != n("managed") || int64(slot.Network) != n("network") || slot.CPUCores != want["cpu_cores"] {
		return "slot differs: got " + strings.Join([]string{slot.CPUCores, slot.TaskHeap.FlinkBytes(), slot.Managed.FlinkBytes()}, " ")
	}
	return ""
}

// sortedPairs normalises a "-D k=v -D k=v" string to a sorted set.
func sortedPairs(s string) string {
	parts := strings.Split(strings.TrimSpace(s), "-D ")
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
