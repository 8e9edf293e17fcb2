package model

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

func TestMain(m *testing.M) {
	// Bubbles' components draw with the default renderer; pin it so that a
	// developer's terminal (or CLICOLOR_FORCE) cannot change the goldens.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

const (
	tmProcess = "taskmanager.memory.process.size"
	jmProcess = "jobmanager.memory.process.size"
)

// defaultConfig is the default preset's configuration.
func defaultConfig() memmodel.Config {
	return memmodel.Config{tmProcess: "1728m", "taskmanager.numberOfTaskSlots": "1", jmProcess: "1600m"}
}

// newModel builds an explorer on cfg, colour off, sized w×h.
func newModel(t testing.TB, role memmodel.Role, line memmodel.Line, cfg memmodel.Config, w, h int) Model {
	t.Helper()
	m := New(Options{
		Input:     memmodel.Input{Role: role, Line: line, Config: cfg},
		Source:    "preset default",
		Preset:    "default",
		Clipboard: &bytes.Buffer{},
	}, view.StaticStyles(false, false))
	return update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// update delivers one message and, as Bubble Tea does, asks for the
// frame.
func update(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, _ := m.Update(msg)
	m = next.(Model)
	_ = m.View()
	return m
}

// keyMsg turns a key name into the message a terminal would produce.
func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "delete":
		return tea.KeyMsg{Type: tea.KeyDelete}
	case "ctrl+r":
		return tea.KeyMsg{Type: tea.KeyCtrlR}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press sends keys one by one and runs the commands they return (writes,
// copies), feeding their results back, as the program would.
func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		next, cmd := m.Update(keyMsg(k))
		m = next.(Model)
		_ = m.View()
		m = runCmd(t, m, cmd)
	}
	return m
}

// typeText types s character by character.
func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = press(t, m, string(r))
	}
	return m
}

// retype opens the field on the selected row, clears it and types s.
func retype(t testing.TB, m Model, s string) Model {
	t.Helper()
	return typeText(t, press(t, m, "enter", "ctrl+u"), s)
}

// runCmd runs the commands Update returns (writes, copies, the preset
// filter's matching) and feeds their results back, as the program would.
// A command that waits on a timer is abandoned after a moment.
func runCmd(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(200 * time.Millisecond):
		return m
	}
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
		return m
	case tea.BatchMsg:
		for _, c := range msg {
			m = runCmd(t, m, c)
		}
		return m
	default:
		next, cmd := m.Update(msg)
		_ = next.View()
		return runCmd(t, next.(Model), cmd)
	}
}

// selectKey moves the cursor to an option.
func selectKey(t testing.TB, m Model, key string) Model {
	t.Helper()
	o, ok := memmodel.OptionByKey(key)
	if !ok || !m.selectOption(o.ID) {
		t.Fatalf("option %s is not in the pane", key)
	}
	m.render()
	return m
}

func rejection(t testing.TB, m Model) *memmodel.Rejection {
	t.Helper()
	_, err := m.Result()
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("Result() error = %v, want a *memmodel.Rejection", err)
	}
	return rej
}

func TestStartsOnProcessSize(t *testing.T) {
	for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
		m := newModel(t, role, memmodel.LatestLine, defaultConfig(), 100, 30)
		if got, want := m.Selected().ID, processOption(role); got != want {
			t.Errorf("%s: cursor on %s, want %s", role, m.Selected().Key, memmodel.LookupOption(want).Key)
		}
	}
}

