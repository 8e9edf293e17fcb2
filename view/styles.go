package view

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Glyphs are the characters the screen is drawn with. The Unicode set uses
// block elements and box drawing; the ASCII set is for terminals and fonts
// without them.
type Glyphs struct {
	// Solid fills a bar cell when colour tells the segments apart.
	Solid string
	// Fill is each component's pattern when there is no colour (and in
	// ASCII mode), so that segments still differ.
	Fill [memmodel.NumComponents]string
	// Eighths[k] covers the left k eighths of a cell (index 0 unused); empty
	// in ASCII mode, where edges snap to whole cells.
	Eighths [8]string
	// Edge separates two neighbouring segments that share a pattern.
	Edge string
	// Rejected fills the bar when Flink would refuse the configuration.
	Rejected string
	// RulerLeft, RulerFill, RulerRight draw a ruler; RulerOne is a ruler
	// one cell wide.
	RulerLeft, RulerFill, RulerRight, RulerOne string
	// Cursor marks the selected row; Flag marks a clamp or an involved key.
	Cursor, Flag string
	// Sep separates header items; Bar separates the role tabs.
	Sep, Bar string
	// Times is the multiplication sign; Ellipsis marks cut text.
	Times, Ellipsis string
	// Arrow points from a share to what it comes to; AtMost is ≤; Minus
	// is the minus sign; Unlimited stands for Flink's largest size.
	Arrow, AtMost, Minus, Unlimited string
	// More marks a pane that scrolls further up or down.
	MoreUp, MoreDown string
	// Unset stands for an option without a value or default.
	Unset string
}

// UnicodeGlyphs returns the block-element glyph set.
func UnicodeGlyphs() Glyphs { return glyphSet(false) }

// ASCIIGlyphs returns the plain-ASCII glyph set.
func ASCIIGlyphs() Glyphs { return glyphSet(true) }

// glyphSet builds the Unicode or the ASCII set from one list, which names
// each glyph's ASCII stand-in beside it.
func glyphSet(ascii bool) Glyphs {
	pick := func(unicode, plain string) string {
		if ascii {
			return plain
		}
		return unicode
	}
	g := Glyphs{
		Solid:     pick("█", "#"),
		Edge:      pick("│", "|"),
		Rejected:  pick("╳", "x"),
		RulerLeft: pick("└", "["), RulerFill: pick("─", "-"), RulerRight: pick("┘", "]"), RulerOne: pick("┴", "^"),
		Cursor: pick("›", ">"), Flag: pick("⚑", "!"),
		Sep: pick(" · ", " - "), Bar: pick("│", "|"),
		Times: pick("×", "x"), Ellipsis: pick("…", "..."),
		Arrow: pick("→", "->"), AtMost: pick("≤", "<="), Minus: pick("−", "-"), Unlimited: pick("∞", "unlimited"),
		MoreUp: pick("▲", "^"), MoreDown: pick("▼", "v"),
		Unset: pick("·", "-"),
	}
	if !ascii {
		// ASCII has no partial cells: its edges snap to whole cells.
		g.Eighths = [8]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	}
	byKind := [...]string{
		memmodel.KindHeap:      pick("█", "#"),
		memmodel.KindManaged:   pick("▓", "="),
		memmodel.KindDirect:    pick("▒", "+"),
		memmodel.KindNetwork:   pick("░", "~"),
		memmodel.KindMetaspace: pick("▚", "%"),
		memmodel.KindOverhead:  pick("▞", ":"),
	}
	for c := range g.Fill {
		g.Fill[c] = byKind[memmodel.Component(c).Kind()]
	}
	return g
}

// Styles holds every style and glyph the screens are drawn with. Build it
// with NewStyles; the zero value draws plain text.
type Styles struct {
	// Color is false when the renderer emits no colour (NO_COLOR, a dumb
	// terminal, or a pipe): segments then differ by pattern.
	Color bool
	// ASCII is true when only ASCII glyphs may be drawn.
	ASCII  bool
	Glyphs Glyphs

	// Segment colours each component's stretch of the bar (foreground).
	Segment [memmodel.NumComponents]lipgloss.Style
	// Ruler colours the first ruler row by memory kind.
	Ruler [memmodel.NumComponents]lipgloss.Style

	App       lipgloss.Style // the program name in the header
	Tab       lipgloss.Style // an inactive role tab
	ActiveTab lipgloss.Style // the role being shown
	Header    lipgloss.Style // header facts (line, mode, source)
	Modified  lipgloss.Style // the "modified" mark
	Heading   lipgloss.Style // table and pane headings
	Group     lipgloss.Style // option group labels
	Key       lipgloss.Style // option keys
	Selected  lipgloss.Style // the selected option's key
	Value     lipgloss.Style // a configured value
	Dim       lipgloss.Style // defaults, hints, rulers of totals
	Resolved  lipgloss.Style // derived values
	Error     lipgloss.Style // refusals and invalid input
	Involved  lipgloss.Style // keys named by a refusal
	Warn      lipgloss.Style // notices and clamps
	OK        lipgloss.Style // success messages
	FixKey    lipgloss.Style // the number in front of a fix
	Flags     lipgloss.Style // the JVM flags line
	Panel     lipgloss.Style // the bordered box of explanations, presets and export
	PanelName lipgloss.Style // the title inside a panel
	HelpKey   lipgloss.Style // a key in the help line
	HelpDesc  lipgloss.Style // what it does, and the separators

	// pt caches each style's escape codes, so that drawing a frame is
	// string concatenation rather than hundreds of Render calls.
	pt paints
}

