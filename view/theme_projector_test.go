package view

import (
	"io"
	"math"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

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
// background, light and dark, and no two segments of a process share a
// colour.
func TestProjectorContrast(t *testing.T) {
	th := projectorTheme
	for v, variant := range []string{"light", "dark"} {
		bg := projectorBackground[v]
		pairs := map[string]string{"accent": th.accent[v], "dim": th.dim[v], "error": th.err[v], "warning": th.warn[v], "ok": th.ok[v]}
		for c := range th.segment {
			pairs[memmodel.Component(c).String()] = th.segment[c][v]
		}
		for name, fg := range pairs {
			r, err := ContrastRatio(fg, bg)
			if err != nil || r < 7 {
				t.Errorf("%s %s %s on %s: contrast %.2f, %v; want at least 7", variant, name, fg, bg, r, err)
			}
		}
		for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
			seen := map[string]memmodel.Component{}
			for _, c := range memmodel.Components(role) {
				if other, dup := seen[th.segment[c][v]]; dup {
					t.Errorf("%s: %s and %s share %s", variant, c, other, th.segment[c][v])
				}
				seen[th.segment[c][v]] = c
			}
		}
	}
	if !th.boldRulers {
		t.Error("projector ruler labels are not bold")
	}
}

// ProjectorStyles draws with the projector palette for the renderer's
// background and bold rulers.
func TestProjectorStyles(t *testing.T) {
	for _, dark := range []bool{false, true} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(dark)
		st := ProjectorStyles(r, false)
		c, ok := st.Segment[memmodel.Managed].GetForeground().(lipgloss.AdaptiveColor)
		if !ok || (dark && c.Dark != projectorTheme.segment[memmodel.Managed][1]) || (!dark && c.Light != projectorTheme.segment[memmodel.Managed][0]) {
			t.Errorf("dark=%v: managed colour %v", dark, st.Segment[memmodel.Managed].GetForeground())
		}
		if !st.Ruler[memmodel.Managed].GetBold() || st.pt.ruler[memmodel.Managed].pre == "" {
			t.Errorf("dark=%v: ruler not bold or not painted", dark)
		}
	}
}
