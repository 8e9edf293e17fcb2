package view

import (
	"strings"
)

// PresetRow draws one preset of the picker in w cells: its title on the
// first line and one line of its description under it. The highlighted
// preset gets the cursor, so that it shows without colour too.
func PresetRow(title, desc string, highlighted bool, w int, st Styles) string {
	marker := "  "
	if highlighted {
		marker = st.Glyphs.Cursor + " "
		title = st.Selected.Render(title)
	}
	return marker + cut(title, w-2, st.Glyphs.Ellipsis) + "\n    " + st.Dim.Render(cut(desc, w-4, st.Glyphs.Ellipsis))
}

// ExportView is what the export panel shows: the format and key-set
// choices, notes on spellings, the preview or why there is none, and the
// file name field or the overwrite question.
type ExportView struct {
	// Formats are the labels of the formats; Format is the chosen one.
	Formats []string
	Format  int
	// Pinned is set when every size is written out.
	Pinned bool
	// JVMFlags is set when the format is the JVM flags, which minimal and
	// pinned give alike.
	JVMFlags bool
	// Notes are the keys the export spells differently from the input.
	Notes []string
	// Problem says why there is nothing to export; empty when there is.
	Problem string
	// Field is the file name field; Question the overwrite question.
	Field, Question string
	// Preview draws the export w×h cells (a scrolled viewport).
	Preview func(w, h int) string
}

// ExportPanel draws the export panel's body w×h.
func ExportPanel(e ExportView, w, h int, st Styles) string {
	g := st.Glyphs
	var formats []string
	for i, f := range e.Formats {
		if i == e.Format {
			formats = append(formats, st.Selected.Render("["+f+"]"))
		} else {
			formats = append(formats, " "+f+" ")
		}
	}
	minimal, pinned := "[minimal]", " pinned "
	explain := "only the options you set"
	if e.Pinned {
		minimal, pinned = " minimal ", "[pinned]"
		explain = "every size written out, so no default can move it"
	}
	if e.JVMFlags {
		explain = "the flags Flink derives (minimal and pinned give the same flags)"
	}
	head := []string{
		"format " + strings.Join(formats, ""),
		"keys   " + minimal + pinned + "  " + st.Dim.Render(explain),
	}
	for _, n := range e.Notes {
		head = append(head, st.Dim.Render(g.Flag+" "+n))
	}
	head = append(head, st.Dim.Render(strings.Repeat(g.RulerFill, max(w, 1))))
	var foot []string
	if e.Field != "" {
		foot = append(foot, "write to "+e.Field)
	}
	if e.Question != "" {
		foot = append(foot, st.Error.Render(e.Question))
	}
	var body string
	if e.Problem != "" {
		body = st.Error.Render(Wrap(e.Problem, w))
	} else if e.Preview != nil {
		body = e.Preview(w, max(h-len(head)-len(foot), 1))
	}
	return strings.Join(append(append(head, body), foot...), "\n")
}
