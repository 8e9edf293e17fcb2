package memmodel

import (
	"errors"
	"strings"
	"testing"
)

// targetGot measures a target on a layout independently of the solver.
func targetGot(t *testing.T, k TargetKind, l *Layout, cfg Config, uses Uses) int64 {
	t.Helper()
	switch k {
	case TargetTaskHeap:
		return int64(l.Size[TaskHeap])
	case TargetJVMHeap:
		return int64(l.JVMHeap())
	case TargetManaged:
		return int64(l.Size[Managed])
	case TargetManagedPerSlot:
		p, err := l.Slot()
		if err != nil {
			t.Fatalf("slot: %v", err)
		}
		return int64(p.Managed)
	case TargetRocksDBPerSlot:
		uses.RocksDB = true
		b, _, err := RocksDB(l, cfg, uses)
		if err != nil {
			t.Fatalf("rocksdb: %v", err)
		}
		if b.Scope == "taskmanager" {
			return int64(b.Budget) / int64(b.Slots)
		}
		return int64(b.Budget)
	case TargetNetwork:
		return int64(l.Size[Network])
	case TargetNetworkBuffers:
		est, err := NetworkBuffers(Input{Role: l.Role, Line: l.Line, Deployment: l.Deployment, Config: cfg}, l, nil)
		if err != nil {
			t.Fatalf("network buffers: %v", err)
		}
		return est.Available
	case TargetTaskOffHeap:
		return int64(l.Size[TaskOffHeap])
	case TargetMetaspace:
		return int64(l.Size[Metaspace])
	case TargetOffHeap:
		return int64(l.Size[JobManagerOffHeap])
	}
	t.Fatalf("unknown target %v", k)
	return 0
}

// meetsAll resolves cfg and reports whether it meets every target.
func meetsAll(t *testing.T, req SolveRequest, cfg Config) bool {
	t.Helper()
	in := req.Input
	in.Config = cfg
	l, err := Resolve(in)
	if err != nil {
		return false
	}
	if req.Fit > 0 && l.TotalProcess > req.Fit {
		return false
	}
	for _, tg := range req.Targets {
		if targetGot(t, tg.Kind, &l, cfg, req.Uses) < tg.Want {
			return false
		}
	}
	return true
}

// mustSolve solves req, failing the test when it cannot, and checks the
// solution with verifySolution.
func mustSolve(t *testing.T, req SolveRequest) Solution {
	t.Helper()
	sol, err := Solve(req)
	if err != nil {
		t.Fatal(err)
	}
	verifySolution(t, req, sol)
	return sol
}

// verifySolution checks a solution without the solver: it resolves, meets
// every target, and with the searched size (and the totals that move with
// it) one MiB lower it does not.
func verifySolution(t *testing.T, req SolveRequest, sol Solution) {
	t.Helper()
	if !meetsAll(t, req, sol.Input.Config) {
		t.Fatalf("solution %v does not meet %v", sol.Set, req.Targets)
	}
	edited := Fix{Set: sol.Set, Unset: sol.Unset}.Apply(req.Input.Config)
	if !meetsAll(t, req, edited) {
		t.Fatalf("set %v unset %v applied to the request's configuration does not meet the targets", sol.Set, sol.Unset)
	}
	if sol.Searched == "" || req.Maximize != TargetNone {
		return
	}
	lower := Config{}
	for k, v := range sol.Input.Config {
		lower[k] = v
	}
	for _, k := range append([]string{sol.Searched}, sol.MovesWith...) {
		v, err := ParseMemorySize(lower[k])
		if err != nil {
			t.Fatalf("%s=%q: %v", k, lower[k], err)
		}
		lower[k] = (v - MiB).String()
	}
	if v, _ := ParseMemorySize(sol.Input.Config[sol.Searched]); v%MiB != 0 {
		t.Errorf("searched %s=%s is not a whole MiB", sol.Searched, sol.Input.Config[sol.Searched])
	}
	if v, _ := ParseMemorySize(sol.Input.Config[sol.Searched]); v > MiB && meetsAll(t, req, lower) {
		t.Errorf("one MiB less of %s (%v) still meets %v: not minimal", sol.Searched, lower[sol.Searched], req.Targets)
	}
}

