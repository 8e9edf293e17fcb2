package model

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// presetItem is one preset in the picker.
type presetItem struct{ p presets.Preset }

// Title is the preset's name and title.
func (i presetItem) Title() string {
	if i.p.Title == "" {
		return i.p.Name
	}
	return i.p.Name + " — " + i.p.Title
}

// Description is the preset's description; a training preset says which
// refusal it shows.
func (i presetItem) Description() string {
	d := strings.Join(strings.Fields(i.p.Description), " ")
	if i.p.Training {
		d = "refused on purpose (" + string(i.p.Check) + "): " + d
	}
	return d
}

// FilterValue is what the picker's filter matches.
func (i presetItem) FilterValue() string { return i.p.Name + " " + i.p.Title }

// compactDelegate draws a preset as its title and one line of description,
// marking the selected one with a cursor, so that selection shows without
// colour too.
type compactDelegate struct{ st view.Styles }

// Height is two lines per preset.
func (d compactDelegate) Height() int { return 2 }

// Spacing puts no blank line between presets.
func (d compactDelegate) Spacing() int { return 0 }

// Update does nothing: the picker handles keys.
func (d compactDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

// Render draws one preset.
func (d compactDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	it, ok := item.(presetItem)
	if !ok {
		return
	}
	width := m.Width()
	marker := "  "
	title := it.Title()
	if index == m.Index() {
		marker = d.st.Glyphs.Cursor + " "
		title = d.st.Selected.Render(title)
	}
	desc := d.st.Dim.Render(truncate(it.Description(), width-4, d.st.Glyphs.Ellipsis))
	fmt.Fprintf(w, "%s%s\n    %s", marker, truncate(title, width-2, d.st.Glyphs.Ellipsis), desc)
}

// truncate cuts plain or styled text to w cells.
func truncate(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, tail)
}

// openPresets shows the picker with the current preset selected.
func (m *Model) openPresets() {
	if m.presetList == nil {
		all, err := presets.All()
		if err != nil {
			m.setStatus(view.StatusError, "cannot read the presets: "+err.Error())
			return
		}
		none, err := presets.Get(presets.None)
		if err == nil {
			all = append(all, none)
		}
		m.presetList = all
		items := make([]list.Item, len(all))
		for i, p := range all {
			items[i] = presetItem{p}
		}
		m.picker = list.New(items, compactDelegate{st: m.styles}, 40, 10)
		m.picker.SetShowTitle(false)
		m.picker.SetShowHelp(false)
		m.picker.SetShowStatusBar(false)
		m.picker.KeyMap.Quit.SetEnabled(false)
		m.picker.KeyMap.ForceQuit.SetEnabled(false)
		m.picker.SetStatusBarItemName("preset", "presets")
		m.picker.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	}
	for i, p := range m.presetList {
		if p.Name == m.preset {
			m.picker.Select(i)
		}
	}
	m.setMode(modePresets)
}

// presetKey handles a key in the picker. While its filter is being typed,
// every key but ctrl+c goes to the filter.
func (m *Model) presetKey(msg tea.KeyMsg) tea.Cmd {
	if m.picker.FilterState() != list.Filtering {
		switch {
		case key.Matches(msg, m.keys.Accept):
			if it, ok := m.picker.SelectedItem().(presetItem); ok {
				m.loadPreset(it.p)
			}
			return nil
		case key.Matches(msg, m.keys.Cancel) && m.picker.FilterState() == list.Unfiltered:
			m.setMode(modeMain)
			return nil
		}
	}
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	return cmd
}

// loadPreset replaces the configuration with a preset's, as one undoable
// change. A training preset switches to the process it is refused for;
// a preset that does not claim the current line switches to the newest
// line it claims.
func (m *Model) loadPreset(p presets.Preset) {
	m.change(m.snapshot())
	m.in.Config = p.Config(m.in.Role)
	pl := p.Place(presets.Target{Role: m.in.Role, Line: m.in.Line})
	m.in.Role = pl.Role
	note := ""
	if pl.LineSwitched {
		note = fmt.Sprintf(" (switched to Flink %s: the preset is for %s)", pl.Line, strings.Join(p.Lines, ", "))
		m.in.Line = pl.Line
	}
	m.source = "preset " + p.Name
	m.preset = p.Name
	m.baseline = cloneConfig(m.in.Config)
	m.selected = 0
	m.scroll = 0
	m.recompute()
	m.selectOption(processOption(m.in.Role))
	m.setMode(modeMain)
	m.setStatus(view.StatusOK, "loaded preset "+p.Name+note+" · u undoes it")
}
