package model

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

const slotsKey = "taskmanager.numberOfTaskSlots"

// onJobRow moves the cursor to a Job row with J and the arrow keys.
func onJobRow(t testing.TB, m Model, f jobField) Model {
	t.Helper()
	m = press(t, m, "J")
	for i := 0; i < int(f); i++ {
		m = press(t, m, "down")
	}
	if got, ok := m.selectedJob(); !ok || got != f {
		t.Fatalf("cursor on row %d (%v), want Job row %s", m.selected, ok, f.label())
	}
	return m
}

// setParallelism types a parallelism into its field.
func setParallelism(t testing.TB, m Model, p string) Model {
	t.Helper()
	m = onJobRow(t, m, jobParallelism)
	m = retype(t, m, p)
	return press(t, m, "enter")
}

func TestToggleRocksDBShowsItsBudget(t *testing.T) {
	cfg := defaultConfig()
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 140, 45)
	if m.Slots() == nil || m.Slots().RocksDB != nil {
		t.Fatalf("before the toggle the job has no RocksDB: %+v", m.Slots())
	}
	if strings.Contains(m.View(), "rocksdb  ") {
		t.Fatalf("a RocksDB line before the toggle:\n%s", m.View())
	}
	m = onJobRow(t, m, jobRocksDB)
	m = press(t, m, " ")
	if !m.Uses().RocksDB {
		t.Fatal("space did not switch RocksDB on")
	}
	l, err := memmodel.Resolve(m.Input())
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := memmodel.RocksDB(&l, cfg, memmodel.Uses{RocksDB: true})
	if err != nil || want == nil {
		t.Fatalf("memmodel.RocksDB: %v, %v", want, err)
	}
	got := m.Slots().RocksDB
	if got == nil || *got != *want {
		t.Fatalf("model's RocksDB budget = %+v, want %+v", got, want)
	}
	// RocksDB alone gets the slot's whole managed memory (536870920 bytes,
	// 0.4 × 1280m as Flink multiplies), and with the default write buffer
	// ratio 0.5 the cache is 2.5/3 of it, in Flink's double arithmetic.
	if slot := m.Slots().Profile.Managed; want.Budget != slot || slot != 536870920 {
		t.Errorf("budget %d bytes, slot's managed memory %d; want both 536870920", want.Budget, slot)
	}
	if cache := memmodel.MemorySize(float64(want.Budget) * (3 - 0.5) / 3); want.BlockCache != cache {
		t.Errorf("cache %d bytes, want %d", want.BlockCache, cache)
	}
	line := "rocksdb  managed " + want.Budget.Human() + " · cache " + want.BlockCache.Human() + " · write buffers " +
		want.WriteBufferManager.Human() + " · high-prio " + want.HighPriorityPool.Human()
	if !strings.Contains(m.View(), line) {
		t.Errorf("the panel lacks %q:\n%s", line, m.View())
	}
	if !strings.Contains(m.View(), "managed  STATE_BACKEND 100 % → 512 MiB") {
		t.Errorf("the managed line does not give STATE_BACKEND the slot:\n%s", m.View())
	}
	// The switch is undoable like every change.
	m = press(t, m, "u")
	if m.Uses().RocksDB || m.Slots().RocksDB != nil || strings.Contains(m.View(), "rocksdb  ") {
		t.Errorf("u did not switch RocksDB off again:\n%s", m.View())
	}
	m = press(t, m, "ctrl+r")
	if !m.Uses().RocksDB {
		t.Error("ctrl+r did not switch RocksDB back on")
	}
}

func TestTogglePythonSharesTheSlot(t *testing.T) {
	cfg := defaultConfig()
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 140, 45)
	m = onJobRow(t, m, jobRocksDB)
	m = press(t, m, "enter") // enter switches a switch row too
	m = press(t, m, "down", " ")
	uses := memmodel.Uses{RocksDB: true, Python: true}
	if m.Uses() != uses {
		t.Fatalf("uses %v, want %v", m.Uses(), uses)
	}
	var state *memmodel.ManagedShare
	for i, s := range m.Slots().Shares {
		if s.Consumer == memmodel.ConsumerStateBackend {
			state = &m.Slots().Shares[i]
		}
	}
	// Default weights OPERATOR:70,STATE_BACKEND:70,PYTHON:30: with
	// RocksDB and Python, STATE_BACKEND gets 70 of 100.
	if state == nil || state.Weight != 70 || state.Fraction != 0.7 {
		t.Fatalf("STATE_BACKEND share = %+v, want weight 70 and fraction 0.7", state)
	}
	l, _ := memmodel.Resolve(m.Input())
	want, _, err := memmodel.ManagedShares(&l, cfg, uses)
	if err != nil || len(want) != 2 || want[0] != m.Slots().Shares[0] || want[1] != m.Slots().Shares[1] {
		t.Fatalf("shares %+v, want %+v (%v)", m.Slots().Shares, want, err)
	}
	if got := m.Slots().RocksDB.Budget; got != state.PerSlot {
		t.Errorf("RocksDB budget %s, want STATE_BACKEND's %s", got, state.PerSlot)
	}
	golden.Contains(t, "the screen", m.View(), "managed  STATE_BACKEND 70 % → 358.4 MiB · PYTHON 30 % → 153.6 MiB", "rocksdb  managed 358.4 MiB",
		"Python UDFs                                on     153.6 MiB per slot (30 %)")
}

