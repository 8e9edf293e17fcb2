package model

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// explainPanel explains the selected option or Job row, or a component
// clicked on the bar or in the table; it follows the cursor.
type explainPanel struct {
	// component is set when the explanation is about a clicked component
	// rather than the selected option.
	component *memmodel.Component
}

// openExplain shows the explanation of the selected row, or of a
// component when c is set.
func (m *Model) openExplain(c *memmodel.Component) {
	m.explain.component = c
	m.open(panelExplain)
}

// Update moves the cursor (the explanation follows it) or closes.
func (p *explainPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		m.handleMouse(msg)
	case tea.KeyMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Cancel, k.Explain, k.Quit):
			// q closes the panel: only ctrl+c quits from a panel.
			m.open(panelMain)
		case key.Matches(msg, k.Help):
			m.showAll = true
		case key.Matches(msg, k.Up):
			p.component = nil
			m.move(-1)
		case key.Matches(msg, k.Down):
			p.component = nil
			m.move(1)
		}
	}
	return nil
}

// View draws the explanation over the main screen.
func (p *explainPanel) View(m *Model, f *view.Frame) {
	f.Overlay = &view.Overlay{}
	w, _ := view.OverlaySize(*f, *m.styles)
	switch jf, ok := m.selectedJob(); {
	case ok && p.component == nil:
		f.Overlay.Title, f.Overlay.Body = view.ExplainJob(jf.label(), w)
	case p.component != nil && m.err == nil:
		f.Overlay.Title, f.Overlay.Body = view.ExplainComponentPanel(*p.component, &m.layout, w, *m.styles)
	default:
		f.Overlay.Title, f.Overlay.Body = view.ExplainOption(m.Selected(), m.in, &m.layout, m.err, w, *m.styles)
	}
}

// Keys are the explanation's bindings.
func (p *explainPanel) Keys(m *Model) panelKeys {
	k := m.keys
	k.Cancel.SetHelp("esc/x", "close")
	quit := ctrlCQuit(k)
	return panelKeys{
		short: []key.Binding{k.Move, k.Cancel, k.Help, quit},
		keep:  []key.Binding{quit, k.Help, k.Cancel, k.Move},
		full:  [][]key.Binding{{k.Up, k.Down, k.Cancel}, {k.Help, quit}},
	}
}

// TakesText is false: the panel has no field.
func (p *explainPanel) TakesText(*Model) bool { return false }
