package memmodel

import (
	"errors"
	"strings"
	"testing"
)

// tm20 and jm20 are a TaskManager and a JobManager on Flink 1.20 with
// the given key, value pairs.
func tm20(kv ...string) Input { return tm(Line1_20, kv...) }

func jm20(kv ...string) Input {
	in := tm(Line1_20, kv...)
	in.Role = JobManager
	return in
}

// stepCases are configurations of every mode, accepted and refused.
var stepCases = []struct {
	name   string
	in     Input
	titles []string
}{
	{"process", tm20("taskmanager.memory.process.size", "1728m"), []string{"start from Total Process", "JVM overhead", "JVM metaspace",
		"Total Flink", "Managed", "Network", "framework heap, framework off-heap, task off-heap", "Task heap"}},
	{"flink", tm20("taskmanager.memory.flink.size", "1280m"), []string{"start from Total Flink", "Managed", "Network",
		"framework heap, framework off-heap, task off-heap", "Task heap", "JVM metaspace", "JVM overhead", "Total Process"}},
	{"fine-grained", tm20("taskmanager.memory.task.heap.size", "512m", "taskmanager.memory.managed.size", "512m"), []string{"Task heap", "Managed",
		"framework heap, framework off-heap, task off-heap", "Network", "Total Flink", "JVM metaspace", "JVM overhead", "Total Process"}},
	{"task-heap-path", tm20("taskmanager.memory.process.size", "4g", "taskmanager.memory.task.heap.size", "1g"), []string{"start from Total Process",
		"JVM overhead", "JVM metaspace", "Total Flink", "framework heap, framework off-heap, task off-heap", "Task heap", "Managed", "Network"}},
	{"flink-and-process", tm20("taskmanager.memory.flink.size", "1280m", "taskmanager.memory.process.size", "1800m"), []string{"start from Total Flink",
		"Managed", "Network", "framework heap, framework off-heap, task off-heap", "Task heap", "JVM metaspace", "JVM overhead", "Total Process"}},
	{"jm-process", jm20("jobmanager.memory.process.size", "1600m"), []string{"start from Total Process", "JVM overhead", "JVM metaspace",
		"Total Flink", "Off-heap", "JVM heap"}},
	{"jm-flink", jm20("jobmanager.memory.flink.size", "1g"), []string{"start from Total Flink", "Off-heap", "JVM heap", "JVM metaspace",
		"JVM overhead", "Total Process"}},
	{"jm-heap", jm20("jobmanager.memory.heap.size", "1g"), []string{"JVM heap", "Off-heap", "Total Flink", "JVM metaspace", "JVM overhead", "Total Process"}},
	{"refused-task-heap", tm20("taskmanager.memory.process.size", "2g", "taskmanager.memory.framework.heap.size", "1g"), []string{"start from Total Process",
		"JVM overhead", "JVM metaspace", "Total Flink", "Managed", "Network", "framework heap, framework off-heap, task off-heap", "Task heap: refused"}},
	{"refused-nothing", tm20(), []string{"refused"}},
	{"refused-metaspace-overhead", tm20("taskmanager.memory.process.size", "300m"), []string{"start from Total Process", "JVM overhead",
		"JVM metaspace", "Total Flink: refused"}},
	{"refused-network-range", tm20("taskmanager.memory.process.size", "1728m", "taskmanager.memory.network.min", "1g", "taskmanager.memory.network.max", "512m"),
		[]string{"start from Total Process", "JVM overhead", "JVM metaspace", "Total Flink", "Managed", "Network: refused"}},
	{"refused-overhead-remainder", tm20("taskmanager.memory.flink.size", "1280m", "taskmanager.memory.process.size", "1600m"), []string{"start from Total Flink",
		"Managed", "Network", "framework heap, framework off-heap, task off-heap", "Task heap", "JVM metaspace", "JVM overhead: refused"}},
	{"refused-unparsable", tm20("taskmanager.memory.process.size", "2g", "taskmanager.memory.managed.fraction", "x"), []string{"start from Total Process",
		"JVM overhead", "JVM metaspace", "Total Flink", "Managed: refused"}},
	{"refused-bad-total", tm20("taskmanager.memory.process.size", "lots"), []string{"start from Total Process: refused"}},
	{"refused-zero-process", tm20("taskmanager.memory.process.size", "0"), []string{"start from Total Process", "JVM overhead", "JVM metaspace",
		"Total Flink: refused"}},
	{"refused-zero-flink", tm20("taskmanager.memory.flink.size", "0"), []string{"start from Total Flink", "Managed", "Network",
		"framework heap, framework off-heap, task off-heap", "Task heap: refused"}},
	{"refused-old-jm", Input{Role: JobManager, Line: Line1_10_0, Config: Config{}}, []string{"refused"}},
	{"refused-slots", tm20("taskmanager.memory.process.size", "2g", "taskmanager.numberOfTaskSlots", "0"), []string{"start from Total Process",
		"JVM overhead", "JVM metaspace", "Total Flink", "Managed", "Network", "framework heap, framework off-heap, task off-heap", "Task heap", "refused"}},
	{"refused-jm", jm20("jobmanager.memory.process.size", "500m"), []string{"start from Total Process", "JVM overhead", "JVM metaspace",
		"Total Flink", "Off-heap", "JVM heap: refused"}},
}

