package flinkconf

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

// FormatConfigYAML writes the entries as a nested config.yaml: keys sharing
// a dotted prefix are grouped under it, in the order each group first
// appears. A key that is also the prefix of another key (a.b next to a.b.c)
// is written in flat form at the level above, since YAML cannot give a key
// both a value and children. A value is written plain when a YAML 1.2
// reader hands Flink exactly that string for the key, and quoted otherwise
// (for "1e3", "0x10", "true", " 512m ", "", "a: b").
func FormatConfigYAML(kvs []memmodel.KeyValue) []byte {
	root := &yamlOut{}
	for _, kv := range kvs {
		segs := strings.Split(kv.Key, ".")
		for _, s := range segs {
			if s == "" {
				segs = []string{kv.Key} // "a..b", ".a", "a.": keep whole
				break
			}
		}
		root.add(segs, kv.Key, kv.Value)
	}
	var b bytes.Buffer
	root.write(&b, 0)
	return b.Bytes()
}

// yamlOut is a node of the key tree FormatConfigYAML builds.
type yamlOut struct {
	name     string
	key      string // full key when this node holds a value
	value    *string
	children []*yamlOut
	index    map[string]*yamlOut
}

func (n *yamlOut) add(segs []string, key, value string) {
	if len(segs) == 0 {
		v := value
		n.value, n.key = &v, key
		return
	}
	if n.index == nil {
		n.index = map[string]*yamlOut{}
	}
	c, ok := n.index[segs[0]]
	if !ok {
		c = &yamlOut{name: segs[0]}
		n.index[segs[0]] = c
		n.children = append(n.children, c)
	}
	c.add(segs[1:], key, value)
}

// leaves lists the values under n with their keys relative to n's parent.
func (n *yamlOut) leaves(rel string, out *[]memmodel.KeyValue, full *[]string) {
	if n.value != nil {
		*out = append(*out, memmodel.KeyValue{Key: rel, Value: *n.value})
		*full = append(*full, n.key)
	}
	for _, c := range n.children {
		c.leaves(rel+"."+c.name, out, full)
	}
}

func (n *yamlOut) write(b *bytes.Buffer, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, c := range n.children {
		if c.value != nil && len(c.children) > 0 || c.value == nil && len(c.children) == 0 {
			var flat []memmodel.KeyValue
			var full []string
			c.leaves(c.name, &flat, &full)
			for i, kv := range flat {
				b.WriteString(indent + yamlKeyText(kv.Key) + ": " + yamlValueText(kv.Value, full[i]) + "\n")
			}
			continue
		}
		if c.value != nil {
			b.WriteString(indent + yamlKeyText(c.name) + ": " + yamlValueText(*c.value, c.key) + "\n")
			continue
		}
		b.WriteString(indent + yamlKeyText(c.name) + ":\n")
		c.write(b, depth+1)
	}
}

// plainReadsAs returns what Flink makes of s written as a plain YAML scalar
// for key, and whether it is a value at all (not null).
func plainReadsAs(s, key string) (string, bool) {
	t := &yamlTree{}
	v, ok, err := t.scalarString(&yaml.Node{Kind: yaml.ScalarNode, Value: s}, key)
	if err != nil {
		return "", false
	}
	return v, ok
}

// plainSafe reports whether s can stand as a plain scalar in block context
// and reads back as the same text.
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") || s == "<<" {
		return false
	}
	switch s[0] {
	case '-', '?', ':':
		if len(s) == 1 || s[1] == ' ' || s[0] != '-' {
			return false
		}
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	if strings.HasSuffix(s, ":") || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.Contains(s, ":\t") || strings.Contains(s, "\t#") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfffd {
			return false
		}
	}
	return true
}

// yamlValueText renders a value for key as a YAML scalar that Flink reads
// back as exactly value.
func yamlValueText(value, key string) string {
	if plainSafe(value) {
		if v, ok := plainReadsAs(value, key); ok && v == value {
			return value
		}
	}
	return yamlQuote(value)
}

// yamlKeyText renders a mapping key that Flink reads back as exactly name.
func yamlKeyText(name string) string {
	if plainSafe(name) {
		if v, ok := plainReadsAs(name, ""); ok && v == name {
			return name
		}
	}
	return yamlQuote(name)
}

// yamlQuote quotes s: single quotes when s is printable on one line, else
// double quotes with escapes.
func yamlQuote(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffd {
			return strconv.Quote(s)
		}
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// FormatDynamic writes one "-D key=value" per line, the form Flink's
// command line takes. A pair holding anything beyond letters, digits and
// "_.,:/=@%+-" is single-quoted for POSIX shells.
func FormatDynamic(kvs []memmodel.KeyValue) []byte {
	var b bytes.Buffer
	for _, kv := range kvs {
		b.WriteString("-D ")
		b.WriteString(shellQuote(kv.Key + "=" + kv.Value))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.,:/=@%+-", c) >= 0
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// FormatFlinkDeployment writes a FlinkDeployment fragment (the spec only,
// to merge into a manifest): taskmanager.memory.process.size and
// jobmanager.memory.process.size become spec.taskManager.resource.memory
// and spec.jobManager.resource.memory, in Flink units ("1728m", which the
// operator reads with Flink's own size syntax); every other key, and a
// process size Flink cannot read, goes under spec.flinkConfiguration as a
// string.
func FormatFlinkDeployment(kvs []memmodel.KeyValue) []byte {
	var conf []memmodel.KeyValue
	var tm, jm string
	for _, kv := range kvs {
		m, err := memmodel.ParseMemorySize(kv.Value)
		switch {
		case err == nil && kv.Key == tmProcessKey:
			tm = m.String()
		case err == nil && kv.Key == jmProcessKey:
			jm = m.String()
		default:
			// A size Flink cannot read goes to flinkConfiguration
			// unchanged, where Flink refuses it just the same.
			conf = append(conf, kv)
		}
	}
	var b bytes.Buffer
	b.WriteString("spec:\n")
	if len(conf) > 0 {
		b.WriteString("  flinkConfiguration:\n")
		for _, kv := range conf {
			b.WriteString("    " + yamlKeyText(kv.Key) + ": " + strconv.Quote(kv.Value) + "\n")
		}
	}
	if jm != "" {
		b.WriteString("  jobManager:\n    resource:\n      memory: " + strconv.Quote(jm) + "\n")
	}
	if tm != "" {
		b.WriteString("  taskManager:\n    resource:\n      memory: " + strconv.Quote(tm) + "\n")
	}
	return b.Bytes()
}
