package view

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

func resolve(t testing.TB, role memmodel.Role, cfg memmodel.Config) memmodel.Layout {
	t.Helper()
	l, err := memmodel.Resolve(memmodel.Input{Role: role, Line: memmodel.LatestLine, Config: cfg})
	if err != nil {
		t.Fatalf("Resolve(%v): %v", cfg, err)
	}
	return l
}

var (
	defaultTM = memmodel.Config{"taskmanager.memory.process.size": "1728m"}
	defaultJM = memmodel.Config{"jobmanager.memory.process.size": "1600m"}
	// tinyHeap leaves 0.25 MiB of task heap: valid, and still drawn.
	tinyHeap = memmodel.Config{"taskmanager.memory.process.size": "2845m", "taskmanager.memory.framework.heap.size": "1g"}
)

func colourStyles(ascii bool) Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	return NewStyles(r, ascii)
}

func TestSegmentsFillTheBarAndShowEveryComponent(t *testing.T) {
	layouts := map[string]memmodel.Layout{
		"default": resolve(t, memmodel.TaskManager, defaultTM),
		"tiny":    resolve(t, memmodel.TaskManager, tinyHeap),
		"jm":      resolve(t, memmodel.JobManager, defaultJM),
	}
	for name, l := range layouts {
		for _, w := range []int{60, 80, 97, 140, 200} {
			segs := Segments(&l, w)
			pos := 0
			var got []memmodel.Component
			for _, s := range segs {
				if s.Start != pos {
					t.Errorf("%s/%d: %s starts at %d, want %d", name, w, s.Component, s.Start, pos)
				}
				if s.End-s.Start < 8 {
					t.Errorf("%s/%d: %s is %d eighths, less than a cell", name, w, s.Component, s.End-s.Start)
				}
				pos = s.End
				got = append(got, s.Component)
			}
			if pos != 8*w {
				t.Errorf("%s/%d: segments end at %d, want %d", name, w, pos, 8*w)
			}
			var want []memmodel.Component
			for _, c := range memmodel.Components(l.Role) {
				if l.Size[c] > 0 {
					want = append(want, c)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s/%d: components %v, want %v", name, w, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s/%d: segment %d is %s, want %s", name, w, i, got[i], want[i])
				}
			}
		}
	}
}

func TestSegmentsAreProportional(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	const w = 200
	for _, s := range Segments(&l, w) {
		want := float64(l.Size[s.Component]) / float64(l.TotalProcess) * 8 * w
		if got := float64(s.End - s.Start); got < want-1 || got > want+1 {
			t.Errorf("%s: %v eighths, want %.2f ± 1", s.Component, got, want)
		}
	}
}

func TestBarGlyphs(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	plain := StaticStyles(false, false)
	for _, tc := range []struct {
		name  string
		st    Styles
		check func(t *testing.T, bar string)
	}{
		{"no colour", plain, func(t *testing.T, bar string) {
			if strings.Contains(bar, "\x1b") {
				t.Error("escape codes without colour")
			}
			for _, k := range []string{"█", "▓", "▒", "░", "▚", "▞"} {
				if !strings.Contains(bar, k) {
					t.Errorf("pattern %s missing", k)
				}
			}
		}},
		{"colour", colourStyles(false), func(t *testing.T, bar string) {
			if !strings.Contains(bar, "\x1b[") || !strings.Contains(bar, ";48;5;") && !strings.Contains(bar, "[48;5;") {
				t.Errorf("no background colour for edge cells: %q", bar)
			}
			hasEighth := false
			eighths := UnicodeGlyphs().Eighths
			for _, e := range eighths[1:] {
				hasEighth = hasEighth || strings.Contains(bar, e)
			}
			if !hasEighth {
				t.Error("no eighth block at any edge")
			}
		}},
		{"ascii", StaticStyles(false, true), func(t *testing.T, bar string) {
			for _, r := range bar {
				if r > 0x7f {
					t.Fatalf("non-ASCII %q in %q", r, bar)
				}
			}
			if !strings.Contains(bar, "#|#") {
				t.Errorf("framework and task heap are not separated: %q", bar)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range []int{60, 100, 173} {
				bar := Bar(&l, w, 1, tc.st)
				if got := width(bar); got != w {
					t.Errorf("width %d: bar is %d cells", w, got)
				}
				tc.check(t, bar)
			}
		})
	}
}

func TestRulersNest(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	const w = 120
	rows := Rulers(&l, w, StaticStyles(false, false))
	if len(rows) != 3 {
		t.Fatalf("%d ruler rows, want 3", len(rows))
	}
	for i, r := range rows {
		if width(r) != w {
			t.Errorf("row %d is %d cells", i, width(r))
		}
	}
	if !strings.HasPrefix(rows[2], "└") || !strings.HasSuffix(rows[2], "┘") || !strings.Contains(rows[2], "Total Process 1.688 GiB (1728m)") {
		t.Errorf("process ruler = %q", rows[2])
	}
	// Total Flink ends where the metaspace segment begins.
	var meta Segment
	for _, s := range Segments(&l, w) {
		if s.Component == memmodel.Metaspace {
			meta = s
		}
	}
	from, _ := meta.Cells()
	if got := []rune(rows[1])[from-1]; got != '┘' {
		t.Errorf("cell %d of the Flink ruler is %q, want its end", from-1, got)
	}
	if !strings.Contains(rows[0], "JVM heap (-Xmx) 512 MiB") || !strings.Contains(rows[1], "Total Flink 1.25 GiB") {
		t.Errorf("labels missing:\n%s\n%s", rows[0], rows[1])
	}
}

func TestRenderFillsTheTerminalExactly(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: defaultTM}
	refused := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: memmodel.Config{"taskmanager.memory.process.size": "300m"}}
	_, rerr := memmodel.Resolve(refused)
	for _, st := range []Styles{StaticStyles(false, false), colourStyles(false), StaticStyles(false, true)} {
		for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}, {140, 45}, {200, 60}} {
			for _, f := range []Frame{
				{Input: in, Layout: l, Options: VisibleOptions(in.Role, in.Line, in.Config), Help: "q quit"},
				{Input: refused, Err: rerr, Fixes: memmodel.Fixes(refused, rerr), Options: VisibleOptions(in.Role, in.Line, refused.Config), Help: "q quit"},
				{Input: in, Layout: l, Overlay: &Overlay{Title: "t", Body: "b"}},
			} {
				f.Width, f.Height = size[0], size[1]
				out := Render(f, st).Text
				golden.Frame(t, fmt.Sprintf("%dx%d", size[0], size[1]), out, size[0], size[1])
				if !st.Color && strings.Contains(out, "\x1b") {
					t.Errorf("%dx%d: escape codes without colour", size[0], size[1])
				}
			}
		}
	}
}