func TestStepsFollowTheMode(t *testing.T) {
	for _, tc := range stepCases {
		t.Run(tc.name, func(t *testing.T) {
			steps := Steps(tc.in)
			var got []string
			for _, s := range steps {
				got = append(got, s.Title)
			}
			if strings.Join(got, " | ") != strings.Join(tc.titles, " | ") {
				t.Fatalf("titles:\n got %q\nwant %q", got, tc.titles)
			}
			for i, s := range steps {
				if s.N != i+1 || s.Of != len(steps) {
					t.Errorf("step %d is numbered %d of %d", i, s.N, s.Of)
				}
				if !strings.HasPrefix(s.Caption(), "Step ") || s.Formula == "" {
					t.Errorf("step %d: caption %q, formula %q", i, s.Caption(), s.Formula)
				}
				if i > 0 && steps[i-1].Shown&^s.Shown != 0 {
					t.Errorf("step %d forgets a component step %d showed", i+1, i)
				}
				if s.Refused != (i == len(steps)-1 && strings.HasPrefix(tc.name, "refused")) {
					t.Errorf("step %d: refused = %v", i+1, s.Refused)
				}
				if !s.Refused && s.Numbers == "" {
					t.Errorf("step %d has no numbers", i+1)
				}
			}
		})
	}
}

// The last step of an accepted configuration knows exactly what Resolve
// derives; a refused one fails with Resolve's check and message.
func TestStepsAgreeWithResolve(t *testing.T) {
	for _, tc := range stepCases {
		steps := Steps(tc.in)
		last := steps[len(steps)-1]
		l, err := Resolve(tc.in)
		if err != nil {
			var rej *Rejection
			if !errors.As(err, &rej) || last.Check != rej.Check || last.Reason != err.Error() {
				t.Errorf("%s: last step check %q reason %q, Resolve %v", tc.name, last.Check, last.Reason, err)
			}
			continue
		}
		if last.Size != l.Size || last.TotalFlink != l.TotalFlink || last.TotalProcess != l.TotalProcess {
			t.Errorf("%s: last step %v / %v / %v, layout %v / %v / %v", tc.name, last.Size, last.TotalFlink, last.TotalProcess,
				l.Size, l.TotalFlink, l.TotalProcess)
		}
		for _, c := range Components(tc.in.Role) {
			if !last.Has(c) {
				t.Errorf("%s: %s never added", tc.name, c)
			}
		}
	}
}

func TestStepNumbers(t *testing.T) {
	steps := Steps(tm20("taskmanager.memory.process.size", "1728m"))
	want := map[int]string{
		0: "Total Process = taskmanager.memory.process.size: 1728m = 1.688 GiB",
		1: "0.1 × 1.688 GiB = 172.8 MiB, raised to its minimum 192 MiB",
		3: "Total Flink = 1.688 GiB − 192 MiB − 256 MiB = 1.25 GiB",
		4: "0.4 × 1.25 GiB = 512 MiB",
		5: "0.1 × 1.25 GiB = 128 MiB, inside [64 MiB, ∞]",
		7: "Total Flink − framework heap − managed − framework off-heap − task off-heap − network = 1.25 GiB − 128 MiB − 512 MiB − 128 MiB − 0 B − 128 MiB = 384 MiB",
	}
	for i, w := range want {
		if steps[i].Numbers != w {
			t.Errorf("step %d numbers\n got %q\nwant %q", i+1, steps[i].Numbers, w)
		}
	}
	l, _ := Resolve(tm20("taskmanager.memory.process.size", "1728m"))
	if s := steps[4]; s.Size[Managed] != l.Size[Managed] || s.Has(TaskHeap) || !s.Has(Overhead) || s.TotalFlink != 1280*MiB {
		t.Errorf("after the managed step: %+v", s)
	}
	inv := Steps(tm20("taskmanager.memory.flink.size", "1280m"))[6]
	if inv.Numbers != "0.1/(1 − 0.1) × 1.5 GiB = 170.667 MiB, raised to its minimum 192 MiB" || !strings.Contains(inv.Formula, "/(1 − ") {
		t.Errorf("inverse overhead: %q / %q", inv.Formula, inv.Numbers)
	}
}

