package memmodel

import (
	"strings"
	"testing"
)

// TestSolveVectorCauses pins, with the configurations of the conformance
// vectors that showed them, each way the solver once went wrong with a
// vector's own layout as its targets.
func TestSolveVectorCauses(t *testing.T) {
	randomMix := Config{"taskmanager.memory.flink.size": "2688  mB", "taskmanager.memory.jvm-metaspace.size": "7168 mB",
		"taskmanager.heap.size": "1245184KiBiBytes  ", "taskmanager.network.memory.fraction": "0.275"}
	cases := []struct {
		name string
		in   Input
		// want is the searched Flink size.
		want string
	}{
		// A 7 GiB metaspace target with a 2688m Flink size: the metaspace
		// lies outside Flink memory, so it must not bound the Flink size
		// from below (the search started at 7168m and missed 2688m).
		{"metaspace outside flink 1.10", Input{Role: TaskManager, Line: Line1_10_0, Config: randomMix}, "2688m"},
		{"metaspace outside flink 1.16", Input{Role: TaskManager, Line: Line1_16, Config: randomMix}, "2688m"},
		{"metaspace outside flink 2.0 container", Input{Role: TaskManager, Line: Line2_0, Deployment: Container, Config: randomMix}, "2688m"},
		// Flink sizes that are not whole MiB: the answer is the next MiB
		// (the targets sum to the vector's exact size), and the process
		// grows by more than the rounding because the overhead is a
		// fraction of it.
		{"flink size 7 bytes over 1568m", Input{Role: TaskManager, Line: Line1_20, Config: Config{
			"taskmanager.memory.framework.heap.size": "192mb", "taskmanager.memory.framework.off-heap.size": "96Mb",
			"taskmanager.memory.task.off-heap.size": "64m", "taskmanager.memory.managed.size": "960mb",
			"taskmanager.memory.network.min": "268435456 B", "taskmanager.memory.network.max": "262144Kb",
			"taskmanager.memory.flink.size": "1644167175 BYTES"}}, "1569m"},
		{"flink size in bytes", Input{Role: TaskManager, Line: Line1_20, Config: Config{
			"taskmanager.memory.flink.size": "6917514579BYTES", "taskmanager.memory.framework.heap.size": "54594566"}}, "6598m"},
		{"jobmanager flink size in bytes", Input{Role: JobManager, Line: Line2_0, Config: Config{
			"jobmanager.memory.flink.size": "6387509092  bytes", "jobmanager.memory.off-heap.size": "122  KB"}}, "6092m"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := Resolve(c.in)
			if err != nil {
				t.Fatal(err)
			}
			req := SolveRequest{Input: c.in, Targets: propertyTargets(c.in, &l)}
			sol := mustSolve(t, req)
			flinkKey := key(TMFlinkSize)
			if c.in.Role == JobManager {
				flinkKey = key(JMFlinkSize)
			}
			if sol.Searched != flinkKey || sol.Input.Config[flinkKey] != c.want {
				t.Errorf("searched %s, %s = %s; want %s = %s", sol.Searched, flinkKey, sol.Input.Config[flinkKey], flinkKey, c.want)
			}
			if sol.Layout.TotalFlink > roundUpMiB(l.TotalFlink) {
				t.Errorf("Flink size %d, the vector's %d", sol.Layout.TotalFlink, l.TotalFlink)
			}
		})
	}
}

// TestSolveSingleAcceptedSizeWithinFit pins a window of accepted sizes
// one MiB wide under a limit: with the legacy buffer count the network
// remainder must equal 22,528 × 32 KiB, so only a 1728m Flink size is
// accepted, and the 1/16 steps of the scan for the smallest accepted size
// jump from "too small" to "too large" over it (the limit was then
// reported as below what Flink can start with).
func TestSolveSingleAcceptedSizeWithinFit(t *testing.T) {
	in := tm(Line1_16, "taskmanager.memory.task.heap.size", "768MEBIBYTES", "taskmanager.memory.managed.size", " 0t ",
		"taskmanager.memory.flink.size", "1728m", "taskmanager.network.numberOfBuffers", "22528")
	l, err := Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, fit := range []MemorySize{l.TotalProcess, 4 * GiB} {
		req := SolveRequest{Input: in, Targets: []Target{{TargetTaskHeap, int64(512 * MiB)}}, Fit: fit}
		sol := mustSolve(t, req)
		if got := sol.Input.Config[key(TMFlinkSize)]; got != "1728m" || sol.Layout.TotalProcess != l.TotalProcess {
			t.Errorf("fit %d: Flink size %s, process %d; want 1728m, %d", fit, got, sol.Layout.TotalProcess, l.TotalProcess)
		}
	}
	req := SolveRequest{Input: in, Targets: []Target{{TargetTaskHeap, int64(512 * MiB)}}, Fit: l.TotalProcess - 1}
	if _, err := Solve(req); err == nil || !strings.Contains(err.Error(), "below what Flink can start with") {
		t.Errorf("one byte under the only accepted size: got %v, want the limit reported as too small", err)
	}
}
