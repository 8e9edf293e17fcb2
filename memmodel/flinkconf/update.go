package flinkconf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

// Update rewrites src.Data so that the keys in set get their values and the
// keys in unset are removed, keeping every other key, every comment, blank
// lines and the key order. What changes:
//
//   - flink-conf.yaml: the value of a set key is replaced on the line Flink
//     reads it from (the last, if the key is repeated); every line of an
//     unset key is removed; new keys are appended at the end. A value the
//     flat format cannot carry (empty, with surrounding whitespace, '#') is
//     an error.
//   - config.yaml: the value is replaced where it stands; an unset key's
//     lines are removed, and a nested block left empty goes with them; a new
//     key goes into the deepest existing block whose prefix it shares
//     (taskmanager.memory.managed.size into an existing taskmanager: memory:
//     block, as managed.size), else at the end as a flat key.
//   - FlinkDeployment: the process sizes live in the resource memory when it
//     is set there, every other key in spec.flinkConfiguration (created when
//     missing), values written as strings.
//
// The result is parsed again and must read back as src.Config with the
// changes applied; otherwise nothing is returned but an *Error.
func Update(src *Source, set []memmodel.KeyValue, unset []string) ([]byte, error) {
	return UpdateChanges(src, Changes{Set: set, Unset: unset})
}

// UpdateChanges is Update with Changes.Replaces: a new key that replaces a
// removed legacy key is written where the legacy key stood (see Changes).
func UpdateChanges(src *Source, ch Changes) ([]byte, error) {
	set, unset := ch.Set, ch.Unset
	if src == nil {
		return nil, &Error{Msg: "no source to update"}
	}
	seen := map[string]bool{}
	for _, kv := range set {
		if seen[kv.Key] {
			return nil, &Error{Path: src.Path, Msg: fmt.Sprintf("%s is given twice in the changes; give each key once", kv.Key)}
		}
		seen[kv.Key] = true
	}
	for _, k := range unset {
		if seen[k] {
			return nil, &Error{Path: src.Path, Msg: fmt.Sprintf("%s is both set and removed in the changes; give each key once", k)}
		}
	}
	var out []byte
	var err error
	switch src.Format {
	case FlinkConf:
		out, err = updateFlat(src, set, unset, ch.Replaces)
	case ConfigYAML, FlinkDeployment:
		out, err = updateYAML(src, set, unset, ch.Replaces)
	default:
		return nil, &Error{Path: src.Path, Msg: fmt.Sprintf("a %s (%s) cannot be updated in place yet; export the options with --format and merge them by hand", src.Format, src.Shape)}
	}
	if err != nil {
		return nil, err
	}
	if err := verifyUpdate(src, out, set, unset); err != nil {
		return nil, err
	}
	return out, nil
}

// verifyUpdate parses the edited bytes and checks that they hold exactly
// the intended configuration.
func verifyUpdate(src *Source, out []byte, set []memmodel.KeyValue, unset []string) error {
	var got *Source
	var err error
	switch src.Format {
	case FlinkConf:
		got, err = ParseFlinkConf(src.Path, out)
	case ConfigYAML:
		got, err = ParseConfigYAML(src.Path, out)
	default:
		got, err = ParseFlinkDeployment(src.Path, out)
	}
	if err != nil {
		return &Error{Path: src.Path, Msg: "the edited file would not read back (" + err.Error() + "); nothing was changed, so edit the file by hand"}
	}
	want := memmodel.Config{}
	for k, v := range src.Config {
		want[k] = v
	}
	for _, k := range unset {
		delete(want, k)
	}
	for _, kv := range set {
		want[kv.Key] = kv.Value
	}
	same := func(k, a, b string) bool {
		if a == b {
			return true
		}
		if src.Format == FlinkDeployment && (k == tmProcessKey || k == jmProcessKey) {
			x, e1 := memmodel.ParseMemorySize(a)
			y, e2 := memmodel.ParseMemorySize(b)
			return e1 == nil && e2 == nil && x == y
		}
		return false
	}
	keys := make([]string, 0, len(want)+len(got.Config))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got.Config {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, inWant := want[k]
		g, inGot := got.Config[k]
		if inWant != inGot || !same(k, w, g) {
			return &Error{Path: src.Path, Msg: fmt.Sprintf("the edited file would read %s as %s instead of %s; nothing was changed, so edit the file by hand", k, describe(g, inGot), describe(w, inWant))}
		}
	}
	return nil
}