func TestEditSizeRecomputesOnEveryKeystroke(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = retype(t, m, "4")
	// "4" alone is four bytes: a readable value that Flink refuses. The
	// status line says so over the last layout Flink accepts, so that the
	// screen does not jump while the value is typed.
	if !strings.Contains(m.View(), string(memmodel.CheckMetaspaceOverheadExceedProcess)) || !m.edit.refused {
		t.Fatalf("after typing 4 the refusal is not on the status line:\n%s", m.View())
	}
	if strings.Contains(m.View(), "Flink would not start this TaskManager") {
		t.Errorf("a half-typed value swapped the layout for the refusal:\n%s", m.View())
	}
	m = typeText(t, m, "g")
	l, err := m.Result()
	if err != nil {
		t.Fatalf("after typing 4g: %v", err)
	}
	if l.TotalProcess != 4*memmodel.GiB {
		t.Errorf("preview total process = %s, want 4g", l.TotalProcess)
	}
	if len(m.undo) != 0 {
		t.Errorf("a preview was recorded for undo before enter")
	}
	m = press(t, m, "enter")
	if got := m.Input().Config[tmProcess]; got != "4g" {
		t.Errorf("%s = %q after enter, want 4g", tmProcess, got)
	}
	if len(m.undo) != 1 {
		t.Errorf("undo holds %d changes, want 1", len(m.undo))
	}
	if !strings.Contains(m.View(), "Total Process 4 GiB") {
		t.Errorf("the rulers were not redrawn for 4g:\n%s", m.View())
	}
}

func TestTypingAnInvalidUnitSaysWhatIsWrong(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = retype(t, m, "2G")
	m = typeText(t, m, "i")
	if !m.edit.bad || !strings.Contains(m.edit.note, "unknown unit") {
		t.Fatalf("typing 2Gi: note %q (bad %v), want an unknown-unit error", m.edit.note, m.edit.bad)
	}
	if !strings.Contains(m.View(), "unknown unit") {
		t.Errorf("the error is not on screen:\n%s", m.View())
	}
	// The last readable value (2G) stays on screen.
	l, err := m.Result()
	if err != nil || l.TotalProcess != 2*memmodel.GiB {
		t.Errorf("while 2Gi is typed: total %s, err %v; want the 2G preview", l.TotalProcess, err)
	}
	// Enter keeps the value as typed: Flink then refuses it.
	m = press(t, m, "enter")
	if got := m.Input().Config[tmProcess]; got != "2Gi" {
		t.Errorf("%s = %q, want 2Gi as typed", tmProcess, got)
	}
	if rej := rejection(t, m); rej.Check != memmodel.CheckSizeUnknownUnit {
		t.Errorf("check %s, want %s", rej.Check, memmodel.CheckSizeUnknownUnit)
	}
}

func TestEscCancelsAnEdit(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = retype(t, m, "3g")
	m = press(t, m, "esc")
	if got := m.Input().Config[tmProcess]; got != "1728m" {
		t.Errorf("%s = %q after esc, want 1728m", tmProcess, got)
	}
	if len(m.undo) != 0 {
		t.Errorf("a cancelled edit was recorded for undo")
	}
}

func TestLettersTypeWhileEditing(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "enter", "ctrl+u")
	next, cmd := m.Update(keyMsg("q"))
	m = next.(Model)
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while the text field had the focus")
		}
	}
	if got := m.edit.input.Value(); got != "q" {
		t.Errorf("field = %q, want q", got)
	}
	for _, b := range m.panel().Keys(&m).ShortHelp() {
		if k := b.Help().Key; k != "enter" && k != "esc" && k != "ctrl+c" {
			t.Errorf("binding %q (%s) is active while editing", k, b.Help().Desc)
		}
	}
	next, cmd = m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c did nothing while editing")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Error("ctrl+c did not quit while editing")
	}
	_ = next
}

func TestStepSizes(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	steps := []struct {
		key, want string
	}{{"+", "1792m"}, {"]", "2304m"}, {"-", "2240m"}, {"[", "1728m"}}
	for _, s := range steps {
		m = press(t, m, s.key)
		if got := m.Input().Config[tmProcess]; got != s.want {
			t.Fatalf("after %s: %s = %q, want %s", s.key, tmProcess, got, s.want)
		}
	}
	// An unset size steps from what the resolver derived: task heap 384m.
	m = selectKey(t, m, "taskmanager.memory.task.heap.size")
	m = press(t, m, "+")
	if got := m.Input().Config["taskmanager.memory.task.heap.size"]; got != "448m" {
		t.Errorf("stepping the derived task heap gave %q, want 448m", got)
	}
}

