package model

import (
	"fmt"
	"io"
	"sort"
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
	// before is the preset highlighted when the filter was opened: esc
	// out of the filter returns to it.
	before int
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
	if m.presets == nil {
		m.presets = &presetPanel{}
	}
	p := m.presets
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
		p.picker = list.New(items, compactDelegate{st: *m.styles}, 40, 10)
		p.picker.SetShowTitle(false)
		p.picker.SetShowHelp(false)
		p.picker.SetShowStatusBar(false)
		// The list's own quit keys stay off for good (setting them off
		// once is undone when the list updates its bindings): only
		// ctrl+c quits, and the explorer handles it.
		p.picker.DisableQuitKeybindings()
		p.picker.SetStatusBarItemName("preset", "presets")
		p.picker.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	}
	// The list opens unfiltered on the current preset: a filter kept from
	// last time would be invisible, and the cursor would index into it.
	p.picker.ResetFilter()
	p.picker.Select(0)
	for i, pr := range p.all {
		if pr.Name == m.preset {
			p.picker.Select(i)
		}
	}
	m.open(panelPresets)
}

// Update handles a key in the picker. While its filter is being typed,
// every key goes to the filter, and the list is filtered at once rather
// than by the list's asynchronous command: keys typed in one burst (/,
// rock, enter, enter) would otherwise act on the list as it was before
// the filter caught up.
func (p *presetPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case list.FilterMatchesMsg:
		// Already filtered synchronously; a late result could be stale.
		return nil
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			p.picker.CursorUp()
		case tea.MouseButtonWheelDown:
			p.picker.CursorDown()
		}
		return nil
	case tea.KeyMsg:
		if p.picker.FilterState() == list.Filtering {
			before := p.picker.FilterValue()
			var cmd tea.Cmd
			p.picker, cmd = p.picker.Update(msg)
			switch {
			case p.picker.FilterState() == list.Unfiltered:
				p.picker.Select(p.before)
			case p.picker.FilterState() == list.Filtering && p.picker.FilterValue() != before:
				p.picker.SetFilterText(p.picker.FilterValue())
				p.picker.SetFilterState(list.Filtering)
			}
			return cmd
		}
		if key.Matches(msg, p.picker.KeyMap.Filter) {
			p.before = p.picker.GlobalIndex()
		}
		switch {
		case key.Matches(msg, m.keys.Accept):
			if it, ok := p.picker.SelectedItem().(presetItem); ok {
				m.loadPreset(it.p)
			}
			return nil
		case key.Matches(msg, m.keys.Cancel) && p.picker.FilterState() == list.Unfiltered,
			key.Matches(msg, m.keys.Quit):
			// q closes the picker: only ctrl+c quits from a panel.
			m.open(panelMain)
			return nil
		case key.Matches(msg, m.keys.Help):
			m.showAll = true
			return nil
		}
	}
	var cmd tea.Cmd
	p.picker, cmd = p.picker.Update(msg)
	return cmd
}

// View draws the list over the main screen, with the highlighted
// preset's detail beside it (or under it on a narrow terminal).
func (p *presetPanel) View(m *Model, f *view.Frame) {
	w, h := view.OverlaySize(*f, *m.styles)
	var d view.PresetDetail
	if it, ok := p.picker.SelectedItem().(presetItem); ok {
		d = presetDetail(it.p)
	}
	l := view.NewPickerLayout(w, h)
	p.picker.SetSize(l.ListW, l.ListH)
	body := l.Picker(p.picker.View(), view.PresetDetailView(d, l.DetailW, l.DetailH, *m.styles))
	f.Overlay = &view.Overlay{Title: "Presets: load a starting configuration", Body: body}
}

// presetDetail is what the picker tells about a preset.
func presetDetail(p presets.Preset) view.PresetDetail {
	d := view.PresetDetail{Name: p.Name, Title: p.Title, Description: p.Description, Lines: p.Lines,
		Facts: p.Facts, Docs: p.Docs, See: p.See}
	if p.Training {
		d.Refused = string(p.Check)
	}
	if p.Course > 0 {
		d.Lesson = lessonOf(p, courseLen())
	}
	for _, opts := range []map[string]string{p.Options, p.JobManager} {
		keys := make([]string, 0, len(opts))
		for k := range opts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			d.Options = append(d.Options, k+": "+opts[k])
		}
	}
	return d
}

// Keys are the picker's bindings.
func (p *presetPanel) Keys(m *Model) panelKeys {
	k := m.keys
	accept := relabel(k.Accept, "enter", "load the preset (u undoes it)")
	back := relabel(k.Cancel, "esc", "back")
	move := relabel(k.Move, "↑↓", "choose")
	filter := bind("/", "filter", "/")
	ends := bind("g/G", "first/last", "home", "end", "g", "G")
	quit := ctrlCQuit(k)
	if p.TakesText(m) {
		done := bind("enter", "keep the filter", "enter")
		clear := bind("esc", "clear the filter", "esc")
		return panelKeys{short: []key.Binding{done, clear, quit}, keep: []key.Binding{quit, done, clear},
			full: [][]key.Binding{{done, clear}, {quit}}}
	}
	return panelKeys{
		short: []key.Binding{move, accept, filter, back, quit},
		keep:  []key.Binding{quit, accept, back, filter, move},
		full:  [][]key.Binding{{k.Up, k.Down, ends, accept, back}, {filter}, {k.Help, quit}},
	}
}

// TakesText reports whether the filter is being typed.
func (p *presetPanel) TakesText(*Model) bool { return p.picker.FilterState() == list.Filtering }

// loadPreset replaces the configuration with a preset's, as one undoable
// change. A training preset switches to the process it is refused for;
// a preset that does not claim the current line switches to the newest
// line it claims.
func (m *Model) loadPreset(p presets.Preset) {
	before := m.snapshot()
	m.in.Config, m.rest = splitConfig(p.Config(m.in.Role))
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
	// The notices were about the input the preset replaces, and a preset
	// chosen is no base standing in for missing input.
	m.notices, m.base = nil, nil
	// Nor is the heap of the configuration it replaces the one its fixes
	// should keep.
	clear(m.heaps[:])
	m.selected = 0
	m.scroll = 0
	m.recompute()
	m.selectOption(processOption(m.in.Role))
	m.record(before)
	m.open(panelMain)
	m.setStatus(view.StatusOK, "loaded preset "+p.Name+note+" · u undoes it")
}