// paints mirrors the styles above as bare escape codes.
type paints struct {
	app, tab, activeTab, header, modified, heading, group, key, selected,
	value, dim, resolved, err, involved, warn, ok, fixKey, flags, panelName paint
	segment, ruler [memmodel.NumComponents]paint
	// edge[a][b] draws component a in front of component b's colour.
	edge [memmodel.NumComponents][memmodel.NumComponents]paint
}

// paint is a style reduced to the escape codes around its text.
type paint struct{ pre, post string }

func (p paint) on(s string) string {
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

// paintOf captures the escape codes a style wraps around one character.
// Styles with padding, borders or widths are not reducible this way; the
// ones captured here only set colours and attributes.
func paintOf(s lipgloss.Style) paint {
	out := s.Render("X")
	i := strings.IndexByte(out, 'X')
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+1:]}
}

// ThemeColor is one colour of the light and the dark theme.
type ThemeColor struct{ Light, Dark string }

// The themes, in the order of their columns in the palette tables.
const (
	themeStandard = iota
	themeProjector
	numThemes
)

// textPalette holds the colours text is drawn in, by role, one column a
// theme. The standard theme keeps a contrast of at least 4.5:1 (WCAG AA)
// against the light or dark terminal backgrounds it is drawn on (see
// styles_test.go); the projector theme at least 7:1 against white or
// black (see theme_projector.go). The selected key (accent) and the keys
// a refusal involves differ in hue in every theme.
var textPalette = map[string][numThemes]ThemeColor{
	"accent":   {{"#0b4f9c", "#ffd75f"}, {"#5f00af", "#ffff5f"}},
	"dim":      {{"#5e5e5e", "#a8a8a8"}, {"#262626", "#e4e4e4"}},
	"error":    {{"#b00000", "#ff7b7b"}, {"#af0000", "#ff8787"}},
	"involved": {{"#a0005a", "#ff9ec8"}, {"#87005f", "#ffafd7"}},
	"warn":     {{"#6e5600", "#e0c050"}, {"#704d00", "#ffd75f"}},
	"ok":       {{"#1a6b29", "#7bd88f"}, {"#005f00", "#87ff87"}},
	"help-key": {{"#303030", "#d0d0d0"}, {"#000000", "#ffffff"}},
	"help":     {{"#5e5e5e", "#a8a8a8"}, {"#262626", "#e4e4e4"}},
}

// segmentPalette colours each component's stretch of the bar and its
// ruler, one column a theme. In the standard theme framework parts take a
// deeper shade of their kind, so that they stay distinct from the task
// parts next to them.
var segmentPalette = [memmodel.NumComponents][numThemes]ThemeColor{
	memmodel.FrameworkHeap:     {{"#1c4f99", "#2f78c4"}, {"#00005f", "#5fafff"}},
	memmodel.TaskHeap:          {{"#3d8be0", "#74b4ff"}, {"#005f87", "#87d7ff"}},
	memmodel.Managed:           {{"#2e8b3a", "#6cc76c"}, {"#005f00", "#5fd75f"}},
	memmodel.FrameworkOffHeap:  {{"#a4560b", "#c7771d"}, {"#5f0000", "#ffaf5f"}},
	memmodel.TaskOffHeap:       {{"#b07010", "#f2b35b"}, {"#870000", "#ffd787"}},
	memmodel.Network:           {{"#7b3fbf", "#b08cff"}, {"#5f005f", "#d7afff"}},
	memmodel.Metaspace:         {{"#0f7f80", "#4fc9c9"}, {"#005f5f", "#5fffff"}},
	memmodel.Overhead:          {{"#6b6b6b", "#9a9a9a"}, {"#3a3a3a", "#ffafd7"}},
	memmodel.JobManagerHeap:    {{"#3d8be0", "#74b4ff"}, {"#005f87", "#87d7ff"}},
	memmodel.JobManagerOffHeap: {{"#b07010", "#f2b35b"}, {"#870000", "#ffd787"}},
}

// standardTheme is the theme NewStyles draws with.
var standardTheme = themeOf(themeStandard, false)

