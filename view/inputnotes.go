package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// inputNoteLines draws the notices about the input, flagged like the
// layout's notices (warnings in the warning colour, information dim), in
// at most limit lines: when they do not fit, the last line counts the
// notices left out.
func inputNoteLines(notes []ReportNote, w, limit int, st Styles) []string {
	g := st.Glyphs
	type noteLine struct {
		note  int
		text  string
		style paint
	}
	var all []noteLine
	for i, n := range notes {
		style := st.pt.warn
		if n.Severity == memmodel.SeverityInfo {
			style = st.pt.dim
		}
		for _, l := range wrap(g.Flag+" "+n.Message, w, "  ") {
			all = append(all, noteLine{i, l, style})
		}
	}
	if len(all) <= limit || limit < 2 {
		out := make([]string, 0, len(all))
		for _, l := range all[:min(len(all), max(limit, 0))] {
			out = append(out, l.style.on(fit(l.text, w, g)))
		}
		return out
	}
	out := make([]string, 0, limit)
	last := all[limit-2].note
	for i, l := range all[:limit-1] {
		if i == limit-2 && all[limit-1].note == last {
			// The last note shown is cut short.
			l.text = fit(strings.TrimRight(l.text, " "), w-2, g) + " " + g.Ellipsis
		}
		out = append(out, l.style.on(fit(l.text, w, g)))
	}
	rest := len(notes) - last - 1
	more := "  (the notice goes on)"
	if rest > 0 {
		more = "  and " + strconv.Itoa(rest) + " " + plural(rest, "more notice") + " about the input"
	}
	return append(out, st.pt.dim.on(fit(more, w, g)))
}
