package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Provenance says in a few words where a component's size came from:
// "default", "set (task.heap.size)", "0.4 × Total Flink", "rest of Total
// Flink". The flag is true when a fraction was clamped to its min or max.
func Provenance(l *memmodel.Layout, c memmodel.Component, g Glyphs) (words string, clamped bool) {
	return provenance(l, c, g, false)
}

// fractionFormula writes a fraction derivation: "0.4 × Total Flink", or
// with numbers "0.4 × 1.25 GiB = 512 MiB".
func fractionFormula(p memmodel.Provenance, g Glyphs, numbers bool) string {
	f := fraction(p.Fraction)
	factor := f
	if p.Inverse {
		factor = f + "/(1" + g.Minus + f + ")"
	}
	if !numbers {
		return factor + " " + g.Times + " " + p.Base.String()
	}
	return factor + " " + g.Times + " " + p.BaseSize.Human() + " (" + p.Base.String() + ") = " + p.Unclamped.Human()
}

// remainderOf names the total a remainder was taken from.
func remainderOf(l *memmodel.Layout, c memmodel.Component, p memmodel.Provenance) string {
	switch {
	case c == memmodel.Overhead:
		return "Total Process"
	case p.Total == l.TotalFlink:
		return "Total Flink"
	case p.Total == l.TotalProcess:
		return "Total Process"
	}
	return p.Total.Human()
}

// totalWords says how the two totals came about, from the derivation mode.
func totalWords(l *memmodel.Layout) (flink, process string) {
	processSet := l.Origin[memmodel.Overhead].Source == memmodel.SourceRemainder
	switch l.Mode {
	case memmodel.ModeTotalProcess:
		return "process − metaspace − overhead", "set (process.size)"
	case memmodel.ModeTotalFlink:
		flink = "set (flink.size)"
	default:
		flink = "sum of its parts"
	}
	if processSet {
		return flink, "set (process.size)"
	}
	return flink, "Flink + metaspace + overhead"
}

// sizeText formats a size for the table: human, or exact bytes.
func sizeText(m memmodel.MemorySize, exact bool) string {
	if exact {
		return strconv.FormatInt(m.Bytes(), 10) + " B"
	}
	return m.Human()
}

// percent formats part as a share of whole.
func percent(part, whole memmodel.MemorySize) string {
	if whole <= 0 {
		return ""
	}
	return percentOf(float64(part)/float64(whole)) + "%"
}

// legendRow is one line of the legend with the component it is about
// (or -1 for the totals).
type legendRow struct {
	text      string
	component int
}

// legend renders the component table w cells wide: swatch, name, size,
// share of the process and provenance, then the two totals.
func legend(l, base *memmodel.Layout, w int, exact bool, st Styles) []legendRow {
	comps := memmodel.Components(l.Role)
	nameW := len("Total Process")
	for _, c := range comps {
		nameW = max(nameW, width(c.String()))
	}
	sizeW := 10
	if exact {
		sizeW = len(strconv.FormatInt(l.TotalProcess.Bytes(), 10)) + 2
	}
	const pctW = 6
	deltaW := 0
	if base != nil {
		deltaW = 12
	}
	delta := func(cur, was memmodel.MemorySize) string {
		if base == nil {
			return ""
		}
		return " " + padLeft(deltaText(cur, was, st.Glyphs), deltaW-1)
	}
	fixed := 2 + nameW + 1 + sizeW + 1 + pctW + deltaW + 2
	provW := w - fixed
	g := st.Glyphs
	head := "  " + fit("COMPONENT", nameW, g) + " " + padLeft("SIZE", sizeW) + " " + padLeft("%", pctW)
	if base != nil {
		head += " " + padLeft("Δ", deltaW-1)
	}
	head += "  "
	if provW > 0 {
		head += "WHERE IT COMES FROM"
	}
	rows := []legendRow{{text: st.pt.heading.on(fit(head, w, g)), component: -1}}
	deltaOf := func(c memmodel.Component) string {
		if base == nil {
			return ""
		}
		return delta(l.Size[c], base.Size[c])
	}
	for _, c := range comps {
		size := l.Size[c]
		swatch := g.Fill[c]
		if st.Color {
			swatch = g.Solid
		}
		if size == 0 {
			swatch = " "
		}
		words, clamped := Provenance(l, c, g)
		if clamped {
			words += " " + g.Flag
		}
		line := st.pt.segment[c].on(swatch) + " " + fit(c.String(), nameW, g) + " " +
			padLeft(sizeText(size, exact), sizeW) + " " + st.pt.dim.on(padLeft(percent(size, l.TotalProcess), pctW)) + deltaOf(c) + "  "
		if provW > 0 {
			prov := fit(words, provW, g)
			if clamped {
				prov = st.pt.warn.on(prov)
			} else {
				prov = st.pt.dim.on(prov)
			}
			line += prov
		}
		rows = append(rows, legendRow{text: fit(line, w, g), component: int(c)})
	}
	flink, process := totalWords(l)
	var baseFlink, baseProcess memmodel.MemorySize
	if base != nil {
		baseFlink, baseProcess = base.TotalFlink, base.TotalProcess
	}
	for _, t := range []struct {
		name      string
		size, was memmodel.MemorySize
		words     string
	}{{"Total Flink", l.TotalFlink, baseFlink, flink}, {"Total Process", l.TotalProcess, baseProcess, process}} {
		line := "  " + st.pt.value.on(fit(t.name, nameW, g)) + " " + st.pt.value.on(padLeft(sizeText(t.size, exact), sizeW)) + " " +
			st.pt.dim.on(padLeft(percent(t.size, l.TotalProcess), pctW)) + delta(t.size, t.was) + "  "
		if provW > 0 {
			line += st.pt.dim.on(fit(t.words, provW, g))
		}
		rows = append(rows, legendRow{text: fit(line, w, g), component: -1})
	}
	return rows
}

// jvmFlags renders the JVM memory flags Flink would pass, wrapped to w.
func jvmFlags(l *memmodel.Layout, w int, st Styles) []string {
	lines := wrap("JVM  "+l.JVMArgs(), w, "     ")
	for i := range lines {
		lines[i] = st.pt.flags.on(fit(lines[i], w, st.Glyphs))
	}
	return lines
}

// notices renders the resolver's non-fatal findings, wrapped to w. Clamps
// are left out: the table already flags them on their component's row.
func notices(l *memmodel.Layout, w int, st Styles) []string {
	var out []string
	for _, n := range l.Notices() {
		if n.Code == memmodel.NoticeClampedToMin || n.Code == memmodel.NoticeClampedToMax {
			continue
		}
		for _, line := range wrap(st.Glyphs.Flag+" "+n.Message(), w, "  ") {
			out = append(out, st.pt.warn.on(fit(line, w, st.Glyphs)))
		}
	}
	return out
}

// sentence capitalises the first letter of s.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
