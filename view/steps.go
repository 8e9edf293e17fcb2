package view

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
)

// stepScale is the layout the step bars are drawn on: the sizes the
// derivation ends with, so that a segment never moves from one step to the
// next, and the share of the width those sizes fill (less than all of it
// when a refusal leaves part of a known process underived).
func stepScale(steps []memmodel.Step, role memmodel.Role, width int) (memmodel.Layout, int) {
	last := &steps[len(steps)-1]
	l := memmodel.Layout{Role: role, Size: last.Size, TotalFlink: last.TotalFlink, TotalProcess: last.TotalProcess}
	var sum memmodel.MemorySize
	for _, c := range memmodel.Components(role) {
		sum += last.Size[c]
	}
	used := width
	if last.TotalProcess > sum && sum > 0 {
		used = int(float64(width) * float64(sum) / float64(last.TotalProcess))
	}
	return l, used
}

// stepSegments places the components of the derivation on a bar width
// cells wide, and says how many cells a size takes on it.
func stepSegments(steps []memmodel.Step, role memmodel.Role, width int) ([]Segment, func(memmodel.MemorySize) int) {
	l, used := stepScale(steps, role, width)
	var sum memmodel.MemorySize
	for _, c := range memmodel.Components(role) {
		sum += l.Size[c]
	}
	cells := func(m memmodel.MemorySize) int {
		if sum <= 0 {
			return width
		}
		return min(width, int(float64(used)*float64(m)/float64(sum)+0.5))
	}
	return Segments(&l, used), cells
}

// StepBar renders the bar of step i of a derivation and the ruler under
// it: the components the step adds in their colours, those derived
// before it dimmed, those still to come left blank (a dotted line when
// nothing is known yet). The refused step's components are crossed out
// in red. Both lines are exactly width cells wide.
func StepBar(steps []memmodel.Step, i int, role memmodel.Role, width int, st Styles) (bar, rule string) {
	if len(steps) == 0 || i < 0 || i >= len(steps) || width <= 0 {
		return strings.Repeat(" ", max(width, 0)), strings.Repeat(" ", max(width, 0))
	}
	s := &steps[i]
	g := st.Glyphs
	// What is still to come is dotted; ASCII's unset glyph is a dash,
	// which would read as a ruler.
	open := g.Unset
	if st.ASCII {
		open = "."
	}
	segs, cells := stepSegments(steps, role, width)
	var b strings.Builder
	pos := 0
	for _, seg := range segs {
		from, to := seg.Cells()
		to = min(to, width)
		if from < pos || to <= from {
			continue
		}
		c := seg.Component
		n := to - from
		switch {
		case s.Refused && s.Adding(c):
			b.WriteString(st.pt.err.on(strings.Repeat(g.Rejected, n)))
		case s.Adding(c) && s.Has(c):
			fill := g.Fill[c]
			if st.Color {
				fill = g.Solid
			}
			b.WriteString(st.pt.segment[c].on(strings.Repeat(fill, n)))
		case s.Has(c):
			b.WriteString(st.pt.dim.on(strings.Repeat(g.Fill[c], n)))
		default:
			b.WriteString(st.pt.dim.on(strings.Repeat(open, n)))
		}
		pos = to
	}
	if pos < width {
		b.WriteString(st.pt.dim.on(strings.Repeat(open, width-pos)))
	}
	return b.String(), stepRuler(s, segs, cells, width, st)
}

