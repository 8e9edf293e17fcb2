package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// JobRow is one row of the options pane's Job group: an input of the
// per-slot analysis that is not a Flink option — a managed-memory consumer
// the job has, or a part of the job's shape.
type JobRow struct {
	// Label names the input ("RocksDB state", "parallelism").
	Label string
	// Value is what applies ("on", "500"); empty when nothing does (no
	// parallelism given). Default marks a value nobody chose, drawn
	// dimmed in parentheses like an option's default.
	Value   string
	Default bool
	// Note goes in the resolved column: what the input comes to, and which
	// configuration key decides it when one does.
	Note string
	// Warn marks a note about something that fails (buffers short).
	Warn bool
}

// jobGroup labels the Job rows in the options pane.
const jobGroup = "Job"

// jobLines renders the Job group's rows in the options pane's columns;
// first is the pane index of the first row.
func jobLines(f *Frame, c paneColumns, st Styles) []paneLine {
	g := st.Glyphs
	var out []paneLine
	if len(f.Job) > 0 && !c.inline {
		out = append(out, paneLine{text: st.pt.group.on(fit(jobGroup, c.w, g))})
	}
	for i, r := range f.Job {
		index := len(f.Options) + i
		marker, keyStyle := "  ", st.pt.key
		if index == f.Selected {
			marker, keyStyle = st.pt.selected.on(g.Cursor)+" ", st.pt.selected
		}
		line := marker
		if c.inline {
			name := ""
			if i == 0 {
				name = jobGroup
			}
			line += st.pt.group.on(fit(name, c.groupW, g))
		}
		line += keyStyle.on(fit(r.Label, c.keyCol, g)) + " "
		if index == f.Selected && f.Editor != "" {
			line += fit(f.Editor, c.valW+1+c.resW, g)
		} else {
			value := st.pt.value.on(fit(r.Value, c.valW, g))
			switch {
			case r.Value == "":
				value = st.pt.dim.on(fit(g.Unset, c.valW, g))
			case r.Default:
				value = st.pt.dim.on(fit("("+r.Value+")", c.valW, g))
			}
			note := st.pt.resolved.on(r.Note)
			if r.Warn {
				note = st.pt.warn.on(r.Note)
			}
			line += value + " " + fit(note, c.resW, g)
		}
		out = append(out, paneLine{text: fit(line, c.w, g), hit: Hit{Kind: HitOption, Index: index}})
	}
	return out
}

// slotPanelLines renders the per-slot panel of the explorer: SlotsPanel's
// topic lines (slot, managed, RocksDB, network), then, when the job's
// network buffers fall short, the verified fixes numbered for the fix keys,
// and the findings wrapped to the width.
func slotPanelLines(r *memmodel.SlotReport, w int, st Styles) []paneLine {
	g := st.Glyphs
	out := []paneLine{{text: st.pt.heading.on(fit("PER SLOT", w, g))}}
	// The fixes and the notices are drawn here, numbered and wrapped;
	// SlotsPanel gives the one-line topics.
	topics := *r
	topics.Notices = nil
	topics.Network.Fixes = nil
	const indent = "         " // under the topics' text
	// Uncut topics, wrapped under their text: the pane scrolls, so a
	// narrow terminal still gets every number.
	lines := strings.Split(SlotsPanel(topics, 0, st.ASCII), "\n")
	short := r.NetworkErr == nil && r.Network.Short() > 0
	for i, topic := range lines {
		style := st.pt.dim
		if short && i == len(lines)-1 {
			style = st.pt.err // the network line is SlotsPanel's last topic
		}
		for _, l := range wrap(topic, w, indent) {
			out = append(out, paneLine{text: style.on(fit(l, w, g))})
		}
	}
	if short {
		fixes := r.Network.Fixes
		// Flink's own words for the failure, when there is room for them.
		head := "needs " + sizeText(r.Network.NetworkNeeded, false) + " of network memory or the tasks fail to start"
		if w >= 100 {
			head += " (\"Insufficient number of network buffers\")"
		}
		if len(fixes) == 0 {
			head += "; no change of network memory alone makes it fit: raise the process size, use fewer slots per TaskManager or a lower parallelism"
		} else {
			head += "; fixes, each verified:"
		}
		for _, l := range wrap(indent+head, w, indent) {
			out = append(out, paneLine{text: st.pt.err.on(fit(l, w, g))})
		}
		for i, fx := range fixes {
			num := "   "
			if i < 9 {
				num = "[" + strconv.Itoa(i+1) + "]"
			}
			text := fx.Description
			if fx.Note != "" {
				text += " (" + fx.Note + ")"
			}
			for j, l := range wrap(text, w-len(indent)-4, "") {
				prefix := indent + st.pt.fixKey.on(num) + " "
				if j > 0 {
					prefix = indent + "    "
				}
				out = append(out, paneLine{text: fit(prefix+l, w, g), hit: Hit{Kind: HitFix, Index: i}})
			}
		}
	}
	for _, n := range r.Notices {
		if n.Code == memmodel.NoticeNetworkShort {
			continue // the network line and the fixes above say it
		}
		mark, style := "-", st.pt.dim
		if n.Warning {
			mark, style = "!", st.pt.warn
		}
		for _, l := range wrap(mark+" "+n.Message(), w, "  ") {
			out = append(out, paneLine{text: style.on(fit(l, w, g))})
		}
	}
	return out
}
