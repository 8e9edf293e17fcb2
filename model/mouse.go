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
// a role tab switches to it. The wheel steps the option under it, and
// elsewhere moves the cursor.
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
			m.selectOption(view.OptionFor(&m.layout, hit.Component))
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
		main := m.active == panelMain
		if onHit && hit.Kind == view.HitOption && main {
			m.peek = 0
			m.selected = hit.Index
			m.step(dir, false)
			return
		}
		if main {
			m.scrollRows(-dir)
			return
		}
		m.move(-dir)
	}
}
