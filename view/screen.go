package view

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
)

// MinWidth and MinHeight are the smallest terminal the explorer draws in.
const (
	MinWidth  = 60
	MinHeight = 20
)

// wideWidth is the width from which the legend and the options sit side
// by side instead of sharing one scrolling pane.
const wideWidth = 130

// StatusKind colours the status line.
type StatusKind uint8

// Status kinds.
const (
	StatusInfo StatusKind = iota
	StatusOK
	StatusError
)

// Overlay is a panel that takes the place of the table and options: an
// explanation, the preset picker, the export screen.
type Overlay struct {
	Title string
	// Tall also covers the bar and rulers, for a panel that needs the
	// room (the full key help on a small terminal).
	Tall bool
	// Body is already rendered (bubbles components draw themselves); it is
	// cut to the panel's size.
	Body string
}

// Frame is everything one screen shows, as plain data. The model builds
// it; Render draws it.
type Frame struct {
	Width, Height int

	// Input is the configuration being explored, with its role and line.
	Input memmodel.Input
	// Layout is the resolved layout; it is ignored when Err is set.
	Layout memmodel.Layout
	// Err is the *memmodel.Rejection when Flink would refuse Input.
	Err error
	// Fixes are the engine's fixes for Err, numbered from 1 on screen.
	Fixes []memmodel.Fix
	// Slots is the per-slot analysis of a TaskManager, shown under the
	// table when set.
	Slots *memmodel.SlotReport

	// Options are the rows of the options pane; Job are the rows of its Job
	// group, after the options. Selected indexes both: the options first,
	// then the Job rows.
	Options  []memmodel.Option
	Job      []JobRow
	Selected int
	// Scroll is the first pane line shown, as last rendered; Render
	// moves it as little as needed to keep the selection in view.
	Scroll int
	// Peek scrolls the pane this many lines further than the selection
	// needs, so that what follows the last row (the per-slot panel, its
	// fixes) can be read on a small terminal; the selection may then leave
	// the view.
	Peek int

	// ExactBytes shows sizes as byte counts in the table and the pane.
	ExactBytes bool
	// Source says where the configuration came from; Modified whether it
	// has been changed since.
	Source   string
	Modified bool

	// Editor is the rendered text field while the selected option is
	// being edited; empty otherwise.
	Editor string
	// Status is a one-line message above the help.
	Status     string
	StatusKind StatusKind
	// Help is the rendered key help (one line, or the full help).
	Help string
	// Overlay, when set, replaces the table and options.
	Overlay *Overlay
	// Steps, when set, shows one step of the derivation in place of the
	// bar, the rulers and the refusal.
	Steps *StepFrame

	// Baseline is the layout pinned to compare with: it is drawn as a
	// ghost strip above the bar on the same scale, the table gains a Δ
	// column and the header says "vs baseline". Nil when none is pinned.
	Baseline *memmodel.Layout
	// Targets are the explorer's targets with what the layout gives.
	Targets []memmodel.TargetResult
	// InputNotes are the notices about the input (keys and lines Flink
	// does not read): a refusal shows them above its reason, which they
	// often explain; a layout lists them with its notices.
	InputNotes []ReportNote
}

// HitKind says what a screen region selects when clicked.
type HitKind uint8

// Hit kinds.
const (
	HitNone HitKind = iota
	// HitSegment: a segment of the bar; Component is set.
	HitSegment
	// HitLegend: a row of the component table; Component is set.
	HitLegend
	// HitOption: a row of the options pane; Index is the option's index.
	HitOption
	// HitFix: a listed fix; Index counts from 0.
	HitFix
	// HitRole: a role tab in the header; Index is the memmodel.Role.
	HitRole
)

// Hit is a clickable region of the screen: row Y, columns [X0, X1).
type Hit struct {
	Kind      HitKind
	Y, X0, X1 int
	Component memmodel.Component
	Index     int
}