func TestStepFractionStopsBelowOne(t *testing.T) {
	const key = "taskmanager.memory.managed.fraction"
	cfg := defaultConfig()
	cfg[key] = "0.9"
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 100, 30)
	m = selectKey(t, m, key)
	steps := []struct {
		key, want string
	}{{"+", "0.95"}, {"+", "0.99"}, {"+", "0.99"}, {"-", "0.94"}, {"]", "0.99"}, {"[", "0.89"}}
	for i, s := range steps {
		m = press(t, m, s.key)
		if got := m.Input().Config[key]; got != s.want {
			t.Fatalf("step %d (%s): %s = %q, want %s", i, s.key, key, got, s.want)
		}
		if _, err := m.Result(); err != nil && rejection(t, m).Check == memmodel.CheckManagedFractionOutOfRange {
			t.Fatalf("step %d (%s) gave a fraction Flink refuses: %v", i, s.key, err)
		}
	}
	// From the default (0.4, unset) the first step is 0.45.
	m = press(t, m, "delete", "+")
	if got := m.Input().Config[key]; got != "0.45" {
		t.Errorf("stepping the default 0.4 gave %q, want 0.45", got)
	}
	// A typed value of 1 or more is taken as typed, and refused.
	m = retype(t, m, "1.5")
	m = press(t, m, "enter")
	if rej := rejection(t, m); rej.Check != memmodel.CheckManagedFractionOutOfRange {
		t.Errorf("typed 1.5: check %s, want %s", rej.Check, memmodel.CheckManagedFractionOutOfRange)
	}
	m = press(t, m, "-")
	if got := m.Input().Config[key]; got != "0.99" {
		t.Errorf("stepping down from 1.5 gave %q, want 0.99", got)
	}
}

func TestUnsetReturnsToDefaultOrDerived(t *testing.T) {
	cfg := defaultConfig()
	cfg["taskmanager.memory.framework.heap.size"] = "256m"
	cfg["taskmanager.network.memory.min"] = "128m" // a deprecated spelling
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_20, cfg, 100, 30)
	m = selectKey(t, m, "taskmanager.memory.framework.heap.size")
	m = press(t, m, "delete")
	if _, ok := m.Input().Config["taskmanager.memory.framework.heap.size"]; ok {
		t.Error("framework heap still set after del")
	}
	l, err := m.Result()
	if err != nil || l.Size[memmodel.FrameworkHeap] != 128*memmodel.MiB {
		t.Errorf("framework heap = %s (%v), want the default 128m", l.Size[memmodel.FrameworkHeap], err)
	}
	m = selectKey(t, m, "taskmanager.memory.network.min")
	m = press(t, m, "backspace")
	if _, ok := m.Input().Config["taskmanager.network.memory.min"]; ok {
		t.Error("the deprecated network min key survived del")
	}
	if len(m.undo) != 2 {
		t.Errorf("undo holds %d changes, want 2", len(m.undo))
	}
}

func TestApplyFixAndUndoIt(t *testing.T) {
	p, err := presets.Get("train-framework-heap-too-big")
	if err != nil {
		t.Fatal("training preset not available:", err)
	}
	cfg := p.Config(memmodel.TaskManager)
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 100, 30)
	rej := rejection(t, m)
	fixes := m.Fixes()
	if len(fixes) == 0 {
		t.Fatalf("no fixes offered for %s", rej.Check)
	}
	if !strings.Contains(m.View(), "[1] "+fixes[0].Description) {
		t.Errorf("fix 1 is not listed:\n%s", m.View())
	}
	for _, k := range rej.Keys() {
		if !strings.Contains(m.View(), "⚑") {
			t.Errorf("involved key %s is not marked", k)
		}
	}
	m = press(t, m, "1")
	if _, err := m.Result(); err != nil {
		t.Fatalf("fix 1 (%s) left a refusal: %v", fixes[0].Description, err)
	}
	want := fixes[0].Apply(cfg)
	if !configsEqual(m.Input().Config, want) {
		t.Errorf("config after fix = %v, want %v", m.Input().Config, want)
	}
	if strings.Contains(m.View(), "Flink would not start") {
		t.Errorf("the refusal is still on screen after the fix")
	}
	m = press(t, m, "u")
	if rej := rejection(t, m); rej.Check != memmodel.CheckDerivedTaskHeapNegative {
		t.Errorf("after undo: check %s, want %s", rej.Check, memmodel.CheckDerivedTaskHeapNegative)
	}
	// A hand-made fix applies the same way.
	m.fixes = []memmodel.Fix{{Set: []memmodel.KeyValue{{Key: tmProcess, Value: "8g"}}, Description: "raise it"}}
	m = press(t, m, "1")
	if got := m.Input().Config[tmProcess]; got != "8g" {
		t.Errorf("hand-made fix: %s = %q, want 8g", tmProcess, got)
	}
}