// stepRuler brackets what the step adds: each of its components, or the
// total it fixes (which starts the bar and spans its own size, even when
// a refused configuration's parts add up to more). A refused step names
// the check instead.
func stepRuler(s *memmodel.Step, segs []Segment, cells func(memmodel.MemorySize) int, width int, st Styles) string {
	h := func(m memmodel.MemorySize) string { return m.Human() }
	if s.Refused {
		return st.pt.err.on(fit(st.Glyphs.Rejected+" Flink refuses: "+string(s.Check), width, st.Glyphs))
	}
	var total memmodel.MemorySize
	var labels []string
	switch s.Total {
	case memmodel.StepTotalFlink:
		total = s.TotalFlink
		labels = []string{"Total Flink " + h(total), "Flink " + h(total), "Flink"}
	case memmodel.StepTotalProcess:
		total = s.TotalProcess
		labels = []string{"Total Process " + h(total), "Process " + h(total), "Process"}
	default:
		var row []rulerGroup
		for _, c := range s.Adds {
			row = append(row, rulerGroup{parts: []memmodel.Component{c}, colour: int(c),
				labels: []string{c.String() + " " + h(s.Size[c]), strings.ToLower(c.String()), h(s.Size[c])}})
		}
		return rulerLine(row, segs, width, st)
	}
	// A total whose parts are all on the bar ends where they end.
	n, covered := cells(total), memmodel.MemorySize(0)
	for _, seg := range segs {
		if s.Total == memmodel.StepTotalProcess || (seg.Component != memmodel.Metaspace && seg.Component != memmodel.Overhead) {
			covered += s.Size[seg.Component]
			if covered == total {
				_, n = seg.Cells()
			}
		}
	}
	n = max(1, min(n, width))
	return st.pt.dim.on(ruler(n, labels, st.Glyphs)) + strings.Repeat(" ", width-n)
}

// StepLines renders step i for reading: the caption, the bar and its
// ruler, then the rule and this configuration's numbers (for a refused
// step, Flink's reason), wrapped to width cells.
func StepLines(steps []memmodel.Step, i int, role memmodel.Role, width int, st Styles) []string {
	if i < 0 || i >= len(steps) {
		return nil
	}
	s := &steps[i]
	caption := st.pt.panelName.on(s.Caption())
	if s.Refused {
		caption = st.pt.err.on(s.Caption())
	}
	bar, rule := StepBar(steps, i, role, width, st)
	lines := []string{caption, bar, rule}
	add := func(label, text string, p paint) {
		for _, l := range wrap(label+text, width, strings.Repeat(" ", len(label))) {
			lines = append(lines, p.on(l))
		}
	}
	add("  rule     ", s.Formula, paint{})
	if s.Refused {
		add("  refused  ", s.Reason, st.pt.err)
		if len(s.Keys) > 0 {
			add("  keys     ", strings.Join(s.Keys, ", "), st.pt.involved)
		}
	} else {
		add("  numbers  ", s.Numbers, paint{})
	}
	return lines
}

// StepsText renders every step of a configuration's derivation one after
// the other, for `flinkmem render --steps` and handouts: a title line,
// then each step as StepLines draws it, separated by blank lines. Lines
// carry no trailing spaces.
func StepsText(o Outcome, opts StaticOptions) string {
	in := o.Input
	w := max(opts.Width, MinWidth)
	st := StaticStyles(opts.Color, opts.ASCII)
	steps := memmodel.Steps(in)
	mode := "refused"
	if o.Layout != nil {
		mode = o.Layout.Mode.Describe(in.Role)
	}
	lines := []string{st.pt.app.on(in.Role.Title() + st.Glyphs.Sep + "Flink " + in.Line.String() + st.Glyphs.Sep + mode +
		st.Glyphs.Sep + countOf(len(steps), "step"))}
	for i := range steps {
		lines = append(lines, "")
		lines = append(lines, StepLines(steps, i, in.Role, w, st)...)
	}
	return trimLines(lines, opts.ASCII)
}

// countOf writes a count with its noun.
func countOf(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// StepFrame is the step-through's part of a frame: the derivation's steps
// and the one shown.
type StepFrame struct {
	Steps []memmodel.Step
	Index int
}

// stepScreen draws a step for the main screen: the caption, the step's
// bar and ruler, then its rule and numbers, cut to a sixth of the screen
// height (at least four lines) so that the options stay in sight.
func stepScreen(sf *StepFrame, role memmodel.Role, w, h int, st Styles) []string {
	if len(sf.Steps) == 0 {
		return []string{strings.Repeat(" ", w)}
	}
	i := max(0, min(sf.Index, len(sf.Steps)-1))
	lines := StepLines(sf.Steps, i, role, w, st)
	keep := 3 + max(4, h/6)
	if len(lines) > keep {
		lines = lines[:keep]
		last := strings.TrimRight(ansi.Strip(lines[keep-1]), " ")
		lines[keep-1] = fit(last+" "+st.Glyphs.Ellipsis, w, st.Glyphs)
	}
	for j := range lines {
		lines[j] = fit(lines[j], w, st.Glyphs)
	}
	return lines
}
