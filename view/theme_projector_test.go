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
	for _, v := range []struct {
		name string
		pick func(ThemeColor) string
	}{{"light", func(c ThemeColor) string { return c.Light }}, {"dark", func(c ThemeColor) string { return c.Dark }}} {
		bg := v.pick(projectorBackground)
		pairs := map[string]string{}
		for role, c := range th.text {
			pairs[role] = v.pick(c)
		}
		for c := range th.segment {
			pairs[memmodel.Component(c).String()] = v.pick(th.segment[c])
		}
		for name, fg := range pairs {
			r, err := ContrastRatio(fg, bg)
			if err != nil || r < 7 {
				t.Errorf("%s %s %s on %s: contrast %.2f, %v; want at least 7", v.name, name, fg, bg, r, err)
			}
		}
		for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
			seen := map[string]memmodel.Component{}
			for _, c := range memmodel.Components(role) {
				if other, dup := seen[v.pick(th.segment[c])]; dup {
					t.Errorf("%s: %s and %s share %s", v.name, c, other, v.pick(th.segment[c]))
				}
				seen[v.pick(th.segment[c])] = c
			}
		}
		if v.pick(th.text["accent"]) == v.pick(th.text["involved"]) {
			t.Errorf("%s: the accent and the involved keys look alike", v.name)
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
		if !ok || (dark && c.Dark != projectorTheme.segment[memmodel.Managed].Dark) || (!dark && c.Light != projectorTheme.segment[memmodel.Managed].Light) {
			t.Errorf("dark=%v: managed colour %v", dark, st.Segment[memmodel.Managed].GetForeground())
		}
		if !st.Ruler[memmodel.Managed].GetBold() || st.pt.ruler[memmodel.Managed].pre == "" {
			t.Errorf("dark=%v: ruler not bold or not painted", dark)
		}
	}
}