func describe(v string, ok bool) string {
	if !ok {
		return "unset"
	}
	return strconv.Quote(v)
}

// yamlEditor collects edits to a YAML file that keep its layout.
type yamlEditor struct {
	name      string
	text      string
	lineStart []int // lineStart[l] is the offset of 1-based line l; one extra entry for the end
	nl        string
	tree      *yamlTree
	deleted   map[*yamlEntry]bool
	dropLines map[int]bool
	receiving map[*yamlMap]bool
	inserts   map[*yamlMap][]string
	appends   []string
	edits     []edit
	quote     func(value, key string) string
}

func newYAMLEditor(name string, data []byte) *yamlEditor {
	e := &yamlEditor{name: name, text: string(data), nl: lineBreak(data),
		deleted: map[*yamlEntry]bool{}, dropLines: map[int]bool{}, receiving: map[*yamlMap]bool{}, inserts: map[*yamlMap][]string{},
		quote: yamlValueText}
	// Line numbering as yaml.v3 counts: "\n", "\r\n" and a lone "\r" end a line.
	e.lineStart = []int{0, 0}
	for i := 0; i < len(e.text); i++ {
		switch e.text[i] {
		case '\r':
			if i+1 < len(e.text) && e.text[i+1] == '\n' {
				i++
			}
			e.lineStart = append(e.lineStart, i+1)
		case '\n':
			e.lineStart = append(e.lineStart, i+1)
		}
	}
	if e.lineStart[len(e.lineStart)-1] != len(e.text) {
		e.lineStart = append(e.lineStart, len(e.text))
	}
	return e
}

// lines is the number of lines.
func (e *yamlEditor) lines() int { return len(e.lineStart) - 2 }

// lineText returns line l without its terminator.
func (e *yamlEditor) lineText(l int) string {
	if l < 1 || l > e.lines() {
		return ""
	}
	return strings.TrimRight(e.text[e.lineStart[l]:e.lineStart[l+1]], "\r\n")
}

// offset converts a yaml.v3 position (1-based line, column in characters)
// to a byte offset.
func (e *yamlEditor) offset(line, col int) int {
	t := e.lineText(line)
	i := 0
	for c := 1; c < col && i < len(t); c++ {
		_, size := utf8.DecodeRuneInString(t[i:])
		i += size
	}
	return e.lineStart[line] + i
}

func (e *yamlEditor) fail(n *yaml.Node, format string, args ...any) *Error {
	err := &Error{Path: e.name, Msg: fmt.Sprintf(format, args...) + "; edit the file by hand"}
	if n != nil {
		err.Line, err.Column = n.Line, n.Column
	}
	return err
}

// isEmptyNull reports whether n is a null written as nothing at all.
func isEmptyNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0
}

// scalarSpan returns the byte span of a one-line scalar (with its tag, if
// any), refusing what cannot be replaced in place.
func (e *yamlEditor) scalarSpan(n *yaml.Node, key string) (int, int, error) {
	return e.span(n, key, false)
}

