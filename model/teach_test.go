package model

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view/golden"
)

func TestStepThroughKeys(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "s")
	if m.active != panelSteps || m.stepper.index != 0 || len(m.stepper.steps) != 8 {
		t.Fatalf("s: panel %d, step %d of %d", m.active, m.stepper.index, len(m.stepper.steps))
	}
	if !strings.Contains(m.View(), "Step 1 of 8: start from Total Process") {
		t.Errorf("step 1 not on screen:\n%s", m.View())
	}
	for _, tc := range []struct {
		key  string
		want int
	}{{"right", 1}, {" ", 2}, {"right", 3}, {"left", 2}, {"backspace", 1}, {"backspace", 0}, {"left", 0}} {
		m = press(t, m, tc.key)
		if m.stepper.index != tc.want {
			t.Errorf("%q: step %d, want %d", tc.key, m.stepper.index+1, tc.want+1)
		}
	}
	m = press(t, m, "right", "right", "right", "right", "right", "right", "right", "right")
	if m.stepper.index != 7 || !strings.Contains(m.Status(), "last step") {
		t.Errorf("past the end: step %d, status %q", m.stepper.index+1, m.Status())
	}
	if !strings.Contains(m.View(), "Step 8 of 8: Task heap") {
		t.Errorf("step 8 not on screen")
	}
	// Backspace steps back here; it does not unset the selected option.
	cfg := len(m.in.Config)
	m = press(t, m, "backspace")
	if len(m.in.Config) != cfg || m.stepper.index != 6 {
		t.Errorf("backspace changed the configuration or did not step back")
	}
	m = press(t, m, "esc")
	if m.active != panelMain {
		t.Errorf("esc left panel %d open", m.active)
	}
	m = press(t, m, "s", "right", "s")
	if m.active != panelMain {
		t.Errorf("s does not leave the step-through")
	}
}

// A change while stepping restarts from the first step that reads the
// changed option; a change to a later step keeps the current one.
func TestStepThroughRestartsOnEdit(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "s", "right", "right", "right", "right", "right", "right") // step 7: fixed parts
	if !m.selectOption(memmodel.TMManagedFraction) {
		t.Fatal("managed fraction is not in the pane")
	}
	before := m.stepper.steps[4].Size[memmodel.Managed]
	m = press(t, m, "+")
	if m.in.Config["taskmanager.memory.managed.fraction"] != "0.45" {
		t.Fatalf("+ set the fraction to %q", m.in.Config["taskmanager.memory.managed.fraction"])
	}
	if m.stepper.index != 4 || m.stepper.steps[4].Size[memmodel.Managed] <= before || !strings.Contains(m.Status(), "restarts the derivation at step 5") {
		t.Errorf("after +: step %d, managed %v (was %v), status %q", m.stepper.index+1, m.stepper.steps[4].Size[memmodel.Managed], before, m.Status())
	}
	m = press(t, m, "left", "left", "left") // step 2: JVM overhead
	m = press(t, m, "+")
	if m.stepper.index != 1 {
		t.Errorf("a change to a later step moved the step-through to step %d", m.stepper.index+1)
	}
	m = press(t, m, "u")
	if m.stepper.index != 0 || m.in.Config["taskmanager.memory.managed.fraction"] != "0.45" {
		t.Errorf("undo: step %d, fraction %q", m.stepper.index+1, m.in.Config["taskmanager.memory.managed.fraction"])
	}
	// enter edits in the text field and comes back to the step-through,
	// restarted at the step the option feeds; delete unsets.
	m = press(t, m, "right", "right", "right", "right", "right", "right", "right")
	m.selectOption(memmodel.TMManagedFraction)
	m = press(t, m, "enter", "ctrl+u", "0", ".", "3", "enter")
	if m.active != panelSteps || m.stepper.index != 4 || m.in.Config["taskmanager.memory.managed.fraction"] != "0.3" {
		t.Errorf("edit: panel %d, step %d, fraction %q", m.active, m.stepper.index+1, m.in.Config["taskmanager.memory.managed.fraction"])
	}
	m = press(t, m, "right", "right", "enter", "esc")
	if m.active != panelSteps || m.stepper.index != 6 {
		t.Errorf("cancelled edit: panel %d, step %d", m.active, m.stepper.index+1)
	}
	m = press(t, m, "delete")
	if _, set := m.in.Config["taskmanager.memory.managed.fraction"]; set || m.stepper.index != 4 {
		t.Errorf("delete: fraction still set (%v) or step %d", set, m.stepper.index+1)
	}
	m = press(t, m, "esc", "enter", "esc")
	if m.active != panelMain {
		t.Errorf("an edit from the main screen returned to panel %d", m.active)
	}
}

