package flinkconf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Dynamic collects Flink's dynamic properties, "-D key=value", in
// command-line order. It is a flag.Value, so a flag set reads them.
type Dynamic []memmodel.KeyValue

// String lists the options as given.
func (d *Dynamic) String() string {
	var parts []string
	for _, kv := range *d {
		parts = append(parts, kv.Key+"="+kv.Value)
	}
	return strings.Join(parts, " ")
}

// Set splits one option at its first '='; the value is kept byte for byte,
// an empty one included.
func (d *Dynamic) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q has no '=': write -D key=value", s)
	}
	if k == "" {
		return fmt.Errorf("%q has no key before '=': write -D key=value", s)
	}
	*d = append(*d, memmodel.KeyValue{Key: k, Value: v})
	return nil
}

// ExpandJavaDefines turns the Java-style "-Dkey=value" into "-D",
// "key=value", the form Go's flag package reads; arguments after "--" and
// the value that follows a separate "-D" are left as they are.
func ExpandJavaDefines(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case a == "-D" || a == "--D":
			out = append(out, a)
			if i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "-D") && len(a) > 2 && a[2] != '=':
			out = append(out, "-D", a[2:])
		default:
			out = append(out, a)
		}
	}
	return out
}

// NoticeKeySpaces: a -D key has spaces around it, so it is not the option
// it names.
const NoticeKeySpaces = "key-spaces"

// Notices are the findings about -D options that keys read from a file get
// too (a likely misspelt memory option, JVM memory flags in env.java.opts*),
// and a key with spaces around it. Each message starts with "-D: ".
func (d Dynamic) Notices() []Notice { return d.NoticesIn(nil) }

// NoticesIn is Notices for -D options layered over base (the preset's and
// the file's configuration): a -D key whose meaning depends on other keys
// (a RocksDB size Flink overrides only while RocksDB's memory is bounded)
// is judged with base's keys too. Only the -D keys get notices.
func (d Dynamic) NoticesIn(base memmodel.Config) []Notice {
	src := &Source{Config: memmodel.Config{}}
	for k, v := range base {
		src.Config[k] = v
	}
	var out []Notice
	for _, kv := range d {
		if !slices.Contains(src.Keys, kv.Key) {
			src.Keys = append(src.Keys, kv.Key)
		}
		src.Config[kv.Key] = kv.Value
		if k := strings.TrimSpace(kv.Key); k != kv.Key && k != "" {
			out = append(out, Notice{Key: kv.Key, Code: NoticeKeySpaces,
				Message: fmt.Sprintf("%q has spaces around its key, so it does not set %s; write -D %s=%s", kv.Key+"="+kv.Value, k, k, strings.TrimSpace(kv.Value))})
		}
	}
	addKeyNotices(src, nil)
	for _, n := range src.Notices {
		if n.Code == NoticeUnknownKey && strings.TrimSpace(n.Key) != n.Key {
			continue // the spaces notice says it better
		}
		out = append(out, n)
	}
	for i := range out {
		out[i].Message = oneLine("-D: " + out[i].Message)
	}
	return out
}
