// Package view renders flinkmem's screens and reports as pure functions of
// plain data: no terminal access, no globals, no bubbletea.
package view

import (
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
)

// StaticOptions controls a one-off rendering for docs and slides.
type StaticOptions struct {
	// Width is the width in cells; below MinWidth it is raised to it.
	Width int
	// Color draws with 256-colour escape codes; otherwise segments differ
	// by pattern and no escape code is written.
	Color bool
	// ASCII draws with plain ASCII glyphs.
	ASCII bool
}

// StaticStyles returns the styles Static draws with: a renderer of its own
// (never the terminal's), 256 colours or none, and the dark palette, which
// reads on both backgrounds.
func StaticStyles(color, ascii bool) Styles {
	r := lipgloss.NewRenderer(io.Discard)
	if color {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	r.SetHasDarkBackground(true)
	return NewStyles(r, ascii)
}

// Resolution is a configuration and what the engine made of it: the
// layout, or the refusal (of the process or of its slot profile) with its
// fixes.
type Resolution struct {
	Input  memmodel.Input
	Layout memmodel.Layout
	// Err is the *memmodel.Rejection when Flink would refuse Input.
	Err   error
	Fixes []memmodel.Fix
}

// Static renders the bar, rulers and legend of a resolved (or refused)
// configuration once, for `flinkmem render`: a title line, the bar and its
// rulers, the component table, the JVM flags and the notices; for a
// refusal, the crossed-out bar, the reason and the numbered fixes. Lines
// carry no trailing spaces.
func Static(r Resolution, opts StaticOptions) string {
	w := max(opts.Width, MinWidth)
	st := StaticStyles(opts.Color, opts.ASCII)
	in, l, err := r.Input, r.Layout, r.Err
	var lines []string
	title := in.Role.Title() + st.Glyphs.Sep + "Flink " + in.Line.String()
	if err != nil {
		rej, _ := err.(*memmodel.Rejection)
		lines = append(lines, st.pt.app.on(title+st.Glyphs.Sep+"refused"), "")
		lines = append(lines, RejectedBar(in.Role, w, st))
		lines = append(lines, refusalLines(err, rej, w, 1000, st)...)
		lines = append(lines, "")
		f := Frame{Input: in, Err: err, Fixes: r.Fixes}
		for _, pl := range summaryLines(&f, rej, w, st) {
			lines = append(lines, pl.text)
		}
		return trimLines(lines, opts.ASCII)
	}
	lines = append(lines, st.pt.app.on(title+st.Glyphs.Sep+l.Mode.Describe(in.Role)), "")
	lines = append(lines, Bar(&l, w, 1, st))
	lines = append(lines, Rulers(&l, w, st)...)
	lines = append(lines, "")
	f := Frame{Input: in, Layout: l}
	for _, pl := range append(summaryLines(&f, nil, w, st), extraLines(&f, w, st)...) {
		lines = append(lines, pl.text)
	}
	return trimLines(lines, opts.ASCII)
}

// trimLines joins lines without trailing blanks, ending in a newline.
func trimLines(lines []string, ascii bool) string {
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	out := strings.Join(lines, "\n") + "\n"
	if ascii {
		out = ASCIIFold(out)
	}
	return out
}
