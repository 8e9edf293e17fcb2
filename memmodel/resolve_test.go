package memmodel

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustResolve(t *testing.T, in Input) Layout {
	t.Helper()
	l, err := Resolve(in)
	if err != nil {
		t.Fatalf("Resolve(%v): %v", in.Config, err)
	}
	return l
}

func TestProvenanceDefaultTaskManager(t *testing.T) {
	l := mustResolve(t, Input{Role: TaskManager, Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1728m"}})
	if l.Mode != ModeTotalProcess {
		t.Errorf("mode = %v, want total process", l.Mode)
	}
	o := l.Origin[Overhead]
	if o.Source != SourceFraction || o.Base != BaseTotalProcess || o.BaseSize != 1728*MiB || o.Clamp != ClampMin ||
		o.Unclamped != 181193935 || o.Min != 192*MiB || o.Key != "taskmanager.memory.jvm-overhead.fraction" {
		t.Errorf("overhead provenance = %+v", o)
	}
	m := l.Origin[Managed]
	if m.Source != SourceFraction || m.Base != BaseTotalFlink || m.BaseSize != 1280*MiB || m.Clamp != ClampNone || l.Size[Managed] != 536870920 {
		t.Errorf("managed provenance = %+v, size %d", m, l.Size[Managed])
	}
	if p := l.Origin[TaskHeap]; p.Source != SourceRemainder || p.Total != 1280*MiB || p.Key != "taskmanager.memory.process.size" {
		t.Errorf("task heap provenance = %+v", p)
	}
	if p := l.Origin[FrameworkHeap]; p.Source != SourceDefault || p.Key != "taskmanager.memory.framework.heap.size" {
		t.Errorf("framework heap provenance = %+v", p)
	}
	if p := l.Origin[Metaspace]; p.Source != SourceDefault || l.Size[Metaspace] != 256*MiB {
		t.Errorf("metaspace = %+v %d", p, l.Size[Metaspace])
	}
	ns := l.Notices()
	if len(ns) != 1 || ns[0].Code != NoticeClampedToMin || ns[0].Component != Overhead || ns[0].Size != 181193935 {
		t.Fatalf("notices = %+v, want one overhead clamp", ns)
	}
	if msg := ns[0].Message(); !strings.Contains(msg, "172.8") || !strings.Contains(msg, "192 MiB") {
		t.Errorf("clamp message %q lacks the numbers", msg)
	}
	if got, want := l.JVMArgs(), "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456"; got != want {
		t.Errorf("JVMArgs = %q, want %q", got, want)
	}
}

func TestNotices(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want []NoticeCode
	}{
		{"deprecated managed key", Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.memory.size": "512m"}},
			[]NoticeCode{NoticeDeprecatedKey}},
		{"new key beats deprecated", Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.memory.size": "512m", "taskmanager.memory.managed.size": "256m"}},
			nil},
		{"network capped at 1g before 1.17", Input{Line: Line1_16, Config: Config{"taskmanager.memory.flink.size": "16g"}},
			[]NoticeCode{NoticeClampedToMax, NoticeClampedToMax}},
		{"network uncapped from 1.17", Input{Line: Line1_17, Config: Config{"taskmanager.memory.flink.size": "16g"}},
			[]NoticeCode{NoticeClampedToMax}},
		{"network fraction ignored", Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.memory.task.heap.size": "512m",
			"taskmanager.memory.network.fraction": "0.1"}}, []NoticeCode{NoticeFractionIgnored}},
		{"legacy heap mapped", Input{Line: Line1_20, Config: Config{"taskmanager.heap.size": "1024m"}},
			[]NoticeCode{NoticeLegacyHeapMapped, NoticeClampedToMin}},
		{"legacy heap ignored", Input{Line: Line1_20, Config: Config{"taskmanager.heap.size": "1024m", "taskmanager.memory.flink.size": "2g"}},
			[]NoticeCode{NoticeLegacyHeapIgnored}},
		{"legacy buffers", Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.network.numberOfBuffers": "4096"}},
			[]NoticeCode{NoticeLegacyNetworkBuffers}},
		{"removed key", Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.memory.fraction": "0.7"}},
			[]NoticeCode{NoticeKeyNotRead}},
		{"legacy key on 2.x", Input{Line: Line2_1, Config: Config{"taskmanager.memory.flink.size": "2g", "taskmanager.heap.size": "1g"}},
			[]NoticeCode{NoticeKeyNotRead}},
		{"small JobManager heap", Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.heap.size": "64m"}},
			[]NoticeCode{NoticeJMHeapSmall, NoticeClampedToMin}},
	}
	for _, tt := range tests {
		l, err := Resolve(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var got []NoticeCode
		for _, n := range l.Notices() {
			got = append(got, n.Code)
			if n.Message() == "" {
				t.Errorf("%s: empty message for %s", tt.name, n.Code)
			}
		}
		if strings.Join(codes(got), ",") != strings.Join(codes(tt.want), ",") {
			t.Errorf("%s: notices %v, want %v", tt.name, got, tt.want)
		}
	}
}