func TestLoadPresetIsUndoable(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "p", "/")
	m = typeText(t, m, "rocksdb")
	m = press(t, m, "enter", "enter")
	p, err := presets.Get("rocksdb")
	if err != nil {
		t.Fatal("preset rocksdb not available:", err)
	}
	if m.active != panelMain {
		t.Fatalf("still in mode %d after loading", m.active)
	}
	if !configsEqual(m.Input().Config, p.Config(memmodel.TaskManager)) {
		t.Errorf("config = %v, want the rocksdb preset's %v", m.Input().Config, p.Config(memmodel.TaskManager))
	}
	if !strings.Contains(m.View(), "preset rocksdb") {
		t.Errorf("the header does not name the preset:\n%s", m.View())
	}
	m = press(t, m, "u")
	if !configsEqual(m.Input().Config, defaultConfig()) {
		t.Errorf("undo did not restore the default config: %v", m.Input().Config)
	}
	if m.source != "preset default" {
		t.Errorf("undo left source %q, want preset default", m.source)
	}
}

func TestTrainingPresetSwitchesToItsRole(t *testing.T) {
	p, err := presets.Get("train-jm-heap-above-flink")
	if err != nil {
		t.Fatal("training preset not available:", err)
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m.openPresets()
	m.loadPreset(p)
	if m.Input().Role != memmodel.JobManager {
		t.Errorf("role %s after loading a JobManager training preset", m.Input().Role)
	}
	if rej := rejection(t, m); rej.Check != p.Check {
		t.Errorf("check %s, want the preset's %s", rej.Check, p.Check)
	}
}

func TestUndoRedo(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "+", "+", "v")
	if got := m.Input().Config[tmProcess]; got != "1856m" {
		t.Fatalf("after two steps: %q, want 1856m", got)
	}
	line := m.Input().Line
	m = press(t, m, "u")
	if m.Input().Line != memmodel.LatestLine {
		t.Errorf("undo of the line switch left line %s", m.Input().Line)
	}
	m = press(t, m, "u", "u")
	if got := m.Input().Config[tmProcess]; got != "1728m" {
		t.Errorf("after three undos: %q, want 1728m", got)
	}
	m = press(t, m, "u") // nothing left: no change
	if got := m.Input().Config[tmProcess]; got != "1728m" || m.Status() != "nothing to undo" {
		t.Errorf("undo past the start: %q, status %q", got, m.Status())
	}
	m = press(t, m, "ctrl+r", "ctrl+r", "ctrl+r")
	if got := m.Input().Config[tmProcess]; got != "1856m" || m.Input().Line != line {
		t.Errorf("after three redos: %q on %s, want 1856m on %s", got, m.Input().Line, line)
	}
	m = press(t, m, "u", "+")
	if len(m.redo) != 0 {
		t.Error("a new change kept the redo history")
	}
}

