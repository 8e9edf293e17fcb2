package model

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// handleMouse maps a click or a wheel turn on the main screen or under
// the explanation to the region under it: a click on a segment or table
// row selects the option that decides that component and explains it; a
// click on an option selects it; a click on a fix applies it; a click on
// a role tab switches to it. The wheel scrolls, and never changes a
// value: only keys and clicks on a control do.
func (m *Model) handleMouse(msg tea.MouseMsg) {
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
			m.selectOption(memmodel.DecidingOption(&m.layout, hit.Component))
			c := hit.Component
			m.openExplain(&c)
		case view.HitOption:
			m.peek = 0
			m.selected = hit.Index
		case view.HitFix:
			m.applyFix(hit.Index)
		case view.HitRole:
			if memmodel.Role(hit.Index) != m.in.Role {
				m.open(panelMain)
				m.switchRole()
			}
		}
	case msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown:
		dir := 1
		if msg.Button == tea.MouseButtonWheelDown {
			dir = -1
		}
		if m.active == panelMain {
			m.scrollRows(-dir)
			return
		}
		m.move(-dir)
	}
}