// Screen is a rendered frame: its text, where its clickable regions are,
// the pane scroll it settled on, and the size an overlay body gets.
type Screen struct {
	Text   string
	Hits   []Hit
	Scroll int
	// Peek is how far the pane really scrolled past the selection: the
	// frame's Peek, less what there was no more pane for.
	Peek int
	// OverlayWidth and OverlayHeight are the cells inside the overlay
	// panel, for sizing the list or viewport drawn into it.
	OverlayWidth, OverlayHeight int
}

// HitAt returns the clickable region at a cell, if any.
func (s Screen) HitAt(x, y int) (Hit, bool) {
	for _, h := range s.Hits {
		if h.Y == y && x >= h.X0 && x < h.X1 {
			return h, true
		}
	}
	return Hit{}, false
}

// TooSmall is the message shown instead of a broken layout.
func TooSmall(w, h int) string {
	msg := "terminal too small (need 60×20)"
	if w <= 0 || h <= 0 {
		return msg
	}
	lines := make([]string, h)
	y := (h - 1) / 2
	for i := range lines {
		lines[i] = strings.Repeat(" ", w)
	}
	if width(msg) > w {
		msg = "too small (60×20)"
	}
	pad := max((w-width(msg))/2, 0)
	lines[y] = fit(strings.Repeat(" ", pad)+msg, w, UnicodeGlyphs())
	return strings.Join(lines, "\n")
}

// Render draws a frame: the header, the bar (or the refusal), the rulers,
// the pane with the component table and the options (or an overlay), a
// status line and the help. Every line is exactly f.Width cells wide and
// there are exactly f.Height lines.
func Render(f Frame, st Styles) Screen {
	w, h := f.Width, f.Height
	if w < MinWidth || h < MinHeight {
		return Screen{Text: TooSmall(w, h)}
	}
	var scr Screen
	var lines []string
	g := st.Glyphs

	head, tabHits := header(&f, w, st)
	lines = append(lines, head)
	scr.Hits = append(scr.Hits, tabHits...)
	if h >= 22 {
		lines = append(lines, strings.Repeat(" ", w))
	}
	rej, _ := f.Err.(*memmodel.Rejection)
	switch {
	case f.Overlay != nil && f.Overlay.Tall:
	case f.Steps != nil:
		lines = append(lines, stepScreen(f.Steps, f.Input.Role, w, h, st)...)
	case noJobManagerModel(&f):
		lines = append(lines, legacyJobManagerLines(&f, w, st)...)
	case f.Err == nil:
		rows := 1
		if h >= 36 {
			rows = 2
		}
		barW, baseW := barScale(&f.Layout, f.Baseline, w)
		if f.Baseline != nil {
			lines = append(lines, GhostStrip(f.Baseline, baseW, w, st))
		}
		y0 := len(lines)
		for _, s := range Segments(&f.Layout, barW) {
			from, to := s.Cells()
			for r := 0; r < rows; r++ {
				scr.Hits = append(scr.Hits, Hit{Kind: HitSegment, Y: y0 + r, X0: from, X1: to, Component: s.Component})
			}
		}
		for _, l := range strings.Split(Bar(&f.Layout, barW, rows, st), "\n") {
			lines = append(lines, fit(l, w, g))
		}
		for _, l := range Rulers(&f.Layout, barW, st) {
			lines = append(lines, fit(l, w, g))
		}
	default:
		lines = append(lines, RejectedBar(f.Input.Role, w, st))
		lines = append(lines, inputNoteLines(f.InputNotes, w, max(2, h/8), st)...)
		lines = append(lines, refusalLines(f.Err, rej, w, max(3, h/6), st)...)
	}
	if h >= 24 && (f.Overlay == nil || !f.Overlay.Tall) {
		lines = append(lines, strings.Repeat(" ", w))
	}

	var bottom []string
	// The status takes a second line when it needs one (a long "what is
	// wrong" while typing), never more.
	statusLines := wrap(f.Status, w, "  ")
	if len(statusLines) > 2 {
		statusLines = statusLines[:2]
		cut := ansi.Truncate(statusLines[1], w-width(g.Ellipsis), "")
		statusLines[1] = strings.TrimRight(cut, " ") + g.Ellipsis
	}
	for _, sl := range statusLines {
		switch f.StatusKind {
		case StatusError:
			bottom = append(bottom, st.pt.err.on(fit(sl, w, g)))
		case StatusOK:
			bottom = append(bottom, st.pt.ok.on(fit(sl, w, g)))
		default:
			bottom = append(bottom, st.pt.dim.on(fit(sl, w, g)))
		}
	}
	for _, hl := range strings.Split(strings.TrimRight(f.Help, "\n"), "\n") {
		bottom = append(bottom, fit(hl, w, g))
	}
	paneY := len(lines)
	paneH := h - len(lines) - len(bottom)
	if paneH < 3 {
		// The full help can crowd out the pane; keep its top lines.
		cut := len(bottom) - (h - len(lines) - 3)
		bottom = bottom[:max(len(bottom)-cut, 1)]
		paneH = h - len(lines) - len(bottom)
	}

	var pane []string
	var paneHits []Hit
	if f.Overlay != nil {
		pane, scr.OverlayWidth, scr.OverlayHeight = overlay(f.Overlay, w, paneH, st)
	} else {
		pane, paneHits, scr.Scroll, scr.Peek = paneContent(&f, rej, w, paneH, st)
	}
	for _, hit := range paneHits {
		hit.Y += paneY
		scr.Hits = append(scr.Hits, hit)
	}
	lines = append(lines, pane...)
	lines = append(lines, bottom...)
	if len(lines) > h {
		lines = lines[:h]
	}
	scr.Text = strings.Join(lines, "\n")
	if st.ASCII {
		scr.Text = ASCIIFold(scr.Text)
	}
	return scr
}