func tm(line Line, kv ...string) Input {
	c := Config{}
	for i := 0; i+1 < len(kv); i += 2 {
		c[kv[i]] = kv[i+1]
	}
	return Input{Role: TaskManager, Line: line, Config: c}
}

func TestSolveKnownAnswers(t *testing.T) {
	cases := []struct {
		name string
		req  SolveRequest
		key  string
		want string
	}{
		// 4.5g Flink memory gives 2g task heap; 1/1 STATE_BACKEND share of
		// 0.4 × Flink gives the 1g RocksDB budget.
		{"rocksdb 1 slot", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "1728m"),
			Targets: []Target{{TargetTaskHeap, int64(2 * GiB)}, {TargetRocksDBPerSlot, int64(GiB)}}}, "taskmanager.memory.process.size", "5405m"},
		{"rocksdb 4 slots", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "1728m", "taskmanager.numberOfTaskSlots", "4"),
			Targets: []Target{{TargetTaskHeap, int64(2 * GiB)}, {TargetRocksDBPerSlot, int64(GiB)}}}, "taskmanager.memory.process.size", "11520m"},
		// 1.16: network is capped at 1g, so 9000 buffers need the cap... 9000 × 32k = 281.25m fits under it.
		{"buffers", SolveRequest{Input: tm(Line2_1), Targets: []Target{{TargetNetworkBuffers, 9000}}}, "taskmanager.memory.process.size", "3410m"},
		// 1.16 task-heap path: network is the remainder and must stay ≤ 1g,
		// so only a window of Flink sizes is accepted; its top gives managed.
		{"window", SolveRequest{Input: tm(Line1_16, "taskmanager.memory.flink.size", "4g", "taskmanager.memory.task.heap.size", "1g"),
			Targets: []Target{{TargetManaged, int64(1500 * MiB)}}}, "taskmanager.memory.flink.size", "3750m"},
		// Network min = max with explicit task heap and managed: a single
		// Flink size is accepted, found between "too small" and "too
		// large" refusals.
		{"single accepted size", SolveRequest{Input: tm(Line1_16, "taskmanager.memory.flink.size", "30g", "taskmanager.memory.task.heap.size", "10g",
			"taskmanager.memory.managed.size", "10g", "taskmanager.memory.network.min", "500m", "taskmanager.memory.network.max", "500m"),
			Targets: []Target{{TargetNetwork, int64(400 * MiB)}}}, "taskmanager.memory.flink.size", "21236m"},
		{"fine-grained", SolveRequest{Input: tm(Line2_0, "taskmanager.memory.task.heap.size", "1g", "taskmanager.memory.managed.size", "1g"),
			Targets: []Target{{TargetTaskHeap, int64(3 * GiB)}, {TargetManagedPerSlot, int64(GiB)}}}, "taskmanager.memory.managed.size", "1024m"},
		{"jobmanager", SolveRequest{Input: Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.process.size": "1600m"}},
			Targets: []Target{{TargetJVMHeap, int64(4 * GiB)}, {TargetMetaspace, int64(512 * MiB)}}}, "jobmanager.memory.process.size", "5263m"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sol := mustSolve(t, c.req)
			if got := sol.Input.Config[c.key]; got != c.want {
				t.Errorf("%s = %s, want %s (set %v)", c.key, got, c.want, sol.Set)
			}
			if sol.Below == "" {
				t.Errorf("no reason given for one MiB less")
			}
		})
	}
}

