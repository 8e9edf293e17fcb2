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

	// Teaching: the step-through, the lesson panel and the course; Teach
	// only labels the four together in the full help.
	Teach            key.Binding
	Steps            key.Binding
	Forward, Back    key.Binding
	Lesson           key.Binding
	NextLesson, Prev key.Binding
}

// DefaultKeyMap returns the explorer's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Move:     bind("↑↓", "move", "up", "down"),
		StepBoth: bind("+/-", "step", "+", "-"),

		Up:       bind("↑/k", "move up", "up", "k"),
		Down:     bind("↓/j", "move down", "down", "j"),
		Edit:     bind("enter", "edit", "enter"),
		Step:     bind("+", "step up", "+", "="),
		StepDown: bind("-", "step down", "-", "_"),
		Coarse:   bind("]", "coarse step up", "]"),
		CoarseDn: bind("[", "coarse step down", "["),
		Unset:    bind("del", "unset", "delete", "backspace"),
		Toggle:   bind("space", "toggle", " "),
		Job:      bind("J", "go to the Job rows", "J"),
		Fix:      bind("1-9", "apply a listed fix", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Presets:  bind("p", "presets", "p"),
		Export:   bind("e", "export", "e"),
		Explain:  bind("x", "explain", "x"),
		Target:   bind("t", "set a target", "t"),
		Baseline: bind("d", "pin/clear baseline", "d"),
		Diagnose: bind("!", "diagnose an error", "!"),
		Role:     bind("tab", "TaskManager/JobManager", "tab"),
		Line:     bind("v", "next Flink line", "v"),
		LineBack: bind("V", "previous Flink line", "V"),
		Undo:     bind("u", "undo", "u"),
		Redo:     bind("ctrl+r", "redo", "ctrl+r"),
		Bytes:    bind("b", "exact bytes", "b"),
		Help:     bind("?", "all keys", "?"),
		Quit:     bind("q", "quit", "q", "ctrl+c"),

		Accept: bind("enter", "confirm: keep the value, load the preset, write the file", "enter"),
		Cancel: bind("esc", "back: cancel the edit, close the panel", "esc"),
		Format: bind("f/←→", "export format", "f", "right", "left"),
		Pinned: bind("m", "export minimal or pinned keys", "m"),
		Write:  bind("w", "write the export to a file", "w"),
		Copy:   bind("c", "copy the export (OSC 52)", "c"),
		Yes:    bind("y", "overwrite the file", "y"),
		No:     bind("n", "keep the existing file", "n", "esc"),
		PageUp: bind("pgup", "page up", "pgup"),
		PageDn: bind("pgdn", "page down", "pgdown"),
		Top:    bind("g/home", "first row", "home", "g"),
		Bottom: bind("G/end", "last row", "end", "G"),

		Teach:      bind("s/L/n/N", "teaching", "s", "L", "n", "N"),
		Steps:      bind("s", "step-through", "s"),
		Forward:    bind("→/space", "next step", "right", " "),
		Back:       bind("←/backspace", "previous step", "left", "backspace"),
		Lesson:     bind("L", "lesson", "L"),
		NextLesson: bind("n", "next lesson", "n"),
		Prev:       bind("N", "previous lesson", "N"),
	}
}

// bind makes a binding of keys whose help line shows label and desc.
func bind(label, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
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
