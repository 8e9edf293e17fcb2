package memmodel

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// vector is one line of the conformance files: a configuration and what
// Flink's own resolver made of it.
type vector struct {
	ID         string            `json:"id"`
	Role       string            `json:"role"`
	Deployment string            `json:"deployment"`
	Config     map[string]string `json:"config"`
	Expect     map[string]any    `json:"expect"`
}

// conformanceLines maps each conformance folder to the line whose code it
// ran.
var conformanceLines = map[string]Line{
	"flink-1.10.0": Line1_10_0,
	"flink-1.16":   Line1_16,
	"flink-1.20":   Line1_20,
	"flink-2.0":    Line2_0,
}

func loadVectors(t testing.TB, path string) []vector {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v vector
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
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

func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/flink-*/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors found: %v", err)
	}
	total := 0
	for _, file := range files {
		line, ok := conformanceLines[filepath.Base(filepath.Dir(file))]
		if !ok {
			t.Fatalf("unknown conformance folder for %s", file)
		}
		vectors := loadVectors(t, file)
		failed := 0
		for _, v := range vectors {
			if msg := checkVector(v, line); msg != "" {
				failed++
				if failed <= 15 {
					t.Errorf("%s %s: %s\n  config: %v", file, v.ID, msg, v.Config)
				}
			}
		}
		if failed > 15 {
			t.Errorf("%s: %d more failures", file, failed-15)
		}
		t.Logf("%s: checked %d vectors, %d failed", file, len(vectors), failed)
		total += len(vectors)
	}
	t.Logf("checked %d vectors in all", total)
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
