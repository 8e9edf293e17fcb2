package model

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// presetPanel is the preset picker: the presets, read on first use, in a
// filterable list.
type presetPanel struct {
	all    []presets.Preset
	picker list.Model
}

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

// compactDelegate lets view draw each preset of the list.
type compactDelegate struct{ st view.Styles }

// Height is two lines per preset.
func (d compactDelegate) Height() int { return 2 }

// Spacing puts no blank line between presets.
func (d compactDelegate) Spacing() int { return 0 }

// Update does nothing: the picker handles keys.
func (d compactDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

// Render draws one preset.
func (d compactDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	if it, ok := item.(presetItem); ok {
		io.WriteString(w, view.PresetRow(it.Title(), it.Description(), index == m.Index(), m.Width(), d.st))
	}
}

// openPresets shows the picker with the current preset selected.
func (m *Model) openPresets() {
	p := &m.presets
	if p.all == nil {
		all, err := presets.All()
		if err != nil {
			m.setStatus(view.StatusError, "cannot read the presets: "+err.Error())
			return
		}
		none, err := presets.Get(presets.None)
		if err == nil {
			all = append(all, none)
		}
		p.all = all
		items := make([]list.Item, len(all))
		for i, pr := range all {
			items[i] = presetItem{pr}
		}
		p.picker = list.New(items, compactDelegate{st: m.styles}, 40, 10)
		p.picker.SetShowTitle(false)
		p.picker.SetShowHelp(false)
		p.picker.SetShowStatusBar(false)
		p.picker.KeyMap.Quit.SetEnabled(false)
		p.picker.KeyMap.ForceQuit.SetEnabled(false)
		p.picker.SetStatusBarItemName("preset", "presets")
		p.picker.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	}
	for i, pr := range p.all {
		if pr.Name == m.preset {
			p.picker.Select(i)
		}
	}
	m.open(panelPresets)
}

// Update handles a key in the picker. While its filter is being typed,
// every key goes to the filter.
func (p *presetPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok && p.picker.FilterState() != list.Filtering {
		switch {
		case key.Matches(msg, m.keys.Accept):
			if it, ok := p.picker.SelectedItem().(presetItem); ok {
				m.loadPreset(it.p)
			}
			return nil
		case key.Matches(msg, m.keys.Cancel) && p.picker.FilterState() == list.Unfiltered:
			m.open(panelMain)
			return nil
		}
	}
	if _, ok := msg.(tea.MouseMsg); ok {
		return nil
	}
	var cmd tea.Cmd
	p.picker, cmd = p.picker.Update(msg)
	return cmd
}

// View draws the list over the main screen.
func (p *presetPanel) View(m *Model, f *view.Frame) {
	w, h := view.OverlaySize(*f, m.styles)
	p.picker.SetSize(w, h)
	f.Overlay = &view.Overlay{Title: "Presets: load a starting configuration", Body: p.picker.View()}
}

// Keys are the picker's bindings.
func (p *presetPanel) Keys(m *Model) panelKeys {
	k := m.keys
	accept := relabel(k.Accept, "enter", "load the preset (u undoes it)")
	back := relabel(k.Cancel, "esc", "back")
	move := relabel(k.Move, "↑↓", "choose")
	filter := key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter"))
	quit := ctrlCQuit(k)
	return panelKeys{
		short: []key.Binding{move, accept, filter, back, quit},
		keep:  []key.Binding{quit, accept, back, filter, move},
		full:  [][]key.Binding{{accept, back}, {filter}, {quit}},
	}
}

// TakesText reports whether the filter is being typed.
func (p *presetPanel) TakesText(*Model) bool { return p.picker.FilterState() == list.Filtering }

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
	m.open(panelMain)
	m.setStatus(view.StatusOK, "loaded preset "+p.Name+note+" · u undoes it")
}
