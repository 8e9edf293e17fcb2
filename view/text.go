package view

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
)

// width measures what a string occupies on screen, escape codes excluded.
func width(s string) int { return ansi.StringWidth(s) }

// fit cuts s to w cells (marking the cut) and pads it to exactly w.
func fit(s string, w int, g Glyphs) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		tail := g.Ellipsis
		if width(tail) >= w {
			tail = ""
		}
		s = ansi.Truncate(s, w, tail)
		sw = width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// padLeft right-aligns s in w cells; longer strings are left as they are.
func padLeft(s string, w int) string {
	if d := w - width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// wrap breaks plain text into lines of at most w cells at spaces (never
// inside a flag like -XX:MaxMetaspaceSize), cutting only words longer than
// a line; continuation lines start with indent. Spacing inside a line is
// kept, so aligned labels stay aligned.
func wrap(s string, w int, indent string) []string {
	if width(s) <= w || w <= len(indent)+4 {
		return []string{s}
	}
	first, _, _ := strings.Cut(breakAtSpaces(s, w), "\n")
	rest := strings.TrimLeft(s[len(first):], " ")
	first = strings.TrimRight(first, " ")
	if rest == "" {
		return []string{first}
	}
	lines := []string{first}
	for _, l := range strings.Split(breakAtSpaces(rest, w-len(indent)), "\n") {
		lines = append(lines, indent+strings.TrimRight(l, " "))
	}
	return lines
}

// breakAtSpaces is ansi.Wrap breaking lines at spaces only: a hyphen
// stays inside its word (ansi breaks after every hyphen, which would
// split -XX:MaxDirectMemorySize or a no-op flag).
func breakAtSpaces(s string, w int) string {
	if !strings.Contains(s, "-") {
		return ansi.Wrap(s, w, "")
	}
	return strings.ReplaceAll(ansi.Wrap(strings.ReplaceAll(s, "-", keepHyphen), w, ""), keepHyphen, "-")
}

// keepHyphen stands in for a hyphen while text is wrapped: the
// non-breaking hyphen, one cell wide like "-".
const keepHyphen = "\u2011"

// table writes rows as aligned columns; the columns in right are
// right-aligned (numbers), the last column is never padded.
func table(b *strings.Builder, rows [][]string, right map[int]bool) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], width(cell))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, cell := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-width(cell))
			switch {
			case right[i]:
				line.WriteString(pad + cell)
			case i == len(r)-1:
				line.WriteString(cell)
			default:
				line.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// sizeWithBytes is a human size, with the exact bytes when asked for.
func sizeWithBytes(m memmodel.MemorySize, bytes bool) string {
	if bytes && m != memmodel.MaxMemorySize {
		return m.Human() + " (" + strconv.FormatInt(m.Bytes(), 10) + " bytes)"
	}
	return m.Human()
}

// percentOf is a share as a percentage with one decimal ("41.2"); the
// callers add the sign their layout uses.
func percentOf(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64)
}

// plural is word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// fraction formats a fraction the way Flink reads it back: the shortest
// decimal of the float Flink parsed (0.4, not 0.4000000059604645).
func fraction(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 32)
}

// shortKey drops the role's memory prefix from a key, for narrow columns.
func shortKey(k string) string {
	for _, p := range []string{"taskmanager.memory.", "jobmanager.memory."} {
		if strings.HasPrefix(k, p) {
			return k[len(p):]
		}
	}
	return k
}

// asciiWords spells the signs of the reports' texts (memmodel's messages
// among them) in ASCII; unlike ASCIIFold it may widen a sign ("->").
var asciiWords = strings.NewReplacer("×", "x", "−", "-", "→", "->", "≤", "<=", "…", "...", "³¹", "^31", "∞", "unlimited", "·", "|")

// asciiText replaces the non-ASCII signs of report text when ASCII is
// asked for.
func asciiText(s string, ascii bool) string {
	if !ascii {
		return s
	}
	return asciiWords.Replace(s)
}

// glyphsFor is the glyph set of plain-text output.
func glyphsFor(ascii bool) Glyphs {
	if ascii {
		return ASCIIGlyphs()
	}
	return UnicodeGlyphs()
}

// asciiFolds maps the non-ASCII characters the screens use (some of them
// in texts shared with the reports) to one ASCII character each, so that
// folding keeps every column where it was.
var asciiFolds = map[rune]rune{
	'−': '-', '–': '-', '—': '-', '×': 'x', '·': '-', '…': '.', '∞': '~', '⚑': '!',
	'›': '>', '‹': '<', '▲': '^', '▼': 'v', '↑': '^', '↓': 'v', '←': '<', '→': '>',
	'•': '*', '╳': 'x', '✗': 'x', '│': '|', '─': '-', '┃': '|', '━': '-',
	'╭': '+', '╮': '+', '╰': '+', '╯': '+', '┌': '+', '┐': '+', '└': '+', '┘': '+', '┴': '+',
	'█': '#', '▓': '=', '▒': '+', '░': '~', '≥': '>', '≤': '<', '⊃': '>', '’': '\'', '“': '"', '”': '"',
}

// ASCIIFold replaces every non-ASCII character of s by one ASCII
// character (escape codes pass through), for terminals and fonts without
// the glyphs. Characters without a fold become '?'.
func ASCIIFold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case asciiFolds[r] != 0:
			b.WriteRune(asciiFolds[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// Wrap breaks plain or styled text at spaces into lines of at most w
// cells; a word longer than a line is cut.
func Wrap(s string, w int) string {
	return breakAtSpaces(s, max(w, 1))
}

// cut shortens plain or styled text to w cells, ending in tail when cut.
func cut(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, tail)
}
