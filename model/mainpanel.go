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
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Up):
		m.scrollRows(-1)
	case key.Matches(msg, k.Down):
		m.scrollRows(1)
	case key.Matches(msg, k.PageUp):
		m.scrollRows(-10)
	case key.Matches(msg, k.PageDn):
		m.scrollRows(10)
	case key.Matches(msg, k.Top):
		m.selected = 0
	case key.Matches(msg, k.Bottom):
		m.selected = max(m.rowCount()-1, 0)
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
	case key.Matches(msg, k.Step):
		m.step(1, false)
	case key.Matches(msg, k.StepDown):
		m.step(-1, false)
	case key.Matches(msg, k.Coarse):
		m.step(1, true)
	case key.Matches(msg, k.CoarseDn):
		m.step(-1, true)
	case key.Matches(msg, k.Unset):
		m.unset()
	case key.Matches(msg, k.Fix):
		switch n := len(m.offeredFixes()); {
		case n == 0:
			m.setStatus(view.StatusInfo, "no fixes are listed: 1-9 apply one when Flink would refuse the configuration or the job's network buffers fall short")
		case int(msg.Runes[0]-'1') >= n:
			m.setStatus(view.StatusInfo, fmt.Sprintf("only %d %s listed", n, map[bool]string{true: "fix is", false: "fixes are"}[n == 1]))
		default:
			m.applyFix(int(msg.Runes[0] - '1'))
		}
	case key.Matches(msg, k.Presets):
		m.openPresets()
	case key.Matches(msg, k.Export):
		m.openExport()
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
	case key.Matches(msg, k.Baseline):
		m.toggleBaseline()
	case key.Matches(msg, k.Role):
		m.switchRole()
	case key.Matches(msg, k.Line):
		m.switchLine(1)
	case key.Matches(msg, k.LineBack):
		m.switchLine(-1)
	case key.Matches(msg, k.Undo):
		m.undoChange()
	case key.Matches(msg, k.Redo):
		m.redoChange()
	case key.Matches(msg, k.Bytes):
		m.exact = !m.exact
	case key.Matches(msg, k.Help):
		m.showAll = true
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
			{k.Presets, k.Export, k.Explain, k.Target, k.Baseline, k.Diagnose},
			{k.Role, k.Line, k.LineBack, k.Undo, k.Redo, k.Bytes, k.Help, k.Quit},
		},
	}
}

// TakesText is false: on the main screen every key is a command.
func (p *mainPanel) TakesText(*Model) bool { return false }
