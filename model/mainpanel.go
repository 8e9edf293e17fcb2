package model

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// mainPanel is the main screen: the bar, the table and the options pane,
// with the cursor on an option or a Job row. Its state is the root's.
type mainPanel struct{}

// Update handles a key or a mouse event on the main screen.
func (p *mainPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		m.handleMouse(msg)
		return nil
	case tea.KeyMsg:
		return p.key(m, msg)
	}
	return nil
}

func (p *mainPanel) key(m *Model, msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if !key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDn, k.Fix) {
		m.peek = 0
	}
	if m.plainKey(msg, m.mainActions()) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Edit):
		if f, ok := m.selectedJob(); ok {
			if f.toggle() {
				m.toggleJob(f)
				return nil
			}
			return m.startJobEdit(f)
		}
		return m.startEdit()
	case key.Matches(msg, k.Toggle):
		if f, ok := m.selectedJob(); ok && f.toggle() {
			m.toggleJob(f)
		} else {
			m.setStatus(view.StatusInfo, "space switches the Job rows: RocksDB state, Python UDFs, batch operators, batch execution (J goes there)")
		}
	case key.Matches(msg, k.Job):
		if !m.selectJob(jobRocksDB) {
			m.setStatus(view.StatusInfo, "the Job rows feed the per-slot analysis of a TaskManager: tab switches to it")
		}
	case key.Matches(msg, k.Fix):
		switch n := len(m.offeredFixes()); {
		case n == 0:
			m.setStatus(view.StatusInfo, "no fixes are listed: 1-9 apply one when Flink would refuse the configuration or the job's network buffers fall short")
		case int(msg.Runes[0]-'1') >= n:
			m.setStatus(view.StatusInfo, fmt.Sprintf("only %d %s listed", n, map[bool]string{true: "fix is", false: "fixes are"}[n == 1]))
		default:
			m.applyFix(int(msg.Runes[0] - '1'))
		}
	case key.Matches(msg, k.Diagnose):
		return m.openDiagnose()
	case key.Matches(msg, k.Explain):
		if _, onJob := m.selectedJob(); !onJob && m.Selected().Key == "" {
			m.setStatus(view.StatusInfo, "no option to explain on this line")
			return nil
		}
		m.openExplain(nil)
	case key.Matches(msg, k.Target):
		return m.openTarget()
	}
	return nil
}

// View keeps short network buffers in sight even when the per-slot panel
// is scrolled away.
func (p *mainPanel) View(m *Model, f *view.Frame) {
	if f.Status == "" && m.networkShort() {
		f.Status = shortWords(m.slotReport().Network.Short(), len(m.networkFixes()))
		if len(m.networkFixes()) > 0 {
			f.Status += " listed under PER SLOT"
		}
		f.StatusKind = view.StatusError
	}
}

// Keys are the main screen's bindings; the fix keys come and go with the
// refusal and with short network buffers.
func (p *mainPanel) Keys(m *Model) panelKeys {
	k := m.keys
	if f, ok := m.selectedJob(); ok && f.toggle() {
		k.Edit.SetHelp("enter/space", "toggle")
	}
	if m.in.Role == memmodel.TaskManager {
		k.Role.SetHelp("tab", "JobManager")
	} else {
		k.Role.SetHelp("tab", "TaskManager")
	}
	k.Cancel.SetHelp("esc", "less help")
	k.Fix.SetEnabled(len(m.offeredFixes()) > 0)
	k.Cancel.SetEnabled(m.showAll)
	return panelKeys{
		short: enabled(k.Move, k.Edit, k.StepBoth, k.Unset, k.Fix, k.Presets, k.Export, k.Explain, k.Role, k.Line,
			k.Undo, k.Cancel, k.Help, k.Quit),
		keep: enabled(k.Quit, k.Help, k.Cancel, k.Edit, k.StepBoth, k.Fix, k.Role, k.Presets, k.Export, k.Explain,
			k.Unset, k.Undo, k.Line, k.Move),
		full: [][]key.Binding{
			enabled(k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom, k.Edit, k.Cancel),
			enabled(k.Step, k.StepDown, k.Coarse, k.CoarseDn, k.Unset, k.Toggle, k.Job, k.Fix),
			{k.Presets, k.Export, k.Explain, k.Target, k.Baseline, k.Diagnose, k.Teach},
			{k.Role, k.Line, k.LineBack, k.Undo, k.Redo, k.Bytes, k.Help, k.Quit},
		},
	}
}

// TakesText is false: on the main screen every key is a command.
func (p *mainPanel) TakesText(*Model) bool { return false }

// keyAction is a key whose whole effect is one call on the model.
type keyAction struct {
	binding key.Binding
	do      func()
}

// plainKey runs the action of the first binding msg matches and reports
// whether there was one.
func (m *Model) plainKey(msg tea.KeyMsg, actions []keyAction) bool {
	for _, a := range actions {
		if key.Matches(msg, a.binding) {
			a.do()
			return true
		}
	}
	return false
}

// teachingActions are the course keys the main screen and the lesson
// panel share.
func (m *Model) teachingActions() []keyAction {
	k := m.keys
	return []keyAction{
		{k.Steps, m.openSteps},
		{k.NextLesson, func() { m.nextLesson(1) }},
		{k.Prev, func() { m.nextLesson(-1) }},
	}
}

// mainActions are the main screen's keys that need nothing but a call.
func (m *Model) mainActions() []keyAction {
	k := m.keys
	return append(m.teachingActions(),
		keyAction{k.Up, func() { m.scrollRows(-1) }},
		keyAction{k.Down, func() { m.scrollRows(1) }},
		keyAction{k.PageUp, func() { m.scrollRows(-10) }},
		keyAction{k.PageDn, func() { m.scrollRows(10) }},
		keyAction{k.Top, func() { m.selected = 0 }},
		keyAction{k.Bottom, func() { m.selected = max(m.rowCount()-1, 0) }},
		keyAction{k.Step, func() { m.step(1, false) }},
		keyAction{k.StepDown, func() { m.step(-1, false) }},
		keyAction{k.Coarse, func() { m.step(1, true) }},
		keyAction{k.CoarseDn, func() { m.step(-1, true) }},
		keyAction{k.Unset, m.unset},
		keyAction{k.Presets, m.openPresets},
		keyAction{k.Lesson, m.openLesson},
		keyAction{k.Export, m.openExport},
		keyAction{k.Baseline, m.toggleBaseline},
		keyAction{k.Role, m.switchRole},
		keyAction{k.Line, func() { m.switchLine(1) }},
		keyAction{k.LineBack, func() { m.switchLine(-1) }},
		keyAction{k.Undo, m.undoChange},
		keyAction{k.Redo, m.redoChange},
		keyAction{k.Bytes, func() { m.exact = !m.exact }},
		keyAction{k.Help, func() { m.showAll = true }},
	)
}