// span is scalarSpan; for a mapping key (isKey) the rest of the line is
// not checked, since the colon and value follow.
func (e *yamlEditor) span(n *yaml.Node, key string, isKey bool) (int, int, error) {
	if n.Anchor != "" {
		return 0, 0, e.fail(n, "the value of %s carries the anchor &%s, which other keys may refer to", key, n.Anchor)
	}
	start := e.offset(n.Line, n.Column)
	eol := e.lineStart[n.Line] + len(e.lineText(n.Line))
	pos := start
	if n.Style&yaml.TaggedStyle != 0 {
		for pos < eol && e.text[pos] != ' ' && e.text[pos] != '\t' {
			pos++
		}
		for pos < eol && (e.text[pos] == ' ' || e.text[pos] == '\t') {
			pos++
		}
	}
	end := -1
	switch {
	case n.Kind == yaml.AliasNode:
		if strings.HasPrefix(e.text[pos:eol], "*"+n.Value) {
			end = pos + 1 + len(n.Value)
		}
	case n.Kind != yaml.ScalarNode:
		return 0, 0, e.fail(n, "the value of %s is a list or mapping, not a single value", key)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return 0, 0, e.fail(n, "the value of %s is a block scalar (| or >)", key)
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := pos + 1; i < eol; i++ {
			if e.text[i] == '\\' {
				i++
			} else if e.text[i] == '"' {
				end = i + 1
				break
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := pos + 1; i < eol; i++ {
			if e.text[i] == '\'' {
				if i+1 < eol && e.text[i+1] == '\'' {
					i++
					continue
				}
				end = i + 1
				break
			}
		}
	default:
		if strings.HasPrefix(e.text[pos:eol], n.Value) {
			end = pos + len(n.Value)
		}
	}
	if end < 0 {
		return 0, 0, e.fail(n, "the value of %s spans several lines", key)
	}
	if rest := strings.TrimLeft(e.text[end:eol], " \t"); !isKey && rest != "" && rest[0] != '#' {
		return 0, 0, e.fail(n, "the value of %s shares its line with other content (a flow mapping or list?)", key)
	}
	return start, end, nil
}

// editable checks that an entry can be changed on its own: it lives in a
// block mapping that is written out in the file (not reached through an
// alias).
func (e *yamlEditor) editable(en *yamlEntry) error {
	for m := en.parent; m != nil; {
		if m.node != nil && m.node.Style&yaml.FlowStyle != 0 {
			return e.fail(en.keyN, "%s sits in a flow mapping ({...}); rewrite it in block style first", en.key)
		}
		if m.owner == nil {
			break
		}
		if m.owner.valN.Kind == yaml.AliasNode || m.node.Anchor != "" {
			return e.fail(en.keyN, "%s is shared through a YAML anchor or alias", en.key)
		}
		m = m.owner.parent
	}
	if t := e.lineText(en.keyN.Line); strings.TrimSpace(t[:e.offset(en.keyN.Line, en.keyN.Column)-e.lineStart[en.keyN.Line]]) != "" {
		return e.fail(en.keyN, "%s shares its line with other content", en.key)
	}
	return nil
}

// blockEnd returns the last content line of the block that starts with an
// entry on line first indented by indent spaces: every following line
// indented deeper (or a "- " item at the same depth), with blank and
// comment lines in between; comments after the last content line are left
// to what follows.
func (e *yamlEditor) blockEnd(first, indent int) int {
	last := first
	for l := first + 1; l <= e.lines(); l++ {
		t := e.lineText(l)
		trimmed := strings.TrimLeft(t, " ")
		if strings.TrimSpace(trimmed) == "" || trimmed[0] == '#' {
			continue
		}
		ind := len(t) - len(trimmed)
		if ind > indent || ind == indent && (trimmed == "-" || strings.HasPrefix(trimmed, "- ")) {
			last = l
			continue
		}
		break
	}
	return last
}

// indentOf is the indentation of an entry's key.
func (e *yamlEditor) indentOf(en *yamlEntry) int {
	return e.offset(en.keyN.Line, en.keyN.Column) - e.lineStart[en.keyN.Line]
}

// setValue replaces the value of an existing entry.
func (e *yamlEditor) setValue(en *yamlEntry, text string) error {
	if err := e.editable(en); err != nil {
		return err
	}
	if isEmptyNull(en.valN) {
		_, kend, err := e.span(en.keyN, en.key, true)
		if err != nil {
			return err
		}
		eol := e.lineStart[en.keyN.Line] + len(e.lineText(en.keyN.Line))
		i := kend
		for i < eol && (e.text[i] == ' ' || e.text[i] == '\t') {
			i++
		}
		if i >= eol || e.text[i] != ':' {
			return e.fail(en.keyN, "cannot find the colon after %s", en.key)
		}
		e.edits = append(e.edits, edit{start: i + 1, end: i + 1, text: " " + text})
		return nil
	}
	start, end, err := e.scalarSpan(en.valN, en.key)
	if err != nil {
		return err
	}
	e.edits = append(e.edits, edit{start: start, end: end, text: text})
	return nil
}

// deleteEntry removes an entry's lines, and its parent block's key when the
// block is left empty.
func (e *yamlEditor) deleteEntry(en *yamlEntry) error {
	if e.deleted[en] {
		return nil
	}
	if err := e.editable(en); err != nil {
		return err
	}
	first := en.keyN.Line
	last := e.blockEnd(first, e.indentOf(en))
	for l := first; l <= last; l++ {
		e.dropLines[l] = true
	}
	e.deleted[en] = true
	p := en.parent
	if p.owner == nil || e.receiving[p] {
		return nil
	}
	for _, s := range p.entries {
		if !e.deleted[s] {
			return nil
		}
	}
	return e.deleteEntry(p.owner)
}

// addKey places a new key into the deepest block mapping whose prefix it
// shares, else at the end of the file.
func (e *yamlEditor) addKey(key, value string) {
	var best *yamlMap
	for _, m := range e.tree.maps {
		if m.owner == nil || m.node.Style&yaml.FlowStyle != 0 || !strings.HasPrefix(key, m.prefix) || len(m.entries) == 0 {
			continue
		}
		if best != nil && len(m.prefix) <= len(best.prefix) {
			continue
		}
		if e.editable(m.entries[0]) != nil {
			continue
		}
		rest := key[len(m.prefix):]
		clash := false
		for _, s := range m.entries {
			clash = clash || s.name == rest
		}
		if !clash {
			best = m
		}
	}
	if best == nil {
		e.appends = append(e.appends, yamlKeyText(key)+": "+e.quote(value, key))
		return
	}
	e.receiving[best] = true
	e.inserts[best] = append(e.inserts[best], yamlKeyText(key[len(best.prefix):])+": "+e.quote(value, key))
}

// finish turns the collected changes into bytes.
func (e *yamlEditor) finish(rootIndent int) []byte {
	lines := make([]int, 0, len(e.dropLines))
	for l := range e.dropLines {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		e.edits = append(e.edits, edit{start: e.lineStart[lines[i]], end: e.lineStart[lines[j]+1]})
		i = j + 1
	}
	for _, m := range e.tree.maps {
		ins := e.inserts[m]
		if len(ins) == 0 {
			continue
		}
		owner := m.owner
		end := e.blockEnd(owner.keyN.Line, e.indentOf(owner))
		indent := strings.Repeat(" ", e.indentOf(m.entries[0]))
		pos := e.lineStart[end+1]
		text := ""
		if pos == len(e.text) && !endsWithBreak(e.text) {
			text = e.nl
		}
		for _, s := range ins {
			text += indent + s + e.nl
		}
		e.edits = append(e.edits, edit{start: pos, end: pos, text: text})
	}
	out := applyEdits([]byte(e.text), e.edits)
	if len(e.appends) > 0 {
		if len(out) > 0 && !endsWithBreak(string(out)) {
			out = append(out, e.nl...)
		}
		for _, s := range e.appends {
			out = append(out, strings.Repeat(" ", rootIndent)+s+e.nl...)
		}
	}
	return out
}

func endsWithBreak(s string) bool {
	return s != "" && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r')
}

// updateYAML edits a config.yaml or a FlinkDeployment.
func updateYAML(src *Source, set []memmodel.KeyValue, unset []string, replaces map[string]string) ([]byte, error) {
	docs, err := decodeYAML(src.Path, src.Data)
	if err != nil {
		return nil, err
	}
	e := newYAMLEditor(src.Path, src.Data)
	var confRoot, spec *yaml.Node
	specPath := "spec"
	if src.Format == FlinkDeployment {
		spec, specPath, _, _ = findDeployment(docs)
		_, confRoot = mapValue(spec, "flinkConfiguration")
		e.quote = func(value, _ string) string { return strconv.Quote(value) }
	} else if len(docs) == 1 {
		confRoot = docRoot(docs[0])
	}
	if e.tree, err = buildTree(src.Path, confRoot, ""); err != nil {
		return nil, err
	}
	rootIndent := 0
	if r := e.tree.root; r.node != nil && len(r.entries) > 0 {
		rootIndent = e.indentOf(r.entries[0])
	}
	entry := func(k string) *yamlEntry {
		if en := e.tree.leaves[k]; en != nil {
			return en
		}
		return e.tree.nulls[k]
	}
	var confSet []memmodel.KeyValue
	confUnset := unset
	if src.Format == FlinkDeployment {
		confSet, confUnset, err = e.deploymentMemory(spec, specPath, set, unset)
		if err != nil {
			return nil, err
		}
	} else {
		confSet = set
	}
	removed := map[string]bool{}
	for _, k := range confUnset {
		removed[k] = true
	}
	replaced := map[*yamlEntry]bool{}
	for _, kv := range confSet {
		if en := entry(kv.Key); en != nil {
			if err := e.setValue(en, e.quote(kv.Value, kv.Key)); err != nil {
				return nil, err
			}
			continue
		}
		if old := entry(replaces[kv.Key]); old != nil && removed[old.key] && !replaced[old] && e.replaceEntry(old, kv) {
			replaced[old] = true
			continue
		}
		e.addKey(kv.Key, kv.Value)
	}
	for _, k := range confUnset {
		if en := entry(k); en != nil && !replaced[en] {
			if err := e.deleteEntry(en); err != nil {
				return nil, err
			}
		}
	}
	if src.Format == FlinkDeployment && len(e.appends) > 0 {
		if err := e.placeFlinkConfiguration(spec, confRoot); err != nil {
			return nil, err
		}
	}
	return e.finish(rootIndent), nil
}

// deploymentMemory applies process-size changes to the resource memory of a
// FlinkDeployment where it is set there, and returns the changes left for
// spec.flinkConfiguration.
func (e *yamlEditor) deploymentMemory(spec *yaml.Node, specPath string, set []memmodel.KeyValue, unset []string) ([]memmodel.KeyValue, []string, error) {
	roles := map[string]string{tmProcessKey: "taskManager", jmProcessKey: "jobManager"}
	var rest []memmodel.KeyValue
	for _, kv := range set {
		role, ok := roles[kv.Key]
		if !ok {
			rest = append(rest, kv)
			continue
		}
		path, k, v := resourceMemory(spec, specPath, role)
		if v == nil || isNullNode(v) {
			rest = append(rest, kv)
			continue
		}
		m, err := memmodel.ParseMemorySize(kv.Value)
		if err != nil {
			return nil, nil, e.fail(v, "%s = %q is not a size Flink reads, so it cannot go into %s", kv.Key, kv.Value, path)
		}
		en := &yamlEntry{key: path, keyN: k, valN: v, parent: &yamlMap{}}
		if err := e.setValue(en, strconv.Quote(m.String())); err != nil {
			return nil, nil, err
		}
		if e.tree.leaves[kv.Key] != nil {
			rest = append(rest, memmodel.KeyValue{Key: kv.Key, Value: m.String()})
		}
	}
	var unsetRest []string
	for _, key := range unset {
		unsetRest = append(unsetRest, key)
		role, ok := roles[key]
		if !ok {
			continue
		}
		path, k, v := resourceMemory(spec, specPath, role)
		if k == nil || v == nil {
			continue
		}
		en := &yamlEntry{key: path, keyN: k, valN: v, parent: &yamlMap{}}
		if err := e.deleteEntry(en); err != nil {
			return nil, nil, err
		}
	}
	return rest, unsetRest, nil
}

// placeFlinkConfiguration moves keys that addKey queued for the end of the
// file into spec.flinkConfiguration, creating it when it is missing.
func (e *yamlEditor) placeFlinkConfiguration(spec, conf *yaml.Node) error {
	lines := e.appends
	e.appends = nil
	if spec == nil || spec.Kind != yaml.MappingNode || spec.Style&yaml.FlowStyle != 0 || len(spec.Content) == 0 {
		return e.fail(spec, "the FlinkDeployment has no block-style spec to add spec.flinkConfiguration to")
	}
	specKey := spec.Content[0]
	specIndent := e.offset(specKey.Line, specKey.Column) - e.lineStart[specKey.Line]
	fcKey, _ := mapValue(spec, "flinkConfiguration")
	var at int
	var head string
	indent := strings.Repeat(" ", specIndent+2)
	switch {
	case fcKey == nil:
		// Append a new flinkConfiguration block at the end of spec.
		at = specKey.Line
		for i := 0; i < len(spec.Content); i += 2 {
			if l := e.blockEnd(spec.Content[i].Line, specIndent); l > at {
				at = l
			}
		}
		head = strings.Repeat(" ", specIndent) + "flinkConfiguration:" + e.nl
	case conf == nil || isNullNode(conf):
		if !isEmptyNull(conf) {
			return e.fail(fcKey, "spec.flinkConfiguration is written as a null (~ or null)")
		}
		at = fcKey.Line
		indent = strings.Repeat(" ", e.offset(fcKey.Line, fcKey.Column)-e.lineStart[fcKey.Line]+2)
	default:
		if conf.Style&yaml.FlowStyle != 0 || len(conf.Content) == 0 {
			return e.fail(fcKey, "spec.flinkConfiguration is written in flow style ({...}); rewrite it in block style first")
		}
		first := conf.Content[0]
		indent = strings.Repeat(" ", e.offset(first.Line, first.Column)-e.lineStart[first.Line])
		at = e.blockEnd(fcKey.Line, e.offset(fcKey.Line, fcKey.Column)-e.lineStart[fcKey.Line])
	}
	pos := e.lineStart[at+1]
	text := ""
	if pos == len(e.text) && !endsWithBreak(e.text) {
		text = e.nl
	}
	text += head
	for _, s := range lines {
		text += indent + s + e.nl
	}
	e.edits = append(e.edits, edit{start: pos, end: pos, text: text})
	return nil
}