func codes(cs []NoticeCode) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}

func TestLegacyHeapMeaning(t *testing.T) {
	cfg := Config{"taskmanager.heap.size": "2g"}
	standalone := mustResolve(t, Input{Line: Line1_20, Config: cfg})
	if standalone.TotalFlink != 2*GiB || standalone.Mode != ModeTotalFlink {
		t.Errorf("standalone: total Flink %d mode %v; want 2 GiB from the legacy key", standalone.TotalFlink, standalone.Mode)
	}
	container := mustResolve(t, Input{Line: Line1_20, Deployment: Container, Config: cfg})
	if container.TotalProcess != 2*GiB || container.Mode != ModeTotalProcess {
		t.Errorf("container: total process %d; want 2 GiB", container.TotalProcess)
	}
	if _, err := Resolve(Input{Line: Line2_0, Config: cfg}); err == nil || err.(*Rejection).Check != CheckNoMemoryConfigured {
		t.Errorf("2.0 must not read taskmanager.heap.size, got %v", err)
	}
	jm := mustResolve(t, Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.heap.mb": "1024"}})
	if jm.Size[JobManagerHeap] != GiB {
		t.Errorf("jobmanager.heap.mb 1024 gave heap %d", jm.Size[JobManagerHeap])
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		in       Input
		check    Check
		keys     []string
		contains []string
	}{
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}},
			CheckDerivedTaskHeapNegative, []string{"taskmanager.memory.process.size", "taskmanager.memory.framework.heap.size"},
			[]string{"1 GiB", "1.55 GiB", "task heap"}},
		{Input{Line: Line1_20, Config: Config{}}, CheckNoMemoryConfigured, []string{"taskmanager.memory.process.size"}, []string{"taskmanager.memory.flink.size"}},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1.5g"}}, CheckSizeUnknownUnit,
			[]string{"taskmanager.memory.process.size"}, []string{"1.5g", "1536m"}},
		{Input{Line: Line1_16, Config: Config{"taskmanager.memory.flink.size": "1g", "taskmanager.network.memory.min": "2g"}},
			CheckNetworkMinGreaterThanMax, []string{"taskmanager.network.memory.min", "taskmanager.memory.network.max"}, []string{"2 GiB"}},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "1g", "taskmanager.memory.managed.fraction": "1"}},
			CheckManagedFractionOutOfRange, []string{"taskmanager.memory.managed.fraction"}, []string{"below 1"}},
		{Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.heap.size": "1g", "jobmanager.memory.flink.size": "512m"}},
			CheckJMHeapExceedsTotalFlink, []string{"jobmanager.memory.heap.size", "jobmanager.memory.flink.size"}, []string{"1 GiB", "512 MiB"}},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.in)
		rej, ok := err.(*Rejection)
		if !ok {
			t.Errorf("%v: got %v, want rejection %s", tt.in.Config, err, tt.check)
			continue
		}
		if rej.Check != tt.check {
			t.Errorf("%v: check %s, want %s", tt.in.Config, rej.Check, tt.check)
		}
		keys := rej.Keys()
		for i, k := range tt.keys {
			if i >= len(keys) || keys[i] != k {
				t.Errorf("%v: keys %v, want prefix %v", tt.in.Config, keys, tt.keys)
				break
			}
		}
		msg := rej.Error()
		for _, s := range tt.contains {
			if !strings.Contains(msg, s) {
				t.Errorf("%v: message %q lacks %q", tt.in.Config, msg, s)
			}
		}
	}
}

