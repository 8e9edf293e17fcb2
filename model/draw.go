package model

import (
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/view"
)

// Drawing is deferred from Update to View, and View draws a state once:
// a key held down or typed ahead delivers many messages before the
// terminal can show one frame, and each used to be drawn in full. Now
// Update only changes the state; the frame is drawn when it is asked
// for, and in a terminal at most once per frameInterval.

// frameInterval is the shortest time between two frames in a terminal,
// as often as Bubble Tea's renderer writes to it.
const frameInterval = time.Second / 60

// versions numbers states across every copy of every model, so that a
// frame drawn for one state is never shown for another.
var versions atomic.Uint64

// drawn is the frame drawn last and the scroll it settled on.
type drawn struct {
	version      uint64
	screen       view.Screen
	scroll, peek int
	at           time.Time
	// pending is set while a redraw is scheduled; force makes the next
	// View draw however recently the last frame was drawn.
	pending, force bool
	// frames counts the frames drawn, for tests.
	frames int
}

// redrawMsg asks for the frame a View skipped.
type redrawMsg struct{}

// keep records the frame m just drew.
func (d *drawn) keep(m *Model) {
	d.version, d.screen, d.scroll, d.peek, d.at = m.version, m.screen, m.scroll, m.peek, time.Now()
	d.frames++
}

// adopt takes the scroll the last frame settled on and its clickable
// regions, when that frame shows this state.
func (m *Model) adopt() {
	if m.drawn == nil {
		m.drawn = &drawn{}
	}
	if d := m.drawn; d.version == m.version && d.frames > 0 {
		m.screen, m.scroll, m.peek = d.screen, d.scroll, d.peek
	}
}

// settle ends an Update: the state gets a new version. Panels that keep
// what drawing settles (the list's size, the preview's) draw now; the
// main screen draws when View asks. In a terminal a redraw is scheduled,
// for the frame a too-early View skips.
func (m *Model) settle(cmd tea.Cmd) tea.Cmd {
	m.version = versions.Add(1)
	if m.active != panelMain || m.showAll {
		m.render()
	}
	if m.live && !m.drawn.pending {
		m.drawn.pending = true
		cmd = tea.Batch(cmd, tea.Tick(frameInterval, func(time.Time) tea.Msg { return redrawMsg{} }))
	}
	return cmd
}

// draw returns the frame of the current state, drawing it if need be.
func (m Model) draw() string {
	d := m.drawn
	if d == nil {
		m.drawn = &drawn{}
		d = m.drawn
	}
	if d.version == m.version && d.frames > 0 {
		return d.screen.Text
	}
	if m.live && !d.force && d.frames > 0 && time.Since(d.at) < frameInterval {
		return d.screen.Text
	}
	d.force = false
	m.render()
	return m.screen.Text
}

// shown is the frame of the current state, as the terminal shows it.
func (m *Model) shown() view.Screen {
	m.draw()
	m.adopt()
	return m.screen
}
