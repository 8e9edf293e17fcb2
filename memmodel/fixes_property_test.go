package memmodel

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFixProperties checks every fix offered for every refused
// conformance vector: it resolves, names each key once (in its edits and
// in its description), carries a -D flag per key it sets, and no
// bare-minimum fix comes before one that keeps a working heap.
func TestFixProperties(t *testing.T) {
	refused, offered := 0, 0
	sample := 1
	if testing.Short() {
		sample = 7
	}
	eachRefusal(t, sample, func(id string, in Input, rej *Rejection) {
		refused++
		checkTotalFlinkNamed(t, id, in, rej)
		fixes := Fixes(in, rej)
		offered += len(fixes)
		working := defaultHeap(in.Role, in.Line)
		bare := false
		for _, fx := range fixes {
			checkFix(t, id, in, fx)
			if bare && (!fx.BareMinimum || heapOf(&fx.Result) >= working) {
				t.Errorf("%s: a bare-minimum fix comes before %q, which keeps %s", id, fx.Description, heapOf(&fx.Result).Human())
			}
			bare = bare || fx.BareMinimum
		}
	})
	if refused == 0 || offered == 0 {
		t.Fatalf("%d refused vectors, %d fixes: nothing was checked", refused, offered)
	}
	t.Logf("%d refused vectors, %d fixes checked", refused, offered)
}

// eachRefusal calls fn for every sample-th conformance vector of every
// folder that Resolve refuses.
func eachRefusal(t *testing.T, sample int, fn func(id string, in Input, rej *Rejection)) {
	t.Helper()
	files, err := filepath.Glob("testdata/conformance/flink-*/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors found: %v", err)
	}
	for _, file := range files {
		line, ok := conformanceLines[filepath.Base(filepath.Dir(file))]
		if !ok {
			t.Fatalf("unknown conformance folder for %s", file)
		}
		for i, v := range loadVectors(t, file) {
			if i%sample != 0 {
				continue
			}
			in := vectorInput(v, line)
			_, err := Resolve(in)
			var rej *Rejection
			if errors.As(err, &rej) {
				fn(v.ID, in, rej)
			}
		}
	}
}

// totalFlinkNamed finds the total Flink size a message states.
var totalFlinkNamed = regexp.MustCompile(`total Flink memory (?:is only |is set to )?([0-9.]+ [KMGTPE]?i?B)`)

// checkTotalFlinkNamed: when the configuration sets the total Flink size
// and the rejection's message states it, it states that size, the one the
// check compared.
func checkTotalFlinkNamed(t *testing.T, id string, in Input, rej *Rejection) {
	t.Helper()
	id0 := TMFlinkSize
	if in.Role == JobManager {
		id0 = JMFlinkSize
	}
	raw, set := in.Config[options[id0].Key]
	want, err := ParseMemorySize(raw)
	if !set || err != nil || rej.Partial.Mode == ModeTotalProcess {
		return
	}
	if m := totalFlinkNamed.FindStringSubmatch(rej.Error()); m != nil && m[1] != want.Human() {
		t.Errorf("%s: message says total Flink memory %s, but %s is %s: %s", id, m[1], options[id0].Key, want.Human(), rej.Error())
	}
}