func TestOptionsPerLine(t *testing.T) {
	has := func(role Role, line Line, key string) bool {
		for _, o := range Options(role, line) {
			if o.Key == key {
				return true
			}
		}
		return false
	}
	if has(JobManager, Line1_10, "jobmanager.memory.process.size") {
		t.Error("1.10 has no JobManager memory model")
	}
	if !has(JobManager, Line1_11, "jobmanager.memory.process.size") {
		t.Error("1.11 has the JobManager memory model")
	}
	if !has(TaskManager, Line1_20, "taskmanager.heap.size") || has(TaskManager, Line2_0, "taskmanager.heap.size") {
		t.Error("taskmanager.heap.size is read up to 1.20 only")
	}
	if has(TaskManager, Line2_1, "taskmanager.network.numberOfBuffers") {
		t.Error("2.1 does not read taskmanager.network.numberOfBuffers")
	}
	defaults := []struct {
		id   OptionID
		line Line
		want string
	}{
		{TMMetaspace, Line1_10_0, "96m"}, {TMMetaspace, Line1_10, "256m"}, {TMNetworkMax, Line1_16, "1g"},
		{TMNetworkMax, Line1_17, "9223372036854775807b"}, {TMManagedFraction, Line2_1, "0.4"}, {JMOffHeap, Line1_11, "128m"},
		{TMOverheadMin, Line2_0, "192m"}, {TMSegmentSize, Line1_20, "32k"},
	}
	for _, d := range defaults {
		if got, _ := Default(d.id, d.line); got != d.want {
			t.Errorf("Default(%s, %s) = %q, want %q", options[d.id].Key, d.line, got, d.want)
		}
		// The resolver's own defaults agree with the registry.
		if LookupOption(d.id).Type == TypeSize {
			v, err := ParseMemorySize(mustDefault(d.id, d.line))
			if err != nil || v != defaultSize(d.id, d.line) {
				t.Errorf("registry default of %s disagrees with the resolver", options[d.id].Key)
			}
		}
	}
	if o, ok := OptionByKey("taskmanager.network.memory.fraction"); !ok || o.ID != TMNetworkFraction {
		t.Error("deprecated key not found")
	}
	for _, s := range []string{"1.20.1", "2.1", "1.10.0", "1.10.2", "v1.18"} {
		if _, err := ParseLine(s); err != nil {
			t.Errorf("ParseLine(%q): %v", s, err)
		}
	}
	if l, _ := ParseLine("1.10.2"); l != Line1_10 {
		t.Errorf("1.10.2 maps to %s", l)
	}
	for _, s := range []string{"1.9", "3.0", "", "1.2x"} {
		if _, err := ParseLine(s); err == nil {
			t.Errorf("ParseLine(%q) accepted", s)
		}
	}
}

func mustDefault(id OptionID, line Line) string {
	s, _ := Default(id, line)
	return s
}

