package model

import (
	"github.com/charmbracelet/bubbles/key"
)

// KeyMap holds every key binding of the explorer, as the README lists
// them. Each panel picks the bindings it answers to (see panel.go), so a
// binding means one thing in each panel and nothing where it is not
// listed.
type KeyMap struct {
	// Move and StepBoth only label pairs of keys in the short help.
	Move, StepBoth key.Binding

	Up, Down         key.Binding
	Edit             key.Binding
	Step, StepDown   key.Binding
	Coarse, CoarseDn key.Binding
	Unset            key.Binding
	Toggle           key.Binding
	Job              key.Binding
	Fix              key.Binding
	Presets          key.Binding
	Export           key.Binding
	Explain          key.Binding
	Target           key.Binding
	Baseline         key.Binding
	Diagnose         key.Binding
	Role             key.Binding
	Line, LineBack   key.Binding
	Undo, Redo       key.Binding
	Bytes            key.Binding
	Help             key.Binding
	Quit             key.Binding

	// Bindings of the text field and the panels.
	Accept, Cancel key.Binding
	Format         key.Binding
	Pinned         key.Binding
	Write          key.Binding
	Copy           key.Binding
	Yes, No        key.Binding
	PageUp, PageDn key.Binding
	Top, Bottom    key.Binding
}

// DefaultKeyMap returns the explorer's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Move:     key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "move")),
		StepBoth: key.NewBinding(key.WithKeys("+", "-"), key.WithHelp("+/-", "step")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "move up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "move down")),
		Edit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
		Step:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "step up")),
		StepDown: key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "step down")),
		Coarse:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "coarse step up")),
		CoarseDn: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "coarse step down")),
		Unset:    key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("del", "unset")),
		Toggle:   key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		Job:      key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "go to the Job rows")),
		Fix:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "apply a listed fix")),
		Presets:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presets")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Explain:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "explain")),
		Target:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "set a target")),
		Baseline: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "pin/clear baseline")),
		Diagnose: key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "diagnose an error")),
		Role:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "TaskManager/JobManager")),
		Line:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "next Flink line")),
		LineBack: key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "previous Flink line")),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Redo:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
		Bytes:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "exact bytes")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),

		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm: keep the value, load the preset, write the file")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back: cancel the edit, close the panel")),
		Format: key.NewBinding(key.WithKeys("f", "right", "left"), key.WithHelp("f/←→", "export format")),
		Pinned: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "export minimal or pinned keys")),
		Write:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write the export to a file")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy the export (OSC 52)")),
		Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "overwrite the file")),
		No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "keep the existing file")),
		PageUp: key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDn: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first row")),
		Bottom: key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last row")),
	}
}

// enabled keeps the bindings that are switched on.
func enabled(bs ...key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
