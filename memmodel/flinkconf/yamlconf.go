package flinkconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

// maxYAMLNodes bounds the nodes visited while flattening, so that a
// document built from nested aliases ("billion laughs") is refused instead
// of exhausting memory.
const maxYAMLNodes = 200_000

// yamlEntry is one key of a YAML mapping, with its flattened dotted key.
type yamlEntry struct {
	key    string     // flattened key
	name   string     // the key as written in its own mapping (Java toString form)
	keyN   *yaml.Node // the key scalar
	valN   *yaml.Node // the value as written (possibly an alias)
	parent *yamlMap
	child  *yamlMap // when the value is a mapping
}

// yamlMap is one mapping of the document and the dotted prefix of its keys.
type yamlMap struct {
	node    *yaml.Node
	prefix  string // "" for the root, else "a.b."
	owner   *yamlEntry
	entries []*yamlEntry
}

// yamlTree is a flattened YAML document: the leaves in file order plus every
// mapping, so that Update can find where a key lives or would go.
type yamlTree struct {
	name    string
	root    *yamlMap
	maps    []*yamlMap
	leaves  map[string]*yamlEntry
	values  map[string]string // leaf values in Flink's string form
	nulls   map[string]*yamlEntry
	order   []string
	notices []Notice
	visited int
	aliases bool                // an alias was followed
	active  map[*yaml.Node]bool // mappings being walked, to stop alias cycles
}

// yamlErrLine matches yaml.v3's error text, which carries only a line.
var yamlErrLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// yamlDecodes counts YAML parses, so that tests can check that a file is
// parsed once.
var yamlDecodes int

// decodeText refuses binary data (see checkText) and parses every YAML
// document of the rest; the YAML readers all start this way.
func decodeText(name string, data []byte) ([]*yaml.Node, error) {
	if _, err := checkText(name, data); err != nil {
		return nil, err
	}
	return decodeYAML(name, data)
}

// decodeYAML parses every document of data into nodes. yaml.v3 has had
// panics on hostile input in the past; one is reported as a syntax error.
func decodeYAML(name string, data []byte) (docs []*yaml.Node, err error) {
	yamlDecodes++
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, &Error{Path: name, Msg: fmt.Sprintf("the YAML parser failed on this file (%v); check its syntax", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, yamlError(name, err)
		}
		docs = append(docs, &doc)
	}
}

// yamlParserProblems are the problems yaml.v3's parser (not its scanner)
// reports. yaml.v3 prints their 0-based line, and the scanner's 1-based.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

// yamlError turns a yaml.v3 error into an *Error with the line it names.
// yaml.v3 leaves the line out when the problem is on the first line.
func yamlError(name string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{Path: name}
	line := 0
	if m := yamlErrLine().FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	parser := false
	for _, p := range yamlParserProblems {
		parser = parser || msg == p
	}
	switch {
	case parser:
		e.Line = line + 1
	case line > 0:
		e.Line = line
	case strings.HasPrefix(msg, "found ") || strings.HasPrefix(msg, "did not find") || strings.HasPrefix(msg, "could not find") ||
		strings.HasSuffix(msg, "not allowed in this context"):
		e.Line = 1
	}
	e.Msg = "YAML syntax error: " + msg + "; config.yaml is read as standard YAML 1.2 (quote values holding ': ' or ' #', indent with spaces, not tabs)"
	return e
}

// docRoot returns the top-level node of a document, following an alias.
func docRoot(doc *yaml.Node) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return deref(doc.Content[0])
}

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// isNullNode reports whether n is a YAML null (empty, "~", "null").
func isNullNode(n *yaml.Node) bool {
	if n == nil {
		return true
	}
	if n.Kind != yaml.ScalarNode {
		return false
	}
	k, _ := scalarKindOf(n)
	return k == kindNull
}

// ParseConfigYAML parses a standard-YAML config.yaml as Flink 1.19+ does:
// nested and flat keys may be mixed and are flattened to dotted keys; a key
// given twice, also after flattening ("a.b: 1" next to "a: {b: 2}"), is an
// error, as are YAML syntax errors and more than one document. See the
// package documentation for how values become strings.
func ParseConfigYAML(name string, data []byte) (*Source, error) {
	docs, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	if len(docs) > 1 {
		return nil, &Error{Path: name, Line: docs[1].Line, Msg: "config.yaml holds more than one YAML document (a second \"---\"); Flink reads exactly one, so merge them"}
	}
	var root *yaml.Node
	if len(docs) == 1 {
		root = docRoot(docs[0])
	}
	t, err := buildTree(name, root, "")
	if err != nil {
		return nil, err
	}
	return t.source(name, ConfigYAML, data).finish(), nil
}

