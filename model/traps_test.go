package model

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

// deliver hands messages to Update one after another without running any
// command in between: keys typed in one burst, before the program gets to
// the commands the first ones returned.
func deliver(t testing.TB, m Model, msgs ...tea.Msg) (Model, []tea.Cmd) {
	t.Helper()
	var cmds []tea.Cmd
	for _, msg := range msgs {
		next, cmd := m.Update(msg)
		m = next.(Model)
		cmds = append(cmds, cmd)
	}
	return m, cmds
}

// quits reports whether a command (or a batch of them) quits.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// Item 1: q in a panel closes it (or does nothing); only ctrl+c quits.
func TestQInAPanelNeverQuits(t *testing.T) {
	for _, keys := range [][]string{{"p"}, {"p", "/", "r", "enter"}, {"p", "/", "r", "enter", "esc"}, {"x"}, {"e"}, {"s"}, {"s", "right"}, {"L"}} {
		m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
		m = press(t, m, keys...)
		next, cmd := m.Update(keyMsg("q"))
		if quits(cmd) {
			t.Errorf("%v then q quits the program", keys)
		}
		if next.(Model).active != panelMain && keys[0] != "p" {
			t.Errorf("%v then q: still in panel %d", keys, next.(Model).active)
		}
	}
	// The diagnose panel, once its text is diagnosed, closes on q too.
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "!")
	m = update(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("java.lang.OutOfMemoryError: Metaspace"), Paste: true})
	m = press(t, m, "enter")
	if next, cmd := m.Update(keyMsg("q")); quits(cmd) || next.(Model).active != panelMain {
		t.Errorf("q in the diagnose panel: quits %v, panel %d", quits(cmd), next.(Model).active)
	}
	m = newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "p")
	if _, cmd := m.Update(keyMsg("ctrl+c")); !quits(cmd) {
		t.Error("ctrl+c in the preset list does not quit")
	}
}

// Item 2: the list reopens unfiltered, on the preset in use.
func TestPresetListReopensUnfiltered(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "p", "/")
	m = typeText(t, m, "rock")
	m = press(t, m, "enter", "enter")
	if m.preset != "rocksdb" {
		t.Fatalf("p / rock enter enter loaded %q", m.preset)
	}
	m = press(t, m, "p")
	if st := m.presets.picker.FilterState(); st != list.Unfiltered {
		t.Errorf("the list reopens with filter state %v", st)
	}
	if it, ok := m.presets.picker.SelectedItem().(presetItem); !ok || it.p.Name != "rocksdb" {
		t.Errorf("the cursor is not on rocksdb: %v", m.presets.picker.SelectedItem())
	}
	m = press(t, m, "/", "x")
	if got := m.presets.picker.FilterValue(); got != "x" {
		t.Errorf("typing / x continues an old filter: %q", got)
	}
	m = press(t, m, "esc", "enter")
	if m.preset != "rocksdb" || !strings.Contains(m.Status(), "loaded preset rocksdb") {
		t.Errorf("enter on the reopened list loaded %q (%s)", m.preset, m.Status())
	}
}

// Item 3: a burst of keys loads what was typed, whatever the filter's
// commands are doing.
func TestPresetFilterBurstLoadsWhatWasTyped(t *testing.T) {
	for _, burst := range [][]tea.Msg{
		{keyMsg("p"), runes("/rock"), keyMsg("enter"), keyMsg("enter")},
		{runes("p/rock"), keyMsg("enter"), keyMsg("enter")},
		{keyMsg("p"), keyMsg("/"), keyMsg("r"), keyMsg("o"), keyMsg("c"), keyMsg("k"), keyMsg("enter"), keyMsg("enter")},
	} {
		m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
		m, _ = deliver(t, m, burst...)
		if m.preset != "rocksdb" {
			t.Errorf("burst %v loaded %q", burst, m.preset)
		}
	}
}

