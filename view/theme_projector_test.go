package view

import (
	"math"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestContrastRatio(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#0000ff", "#ffffff", 8.59},
	} {
		got, err := ContrastRatio(tc.a, tc.b)
		if err != nil || math.Abs(got-tc.want) > 0.01 {
			t.Errorf("ContrastRatio(%s, %s) = %.3f, %v; want %.2f", tc.a, tc.b, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "#fff", "#gggggg", "red"} {
		if _, err := ContrastRatio(bad, "#000000"); err == nil {
			t.Errorf("ContrastRatio(%q) accepted", bad)
		}
	}
}

// Every colour of the projector theme reads at WCAG AAA (7:1) on its
// background, and no two segment kinds share a colour.
func TestProjectorContrast(t *testing.T) {
	p := projectorPalette
	pairs := map[string]string{"text": p.fg, "accent": p.accent, "error": p.err, "warning": p.warn, "ok": p.ok}
	for c := range p.segment {
		pairs[memmodel.Component(c).String()] = p.segment[c]
	}
	for name, fg := range pairs {
		r, err := ContrastRatio(fg, p.bg)
		if err != nil || r < 7 {
			t.Errorf("%s %s on %s: contrast %.2f, %v; want at least 7", name, fg, p.bg, r, err)
		}
	}
	seen := map[string]memmodel.Component{}
	for _, c := range memmodel.Components(memmodel.TaskManager) {
		if other, dup := seen[p.segment[c]]; dup {
			t.Errorf("%s and %s share %s", c, other, p.segment[c])
		}
		seen[p.segment[c]] = c
	}
}