// source turns a tree into a Source.
func (t *yamlTree) source(name string, f Format, data []byte) *Source {
	src := &Source{Path: name, Format: f, Syntax: ConfigYAML, Config: memmodel.Config{}, Keys: t.order, Notices: t.notices, Data: data}
	lines := map[string]int{}
	for _, k := range t.order {
		src.Config[k] = t.values[k]
		lines[k] = t.leaves[k].keyN.Line
	}
	addKeyNotices(src, lines)
	return src
}

// buildTree flattens root, which must be a mapping or null. prefix is
// prepended to every key.
func buildTree(name string, root *yaml.Node, prefix string) (*yamlTree, error) {
	t := &yamlTree{name: name, leaves: map[string]*yamlEntry{}, values: map[string]string{}, nulls: map[string]*yamlEntry{}}
	t.root = &yamlMap{node: root, prefix: prefix}
	if root == nil || isNullNode(root) {
		return t, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Path: name, Line: root.Line, Column: root.Column, Msg: "the top level is not a mapping of keys to values; a Flink configuration is a list of \"key: value\" entries"}
	}
	if err := t.walk(t.root); err != nil {
		return nil, err
	}
	return t, nil
}

// walk flattens one mapping into the tree.
func (t *yamlTree) walk(m *yamlMap) error {
	if t.active == nil {
		t.active = map[*yaml.Node]bool{}
	}
	if t.active[m.node] {
		return &Error{Path: t.name, Line: m.node.Line, Column: m.node.Column, Msg: "a mapping contains an alias to itself; a Flink configuration cannot be recursive"}
	}
	if len(t.active) >= 100 {
		return &Error{Path: t.name, Line: m.node.Line, Column: m.node.Column, Msg: "mappings nested more than 100 deep; this is not a Flink configuration"}
	}
	t.active[m.node] = true
	defer delete(t.active, m.node)
	t.maps = append(t.maps, m)
	names := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.node.Content); i += 2 {
		kn, vn := m.node.Content[i], m.node.Content[i+1]
		t.aliases = t.aliases || kn.Kind == yaml.AliasNode || vn.Kind == yaml.AliasNode
		if err := t.count(); err != nil {
			return err
		}
		kd := deref(kn)
		if kd == nil || kd.Kind != yaml.ScalarNode {
			return &Error{Path: t.name, Line: kn.Line, Column: kn.Column, Msg: "a key is a list or mapping; Flink option keys are plain strings"}
		}
		name, _, err := t.scalarString(kd, "")
		if err != nil {
			return err
		}
		if first, dup := names[name]; dup {
			return t.duplicate(prefixed(m.prefix, name), kn, first)
		}
		names[name] = kn
		e := &yamlEntry{key: prefixed(m.prefix, name), name: name, keyN: kn, valN: vn, parent: m}
		m.entries = append(m.entries, e)
		vd := deref(vn)
		switch {
		case vd != nil && vd.Kind == yaml.MappingNode:
			e.child = &yamlMap{node: vd, prefix: e.key + ".", owner: e}
			if err := t.walk(e.child); err != nil {
				return err
			}
		default:
			if err := t.leaf(e, vd); err != nil {
				return err
			}
		}
	}
	return nil
}

// count counts one more node visited and refuses a document with too
// many: one that aliases blow up, or one simply too large.
func (t *yamlTree) count() error {
	t.visited++
	if t.visited <= maxYAMLNodes {
		return nil
	}
	if t.aliases {
		return &Error{Path: t.name, Msg: fmt.Sprintf("more than %d YAML nodes once its aliases are expanded; this is not a Flink configuration", maxYAMLNodes)}
	}
	return &Error{Path: t.name, Msg: fmt.Sprintf("too large: more than %d keys and values, where a Flink configuration has a few hundred at most; check that this is the right file", maxYAMLNodes)}
}

// prefixed joins a mapping's prefix and a key.
func prefixed(prefix, name string) string { return prefix + name }