func TestFixesVerified(t *testing.T) {
	tests := []struct {
		in    Input
		first string
	}{
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}},
			"raise taskmanager.memory.process.size to 3698m"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1.5g"}}, "write taskmanager.memory.process.size as 1536m"},
		{Input{Line: Line1_20, Config: Config{}}, "set taskmanager.memory.process.size to 1728m"},
		{Input{Line: Line1_16, Config: Config{"taskmanager.memory.flink.size": "1g", "taskmanager.memory.network.min": "2g"}},
			"unset taskmanager.memory.network.min (back to the default 64m)"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "300m"}}, "raise taskmanager.memory.process.size to"},
		{Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.heap.size": "1g", "jobmanager.memory.flink.size": "512m"}},
			"raise jobmanager.memory.flink.size to 1024m"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.jvm-overhead.fraction": "1.2"}},
			"set taskmanager.memory.jvm-overhead.fraction to 0.1"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.managed.fraction": "40"}},
			"write taskmanager.memory.managed.fraction as 0.4 (a fraction, not a percentage)"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1728"}},
			"write taskmanager.memory.process.size as 1728m (a number without a unit is bytes)"},
		{Input{Line: Line1_20, Config: Config{"taskmanager.memory.task.heap.size": "1g"}},
			"set taskmanager.memory.managed.size to 512m"},
		{Input{Line: Line2_0, Deployment: Container, Config: Config{"taskmanager.heap.size": "4g"}},
			"unset taskmanager.heap.size, and set taskmanager.memory.process.size to 4g (the legacy value; 2.0 no longer reads the legacy key)"},
		{Input{Role: JobManager, Line: Line2_1, Config: Config{"jobmanager.heap.mb": "2048"}},
			"unset jobmanager.heap.mb, and set jobmanager.memory.heap.size to 2g"},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.in)
		if err == nil {
			t.Fatalf("%v resolves", tt.in.Config)
		}
		fixes := Fixes(tt.in, err)
		if len(fixes) == 0 {
			t.Errorf("%v: no fixes", tt.in.Config)
			continue
		}
		if !strings.HasPrefix(fixes[0].Description, tt.first) {
			t.Errorf("%v: first fix %q, want %q", tt.in.Config, fixes[0].Description, tt.first)
		}
		for _, fx := range fixes {
			in := tt.in
			in.Config = fx.Apply(tt.in.Config)
			if _, err := Resolve(in); err != nil {
				t.Errorf("fix %q does not resolve: %v", fx.Description, err)
			}
		}
	}
	// The worked example of the screen sketch, as Flink 1.20 derives it:
	// fixes that keep a working task heap first, the bare minimum last.
	in := tests[0].in
	_, err := Resolve(in)
	got := Fixes(in, err)
	want := []string{
		"raise taskmanager.memory.process.size to 3698m",
		"unset taskmanager.memory.framework.heap.size (back to the default 128m)",
		"raise taskmanager.memory.process.size to 2845m",
		"lower taskmanager.memory.framework.heap.size to 665m",
		"lower taskmanager.memory.managed.fraction to 0.17",
	}
	if len(got) < len(want) {
		t.Fatalf("fixes %v", got)
	}
	for i, w := range want {
		if got[i].Description != w {
			t.Errorf("fix %d = %q, want %q", i+1, got[i].Description, w)
		}
	}
	if got[0].Result.Size[TaskHeap] < 384*MiB || !strings.HasPrefix(got[0].Note, "keeps") || got[0].BareMinimum {
		t.Errorf("fix 1 must keep the task heap of Flink's default configuration: %q", got[0].Note)
	}
	if !got[2].BareMinimum || !strings.Contains(got[2].Note, "bare minimum") || got[2].Result.Size[TaskHeap] >= MiB {
		t.Errorf("fix 3 must be marked as the bare minimum: %q (%d)", got[2].Note, got[2].Result.Size[TaskHeap])
	}
}

// TestFixesOnConformance offers fixes for every rejected conformance vector
// of the 1.20 line and checks that each resolves.
func TestFixesOnConformance(t *testing.T) {
	files, _ := filepath.Glob("testdata/conformance/flink-1.20/*.jsonl")
	offered, cured := 0, 0
	for _, file := range files {
		for _, v := range loadVectors(t, file) {
			if v.Expect["ok"] == true {
				continue
			}
			in := vectorInput(v, Line1_20)
			_, err := Resolve(in)
			fixes := Fixes(in, err)
			if len(fixes) > 0 {
				cured++
			}
			for _, fx := range fixes {
				offered++
				fixed := in
				fixed.Config = fx.Apply(in.Config)
				if _, err := Resolve(fixed); err != nil {
					t.Errorf("%s: fix %q does not resolve: %v", v.ID, fx.Description, err)
				}
			}
		}
	}
	t.Logf("%d fixes offered, %d rejected vectors cured", offered, cured)
}

// TestPureImports keeps memmodel free of anything but the standard library.
func TestPureImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s; memmodel uses the standard library only", f, path)
			}
		}
	}
}