func TestRefusedStepShowsWhatWasReached(t *testing.T) {
	steps := Steps(tm20("taskmanager.memory.process.size", "1728m", "taskmanager.memory.network.min", "1g", "taskmanager.memory.network.max", "512m"))
	last := steps[len(steps)-1]
	if last.Check != CheckNetworkMinGreaterThanMax || last.Has(Network) || !last.Has(Managed) || last.Numbers != "" {
		t.Errorf("refused network step: %+v", last)
	}
	if len(last.Keys) == 0 || last.Keys[0] != "taskmanager.memory.network.min" {
		t.Errorf("keys %q", last.Keys)
	}
	// The remainder is derived before Flink checks its range: it shows.
	steps = Steps(tm20("taskmanager.memory.flink.size", "1280m", "taskmanager.memory.process.size", "1600m"))
	last = steps[len(steps)-1]
	if last.Check != CheckDerivedOverheadOutOfRange || !last.Has(Overhead) || last.Size[Overhead] != 64*MiB {
		t.Errorf("refused overhead step: check %s, overhead %v", last.Check, last.Size[Overhead])
	}
}

func TestStepReading(t *testing.T) {
	steps := Steps(tm20("taskmanager.memory.process.size", "1728m"))
	for key, want := range map[string]int{
		"taskmanager.memory.process.size":        0,
		"taskmanager.memory.jvm-overhead.min":    1,
		"taskmanager.memory.jvm-metaspace.size":  2,
		"taskmanager.memory.managed.fraction":    4,
		"taskmanager.network.memory.fraction":    5, // deprecated key
		"taskmanager.memory.framework.heap.size": 6,
		"taskmanager.memory.task.heap.size":      7,
		"taskmanager.numberOfTaskSlots":          -1,
		"no.such.key":                            -1,
	} {
		if got := StepReading(steps, key, Line1_20); got != want {
			t.Errorf("StepReading(%s) = %d, want %d", key, got, want)
		}
	}
}

// TestStepsOverConformance runs the step-through over every conformance
// vector: it never panics, the last step of an accepted configuration
// holds exactly the layout Resolve derives, every component is added by
// exactly one step, and a refused configuration ends on a refused step
// with Resolve's check.
func TestStepsOverConformance(t *testing.T) {
	n := eachVector(t, func(_ string, v vector, in Input) {
		steps := Steps(in)
		l, err := Resolve(in)
		last := steps[len(steps)-1]
		if err != nil {
			rej, _ := err.(*Rejection)
			if !last.Refused || rej == nil || last.Check != rej.Check {
				t.Fatalf("%s: last step %q refused=%v check %s, Resolve %v", v.ID, last.Title, last.Refused, last.Check, err)
			}
			return
		}
		if last.Refused || last.Size != l.Size || last.TotalFlink != l.TotalFlink || last.TotalProcess != l.TotalProcess {
			t.Fatalf("%s: last step %+v, layout %+v", v.ID, last, l)
		}
		added := map[Component]int{}
		for _, s := range steps {
			for _, c := range s.Adds {
				added[c]++
			}
		}
		for _, c := range Components(in.Role) {
			if added[c] != 1 {
				t.Fatalf("%s: %s added %d times", v.ID, c, added[c])
			}
		}
	})
	if n < 1000 {
		t.Errorf("only %d vectors", n)
	}
}

// BenchmarkSteps measures the step-through of the default TaskManager,
// which the explorer recomputes after every change while stepping.
func BenchmarkSteps(b *testing.B) {
	in := tm20("taskmanager.memory.process.size", "1728m")
	for b.Loop() {
		if len(Steps(in)) != 8 {
			b.Fatal("not 8 steps")
		}
	}
}

// A check Flink makes after the memory is laid out ends the steps on a
// step of its own, worded for the role.
func TestStepsRefusedAfterTheLayout(t *testing.T) {
	last := func(in Input) Step { s := Steps(in); return s[len(s)-1] }
	s := last(tm20("taskmanager.memory.process.size", "2g", "taskmanager.numberOfTaskSlots", "0"))
	if s.Check != CheckCPUCoresNotPositive || !strings.Contains(s.Formula, "slots and CPU cores") || s.Reads == nil {
		t.Errorf("slots: %+v", s)
	}
	s = last(jm20("jobmanager.memory.process.size", "1600m", "jobmanager.memory.enable-jvm-direct-memory-limit", "maybe"))
	if s.Check != CheckBooleanUnparsable || !strings.Contains(s.Formula, "JobManager's remaining options") || s.N != 7 {
		t.Errorf("direct memory limit: %+v", s)
	}
}

// Steps and StepReading take any input without panicking: out-of-range
// enums, empty keys, no steps.
func TestStepsDoNotPanic(t *testing.T) {
	for _, in := range []Input{{Role: Role(7), Line: Line(200), Deployment: Deployment(9)}, {Config: Config{"": ""}},
		{Role: JobManager, Line: Line(250), Config: Config{"jobmanager.memory.heap.size": "-1"}},
		{Config: Config{"taskmanager.memory.process.size": "8 EiB", "taskmanager.memory.managed.fraction": "0.99"}}} {
		steps := Steps(in)
		if len(steps) == 0 {
			t.Errorf("%+v: no steps", in)
		}
		_ = StepReading(steps, "taskmanager.memory.process.size", in.Line)
		for i := range steps {
			_ = steps[i].Caption()
		}
	}
	if StepReading(nil, "", Line(99)) != -1 {
		t.Error("StepReading without steps found one")
	}
}