func TestSwitchRoleAndLine(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "tab")
	if m.Input().Role != memmodel.JobManager || m.Selected().ID != memmodel.JMProcessSize {
		t.Fatalf("after tab: role %s, cursor %s", m.Input().Role, m.Selected().Key)
	}
	l, err := m.Result()
	if err != nil || l.TotalProcess != 1600*memmodel.MiB {
		t.Errorf("JobManager total = %s (%v), want 1600m", l.TotalProcess, err)
	}
	if !strings.Contains(m.View(), "[JobManager]") {
		t.Errorf("the header does not show the JobManager tab:\n%s", m.View())
	}
	m = press(t, m, "tab")
	if m.Input().Role != memmodel.TaskManager {
		t.Fatalf("second tab: role %s", m.Input().Role)
	}
	lines := memmodel.Lines()
	m = press(t, m, "V")
	if got, want := m.Input().Line, lines[len(lines)-2]; got != want {
		t.Errorf("V from %s: line %s, want %s", memmodel.LatestLine, got, want)
	}
	m = press(t, m, "v", "v")
	if got := m.Input().Line; got != lines[0] {
		t.Errorf("v past the newest line: %s, want the oldest %s", got, lines[0])
	}
	if !strings.Contains(m.View(), "Flink "+lines[0].String()) {
		t.Errorf("the header does not show Flink %s", lines[0])
	}
	if m = press(t, m, "v"); !strings.Contains(m.View(), "Flink 1.10: 1.10.1 – 1.10.3") {
		t.Errorf("switching to 1.10 does not say which releases it covers:\n%s", m.View())
	}
	m = press(t, m, "V")
	// The 1.10 line has no JobManager model: the JobManager is refused.
	m = press(t, m, "tab")
	if rej := rejection(t, m); rej.Check != memmodel.CheckNoMemoryConfigured {
		t.Errorf("JobManager on %s: check %s, want %s", lines[0], rej.Check, memmodel.CheckNoMemoryConfigured)
	}
}

func TestExportWritesAndRefusesToClobber(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "e")
	if m.active != panelExport {
		t.Fatalf("e did not open the export panel")
	}
	if got := exportFormats[m.exp.format].format; got != memmodel.ExportConfigYAML {
		t.Errorf("Flink %s starts on format %s, want config-yaml (it reads no flink-conf.yaml)", memmodel.LatestLine, got)
	}
	res, err := memmodel.Export(m.Input(), memmodel.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := flinkconf.FormatConfigYAML(res.Options)
	if !strings.Contains(m.View(), strings.Split(string(want), "\n")[0]) {
		t.Errorf("the preview does not show the export:\n%s", m.View())
	}
	m = press(t, m, "w", "ctrl+u")
	m = typeText(t, m, path)
	m = press(t, m, "enter")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("nothing written: %v (status %q)", err, m.Status())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("wrote\n%s\nwant\n%s", got, want)
	}
	// A second write to the same path asks first; n keeps the file.
	m = press(t, m, "esc", "+", "e", "w", "ctrl+u")
	m = typeText(t, m, path)
	m = press(t, m, "enter")
	if m.exp.step != exportConfirm || !strings.Contains(m.View(), "exists. Overwrite it?") {
		t.Fatalf("writing over %s did not ask (panel %d):\n%s", path, m.active, m.View())
	}
	m = press(t, m, "n")
	if again, _ := os.ReadFile(path); !bytes.Equal(again, want) {
		t.Errorf("n changed the file:\n%s", again)
	}
	// y replaces it with the changed configuration.
	m = press(t, m, "w", "ctrl+u")
	m = typeText(t, m, path)
	m = press(t, m, "enter", "y")
	after, _ := os.ReadFile(path)
	if !strings.Contains(string(after), "size: 1792m") {
		t.Errorf("y did not overwrite with the new size:\n%s", after)
	}
	if !strings.HasPrefix(m.Status(), "wrote "+path) {
		t.Errorf("status %q, want a wrote message", m.Status())
	}
}

func TestExportFormatsAndPinned(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_20, defaultConfig(), 120, 40)
	m = press(t, m, "e")
	if got := exportFormats[m.exp.format].format; got != memmodel.ExportFlinkConf {
		t.Fatalf("Flink 1.20 starts on %s, want flink-conf", got)
	}
	if !strings.Contains(string(m.exp.data), "taskmanager.memory.process.size: 1728m") {
		t.Errorf("minimal flink-conf.yaml:\n%s", m.exp.data)
	}
	m = press(t, m, "m")
	if !strings.Contains(string(m.exp.data), "taskmanager.memory.task.heap.size") {
		t.Errorf("pinned export names no task heap:\n%s", m.exp.data)
	}
	m = press(t, m, "f", "f", "f")
	if got := string(m.exp.data); !strings.HasPrefix(got, "-Xmx") {
		t.Errorf("JVM flags export = %q", got)
	}
	// Keys typed in one burst are separate commands: from the JVM flags
	// two steps wrap round to flink-conf.
	m = update(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ff")})
	if got := exportFormats[m.exp.format].format; got != memmodel.ExportFlinkConf {
		t.Errorf("after a burst of two f: format %s, want flink-conf", got)
	}
}