// Item 5: on the "too small" screen keys do nothing but help and quit.
func TestTooSmallIgnoresKeys(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 50, 15)
	m = press(t, m, "+", "enter", "5", "p", "e", "tab", "u")
	m, _ = deliver(t, m, runes("+++"), tea.MouseMsg{X: 3, Y: 3, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if !configsEqual(m.Input().Config, defaultConfig()) || m.active != panelMain || m.in.Role != memmodel.TaskManager {
		t.Errorf("keys acted on a too-small screen: panel %d, %v", m.active, m.Input().Config)
	}
	if _, cmd := m.Update(keyMsg("q")); !quits(cmd) {
		t.Error("q does not quit an unmodified session on a too-small screen")
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(m.View(), "OPTIONS") {
		t.Error("growing the terminal does not bring the explorer back")
	}
}

// Item 6: ? in the explain panel shows the full help at once, and esc
// closes the help before the panel.
func TestHelpOverTheExplainPanel(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	m = press(t, m, "x", "?")
	if !strings.Contains(m.View(), "All keys") {
		t.Fatalf("? in the explain panel shows no help:\n%s", m.View())
	}
	m = press(t, m, "esc")
	if strings.Contains(m.View(), "All keys") || m.active != panelExplain {
		t.Fatalf("esc did not close just the help (panel %d):\n%s", m.active, m.View())
	}
	m = press(t, m, "esc")
	if strings.Contains(m.View(), "All keys") || m.active != panelMain {
		t.Errorf("the help came back after closing the panel:\n%s", m.View())
	}
}

// Item 7: undo restores everything the action changed, role included.
func TestUndoAfterATrainingPresetRestoresTheRole(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_20, defaultConfig(), 120, 40)
	m = selectKey(t, m, "taskmanager.memory.managed.fraction")
	m = press(t, m, "p", "/")
	m = typeText(t, m, "train-jm-heap-above")
	m = press(t, m, "enter", "enter")
	if m.in.Role != memmodel.JobManager || !strings.HasPrefix(m.preset, "train-jm-heap-above") {
		t.Fatalf("the training preset did not switch to the JobManager: %v %s", m.in.Role, m.preset)
	}
	m = press(t, m, "u")
	if m.in.Role != memmodel.TaskManager || m.in.Line != memmodel.Line1_20 || !configsEqual(m.Input().Config, defaultConfig()) {
		t.Errorf("undo left role %v, line %v, config %v", m.in.Role, m.in.Line, m.Input().Config)
	}
	if m.Selected().Key != "taskmanager.memory.managed.fraction" || m.preset != "default" {
		t.Errorf("undo left the cursor on %s, preset %s", m.Selected().Key, m.preset)
	}
	m = press(t, m, "ctrl+r")
	if m.in.Role != memmodel.JobManager {
		t.Errorf("redo did not return to the JobManager")
	}
}

// Item 16: a modified session asks once before quitting; an unmodified
// or written one quits at once.
func TestQuitAsksWhenChangesWouldBeLost(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	if _, cmd := m.Update(keyMsg("q")); !quits(cmd) {
		t.Fatal("an unmodified session does not quit at once")
	}
	m = press(t, m, "+")
	next, cmd := m.Update(keyMsg("q"))
	m = next.(Model)
	if quits(cmd) || !strings.Contains(m.View(), "Quit without exporting?") {
		t.Fatalf("a modified session quits without asking:\n%s", m.View())
	}
	m = press(t, m, "n")
	if m.active != panelMain || !strings.Contains(m.Input().Config[tmProcess], "1792m") {
		t.Fatalf("n did not go back to the session: panel %d", m.active)
	}
	m = press(t, m, "q")
	if _, cmd := m.Update(keyMsg("y")); !quits(cmd) {
		t.Error("y does not quit")
	}
	// A session written to a file quits at once.
	path := t.TempDir() + "/out.yaml"
	m = press(t, m, "n", "e", "w", "ctrl+u")
	m = typeText(t, m, path)
	m = press(t, m, "enter", "esc")
	if _, cmd := m.Update(keyMsg("q")); !quits(cmd) {
		t.Errorf("a written session asks before quitting: %s", m.Status())
	}
}

// Item 8: the export preview starts at the top of new content, and says
// when more lies above or below.
func TestExportPreviewResetsAndMarksScroll(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 80, 24)
	m = press(t, m, "e", "m")
	if !strings.Contains(m.View(), "▼") {
		t.Fatalf("a pinned export longer than the panel has no ▼:\n%s", m.View())
	}
	m = press(t, m, "down", "down", "down", "down", "down", "down")
	if m.exp.preview.YOffset == 0 || !strings.Contains(m.View(), "▲") {
		t.Fatalf("scrolled preview: offset %d, no ▲:\n%s", m.exp.preview.YOffset, m.View())
	}
	for _, keys := range [][]string{{"f"}, {"m"}, {"esc", "e"}} {
		m = press(t, m, "down", "down", "down")
		m = press(t, m, keys...)
		if m.exp.preview.YOffset != 0 {
			t.Errorf("after %v the preview keeps offset %d", keys, m.exp.preview.YOffset)
		}
	}
}

// Item 9: a copy says what was sent and what it takes to arrive, never
// that it arrived.
func TestCopyNeverClaimsTheClipboard(t *testing.T) {
	for _, tmux := range []bool{false, true} {
		m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
		m.tmux = tmux
		m = press(t, m, "e", "c")
		st := m.Status()
		if strings.Contains(st, "to the clipboard") || !strings.Contains(st, "w writes a file") {
			t.Errorf("tmux %v: %q", tmux, st)
		}
		if tmux && !strings.Contains(st, "set -g set-clipboard on") {
			t.Errorf("inside tmux the status does not say how to pass the copy on: %q", st)
		}
	}
}

