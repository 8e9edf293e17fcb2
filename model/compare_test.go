package model

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

// onTaskHeap is a model on the default configuration with the cursor on
// the task heap's row.
func onTaskHeap(t *testing.T) Model {
	t.Helper()
	m := newModel(t, memmodel.TaskManager, memmodel.LatestLine, defaultConfig(), 100, 30)
	if !m.selectOption(memmodel.TMTaskHeap) {
		t.Fatal("no task heap row")
	}
	return m
}

// askTarget opens the target field on the selected row, types want and
// asks the solver.
func askTarget(t *testing.T, m Model, want string) Model {
	t.Helper()
	return press(t, typeText(t, press(t, m, "t", "ctrl+u"), want), "enter")
}

func TestTargetSolvesAndApplies(t *testing.T) {
	m := onTaskHeap(t)
	m = askTarget(t, m, "2g")
	if m.active != panelTarget || m.target.sol == nil {
		t.Fatalf("no solution shown: active %d, reason %q", m.active, m.target.reason)
	}
	if v := m.target.sol.Input.Config[tmProcess]; v != "5405m" {
		t.Errorf("solution sets process size %s, want 5405m", v)
	}
	if !strings.Contains(m.View(), "taskmanager.memory.process.size: 5405m") {
		t.Errorf("the solution is not on screen:\n%s", m.View())
	}
	m = press(t, m, "enter")
	if got := m.Input().Config[tmProcess]; got != "5405m" || m.active != panelMain {
		t.Fatalf("after enter: process %s, panel %d", got, m.active)
	}
	if len(m.targetResults) != 1 || !m.targetResults[0].Met || m.targetResults[0].Got < int64(2*memmodel.GiB) {
		t.Errorf("target results %+v", m.targetResults)
	}
	if !strings.Contains(m.View(), "task-heap at least 2 GiB: gets 2 GiB ok") {
		t.Errorf("targets not listed:\n%s", m.View())
	}
	m = press(t, m, "u")
	if got := m.Input().Config[tmProcess]; got != "1728m" {
		t.Errorf("undo left process %s", got)
	}
	if m.targetResults[0].Met {
		t.Errorf("the target should be unmet again after undo")
	}
}

func TestTargetBrokenByEdit(t *testing.T) {
	m := onTaskHeap(t)
	m = askTarget(t, m, "2g")
	m = press(t, m, "enter")
	m.selectOption(memmodel.TMProcessSize)
	m = press(t, m, "-")
	if !strings.Contains(m.Status(), "breaks the target task-heap at least 2 GiB") {
		t.Errorf("status %q", m.Status())
	}
	if !strings.Contains(m.View(), "not met") {
		t.Errorf("the broken target is not flagged:\n%s", m.View())
	}
}

func TestTargetRemovedAndRefusedRows(t *testing.T) {
	m := onTaskHeap(t)
	m = askTarget(t, m, "256m")
	if m.active != panelMain || !strings.Contains(m.Status(), "already meets") {
		t.Fatalf("a met target: panel %d, status %q", m.active, m.Status())
	}
	m = press(t, m, "t", "ctrl+u", "enter")
	if len(m.targets) != 0 {
		t.Errorf("an empty field should remove the target: %v", m.targets)
	}
	m.selectOption(memmodel.TMOverheadMin)
	m = press(t, m, "t")
	if m.active != panelMain || !strings.Contains(m.Status(), "t sets a target on a component's row") {
		t.Errorf("t on the overhead row: panel %d, status %q", m.active, m.Status())
	}
}

func TestBaselineUpgradeView(t *testing.T) {
	m := newModel(t, memmodel.TaskManager, memmodel.Line1_16, memmodel.Config{tmProcess: "16g"}, 140, 45)
	m = press(t, m, "d", "v")
	if m.Input().Line != memmodel.Line1_17 {
		t.Fatalf("line %v", m.Input().Line)
	}
	golden.Contains(t, "screen", m.View(), "vs baseline (1.16)", "+486.4 MiB", "−486.4 MiB")
	if !strings.Contains(m.Status(), "Flink 1.17 vs baseline 1.16: task heap −486.4 MiB, network +486.4 MiB") {
		t.Errorf("status %q", m.Status())
	}
	m = press(t, m, "d")
	if strings.Contains(m.View(), "vs baseline") {
		t.Errorf("d should clear the baseline")
	}
}
