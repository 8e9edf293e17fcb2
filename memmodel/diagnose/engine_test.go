package diagnose

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func tmInput(cfg memmodel.Config) memmodel.Input {
	return memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: cfg}
}

// defaultInput is Flink's shipped TaskManager configuration.
type defaultInput struct{}

func (defaultInput) Input() memmodel.Input {
	return tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m"})
}

func defaultTM() defaultInput { return defaultInput{} }

func diagnoseText(t *testing.T, in memmodel.Input, text string) Report {
	t.Helper()
	ev, err := Scan(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return Diagnose(in, ev.Hits)
}

func wording(t *testing.T, name string) string {
	for _, w := range wordings {
		if w.name == name {
			return w.line
		}
	}
	t.Fatalf("no wording %q", name)
	return ""
}

// verifyFixes resolves every fix again and checks that the component
// reaches the target.
func verifyFixes(t *testing.T, in memmodel.Input, f Finding, c memmodel.Component, target memmodel.MemorySize) {
	t.Helper()
	if len(f.Fixes) == 0 {
		t.Fatalf("%s: no fixes", f.Symptom)
	}
	for _, fx := range f.Fixes {
		in2 := in
		in2.Config = fx.Apply(in.Config)
		l, err := memmodel.Resolve(in2)
		if err != nil {
			t.Fatalf("fix %q refused: %v", fx.Description, err)
		}
		if l.Size[c] < target {
			t.Errorf("fix %q gives %s %d, want at least %d", fx.Description, c, l.Size[c], target)
		}
		if !memmodel.SameSizes(&l, &fx.Result) || fx.Cost == "" {
			t.Errorf("fix %q: result or cost not recorded", fx.Description)
		}
	}
}

func TestDiagnoseDirectNeeded(t *testing.T) {
	in := defaultTM().Input()
	rep := diagnoseText(t, in, wording(t, "direct jdk17 reserve"))
	f := rep.Findings[0]
	if f.Symptom != DirectOOM || f.Limit.Flag != "-XX:MaxDirectMemorySize" || f.Limit.Bytes != 268435458 || len(f.Limit.Parts) != 3 {
		t.Fatalf("finding: %+v", f)
	}
	if f.NeededBytes != 268435000+1048576-268435458 {
		t.Fatalf("needed = %d", f.NeededBytes)
	}
	verifyFixes(t, in, f, memmodel.TaskOffHeap, minDirectStep)
	if f.Fixes[0].Description != "set taskmanager.memory.task.off-heap.size: 64m, taskmanager.memory.process.size: 1857m" {
		t.Errorf("first fix: %s", f.Fixes[0].Description)
	}
	// The first fix grows the process so that nothing else shrinks; the
	// second keeps the size, and the task heap pays.
	base := resolveT(t, in)
	for _, c := range memmodel.Components(memmodel.TaskManager) {
		if r := f.Fixes[0].Result; r.Size[c] < base.Size[c] {
			t.Errorf("first fix shrinks %s", c)
		}
	}
	if r := f.Fixes[1].Result; r.TotalProcess != base.TotalProcess || r.Size[memmodel.TaskHeap] != base.Size[memmodel.TaskHeap]-64*memmodel.MiB {
		t.Errorf("second fix: %+v", r.Size)
	}
	if !strings.Contains(f.Observations[0], "equals this configuration's -XX:MaxDirectMemorySize") {
		t.Errorf("observation: %v", f.Observations)
	}
	// The same message against another configuration says so.
	rep = diagnoseText(t, tmInput(memmodel.Config{"taskmanager.memory.process.size": "4g"}), wording(t, "direct jdk17 reserve"))
	if !strings.Contains(rep.Findings[0].Observations[0], "is not this configuration's") {
		t.Errorf("mismatch not reported: %v", rep.Findings[0].Observations)
	}
}

func TestDiagnoseNetworkBuffersNeeded(t *testing.T) {
	in := defaultTM().Input()
	rep := diagnoseText(t, in, wording(t, "network buffers 1.x keys"))
	f := rep.Findings[0]
	if f.NeededBuffers != 4096+65-32 || f.NeededBytes != 33*32768 {
		t.Fatalf("needed %d buffers, %d bytes", f.NeededBuffers, f.NeededBytes)
	}
	verifyFixes(t, in, f, memmodel.Network, memmodel.MemorySize(f.NeededBuffers)*32768)
	for _, fx := range f.Fixes {
		if got := int64(fx.Result.Size[memmodel.Network]) / 32768; got < f.NeededBuffers {
			t.Errorf("fix %q leaves %d buffers", fx.Description, got)
		}
	}
}

func TestDiagnoseManagedAndContainer(t *testing.T) {
	in := tmInput(memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.numberOfTaskSlots": "4"})
	l := resolveT(t, in)
	rep := diagnoseText(t, in, wording(t, "managed bytes"))
	f := rep.Findings[0]
	if f.NeededBytes != 4*128*memmodel.MiB {
		t.Fatalf("managed needed = %v", f.NeededBytes)
	}
	verifyFixes(t, in, f, memmodel.Managed, l.Size[memmodel.Managed]+f.NeededBytes)

	rep = diagnoseText(t, in, wording(t, "yarn hadoop3"))
	f = rep.Findings[0]
	if f.Symptom != ContainerKilled || f.NeededBytes != 183812096 || f.Limit.Bytes != l.TotalProcess || len(f.Limit.Parts) != 8 {
		t.Fatalf("container: %+v", f)
	}
	verifyFixes(t, in, f, memmodel.Overhead, l.Size[memmodel.Overhead]+183812096)
}

func TestDiagnoseRoles(t *testing.T) {
	jm := memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line1_20, Config: memmodel.Config{
		"jobmanager.memory.process.size": "1600m", "taskmanager.memory.process.size": "1728m"}}
	rep := diagnoseText(t, jm, wording(t, "heap enriched jm"))
	f := rep.Findings[0]
	if f.Role != memmodel.JobManager || !f.RoleFromEvidence || f.Limit.Parts[0].Component != memmodel.JobManagerHeap || len(rep.Notices) != 0 {
		t.Fatalf("jm heap: %+v %v", f, rep.Notices)
	}
	verifyFixes(t, jm, f, memmodel.JobManagerHeap, f.Limit.Bytes+step(f.Limit.Bytes))
	// A TaskManager message read with --jobmanager switches role, and says so.
	rep = diagnoseText(t, jm, wording(t, "direct enriched tm"))
	if rep.Findings[0].Role != memmodel.TaskManager || len(rep.Notices) != 1 {
		t.Fatalf("tm evidence under jm: %+v %v", rep.Findings[0], rep.Notices)
	}
	// JobManager direct memory without the limit: no fix, an explanation.
	rep = diagnoseText(t, jm, wording(t, "direct enriched jm"))
	if rep.Findings[0].Limit != nil || len(rep.Findings[0].Fixes) != 0 || !strings.Contains(rep.Findings[0].Observations[0], "enable-jvm-direct-memory-limit") {
		t.Fatalf("jm direct: %+v", rep.Findings[0])
	}
}

func TestDiagnoseRefusal(t *testing.T) {
	bad := tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.fraction": "1.5"})
	msg := `org.apache.flink.configuration.IllegalConfigurationException: TaskManager memory configuration failed: Inconsistently configured Key: 'taskmanager.memory.managed.fraction' , default: 0.4 (fallback keys: []) (1.5) and its min (0 bytes), max (8388607.999tb (9223372036854775807 bytes)) value`
	rep := diagnoseText(t, bad, msg)
	if len(rep.Findings) != 1 || !rep.Recognised() {
		t.Fatalf("findings: %+v", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Check != memmodel.CheckManagedFractionOutOfRange || f.Refusal == "" || len(f.Fixes) == 0 {
		t.Fatalf("refusal: %+v", f)
	}
	// The same message against a configuration that resolves.
	rep = diagnoseText(t, defaultTM().Input(), msg)
	if f := rep.Findings[0]; f.Check != memmodel.CheckManagedFractionOutOfRange || f.Refusal != "" || !strings.Contains(f.Observations[0], "resolves") {
		t.Fatalf("resolving config: %+v", f)
	}
	// Another symptom against a refused configuration gets the refusal too,
	// which alone does not count as recognised evidence.
	rep = diagnoseText(t, bad, "java.lang.OutOfMemoryError: Metaspace")
	if len(rep.Findings) != 2 || rep.Findings[1].FromEvidence || rep.Findings[1].Check != memmodel.CheckManagedFractionOutOfRange || !rep.Recognised() {
		t.Fatalf("refused config: %+v", rep.Findings)
	}
	rep = diagnoseText(t, bad, "nothing to see here")
	if rep.Recognised() || len(rep.Findings) != 1 {
		t.Fatalf("no evidence: %+v", rep.Findings)
	}
}

func TestDiagnoseOrderAndCount(t *testing.T) {
	text := wording(t, "heap plain") + "\n" + wording(t, "segments MB") + "\n" + wording(t, "heap plain") + "\n"
	rep := diagnoseText(t, defaultTM().Input(), text)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f.Symptom)+"×"+itoa(int64(f.Count)))
	}
	if strings.Join(got, " ") != "network-segments×1 direct-oom×1 heap-oom×2" {
		t.Fatalf("order: %v", got)
	}
}

func TestDiagnoseOverriddenFlag(t *testing.T) {
	in := tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m", "env.java.opts.all": "-XX:MaxDirectMemorySize=64m"})
	rep := diagnoseText(t, in, wording(t, "direct plain jdk8"))
	if obs := strings.Join(rep.Findings[0].Observations, "|"); !strings.Contains(obs, "env.java.opts.all sets -XX:MaxDirectMemorySize=64m, which replaces Flink's -XX:MaxDirectMemorySize 268435458") {
		t.Fatalf("override not reported: %s", obs)
	}
}
