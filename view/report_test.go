package view

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

// checkReportGolden compares got with testdata/report/<name>.golden.
func checkReportGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "report", name+".golden"), []byte(got))
}

func mustResolve(t *testing.T, in memmodel.Input) *memmodel.Layout {
	t.Helper()
	l, err := memmodel.Resolve(in)
	if err != nil {
		t.Fatalf("Resolve(%v): %v", in.Config, err)
	}
	return &l
}

var reportCases = []struct {
	name string
	in   memmodel.Input
	opts ReportOptions
}{
	{"tm-default", memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "1"}},
		ReportOptions{Source: "preset default"}},
	{"tm-fine-grained-bytes", memmodel.Input{Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.task.heap.size": "1g",
		"taskmanager.memory.managed.size": "1g", "taskmanager.memory.flink.size": "3g", "taskmanager.numberOfTaskSlots": "4"}},
		ReportOptions{Bytes: true, Notes: []ReportNote{{Code: "duplicate-key", Message: "conf/flink-conf.yaml:7: taskmanager.numberOfTaskSlots is set twice; the later value wins"}}}},
	{"tm-legacy-1.16", memmodel.Input{Line: memmodel.Line1_16, Deployment: memmodel.Container, Config: memmodel.Config{"taskmanager.heap.size": "4g",
		"taskmanager.network.numberOfBuffers": "4096", "taskmanager.memory.size": "1g"}}, ReportOptions{}},
	{"tm-capped-network", memmodel.Input{Line: memmodel.Line1_16, Config: memmodel.Config{"taskmanager.memory.process.size": "32g", "taskmanager.cpu.cores": "3.5"}},
		ReportOptions{}},
	{"jm-default", memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line2_1, Config: memmodel.Config{"jobmanager.memory.process.size": "1600m"}},
		ReportOptions{Source: "file conf/config.yaml"}},
	{"jm-heap-direct", memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line1_20, Config: memmodel.Config{"jobmanager.memory.heap.size": "100m",
		"jobmanager.memory.flink.size": "300m", "jobmanager.memory.enable-jvm-direct-memory-limit": "true"}}, ReportOptions{}},
}

func TestResolveReportGolden(t *testing.T) {
	for _, tt := range reportCases {
		t.Run(tt.name, func(t *testing.T) {
			checkReportGolden(t, "resolve-"+tt.name, ResolveReport(mustResolve(t, tt.in), tt.opts))
		})
	}
}

func TestExplainReportGolden(t *testing.T) {
	for _, tt := range reportCases {
		t.Run(tt.name, func(t *testing.T) {
			checkReportGolden(t, "explain-"+tt.name, ExplainReport(mustResolve(t, tt.in), tt.opts))
		})
	}
}

func TestRejectionReportGolden(t *testing.T) {
	tests := []struct {
		name string
		in   memmodel.Input
	}{
		{"task-heap-negative", memmodel.Input{Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}}},
		{"unknown-unit", memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "12 parsecs"}}},
		{"nothing-configured", memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line2_1, Config: memmodel.Config{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := memmodel.Resolve(tt.in)
			var rej *memmodel.Rejection
			if !errors.As(err, &rej) {
				t.Fatalf("Resolve(%v) = %v; want a rejection", tt.in.Config, err)
			}
			checkReportGolden(t, "reject-"+tt.name, RejectionReport(rej, memmodel.Fixes(tt.in, err)))
		})
	}
}

