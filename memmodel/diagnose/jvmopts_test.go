package diagnose

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func resolveT(t *testing.T, in memmodel.Input) memmodel.Layout {
	t.Helper()
	l, err := memmodel.Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func noteCodes(r JVMReport) []string {
	var c []string
	for _, n := range r.Notes {
		c = append(c, n.Code+":"+n.Word)
	}
	return c
}

func TestAnalyzeJVMOverrides(t *testing.T) {
	in := tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m",
		"env.java.opts.taskmanager": "-Xmx8g -XX:MaxDirectMemorySize=1g -XX:MaxRAMPercentage=75 -XX:+UseG1GC -Xmn512m -Xss2m"})
	l := resolveT(t, in)
	r := AnalyzeJVM(in, &l, "", false)
	got := strings.Join(noteCodes(r), " ")
	want := "memory-flag-override:-Xmx8g memory-flag-override:-XX:MaxDirectMemorySize=1g ram-percentage-ignored:-XX:MaxRAMPercentage=75 young-gen-with-g1:-Xmn512m thread-stack:-Xss2m"
	if got != want {
		t.Fatalf("notes = %s\nwant    %s", got, want)
	}
	if !strings.Contains(r.Notes[0].Message, "overrides Flink's -Xmx536870902") || !strings.Contains(r.Notes[0].Message, "taskmanager.memory.task.heap.size") {
		t.Errorf("heap note: %s", r.Notes[0].Message)
	}
	if !strings.Contains(r.Notes[1].Message, "-XX:MaxDirectMemorySize=268435458") {
		t.Errorf("direct note: %s", r.Notes[1].Message)
	}
	if r.Collector != "G1" || !strings.Contains(r.Why, "env.java.opts.taskmanager") {
		t.Errorf("collector %q (%s)", r.Collector, r.Why)
	}
	if r.StackSize != 2*memmodel.MiB {
		t.Errorf("stack = %v", r.StackSize)
	}
	wantCmd := "java -Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456 -XX:+IgnoreUnrecognizedVMOptions -Xmx8g -XX:MaxDirectMemorySize=1g"
	if !strings.HasPrefix(r.Command, wantCmd) || !strings.Contains(r.Command, "TaskManagerRunner --configDir <conf> -D external-resources=none") {
		t.Errorf("command = %s", r.Command)
	}
}

func TestAnalyzeJVMCollector(t *testing.T) {
	cases := []struct {
		line memmodel.Line
		dep  memmodel.Deployment
		cfg  memmodel.Config
		want string
	}{
		{memmodel.Line1_17, memmodel.Standalone, memmodel.Config{}, "G1"},
		{memmodel.Line1_17, memmodel.Standalone, memmodel.Config{"env.java.opts": "-Dfoo=1"}, "G1 or Serial (the JVM decides)"},
		{memmodel.Line1_18, memmodel.Standalone, memmodel.Config{}, "G1 or Serial (the JVM decides)"},
		{memmodel.Line1_20, memmodel.Container, memmodel.Config{}, "Serial (where the JVM sees the container's limit)"},
		{memmodel.Line1_20, memmodel.Container, memmodel.Config{"taskmanager.memory.process.size": "4g"}, "G1 or Serial (the JVM decides)"},
		{memmodel.Line1_20, memmodel.Container, memmodel.Config{"env.java.opts.all": "-XX:+UseParallelGC"}, "Parallel"},
	}
	for _, c := range cases {
		cfg := memmodel.Config{"taskmanager.memory.process.size": "1728m"}
		for k, v := range c.cfg {
			cfg[k] = v
		}
		in := memmodel.Input{Role: memmodel.TaskManager, Line: c.line, Deployment: c.dep, Config: cfg}
		l := resolveT(t, in)
		if r := AnalyzeJVM(in, &l, "", false); r.Collector != c.want {
			t.Errorf("%v %v %v: collector %q, want %q (%s)", c.line, c.dep, c.cfg, r.Collector, c.want, r.Why)
		}
	}
}

func TestAnalyzeJVMEnvironmentReplacesConfig(t *testing.T) {
	in := tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m", "env.java.opts.all": "-XX:+UseZGC"})
	l := resolveT(t, in)
	r := AnalyzeJVM(in, &l, "-XX:MaxMetaspaceSize=512m", true)
	got := strings.Join(noteCodes(r), " ")
	if got != "env-replaces-config: memory-flag-override:-XX:MaxMetaspaceSize=512m" {
		t.Fatalf("notes = %s", got)
	}
	if strings.Contains(r.Command, "IgnoreUnrecognizedVMOptions") || strings.Contains(r.Command, "UseZGC") {
		t.Errorf("command = %s", r.Command)
	}
}

func TestExplainNumber(t *testing.T) {
	l := resolveT(t, tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m"}))
	r := ExplainNumber(&l, 268435458)
	if len(r.Matches) == 0 || r.Matches[0].Name != "-XX:MaxDirectMemorySize" {
		t.Fatalf("268435458: %+v", r)
	}
	r = ExplainNumber(&l, 1811939328)
	if len(r.Matches) == 0 || r.Matches[0].Name != "total process memory" {
		t.Fatalf("1811939328: %+v", r)
	}
	r = ExplainNumber(&l, 268435456)
	if len(r.Matches) == 0 || r.Matches[0].Name != "-XX:MaxMetaspaceSize" {
		t.Fatalf("268435456: %+v", r)
	}
	r = ExplainNumber(&l, 12345)
	if len(r.Matches) != 0 || len(r.Nearest) == 0 {
		t.Fatalf("12345: %+v", r)
	}
	for _, s := range []string{"-XX:MaxDirectMemorySize=268435458", "268435458", "256m"} {
		if n, _, err := ParseNumber(s); err != nil || (n != 268435458 && n != 256*memmodel.MiB) {
			t.Errorf("ParseNumber(%q) = %v, %v", s, n, err)
		}
	}
	for _, s := range []string{"", "-5", "99999999999999999999", "abc"} {
		if _, _, err := ParseNumber(s); err == nil {
			t.Errorf("ParseNumber(%q) accepted", s)
		}
	}
}

func TestNativeEstimate(t *testing.T) {
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Deployment: memmodel.Container,
		Config: memmodel.Config{"taskmanager.memory.process.size": "1728m", "state.backend.type": "rocksdb", "state.backend.rocksdb.memory.managed": "false"}}
	l := resolveT(t, in)
	b := NativeEstimate(in, &l, nil)
	if b.Overhead != 192*memmodel.MiB || !b.Unbounded || len(b.Items) != 6 || b.Items[5].What != "RocksDB outside managed memory" {
		t.Fatalf("budget: %+v", b)
	}
	// 175 threads × 1 MiB / 8 + 48 + 512 MiB/20 rounded + 24 + 16
	if want := memmodel.MemorySize(175*memmodel.MiB/8) + 48*memmodel.MiB + 26*memmodel.MiB + 24*memmodel.MiB + 16*memmodel.MiB; b.Typical != want {
		t.Errorf("typical = %v, want %v", b.Typical, want)
	}
	if !strings.Contains(b.Verdict, "not the worst case") {
		t.Errorf("verdict: %s", b.Verdict)
	}
}
