package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/view"
)

// shortHelp renders a panel's one-line help, dropping the entries kept
// last until it fits the width (so "? all keys" and "q quit" stay).
func (m *Model) shortHelp(k panelKeys) string {
	items := m.spelled(k.ShortHelp())
	h := *m.help
	h.Width = 0
	for {
		s := h.ShortHelpView(items)
		if m.width <= 0 || ansi.StringWidth(s) <= m.width || len(items) <= 1 {
			return s
		}
		dropped := false
		keep := m.spelled(k.keep)
		for i := len(keep) - 1; i >= 0 && !dropped; i-- {
			if j := indexOfBinding(items, keep[i]); j >= 0 {
				items = append(items[:j:j], items[j+1:]...)
				dropped = true
			}
		}
		if !dropped {
			items = items[:len(items)-1]
		}
	}
}

// fullHelp is the ? overlay: the active panel's keys in columns, what
// the symbols and the mouse mean, and the keys of the other panels, as
// much as fits in w×h.
func (m *Model) fullHelp(k panelKeys, w, h int) string {
	keys := m.keyColumns(k, w, h)
	out := []string{keys, "", view.HelpLegend(m.styles.Glyphs, w), ""}
	for _, o := range m.otherPanels() {
		hm := *m.help
		hm.Width = 0
		line := o.name + ": " + hm.ShortHelpView(m.spelled(o.keys.ShortHelp()))
		out = append(out, view.Wrap(line, w))
	}
	return strings.Join(out, "\n")
}

// otherPanel is a panel's name and keys, for the full help.
type otherPanel struct {
	name string
	keys panelKeys
}

// otherPanels lists the keys of the panels that are not active.
func (m *Model) otherPanels() []otherPanel {
	all := []struct {
		id   panelID
		name string
		p    panel
	}{
		{panelMain, "main screen", &mainPanel{}},
		{panelEdit, "editing (enter)", &editPanel{}},
		{panelExplain, "explanation (x)", &explainPanel{}},
		{panelPresets, "presets (p)", &presetPanel{}},
		{panelExport, "export (e)", &exportPanel{}},
		{panelSteps, "step-through (s)", &stepPanel{}},
		{panelLesson, "lesson (L)", &lessonPanel{}},
		{panelDiagnose, "diagnose (!)", &diagnosePanel{}},
	}
	var out []otherPanel
	for _, a := range all {
		if a.id != m.active {
			out = append(out, otherPanel{a.name, a.p.Keys(m)})
		}
	}
	return out
}

// keyColumns lays a panel's bindings out in up to four columns (more when
// they would not fit in h rows), as many as fit in w cells.
func (m *Model) keyColumns(k panelKeys, w, h int) string {
	var all []key.Binding
	for _, col := range k.FullHelp() {
		all = append(all, m.spelled(col)...)
	}
	hm := *m.help
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

// asciiArrows spells the arrow keys out: folded to ASCII, ↓/j would read
// v/j, beside the v that switches the Flink line.
var asciiArrows = strings.NewReplacer("↑↓", "up/down", "←→", "left/right", "↑", "up", "↓", "down")

// spelled returns the bindings with their key names as the screen can
// show them.
func (m *Model) spelled(bs []key.Binding) []key.Binding {
	if !m.styles.ASCII {
		return bs
	}
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		b.SetHelp(asciiArrows.Replace(b.Help().Key), b.Help().Desc)
		out[i] = b
	}
	return out
}

// helpKey handles a key while the full help is open: ? and esc close it,
// the arrows, pgup/pgdn and g/G scroll it. Other keys go on to the panel.
func (m *Model) helpKey(msg tea.KeyMsg) bool {
	k := m.keys
	switch {
	case key.Matches(msg, k.Help), msg.Type == tea.KeyEsc:
		m.showAll, m.helpScroll = false, 0
	case key.Matches(msg, k.Up):
		m.helpScroll--
	case key.Matches(msg, k.Down):
		m.helpScroll++
	case key.Matches(msg, k.PageUp):
		m.helpScroll -= 10
	case key.Matches(msg, k.PageDn):
		m.helpScroll += 10
	case key.Matches(msg, k.Top):
		m.helpScroll = 0
	case key.Matches(msg, k.Bottom):
		m.helpScroll = 1 << 20
	default:
		return false
	}
	return true
}

// helpWindow is the title and the h lines of the full help from
// helpScroll on, marked when more lies above or below.
func (m *Model) helpWindow(body string, h int) (title, window string) {
	g := m.styles.Glyphs
	lines := strings.Split(body, "\n")
	h = max(h, 1)
	m.helpScroll = max(min(m.helpScroll, len(lines)-h), 0)
	title = "All keys · steps: 64 MiB or 0.05, coarse 512 MiB or 0.1 · ? or esc closes"
	if m.helpScroll > 0 {
		title = g.MoreUp + " " + title
	}
	end := min(m.helpScroll+h, len(lines))
	lines = lines[m.helpScroll:end]
	if end < len(strings.Split(body, "\n")) {
		lines[len(lines)-1] = g.MoreDown + " more: " + m.spelled([]key.Binding{m.keys.Down})[0].Help().Key + " scrolls"
	}
	return title, strings.Join(lines, "\n")
}