func TestRenderRefusal(t *testing.T) {
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{
		"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}}
	_, err := memmodel.Resolve(in)
	rej := err.(*memmodel.Rejection)
	f := Frame{Width: 120, Height: 40, Input: in, Err: err, Fixes: memmodel.Fixes(in, err), Options: VisibleOptions(in.Role, in.Line, in.Config)}
	out := Render(f, StaticStyles(false, false)).Text
	golden.Contains(t, "refusal screen", out, "Flink would not start this TaskManager", "No room left for task heap", "[1] ", "2 GiB process")
	if strings.Contains(out, "Total Flink 1.") {
		t.Errorf("a refused screen shows rulers of a layout:\n%s", out)
	}
	for _, k := range rej.Keys() {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, k+" ") && strings.Contains(line, "⚑") {
				found = true
			}
		}
		if !found && k != "taskmanager.memory.process.size" { // the cursor marks that row
			t.Errorf("involved key %s is not flagged", k)
		}
	}
}

func TestTooSmall(t *testing.T) {
	out := Render(Frame{Width: 59, Height: 30}, StaticStyles(false, false)).Text
	if !strings.Contains(out, "terminal too small (need 60×20)") {
		t.Errorf("got %q", out)
	}
	if lines := strings.Split(out, "\n"); len(lines) != 30 || width(lines[0]) != 59 {
		t.Errorf("too-small screen is %d lines of %d cells", len(lines), width(lines[0]))
	}
}

func TestHits(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: defaultTM}
	scr := Render(Frame{Width: 140, Height: 45, Input: in, Layout: l, Options: VisibleOptions(in.Role, in.Line, in.Config)}, StaticStyles(false, false))
	lines := strings.Split(scr.Text, "\n")
	seen := map[HitKind]int{}
	for _, h := range scr.Hits {
		seen[h.Kind]++
		switch h.Kind {
		case HitLegend:
			if !strings.Contains(lines[h.Y], h.Component.String()) {
				t.Errorf("legend hit for %s on line %q", h.Component, lines[h.Y])
			}
		case HitOption:
			if o := VisibleOptions(in.Role, in.Line, in.Config)[h.Index]; !strings.Contains(lines[h.Y], o.Key) {
				t.Errorf("option hit for %s on line %q", o.Key, lines[h.Y])
			}
		}
	}
	if seen[HitSegment] != 2*7 || seen[HitLegend] != 8 || seen[HitRole] != 2 || seen[HitOption] == 0 {
		t.Errorf("hits by kind: %v", seen)
	}
	if h, ok := scr.HitAt(1, 0); ok && h.Kind == HitRole {
		t.Errorf("the app name is a role tab: %+v", h)
	}
}

