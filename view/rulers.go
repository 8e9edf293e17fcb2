package view

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/flinkmem/flinkmem/memmodel"
)

// rulerGroup is one bracket under the bar: the components it spans, the
// labels to try from longest to shortest, and its colour (a component,
// or -1 for the neutral colour of totals).
type rulerGroup struct {
	parts  []memmodel.Component
	labels []string
	colour int
}

// rulerRows lists what belongs to what: the JVM limits and managed memory
// first, then Total Flink beside metaspace and overhead, then the whole
// process.
func rulerRows(l *memmodel.Layout) [][]rulerGroup {
	h := func(m memmodel.MemorySize) string { return m.Human() }
	meta := rulerGroup{parts: []memmodel.Component{memmodel.Metaspace},
		labels: []string{"JVM metaspace " + h(l.Size[memmodel.Metaspace]), "metaspace " + h(l.Size[memmodel.Metaspace]), "metaspace", "meta"},
		colour: int(memmodel.Metaspace)}
	over := rulerGroup{parts: []memmodel.Component{memmodel.Overhead},
		labels: []string{"JVM overhead " + h(l.Size[memmodel.Overhead]), "overhead " + h(l.Size[memmodel.Overhead]), "overhead", "ovh"},
		colour: int(memmodel.Overhead)}
	process := rulerGroup{parts: memmodel.Components(l.Role),
		labels: []string{"Total Process " + h(l.TotalProcess) + " (" + l.TotalProcess.String() + ")", "Total Process " + h(l.TotalProcess), "Process " + h(l.TotalProcess), "Process"},
		colour: -1}
	flinkLabels := []string{"Total Flink " + h(l.TotalFlink), "Flink " + h(l.TotalFlink), "Flink"}
	heap := l.JVMHeap()
	heapLabels := []string{"JVM heap (-Xmx) " + h(heap), "JVM heap " + h(heap), "heap " + h(heap), "heap"}
	if l.Role == memmodel.JobManager {
		off := l.Size[memmodel.JobManagerOffHeap]
		offLabels := []string{"off-heap " + h(off), "off-heap", "off"}
		if l.DirectMemoryLimit {
			offLabels = append([]string{"off-heap (-XX:MaxDirectMemorySize) " + h(off)}, offLabels...)
		}
		return [][]rulerGroup{
			{
				{parts: []memmodel.Component{memmodel.JobManagerHeap}, labels: heapLabels, colour: int(memmodel.JobManagerHeap)},
				{parts: []memmodel.Component{memmodel.JobManagerOffHeap}, labels: offLabels, colour: int(memmodel.JobManagerOffHeap)},
			},
			{{parts: []memmodel.Component{memmodel.JobManagerHeap, memmodel.JobManagerOffHeap}, labels: flinkLabels, colour: -1}, meta, over},
			{process},
		}
	}
	direct := l.JVMDirect()
	managed := l.Size[memmodel.Managed]
	return [][]rulerGroup{
		{
			{parts: []memmodel.Component{memmodel.FrameworkHeap, memmodel.TaskHeap}, labels: heapLabels, colour: int(memmodel.TaskHeap)},
			{parts: []memmodel.Component{memmodel.Managed}, labels: []string{"managed " + h(managed), "managed", "mgd"}, colour: int(memmodel.Managed)},
			{parts: []memmodel.Component{memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network},
				labels: []string{"JVM direct (-XX:MaxDirectMemorySize) " + h(direct), "JVM direct (MaxDirectMemorySize) " + h(direct), "JVM direct " + h(direct), "direct " + h(direct), "direct"},
				colour: int(memmodel.TaskOffHeap)},
		},
		{{parts: []memmodel.Component{memmodel.FrameworkHeap, memmodel.TaskHeap, memmodel.Managed, memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network},
			labels: flinkLabels, colour: -1}, meta, over},
		{process},
	}
}

// Rulers renders the nested brackets under the bar, one string per row,
// each exactly width cells wide. They are drawn from the same segments as
// the bar, so a bracket ends where its last segment ends.
func Rulers(l *memmodel.Layout, width int, st Styles) []string {
	segs := Segments(l, width)
	var out []string
	for _, row := range rulerRows(l) {
		out = append(out, rulerLine(row, segs, width, st))
	}
	return out
}

func rulerLine(row []rulerGroup, segs []Segment, width int, st Styles) string {
	var b strings.Builder
	pos := 0
	for _, g := range row {
		from, to, ok := groupSpan(g.parts, segs)
		if !ok || from < pos || to > width || to <= from {
			continue
		}
		b.WriteString(strings.Repeat(" ", from-pos))
		text := ruler(to-from, g.labels, st.Glyphs)
		if g.colour >= 0 {
			b.WriteString(st.pt.ruler[g.colour].on(text))
		} else {
			b.WriteString(st.pt.dim.on(text))
		}
		pos = to
	}
	b.WriteString(strings.Repeat(" ", width-pos))
	return b.String()
}

// groupSpan returns the cells from the first to the last present segment
// of the parts.
func groupSpan(parts []memmodel.Component, segs []Segment) (from, to int, ok bool) {
	for _, s := range segs {
		for _, p := range parts {
			if s.Component != p {
				continue
			}
			f, t := s.Cells()
			if !ok {
				from = f
				ok = true
			}
			to = t
		}
	}
	return from, to, ok
}

// ruler draws one bracket w cells wide with the longest label that fits.
func ruler(w int, labels []string, g Glyphs) string {
	if w <= 0 {
		return ""
	}
	if w == 1 {
		return g.RulerOne
	}
	inner := w - 2
	for _, label := range labels {
		lw := lipgloss.Width(label)
		if lw+2 > inner {
			continue
		}
		left := (inner - lw - 2) / 2
		right := inner - lw - 2 - left
		return g.RulerLeft + strings.Repeat(g.RulerFill, left) + " " + label + " " + strings.Repeat(g.RulerFill, right) + g.RulerRight
	}
	return g.RulerLeft + strings.Repeat(g.RulerFill, inner) + g.RulerRight
}
