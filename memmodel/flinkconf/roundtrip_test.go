package flinkconf

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/conformance"
)

// acceptedVector is a conformance vector Flink accepts.
type acceptedVector struct {
	id string
	in memmodel.Input
}

func acceptedVectors(t *testing.T) []acceptedVector {
	t.Helper()
	files, err := conformance.Files("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	var out []acceptedVector
	for _, file := range files {
		line, err := memmodel.ParseLine(conformance.Release(file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		vectors, err := conformance.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vectors {
			if !v.Accepted() {
				continue
			}
			in := memmodel.Input{Line: line, Config: memmodel.Config(v.Config)}
			if v.Role == "jobmanager" {
				in.Role = memmodel.JobManager
			}
			if v.Deployment == "container" {
				in.Deployment = memmodel.Container
			}
			out = append(out, acceptedVector{id: filepath.Base(filepath.Dir(file)) + "/" + v.ID, in: in})
		}
	}
	return out
}

// parseDynamic reads FormatDynamic's output back: "-D" followed by one
// POSIX shell word (unquoted, or single-quoted pieces and \' escapes).
func parseDynamic(data []byte) (memmodel.Config, error) {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	s := string(data)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted:
			if c == '\'' {
				quoted = false
			} else {
				cur.WriteByte(c)
			}
		case c == '\'':
			quoted, inWord = true, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ' || c == '\n' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	cfg := memmodel.Config{}
	for i := 0; i < len(words); i += 2 {
		if words[i] != "-D" || i+1 >= len(words) {
			return nil, fmt.Errorf("expected -D key=value at word %d: %q", i, words[i])
		}
		k, v, ok := strings.Cut(words[i+1], "=")
		if !ok {
			return nil, fmt.Errorf("no '=' in %q", words[i+1])
		}
		cfg[k] = v
	}
	return cfg, nil
}

// flatCarries reports whether flink-conf.yaml can carry every value of cfg
// unchanged; the legacy parser trims values and drops empty ones.
func flatCarries(cfg memmodel.Config) bool {
	for k, v := range cfg {
		if flatProblem(k, v) != "" {
			return false
		}
	}
	return true
}

// TestRoundTrip writes the configuration of every accepted conformance
// vector in each format, reads it back and checks that it is the same
// configuration and resolves to the identical layout.
func TestRoundTrip(t *testing.T) {
	vectors := acceptedVectors(t)
	type format struct {
		name    string
		write   func([]memmodel.KeyValue) []byte
		read    func([]byte) (memmodel.Config, error)
		carries func(memmodel.Config) bool
	}
	viaSource := func(parse func(string, []byte) (*Source, error), name string) func([]byte) (memmodel.Config, error) {
		return func(data []byte) (memmodel.Config, error) {
			src, err := parse(name, data)
			if err != nil {
				return nil, err
			}
			return src.Config, nil
		}
	}
	all := func(memmodel.Config) bool { return true }
	formats := []format{
		{"flink-conf.yaml", FormatFlinkConf, viaSource(ParseFlinkConf, "flink-conf.yaml"), flatCarries},
		{"config.yaml", FormatConfigYAML, viaSource(ParseConfigYAML, "config.yaml"), all},
		{"dynamic", FormatDynamic, parseDynamic, all},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			checked, skipped, failed := 0, 0, 0
			for _, v := range vectors {
				if !f.carries(v.in.Config) {
					skipped++
					continue
				}
				keys := make([]string, 0, len(v.in.Config))
				for k := range v.in.Config {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				kvs := make([]memmodel.KeyValue, len(keys))
				for i, k := range keys {
					kvs[i] = memmodel.KeyValue{Key: k, Value: v.in.Config[k]}
				}
				data := f.write(kvs)
				got, err := f.read(data)
				fail := func(format string, args ...any) {
					failed++
					if failed <= 10 {
						t.Errorf("%s: "+format+"\nwritten:\n%s", append([]any{v.id}, append(args, data)...)...)
					}
				}
				if err != nil {
					fail("read back: %v", err)
					continue
				}
				if len(got) == 0 && len(v.in.Config) == 0 {
					got = v.in.Config // both empty
				}
				if !reflect.DeepEqual(got, v.in.Config) {
					fail("config %v reads back as %v", v.in.Config, got)
					continue
				}
				want, err1 := memmodel.Resolve(v.in)
				back := v.in
				back.Config = got
				have, err2 := memmodel.Resolve(back)
				if err1 != nil || err2 != nil || !sameLayout(want, have) {
					fail("layout differs after the round trip (%v, %v)", err1, err2)
					continue
				}
				checked++
			}
			t.Logf("%s: %d accepted vectors round-tripped, %d skipped (values the format cannot carry), %d failed", f.name, checked, skipped, failed)
			// The skips must be exactly the configurations holding a
			// value the format cannot carry, counted independently here.
			wantSkipped := 0
			if f.name == "flink-conf.yaml" {
				for _, v := range vectors {
					for _, val := range v.in.Config {
						if val == "" || strings.TrimSpace(val) != val || strings.ContainsAny(val, "#\r\n") {
							wantSkipped++
							break
						}
					}
				}
			}
			if skipped != wantSkipped || checked+skipped != len(vectors) {
				t.Errorf("%d checked and %d skipped of %d vectors; want %d skipped", checked, skipped, len(vectors), wantSkipped)
			}
		})
	}
}

// sameLayout compares two layouts in everything they expose. Notices are
// compared as a set: memmodel reports keys a line does not read in the
// order it meets them in the Config map, which Go does not fix.
func sameLayout(a, b memmodel.Layout) bool {
	notices := func(l memmodel.Layout) []string {
		var out []string
		for _, n := range l.Notices() {
			out = append(out, fmt.Sprintf("%#v", n))
		}
		sort.Strings(out)
		return out
	}
	return a.Role == b.Role && a.Line == b.Line && a.Deployment == b.Deployment && a.Mode == b.Mode &&
		a.Size == b.Size && a.Origin == b.Origin && a.TotalFlink == b.TotalFlink && a.TotalProcess == b.TotalProcess &&
		a.CPUCores == b.CPUCores && a.Slots == b.Slots && a.DirectMemoryLimit == b.DirectMemoryLimit &&
		a.JVMArgs() == b.JVMArgs() && reflect.DeepEqual(a.DynamicConfigs(), b.DynamicConfigs()) &&
		reflect.DeepEqual(notices(a), notices(b))
}