func TestCopySendsOSC52(t *testing.T) {
	var clip bytes.Buffer
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: defaultConfig()}, Clipboard: &clip},
		view.StaticStyles(false, false))
	m = update(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = press(t, m, "e", "c")
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString(m.exp.data) + "\a"
	if clip.String() != want {
		t.Errorf("clipboard got %q, want %q", clip.String(), want)
	}
	if !strings.Contains(m.Status(), "clipboard") {
		t.Errorf("status %q", m.Status())
	}
	clip.Reset()
	if msg := copyCmd(&clip, "x", true)(); msg.(copiedMsg).err != nil || clip.String() != "\x1bPtmux;\x1b\x1b]52;c;eA==\a\x1b\\" {
		t.Errorf("tmux passthrough = %q", clip.String())
	}
}

func TestTooSmallTerminal(t *testing.T) {
	for _, size := range [][2]int{{59, 20}, {60, 19}, {20, 5}} {
		m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), size[0], size[1])
		if !strings.Contains(m.View(), "too small") {
			t.Errorf("%dx%d: %q", size[0], size[1], m.View())
		}
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 60, 20)
	golden.Frame(t, "60x20", m.View(), 60, 20)
	// A resize redraws at once.
	m = update(t, m, tea.WindowSizeMsg{Width: 50, Height: 20})
	if !strings.Contains(m.View(), "terminal too small (need 60×20)") {
		t.Errorf("after shrinking: %q", m.View())
	}
}