// Item 26: the history keeps changes, not copies, and at most maxHistory
// of them; the status says when the oldest goes.
func TestUndoHistoryIsBounded(t *testing.T) {
	cfg := withUnreadKeys(500)
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 120, 40)
	for i := 0; i < maxHistory; i++ {
		m, _ = deliver(t, m, keyMsg("+"))
	}
	if len(m.undo) != maxHistory || strings.Contains(m.Status(), "oldest") {
		t.Fatalf("%d steps, status %q", len(m.undo), m.Status())
	}
	m, _ = deliver(t, m, keyMsg("+"))
	if len(m.undo) != maxHistory || !strings.Contains(m.Status(), "oldest was dropped") {
		t.Errorf("past the bound: %d steps, status %q", len(m.undo), m.Status())
	}
	for _, st := range m.undo {
		if len(st.keys) != 1 || st.keys[0].key != tmProcess {
			t.Fatalf("a step stores %d keys: %+v", len(st.keys), st.keys)
		}
	}
	m = press(t, m, "u")
	if got := m.Input().Config; got["app.setting.7"] != "v" || len(got) != len(cfg) {
		t.Errorf("undo lost the keys the model does not read: %d keys", len(got))
	}
}

// Item 25: queued keys are applied without drawing; the frame asked for
// afterwards is drawn once, and shows the last state.
func TestQueuedKeysDrawOnce(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60)
	before := m.drawn.frames
	msgs := make([]tea.Msg, 500)
	for i := range msgs {
		msgs[i] = keyMsg("+")
	}
	m, _ = deliver(t, m, msgs...)
	v := m.View()
	if got := m.drawn.frames - before; got != 1 {
		t.Errorf("500 queued keys drew %d frames", got)
	}
	// 1728m + 500 × 64m = 33728m.
	if m.Input().Config[tmProcess] != "33728m" || !strings.Contains(v, "(33728m)") {
		t.Errorf("after 500 +: %s\n%s", m.Input().Config[tmProcess], v)
	}
	if m.View() != v || m.drawn.frames-before != 1 {
		t.Error("asking again for the same state draws again")
	}
}

// Item 27: a keystroke's work does not grow with keys the memory model
// does not read: they are set aside, and come back in Input.
func TestUnreadKeysAreSetAside(t *testing.T) {
	cfg := withUnreadKeys(1000)
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 120, 40)
	if len(m.in.Config) != len(defaultConfig()) || len(m.rest) != 1000 {
		t.Fatalf("resolving with %d keys, %d set aside", len(m.in.Config), len(m.rest))
	}
	m = press(t, m, "+")
	if in := m.Input(); len(in.Config) != len(cfg) || in.Config["app.setting.999"] != "v" || in.Config[tmProcess] != "1792m" {
		t.Errorf("Input() has %d keys, want %d", len(in.Config), len(cfg))
	}
}

// withUnreadKeys is the default configuration plus n keys the memory
// model does not read, app.setting.0 and on, each set to "v".
func withUnreadKeys(n int) memmodel.Config {
	cfg := defaultConfig()
	for i := 0; i < n; i++ {
		cfg["app.setting."+itoa(i)] = "v"
	}
	return cfg
}

// rowOf is the screen line holding text, or -1.
func rowOf(screen, text string) int {
	for i, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// Item 12: typing a size never moves the row being edited: a half-typed
// value Flink refuses is explained on the status line, over the last
// layout Flink accepts.
func TestTypingASizeDoesNotMoveTheRow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {200, 60}} {
		m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), size[0], size[1])
		want := rowOf(m.View(), "› Totals")
		m = press(t, m, "enter", "ctrl+u")
		for _, r := range "8g" {
			m = press(t, m, string(r))
			if got := rowOf(m.View(), "taskmanager.memory.process.size"); got != want {
				t.Errorf("%v: after typing %c the row moved from line %d to %d:\n%s", size, r, want, got, m.View())
			}
		}
		if !strings.Contains(m.View(), "Total Process 8 GiB") {
			t.Errorf("%v: 8g is not previewed:\n%s", size, m.View())
		}
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = press(t, m, "enter", "ctrl+u", "8")
	if !m.edit.refused || !strings.Contains(m.edit.note, "Flink would refuse this") || strings.Contains(m.View(), "Flink would not start") {
		t.Errorf("typing 8: note %q\n%s", m.edit.note, m.View())
	}
}

