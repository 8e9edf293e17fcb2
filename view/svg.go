package view

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
)

// SVGOptions controls a picture for slides.
type SVGOptions struct {
	// Width is the picture's width in pixels; below 480 it is raised to 480
	// (0 means 960).
	Width int
	// Light draws dark text on a light background; otherwise light on dark.
	Light bool
	// Projector uses the projector theme's colours, on white or black.
	Projector bool
}

// svg geometry, in pixels: a monospaced font of svgFont pixels whose
// characters are about svgChar wide.
const (
	svgMargin = 20
	svgFont   = 13
	svgChar   = 7.8
	svgLine   = 20
	svgBarH   = 44
)

// svgPalette is the screen's palette for one background, as hex colours.
type svgPalette struct {
	bg, fg, dim, err, accent string
	segment                  [memmodel.NumComponents]string
}

// paletteOf reads the colours the terminal styles use, so that the
// picture and the screen always agree.
func paletteOf(light, projector bool) svgPalette {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	st := NewStyles(r, false)
	if projector {
		st = ProjectorStyles(r, false)
	}
	pick := func(s lipgloss.Style, fallback string) string {
		if c, ok := s.GetForeground().(lipgloss.AdaptiveColor); ok {
			if light {
				return c.Light
			}
			return c.Dark
		}
		return fallback
	}
	p := svgPalette{bg: "#1b1d23", fg: "#e8e8e8"}
	switch {
	case projector && light:
		p = svgPalette{bg: projectorBackground.Light, fg: "#000000"}
	case projector:
		p = svgPalette{bg: projectorBackground.Dark, fg: "#ffffff"}
	case light:
		p = svgPalette{bg: "#ffffff", fg: "#1a1a1a"}
	}
	p.dim = pick(st.Dim, p.fg)
	p.err = pick(st.Error, "#c00000")
	p.accent = pick(st.PanelName, p.fg)
	for c := range p.segment {
		p.segment[c] = pick(st.Segment[c], p.fg)
	}
	return p
}

// svgDoc builds one SVG document line by line.
type svgDoc struct {
	b     strings.Builder
	w, y  int
	pal   svgPalette
	barX  float64
	barW  float64
	spans [memmodel.NumComponents][2]float64 // x from, x to of each component drawn
	drawn [memmodel.NumComponents]bool
	// whole is the size the bar's width stands for.
	whole memmodel.MemorySize
	// labelWeight is the ruler labels' font-weight attribute, bold for
	// the projector.
	labelWeight string
}

