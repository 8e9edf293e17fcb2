package view

import (
	"math"
	"sort"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Segment is one component's stretch of the bar, measured in eighths of a
// cell so that edges can fall inside a cell.
type Segment struct {
	Component  memmodel.Component
	Start, End int
}

// Cells returns the whole cells the segment owns once edges snap to the
// nearest cell boundary: [from, to). Rulers and mouse hits use this.
func (s Segment) Cells() (from, to int) { return snap(s.Start), snap(s.End) }

// snap rounds an eighth position to the nearest cell boundary.
func snap(e int) int { return (e + 4) / 8 }

// Segments splits a bar of width cells between the non-zero components
// of a layout, in bar order. Each gets at least one cell (eight eighths),
// so that a 0.25 MiB task heap still shows; the rest is shared in
// proportion to size by the largest-remainder method, so the segments
// always fill the bar exactly.
func Segments(l *memmodel.Layout, width int) []Segment {
	var comps []memmodel.Component
	var sizes []float64
	for _, c := range memmodel.Components(l.Role) {
		if l.Size[c] > 0 {
			comps = append(comps, c)
			sizes = append(sizes, float64(l.Size[c]))
		}
	}
	n := len(comps)
	eighths := 8 * width
	if n == 0 || width <= 0 {
		return nil
	}
	minimum := 8
	if eighths < minimum*n {
		minimum = eighths / n
	}
	alloc := allocate(sizes, eighths, minimum)
	segs := make([]Segment, n)
	pos := 0
	for i, c := range comps {
		segs[i] = Segment{Component: c, Start: pos, End: pos + alloc[i]}
		pos += alloc[i]
	}
	return segs
}

// allocate shares total units between weights, giving each at least
// minimum and the rest by largest remainder.
func allocate(weights []float64, total, minimum int) []int {
	n := len(weights)
	alloc := make([]int, n)
	fixed := make([]bool, n)
	// Parts whose proportional share is below the minimum are pinned to it;
	// pinning shrinks what the others share, so repeat until stable.
	for {
		free, rest := total, 0.0
		for i, w := range weights {
			if fixed[i] {
				free -= minimum
			} else {
				rest += w
			}
		}
		changed := false
		for i, w := range weights {
			if !fixed[i] && (rest == 0 || w/rest*float64(free) < float64(minimum)) {
				fixed[i] = true
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	free, rest := total, 0.0
	for i, w := range weights {
		if fixed[i] {
			alloc[i] = minimum
			free -= minimum
		} else {
			rest += w
		}
	}
	type share struct {
		i    int
		frac float64
	}
	var shares []share
	left := free
	for i, w := range weights {
		if fixed[i] {
			continue
		}
		ideal := w / rest * float64(free)
		alloc[i] = int(math.Floor(ideal))
		left -= alloc[i]
		shares = append(shares, share{i, ideal - math.Floor(ideal)})
	}
	if len(shares) == 0 && left > 0 {
		// Everything sits at the minimum: the largest part takes the slack.
		big := 0
		for i, w := range weights {
			if w > weights[big] {
				big = i
			}
		}
		alloc[big] += left
		return alloc
	}
	sort.SliceStable(shares, func(a, b int) bool { return shares[a].frac > shares[b].frac })
	for k := 0; left > 0 && len(shares) > 0; k = (k + 1) % len(shares) {
		alloc[shares[k].i]++
		left--
	}
	return alloc
}

// cellPiece is what one cell of the bar shows: a glyph drawn in one
// component's colour, optionally over a second component's colour.
type cellPiece struct {
	glyph       string
	front, back int // component indexes; back < 0 when there is none
}

// Bar renders the stacked bar for a resolved layout: rows lines of width
// cells. With colour every cell is solid and an edge inside a cell is
// drawn with an eighth block in the left colour over the right one. Without
// colour each kind has its own pattern, a solid segment still ends on an
// eighth block, and neighbours that share a pattern are split by a
// separator.
func Bar(l *memmodel.Layout, width, rows int, st Styles) string {
	segs := Segments(l, width)
	line := barLine(segs, width, st)
	if rows <= 1 {
		return line
	}
	return strings.TrimSuffix(strings.Repeat(line+"\n", rows), "\n")
}

func barLine(segs []Segment, width int, st Styles) string {
	cells := barCells(segs, width, st)
	var b strings.Builder
	for i := 0; i < len(cells); {
		c := cells[i]
		j := i + 1
		for j < len(cells) && cells[j] == c {
			j++
		}
		run := strings.Repeat(c.glyph, j-i)
		switch {
		case c.front < 0:
			b.WriteString(run)
		case c.back >= 0:
			b.WriteString(st.pt.edge[c.front][c.back].on(run))
		default:
			b.WriteString(st.pt.segment[c.front].on(run))
		}
		i = j
	}
	return b.String()
}

func barCells(segs []Segment, width int, st Styles) []cellPiece {
	cells := make([]cellPiece, width)
	for i := range cells {
		cells[i] = cellPiece{glyph: " ", front: -1, back: -1}
	}
	if len(segs) == 0 {
		return cells
	}
	g := st.Glyphs
	eighths := !st.ASCII && g.Eighths[4] != ""
	if st.Color && eighths {
		si := 0
		for c := 0; c < width; c++ {
			for si < len(segs)-1 && segs[si].End <= 8*c {
				si++
			}
			s := segs[si]
			comp := int(s.Component)
			if k := s.End - 8*c; k > 0 && k < 8 && si+1 < len(segs) {
				cells[c] = cellPiece{glyph: g.Eighths[k], front: comp, back: int(segs[si+1].Component)}
				continue
			}
			cells[c] = cellPiece{glyph: g.Solid, front: comp, back: -1}
		}
		return cells
	}
	// Without colour (or without eighth blocks) a cell belongs to the
	// segment covering its centre, and patterns tell the kinds apart.
	for i, s := range segs {
		from, to := s.Cells()
		fill := g.Fill[s.Component]
		for c := from; c < to && c < width; c++ {
			cells[c] = cellPiece{glyph: fill, front: colourIndex(st.Color, s.Component), back: -1}
		}
		if i == 0 {
			continue
		}
		prev := segs[i-1]
		pfill := g.Fill[prev.Component]
		k := s.Start - 8*(s.Start/8)
		if eighths && pfill == g.Solid && k > 0 && (k >= 4 || to-from >= 2) {
			// A solid segment ends on an eighth block, as precise as
			// the cell allows and a visible edge at the same time (unless
			// that would take the only cell of the next segment).
			cells[s.Start/8] = cellPiece{glyph: g.Eighths[k], front: colourIndex(st.Color, prev.Component), back: -1}
			continue
		}
		if pfill == fill && !st.Color {
			pfrom, pto := prev.Cells()
			switch {
			case to-from >= 2:
				cells[from] = cellPiece{glyph: g.Edge, front: -1, back: -1}
			case pto-pfrom >= 2:
				cells[pto-1] = cellPiece{glyph: g.Edge, front: -1, back: -1}
			}
		}
	}
	return cells
}

// colourIndex returns the component index to colour a cell with, or -1
// when the styles carry no colour.
func colourIndex(color bool, c memmodel.Component) int {
	if !color {
		return -1
	}
	return int(c)
}

// RejectedBar renders the bar of a configuration Flink refuses: the whole
// width crossed out, with the verdict in the middle, so that no stale
// layout is ever shown.
func RejectedBar(role memmodel.Role, width int, st Styles) string {
	msg := " Flink would not start this " + role.Title() + " "
	if width < len(msg)+4 {
		msg = " refused "
	}
	if width < len(msg)+2 {
		return st.pt.err.on(strings.Repeat(st.Glyphs.Rejected, max(width, 0)))
	}
	left := (width - len(msg)) / 2
	right := width - len(msg) - left
	return st.pt.err.on(strings.Repeat(st.Glyphs.Rejected, left) + msg + strings.Repeat(st.Glyphs.Rejected, right))
}
