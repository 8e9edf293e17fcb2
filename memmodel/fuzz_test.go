package memmodel

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// encodeConfig packs a config into one fuzzable string: "key=value"
// entries separated by NUL bytes, keys sorted.
func encodeConfig(c Config) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(k + "=" + c[k])
	}
	return b.String()
}

// decodeConfig is the inverse of encodeConfig; a key given as "#n" names
// the n-th option key, so the fuzzer reaches real options quickly.
func decodeConfig(s string) Config {
	c := Config{}
	if s == "" {
		return c
	}
	for _, e := range strings.Split(s, "\x00") {
		k, v, _ := strings.Cut(e, "=")
		if strings.HasPrefix(k, "#") && len(k) > 1 {
			var n uint
			for _, d := range k[1:] {
				n = n*7 + uint(d)
			}
			all := fuzzKeys()
			k = all[n%uint(len(all))]
		}
		c[k] = v
	}
	return c
}

func fuzzKeys() []string {
	var keys []string
	for i := range options {
		keys = append(keys, options[i].Key)
		keys = append(keys, options[i].Deprecated...)
	}
	return keys
}

func FuzzResolve(f *testing.F) {
	files, _ := filepath.Glob("testdata/conformance/flink-1.20/*.jsonl")
	for _, file := range files {
		for i, v := range loadVectors(f, file) {
			if i%23 != 0 {
				continue
			}
			in := vectorInput(v, Line1_20)
			f.Add(uint8(in.Role), uint8(Line1_20), uint8(in.Deployment), encodeConfig(in.Config))
		}
	}
	f.Add(uint8(0), uint8(LatestLine), uint8(0), "#1=1g\x00#7=0.9")
	f.Fuzz(func(t *testing.T, role, line, dep uint8, data string) {
		in := Input{Role: Role(role % 2), Line: Line(line % uint8(numLines)), Deployment: Deployment(dep % 2), Config: decodeConfig(data)}
		l, err := Resolve(in)
		if err != nil {
			rej, ok := err.(*Rejection)
			if !ok || rej.Check == "" || rej.Error() == "" {
				t.Fatalf("Resolve(%v): bad error %#v", in.Config, err)
			}
			for _, fx := range Fixes(in, err) {
				fixed := in
				fixed.Config = fx.Apply(in.Config)
				if _, err := Resolve(fixed); err != nil {
					t.Fatalf("fix %q does not resolve: %v", fx.Description, err)
				}
			}
			return
		}
		checkInvariants(t, in, &l)
	})
}

// checkInvariants asserts what every accepted layout must satisfy.
func checkInvariants(t *testing.T, in Input, l *Layout) {
	t.Helper()
	var flink MemorySize
	for _, c := range Components(in.Role) {
		if l.Size[c] < 0 {
			t.Fatalf("%v: %s is negative (%d)", in.Config, c, l.Size[c])
		}
		if c != Metaspace && c != Overhead {
			flink += l.Size[c]
		}
	}
	if flink != l.TotalFlink {
		t.Fatalf("%v: components sum to %d, total Flink is %d", in.Config, flink, l.TotalFlink)
	}
	if l.TotalFlink+l.Size[Metaspace]+l.Size[Overhead] != l.TotalProcess {
		t.Fatalf("%v: Flink + metaspace + overhead != total process", in.Config)
	}
	if in.Role == TaskManager {
		if l.JVMHeap() != l.Size[FrameworkHeap]+l.Size[TaskHeap] || l.JVMDirect() != l.Size[FrameworkOffHeap]+l.Size[TaskOffHeap]+l.Size[Network] {
			t.Fatalf("%v: JVM limits differ from their components", in.Config)
		}
	}
	for _, n := range l.Notices() {
		if n.Message() == "" {
			t.Fatalf("empty notice message for %v", n)
		}
	}
	_ = l.JVMArgs()
	_, _ = l.Slot()
	// Flink starts the process with its dynamic configs on top of the
	// original configuration; that must reproduce the same layout.
	again := in
	again.Config = Config{}
	for k, v := range in.Config {
		again.Config[k] = v
	}
	for _, kv := range l.DynamicConfigs() {
		// Flink cuts CPU cores to 8 decimals, so 1e-9 cores come back as
		// 0.0, which Flink itself would then refuse; CPU is not memory.
		if kv.Key != "taskmanager.cpu.cores" {
			again.Config[kv.Key] = kv.Value
		}
	}
	l2, err := Resolve(again)
	if err != nil {
		t.Fatalf("%v: dynamic configs do not resolve: %v", in.Config, err)
	}
	if l2.Size != l.Size || l2.TotalFlink != l.TotalFlink || l2.TotalProcess != l.TotalProcess {
		t.Fatalf("%v: dynamic configs give %v, want %v", in.Config, l2.Size, l.Size)
	}
}

// TestInvariantsOnConformance checks the invariants on every accepted
// conformance vector, so they hold without a fuzzing run too.
func TestInvariantsOnConformance(t *testing.T) {
	files, _ := filepath.Glob("testdata/conformance/flink-*/*.jsonl")
	n := 0
	for _, file := range files {
		line := conformanceLines[filepath.Base(filepath.Dir(file))]
		for _, v := range loadVectors(t, file) {
			if v.Expect["ok"] != true {
				continue
			}
			in := vectorInput(v, line)
			l, err := Resolve(in)
			if err != nil {
				t.Fatalf("%s: %v", v.ID, err)
			}
			checkInvariants(t, in, &l)
			n++
		}
	}
	t.Logf("invariants hold on %d accepted vectors", n)
}