// OverlaySize returns the cells an overlay body gets for a frame, so that
// a list or viewport can be sized before it is drawn.
func OverlaySize(f Frame, st Styles) (w, h int) {
	tall := f.Overlay != nil && f.Overlay.Tall
	f.Overlay = &Overlay{Tall: tall}
	scr := Render(f, st)
	return scr.OverlayWidth, scr.OverlayHeight
}

// header draws the title line: role tabs, Flink line, derivation mode,
// source and whether the configuration was changed. Less important facts
// shorten or drop out on narrow terminals.
func header(f *Frame, w int, st Styles) (string, []Hit) {
	g := st.Glyphs
	tab := func(r memmodel.Role) string {
		if r == f.Input.Role {
			return st.pt.activeTab.on("[" + r.Title() + "]")
		}
		return st.pt.tab.on(" " + r.Title() + " ")
	}
	tm, jm := tab(memmodel.TaskManager), tab(memmodel.JobManager)
	mode := ""
	switch {
	case noJobManagerModel(f):
		mode = "legacy heap"
	case f.Err == nil:
		mode = f.Layout.Mode.Describe(f.Input.Role)
	default:
		mode = "refused"
	}
	modified := "unmodified"
	if f.Modified {
		modified = "modified"
	}
	line := "Flink " + f.Input.Line.String()
	if f.Baseline != nil {
		line += " vs baseline"
		if f.Baseline.Line != f.Input.Line {
			line += " (" + f.Baseline.Line.String() + ")"
		}
	}
	type variant struct {
		app  bool
		rest []string
	}
	variants := []variant{
		{true, []string{line, "mode: " + mode, f.Source, modified}},
		{false, []string{line, "mode: " + mode, f.Source, modified}},
		{false, []string{line, mode, f.Source, modified}},
		// Whether the configuration was changed outlasts where it came
		// from and how it is derived.
		{false, []string{line, mode, modified}},
		{false, []string{line, modified}},
		{false, []string{line}},
	}
	for _, v := range variants {
		prefix := " "
		if v.app {
			prefix = " " + st.pt.app.on("flinkmem") + "  "
		}
		tabs := tm + g.Bar + jm
		var facts []string
		for _, s := range v.rest {
			if s != "" {
				facts = append(facts, s)
			}
		}
		text := strings.Join(facts, g.Sep)
		left := prefix + tabs
		if width(left)+2+width(text)+1 > w {
			continue
		}
		gap := w - width(left) - width(text) - 1
		styled := st.pt.header.on(text)
		if f.Modified && strings.HasSuffix(text, modified) {
			styled = st.pt.header.on(strings.TrimSuffix(text, modified)) + st.pt.modified.on(modified)
		}
		x := width(prefix)
		hits := []Hit{
			{Kind: HitRole, Y: 0, X0: x, X1: x + width(tm), Index: int(memmodel.TaskManager)},
			{Kind: HitRole, Y: 0, X0: x + width(tm) + width(g.Bar), X1: x + width(tm) + width(g.Bar) + width(jm), Index: int(memmodel.JobManager)},
		}
		return left + strings.Repeat(" ", gap) + styled + " ", hits
	}
	return fit(" "+tm+g.Bar+jm, w, g), nil
}