func TestNetworkShortFixAndUndo(t *testing.T) {
	cfg := eightSlots()
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 140, 45)
	if m.Slots().Network.Required != nil {
		t.Fatal("a requirement before any parallelism was given")
	}
	m = setParallelism(t, m, "500")
	job := memmodel.JobShape{Parallelism: 500, AllToAll: 1}
	if m.Job() == nil || *m.Job() != job {
		t.Fatalf("job shape %+v, want %+v", m.Job(), job)
	}
	want, err := memmodel.NetworkBuffers(m.Input(), nil, &job)
	if err != nil {
		t.Fatal(err)
	}
	n := m.Slots().Network
	if n.Required == nil || *n.Required != *want.Required || n.Available != want.Available || n.Short() <= 0 {
		t.Fatalf("network: required %v available %d, want required %d > available %d", n.Required, n.Available, *want.Required, want.Available)
	}
	fixes := m.Fixes()
	if len(fixes) == 0 || fixes[0].Description != want.Fixes[0].Description {
		t.Fatalf("fixes on offer %v, want the network's %v", fixes, want.Fixes)
	}
	v := m.View()
	golden.Contains(t, "the screen", v,
		"network  ! "+itoa(int(*n.Required))+" buffers required, "+itoa(int(n.Available))+" available: "+itoa(int(n.Short()))+" short",
		"[1] "+fixes[0].Description,
		itoa(int(n.Short()))+" network buffers short",
		"1-9 apply a listed fix",
	)

	m = press(t, m, "1")
	if m.Slots().Network.Short() != 0 {
		t.Fatalf("fix 1 (%s) left %d buffers short", fixes[0].Description, m.Slots().Network.Short())
	}
	if !configsEqual(m.Input().Config, fixes[0].Apply(cfg)) {
		t.Errorf("config after fix = %v, want %v", m.Input().Config, fixes[0].Apply(cfg))
	}
	if !strings.Contains(m.View(), "buffers required ≤") || !strings.Contains(m.Status(), "applied fix 1") {
		t.Errorf("the panel does not say the job fits (status %q):\n%s", m.Status(), m.View())
	}
	if len(m.Fixes()) != 0 {
		t.Errorf("fixes still on offer once it fits: %v", m.Fixes())
	}

	// u undoes the fix, then the parallelism.
	m = press(t, m, "u")
	if !configsEqual(m.Input().Config, cfg) || m.Slots().Network.Short() != n.Short() {
		t.Errorf("after u: config %v, short %d; want %v, %d", m.Input().Config, m.Slots().Network.Short(), cfg, n.Short())
	}
	m = press(t, m, "u")
	if m.Job() != nil || m.Slots().Network.Required != nil {
		t.Errorf("the second u did not drop the job shape: %+v", m.Job())
	}
}

// p500OnEightSlots opens the explorer at w×h on eight slots and gives the
// job a parallelism of 500, which leaves the network buffers short. It
// returns the configuration the fixes apply to.
func p500OnEightSlots(t *testing.T, w, h int) (Model, memmodel.Config) {
	t.Helper()
	cfg := eightSlots()
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, w, h)
	return setParallelism(t, m, "500"), cfg
}

