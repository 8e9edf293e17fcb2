package model

import (
	"github.com/charmbracelet/bubbles/key"
)

// KeyMap holds every key binding of the explorer. Bindings that do not
// apply in the current mode are disabled, which also hides them from the
// help.
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
	}
}

// mainBindings are the bindings of the main screen, in help order.
func (k *KeyMap) mainBindings() []*key.Binding {
	return []*key.Binding{&k.Up, &k.Down, &k.Edit, &k.Step, &k.StepDown, &k.Coarse, &k.CoarseDn,
		&k.Unset, &k.Toggle, &k.Job, &k.Fix, &k.Presets, &k.Export, &k.Explain, &k.Role, &k.Line, &k.LineBack,
		&k.Undo, &k.Redo, &k.Bytes, &k.Help, &k.Quit}
}

// ShortHelp is the one-line help of the current mode, in display order.
// The explorer drops entries from it by shortHelpPriority when the line
// is too narrow.
func (k KeyMap) ShortHelp() []key.Binding {
	return enabled(k.Move, k.Edit, k.Accept, k.StepBoth, k.Unset, k.Fix, k.Format, k.Pinned, k.Write, k.Copy,
		k.Yes, k.No, k.Presets, k.Export, k.Explain, k.Role, k.Line, k.Undo, k.Cancel, k.Help, k.Quit)
}

// shortHelpPriority orders the short help's entries from the first to
// keep to the first to drop.
func (k KeyMap) shortHelpPriority() []key.Binding {
	return []key.Binding{k.Quit, k.Help, k.Accept, k.Cancel, k.Yes, k.No, k.Edit, k.StepBoth, k.Fix, k.Format,
		k.Pinned, k.Write, k.Copy, k.Role, k.Presets, k.Export, k.Explain, k.Unset, k.Undo, k.Line, k.Move}
}

// FullHelp is every binding of the current mode, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	cols := [][]key.Binding{
		enabled(k.Up, k.Down, k.PageUp, k.PageDn, k.Edit, k.Accept, k.Cancel),
		enabled(k.Step, k.StepDown, k.Coarse, k.CoarseDn, k.Unset, k.Toggle, k.Job, k.Fix),
		enabled(k.Presets, k.Export, k.Explain, k.Format, k.Pinned, k.Write, k.Copy, k.Yes, k.No),
		enabled(k.Role, k.Line, k.LineBack, k.Undo, k.Redo, k.Bytes, k.Help, k.Quit),
	}
	var out [][]key.Binding
	for _, c := range cols {
		if len(c) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func enabled(bs ...key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
