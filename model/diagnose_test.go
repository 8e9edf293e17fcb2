package model

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestDiagnosePanelAppliesAndUndoesAFix(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_20, defaultConfig(), 120, 40)
	m = press(t, m, "!")
	if m.active != panelDiagnose || !m.diag.editing {
		t.Fatal("! does not open the diagnose panel with the field focused")
	}
	// Pasted text arrives as one message; typed digits are text.
	m = update(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("java.lang.OutOfMemoryError: Metaspace 1"), Paste: true})
	m = press(t, m, "enter")
	if m.diag.report == nil || len(m.diag.report.Findings) != 1 || m.diag.report.Findings[0].Symptom != "metaspace-oom" {
		t.Fatalf("report: %+v", m.diag.report)
	}
	screen := m.View()
	for _, want := range []string{"metaspace-oom", "▲", "-XX:MaxMetaspaceSize", "1  set taskmanager.memory.jvm-metaspace.size: 320m"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("screen lacks %q:\n%s", want, screen)
		}
	}
	m = press(t, m, "1")
	if got := m.in.Config["taskmanager.memory.jvm-metaspace.size"]; got != "320m" || m.layout.Size[memmodel.Metaspace] != 320*memmodel.MiB {
		t.Fatalf("fix not applied: %q %v", got, m.layout.Size[memmodel.Metaspace])
	}
	// The diagnosis follows the new configuration.
	if f := m.diag.report.Findings[0]; f.Limit.Bytes != 320*memmodel.MiB {
		t.Fatalf("diagnosis not redone: %+v", f.Limit)
	}
	m = press(t, m, "u")
	if _, ok := m.in.Config["taskmanager.memory.jvm-metaspace.size"]; ok || m.layout.Size[memmodel.Metaspace] != 256*memmodel.MiB {
		t.Fatalf("undo did not restore: %v", m.in.Config)
	}
	m = press(t, m, "esc")
	if m.active != panelMain {
		t.Fatal("esc does not close the panel")
	}
}

// typed is a text as the keys that type it.
func typed(s string) []string {
	var keys []string
	for _, r := range s {
		keys = append(keys, string(r))
	}
	return keys
}