func TestNetworkFixesApplyByMouse(t *testing.T) {
	m, cfg := p500OnEightSlots(t, 140, 45)
	fixes := m.Fixes()
	for _, h := range m.shown().Hits {
		if h.Kind == view.HitFix && h.Index == 1 {
			m = update(t, m, tea.MouseMsg{X: h.X0 + 10, Y: h.Y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
			if !configsEqual(m.Input().Config, fixes[1].Apply(cfg)) || m.Slots().Network.Short() != 0 {
				t.Errorf("click on fix 2: config %v, short %d", m.Input().Config, m.Slots().Network.Short())
			}
			return
		}
	}
	t.Fatalf("fix 2 is not clickable:\n%s", m.View())
}

// rocksDBBatch is an explorer on a configuration that declares RocksDB
// and batch execution, with the cursor on the RocksDB row.
func rocksDBBatch(t *testing.T) Model {
	cfg := defaultConfig()
	cfg["state.backend.type"] = "rocksdb"
	cfg["execution.runtime-mode"] = "BATCH"
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 140, 45)
	return onJobRow(t, m, jobRocksDB)
}

func TestConsumersFromTheConfigurationStayOn(t *testing.T) {
	m := rocksDBBatch(t)
	v := m.View()
	golden.Contains(t, "the screen", v, "RocksDB state                              on     via state.backend.type · ",
		"batch operators                            on     via execution.runtime-mode · ",
		"batch execution                            on     via execution.runtime-mode · blocking exchanges")
	m = setParallelism(t, m, "4")
	if m.Job() == nil || !m.Job().Batch {
		t.Errorf("execution.runtime-mode BATCH does not make the shape batch: %+v", m.Job())
	}
}

// A row the configuration switches on is switched off in the
// configuration, as one undoable change (issue 9, item 24): the state
// backend becomes hashmap, the runtime mode STREAMING.
func TestStateBackendAndRuntimeModeSwitchInTheConfiguration(t *testing.T) {
	m := press(t, rocksDBBatch(t), " ")
	if got := m.Input().Config["state.backend.type"]; got != "hashmap" || m.Uses().RocksDB || len(m.undo) != 1 {
		t.Errorf("space on RocksDB from the configuration: state.backend.type %q, uses %v, %d changes", got, m.Uses(), len(m.undo))
	}
	if !strings.Contains(m.Status(), "state.backend.type: hashmap (was rocksdb)") {
		t.Errorf("status %q", m.Status())
	}
	m = onJobRow(t, m, jobBatch)
	m = press(t, m, " ")
	if got := m.Input().Config["execution.runtime-mode"]; got != "STREAMING" || m.Uses().Operators {
		t.Errorf("space on batch execution: execution.runtime-mode %q, uses %v", got, m.Uses())
	}
	m = press(t, m, "u", "u")
	if got := m.Input().Config; got["state.backend.type"] != "rocksdb" || got["execution.runtime-mode"] != "BATCH" {
		t.Errorf("undo did not restore the configuration: %v", got)
	}
}

func TestJobCountsValidateWhileTyping(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = onJobRow(t, m, jobParallelism)
	m = press(t, m, "enter")
	m = typeText(t, m, "12")
	if m.Job() == nil || m.Job().Parallelism != 12 || m.edit.bad {
		t.Fatalf("typing 12 did not preview parallelism 12: %+v %q", m.Job(), m.edit.note)
	}
	m = typeText(t, m, "x")
	if !m.edit.bad || !strings.Contains(m.edit.note, `"12x" is not a whole number`) {
		t.Errorf("12x: bad=%v note %q", m.edit.bad, m.edit.note)
	}
	if m.Job().Parallelism != 12 {
		t.Errorf("an unreadable count changed the preview to %+v", m.Job())
	}
	m = press(t, m, "enter") // not kept
	if m.Job() != nil || len(m.undo) != 0 || m.active != panelMain {
		t.Errorf("an unreadable count was kept: %+v, %d changes", m.Job(), len(m.undo))
	}
	m = press(t, m, "enter")
	m = typeText(t, m, "0")
	if !m.edit.bad || !strings.Contains(m.edit.note, "parallelism 0 is too small") {
		t.Errorf("0: bad=%v note %q", m.edit.bad, m.edit.note)
	}
	m = press(t, m, "esc")
	if m.Job() != nil {
		t.Errorf("esc kept %+v", m.Job())
	}
	m = press(t, m, "down", "enter", "ctrl+u")
	m = typeText(t, m, "99999999999")
	if !m.edit.bad || !strings.Contains(m.edit.note, "at most 2147483647") {
		t.Errorf("a count beyond an int: bad=%v note %q", m.edit.bad, m.edit.note)
	}
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "3")
	m = press(t, m, "enter")
	if m.job.AllToAll != 3 || len(m.undo) != 1 {
		t.Errorf("all-to-all %d after typing 3, %d changes", m.job.AllToAll, len(m.undo))
	}
}

