package view

import (
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// HelpLegend explains what the screen's symbols and the mouse mean, for
// the full help, wrapped to w cells.
func HelpLegend(g Glyphs, w int) string {
	fills := ""
	for _, k := range []struct {
		c    memmodel.Component
		name string
	}{{memmodel.FrameworkHeap, "heap"}, {memmodel.Managed, "managed"}, {memmodel.FrameworkOffHeap, "off-heap"},
		{memmodel.Network, "network"}, {memmodel.Metaspace, "metaspace"}, {memmodel.Overhead, "overhead"}} {
		fills += " " + g.Fill[k.c] + " " + k.name
	}
	rows := [][2]string{
		{g.Cursor, "the selected row"},
		{g.Flag + " before a key", "a key the refusal involves: change one of these"},
		{g.Flag + " after a size", "a min or max bound moved the size (clamped), or the bound that applies"},
		{"(0.4)", "a default: the option is not set; a value in bold is set"},
		{g.Unset, "not set and no default: derived from the other sizes"},
		{g.MoreUp + " " + g.MoreDown, "more above or below: scroll with the arrows, pgup/pgdn, g/G or the wheel"},
		{strings.Repeat(g.Rejected, 3), "the bar crossed out: Flink would not start this process"},
		{"bar", strings.TrimSpace(fills)},
		{"mouse", "click a bar segment or table row to explain it, an option to select it, a fix to apply it, " +
			"a tab to switch; the wheel scrolls and never edits"},
	}
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, width(r[0]))
	}
	var out []string
	for _, r := range rows {
		out = append(out, wrap(fit(r[0], labelW, g)+"  "+r[1], w, strings.Repeat(" ", labelW+2))...)
	}
	return strings.Join(out, "\n")
}
