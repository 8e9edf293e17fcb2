package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// lessonPanel shows the loaded preset's lesson over the table and
// options; L folds it away again. scroll is the first line shown.
type lessonPanel struct {
	scroll int
}

// lessonOf turns a preset into the text the lesson panel and the picker
// show.
func lessonOf(p presets.Preset, courseLen int) view.Lesson {
	l := view.Lesson{Name: p.Name, Title: p.Title, Description: p.Description, Course: p.Course, Of: courseLen,
		Look: p.Lesson.Look, Expect: p.Lesson.Expect, Question: p.Lesson.Question, Facts: p.Facts,
		Docs: append([]string{p.Docs}, p.See...)}
	if p.Training {
		l.Check = string(p.Check)
	}
	if p.Lesson.Change != "" {
		l.Change = strings.Join(strings.Fields(p.Lesson.Change), " ") + changeWords(p.Lesson)
	}
	return l
}

// changeWords names the options a lesson's change sets or removes.
func changeWords(l presets.Lesson) string {
	parts := l.Edits(func(s string) string { return s })
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// courseLen is the number of presets in the course, 0 when it cannot be
// read.
func courseLen() int {
	c, err := presets.Course()
	if err != nil {
		return 0
	}
	return len(c)
}

// openLesson shows the loaded preset's lesson.
func (m *Model) openLesson() {
	if _, err := presets.Get(m.preset); err != nil || m.preset == "" {
		m.setStatus(view.StatusInfo, "no preset is loaded: p picks one, n starts the course")
		return
	}
	m.lesson.scroll = 0
	m.open(panelLesson)
}

// nextLesson loads the preset delta places from the loaded one in the
// course; without a course preset loaded, n starts the course.
func (m *Model) nextLesson(delta int) {
	course, err := presets.Course()
	if err != nil || len(course) == 0 {
		m.setStatus(view.StatusError, "cannot read the course: "+errText(err))
		return
	}
	next, ok := presets.Neighbour(m.preset, delta)
	if !ok {
		switch {
		case !inCourse(course, m.preset) && delta > 0:
			next = course[0]
		case delta > 0:
			m.setStatus(view.StatusInfo, "this is the last preset of the course · N goes back")
			return
		default:
			m.setStatus(view.StatusInfo, "this is the first preset of the course · n goes on")
			return
		}
	}
	back := m.active
	m.loadPreset(next)
	m.lesson.scroll = 0
	if back == panelLesson {
		m.open(panelLesson)
	}
	m.setStatus(view.StatusOK, "lesson "+strconv.Itoa(next.Course)+" of "+strconv.Itoa(len(course))+": "+next.Name+" · L shows the lesson · u undoes it")
}

func inCourse(course []presets.Preset, name string) bool {
	for _, p := range course {
		if p.Name == name {
			return true
		}
	}
	return false
}

func errText(err error) string {
	if err == nil {
		return "it is empty"
	}
	return err.Error()
}

// Update scrolls, moves through the course or folds the panel away.
func (p *lessonPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	kmsg, cmd, done := m.panelCommonKey(msg, m.keys.Lesson)
	if done {
		return cmd
	}
	k := m.keys
	m.plainKey(kmsg, append(m.teachingActions(),
		keyAction{k.Up, func() { p.scroll = max(p.scroll-1, 0) }},
		keyAction{k.Down, func() { p.scroll++ }}))
	return nil
}

// View draws the lesson over the table and options.
func (p *lessonPanel) View(m *Model, f *view.Frame) {
	pr, err := presets.Get(m.preset)
	if err != nil {
		return
	}
	f.Overlay = &view.Overlay{}
	w, h := view.OverlaySize(*f, *m.styles)
	lines := view.LessonLines(lessonOf(pr, courseLen()), w, *m.styles)
	p.scroll = max(0, min(p.scroll, len(lines)-h))
	f.Overlay.Title = "Lesson · L or esc folds it away"
	f.Overlay.Body = strings.Join(lines[p.scroll:], "\n")
}

// Keys are the lesson panel's bindings.
func (p *lessonPanel) Keys(m *Model) panelKeys {
	k := m.keys
	back := relabel(k.Cancel, "esc/L/q", "fold away")
	move := relabel(k.Move, "↑↓", "scroll")
	return m.overlayKeys(back, []key.Binding{k.NextLesson, k.Prev, k.Steps, move},
		[][]key.Binding{{k.NextLesson, k.Prev, k.Steps}, {k.Up, k.Down, back}, {}})
}

// overlayKeys are the bindings of a panel drawn over the main screen:
// its own keys, then the one that leaves it, help and ctrl+c (the only
// quit there). The last group of full gains help and quit.
func (m *Model) overlayKeys(back key.Binding, own []key.Binding, full [][]key.Binding) panelKeys {
	quit := ctrlCQuit(m.keys)
	last := len(full) - 1
	full[last] = append(full[last], m.keys.Help, quit)
	return panelKeys{
		short: append(append([]key.Binding{}, own...), back, m.keys.Help, quit),
		keep:  append(append([]key.Binding{quit, back}, own...), m.keys.Help),
		full:  full,
	}
}

// TakesText is false: every key is a command.
func (p *lessonPanel) TakesText(*Model) bool { return false }