// duplicate reports a key given twice.
func (t *yamlTree) duplicate(key string, at, first *yaml.Node) *Error {
	return &Error{Path: t.name, Line: at.Line, Column: at.Column,
		Msg: fmt.Sprintf("duplicate key %s (first set at line %d, column %d); config.yaml allows each key once and Flink refuses the file, so remove one of them", key, first.Line, first.Column)}
}

// leaf records a non-mapping value.
func (t *yamlTree) leaf(e *yamlEntry, v *yaml.Node) error {
	if prev, dup := t.leaves[e.key]; dup {
		return t.duplicate(e.key, e.keyN, prev.keyN)
	}
	if prev, dup := t.nulls[e.key]; dup {
		return t.duplicate(e.key, e.keyN, prev.keyN)
	}
	if isNullNode(v) {
		t.nulls[e.key] = e
		t.notices = append(t.notices, Notice{Line: e.keyN.Line, Key: e.key, Code: NoticeNullValue,
			Message: fmt.Sprintf("line %d: %s has no value (null); it is left unset here, but Flink refuses to load a config.yaml with a null value, so give it a value or delete the line", e.keyN.Line, e.key)})
		return nil
	}
	var s string
	var err error
	if v.Kind == yaml.SequenceNode {
		s, err = t.listString(v, 0)
	} else {
		s, _, err = t.scalarString(v, e.key)
	}
	if err != nil {
		return err
	}
	t.leaves[e.key] = e
	t.values[e.key] = s
	t.order = append(t.order, e.key)
	return nil
}

// scalarKind is the type the YAML 1.2 core schema gives a scalar.
type scalarKind int

const (
	kindString scalarKind = iota
	kindNull
	kindBool
	kindInt
	kindFloat
)

// scalarKindOf resolves a scalar's type: an explicit tag first, then quoting
// (a quoted or block scalar is a string), then the core schema's patterns.
func scalarKindOf(n *yaml.Node) (scalarKind, string) {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.Tag {
		case "!", "!!str", "tag:yaml.org,2002:str":
			return kindString, ""
		case "!!null", "tag:yaml.org,2002:null":
			return kindNull, ""
		case "!!bool", "tag:yaml.org,2002:bool":
			return kindBool, ""
		case "!!int", "tag:yaml.org,2002:int":
			return kindInt, ""
		case "!!float", "tag:yaml.org,2002:float":
			return kindFloat, ""
		}
		return kindString, n.Tag
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return kindString, ""
	}
	return resolvePlain(n.Value), ""
}

// resolvePlain applies the YAML 1.2 core schema to a plain scalar.
func resolvePlain(s string) scalarKind {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return kindNull
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return kindBool
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
		return kindFloat
	}
	if isCoreInt(s) {
		return kindInt
	}
	if isCoreFloat(s) {
		return kindFloat
	}
	return kindString
}

// isCoreInt matches [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+.
func isCoreInt(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x') {
		for _, c := range s[2:] {
			if s[1] == 'o' && (c < '0' || c > '7') || s[1] == 'x' && !isHex(c) {
				return false
			}
		}
		return true
	}
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s != "" && allDigits(s)
}

func isHex(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isCoreFloat matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
func isCoreFloat(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
		if exp != "" && (exp[0] == '-' || exp[0] == '+') {
			exp = exp[1:]
		}
		if exp == "" || !allDigits(exp) {
			return false
		}
	}
	whole, frac, dot := strings.Cut(mant, ".")
	if !dot {
		return whole != "" && allDigits(whole)
	}
	if whole == "" {
		return frac != "" && allDigits(frac)
	}
	return allDigits(whole) && allDigits(frac)
}

// coreInt reads a core-schema integer exactly.
func coreInt(s string) (*big.Int, bool) {
	base := 10
	switch {
	case strings.HasPrefix(s, "0o"):
		s, base = s[2:], 8
	case strings.HasPrefix(s, "0x"):
		s, base = s[2:], 16
	}
	return new(big.Int).SetString(s, base)
}

// coreFloat reads a core-schema float as Java's Double.valueOf does.
func coreFloat(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimLeft(s, "+")) {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return v, true
}

