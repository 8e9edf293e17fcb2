package view

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

// jobFrame is the shipped TaskManager with 4 slots, RocksDB and Python and
// a job of parallelism 500 whose buffers fall short, the cursor on the
// last Job row.
func jobFrame(t testing.TB, w, h int) Frame {
	t.Helper()
	cfg := memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "4"}
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: cfg}
	l, err := memmodel.Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	r := fourSlots(t)
	opts := VisibleOptions(in.Role, in.Line, cfg)
	rows := []JobRow{
		{Label: "RocksDB state", Value: "on", Note: "358.4 MiB per slot"},
		{Label: "Python UDFs", Value: "off", Default: true},
		{Label: "parallelism", Value: "500", Note: "1912 buffers short", Warn: true},
		{Label: "forward exchanges", Value: "0", Default: true},
		{Label: "no value", Value: ""},
	}
	return Frame{Width: w, Height: h, Input: in, Layout: l, Slots: &r, Options: opts, Job: rows,
		Selected: len(opts) + len(rows) - 1, Help: "q quit"}
}

func TestJobRowsAndSlotPanel(t *testing.T) {
	for _, st := range []Styles{StaticStyles(false, false), colourStyles(false), StaticStyles(false, true)} {
		for _, size := range [][2]int{{60, 20}, {80, 24}, {140, 45}, {200, 60}} {
			f := jobFrame(t, size[0], size[1])
			scr := Render(f, st)
			golden.Frame(t, fmt.Sprintf("%dx%d", size[0], size[1]), scr.Text, size[0], size[1])
			// The last row is selected and in view, with its marker and
			// its unset value.
			if plain := ansi.Strip(scr.Text); !strings.Contains(plain, st.Glyphs.Cursor+" ") || !strings.Contains(plain, "no value") {
				t.Errorf("%dx%d: the selected Job row is not in view:\n%s", size[0], size[1], scr.Text)
			}
		}
	}

	// At 200x60 the panel sits beside the options, whole: the short network
	// line, Flink's words for the failure, and every fix, clickable.
	f := jobFrame(t, 200, 60)
	scr := Render(f, StaticStyles(false, false))
	short := f.Slots.Network.Short()
	if short <= 0 || len(f.Slots.Network.Fixes) == 0 {
		t.Fatalf("the case no longer falls short: %d short, %d fixes", short, len(f.Slots.Network.Fixes))
	}
	golden.Contains(t, "200x60", scr.Text, "network  ! ", "available: "+strconv.Itoa(int(short))+" short",
		"needs "+f.Slots.Network.NetworkNeeded.Human()+" of network memory or the tasks fail to start", `("Insufficient number of network`,
		"RocksDB state", "(off)", "1912 buffers short")
	if strings.Contains(scr.Text, "[network-buffers-short]") || strings.Contains(scr.Text, "Flink fails the tasks with") {
		t.Errorf("the network notice repeats what the network line says:\n%s", scr.Text)
	}
	for i, fx := range f.Slots.Network.Fixes {
		want := "[" + strconv.Itoa(i+1) + "] " + fx.Description[:30] // wrapped after that
		if !strings.Contains(scr.Text, want) {
			t.Errorf("200x60 lacks fix %q", want)
		}
		found := false
		for _, hit := range scr.Hits {
			if hit.Kind == HitFix && hit.Index == i && strings.Contains(strings.Split(scr.Text, "\n")[hit.Y], fx.Description[:20]) {
				found = true
			}
		}
		if !found {
			t.Errorf("fix %d is not clickable where it is drawn", i+1)
		}
	}
	// Job rows are options to the mouse, numbered after the options.
	var rowHits int
	for _, hit := range scr.Hits {
		if hit.Kind == HitOption && hit.Index >= len(f.Options) {
			rowHits++
		}
	}
	if rowHits != len(f.Job) {
		t.Errorf("%d Job rows are clickable, want %d", rowHits, len(f.Job))
	}
}

func TestPeekScrollsPastTheSelection(t *testing.T) {
	f := jobFrame(t, 80, 24)
	st := StaticStyles(false, false)
	base := Render(f, st)
	if base.Peek != 0 {
		t.Fatalf("peek %d without asking", base.Peek)
	}
	f.Scroll, f.Peek = base.Scroll, 3
	peeked := Render(f, st)
	if peeked.Peek != 3 || peeked.Scroll != base.Scroll+3 {
		t.Errorf("peek 3: scroll %d (peek %d), want %d", peeked.Scroll, peeked.Peek, base.Scroll+3)
	}
	// Asking for more than there is stops at the end of the pane.
	f.Peek = 1000
	end := Render(f, st)
	if end.Peek >= 1000 || end.Peek <= 3 || !strings.Contains(end.Text, "JVM  -Xmx") {
		t.Errorf("peek 1000: peek %d:\n%s", end.Peek, end.Text)
	}
	// Rendering again from the scroll without the peek is stable.
	f.Scroll = end.Scroll - end.Peek
	if again := Render(f, st); again.Scroll != end.Scroll {
		t.Errorf("scroll drifts: %d, then %d", end.Scroll, again.Scroll)
	}
}
