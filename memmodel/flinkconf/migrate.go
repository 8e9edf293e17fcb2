package flinkconf

import (
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Changes are the edits UpdateChanges makes to a file.
type Changes struct {
	// Set gives keys their values; Unset removes keys.
	Set   []memmodel.KeyValue
	Unset []string
	// Replaces maps a new key to the legacy key it replaces (from
	// memmodel's migrations). When the new key is not in the file and the
	// legacy key is removed, the new key is written on the legacy key's
	// line: it keeps that line's place and comment, and the comment gains
	// "replaces <legacy key>".
	Replaces map[string]string
}

// replacesComment is the note a migrated key's line gains.
func replacesComment(old string) string { return "replaces " + old }

// withComment appends the migration note to the rest of a line (what
// follows the value: spaces and maybe a comment).
func withComment(rest, old string) string {
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		return strings.TrimRight(rest, " \t") + " (" + replacesComment(old) + ")"
	}
	return " # " + replacesComment(old)
}

// replacedLines writes the keys that take the place of a legacy
// flink-conf.yaml line raw (without its line break; rest is what follows
// its value): the first on the line itself, keeping its indentation and
// comment, the others on lines of their own below it.
func replacedLines(raw, rest, old string, kvs []memmodel.KeyValue, nl string) string {
	indent := raw[:len(raw)-len(strings.TrimLeft(raw, " \t"))]
	var b strings.Builder
	for i, kv := range kvs {
		if i > 0 {
			b.WriteString(nl)
			rest = ""
		}
		b.WriteString(indent + kv.Key + ": " + kv.Value + withComment(rest, old))
	}
	return b.String()
}

// replaceEntry writes kv in place of the legacy entry old: on its line,
// keeping its indentation and comment. The new key is written relative to
// the nearest mapping whose prefix it shares; mappings that hold nothing
// but old on the way there go with it ("heap: {size: 1g}" under
// taskmanager: becomes "memory.flink.size: 1g"). When old's line cannot be
// edited, or no mapping on the way fits, it returns false and the caller
// adds the key as usual.
func (e *yamlEditor) replaceEntry(old *yamlEntry, kv memmodel.KeyValue) bool {
	if e.editable(old) != nil || isEmptyNull(old.valN) {
		return false
	}
	_, vend, err := e.scalarSpan(old.valN, old.key)
	if err != nil || old.valN.Line != old.keyN.Line {
		return false
	}
	at := old
	for !strings.HasPrefix(kv.Key, at.parent.prefix) {
		if at.parent.owner == nil || len(at.parent.entries) != 1 {
			return false
		}
		at = at.parent.owner
	}
	kstart, _, err := e.span(at.keyN, at.key, true)
	if err != nil || e.editable(at) != nil {
		return false
	}
	eol := e.lineStart[old.keyN.Line] + len(e.lineText(old.keyN.Line))
	rest := e.text[vend:eol]
	for l := at.keyN.Line + 1; l <= old.keyN.Line; l++ {
		e.dropLines[l] = true
	}
	atEOL := e.lineStart[at.keyN.Line] + len(e.lineText(at.keyN.Line))
	text := yamlKeyText(kv.Key[len(at.parent.prefix):]) + ": " + e.quote(kv.Value, kv.Key) + withComment(rest, old.key)
	e.edits = append(e.edits, edit{start: kstart, end: atEOL, text: text})
	return true
}
