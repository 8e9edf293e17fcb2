package model

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

// misspeltNote is the notice the command line hands over for
// -D taskmanager.memory.proces.size=4g.
var misspeltNote = view.ReportNote{Code: "unknown-key",
	Message: "-D: taskmanager.memory.proces.size is not a Flink memory option, so Flink ignores it; did you mean taskmanager.memory.process.size?"}

// misspelt is the explorer of flinkmem -D taskmanager.memory.proces.size=4g
// --preset none, sized w×h.
func misspelt(t *testing.T, w, h int) Model {
	t.Helper()
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: memmodel.Config{"taskmanager.memory.proces.size": "4g"}},
		Source: "preset none + 1 -D option", Preset: "none", Notices: []view.ReportNote{misspeltNote}, Clipboard: &bytes.Buffer{}},
		view.StaticStyles(false, false))
	return update(t, m, teaSize(w, h))
}

// A refusal shows the notices about keys Flink did not read above its
// reason: the misspelt key explains "no size configured" (issue 9, item
// 21).
func TestRefusalShowsTheInputNotices(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		w, h := size[0], size[1]
		name := "refused-input-notices-" + itoa(w) + "x" + itoa(h)
		m := misspelt(t, w, h)
		got := m.View()
		golden.Frame(t, name, got, w, h)
		golden.Contains(t, name, got, "did you mean taskmanager.memory.process.size?", "No size configured")
		if strings.Index(got, "proces.size is not a Flink") > strings.Index(got, "No size configured") {
			t.Errorf("%s: the notice comes after the refusal:\n%s", name, got)
		}
		checkGolden(t, filepath.Join("testdata", "screens", name+".golden"), []byte(got+"\n"))
	}
}

// Many notices keep the refusal in view: they are cut to a few lines
// that count those left out.
func TestManyInputNoticesAreCounted(t *testing.T) {
	m := misspelt(t, 80, 24)
	for i := 0; i < 4; i++ {
		m.notices = append(m.notices, misspeltNote)
	}
	m.render()
	golden.Contains(t, "the screen", m.View(), "and 4 more notices about the input", "No size configured")
}

// With a layout the notices are listed with the layout's own; they
// belong to the input they describe, so loading a preset drops them and
// undo brings them back.
func TestInputNoticesFollowTheirInput(t *testing.T) {
	m := misspelt(t, 140, 45)
	m = press(t, m, "1")
	if m.err != nil {
		t.Fatalf("fix 1 did not resolve: %v", m.err)
	}
	golden.Contains(t, "the layout", m.View(), "⚑ -D: taskmanager.memory.proces.size is not a Flink memory option")
	m = press(t, m, "p", "enter")
	if strings.Contains(m.View(), "proces.size") {
		t.Errorf("a loaded preset keeps the notices of the input it replaced:\n%s", m.View())
	}
	m = press(t, m, "u")
	golden.Contains(t, "after undo", m.View(), "proces.size is not a Flink memory option")
}

// onDefaultBase is the explorer as flinkmem without -c, -D or --preset
// starts it: the default preset standing in for the user's input.
func onDefaultBase(t *testing.T, base bool) Model {
	t.Helper()
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: defaultConfig()},
		Source: "preset default (no -c, -D or --preset given)", Preset: "default", DefaultBase: base, Clipboard: &bytes.Buffer{}},
		view.StaticStyles(false, false))
	return update(t, m, teaSize(140, 45))
}

// A total the user sets on the default base replaces the preset's, as
// -D does (issue 9, item 22): 4g of Flink memory is 4g of Flink memory,
// not 4g beside a hidden 1728m process. Undo brings the preset's back.
func TestSizeOnTheDefaultBaseReplacesItsTotal(t *testing.T) {
	m := selectKey(t, onDefaultBase(t, true), "taskmanager.memory.flink.size")
	m = retype(t, m, "4g")
	if m.edit.refused {
		t.Errorf("typing 4g is refused while the preset's process size should give way: %s", m.edit.note)
	}
	m = press(t, m, "enter")
	cfg := m.Input().Config
	if _, ok := cfg[tmProcess]; ok || cfg["taskmanager.memory.flink.size"] != "4g" || cfg[jmProcess] != "1600m" {
		t.Fatalf("configuration %v: want flink.size 4g, no TaskManager process size, the JobManager's kept", cfg)
	}
	l, err := m.Result()
	if err != nil || l.TotalFlink != 4*memmodel.GiB || l.Mode != memmodel.ModeTotalFlink {
		t.Fatalf("layout: Flink %d, mode %v, %v", l.TotalFlink, l.Mode, err)
	}
	golden.Contains(t, "the screen", m.View(), "preset default as base, TaskManager size set here",
		"the default preset's taskmanager.memory.process.size no longer applies")
	// A later size of the user's own is never dropped, even at the
	// preset's value.
	m = retype(t, selectKey(t, m, tmProcess), "1728m")
	m = press(t, m, "enter")
	if cfg := m.Input().Config; cfg[tmProcess] != "1728m" || cfg["taskmanager.memory.flink.size"] != "4g" {
		t.Errorf("the user's process size: %v", cfg)
	}
	m = press(t, m, "u", "u")
	if cfg := m.Input().Config; cfg[tmProcess] != "1728m" || cfg["taskmanager.memory.flink.size"] != "" || m.source != "preset default (no -c, -D or --preset given)" {
		t.Errorf("undo: %v, source %q", cfg, m.source)
	}
	// A step on the JobManager's heap replaces the JobManager's total.
	m = press(t, m, "tab")
	m = selectKey(t, m, "jobmanager.memory.heap.size")
	m = press(t, m, "+")
	if _, ok := m.Input().Config[jmProcess]; ok || m.err != nil {
		t.Errorf("JobManager heap on the base: %v, %v", m.Input().Config, m.err)
	}
}

