package model

import (
	"path/filepath"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

// go test ./model -run Golden -update rewrites the golden screens (the
// flag is view/golden's, shared by every package's tests).

// goldenSizes are the terminal sizes every screen is checked at: a
// classic terminal and a large one.
var goldenSizes = [][2]int{{80, 24}, {140, 45}}

// screenCase is one golden screen: a starting configuration and the keys
// pressed before the snapshot.
type screenCase struct {
	name string
	role memmodel.Role
	line memmodel.Line
	cfg  memmodel.Config
	keys []string
	// source names the preset in the header; empty is the default.
	source string
}

func screenCases(t *testing.T) []screenCase {
	cases := []screenCase{
		{name: "default-taskmanager", line: memmodel.LatestLine, cfg: defaultConfig()},
		{name: "default-jobmanager", role: memmodel.JobManager, line: memmodel.LatestLine, cfg: defaultConfig()},
		// The configuration of the refusal sketched for the screen: a 2g
		// process whose framework heap leaves no task heap.
		{name: "rejected", line: memmodel.Line1_20, cfg: memmodel.Config{tmProcess: "2g", "taskmanager.memory.framework.heap.size": "1g", jmProcess: "1600m"}},
		{name: "editing", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"enter", "ctrl+u", "3", "G", "i"}},
		{name: "explain", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"down", "down", "down", "x"}},
		{name: "presets", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"p"}},
		// The detail of a highlighted training preset.
		{name: "presets-detail", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"p", "down", "down", "down", "down", "down", "down", "down", "down"}},
		{name: "export", line: memmodel.Line1_20, cfg: defaultConfig(), keys: []string{"e"}},
		// Flink 1.10 sizes its JobManager with the legacy heap option only.
		{name: "jobmanager-flink-1.10", role: memmodel.JobManager, line: memmodel.Line1_10, cfg: memmodel.Config{"jobmanager.heap.size": "2048m"}},
		{name: "help", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"?"}},
		{name: "diagnose", line: memmodel.Line1_20, cfg: defaultConfig(), keys: append(append([]string{"!"}, typed("java.lang.OutOfMemoryError: Metaspace")...), "enter")},
		// The end of the full help: the mouse and the other panels' keys;
		// and the help over a panel, which lists that panel's keys.
		{name: "help-end", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"?", "G"}},
		{name: "help-over-export", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"e", "?"}},
		{name: "ascii-bytes", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"b"}},
		// The Job rows: RocksDB switched on, then a job whose network
		// buffers fall short (parallelism 500, one keyBy, 8 slots).
		{name: "job-rocksdb", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"J", " "}},
		{name: "job-network-short", line: memmodel.LatestLine, cfg: eightSlots(),
			keys: []string{"J", "down", "down", "down", "enter", "ctrl+u", "5", "0", "0", "enter"}},
		// A target on the task heap: the field, then the solution, then
		// the layout with the solution applied and the target listed.
		{name: "target-solution", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"down", "down", "down", "t", "ctrl+u", "2", "g", "enter"}},
		{name: "target-applied", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"down", "down", "down", "t", "ctrl+u", "2", "g", "enter", "enter"}},
		// A step down of the process size breaks the target just met.
		{name: "target-broken", line: memmodel.LatestLine, cfg: defaultConfig(), keys: []string{"down", "down", "down", "t", "ctrl+u", "2", "g", "enter", "enter", "up", "up", "up", "-"}},
		// The baseline pinned at 16g on 1.16, then the upgrade view on 1.17.
		{name: "baseline-upgrade", line: memmodel.Line1_16, cfg: memmodel.Config{tmProcess: "16g", jmProcess: "1600m"}, keys: []string{"d", "v"}},
	}
	all, err := presets.All()
	if err != nil {
		t.Fatal(err)
	}
	none, err := presets.Get(presets.None)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(all, none) {
		line := memmodel.LatestLine
		if !p.AppliesTo(line) {
			lines, err := p.ClaimedLines()
			if err != nil || len(lines) == 0 {
				t.Fatalf("preset %s: lines %v: %v", p.Name, p.Lines, err)
			}
			line = lines[len(lines)-1]
		}
		cases = append(cases, screenCase{name: "preset-" + p.Name, role: p.TargetRole(), line: line, cfg: p.Config(p.TargetRole()), source: "preset " + p.Name})
	}
	return cases
}

// TestGoldenScreens snapshots View() with colour off at both sizes: the
// default TaskManager and JobManager, a refusal, the panels, the Job rows
// with the per-slot panel, and every preset.
func TestGoldenScreens(t *testing.T) {
	for _, c := range screenCases(t) {
		for _, size := range goldenSizes {
			w, h := size[0], size[1]
			name := c.name + "-" + itoa(w) + "x" + itoa(h)
			t.Run(name, func(t *testing.T) {
				m := newModel(t, c.role, c.line, c.cfg, w, h)
				if c.source != "" {
					m.source = c.source
					m.render()
				}
				if c.name == "ascii-bytes" {
					m = newASCIIModel(t, c.cfg, w, h)
				}
				m = press(t, m, c.keys...)
				got := m.View()
				golden.Frame(t, name, got, w, h)
				checkGolden(t, filepath.Join("testdata", "screens", name+".golden"), []byte(got+"\n"))
			})
		}
	}
}

// eightSlots is the default configuration with 8 slots per TaskManager.
func eightSlots() memmodel.Config {
	cfg := defaultConfig()
	cfg[slotsKey] = "8"
	return cfg
}

func newASCIIModel(t *testing.T, cfg memmodel.Config, w, h int) Model {
	t.Helper()
	m := New(Options{Input: memmodel.Input{Line: memmodel.LatestLine, Config: cfg}, Source: "preset default", ASCII: true},
		staticASCII())
	return update(t, m, teaSize(w, h))
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	golden.Check(t, path, got)
}

func itoa(n int) string { return strconv.Itoa(n) }

func staticASCII() view.Styles { return view.StaticStyles(false, true) }

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
