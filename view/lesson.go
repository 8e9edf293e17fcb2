package view

import (
	"strconv"
	"strings"
)

// Lesson is a preset with its lesson, as plain text, for the explorer's
// lesson panel and the preset picker's detail pane.
type Lesson struct {
	Name, Title, Description string
	// Course is the preset's position in a course of Of presets; 0 when
	// it is not in the course.
	Course, Of int
	// Check is the refusal a training preset shows; empty otherwise.
	Check string
	// Look, Change, Expect and Question are the lesson; Change already
	// names the options it sets.
	Look, Change, Expect, Question string
	Facts                          []string
	Docs                           []string
}

// LessonLines renders a lesson w cells wide: the title and position in the
// course, the description, the four parts of the lesson, the facts and
// the documentation links. A preset without a lesson shows its
// description, facts and links.
func LessonLines(l Lesson, w int, st Styles) []string {
	var out []string
	para := func(label, text string, p paint) {
		text = strings.Join(strings.Fields(text), " ")
		if text == "" {
			return
		}
		for _, line := range wrap(label+text, w, strings.Repeat(" ", width(label))) {
			out = append(out, p.on(line))
		}
	}
	head := l.Name
	if l.Title != "" {
		head += " — " + l.Title
	}
	if l.Course > 0 {
		head = "Lesson " + strconv.Itoa(l.Course) + " of " + strconv.Itoa(l.Of) + ": " + head
	}
	para("", head, st.pt.panelName)
	if l.Check != "" {
		para("", "Flink refuses it on purpose: "+l.Check, st.pt.err)
	}
	para("", l.Description, paint{})
	if l.Look != "" {
		if len(out) > 1 {
			out = append(out, "")
		}
		para("Look     ", l.Look, paint{})
		para("Change   ", l.Change, paint{})
		para("Expect   ", l.Expect, paint{})
		para("Ask      ", l.Question, st.pt.fixKey)
	}
	if len(l.Facts) > 0 {
		out = append(out, "", st.pt.heading.on("Facts"))
		for _, f := range l.Facts {
			para("  - ", f, paint{})
		}
	}
	for _, d := range l.Docs {
		if d != "" {
			para("Docs     ", d, st.pt.dim)
		}
	}
	return out
}

// PickerWithDetail lays out the preset picker with the highlighted
// preset's full text and lesson beside it (w of at least 100 cells) or
// under it, in a w×h body. list draws the picker in the cells it gets.
func PickerWithDetail(list func(w, h int) string, detail Lesson, w, h int, st Styles) string {
	if w >= 100 {
		lw := w * 2 / 5
		dw := w - lw - 3
		left := strings.Split(list(lw, h), "\n")
		right := LessonLines(detail, dw, st)
		rows := make([]string, h)
		for i := range rows {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			rows[i] = fit(l, lw, st.Glyphs) + " " + st.pt.dim.on(st.Glyphs.Bar) + " " + fit(r, dw, st.Glyphs)
		}
		return strings.Join(rows, "\n")
	}
	lh := max(h*3/5, min(h, 4))
	out := strings.Split(list(w, lh), "\n")
	for len(out) < lh {
		out = append(out, "")
	}
	out = append(out[:lh], st.pt.dim.on(strings.Repeat(st.Glyphs.RulerFill, w)))
	// The list already shows the description's start; the little room
	// left goes to the lesson.
	detail.Description = ""
	for _, l := range LessonLines(detail, w, st) {
		if len(out) >= h {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
