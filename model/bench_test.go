package model

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// BenchmarkView200x60 measures drawing one full frame at 200×60 (what
// View costs: Update renders, View returns the result).
func BenchmarkView200x60(b *testing.B) {
	benchFrames(b, newModel(b, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60))
}

// benchFrames measures drawing m's frame again and again.
func benchFrames(b *testing.B, m Model) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.render()
		_ = m.View()
	}
}

// BenchmarkKeystroke200x60 measures one keystroke that changes the
// configuration (a step of the process size), from Update to the new
// View: resolve, derive the pane and draw.
func BenchmarkKeystroke200x60(b *testing.B) {
	benchSteps(b, newModel(b, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60))
}

// benchSteps measures + and - in turn, each with the frame it draws.
func benchSteps(b *testing.B, m Model) { benchKeys(b, m, "+", "-") }

// benchKeys measures the two keys in turn, each from Update to the frame
// it draws; the second undoes the first, so every round starts alike.
func benchKeys(b *testing.B, m Model, first, second string) {
	keys := []tea.KeyMsg{keyMsg(first), keyMsg(second)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		next, _ := m.Update(keys[i%2])
		m = next.(Model)
		_ = m.View()
	}
}

// BenchmarkTypingRefused200x60 measures a keystroke in the text field
// whose value Flink refuses: resolve, compute the fixes and draw the
// refusal.
func BenchmarkTypingRefused200x60(b *testing.B) {
	m := newModel(b, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60)
	benchKeys(b, retype(b, m, "30"), "0", "backspace")
}

// BenchmarkView200x60Colour is BenchmarkView200x60 with 256 colours, the
// common case in a terminal.
func BenchmarkView200x60Colour(b *testing.B) {
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: defaultConfig()}}, view.StaticStyles(true, false))
	benchFrames(b, update(b, m, tea.WindowSizeMsg{Width: 200, Height: 60}))
}

// BenchmarkKeystrokeNetworkShort200x60 measures a step of the job's
// parallelism while its network buffers fall short: resolve, the per-slot
// analysis with the buffer estimate and its verified fixes, and the frame.
func BenchmarkKeystrokeNetworkShort200x60(b *testing.B) {
	m := newModel(b, memmodel.TaskManager, memmodel.LatestLine, eightSlots(), 200, 60)
	m = setParallelism(b, m, "500")
	if len(m.Fixes()) == 0 {
		b.Fatal("the job fits; the benchmark needs short buffers")
	}
	benchSteps(b, m)
}

// BenchmarkHeldKey500 measures a held key: 500 queued + delivered one
// after another, then the one frame the terminal shows, at 200×60.
func BenchmarkHeldKey500(b *testing.B) {
	m := newModel(b, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 200, 60)
	plus := keyMsg("+")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		next := m
		for j := 0; j < 500; j++ {
			n, _ := next.Update(plus)
			next = n.(Model)
		}
		_ = next.View()
	}
}

// BenchmarkKeystrokeLargeConfig measures one + with 100,000 keys the
// memory model does not read loaded (a large config.yaml), at 200×60.
func BenchmarkKeystrokeLargeConfig(b *testing.B) {
	benchSteps(b, newModel(b, memmodel.TaskManager, memmodel.LatestLine, withUnreadKeys(100000), 200, 60))
}
