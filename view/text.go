package view

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
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
	var lines []string
	line := ""
	fresh := true // the line holds nothing but its indent
	rest := s
	for rest != "" {
		// Take the next run of spaces and the word after it.
		sp := len(rest) - len(strings.TrimLeft(rest, " "))
		word := strings.TrimLeft(rest, " ")
		end := strings.IndexByte(word, ' ')
		if end < 0 {
			end = len(word)
		}
		word, rest = word[:end], word[end:]
		if word == "" {
			break
		}
		gap := ""
		if !fresh || len(lines) == 0 {
			gap = strings.Repeat(" ", sp)
		}
		switch {
		case width(line)+len(gap)+width(word) <= w:
			line += gap + word
			fresh = false
		case width(word) <= w-len(indent):
			lines = append(lines, line)
			line, fresh = indent+word, false
		default:
			// A word longer than a line starts a line of its own and is
			// cut where that line ends.
			if !fresh {
				lines = append(lines, line)
				line, gap = indent, ""
			}
			for width(line)+len(gap)+width(word) > w {
				room := w - width(line) - len(gap)
				if room < 4 {
					lines = append(lines, line)
					line, gap = indent, ""
					continue
				}
				head := ansi.Truncate(word, room, "")
				lines = append(lines, line+gap+head)
				line, gap = indent, ""
				word = word[len(head):]
			}
			line += gap + word
			fresh = false
		}
	}
	return append(lines, line)
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
	return ansi.Wrap(s, max(w, 1), "")
}

// cut shortens plain or styled text to w cells, ending in tail when cut.
func cut(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, tail)
}
