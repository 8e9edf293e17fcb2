package flinkconf

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// flatLine is one line of a flink-conf.yaml as Flink's legacy parser sees
// it. Offsets index the data the line came from.
type flatLine struct {
	num         int // 1-based line number
	start, end  int // the line without its terminator
	next        int // start of the following line
	key, value  string
	valStart    int // value span inside data (trimmed), when key != ""
	valEnd      int
	conf        string // the line before any '#', trimmed
	hasKV       bool
	ignoreCause string // why Flink skips a non-blank line
}

// splitLines cuts data into lines the way Java's BufferedReader.readLine
// does: a line ends at "\n", "\r" or "\r\n".
func splitLines(data []byte) []flatLine {
	var lines []flatLine
	start, num := 0, 1
	for start < len(data) {
		end := start
		for end < len(data) && data[end] != '\n' && data[end] != '\r' {
			end++
		}
		next := end
		if next < len(data) {
			if data[next] == '\r' && next+1 < len(data) && data[next+1] == '\n' {
				next += 2
			} else {
				next++
			}
		}
		lines = append(lines, flatLine{num: num, start: start, end: end, next: next})
		start, num = next, num+1
	}
	return lines
}

// isJavaSpace reports whether Java's String.trim strips c: every character
// at or below U+0020.
func isJavaSpace(c byte) bool { return c <= ' ' }

// javaTrimSpan returns the bounds of s[i:j] without the characters Java's
// String.trim strips.
func javaTrimSpan(s string, i, j int) (int, int) {
	for i < j && isJavaSpace(s[i]) {
		i++
	}
	for j > i && isJavaSpace(s[j-1]) {
		j--
	}
	return i, j
}

// javaTrim trims s the way Java's String.trim does.
func javaTrim(s string) string {
	i, j := javaTrimSpan(s, 0, len(s))
	return s[i:j]
}

// scanFlat applies Flink's legacy line rules (GlobalConfiguration up to
// 1.20): everything from the first '#' is a comment; the rest, trimmed,
// must hold ": "; key and value are the trimmed parts around the first ": ";
// a line with an empty key or value is skipped.
func scanFlat(text string) []flatLine {
	lines := splitLines([]byte(text))
	for i := range lines {
		l := &lines[i]
		raw := text[l.start:l.end]
		h := strings.IndexByte(raw, '#')
		if h < 0 {
			h = len(raw)
		}
		l.conf = javaTrim(raw[:h])
		if l.conf == "" {
			continue
		}
		sep := strings.Index(raw[:h], ": ")
		cs, ce := javaTrimSpan(raw, 0, h)
		if sep < 0 || sep+2 > ce {
			if strings.HasSuffix(l.conf, ":") && !strings.Contains(l.conf, ": ") {
				l.key = javaTrim(strings.TrimSuffix(l.conf, ":"))
				l.ignoreCause = "empty"
			} else {
				l.ignoreCause = "no-separator"
			}
			continue
		}
		ks, ke := javaTrimSpan(raw, cs, sep)
		vs, ve := javaTrimSpan(raw, sep+2, ce)
		l.key, l.value = raw[ks:ke], raw[vs:ve]
		if l.key == "" || l.value == "" {
			l.ignoreCause = "empty"
			continue
		}
		l.hasKV = true
		l.valStart, l.valEnd = l.start+vs, l.start+ve
	}
	return lines
}

// maxIgnoredNotices is how many skipped lines get a notice of their own.
const maxIgnoredNotices = 50

// ParseFlinkConf parses a legacy flat flink-conf.yaml with Flink's own line
// rules: everything from the first '#' is a comment, key and value are split
// at the first ": " and trimmed, a line without one is skipped, an empty
// value leaves the key unset, and a later duplicate wins. Skipped lines,
// duplicates and quoted values become notices, not errors, since Flink
// starts with such a file; but a file whose lines all fail to parse is
// refused as not a configuration. Invalid UTF-8 bytes read as U+FFFD, as in
// Java.
func ParseFlinkConf(name string, data []byte) (*Source, error) {
	text, err := checkText(name, data)
	if err != nil {
		return nil, err
	}
	src := &Source{Path: name, Format: FlinkConf, Config: memmodel.Config{}, Data: data}
	keyLines := map[string]int{}
	lines := scanFlat(text)
	ignored := 0
	for i, l := range lines {
		if l.ignoreCause != "" {
			// A file of thousands of stray lines needs one notice, not
			// thousands.
			if ignored++; ignored > maxIgnoredNotices {
				continue
			}
		}
		switch {
		case l.hasKV:
			if first, ok := keyLines[l.key]; ok {
				src.Notices = append(src.Notices, Notice{Line: l.num, Key: l.key, Code: NoticeDuplicateKey,
					Message: fmt.Sprintf("%s is set on line %d and again on line %d; Flink uses the value from line %d (%q)", l.key, first, l.num, l.num, l.value)})
			} else {
				src.Keys = append(src.Keys, l.key)
			}
			keyLines[l.key] = l.num
			src.Config[l.key] = l.value
			if isQuoted(l.value) {
				src.Notices = append(src.Notices, Notice{Line: l.num, Key: l.key, Code: NoticeQuotedValue,
					Message: fmt.Sprintf("line %d: the value of %s is quoted; flink-conf.yaml keeps quotes as part of the value (%s), so remove them", l.num, l.key, l.value)})
			}
			if i == 0 && strings.HasPrefix(l.key, "\ufeff") {
				src.Notices = append(src.Notices, Notice{Line: 1, Key: l.key, Code: NoticeByteOrderMark,
					Message: fmt.Sprintf("the file starts with a byte-order mark, which Flink reads as part of the first key, so %s is not recognised; save the file as UTF-8 without BOM", strings.TrimPrefix(l.key, "\ufeff"))})
			}
		case l.ignoreCause == "empty" && l.key != "":
			src.Notices = append(src.Notices, Notice{Line: l.num, Key: l.key, Code: NoticeEmptyValue,
				Message: fmt.Sprintf("line %d ignored: %s has no value, so Flink leaves it unset", l.num, l.key)})
		case l.ignoreCause != "":
			src.Notices = append(src.Notices, Notice{Line: l.num, Code: NoticeLineIgnored,
				Message: fmt.Sprintf("line %d ignored: %q is not a \"key: value\" pair (flink-conf.yaml needs a space after the colon)", l.num, shorten(l.conf, 60))})
		}
	}
	if ignored > maxIgnoredNotices {
		src.Notices = append(src.Notices, Notice{Code: NoticeLineIgnored,
			Message: fmt.Sprintf("%d more lines ignored for the same reasons", ignored-maxIgnoredNotices)})
	}
	if len(src.Keys) == 0 && hasIgnoredLines(lines) && len(lines) > 0 {
		return nil, &Error{Path: name, Msg: "no \"key: value\" line found; this does not look like a Flink configuration file"}
	}
	addKeyNotices(src, keyLines)
	return src.finish(), nil
}