func TestVisibleOptions(t *testing.T) {
	plain := VisibleOptions(memmodel.TaskManager, memmodel.Line1_20, memmodel.Config{})
	for _, o := range plain {
		if o.Legacy {
			t.Errorf("legacy %s shown without being set", o.Key)
		}
	}
	withLegacy := VisibleOptions(memmodel.TaskManager, memmodel.Line1_20, memmodel.Config{"taskmanager.heap.size": "1g"})
	if len(withLegacy) != len(plain)+1 {
		t.Errorf("%d options with a legacy key set, want %d", len(withLegacy), len(plain)+1)
	}
	for i := 1; i < len(plain); i++ {
		if plain[i].Group < plain[i-1].Group {
			t.Errorf("%s (%s) after %s (%s): groups are split", plain[i].Key, plain[i].Group, plain[i-1].Key, plain[i-1].Group)
		}
	}
	o := memmodel.LookupOption(memmodel.TMNetworkMin)
	if v, key, ok := ConfiguredValue(o, memmodel.Config{"taskmanager.network.memory.min": "32m"}); !ok || v != "32m" || key != "taskmanager.network.memory.min" {
		t.Errorf("deprecated spelling: %q %q %v", v, key, ok)
	}
}

func TestProvenanceWords(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	g := UnicodeGlyphs()
	for c, want := range map[memmodel.Component]string{
		memmodel.FrameworkHeap: "default",
		memmodel.TaskHeap:      "rest of Total Flink",
		memmodel.Managed:       "0.4 × Total Flink (managed.fraction)",
		memmodel.Overhead:      "0.1 × Total Process, raised to min 192 MiB",
	} {
		got, clamped := Provenance(&l, c, g)
		if got != want {
			t.Errorf("%s: %q, want %q", c, got, want)
		}
		if clamped != (c == memmodel.Overhead) {
			t.Errorf("%s: clamped %v", c, clamped)
		}
	}
	set := resolve(t, memmodel.TaskManager, memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.memory.task.heap.size": "1g"})
	if got, _ := Provenance(&set, memmodel.TaskHeap, g); got != "set (task.heap.size)" {
		t.Errorf("explicit task heap: %q", got)
	}
}

// staticOf resolves in the way `flinkmem render` does and renders it.
func staticOf(in memmodel.Input, opts StaticOptions) string {
	l, err := memmodel.Resolve(in)
	return Static(Resolution{Input: in, Layout: l, Err: err, Fixes: memmodel.Fixes(in, err)}, opts)
}

func TestStatic(t *testing.T) {
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: defaultTM}
	out := staticOf(in, StaticOptions{Width: 100})
	golden.Contains(t, "static render", out, "TaskManager · Flink 2.3", "Total Process 1.688 GiB (1728m)", "Task heap", "-Xmx536870902")
	if strings.Contains(out, "\x1b") {
		t.Error("escape codes without colour")
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if width(line) > 100 || strings.HasSuffix(line, " ") {
			t.Errorf("line %d: %d cells or trailing space: %q", i, width(line), line)
		}
	}
	if c := staticOf(in, StaticOptions{Width: 100, Color: true}); !strings.Contains(c, "\x1b[38;5;") {
		t.Error("no colour with Color set")
	}
	for _, r := range staticOf(in, StaticOptions{Width: 100, ASCII: true}) {
		if r > 0x7f {
			t.Fatalf("non-ASCII %q with ASCII set", r)
		}
	}
	if w := width(strings.Split(staticOf(in, StaticOptions{Width: 10}), "\n")[2]); w != MinWidth {
		t.Errorf("width 10 drew a bar of %d cells, want %d", w, MinWidth)
	}
	refused := staticOf(memmodel.Input{Line: memmodel.LatestLine, Config: memmodel.Config{"taskmanager.memory.process.size": "300m"}}, StaticOptions{Width: 100})
	golden.Contains(t, "refused render", refused, "Flink would not start this TaskManager", "[1] raise taskmanager.memory.process.size")
}

func TestASCIIFold(t *testing.T) {
	in := "└─ 0.4 × 1.25 GiB − x … ∞ ⚑ ›\x1b[1m·\x1b[0m 日"
	want := "+- 0.4 x 1.25 GiB - x . ~ ! >\x1b[1m-\x1b[0m ?"
	if got := ASCIIFold(in); got != want {
		t.Errorf("ASCIIFold(%q) = %q, want %q", in, got, want)
	}
	if got := ASCIIFold("plain"); got != "plain" {
		t.Errorf("ASCIIFold changed ASCII text: %q", got)
	}
}

func TestExplainOption(t *testing.T) {
	l := resolve(t, memmodel.TaskManager, defaultTM)
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: defaultTM}
	title, body := ExplainOption(memmodel.LookupOption(memmodel.TMManagedFraction), in, &l, nil, 100, StaticStyles(false, false))
	if !strings.HasPrefix(title, "Managed") {
		t.Errorf("title %q", title)
	}
	golden.Contains(t, "explanation", body, "not set; the default 0.4 applies", "0.4 × 1.25 GiB = 512 MiB", "no JVM flag limits it")
	title, body = ExplainOption(memmodel.LookupOption(memmodel.TMProcessSize), in, &l, nil, 100, StaticStyles(false, false))
	if title != "Total Process 1.688 GiB" || !strings.Contains(body, "Total Flink 1.25 GiB + JVM metaspace 256 MiB + JVM overhead 192 MiB") {
		t.Errorf("process size: %q\n%s", title, body)
	}
}
