package model

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/view"
)

// quitPanel asks once before a changed configuration that was never
// written to a file is thrown away.
type quitPanel struct{}

// quit quits at once when nothing would be lost, and asks otherwise.
func (m *Model) quit() tea.Cmd {
	if !m.modified() || (m.written != nil && configsEqual(m.in.Config, m.written)) {
		return tea.Quit
	}
	m.open(panelQuit)
	return nil
}

// Update takes the answer: y (or q again) quits, e opens the export, n or
// esc goes back.
func (p *quitPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := p.Keys(m)
	switch {
	case key.Matches(km, k.short[0]):
		return tea.Quit
	case key.Matches(km, k.short[1]):
		m.open(panelMain)
		m.openExport()
	case key.Matches(km, k.short[2]):
		m.open(panelMain)
	}
	return nil
}

// View asks the question over the main screen.
func (p *quitPanel) View(m *Model, f *view.Frame) {
	w, _ := view.OverlaySize(*f, *m.styles)
	f.Overlay = &view.Overlay{Title: "Quit without exporting?",
		Body: view.Wrap("The configuration was changed ("+m.source+") and has not been written to a file since. "+
			"Quit anyway and lose the changes? y quits · e opens the export · n goes back", w)}
}

// Keys are the answers.
func (p *quitPanel) Keys(m *Model) panelKeys {
	yes := bind("y", "quit without exporting", "y", "q")
	export := relabel(m.keys.Export, "e", "export")
	no := bind("n/esc", "go back", "n", "esc")
	quit := ctrlCQuit(m.keys)
	return panelKeys{short: []key.Binding{yes, export, no, quit}, keep: []key.Binding{yes, no, export, quit},
		full: [][]key.Binding{{yes, export, no}, {quit}}}
}

// TakesText is false: every key is an answer.
func (p *quitPanel) TakesText(*Model) bool { return false }