// Item 10: the small traps.
func TestSmallTraps(t *testing.T) {
	refused := memmodel.Config{tmProcess: "2g", "taskmanager.memory.framework.heap.size": "1g", jmProcess: "1600m"}
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_20, refused, 120, 40)
	if !strings.Contains(m.View(), "›⚑Totals    taskmanager.memory.process.size") {
		t.Errorf("the selected flagged row hides its flag:\n%s", m.View())
	}
	// "modified" stays in the header of a narrow terminal.
	m = newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 80, 24)
	m = press(t, m, "+")
	if head := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(head, " modified") {
		t.Errorf("the 80-column header drops modified: %q", head)
	}
	// 1-9 with no fix listed say so.
	m = press(t, m, "3")
	if !strings.Contains(m.Status(), "no fixes are listed") {
		t.Errorf("3 without fixes: %q", m.Status())
	}
	// v past the newest line says it went round.
	m = press(t, m, "v")
	if !strings.Contains(m.Status(), "round from 2.3") {
		t.Errorf("v on the newest line: %q", m.Status())
	}
	// A refused export says so once.
	m = newModel(t, memmodel.TaskManager, memmodel.Line1_20, refused, 120, 40)
	m = press(t, m, "e", "w")
	if st := m.Status(); strings.Count(strings.ToLower(st), "nothing to") != 1 || !strings.Contains(st, "Flink would refuse") {
		t.Errorf("refused export: %q", st)
	}
	// In ASCII the arrows are spelled out, so no "v/j" beside "v".
	m = newASCIIModel(t, defaultConfig(), 120, 40)
	m = press(t, m, "?")
	if v := m.View(); strings.Contains(v, "v/j") || !strings.Contains(v, "down/j") {
		t.Errorf("ASCII help:\n%s", v)
	}
}

// Item 13: ? explains the symbols and the mouse and lists every panel's
// keys, scrolling on a small terminal; g/G and home/end go to the ends.
func TestHelpLegendAndEnds(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 80, 24)
	m = press(t, m, "?")
	if v := m.View(); !strings.Contains(v, "⚑ before a key") || !strings.Contains(v, "▼ more") {
		t.Fatalf("the help has no legend or no scroll marker:\n%s", v)
	}
	m = press(t, m, "G")
	golden.Contains(t, "the end of the help", m.View(), "mouse", "the wheel", "presets (p):", "export (e):", "explanation (x):")
	m = press(t, m, "esc", "G")
	if f, ok := m.selectedJob(); !ok || f != numJobFields-1 {
		t.Errorf("G does not go to the last row: %v %v", f, ok)
	}
	m = press(t, m, "g")
	if m.selected != 0 {
		t.Errorf("g does not go to the first row: %d", m.selected)
	}
	m = press(t, m, "e", "m", "G")
	if !m.exp.preview.AtBottom() {
		t.Error("G does not go to the end of the export preview")
	}
}

// Item 14: the help line is drawn in the theme's checked colours, not in
// bubbles' faint defaults.
func TestHelpLineUsesTheTheme(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	st := view.NewStyles(r, false)
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: defaultConfig()}}, st)
	if m.help.Styles.ShortDesc.GetForeground() != st.HelpDesc.GetForeground() ||
		m.help.Styles.ShortKey.GetForeground() != st.HelpKey.GetForeground() {
		t.Errorf("the help line keeps bubbles' colours: %v", m.help.Styles.ShortDesc.GetForeground())
	}
}

// Item 11: a JobManager on 1.10 is not refused: the screen says that 1.10
// sizes it with the legacy heap option only, and shows that heap.
func TestJobManagerOnFlink110(t *testing.T) {
	for cfg, want := range map[string]memmodel.Config{
		"JVM heap 1 GiB  (jobmanager.heap.size: 1024m, the default)": {},
		"JVM heap 2 GiB  (jobmanager.heap.size: 2048m, set)":         {"jobmanager.heap.size": "2048m"},
		"JVM heap 512 MiB  (jobmanager.heap.mb: 512, set)":           {"jobmanager.heap.mb": "512"},
	} {
		m := newModel(t, memmodel.JobManager, memmodel.Line1_10, want, 100, 30)
		v := m.View()
		if strings.Contains(v, "would not start") || !strings.Contains(v, "legacy heap only") || !strings.Contains(v, cfg) {
			t.Errorf("%v:\n%s", want, v)
		}
	}
}

// Item 15: the picker shows the highlighted preset's description, facts
// and documentation.
func TestPresetDetail(t *testing.T) {
	rocks, err := presets.Get("rocksdb")
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60)
	m = press(t, m, "p", "/")
	m = typeText(t, m, "rocksdb")
	m = press(t, m, "enter")
	v := m.View()
	words := strings.Fields(rocks.Description)
	golden.Contains(t, "the detail", v, "rocksdb — "+rocks.Title, strings.Join(words[len(words)-3:], " "), "state.backend.type: rocksdb", "docs")
	if len(rocks.Facts) == 0 || !strings.Contains(v, "• "+strings.Join(strings.Fields(rocks.Facts[0]), " ")[:40]) {
		t.Errorf("the detail lacks the first fact:\n%s", v)
	}
}