func newSVGDoc(opts SVGOptions, title string) *svgDoc {
	w := opts.Width
	if w == 0 {
		w = 960
	}
	d := &svgDoc{w: max(w, 480), pal: paletteOf(opts.Light, opts.Projector), y: svgMargin}
	if opts.Projector {
		d.labelWeight = ` font-weight="bold"`
	}
	d.barX, d.barW = svgMargin, float64(d.w-2*svgMargin)
	d.b.WriteString("<title>" + esc(title) + "</title>\n")
	return d
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func px(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// text writes one line of text at x on the current baseline.
func (d *svgDoc) text(x float64, s, fill, extra string) {
	if s == "" {
		return
	}
	d.b.WriteString(`<text x="` + px(x) + `" y="` + strconv.Itoa(d.y) + `" fill="` + fill + `"` + extra + `>` + esc(s) + "</text>\n")
}

// line writes a full line of text and moves down.
func (d *svgDoc) line(s, fill, extra string) {
	d.y += svgLine
	d.text(svgMargin, s, fill, extra)
}

// paragraph writes text wrapped to the picture's width.
func (d *svgDoc) paragraph(label, s, fill string) {
	cols := int((float64(d.w) - 2*svgMargin) / svgChar)
	for _, l := range wrap(label+s, cols, strings.Repeat(" ", len([]rune(label)))) {
		d.line(l, fill, ` xml:space="preserve"`)
	}
}

// rect writes a rectangle with a tooltip.
func (d *svgDoc) rect(x, y, w, h float64, fill, extra, tip string) {
	d.b.WriteString(`<rect x="` + px(x) + `" y="` + px(y) + `" width="` + px(w) + `" height="` + px(h) + `" fill="` + fill + `"` + extra)
	if tip == "" {
		d.b.WriteString("/>\n")
		return
	}
	d.b.WriteString("><title>" + esc(tip) + "</title></rect>\n")
}

// layoutBar places the components of sizes on the bar, scaled to whole
// (all of the bar's width when whole is 0), and returns them in order.
func (d *svgDoc) layoutBar(role memmodel.Role, size *[memmodel.NumComponents]memmodel.MemorySize, whole memmodel.MemorySize) []memmodel.Component {
	var sum memmodel.MemorySize
	var comps []memmodel.Component
	for _, c := range memmodel.Components(role) {
		if size[c] > 0 {
			sum += size[c]
			comps = append(comps, c)
		}
	}
	if whole < sum {
		whole = sum
	}
	d.whole = whole
	x := d.barX
	for _, c := range comps {
		w := d.barW * float64(size[c]) / float64(whole)
		d.spans[c] = [2]float64{x, x + w}
		d.drawn[c] = true
		x += w
	}
	return comps
}

// bracket draws a ruler from x0 to x1 at the current line with a label
// in the middle, when it fits.
func (d *svgDoc) bracket(x0, x1 float64, label, colour string) {
	top := float64(d.y - svgLine + 6)
	d.b.WriteString(`<path d="M` + px(x0+1) + " " + px(top) + " V" + px(top+6) + " H" + px(x1-1) + " V" + px(top) +
		`" fill="none" stroke="` + colour + `" stroke-width="1.5"/>` + "\n")
	if float64(len([]rune(label)))*svgChar+8 <= x1-x0 {
		d.b.WriteString(`<text x="` + px((x0+x1)/2) + `" y="` + strconv.Itoa(d.y+4) + `" fill="` + colour + `" text-anchor="middle"` + d.labelWeight + `>` + esc(label) + "</text>\n")
	}
}

// rulers draws the screen's nested brackets under a full layout.
func (d *svgDoc) rulers(l *memmodel.Layout) {
	for _, row := range rulerRows(l) {
		d.y += svgLine + 4
		for _, g := range row {
			var x0, x1 float64
			ok := false
			for _, c := range g.parts {
				if !d.drawn[c] {
					continue
				}
				if !ok {
					x0, ok = d.spans[c][0], true
				}
				x1 = d.spans[c][1]
			}
			if !ok || x1-x0 < 2 {
				continue
			}
			colour := d.pal.dim
			if g.colour >= 0 {
				colour = d.pal.segment[g.colour]
			}
			label := ""
			for _, s := range g.labels {
				if float64(len([]rune(s)))*svgChar+8 <= x1-x0 {
					label = s
					break
				}
			}
			d.bracket(x0, x1, label, colour)
		}
	}
	d.y += 6
}

// finish wraps the body in the svg element sized to what was drawn.
func (d *svgDoc) finish() string {
	h := d.y + svgMargin
	var out strings.Builder
	out.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	out.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(d.w) + `" height="` + strconv.Itoa(h) +
		`" viewBox="0 0 ` + strconv.Itoa(d.w) + " " + strconv.Itoa(h) + `" font-family="ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="` +
		strconv.Itoa(svgFont) + `">` + "\n")
	out.WriteString(`<rect width="100%" height="100%" fill="` + d.pal.bg + `"/>` + "\n")
	out.WriteString(d.b.String())
	out.WriteString("</svg>\n")
	return out.String()
}

// SVG renders the bar, rulers and legend of a resolved configuration as a
// standalone SVG picture for slides: text as text, the screen's palette,
// no external fonts, images or scripts. A refused configuration shows the
// crossed-out bar and Flink's reason.
func SVG(r Resolution, opts SVGOptions) string {
	in, l := r.Input, &r.Layout
	title := in.Role.Title() + " · Flink " + in.Line.String()
	if r.Err != nil {
		d := newSVGDoc(opts, title+" · refused")
		d.line(title+" · refused", d.pal.fg, ` font-weight="bold"`)
		d.y += 12
		d.rect(d.barX, float64(d.y), d.barW, svgBarH, d.pal.err, ` fill-opacity="0.25" stroke="`+d.pal.err+`"`, "")
		d.y += svgBarH/2 + 5
		d.b.WriteString(`<text x="` + px(d.barX+d.barW/2) + `" y="` + strconv.Itoa(d.y) + `" fill="` + d.pal.err +
			`" text-anchor="middle" font-weight="bold">Flink would not start this ` + in.Role.Title() + "</text>\n")
		d.y += svgBarH / 2
		d.paragraph("", r.Err.Error(), d.pal.err)
		for i, fx := range r.Fixes {
			text := fx.Description
			if fx.Note != "" {
				text += " (" + fx.Note + ")"
			}
			d.paragraph("["+strconv.Itoa(i+1)+"] ", text, d.pal.fg)
		}
		return d.finish()
	}
	d := newSVGDoc(opts, title+" · "+l.Mode.Describe(in.Role))
	d.line(title+" · "+l.Mode.Describe(in.Role), d.pal.fg, ` font-weight="bold"`)
	d.y += 12
	for _, c := range d.layoutBar(in.Role, &l.Size, l.TotalProcess) {
		d.rect(d.spans[c][0], float64(d.y), d.spans[c][1]-d.spans[c][0], svgBarH, d.pal.segment[c], "",
			c.String()+" "+l.Size[c].HumanExact())
	}
	d.y += svgBarH
	d.rulers(l)
	d.legend(l)
	d.line(l.JVMArgs(), d.pal.dim, "")
	return d.finish()
}

// legend writes the component table: swatch, name, size, exact bytes,
// share of the process and where the size came from.
func (d *svgDoc) legend(l *memmodel.Layout) {
	d.y += 8
	cols := []float64{svgMargin + 22, svgMargin + 22 + 20*svgChar, svgMargin + 22 + 32*svgChar, svgMargin + 22 + 47*svgChar, svgMargin + 22 + 55*svgChar}
	d.y += svgLine
	for i, h := range []string{"COMPONENT", "SIZE", "BYTES", "%", "WHERE IT COMES FROM"} {
		d.text(cols[i], h, d.pal.dim, ` font-weight="bold"`)
	}
	g := UnicodeGlyphs()
	for _, c := range memmodel.Components(l.Role) {
		d.y += svgLine
		d.rect(svgMargin, float64(d.y-11), 14, 14, d.pal.segment[c], "", "")
		from, _ := Provenance(l, c, g)
		cells := []string{c.String(), l.Size[c].Human(), strconv.FormatInt(l.Size[c].Bytes(), 10), percent(l.Size[c], l.TotalProcess), from}
		for i, s := range cells {
			d.text(cols[i], s, d.pal.fg, "")
		}
	}
	for _, t := range []struct {
		name string
		m    memmodel.MemorySize
	}{{"Total Flink", l.TotalFlink}, {"Total Process", l.TotalProcess}} {
		d.y += svgLine
		cells := []string{t.name, t.m.Human(), strconv.FormatInt(t.m.Bytes(), 10)}
		for i, s := range cells {
			d.text(cols[i], s, d.pal.fg, ` font-weight="bold"`)
		}
	}
	d.y += 8
}

// StepSVG renders step i of a derivation as a standalone SVG picture: the
// caption, the bar with the step's components in colour and the earlier
// ones faded, a bracket under what the step adds, the rule and this
// configuration's numbers (or, for the refused step, Flink's reason).
func StepSVG(in memmodel.Input, steps []memmodel.Step, i int, opts SVGOptions) string {
	if i < 0 || i >= len(steps) {
		return ""
	}
	s := &steps[i]
	d := newSVGDoc(opts, in.Role.Title()+" · Flink "+in.Line.String()+" · "+s.Caption())
	head := d.pal.accent
	if s.Refused {
		head = d.pal.err
	}
	d.line(s.Caption(), head, ` font-weight="bold"`)
	d.y += 12
	last := &steps[len(steps)-1]
	d.layoutBar(in.Role, &last.Size, last.TotalProcess)
	d.rect(d.barX, float64(d.y), d.barW, svgBarH, "none", ` stroke="`+d.pal.dim+`" stroke-dasharray="4 3"`, "not derived yet")
	for _, c := range memmodel.Components(in.Role) {
		if !d.drawn[c] || !s.Has(c) {
			continue
		}
		x, w := d.spans[c][0], d.spans[c][1]-d.spans[c][0]
		switch {
		case s.Refused && s.Adding(c):
			d.rect(x, float64(d.y), w, svgBarH, d.pal.err, "", c.String()+" "+s.Size[c].HumanExact())
		case s.Adding(c):
			d.rect(x, float64(d.y), w, svgBarH, d.pal.segment[c], ` stroke="`+d.pal.fg+`" stroke-width="2"`, c.String()+" "+s.Size[c].HumanExact())
		default:
			d.rect(x, float64(d.y), w, svgBarH, d.pal.segment[c], ` fill-opacity="0.3"`, c.String()+" "+s.Size[c].HumanExact())
		}
	}
	d.y += svgBarH + svgLine + 4
	switch {
	case s.Refused:
		d.text(svgMargin, "Flink refuses: "+string(s.Check), d.pal.err, ` font-weight="bold"`)
	default:
		d.stepBrackets(s)
	}
	d.y += 6
	d.paragraph("rule     ", s.Formula, d.pal.fg)
	if s.Refused {
		d.paragraph("refused  ", s.Reason, d.pal.err)
	} else {
		d.paragraph("numbers  ", s.Numbers, d.pal.fg)
	}
	return d.finish()
}

// stepBrackets brackets each component the step adds, or the total it
// fixes.
func (d *svgDoc) stepBrackets(s *memmodel.Step) {
	for _, c := range s.Adds {
		if d.drawn[c] {
			d.bracket(d.spans[c][0], d.spans[c][1], c.String()+" "+s.Size[c].Human(), d.pal.segment[c])
		}
	}
	// A total starts the bar and spans its own size, even when a refused
	// configuration's parts add up to more.
	total, label := s.TotalProcess, "Total Process "+s.TotalProcess.Human()
	switch s.Total {
	case memmodel.StepNoTotal:
		return
	case memmodel.StepTotalFlink:
		total, label = s.TotalFlink, "Total Flink "+s.TotalFlink.Human()
	}
	if d.whole > 0 {
		d.bracket(d.barX, d.barX+d.barW*float64(total)/float64(d.whole), label, d.pal.dim)
	}
}

// SVGFile is a picture with the file name it is meant to be written under.
type SVGFile struct{ Name, SVG string }

// StepSVGs renders every step of a configuration's derivation as its own
// picture, named step-01.svg, step-02.svg … in order, so that a slide
// deck can take them as they sort.
func StepSVGs(in memmodel.Input, opts SVGOptions) []SVGFile {
	steps := memmodel.Steps(in)
	out := make([]SVGFile, len(steps))
	for i := range steps {
		out[i] = SVGFile{Name: fmt.Sprintf("step-%02d.svg", i+1), SVG: StepSVG(in, steps, i, opts)}
	}
	return out
}

// PictureFlags checks `flinkmem render`'s picture flags together and
// returns the SVG options, or nil when the output is text. format is text
// or svg; theme dark, light, projector or projector-light; write the file
// or, with steps, the directory the pictures go to.
func PictureFlags(format, theme, write string, steps bool) (*SVGOptions, error) {
	var opts SVGOptions
	switch theme {
	case "dark":
	case "light":
		opts.Light = true
	case "projector", "projector-light":
		opts.Projector, opts.Light = true, theme == "projector-light"
	default:
		return nil, fmt.Errorf("--theme %q: use dark, light, projector or projector-light", theme)
	}
	switch {
	case format == "png":
		return nil, errors.New("--format png is not built in: write --format svg and convert it, e.g. rsvg-convert -w 1920 tm.svg -o tm.png")
	case format != "text" && format != "svg":
		return nil, fmt.Errorf("--format %q: use text or svg", format)
	case format == "text" && (write != "" || theme != "dark"):
		return nil, errors.New("-w and --theme are for pictures: add --format svg")
	case format == "text":
		return nil, nil
	case steps && write == "":
		return nil, errors.New("--steps --format svg writes one picture per step: name their directory with -w DIR")
	}
	return &opts, nil
}

// Pictures renders what `flinkmem render --format svg` writes: the
// outcome's picture under the name file, or with steps one picture per
// step of its derivation, named step-01.svg … inside the directory file.
func Pictures(o Outcome, opts SVGOptions, steps bool, file string) []SVGFile {
	if !steps {
		return []SVGFile{{Name: file, SVG: SVG(resolutionOf(o), opts)}}
	}
	files := StepSVGs(o.Input, opts)
	for i := range files {
		files[i].Name = filepath.Join(file, files[i].Name)
	}
	return files
}