// TestSolveEveryLine solves each target in each derivation mode on every
// line, including configurations at the clamp edges.
func TestSolveEveryLine(t *testing.T) {
	bases := map[string][]string{
		"process":          {"taskmanager.memory.process.size", "1728m"},
		"process-1.6g":     {"taskmanager.memory.process.size", "1600m"}, // overhead at its min
		"process-16g":      {"taskmanager.memory.process.size", "16g"},   // overhead at its max
		"flink":            {"taskmanager.memory.flink.size", "1280m"},
		"flink+process":    {"taskmanager.memory.flink.size", "1280m", "taskmanager.memory.process.size", "1728m"},
		"fine-grained":     {"taskmanager.memory.task.heap.size", "512m", "taskmanager.memory.managed.size", "512m"},
		"network-clamped":  {"taskmanager.memory.process.size", "4g", "taskmanager.memory.network.max", "256m"},
		"network-at-min":   {"taskmanager.memory.process.size", "1g", "taskmanager.memory.network.min", "128m"},
		"legacy-container": {"taskmanager.heap.size", "2g"},
	}
	targets := []Target{
		{TargetTaskHeap, int64(1536 * MiB)}, {TargetJVMHeap, int64(3 * GiB)}, {TargetManaged, int64(2 * GiB)},
		{TargetManagedPerSlot, int64(700 * MiB)}, {TargetRocksDBPerSlot, int64(300 * MiB)}, {TargetNetwork, int64(300 * MiB)},
		{TargetNetworkBuffers, 5000}, {TargetTaskOffHeap, int64(100 * MiB)}, {TargetMetaspace, int64(300 * MiB)},
	}
	solved := 0
	for _, line := range Lines() {
		for name, kv := range bases {
			for _, tg := range targets {
				in := tm(line, kv...)
				in.Deployment = Container
				req := SolveRequest{Input: in, Targets: []Target{tg, {TargetTaskHeap, int64(100 * MiB)}}}
				sol, err := Solve(req)
				var un *Unsolvable
				if errors.As(err, &un) {
					if un.Reason == "" {
						t.Errorf("%s %s %v: empty reason", line, name, tg)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s %s %v: %v", line, name, tg, err)
				}
				verifySolution(t, req, sol)
				solved++
			}
		}
	}
	if solved < 700 {
		t.Errorf("only %d of the cases were solved", solved)
	}
}

// TestSolveJobManagerEveryLine solves the JobManager's targets in its
// three modes on every line that has its memory model.
func TestSolveJobManagerEveryLine(t *testing.T) {
	bases := map[string]Config{
		"process":       {"jobmanager.memory.process.size": "1600m"},
		"flink":         {"jobmanager.memory.flink.size": "1g"},
		"flink+process": {"jobmanager.memory.flink.size": "1g", "jobmanager.memory.process.size": "1600m"},
		"heap":          {"jobmanager.memory.heap.size": "512m"},
		"heap+flink":    {"jobmanager.memory.heap.size": "512m", "jobmanager.memory.flink.size": "1g"},
		"overhead-max":  {"jobmanager.memory.process.size": "20g"},
	}
	targets := []Target{{TargetJVMHeap, int64(3 * GiB)}, {TargetOffHeap, int64(300 * MiB)}, {TargetMetaspace, int64(400 * MiB)}}
	solved := 0
	for _, line := range Lines() {
		if !line.HasJobManagerModel() {
			continue
		}
		for name, cfg := range bases {
			for _, tg := range targets {
				req := SolveRequest{Input: Input{Role: JobManager, Line: line, Config: cfg}, Targets: []Target{tg, {TargetJVMHeap, int64(200 * MiB)}}}
				sol, err := Solve(req)
				if err != nil {
					t.Errorf("%s %s %v: %v", line, name, tg, err)
					continue
				}
				verifySolution(t, req, sol)
				solved++
			}
		}
	}
	t.Logf("%d solved", solved)
}

func TestSolveFit(t *testing.T) {
	in := tm(Line2_1, "taskmanager.memory.process.size", "1728m")
	req := SolveRequest{Input: in, Fit: 8 * GiB, Maximize: TargetManaged}
	sol, err := Solve(req)
	if err != nil {
		t.Fatal(err)
	}
	if sol.Layout.TotalProcess != 8*GiB || sol.MaximizedGot != int64(sol.Layout.Size[Managed]) {
		t.Errorf("process %v, managed %v", sol.Layout.TotalProcess, sol.MaximizedGot)
	}
	// With the fraction free, managed grows until the task heap target
	// binds.
	req = SolveRequest{Input: in, Fit: 8 * GiB, Maximize: TargetManaged, Targets: []Target{{TargetTaskHeap, int64(2 * GiB)}},
		Vary: []string{"taskmanager.memory.managed.fraction"}}
	sol = mustSolve(t, req)
	if sol.Layout.Size[TaskHeap] < 2*GiB || sol.Layout.Size[TaskHeap] > 2*GiB+64*MiB {
		t.Errorf("task heap %v: the fraction should leave just 2 GiB", sol.Layout.Size[TaskHeap].HumanExact())
	}
	// A target on the maximized component itself: the fraction must first
	// reach it, then grows as far as the limit allows.
	req = SolveRequest{Input: in, Fit: 64 * GiB, Maximize: TargetManaged, Targets: []Target{{TargetManaged, int64(GiB)}},
		Vary: []string{"taskmanager.memory.managed.fraction"}}
	sol = mustSolve(t, req)
	if sol.Layout.Size[TaskHeap] > 64*MiB || sol.MaximizedGot < int64(50*GiB) {
		t.Errorf("task heap %v, managed %v: the fraction should take nearly everything", sol.Layout.Size[TaskHeap].HumanExact(), MemorySize(sol.MaximizedGot).Human())
	}
	// A pod limit in Kubernetes units.
	limit, err := ParseLimit("8Gi")
	if err != nil || limit != 8*GiB {
		t.Fatalf("ParseLimit(8Gi) = %v, %v", limit, err)
	}
	if v, _ := ParseLimit("8G"); v != 8_000_000_000 {
		t.Errorf("ParseLimit(8G) = %d, want 8000000000", v)
	}
	if v, _ := ParseLimit("8g"); v != 8*GiB {
		t.Errorf("ParseLimit(8g) = %d", v)
	}
	for _, bad := range []string{"", "0", "-1g", "8 parsecs", "Gi"} {
		if _, err := ParseLimit(bad); err == nil {
			t.Errorf("ParseLimit(%q) accepted", bad)
		}
	}
}

func TestSolveImpossible(t *testing.T) {
	cases := []struct {
		name string
		req  SolveRequest
		want []string
	}{
		{"network capped", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "4g", "taskmanager.memory.network.max", "512m"),
			Targets: []Target{{TargetNetwork, int64(GiB)}}}, []string{"network reaches 512 MiB", "--vary taskmanager.memory.network.max"}},
		{"fit too small for target", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "1728m"), Fit: 2 * GiB,
			Targets: []Target{{TargetTaskHeap, int64(4 * GiB)}}}, []string{"within --fit 2 GiB (2147483648 bytes)", "task-heap reaches 537.6 MiB", "without the limit the targets need a process size of 9.723 GiB"}},
		{"fit below start", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "1728m"), Fit: 100 * MiB,
			Targets: []Target{{TargetTaskHeap, 1}}}, []string{"below what Flink can start with"}},
		{"explicit task heap", SolveRequest{Input: tm(Line1_20, "taskmanager.memory.process.size", "4g", "taskmanager.memory.task.heap.size", "1g"),
			Targets: []Target{{TargetTaskHeap, int64(2 * GiB)}}}, []string{"--vary taskmanager.memory.task.heap.size"}},
		{"unbounded rocksdb", SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "4g", "state.backend.rocksdb.memory.managed", "false"),
			Targets: []Target{{TargetRocksDBPerSlot, int64(GiB)}}}, []string{"does not bound RocksDB"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Solve(c.req)
			var un *Unsolvable
			if !errors.As(err, &un) {
				t.Fatalf("got %v, want an *Unsolvable", err)
			}
			for _, w := range c.want {
				if !strings.Contains(un.Reason, w) {
					t.Errorf("reason %q lacks %q", un.Reason, w)
				}
			}
		})
	}
}