// TextColors are the standard theme's text colours by role (see
// textPalette).
var TextColors = standardTheme.text

// SegmentColors are the standard theme's bar colours by component (see
// segmentPalette).
var SegmentColors = standardTheme.segment

// theme is a palette: the bar's colours, the text colours by role (the
// keys of TextColors) and whether ruler labels are bold.
type theme struct {
	segment    [memmodel.NumComponents]ThemeColor
	text       map[string]ThemeColor
	boldRulers bool
}

// themeOf takes one theme's column out of the palette tables.
func themeOf(column int, boldRulers bool) theme {
	th := theme{text: make(map[string]ThemeColor, len(textPalette)), boldRulers: boldRulers}
	for role, c := range textPalette {
		th.text[role] = c[column]
	}
	for c := range segmentPalette {
		th.segment[c] = segmentPalette[c][column]
	}
	return th
}

// NewStyles builds the styles for a renderer: its colour profile decides
// whether colour is used and its background whether the light or the dark
// palette applies. ascii restricts the glyphs to plain ASCII.
func NewStyles(r *lipgloss.Renderer, ascii bool) Styles {
	return themedStyles(r, ascii, standardTheme)
}

func themedStyles(r *lipgloss.Renderer, ascii bool, th theme) Styles {
	st := Styles{
		Color:  r.ColorProfile() != termenv.Ascii,
		ASCII:  ascii,
		Glyphs: UnicodeGlyphs(),
	}
	if ascii {
		st.Glyphs = ASCIIGlyphs()
	}
	col := func(c ThemeColor) lipgloss.TerminalColor {
		return lipgloss.AdaptiveColor{Light: c.Light, Dark: c.Dark}
	}
	var colours [memmodel.NumComponents]lipgloss.TerminalColor
	for c := range colours {
		colours[c] = col(th.segment[c])
		st.Segment[c] = r.NewStyle().Foreground(colours[c])
		st.Ruler[c] = r.NewStyle().Foreground(colours[c]).Bold(th.boldRulers)
	}
	text := th.text
	accent, dim, errc := col(text["accent"]), col(text["dim"]), col(text["error"])
	warn, okc, involved := col(text["warn"]), col(text["ok"]), col(text["involved"])
	st.HelpKey = r.NewStyle().Foreground(col(text["help-key"]))
	st.HelpDesc = r.NewStyle().Foreground(col(text["help"]))

	st.App = r.NewStyle().Bold(true)
	st.Tab = r.NewStyle().Foreground(dim)
	st.ActiveTab = r.NewStyle().Bold(true).Foreground(accent)
	st.Header = r.NewStyle()
	st.Modified = r.NewStyle().Foreground(warn).Bold(true)
	st.Heading = r.NewStyle().Bold(true).Foreground(dim)
	st.Group = r.NewStyle().Foreground(dim)
	st.Key = r.NewStyle()
	st.Selected = r.NewStyle().Bold(true).Foreground(accent)
	st.Value = r.NewStyle().Bold(true)
	st.Dim = r.NewStyle().Foreground(dim)
	st.Resolved = r.NewStyle()
	st.Error = r.NewStyle().Foreground(errc).Bold(true)
	st.Involved = r.NewStyle().Foreground(involved)
	st.Warn = r.NewStyle().Foreground(warn)
	st.OK = r.NewStyle().Foreground(okc)
	st.FixKey = r.NewStyle().Bold(true).Foreground(accent)
	st.Flags = r.NewStyle().Foreground(dim)
	st.Panel = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(dim).Padding(0, 1)
	if ascii {
		st.Panel = st.Panel.Border(lipgloss.Border{Top: "-", Bottom: "-", Left: "|", Right: "|", TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+"})
	}
	st.PanelName = r.NewStyle().Bold(true).Foreground(accent)

	st.pt = paints{
		app: paintOf(st.App), tab: paintOf(st.Tab), activeTab: paintOf(st.ActiveTab),
		header: paintOf(st.Header), modified: paintOf(st.Modified), heading: paintOf(st.Heading),
		group: paintOf(st.Group), key: paintOf(st.Key), selected: paintOf(st.Selected),
		value: paintOf(st.Value), dim: paintOf(st.Dim), resolved: paintOf(st.Resolved),
		err: paintOf(st.Error), involved: paintOf(st.Involved), warn: paintOf(st.Warn),
		ok: paintOf(st.OK), fixKey: paintOf(st.FixKey), flags: paintOf(st.Flags),
		panelName: paintOf(st.PanelName),
	}
	for c := range colours {
		st.pt.segment[c] = paintOf(st.Segment[c])
		st.pt.ruler[c] = paintOf(st.Ruler[c])
		for b := range colours {
			st.pt.edge[c][b] = paintOf(r.NewStyle().Foreground(colours[c]).Background(colours[b]))
		}
	}
	return st
}
