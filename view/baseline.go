package view

import (
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// The explorer's comparison with a pinned baseline and its targets: a
// ghost strip of the baseline above the bar on the same scale, a Δ column
// in the component table, and the targets with what the layout gives.

// barScale returns the widths of the bar and of the baseline's strip, so
// that both are drawn on one scale: the larger process fills the width.
func barScale(cur, base *memmodel.Layout, w int) (curW, baseW int) {
	if base == nil {
		return w, 0
	}
	scale := max(cur.TotalProcess, base.TotalProcess)
	if scale <= 0 {
		return w, w
	}
	part := func(p memmodel.MemorySize) int {
		return max(1, int(float64(w)*float64(p)/float64(scale)+0.5))
	}
	return part(cur.TotalProcess), part(base.TotalProcess)
}

// GhostStrip draws a baseline layout as a thin strip of baseW cells,
// padded to w: a low block in each component's colour, or the
// component's letter without colour.
func GhostStrip(base *memmodel.Layout, baseW, w int, st Styles) string {
	var b strings.Builder
	for _, s := range Segments(base, baseW) {
		from, to := s.Cells()
		glyph := string(barLetters[s.Component])
		if st.Color && !st.ASCII {
			glyph = "▁"
		}
		b.WriteString(st.pt.segment[s.Component].on(strings.Repeat(glyph, max(0, to-from))))
	}
	return fit(b.String(), w, st.Glyphs)
}

// deltaText is a component's change from the baseline for the table's Δ
// column: "+486.4 MiB", "−64 MiB" or "=".
func deltaText(cur, base memmodel.MemorySize, g Glyphs) string {
	switch d := int64(cur) - int64(base); {
	case d == 0:
		return "="
	case d > 0:
		return "+" + memmodel.MemorySize(d).Human()
	default:
		return g.Minus + memmodel.MemorySize(-d).Human()
	}
}

// targetLines lists the explorer's targets: each with what the layout
// gives, flagged when an edit broke it.
func targetLines(f *Frame, w int, st Styles) []paneLine {
	if len(f.Targets) == 0 {
		return nil
	}
	g := st.Glyphs
	out := []paneLine{{text: st.pt.heading.on(fit("TARGETS", w, g))}}
	for _, t := range f.Targets {
		got := memmodel.FormatTargetValue(t.Kind, t.Got)
		line := "  " + t.Kind.String() + " at least " + memmodel.FormatTargetValue(t.Kind, t.Want) + ": gets " + got
		if t.Met {
			out = append(out, paneLine{text: st.pt.ok.on(fit(line+" ok", w, g))})
			continue
		}
		out = append(out, paneLine{text: st.pt.err.on(fit(line+" "+g.Flag+" not met: t on its row solves it", w, g))})
	}
	return out
}