func TestSolveUsage(t *testing.T) {
	in := tm(Line2_1, "taskmanager.memory.process.size", "1728m")
	for _, req := range []SolveRequest{
		{Input: in},
		{Input: in, Targets: []Target{{TargetOffHeap, 1}}},
		{Input: in, Targets: []Target{{TargetTaskHeap, 0}}},
		{Input: in, Targets: []Target{{TargetTaskHeap, 1}}, Vary: []string{"taskmanager.memory.jvm-overhead.min"}},
		{Input: in, Maximize: TargetManaged},
	} {
		if _, err := Solve(req); err == nil || !errors.As(err, new(*UsageError)) {
			t.Errorf("%+v: got %v, want a *UsageError", req.Targets, err)
		}
	}
	for _, bad := range []string{"task-heap", "heap=2g", "task-heap=0", "task-heap=-1g", "network-buffers=1.5", "off-heap=1g"} {
		if _, err := ParseTarget(bad, TaskManager); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
	if tg, err := ParseTarget("network-buffers=9000", TaskManager); err != nil || tg.Want != 9000 {
		t.Errorf("ParseTarget(network-buffers=9000) = %v, %v", tg, err)
	}
}

func FuzzSolve(f *testing.F) {
	f.Add("taskmanager.memory.process.size=1728m", uint8(1), int64(2<<30), uint8(5), int64(1<<30), uint16(0))
	f.Add("taskmanager.memory.flink.size=4g\x00taskmanager.memory.task.heap.size=1g", uint8(3), int64(1500<<20), uint8(0), int64(0), uint16(0))
	f.Add("taskmanager.memory.task.heap.size=1g\x00taskmanager.memory.managed.size=1g\x00taskmanager.numberOfTaskSlots=4", uint8(4), int64(1<<30), uint8(7), int64(3000), uint16(8192))
	f.Fuzz(func(t *testing.T, enc string, k1 uint8, w1 int64, k2 uint8, w2 int64, fit uint16) {
		role := TaskManager
		if k2&0x80 != 0 {
			role = JobManager
		}
		in := Input{Role: role, Line: Line(k1 % uint8(numLines)), Config: decodeConfig(enc)}
		var targets []Target
		for _, p := range [][2]int64{{int64(k1), w1}, {int64(k2), w2}} {
			k := TargetKind(1 + p[0]%int64(numTargetKinds-1))
			if k.AppliesTo(role) && p[1] > 0 && p[1] < int64(TiB) {
				targets = append(targets, Target{k, p[1]})
			}
		}
		if len(targets) == 0 {
			return
		}
		req := SolveRequest{Input: in, Targets: targets, Fit: MemorySize(fit) * MiB}
		if keys := VaryKeys(role); k1&0x40 != 0 {
			req.Vary = []string{keys[int(k2)%len(keys)]}
		}
		if fit > 0 && k1&0x20 != 0 {
			req.Maximize = targets[0].Kind
		}
		sol, err := Solve(req)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if !meetsAll(t, req, sol.Input.Config) {
			t.Fatalf("solution %v does not meet %v", sol.Set, targets)
		}
		if req.Vary == nil && req.Maximize == TargetNone {
			verifySolution(t, req, sol)
		}
	})
}

// BenchmarkSolveTwoTargets solves a typical request: 2 GiB task heap and
// 1 GiB RocksDB per slot, 4 slots, from Flink's shipped configuration.
func BenchmarkSolveTwoTargets(b *testing.B) {
	req := SolveRequest{Input: tm(Line2_1, "taskmanager.memory.process.size", "1728m", "taskmanager.numberOfTaskSlots", "4"),
		Targets: []Target{{TargetTaskHeap, int64(2 * GiB)}, {TargetRocksDBPerSlot, int64(GiB)}}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Solve(req); err != nil {
			b.Fatal(err)
		}
	}
}