func TestMouse(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	var seg view.Hit
	for _, h := range m.shown().Hits {
		if h.Kind == view.HitSegment && h.Component == memmodel.Managed {
			seg = h
		}
	}
	if seg.Kind == view.HitNone {
		t.Fatal("no managed segment on screen")
	}
	m = update(t, m, tea.MouseMsg{X: seg.X0, Y: seg.Y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if m.active != panelExplain || m.Selected().ID != memmodel.TMManagedFraction {
		t.Fatalf("click on managed: panel %d, cursor %s", m.active, m.Selected().Key)
	}
	if !strings.Contains(m.View(), "0.4 × 1.25 GiB") {
		t.Errorf("the explanation lacks the formula:\n%s", m.View())
	}
	m = press(t, m, "esc")
	var row view.Hit
	for _, h := range m.shown().Hits {
		if h.Kind == view.HitOption && m.options[h.Index].ID == memmodel.TMProcessSize {
			row = h
		}
	}
	// The wheel scrolls and never edits (issue 9, item 4): three turns
	// over the options pane leave every value as it was.
	for i := 0; i < 3; i++ {
		m = update(t, m, tea.MouseMsg{X: row.X0 + 5, Y: row.Y, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	}
	if !configsEqual(m.Input().Config, defaultConfig()) || len(m.undo) != 0 {
		t.Errorf("the wheel changed the configuration: %v", m.Input().Config)
	}
}

func TestExplainFollowsTheCursor(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = selectKey(t, m, "taskmanager.memory.jvm-overhead.fraction")
	m = press(t, m, "x")
	v := m.View()
	golden.Contains(t, "explanation", v, "JVM overhead", "0.1 × 1.688 GiB = 172.8 MiB", "raised to its minimum 192 MiB")
	m = press(t, m, "up", "up", "up") // to the metaspace
	if !strings.Contains(m.View(), "-XX:MaxMetaspaceSize 256 MiB") {
		t.Errorf("the explanation did not follow the cursor to the metaspace:\n%s", m.View())
	}
	m = press(t, m, "x")
	if m.active != panelMain {
		t.Error("x did not close the explanation")
	}
}

// TestTypingCatchesEveryType types a value no option can read, then one of
// its type, into the field of every option of both roles.
func TestTypingCatchesEveryType(t *testing.T) {
	good := map[memmodel.OptionType]string{memmodel.TypeSize: "512 mb", memmodel.TypeFraction: "0.25",
		memmodel.TypeInt: "3", memmodel.TypeDouble: "1.5", memmodel.TypeBool: "TRUE"}
	for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
		m := newModel(t, role, memmodel.Line1_20, defaultConfig(), 100, 30)
		for _, o := range memmodel.Options(role, memmodel.Line1_20) {
			if o.Legacy {
				continue // listed only when the configuration has them
			}
			m = selectKey(t, m, o.Key)
			m = retype(t, m, "garbage!")
			if !m.edit.bad || !strings.Contains(m.edit.note, o.Key) || !strings.Contains(m.edit.note, `"garbage!"`) {
				t.Errorf("%s (%s): garbage! gives bad=%v %q", o.Key, o.Type, m.edit.bad, m.edit.note)
			}
			m = press(t, m, "ctrl+u")
			m = typeText(t, m, good[o.Type])
			if m.edit.bad {
				t.Errorf("%s: %q refused: %s", o.Key, good[o.Type], m.edit.note)
			}
			m = press(t, m, "esc")
		}
	}
}

func TestHelpTogglesAndListsUndoRedo(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "?")
	v := m.View()
	for _, want := range []string{`u +undo`, `ctrl\+r +redo`, `b +exact bytes`, `V +previous Flink line`} {
		if !regexp.MustCompile(want).MatchString(v) {
			t.Errorf("full help lacks %q:\n%s", want, v)
		}
	}
	m = press(t, m, "?")
	if regexp.MustCompile(`ctrl\+r +redo`).MatchString(m.View()) {
		t.Error("? did not fold the full help")
	}
	m = press(t, m, "b")
	if !strings.Contains(m.View(), "536870920 B") { // managed: 0.4 × 1280m, as Flink multiplies
		t.Errorf("b did not show exact bytes:\n%s", m.View())
	}
}

func TestPanicIsReturnedAfterTheTerminalIsRestored(t *testing.T) {
	var out bytes.Buffer
	err := runProgram(panicky{}, tea.WithInput(strings.NewReader("")), tea.WithOutput(&out), tea.WithoutSignalHandler())
	if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("runProgram = %v, want the panic as an error", err)
	}
}

// panicky panics on its first message.
type panicky struct{}

func (panicky) Init() tea.Cmd                       { return func() tea.Msg { return "go" } }
func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("boom") }
func (panicky) View() string                        { return "" }

func TestDecideBackground(t *testing.T) {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	if err := decideBackground(r, "light", false); err != nil || r.HasDarkBackground() {
		t.Errorf("light: err %v, dark %v", err, r.HasDarkBackground())
	}
	if err := decideBackground(r, "sepia", false); err == nil || !strings.Contains(err.Error(), "auto, light, dark or projector") {
		t.Errorf("sepia: %v", err)
	}
	// Without colour the terminal is never asked (it could take seconds).
	r = lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	if err := decideBackground(r, "auto", true); err != nil || !r.HasDarkBackground() {
		t.Errorf("auto without colour: err %v", err)
	}
	lipgloss.SetHasDarkBackground(true)
}

func TestJobManagerWithoutOptions(t *testing.T) {
	// Flink 1.10 has no JobManager memory model: the pane is empty and no
	// key may act on a missing option.
	m := newModel(t, memmodel.JobManager, memmodel.Line1_10, defaultConfig(), 100, 30)
	if len(m.options) != 0 {
		t.Fatalf("%d JobManager options on 1.10", len(m.options))
	}
	m = press(t, m, "enter", "+", "]", "delete", "x", "down", "up")
	if m.active != panelMain || len(m.undo) != 0 {
		t.Errorf("keys on an empty pane: panel %d, %d changes", m.active, len(m.undo))
	}
	if !strings.Contains(m.View(), "v switches to a later line") {
		t.Errorf("no advice on an empty pane:\n%s", m.View())
	}
}
