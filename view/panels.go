package view

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
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
	// Preview draws the export w×h cells (a scrolled viewport) and says
	// whether more of it lies above and below.
	Preview func(w, h int) (text string, above, below bool)
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
		text, above, below := e.Preview(w, max(h-len(head)-len(foot), 1))
		lines := strings.Split(text, "\n")
		if above {
			lines[0] = markEnd(fit(lines[0], w, g), g.MoreUp, st)
		}
		if below {
			lines[len(lines)-1] = markEnd(fit(lines[len(lines)-1], w, g), g.MoreDown, st)
		}
		body = strings.Join(lines, "\n")
	}
	return strings.Join(append(append(head, body), foot...), "\n")
}

// PresetDetail is what the picker shows about the highlighted preset.
type PresetDetail struct {
	Name, Title, Description string
	// Lines are the Flink lines the preset is for; empty is every line.
	Lines []string
	// Refused names the check a training preset is refused with.
	Refused string
	// Options are the preset's keys and values, "key: value", sorted.
	Options []string
	// Facts are the documented facts behind the values; Docs and See
	// point to Flink's documentation.
	Facts []string
	Docs  string
	See   []string
	// Lesson is the preset's lesson, when it is part of the course.
	Lesson Lesson
}

// PresetDetailView draws a preset's detail in w cells, at most h lines:
// what it is for, its options, the facts behind them and where Flink
// documents them.
func PresetDetailView(d PresetDetail, w, h int, st Styles) string {
	g := st.Glyphs
	var out []string
	add := func(s string, indent string) { out = append(out, wrap(s, w, indent)...) }
	title := d.Name
	if d.Title != "" {
		title += " — " + d.Title
	}
	out = append(out, st.pt.selected.on(cut(title, w, g.Ellipsis)))
	lines := "every Flink line"
	if len(d.Lines) > 0 {
		lines = "Flink " + strings.Join(d.Lines, ", ")
	}
	if d.Refused != "" {
		lines += " · refused on purpose (" + d.Refused + ")"
	}
	out = append(out, st.pt.dim.on(cut(lines, w, g.Ellipsis)))
	desc := wrap(strings.Join(strings.Fields(d.Description), " "), w, "")
	var lesson []string
	if d.Lesson.Look != "" {
		lesson = append([]string{st.pt.panelName.on(cut("Lesson "+strconv.Itoa(d.Lesson.Course)+" of "+strconv.Itoa(d.Lesson.Of), w, g.Ellipsis))},
			lessonParts(d.Lesson, w, st)...)
	}
	// The lesson comes first when both would not fit: in a course it is
	// what the trainer opened the picker for.
	switch {
	case lesson == nil:
		out = append(out, desc...)
	case len(out)+len(desc)+1+len(lesson) > h:
		out = append(append(append(out, lesson...), ""), desc...)
	default:
		out = append(append(append(out, desc...), ""), lesson...)
	}
	if len(d.Options) > 0 {
		out = append(out, "")
		for _, o := range d.Options {
			add("  "+o, "    ")
		}
	}
	if len(d.Facts) > 0 {
		out = append(out, "")
		for _, f := range d.Facts {
			add("• "+strings.Join(strings.Fields(f), " "), "  ")
		}
	}
	for i, link := range append([]string{d.Docs}, d.See...) {
		if link == "" {
			continue
		}
		label := "docs"
		if i > 0 {
			label = "see"
		}
		if i == 0 || d.Docs == "" {
			out = append(out, "")
		}
		// The address on a line of its own, whole where it fits, so
		// that a terminal can open it.
		out = append(out, st.pt.dim.on(label))
		add(link, "")
	}
	for i := range out {
		out[i] = fit(out[i], w, g)
	}
	if len(out) > h {
		out = out[:max(h, 1)]
		out[len(out)-1] = markEnd(out[len(out)-1], g.MoreDown, st)
	}
	return strings.Join(out, "\n")
}

// PickerLayout places a list and the highlighted item's detail in an
// overlay body of w×h cells: side by side from 100 columns (the list
// takes 45 %), else the detail under the list, with at least 3 lines.
// The owner sizes its list component to listW×listH before drawing it.
type PickerLayout struct {
	Side                           bool
	ListW, ListH, DetailW, DetailH int
}

// NewPickerLayout lays out a picker in w×h cells.
func NewPickerLayout(w, h int) PickerLayout {
	if w >= 100 {
		listW := w * 45 / 100
		return PickerLayout{Side: true, ListW: listW, ListH: h, DetailW: w - listW - 2, DetailH: h}
	}
	detailH := max(h/2, 3)
	if h < 16 {
		detailH = max(h/3, 3)
	}
	return PickerLayout{ListW: w, ListH: max(h-detailH-1, 2), DetailW: w, DetailH: detailH}
}

// Picker joins the drawn list and detail as the layout places them.
func (l PickerLayout) Picker(list, detail string) string {
	if l.Side {
		return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(l.ListW+2).Render(list), detail)
	}
	return list + "\n\n" + detail
}
