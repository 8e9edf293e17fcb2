package view

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
)

// stepModes are one configuration per derivation mode, and a refusal.
var stepModes = []struct {
	name string
	in   memmodel.Input
}{
	{"tm-process", memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"}}},
	{"tm-flink", memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.flink.size": "1280m"}}},
	{"tm-fine-grained", memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{
		"taskmanager.memory.task.heap.size": "512m", "taskmanager.memory.managed.size": "512m"}}},
	{"jm-process", memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line1_20, Config: memmodel.Config{"jobmanager.memory.process.size": "1600m"}}},
	{"refused", memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{
		"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}}},
}

func TestStepsTextGolden(t *testing.T) {
	for _, m := range stepModes {
		for _, w := range []int{80, 140} {
			got := StepsText(Outcome{Outcome: memmodel.Examine(m.in, memmodel.Uses{}, nil)}, StaticOptions{Width: w})
			checkReportGolden(t, "steps-"+m.name+"-"+strconv.Itoa(w), got)
			for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				if width(line) > w {
					t.Errorf("%s at %d: line %d is %d cells wide: %q", m.name, w, i+1, width(line), line)
				}
			}
		}
	}
}

// The bar of a step highlights what the step adds, keeps what came before
// and leaves the rest open.
func TestStepBar(t *testing.T) {
	st := StaticStyles(false, false)
	g := st.Glyphs
	steps := memmodel.Steps(stepModes[0].in)
	bar, rule := StepBar(steps, 0, memmodel.TaskManager, 80, st)
	if bar != strings.Repeat(g.Unset, 80) || !strings.Contains(rule, "Total Process 1.688 GiB") {
		t.Errorf("step 1:\n%s\n%s", bar, rule)
	}
	bar, _ = StepBar(steps, 4, memmodel.TaskManager, 80, st)
	for _, want := range []string{g.Fill[memmodel.Managed], g.Fill[memmodel.Metaspace], g.Fill[memmodel.Overhead], g.Unset} {
		if !strings.Contains(bar, want) {
			t.Errorf("managed step bar lacks %q: %s", want, bar)
		}
	}
	if strings.Contains(bar, g.Fill[memmodel.Network]) || strings.Contains(bar, g.Fill[memmodel.TaskHeap]) {
		t.Errorf("managed step shows what is not derived yet: %s", bar)
	}
	last := memmodel.Steps(stepModes[4].in)
	_, rule = StepBar(last, len(last)-1, memmodel.TaskManager, 80, st)
	if !strings.Contains(rule, "derived-task-heap-negative") {
		t.Errorf("refused step ruler: %q", rule)
	}
	// Colour: the added segment in its colour, the earlier ones dimmed.
	cst := StaticStyles(true, false)
	bar, _ = StepBar(steps, 4, memmodel.TaskManager, 80, cst)
	if !strings.Contains(bar, cst.pt.segment[memmodel.Managed].on(g.Solid)[:len(cst.pt.segment[memmodel.Managed].pre)]) ||
		!strings.Contains(bar, cst.pt.dim.pre+g.Fill[memmodel.Overhead]) {
		t.Errorf("colour bar: %q", bar)
	}
	if w := width(ansi.Strip(bar)); w != 80 {
		t.Errorf("colour bar is %d cells", w)
	}
	if bar, rule := StepBar(nil, 0, memmodel.TaskManager, 10, st); bar != strings.Repeat(" ", 10) || rule != bar {
		t.Errorf("no steps: %q %q", bar, rule)
	}
}

// A step words its numbers as `flinkmem explain` does: the explanation's
// formula of every component it adds, and its clamp; checked over every
// mode and a few more configurations.
func TestStepNumbersAreExplainWording(t *testing.T) {
	inputs := []memmodel.Input{}
	for _, m := range stepModes {
		inputs = append(inputs, m.in)
	}
	for _, cfg := range []memmodel.Config{
		{"taskmanager.memory.process.size": "64g", "taskmanager.memory.managed.size": "0"},
		{"taskmanager.memory.flink.size": "1280m", "taskmanager.memory.process.size": "1800m"},
		{"taskmanager.memory.process.size": "4g", "taskmanager.memory.task.heap.size": "1g"},
		{"taskmanager.memory.process.size": "1728m", "taskmanager.network.numberOfBuffers": "4096"},
	} {
		inputs = append(inputs, memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: cfg})
	}
	inputs = append(inputs, memmodel.Input{Role: memmodel.JobManager, Line: memmodel.Line1_20, Config: memmodel.Config{"jobmanager.memory.heap.size": "1g", "jobmanager.memory.flink.size": "2g"}})
	for _, in := range inputs {
		l, err := memmodel.Resolve(in)
		if err != nil {
			continue
		}
		for _, s := range memmodel.Steps(in) {
			for _, c := range s.Adds {
				e := ExplainComponent(&l, c)
				if !strings.Contains(s.Numbers, e.Formula) {
					t.Errorf("%v, %s: step says %q, explain %q", in.Config, c, s.Numbers, e.Formula)
				}
				if strings.HasPrefix(e.Clamp, "raised") || strings.HasPrefix(e.Clamp, "capped") {
					if !strings.Contains(s.Numbers, e.Formula+", "+e.Clamp) {
						t.Errorf("%v, %s: step says %q, explain's clamp %q", in.Config, c, s.Numbers, e.Clamp)
					}
				}
			}
		}
	}
}