func TestLessonPanelKeys(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "L")
	if m.active != panelLesson || !strings.Contains(m.View(), "Lesson 1 of 30: default") || !strings.Contains(m.View(), "Ask ") {
		t.Fatalf("L: panel %d\n%s", m.active, m.View())
	}
	m = press(t, m, "L")
	if m.active != panelMain {
		t.Errorf("L does not fold the lesson away")
	}
	m = press(t, m, "L", "esc")
	if m.active != panelMain {
		t.Errorf("esc does not fold the lesson away")
	}
	m.preset = ""
	m = press(t, m, "L")
	if m.active != panelMain || !strings.Contains(m.Status(), "no preset is loaded") {
		t.Errorf("L without a preset: panel %d, status %q", m.active, m.Status())
	}
}

func TestCourseKeys(t *testing.T) {
	course, err := presets.Course()
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "n")
	if m.preset != course[1].Name || m.in.Config[tmProcess] != "4096m" || !strings.Contains(m.Status(), "lesson 2 of 30") {
		t.Errorf("n: preset %q, process %q, status %q", m.preset, m.in.Config[tmProcess], m.Status())
	}
	m = press(t, m, "N")
	if m.preset != "default" {
		t.Errorf("N: preset %q", m.preset)
	}
	m = press(t, m, "N")
	if m.preset != "default" || !strings.Contains(m.Status(), "first preset") {
		t.Errorf("N at the start: preset %q, status %q", m.preset, m.Status())
	}
	// In the lesson panel n moves on and keeps the lesson open; a
	// training preset switches to the process it is refused for.
	m = press(t, m, "L")
	for range course[1:] {
		m = press(t, m, "n")
	}
	last := course[len(course)-1]
	if m.active != panelLesson || m.preset != last.Name || m.err == nil || !strings.Contains(m.View(), "Lesson 30 of 30") {
		t.Errorf("end of the course: panel %d, preset %q, err %v", m.active, m.preset, m.err)
	}
	m = press(t, m, "n")
	if m.preset != last.Name || !strings.Contains(m.Status(), "last preset") {
		t.Errorf("n at the end: %q, %q", m.preset, m.Status())
	}
	// The loaded preset's steps end on its refusal.
	m = press(t, m, "s")
	steps := m.stepper.steps
	if m.active != panelSteps || !steps[len(steps)-1].Refused || steps[len(steps)-1].Check != last.Check {
		t.Errorf("steps of %s: %+v", last.Name, steps[len(steps)-1])
	}
	// Without a course preset, n starts the course.
	m = newModel(t, memmodel.TaskManager, memmodel.LatestLine, memmodel.Config{tmProcess: "3g"}, 120, 40)
	m.preset = ""
	m = press(t, m, "n")
	if m.preset != course[0].Name {
		t.Errorf("n without a preset loaded %q", m.preset)
	}
}

// The picker shows the highlighted preset's lesson next to the list.
func TestPickerDetail(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 140, 45)
	m = press(t, m, "p", "down")
	screen := ansi.Strip(m.View())
	it, _ := m.presets.picker.SelectedItem().(presetItem)
	for _, want := range []string{it.p.Name + " — " + it.p.Title, "Lesson " + itoa(it.p.Course) + " of 30", "Look ", "Ask "} {
		if !strings.Contains(screen, want) {
			t.Errorf("picker lacks %q:\n%s", want, screen)
		}
	}
}

// stepModes are one configuration per derivation mode, and a refusal,
// for the step-through's golden screens.
var stepModes = []struct {
	name string
	role memmodel.Role
	cfg  memmodel.Config
}{
	{"tm-process", memmodel.TaskManager, defaultConfig()},
	{"tm-flink", memmodel.TaskManager, memmodel.Config{"taskmanager.memory.flink.size": "1280m", jmProcess: "1600m"}},
	{"tm-fine-grained", memmodel.TaskManager, memmodel.Config{"taskmanager.memory.task.heap.size": "512m", "taskmanager.memory.managed.size": "512m", jmProcess: "1600m"}},
	{"jm", memmodel.JobManager, defaultConfig()},
	{"refused", memmodel.TaskManager, memmodel.Config{tmProcess: "2g", "taskmanager.memory.framework.heap.size": "1g", jmProcess: "1600m"}},
}

// TestStepScreensGolden snapshots every step of every mode at both sizes.
func TestStepScreensGolden(t *testing.T) {
	for _, mode := range stepModes {
		for _, size := range goldenSizes {
			w, h := size[0], size[1]
			m := newModel(t, mode.role, memmodel.Line1_20, mode.cfg, w, h)
			m = press(t, m, "s")
			for i := range m.stepper.steps {
				name := "steps-" + mode.name + "-" + itoa(i+1) + "-" + itoa(w) + "x" + itoa(h)
				got := m.View()
				golden.Frame(t, name, got, w, h)
				if !strings.Contains(got, m.stepper.steps[i].Caption()) {
					t.Errorf("%s: caption %q missing", name, m.stepper.steps[i].Caption())
				}
				checkGolden(t, filepath.Join("testdata", "screens", name+".golden"), []byte(got+"\n"))
				m = press(t, m, "right")
			}
		}
	}
}
