package view

import (
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// DiagnosePanelData is what the explorer's diagnose panel shows.
type DiagnosePanelData struct {
	// Field is the rendered text field; Editing tells whether it has the
	// focus.
	Field   string
	Editing bool
	// Report is the diagnosis of the text, nil before the first one.
	Report *diagnose.Report
	// Layout is the configuration's layout for the bar, nil when refused.
	Layout *memmodel.Layout
	// JVM is what the configuration's JVM options do, shown before a
	// diagnosis; nil when refused.
	JVM *diagnose.JVMReport
	// Native is the native-memory heuristic of a TaskManager in a
	// container; nil otherwise.
	Native *diagnose.NativeBudget
}

// DiagnosePanel renders the diagnose panel's body: the field, then for
// the first finding a bar of the process with the limit's segments marked
// under it, the limit as a sum, what is needed, the fixes numbered from 1
// across all findings, and the advice.
func DiagnosePanel(d DiagnosePanelData, w int, st Styles) string {
	var lines []string
	add := func(s string) { lines = append(lines, wrap(s, w, "   ")...) }
	rep := d.Report
	if rep == nil || d.Editing {
		add("Paste or type an error message, a log line or a container event; enter diagnoses it against this configuration.")
	}
	lines = append(lines, "> "+d.Field)
	if rep == nil {
		if d.JVM != nil {
			lines = append(lines, "")
			add("Garbage collector: " + d.JVM.Collector + " (" + d.JVM.Why + ")")
			for _, n := range d.JVM.Notes {
				add("- " + n.Message)
			}
			add("JVM command: " + d.JVM.Command)
		}
		if nb := d.Native; nb != nil {
			up := "up to " + nb.Upper.Human()
			if nb.Unbounded {
				up = "with no upper bound"
			}
			add(fmt.Sprintf("Native memory JVM overhead must cover (a heuristic): typically %s, %s. %s", nb.Typical.Human(), up, nb.Verdict))
		}
		return strings.Join(lines, "\n")
	}
	if len(rep.Findings) == 0 {
		add("No known memory symptom in that text.")
	}
	n := 0
	for i, f := range rep.Findings {
		if i == 0 && f.Limit != nil && d.Layout != nil && d.Layout.Role == f.Role {
			lines = append(lines, Bar(d.Layout, w, 1, st), limitMarks(d.Layout, f.Limit, w, st))
		}
		add(fmt.Sprintf("%s: %s (%s)", f.Symptom, f.Title, f.Role.Title()))
		if f.Limit != nil {
			add("  " + LimitSum(f.Limit))
		}
		if f.Refusal != "" {
			add("  " + f.Refusal)
		}
		if f.NeededBytes > 0 {
			add("  needed: " + f.NeededBytes.Human() + " more")
		}
		for _, fx := range f.Fixes {
			n++
			if n > 9 {
				break
			}
			add(fmt.Sprintf("  %d  %s", n, fx.Description))
			add("       " + fx.Cost)
		}
		if len(f.Advice) > 0 {
			add("  " + f.Advice[0])
		}
		if f.Metric != "" {
			add("  watch: " + f.Metric)
		}
	}
	for _, no := range rep.Notices {
		add("note: " + no)
	}
	return strings.Join(lines, "\n")
}

// limitMarks is a line under the bar with a mark under every cell of the
// limit's components.
func limitMarks(l *memmodel.Layout, lim *diagnose.LimitInfo, w int, st Styles) string {
	in := map[memmodel.Component]bool{}
	for _, p := range lim.Parts {
		in[p.Component] = true
	}
	mark := "▲"
	if st.ASCII {
		mark = "^"
	}
	cells := make([]string, w)
	for i := range cells {
		cells[i] = " "
	}
	for _, s := range Segments(l, w) {
		if !in[s.Component] {
			continue
		}
		from, to := s.Cells()
		for c := from; c < to && c < w; c++ {
			cells[c] = mark
		}
	}
	return strings.TrimRight(strings.Join(cells, ""), " ") + "  " + lim.Flag
}

// FlatFixes lists the fixes of a report in the order the panel numbers
// them.
func FlatFixes(rep *diagnose.Report) []diagnose.Fix {
	var out []diagnose.Fix
	if rep == nil {
		return nil
	}
	for _, f := range rep.Findings {
		out = append(out, f.Fixes...)
	}
	return out
}

// ComponentTrouble is what the explain panel adds about a component:
// what uses it, the error seen when it is too small, the metric to watch.
func ComponentTrouble(c memmodel.Component) [][2]string {
	h := diagnose.Help(c)
	if h.Uses == "" {
		return nil
	}
	return [][2]string{{"used by", h.Uses}, {"error", h.TooSmall + " (when too small)"}, {"watch", h.Metric}}
}