// refusalLines explains a refusal under the crossed-out bar: the check in
// plain words, then the engine's message with its numbers.
func refusalLines(err error, rej *memmodel.Rejection, w, limit int, st Styles) []string {
	g := st.Glyphs
	var out []string
	msg := err.Error()
	if rej != nil {
		out = append(out, st.pt.err.on(fit(" "+sentence(rej.Check.Title()), w, g)))
	}
	for _, l := range wrap(msg, w-2, "") {
		out = append(out, fit("  "+l, w, g))
	}
	if len(out) > limit {
		out = out[:limit]
		out[limit-1] = fit(strings.TrimRight(out[limit-1], " ")+" "+g.Ellipsis, w, g)
	}
	for len(out) < 3 {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}

// overlay draws a panel filling the pane; it returns the lines and the
// cells inside the panel.
func overlay(o *Overlay, w, h int, st Styles) ([]string, int, int) {
	g := st.Glyphs
	innerW := w - 4 // border and one cell of padding on each side
	innerH := h - 3 // border, and the title line
	body := strings.Split(strings.TrimRight(o.Body, "\n"), "\n")
	if len(body) > innerH {
		body = body[:max(innerH, 0)]
	}
	content := []string{st.pt.panelName.on(fit(o.Title, innerW, g))}
	for _, l := range body {
		content = append(content, fit(l, innerW, g))
	}
	for len(content) < h-2 {
		content = append(content, strings.Repeat(" ", innerW))
	}
	box := st.Panel.Width(w - 2).Render(strings.Join(content, "\n"))
	lines := strings.Split(box, "\n")
	for i := range lines {
		lines[i] = fit(lines[i], w, g)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines[:h], innerW, innerH
}

// paneContent fills the area between the rulers and the status line. Wide
// terminals get the table on the left and the options on the right; others
// get one scrolling pane with the table first and the options after it.
func paneContent(f *Frame, rej *memmodel.Rejection, w, h int, st Styles) (lines []string, hits []Hit, scroll, peek int) {
	optW := optionsWidth(f)
	if w >= wideWidth && w-optW-2 >= 56 {
		left := append(summaryLines(f, rej, w-optW-2, st), extraLines(f, w-optW-2, st)...)
		left = append(left, slotLines(f, w-optW-2, st)...)
		right := optionLines(f, optW, st)
		rightLines, rightHits, scroll, peek := scrollWindow(right, h, f, 0, len(right), st)
		var out []string
		for y := 0; y < h; y++ {
			l := strings.Repeat(" ", w-optW-2)
			if y < len(left) {
				l = left[y].text
				if y == h-1 && len(left) > h {
					l = fit(st.Glyphs.Ellipsis, w-optW-2, st.Glyphs)
				} else if left[y].hit.Kind != HitNone {
					hit := left[y].hit
					hit.Y, hit.X0, hit.X1 = y, 0, w-optW-2
					hits = append(hits, hit)
				}
			}
			out = append(out, l+"  "+rightLines[y])
		}
		for _, hit := range rightHits {
			hit.X0, hit.X1 = w-optW, w
			hits = append(hits, hit)
		}
		return out, hits, scroll, peek
	}
	// The table (or the fixes) first, then the options and the Job rows,
	// then the per-slot panel the Job rows feed: on a small terminal the
	// first screen shows what matters and the cursor on the process size
	// together, and a Job row is seen with what it changes. The JVM flags
	// and notices follow the table when the first screen still reaches
	// the process size, else they come last.
	blank := paneLine{text: strings.Repeat(" ", w)}
	all := summaryLines(f, rej, w, st)
	extra := extraLines(f, w, st)
	early := len(extra) > 0 && len(all)+1+len(extra)+1+3 <= h
	if early {
		all = append(append(all, blank), extra...)
	}
	all = append(all, blank)
	first := len(all)
	all = append(all, optionLines(f, w, st)...)
	if slots := slotLines(f, w, st); len(slots) > 0 {
		all = append(all, blank)
		all = append(all, slots...)
	}
	follow := len(all)
	if len(extra) > 0 && !early {
		all = append(all, blank)
		all = append(all, extra...)
	}
	lines, hits, scroll, peek = scrollWindow(all, h, f, first, follow, st)
	for i := range hits {
		hits[i].X0, hits[i].X1 = 0, w
	}
	return lines, hits, scroll, peek
}

// optionsWidth is the width the options pane wants beside the table.
func optionsWidth(f *Frame) int {
	keyW := 0
	for _, o := range f.Options {
		keyW = max(keyW, width(o.Key))
	}
	return 2 + 10 + keyW + 1 + 12 + 1 + 26
}

// summaryLines is the top of the pane: the component table for a layout,
// or the numbered fixes for a refusal.
func summaryLines(f *Frame, rej *memmodel.Rejection, w int, st Styles) []paneLine {
	g := st.Glyphs
	var out []paneLine
	if noJobManagerModel(f) {
		return nil
	}
	if f.Err != nil {
		out = append(out, paneLine{text: st.pt.heading.on(fit("FIXES", w, g))})
		if len(f.Fixes) == 0 {
			msg := "No single change makes Flink accept this; edit the keys marked " + g.Flag + "."
			switch {
			case rej != nil && rej.Check.IsUnparsable():
				msg = "Correct or unset the value marked " + g.Flag + "."
			case f.Input.Role == memmodel.JobManager && !f.Input.Line.HasJobManagerModel():
				msg = "The JobManager memory model arrived with Flink 1.11: choose a later line to size the JobManager here."
			}
			for _, l := range wrap(msg, w-2, "") {
				out = append(out, paneLine{text: fit("  "+l, w, g)})
			}
		}
		for i, fx := range f.Fixes {
			num := "[" + string(rune('1'+i)) + "]"
			if i >= 9 {
				num = "   "
			}
			text := fx.Description
			if fx.Note != "" {
				text += " (" + fx.Note + ")"
			}
			wrapped := wrap(text, w-6, "")
			for j, l := range wrapped {
				prefix := "  " + st.pt.fixKey.on(num) + " "
				if j > 0 {
					prefix = strings.Repeat(" ", 6)
				}
				if fx.BareMinimum {
					// Merely valid: drawn faint, after the fixes to try.
					l = st.pt.dim.on(l)
				}
				out = append(out, paneLine{text: fit(prefix+l, w, g), hit: Hit{Kind: HitFix, Index: i}})
			}
			// The -D form repeats the description; it is shown when
			// there is room for it.
			if edits := FixEdits(fx); edits != "" && w >= 100 {
				out = append(out, paneLine{text: st.pt.dim.on(fit("      "+edits, w, g)), hit: Hit{Kind: HitFix, Index: i}})
			}
		}
		return out
	}
	for _, r := range legend(&f.Layout, f.Baseline, w, f.ExactBytes, st) {
		pl := paneLine{text: r.text}
		if r.component >= 0 {
			pl.hit = Hit{Kind: HitLegend, Component: memmodel.Component(r.component)}
		}
		out = append(out, pl)
	}
	return out
}

// extraLines are the JVM flags and the notices of a resolved layout.
func extraLines(f *Frame, w int, st Styles) []paneLine {
	if f.Err != nil {
		return nil
	}
	out := targetLines(f, w, st)
	for _, l := range jvmFlags(&f.Layout, w, st) {
		out = append(out, paneLine{text: l})
	}
	for _, l := range inputNoteLines(f.InputNotes, w, len(f.InputNotes)*4, st) {
		out = append(out, paneLine{text: l})
	}
	for _, l := range notices(&f.Layout, w, st) {
		out = append(out, paneLine{text: l})
	}
	return out
}

// slotLines is the per-slot panel of a resolved TaskManager.
func slotLines(f *Frame, w int, st Styles) []paneLine {
	if f.Err != nil || f.Slots == nil {
		return nil
	}
	return slotPanelLines(f.Slots, w, st)
}

// scrollWindow shows h lines of a pane, scrolled as little as possible
// from the frame's last scroll so that the selected row is in view (the
// first option brings the top of the pane back). first is the index of
// the options heading. A Job row, or the last row, also brings up what
// follows it, up to line follow (the end of the per-slot panel), keeping
// the Job group's heading in view while everything fits.
func scrollWindow(all []paneLine, h int, f *Frame, first, follow int, st Styles) ([]string, []Hit, int, int) {
	sel, jobTop := -1, -1
	for i, l := range all {
		if l.hit.Kind != HitOption {
			continue
		}
		if l.hit.Index == f.Selected {
			sel = i
		}
		if l.hit.Index == len(f.Options) && len(f.Job) > 0 {
			jobTop = i
		}
	}
	scroll := f.Scroll
	if sel >= 0 {
		top := sel
		// Keep the group heading (or the pane heading) above a selection.
		if sel > 0 && all[sel-1].hit.Kind == HitNone {
			top = sel - 1
		}
		if f.Selected == 0 {
			top = 0
			if first > 0 && sel-first+1 < h && sel+1 > h {
				top = first
			}
		}
		if top < scroll {
			scroll = top
		}
		if sel >= scroll+h {
			scroll = sel - h + 1
		}
		switch {
		case jobTop >= 0 && f.Selected >= len(f.Options):
			// Keep the Job heading in view when the panel fits under it,
			// else give the panel every line below the selection.
			if jobTop > 0 && all[jobTop-1].hit.Kind == HitNone {
				jobTop--
			}
			scroll = max(scroll, min(follow-h, jobTop))
			if follow-scroll > h {
				scroll = max(scroll, min(follow-h, sel))
			}
			if sel >= scroll+h {
				scroll = sel - h + 1
			}
		case f.Selected == len(f.Options)+len(f.Job)-1 && sel+1 < len(all):
			// The last row brings up what follows the options too.
			scroll = max(scroll, min(len(all)-h, sel))
		}
	}
	scroll = max(min(scroll, len(all)-h), 0)
	peek := 0
	if f.Peek > 0 {
		peeked := max(min(scroll+f.Peek, len(all)-h), scroll)
		peek, scroll = peeked-scroll, peeked
	}
	var lines []string
	var hits []Hit
	for y := 0; y < h; y++ {
		i := scroll + y
		if i >= len(all) {
			lines = append(lines, strings.Repeat(" ", width(all[0].text)))
			continue
		}
		lines = append(lines, all[i].text)
		if all[i].hit.Kind != HitNone {
			hit := all[i].hit
			hit.Y = y
			hits = append(hits, hit)
		}
	}
	g := st.Glyphs
	if scroll > 0 && len(lines) > 0 {
		lines[0] = markEnd(lines[0], g.MoreUp, st)
	}
	if scroll+h < len(all) && len(lines) > 0 {
		lines[len(lines)-1] = markEnd(lines[len(lines)-1], g.MoreDown, st)
	}
	return lines, hits, scroll, peek
}

// markEnd puts a scroll marker in the last cell of a line. When that cell
// holds text, the line is cut with an ellipsis first, so that the marker
// never stands in for a digit (10977 must not read as 1097▼).
func markEnd(line, mark string, st Styles) string {
	w := width(line)
	g := Glyphs{}
	if !strings.HasSuffix(ansi.Strip(line), " ") {
		g = st.Glyphs
	}
	return fit(line, w-1, g) + st.pt.dim.on(mark)
}
