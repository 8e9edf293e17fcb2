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
	para := paragraphs(&out, w)
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
		out = append(out, lessonParts(l, w, st)...)
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

// lessonParts renders the four parts of a lesson, labelled, w cells wide.
func lessonParts(l Lesson, w int, st Styles) []string {
	var out []string
	para := paragraphs(&out, w)
	para("Look     ", l.Look, paint{})
	para("Change   ", l.Change, paint{})
	para("Expect   ", l.Expect, paint{})
	para("Ask      ", l.Question, st.pt.fixKey)
	return out
}

// paragraphs returns a function that appends a labelled paragraph to out,
// its whitespace folded and its lines wrapped to w cells under the label.
func paragraphs(out *[]string, w int) func(label, text string, p paint) {
	return func(label, text string, p paint) {
		text = strings.Join(strings.Fields(text), " ")
		if text == "" {
			return
		}
		for _, line := range wrap(label+text, w, strings.Repeat(" ", width(label))) {
			*out = append(*out, p.on(line))
		}
	}
}