func TestComponentOrigin(t *testing.T) {
	tm := mustResolve(t, memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"}})
	tests := []struct {
		l    *memmodel.Layout
		c    memmodel.Component
		want string
	}{
		{tm, memmodel.FrameworkHeap, "default"},
		{tm, memmodel.TaskHeap, "the rest of Total Flink 1.25 GiB"},
		{tm, memmodel.Managed, "0.4 × Total Flink 1.25 GiB (taskmanager.memory.managed.fraction)"},
		{tm, memmodel.Network, "0.1 × Total Flink 1.25 GiB, inside [64 MiB, ∞] (taskmanager.memory.network.fraction)"},
		{tm, memmodel.Overhead, "0.1 × Total Process 1.688 GiB = 172.8 MiB, raised to its minimum 192 MiB (taskmanager.memory.jvm-overhead.fraction)"},
	}
	legacy := mustResolve(t, memmodel.Input{Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.flink.size": "1g",
		"taskmanager.network.numberOfBuffers": "1000", "taskmanager.memory.size": "100m"}})
	tests = append(tests,
		struct {
			l    *memmodel.Layout
			c    memmodel.Component
			want string
		}{legacy, memmodel.Network, "legacy taskmanager.network.numberOfBuffers × segment size"},
		struct {
			l    *memmodel.Layout
			c    memmodel.Component
			want string
		}{legacy, memmodel.Managed, "set by taskmanager.memory.size"},
		struct {
			l    *memmodel.Layout
			c    memmodel.Component
			want string
		}{legacy, memmodel.Overhead, "0.1/(1 − 0.1) × Total Flink + metaspace 1.25 GiB = 142.222 MiB, raised to its minimum 192 MiB (taskmanager.memory.jvm-overhead.fraction)"},
	)
	for _, tt := range tests {
		if got := ComponentOrigin(tt.l, tt.c); got != tt.want {
			t.Errorf("ComponentOrigin(%s) = %q; want %q", tt.c, got, tt.want)
		}
	}
}

func TestExplainComponent(t *testing.T) {
	l := mustResolve(t, memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.memory.task.heap.size": "1g"}})
	e := ExplainComponent(l, memmodel.Network)
	if e.Size != l.Size[memmodel.Network] || !strings.HasPrefix(e.Formula, "Total Flink − framework heap − task heap − managed") ||
		!strings.HasSuffix(e.Formula, "= "+l.Size[memmodel.Network].Human()) {
		t.Errorf("network remainder formula = %q", e.Formula)
	}
	if e.Base != "Total Flink "+l.TotalFlink.Human()+", set by taskmanager.memory.process.size" {
		t.Errorf("network base = %q", e.Base)
	}
	if !strings.Contains(e.Clamp, "not clamped") {
		t.Errorf("network clamp = %q; want a remainder that is checked, not clamped", e.Clamp)
	}
	th := ExplainComponent(l, memmodel.TaskHeap)
	if th.Formula != "taskmanager.memory.task.heap.size = 1 GiB" || th.Options != "taskmanager.memory.task.heap.size (used)" || th.Base != "" {
		t.Errorf("explicit task heap explained as %+v", th)
	}
	mapped := mustResolve(t, memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line1_20, Config: memmodel.Config{"jobmanager.heap.size": "2g"}})
	h := ExplainComponent(mapped, memmodel.JobManagerHeap)
	if h.Options != "jobmanager.memory.heap.size, jobmanager.heap.size (used)" {
		t.Errorf("legacy-mapped heap options = %q", h.Options)
	}
}

func TestRejectionLine(t *testing.T) {
	in := memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.numberOfTaskSlots": "0", "taskmanager.cpu.cores": "2"}}
	l := mustResolve(t, in)
	_, err := l.Slot()
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("Slot() = %v; want a rejection", err)
	}
	got := RejectionLine(rej)
	if !strings.HasPrefix(got, "Flink 2.1 would refuse this TaskManager's task slots: ") || !strings.Contains(got, "slots-less-than-one") || strings.Contains(got, "\n") {
		t.Errorf("RejectionLine = %q", got)
	}
	if s := ResolveReport(l, ReportOptions{}); !strings.Contains(s, "Per slot   Flink refuses the slots: ") {
		t.Errorf("resolve report does not show the slot refusal:\n%s", s)
	}
}

func TestFixEdits(t *testing.T) {
	// Removals are in the description already; the edits line holds the
	// -D flags alone, so that no fix repeats itself.
	fx := memmodel.Fix{Set: []memmodel.KeyValue{{Key: "a.b", Value: "1g"}, {Key: "c", Value: ""}}, Unset: []string{"d"}}
	if got, want := FixEdits(fx), "-D a.b=1g  -D c="; got != want {
		t.Errorf("FixEdits = %q; want %q", got, want)
	}
	if got := FixEdits(memmodel.Fix{Unset: []string{"d"}, Description: "unset d"}); got != "" {
		t.Errorf("FixEdits of a removal = %q; want nothing", got)
	}
}
