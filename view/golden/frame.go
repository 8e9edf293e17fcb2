package golden

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Frame checks that screen is exactly w×h terminal cells: h lines, each w
// cells wide once its escape codes are set aside. what names the screen
// in a failure ("80x24", "the export panel").
func Frame(t testing.TB, what, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", what, len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("%s: line %d is %d cells, want %d: %q", what, i, got, w, l)
		}
	}
}