// checkFix asserts the properties of one fix.
func checkFix(t *testing.T, id string, in Input, fx Fix) {
	t.Helper()
	seen := map[string]bool{}
	keys := append([]string{}, fx.Unset...)
	for _, kv := range fx.Set {
		keys = append(keys, kv.Key)
	}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("%s: fix %q edits %s twice (set %v, unset %v)", id, fx.Description, k, fx.Set, fx.Unset)
		}
		seen[k] = true
		named := regexp.MustCompile(`(^|[^\w.-])`+regexp.QuoteMeta(k)+`($|[^\w.-])`).FindAllStringIndex(fx.Description, -1)
		if len(named) != 1 {
			t.Errorf("%s: fix %q names %s %d times; want once", id, fx.Description, k, len(named))
		}
	}
	for _, kv := range fx.Set {
		before, err1 := ParseMemorySize(in.Config[kv.Key])
		after, err2 := ParseMemorySize(kv.Value)
		if err1 == nil && err2 == nil && after > before && after/MiB > max(8*(before/MiB), maxRaiseFloorMiB) {
			t.Errorf("%s: fix %q raises %s from %s to %s, further than an expert would go", id, fx.Description, kv.Key, before.Human(), after.Human())
		}
	}
	if flags := fx.Flags(); len(flags) != len(fx.Set) {
		t.Errorf("%s: fix %q has %d -D flags for %d keys set", id, fx.Description, len(flags), len(fx.Set))
	}
	edited := in
	edited.Config = fx.Apply(in.Config)
	l, err := Resolve(edited)
	if err != nil {
		t.Errorf("%s: fix %q does not resolve: %v", id, fx.Description, err)
		return
	}
	if !SameSizes(&l, &fx.Result) {
		t.Errorf("%s: fix %q resolves to other sizes than its Result", id, fx.Description)
	}
	if fx.BareMinimum && !strings.Contains(fx.Note, "bare minimum") {
		t.Errorf("%s: bare-minimum fix %q does not say so: %q", id, fx.Description, fx.Note)
	}
}

// sizeInMessage finds the sizes a message states.
var sizeInMessage = regexp.MustCompile(`(?:^|[ (\[])(-?[0-9][0-9.]* (?:B|KiB|MiB|GiB|TiB|PiB|EiB)|∞)`)

// TestRefusalNumbersCompared checks, for every refused conformance vector,
// that each size its message states is one the resolution had when the
// check failed: the compared value, its limit or range, a total, a
// component derived before the failure, or their difference.
func TestRefusalNumbersCompared(t *testing.T) {
	checked := 0
	eachRefusal(t, 1, func(id string, _ Input, rej *Rejection) {
		if rej.Check.IsUnparsable() {
			return
		}
		p := &rej.Partial
		known := map[string]bool{}
		for _, m := range []MemorySize{rej.Value, rej.Limit, rej.Min, rej.Max, rej.Limit - rej.Value, p.TotalFlink - rej.Value} {
			known[m.Human()] = true
		}
		if p.TotalFlink > 0 {
			known[p.TotalFlink.Human()] = true
		}
		if p.TotalProcess > 0 {
			known[p.TotalProcess.Human()] = true
		}
		for c := Component(0); c < numComponents; c++ {
			if rej.Has(c) {
				known[p.Size[c].Human()] = true
			}
		}
		msg := rej.Error()
		for _, m := range sizeInMessage.FindAllStringSubmatch(msg, -1) {
			// 4 KiB, 2 GiB and 8 EiB are the limits Flink's rules name.
			if !known[m[1]] && m[1] != "4 KiB" && m[1] != "2 GiB" && m[1] != "8 EiB" {
				t.Errorf("%s: %s in %q is no number the check had", id, m[1], msg)
			}
		}
		checked++
	})
	if checked == 0 {
		t.Fatal("no refusal checked")
	}
}

// Fractions that leave almost nothing for the task heap are fixed by
// lowering them, never by a total thousands of times larger, which only
// rounding makes valid.
func TestNoAbsurdRaise(t *testing.T) {
	in := Input{Role: TaskManager, Line: LatestLine, Config: Config{
		"taskmanager.memory.process.size":     "8g",
		"taskmanager.memory.managed.fraction": "0.9",
	}}
	_, err := Resolve(in)
	if err == nil {
		t.Fatal("managed fraction 0.9 with network 0.1 resolves")
	}
	fixes := Fixes(in, err)
	if len(fixes) == 0 {
		t.Fatal("no fixes")
	}
	if got := fixes[0].Description; got != "unset taskmanager.memory.managed.fraction (back to the default 0.4)" {
		t.Errorf("first fix %q", got)
	}
	for _, fx := range fixes {
		for _, kv := range fx.Set {
			if kv.Key == "taskmanager.memory.process.size" {
				t.Errorf("offers %q", fx.Description)
			}
		}
	}
}