// hasIgnoredLines reports whether any non-blank, non-comment line was
// skipped.
func hasIgnoredLines(lines []flatLine) bool {
	for _, l := range lines {
		if l.ignoreCause == "no-separator" {
			return true
		}
	}
	return false
}

// isQuoted reports whether v is wrapped in a pair of matching quotes.
func isQuoted(v string) bool {
	return len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0]
}

// shorten cuts s to at most n bytes, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// flatProblem says why key and value cannot be written as a flink-conf.yaml
// line that Flink reads back unchanged, or returns "".
func flatProblem(key, value string) string {
	switch {
	case key == "" || javaTrim(key) != key:
		return "the key is empty or has surrounding whitespace"
	case strings.ContainsAny(key, "#\r\n") || strings.Contains(key, ": "):
		return "the key holds '#', ': ' or a line break"
	case value == "":
		return "an empty value is dropped by Flink's flink-conf.yaml parser"
	case javaTrim(value) != value:
		return "surrounding whitespace is trimmed by Flink's flink-conf.yaml parser"
	case strings.ContainsAny(value, "#\r\n"):
		return "'#' starts a comment and a line break ends the value in flink-conf.yaml"
	}
	return ""
}

// FormatFlinkConf writes one "key: value" line per entry, in the order
// given. A value flink-conf.yaml cannot carry (empty, with surrounding
// whitespace, '#' or a line break) is written as is; Flink would drop or cut
// it, so callers that need an exact file should check values first or use
// config.yaml.
func FormatFlinkConf(kvs []memmodel.KeyValue) []byte {
	var b bytes.Buffer
	for _, kv := range kvs {
		b.WriteString(kv.Key)
		b.WriteString(": ")
		b.WriteString(kv.Value)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// lineBreak returns the line terminator the file mostly uses.
func lineBreak(data []byte) string {
	if crlf := bytes.Count(data, []byte("\r\n")); crlf > 0 && crlf*2 >= bytes.Count(data, []byte("\n")) {
		return "\r\n"
	}
	return "\n"
}

// updateFlat edits a flink-conf.yaml in place: a key in set gets its new
// value on the line Flink reads it from (the last one), every line of a key
// in unset is removed, and new keys are appended at the end.
func updateFlat(src *Source, set []memmodel.KeyValue, unset []string, replaces map[string]string) ([]byte, error) {
	for _, kv := range set {
		if p := flatProblem(kv.Key, kv.Value); p != "" {
			return nil, &Error{Path: src.Path, Msg: fmt.Sprintf("cannot write %s: %q to flink-conf.yaml: %s; use config.yaml instead", kv.Key, kv.Value, p)}
		}
	}
	text := strings.ToValidUTF8(string(src.Data), "\ufffd")
	data := []byte(text)
	lines := scanFlat(text)
	last := map[string]int{}
	for i, l := range lines {
		if l.hasKV {
			last[l.key] = i
		}
	}
	drop := map[string]bool{}
	for _, k := range unset {
		drop[k] = true
	}
	var edits []edit
	var added []memmodel.KeyValue
	placed := map[int][]memmodel.KeyValue{} // line index of a removed legacy key → keys taking its place
	for _, kv := range set {
		i, ok := last[kv.Key]
		if !ok {
			if j, ok := last[replaces[kv.Key]]; ok && drop[replaces[kv.Key]] {
				placed[j] = append(placed[j], kv)
				continue
			}
			added = append(added, kv)
			continue
		}
		edits = append(edits, edit{start: lines[i].valStart, end: lines[i].valEnd, text: kv.Value})
	}
	for i, l := range lines {
		switch {
		case !l.hasKV || !drop[l.key]:
		case len(placed[i]) > 0:
			edits = append(edits, edit{start: l.start, end: l.end, text: replacedLines(text[l.start:l.end], text[l.valEnd:l.end], l.key, placed[i], lineBreak(data))})
		default:
			edits = append(edits, edit{start: l.start, end: l.next})
		}
	}
	out := applyEdits(data, edits)
	if len(added) > 0 {
		nl := lineBreak(data)
		if len(out) > 0 && out[len(out)-1] != '\n' && out[len(out)-1] != '\r' {
			out = append(out, nl...)
		}
		for _, kv := range added {
			out = append(out, kv.Key+": "+kv.Value+nl...)
		}
	}
	return out, nil
}