// A preset the user chose is no stand-in: its total stays, and Flink's
// verdict on both sizes is shown.
func TestSizeOnAChosenPresetKeepsItsTotal(t *testing.T) {
	m := selectKey(t, onDefaultBase(t, false), "taskmanager.memory.flink.size")
	m = press(t, retype(t, m, "4g"), "enter")
	if cfg := m.Input().Config; cfg[tmProcess] != "1728m" {
		t.Errorf("the chosen preset's process size went: %v", cfg)
	}
}

// A change that breaks a configuration gets fixes that keep the heap it
// had before (issue 9, item 18): with 4g and 1.425 GiB task heap, managed
// memory of 4g is first fixed by a process of 7459m, which keeps that
// heap, not by 6132m, which keeps only Flink's default 384 MiB.
func TestFixesKeepTheHeapBeforeTheChange(t *testing.T) {
	cfg := memmodel.Config{tmProcess: "4g", jmProcess: "1600m"}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, cfg, 140, 45)
	before, _ := m.Result()
	m = selectKey(t, m, "taskmanager.memory.managed.size")
	m = press(t, retype(t, m, "4g"), "enter")
	_, err := m.Result()
	if err == nil {
		t.Fatal("managed memory of 4g in a 4g process resolved")
	}
	want := memmodel.FixesKeeping(m.Input(), err, before.Size[memmodel.TaskHeap])
	got := m.Fixes()
	if len(got) == 0 || len(got) != len(want) || got[0].Description != want[0].Description {
		t.Fatalf("fixes %q, want %q", descriptions(got), descriptions(want))
	}
	if got[0].Description != "raise taskmanager.memory.process.size to 7459m" || got[0].Note != "keeps 1.425 GiB task heap" {
		t.Errorf("first fix %q (%s)", got[0].Description, got[0].Note)
	}
	last := got[len(got)-1]
	if !last.BareMinimum {
		t.Errorf("last fix %q is not bare minimum", last.Description)
	}
	golden.Contains(t, "the screen", m.View(), "[1] raise taskmanager.memory.process.size to 7459m (keeps 1.425 GiB task heap)",
		"(bare minimum: leaves only")
	// Undo back to the layout, redo to the refusal: the same fixes.
	m = press(t, m, "u", "ctrl+r")
	if f := m.Fixes(); len(f) == 0 || f[0].Description != got[0].Description {
		t.Errorf("after undo and redo the fixes are %q", descriptions(f))
	}
}

// Switching RocksDB or batch execution on writes the key into the
// configuration, as one change, so that exports carry it (issue 9, item
// 24); Flink before 1.17 spells the state backend state.backend, and
// before 1.12 has no runtime mode to write.
func TestJobSwitchesWriteTheConfiguration(t *testing.T) {
	m := onJobRow(t, newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 140, 45), jobRocksDB)
	m = press(t, m, " ")
	if got := m.Input().Config["state.backend.type"]; got != "rocksdb" || !m.Uses().RocksDB || len(m.undo) != 1 {
		t.Errorf("state.backend.type %q, uses %v, %d changes", got, m.Uses(), len(m.undo))
	}
	m = onJobRow(t, m, jobBatch)
	m = press(t, m, " ")
	if got := m.Input().Config["execution.runtime-mode"]; got != "BATCH" || !m.Uses().Operators {
		t.Errorf("execution.runtime-mode %q, uses %v", got, m.Uses())
	}
	m = press(t, m, "e")
	golden.Contains(t, "the export", string(m.exp.data), "state:\n  backend:\n    type: rocksdb", "execution:\n  runtime-mode: BATCH")
	m = press(t, m, "esc", "u", "u")
	if cfg := m.Input().Config; cfg["state.backend.type"] != "" || cfg["execution.runtime-mode"] != "" || m.Uses().RocksDB {
		t.Errorf("undo left %v, uses %v", cfg, m.Uses())
	}

	m = onJobRow(t, newModel(t, memmodel.TaskManager, memmodel.Line1_16, defaultConfig(), 140, 45), jobRocksDB)
	m = press(t, m, " ")
	if got := m.Input().Config["state.backend"]; got != "rocksdb" {
		t.Errorf("Flink 1.16: state.backend %q (%v)", got, m.Input().Config)
	}
	m = onJobRow(t, newModel(t, memmodel.TaskManager, memmodel.Line1_11, defaultConfig(), 140, 45), jobBatch)
	m = press(t, m, " ")
	if _, ok := m.Input().Config["execution.runtime-mode"]; ok || !m.job.Batch {
		t.Errorf("Flink 1.11: %v, batch %v", m.Input().Config, m.job.Batch)
	}
}

// descriptions are the fixes' descriptions with their notes.
func descriptions(fixes []memmodel.Fix) []string {
	out := make([]string, len(fixes))
	for i, fx := range fixes {
		out[i] = fx.Description + " (" + fx.Note + ")"
	}
	return out
}