func TestJobStepsAndUnset(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = onJobRow(t, m, jobParallelism)
	steps := []struct {
		key  string
		want int
	}{{"+", 1}, {"]", 101}, {"-", 100}, {"[", 1}, {"-", 1}, {"+", 2}, {"delete", 0}}
	for _, s := range steps {
		m = press(t, m, s.key)
		if m.job.Parallelism != s.want {
			t.Fatalf("after %s: parallelism %d, want %d", s.key, m.job.Parallelism, s.want)
		}
	}
	m = press(t, m, "down", "-", "-")
	if m.job.AllToAll != 0 || !strings.Contains(m.Status(), "already 0") {
		t.Errorf("all-to-all %d, status %q", m.job.AllToAll, m.Status())
	}
	m = press(t, m, "]", "delete")
	if m.job.AllToAll != defaultAllToAll {
		t.Errorf("del left all-to-all at %d", m.job.AllToAll)
	}
	m = press(t, m, "down", "down", "+")
	if got := m.Input().Config["execution.runtime-mode"]; got != "BATCH" || !m.Uses().Operators {
		t.Errorf("+ did not switch batch execution on: execution.runtime-mode %q, uses %v", got, m.Uses())
	}
	m = press(t, m, "delete")
	if _, ok := m.Input().Config["execution.runtime-mode"]; ok || m.Uses().Operators {
		t.Errorf("del did not switch batch execution off: %v", m.Input().Config)
	}
	// Every step that changed a value was a change of its own: six of the
	// parallelism (the second - stops at 1), five of the others.
	if len(m.undo) != 11 {
		t.Errorf("%d changes to undo, want 11", len(m.undo))
	}
}

func TestStartsWithUsesAndJob(t *testing.T) {
	job := memmodel.JobShape{Parallelism: 4, AllToAll: 2, Forward: 1}
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: defaultConfig()},
		Uses: memmodel.Uses{Python: true}, Job: &job}, view.StaticStyles(false, false))
	m = update(t, m, teaSize(140, 45))
	if m.Uses() != (memmodel.Uses{Python: true}) || m.Job() == nil || *m.Job() != job {
		t.Fatalf("uses %v, job %+v", m.Uses(), m.Job())
	}
	r := m.Slots()
	if len(r.Shares) != 1 || r.Shares[0].Consumer != memmodel.ConsumerPython || r.Network.Required == nil {
		t.Errorf("per slot: shares %+v, required %v", r.Shares, r.Network.Required)
	}
	// The first screen still starts on the process size.
	if m.Selected().ID != memmodel.TMProcessSize {
		t.Errorf("cursor on %q", m.Selected().Key)
	}
}

func TestPeekScrollsThroughThePanel(t *testing.T) {
	m, _ := p500OnEightSlots(t, 80, 24)
	fixes := m.Fixes()
	last := fixes[len(fixes)-1].Description
	m = press(t, m, "down", "down", "down")
	if strings.Contains(m.View(), "["+itoa(len(fixes))+"]") {
		t.Fatalf("the last fix already shows at 80x24; the test needs a longer panel:\n%s", m.View())
	}
	m = press(t, m, "down", "down", "down", "down", "down")
	if m.peek == 0 || !strings.Contains(m.View(), "["+itoa(len(fixes))+"] "+last[:30]) {
		t.Errorf("down past the last row did not scroll to the last fix (peek %d):\n%s", m.peek, m.View())
	}
	m = press(t, m, "pgdown", "pgdown", "pgdown")
	if !strings.Contains(m.View(), "JVM  -Xmx") {
		t.Errorf("pgdown did not reach the end of the pane:\n%s", m.View())
	}
	for i := 0; i < 40 && m.peek > 0; i++ {
		m = press(t, m, "up")
	}
	if f, ok := m.selectedJob(); !ok || f != jobBatch || !strings.Contains(m.View(), "› ") {
		t.Errorf("up did not scroll back to the selection:\n%s", m.View())
	}
	m = press(t, m, "up")
	if f, _ := m.selectedJob(); f != jobForward {
		t.Errorf("up after scrolling back is on %s", f.label())
	}
}

func TestJobRowsExplainAndBelongToTheTaskManager(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	m = onJobRow(t, m, jobAllToAll)
	m = press(t, m, "x")
	if m.active != panelExplain || !strings.Contains(m.View(), "Job · all-to-all exchanges") || !strings.Contains(m.View(), "keyBy") {
		t.Errorf("x on a Job row:\n%s", m.View())
	}
	m = press(t, m, "esc", "tab")
	if m.jobRows() != 0 || strings.Contains(m.View(), "RocksDB state") {
		t.Errorf("the JobManager shows Job rows:\n%s", m.View())
	}
	m = press(t, m, "J")
	if !strings.Contains(m.Status(), "TaskManager") {
		t.Errorf("J on the JobManager: status %q", m.Status())
	}
	// Back on the TaskManager the shape is as it was.
	m = press(t, m, "tab", "J", "down", "down", "down", "+", "tab", "tab")
	if m.Job() == nil || m.Job().Parallelism != 1 {
		t.Errorf("job shape after switching roles: %+v", m.Job())
	}
}
