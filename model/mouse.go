package model

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// handleMouse maps a click or a wheel turn to the region under it: a click
// on a segment or table row selects the option that decides that
// component and explains it; a click on an option selects it; a click on
// a fix applies it; a click on a role tab switches to it. The wheel steps
// the option under it, and elsewhere moves the cursor.
func (m *Model) handleMouse(msg tea.MouseMsg) {
	if m.mode == modeExport {
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.exp.preview.ScrollUp(3)
		case tea.MouseButtonWheelDown:
			m.exp.preview.ScrollDown(3)
		}
		return
	}
	if m.mode != modeMain && m.mode != modeExplain {
		return
	}
	hit, onHit := m.screen.HitAt(msg.X, msg.Y)
	switch {
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft:
		if !onHit {
			return
		}
		switch hit.Kind {
		case view.HitSegment, view.HitLegend:
			if m.err != nil {
				return
			}
			m.selectOption(view.OptionFor(&m.layout, hit.Component))
			c := hit.Component
			m.explainComponent = &c
			m.setMode(modeExplain)
		case view.HitOption:
			m.peek = 0
			m.selected = hit.Index
		case view.HitFix:
			m.applyFix(hit.Index)
		case view.HitRole:
			if memmodel.Role(hit.Index) != m.in.Role {
				m.setMode(modeMain)
				m.switchRole()
			}
		}
	case msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown:
		dir := 1
		if msg.Button == tea.MouseButtonWheelDown {
			dir = -1
		}
		if onHit && hit.Kind == view.HitOption && m.mode == modeMain {
			m.peek = 0
			m.selected = hit.Index
			m.step(dir, false)
			return
		}
		if m.mode == modeMain {
			m.scrollRows(-dir)
			return
		}
		m.move(-dir)
	}
}