// scalarString returns Flink's string form of a scalar given for key (""
// for a mapping key, which Flink turns into a string with toString). The
// bool is false for a null.
func (t *yamlTree) scalarString(n *yaml.Node, key string) (string, bool, error) {
	kind, tag := scalarKindOf(n)
	if tag != "" {
		return "", false, &Error{Path: t.name, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("unknown YAML tag %s; Flink's YAML parser only knows the standard tags (!!str, !!int, !!float, !!bool, !!null), so remove it", tag)}
	}
	bad := func(what string) (string, bool, error) {
		return "", false, &Error{Path: t.name, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("%q is tagged %s but is not a YAML %s; remove the tag or fix the value", n.Value, n.Tag, what)}
	}
	switch kind {
	case kindNull:
		if key == "" {
			return "null", true, nil
		}
		return "", false, nil
	case kindBool:
		switch strings.ToLower(n.Value) {
		case "true":
			return "true", true, nil
		case "false":
			return "false", true, nil
		}
		return bad("boolean")
	case kindInt:
		v, ok := coreInt(n.Value)
		if !ok {
			return bad("integer")
		}
		return v.String(), true, nil
	case kindFloat:
		v, ok := coreFloat(n.Value)
		if !ok {
			return bad("float")
		}
		return t.floatString(n, key, v), true, nil
	}
	return n.Value, true, nil
}

// floatString renders a YAML float the way the option reading it sees it:
// a fraction (a Java float option) gets the float Flink narrows the double
// to, a size or double option Java's Double.toString (which a size then
// refuses, as Flink does), a key the memory model does not read its YAML
// text.
func (t *yamlTree) floatString(n *yaml.Node, key string, v float64) string {
	opt, ok := memmodel.OptionByKey(key)
	if !ok {
		if key == "" {
			return javaDoubleString(v)
		}
		return n.Value
	}
	if opt.Type != memmodel.TypeFraction {
		return javaDoubleString(v)
	}
	a := math.Abs(v)
	if v != 0 && !(a >= math.SmallestNonzeroFloat32 && a <= math.MaxFloat32) {
		t.notices = append(t.notices, Notice{Line: n.Line, Key: key, Code: NoticeFloatRange,
			Message: fmt.Sprintf("line %d: %s = %s is outside the range of a Java float; Flink refuses it, so use a fraction between 0 and 1", n.Line, key, n.Value)})
		return javaDoubleString(v)
	}
	return javaFloatString(float32(v))
}

// listString renders a YAML sequence in Flink's legacy list form: items
// joined with ";", an item holding ";" or a quote wrapped in single quotes,
// a mapping item as "k1:v1,k2:v2".
func (t *yamlTree) listString(n *yaml.Node, depth int) (string, error) {
	if depth > 50 {
		return "", &Error{Path: t.name, Line: n.Line, Column: n.Column, Msg: "lists nested more than 50 deep; this is not a Flink configuration"}
	}
	items := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		t.aliases = t.aliases || c.Kind == yaml.AliasNode
		if err := t.count(); err != nil {
			return "", err
		}
		s, err := t.itemString(deref(c), depth)
		if err != nil {
			return "", err
		}
		items = append(items, escapeWithSingleQuote(s, ";"))
	}
	return strings.Join(items, ";"), nil
}

// itemString renders one list item or map value.
func (t *yamlTree) itemString(c *yaml.Node, depth int) (string, error) {
	switch {
	case c == nil:
		return "null", nil
	case c.Kind == yaml.SequenceNode:
		return t.listString(c, depth+1)
	case c.Kind == yaml.MappingNode:
		parts := make([]string, 0, len(c.Content)/2)
		for i := 0; i+1 < len(c.Content); i += 2 {
			k, err := t.itemString(deref(c.Content[i]), depth+1)
			if err != nil {
				return "", err
			}
			v, err := t.itemString(deref(c.Content[i+1]), depth+1)
			if err != nil {
				return "", err
			}
			parts = append(parts, escapeWithSingleQuote(escapeWithSingleQuote(k, ":")+":"+escapeWithSingleQuote(v, ":"), ","))
		}
		return strings.Join(parts, ","), nil
	}
	s, ok, err := t.scalarString(c, "")
	if err != nil {
		return "", err
	}
	if !ok {
		return "null", nil
	}
	return s, nil
}

// escapeWithSingleQuote quotes s as Flink's StructuredOptionsSplitter does
// when s holds one of chars or a quote: wrapped in single quotes, inner
// single quotes doubled.
func escapeWithSingleQuote(s, chars string) string {
	if strings.ContainsAny(s, chars+"'\"") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}
