package model

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// stepPanel steps through Flink's derivation of the configuration on the
// bar, one step at a time. The options stay in sight and can be changed
// with +/-; a change restarts from the first step it alters.
type stepPanel struct {
	steps []memmodel.Step
	index int
	// pending is the option being edited in the field opened from here.
	pending string
}

// closeEdit leaves the field for the panel it was opened from; after a
// kept edit the step-through restarts from the first step the edited
// option feeds.
func (m *Model) closeEdit(kept bool) {
	ret := m.edit.ret
	m.edit.ret = panelMain
	m.open(ret)
	if ret == panelSteps && kept {
		m.stepper.restart(m, m.stepper.pending)
	}
}

// openSteps starts the step-through at step 1.
func (m *Model) openSteps() {
	m.stepper = stepPanel{steps: memmodel.Steps(m.in)}
	m.open(panelSteps)
}

// Update moves between steps, moves the cursor, changes values or leaves.
func (p *stepPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	kmsg, cmd, done := m.panelCommonKey(msg, m.keys.Steps)
	if done {
		return cmd
	}
	k := m.keys
	switch {
	case key.Matches(kmsg, k.Forward):
		if p.index == len(p.steps)-1 {
			m.setStatus(view.StatusInfo, "that was the last step · ← goes back, esc leaves")
		}
		p.index = min(p.index+1, len(p.steps)-1)
	case key.Matches(kmsg, k.Back):
		p.index = max(p.index-1, 0)
	case key.Matches(kmsg, k.Up):
		m.move(-1)
	case key.Matches(kmsg, k.Down):
		m.move(1)
	case key.Matches(kmsg, k.Step), key.Matches(kmsg, k.StepDown), key.Matches(kmsg, k.Coarse), key.Matches(kmsg, k.CoarseDn):
		dir := 1
		if key.Matches(kmsg, k.StepDown, k.CoarseDn) {
			dir = -1
		}
		changed := m.Selected().Key
		m.step(dir, key.Matches(kmsg, k.Coarse, k.CoarseDn))
		p.restart(m, changed)
	case key.Matches(kmsg, k.Edit):
		changed := m.Selected().Key
		cmd := m.startEdit()
		if m.active == panelEdit {
			m.edit.ret = panelSteps
			p.pending = changed
		}
		return cmd
	case key.Matches(kmsg, k.Unset):
		changed := m.Selected().Key
		m.unset()
		p.restart(m, changed)
	case key.Matches(kmsg, k.Undo):
		m.undoChange()
		p.restart(m, "")
	case key.Matches(kmsg, k.Redo):
		m.redoChange()
		p.restart(m, "")
	}
	return nil
}

// panelCommonKey opens the Update of the step-through and the lesson
// panel: it passes over messages that are not keys, clears the status
// line and handles the keys both panels share: esc, q or the key that
// opened the panel folds the full help away, or else closes the panel
// (only ctrl+c quits from a panel); ? shows or hides the full help. done
// reports that the message needs nothing more; otherwise kmsg is the key
// for the panel's own bindings.
func (m *Model) panelCommonKey(msg tea.Msg, opener key.Binding) (kmsg tea.KeyMsg, cmd tea.Cmd, done bool) {
	kmsg, ok := msg.(tea.KeyMsg)
	if !ok {
		return kmsg, nil, true
	}
	m.status = ""
	k := m.keys
	switch {
	case key.Matches(kmsg, k.Cancel, k.Quit, opener):
		if m.help.ShowAll {
			m.help.ShowAll = false
		} else {
			m.open(panelMain)
		}
		return kmsg, nil, true
	case key.Matches(kmsg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return kmsg, nil, true
	}
	return kmsg, nil, false
}

// restart derives the steps again after a change. The step-through goes
// back to the first step that reads the changed option, or to step 1 when
// the change is not one option's (an undo); a change to a later step
// keeps the current one.
func (p *stepPanel) restart(m *Model, changed string) {
	before := p.index
	p.steps = memmodel.Steps(m.in)
	at := 0
	if changed != "" {
		at = memmodel.StepReading(p.steps, changed, m.in.Line)
	}
	if at >= 0 && at < p.index {
		p.index = at
	}
	p.index = max(0, min(p.index, len(p.steps)-1))
	if p.index < before {
		msg := "the change restarts the derivation at step " + strconv.Itoa(p.index+1)
		if m.status != "" {
			msg = m.status + " · " + msg
		}
		m.setStatus(m.statusKind, msg)
	}
}

// View shows the current step in place of the bar.
func (p *stepPanel) View(m *Model, f *view.Frame) {
	f.Steps = &view.StepFrame{Steps: p.steps, Index: p.index}
}

// Keys are the step-through's bindings.
func (p *stepPanel) Keys(m *Model) panelKeys {
	k := m.keys
	back := relabel(k.Cancel, "esc/s/q", "leave")
	step := relabel(k.StepBoth, "+/-", "change (restarts)")
	return m.overlayKeys(back, []key.Binding{k.Forward, k.Back, k.Move, step},
		[][]key.Binding{{k.Forward, k.Back, back}, {k.Up, k.Down, k.Edit, k.Step, k.StepDown, k.Coarse, k.CoarseDn, relabel(k.Unset, "del", "unset")},
			{k.Undo, k.Redo}})
}

// TakesText is false: every key is a command.
func (p *stepPanel) TakesText(*Model) bool { return false }
