package model

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/view"
)

// A panel is one thing the keyboard can talk to: the main screen, the
// field editor, the preset picker, the export panel, the explanation. The
// root Model keeps what every panel shares (the input configuration, the
// layout, the undo history, the selection, the terminal size) and routes
// each message to the active panel, which alone decides what a key means
// there. No panel enables or disables another's bindings: a key that a
// panel does not list does nothing in it.
//
// To add a panel (a diagnosis, a step-through, a lesson):
//  1. declare its state as a struct in a new file, with Update, View,
//     Keys and TakesText methods (pointer receivers; they get the root
//     *Model). Only ctrl+c is handled before the panel sees a key: map q
//     and esc to closing it;
//  2. add a panelID constant below and a field to Model (a pointer when
//     the state is large: an Update copies the Model);
//  3. return the field from Model.panel for that ID, and list it in
//     otherPanels (help.go) so that ? shows its keys from elsewhere;
//  4. open it from the main panel's Update (a binding in KeyMap, listed
//     in mainPanel.Keys and README's key table) with m.open(id), and
//     leave it with m.open(panelMain). A panel that changes the
//     configuration takes m.snapshot() first and m.record(before) after,
//     so that u undoes it.
//
// View fills in the panel's part of the frame: usually f.Overlay, the
// box drawn over the main screen; the short help and, after ?, the full
// help are drawn from Keys by the root.
type panel interface {
	// Update handles a key, a mouse event or another message while the
	// panel is active.
	Update(m *Model, msg tea.Msg) tea.Cmd
	// View puts the panel on the frame the root prepared.
	View(m *Model, f *view.Frame)
	// Keys is what the panel answers to, for the help.
	Keys(m *Model) panelKeys
	// TakesText reports whether typed characters are text (a field has
	// the focus) rather than commands.
	TakesText(m *Model) bool
}

// panelID names a panel.
type panelID uint8

const (
	panelMain panelID = iota
	panelEdit
	panelExplain
	panelPresets
	panelExport
	panelQuit
	panelTarget
	panelSteps
	panelLesson
	panelDiagnose
)

// panel returns the active panel, bound to this model's state.
func (m *Model) panel() panel {
	switch m.active {
	case panelEdit:
		return m.edit
	case panelExplain:
		return &m.explain
	case panelPresets:
		return m.presets
	case panelExport:
		return m.exp
	case panelQuit:
		return &m.quitAsk
	case panelTarget:
		return &m.target
	case panelSteps:
		return &m.stepper
	case panelLesson:
		return &m.lesson
	case panelDiagnose:
		return &m.diag
	}
	return &m.main
}

// open makes a panel the active one; the full help closes with the panel
// it was opened over.
func (m *Model) open(id panelID) {
	if id != m.active {
		m.showAll = false
	}
	m.active = id
}

// panelKeys is a panel's help: the one-line help in display order, the
// order in which entries are kept when the line is too narrow (first
// kept first), and the full help in columns. It satisfies help.KeyMap.
type panelKeys struct {
	short, keep []key.Binding
	full        [][]key.Binding
}

// ShortHelp is the one-line help.
func (k panelKeys) ShortHelp() []key.Binding { return k.short }

// FullHelp is the full help, in columns.
func (k panelKeys) FullHelp() [][]key.Binding { return k.full }

// relabel returns a copy of a binding with other help text.
func relabel(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// ctrlCQuit is the quit binding of a panel that takes text or asks a
// question: only ctrl+c quits there.
func ctrlCQuit(k KeyMap) key.Binding {
	b := k.Quit
	b.SetKeys("ctrl+c")
	b.SetHelp("ctrl+c", "quit")
	return b
}
