package model

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// readmeBindings are the bindings the README's key table lists, in its
// order: the main screen's, then those of the text field and the panels.
func readmeBindings(k KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom, k.Edit, k.Step, k.StepDown, k.Coarse, k.CoarseDn,
		k.Unset, k.Toggle, k.Job, k.Fix, k.Presets, k.Export, k.Explain, k.Target, k.Baseline, k.Diagnose, k.Steps, k.Lesson, k.NextLesson, k.Prev,
		k.Role, k.Line, k.LineBack, k.Undo, k.Redo, k.Bytes,
		k.Help, k.Quit, k.Accept, k.Cancel, k.Format, k.Pinned, k.Write, k.Copy, k.Yes, k.No, k.Forward, k.Back}
}

// keyRow is a binding as a row of the README's key table.
func keyRow(b key.Binding) string {
	keys := make([]string, len(b.Keys()))
	for i, k := range b.Keys() {
		if k == " " {
			k = "space" // what the key is called, not the character
		}
		keys[i] = "`" + k + "`"
	}
	return "| " + strings.Join(keys, ", ") + " | " + b.Help().Desc + " |"
}

// readmeSection returns the README's "## The explorer" section.
func readmeSection(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "\n## The explorer\n")
	if i < 0 {
		t.Fatal("README.md has no '## The explorer' section")
	}
	s = s[i+1:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// TestReadmeKeyTable keeps the README's key table in step with the key
// map: every binding, its keys and its help text, in order.
func TestReadmeKeyTable(t *testing.T) {
	var got []string
	for _, line := range strings.Split(readmeSection(t), "\n") {
		if strings.HasPrefix(line, "| `") {
			got = append(got, line)
		}
	}
	var want []string
	for _, b := range readmeBindings(DefaultKeyMap()) {
		want = append(want, keyRow(b))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("README key table is out of date; it should read:\n%s\n\nit reads:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	// Every key of the main screen's bindings is in the table (a binding
	// that labels several, like s/L/n/N, through the rows of each).
	k := DefaultKeyMap()
	listed := map[string]bool{}
	for _, b := range readmeBindings(k) {
		for _, key := range b.Keys() {
			listed[key] = true
		}
	}
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 120, 40)
	for _, col := range m.main.Keys(&m).FullHelp() {
		for _, b := range col {
			for _, key := range b.Keys() {
				if !listed[key] {
					t.Errorf("key %q of %s (%s) is missing from readmeBindings", key, b.Help().Key, b.Help().Desc)
				}
			}
		}
	}
}

// TestReadmeRender keeps the README's rendered screen equal to what
// `flinkmem render --width 100` prints for the default TaskManager.
func TestReadmeRender(t *testing.T) {
	s := readmeSection(t)
	i := strings.Index(s, "\n```\n")
	if i < 0 {
		t.Fatal("no code block in the explorer section")
	}
	block := s[i+5:]
	block = block[:strings.Index(block, "```\n")]
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.LatestLine, Config: defaultConfig()}
	l, err := memmodel.Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	want := view.Static(view.Resolution{Input: in, Layout: l}, view.StaticOptions{Width: 100})
	if block != want {
		t.Errorf("README render is out of date; it should read:\n%s", want)
	}
}
