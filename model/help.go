package model

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// shortHelp renders a panel's one-line help, dropping the entries kept
// last until it fits the width (so "? all keys" and "q quit" stay).
func (m *Model) shortHelp(k panelKeys) string {
	items := k.ShortHelp()
	h := m.help
	h.Width = 0
	for {
		s := h.ShortHelpView(items)
		if m.width <= 0 || ansi.StringWidth(s) <= m.width || len(items) <= 1 {
			return s
		}
		dropped := false
		for i := len(k.keep) - 1; i >= 0 && !dropped; i-- {
			if j := indexOfBinding(items, k.keep[i]); j >= 0 {
				items = append(items[:j:j], items[j+1:]...)
				dropped = true
			}
		}
		if !dropped {
			items = items[:len(items)-1]
		}
	}
}

// fullHelp lays a panel's bindings out in up to four columns (more when
// they would not fit in h rows), as many as fit in w cells.
func (m *Model) fullHelp(k panelKeys, w, h int) string {
	var all []key.Binding
	for _, col := range k.FullHelp() {
		all = append(all, col...)
	}
	hm := m.help
	hm.Width = 0
	best := ""
	for cols := 1; cols <= len(all); cols++ {
		rows := (len(all) + cols - 1) / cols
		var groups [][]key.Binding
		for i := 0; i < len(all); i += rows {
			groups = append(groups, all[i:min(i+rows, len(all))])
		}
		out := hm.FullHelpView(groups)
		if lipgloss.Width(out) > w {
			break
		}
		best = out
		if cols >= 4 && rows <= h {
			break
		}
	}
	if best == "" {
		best = hm.FullHelpView([][]key.Binding{all})
	}
	return best
}

func indexOfBinding(bs []key.Binding, b key.Binding) int {
	for i, x := range bs {
		if x.Help() == b.Help() && x.Enabled() {
			return i
		}
	}
	return -1
}
