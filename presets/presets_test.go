package presets

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// mustList returns one of the preset lists (All, Course, Ordinary,
// Training), or fails the test when the embedded presets cannot be read.
func mustList(t *testing.T, list func() ([]Preset, error)) []Preset {
	t.Helper()
	ps, err := list()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// wantError fails the test unless err is an error whose text mentions
// want; call names what returned it.
func wantError(t *testing.T, call string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s = %v, want an error mentioning %q", call, err, want)
	}
}

func mustGet(t *testing.T, name string) Preset {
	t.Helper()
	p, err := Get(name)
	if err != nil {
		t.Fatalf("Get(%q) = %v", name, err)
	}
	return p
}

func mustLines(t *testing.T, p Preset) []memmodel.Line {
	t.Helper()
	lines, err := p.ClaimedLines()
	if err != nil {
		t.Fatalf("%s: ClaimedLines() = %v", p.Name, err)
	}
	if len(lines) == 0 {
		t.Fatalf("%s claims no line", p.Name)
	}
	return lines
}

func resolve(p Preset, role memmodel.Role, line memmodel.Line) (memmodel.Layout, error) {
	return memmodel.Resolve(memmodel.Input{Role: role, Line: line, Deployment: memmodel.Standalone, Config: p.Config(role)})
}

func rejection(err error) *memmodel.Rejection {
	var rej *memmodel.Rejection
	if errors.As(err, &rej) {
		return rej
	}
	return nil
}

func TestEveryFileParsesAndValidates(t *testing.T) {
	entries, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 7+23 {
		t.Fatalf("found %d preset files, want at least 30 (7 ordinary, 23 training)", len(entries))
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			data, err := files.ReadFile(e.Name())
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse = %v", err)
			}
			if p.Name+".yaml" != e.Name() {
				t.Errorf("preset name %q does not match its file", p.Name)
			}
			if err := p.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestParseRefusesBrokenFiles(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"typo in a field", "name: x\ntitel: X\n", "titel"},
		{"field of the wrong shape", "name: x\noptions: [a, b]\n", "cannot unmarshal"},
		{"no name", "title: X\n", "no name"},
		{"empty file", "", "empty"},
		{"two documents", "name: x\n---\nname: y\n", "more than one"},
		{"unknown role", "name: x\nrole: historyserver\n", "historyserver"},
		{"duplicate option", "name: x\noptions:\n  a: 1\n  a: 2\n", "already defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml))
			wantError(t, fmt.Sprintf("Parse(%q)", c.yaml), err, c.want)
		})
	}
}

func TestParseKeepsValuesVerbatim(t *testing.T) {
	p, err := Parse([]byte("name: x\nrole: taskmanager\noptions:\n  a: 0.60\n  b: 1\n  c: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "0.60", "b": "1", "c": "true"}
	if !reflect.DeepEqual(p.Options, want) {
		t.Errorf("Options = %q, want %q", p.Options, want)
	}
	if p.Role != "" || p.TargetRole() != memmodel.TaskManager {
		t.Errorf("role taskmanager read as %q / %v, want the TaskManager", p.Role, p.TargetRole())
	}
}

// Every value must be readable as Flink reads it: no preset may be refused
// for an unparsable value, on any line it claims, for either process.
func TestNoValueIsUnparsable(t *testing.T) {
	for _, p := range mustList(t, All) {
		for _, line := range mustLines(t, p) {
			for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
				if role == memmodel.JobManager && !line.HasJobManagerModel() {
					continue
				}
				_, err := resolve(p, role, line)
				if rej := rejection(err); rej != nil && rej.Check.IsUnparsable() {
					t.Errorf("%s on %s (%s): unparsable value: %v", p.Name, line, role, err)
				}
			}
		}
	}
}

func TestOrdinaryPresetsResolve(t *testing.T) {
	ordinary := mustList(t, Ordinary)
	for _, p := range ordinary {
		if len(p.JobManager) == 0 {
			t.Errorf("%s has no JobManager options", p.Name)
		}
		for _, line := range mustLines(t, p) {
			tm, err := resolve(p, memmodel.TaskManager, line)
			if err != nil {
				t.Errorf("%s on %s: TaskManager refused: %v", p.Name, line, err)
				continue
			}
			if th := tm.Size[memmodel.TaskHeap]; th < MinTaskHeap {
				t.Errorf("%s on %s: task heap %s, want at least %s", p.Name, line, th.Human(), MinTaskHeap.Human())
			}
			if _, err := tm.Slot(); err != nil {
				t.Errorf("%s on %s: slot profile: %v", p.Name, line, err)
			}
			if !line.HasJobManagerModel() {
				continue
			}
			if _, err := resolve(p, memmodel.JobManager, line); err != nil {
				t.Errorf("%s on %s: JobManager refused: %v", p.Name, line, err)
			}
		}
	}
}

func TestTrainingPresetsAreRefusedWithTheirCheck(t *testing.T) {
	training := mustList(t, Training)
	for _, p := range training {
		target := p.TargetRole()
		for _, line := range mustLines(t, p) {
			_, err := resolve(p, target, line)
			rej := rejection(err)
			if rej == nil || rej.Check != p.Check {
				t.Errorf("%s on %s (%s) = %v, want refusal %s", p.Name, line, target, err, p.Check)
			}
			other := memmodel.JobManager
			if target == memmodel.JobManager {
				other = memmodel.TaskManager
			}
			if other == memmodel.JobManager && !line.HasJobManagerModel() {
				continue
			}
			if _, err := resolve(p, other, line); err != nil {
				t.Errorf("%s on %s: the %s, which the preset is not about, is refused: %v", p.Name, line, other, err)
			}
		}
	}
}

// Every refusal a person can reach by choosing sizes and fractions has a
// training preset, and each training preset teaches a different one.
func TestTrainingCoversEveryReachableCheck(t *testing.T) {
	reachable := []memmodel.Check{
		memmodel.CheckNoMemoryConfigured,
		memmodel.CheckMetaspaceOverheadExceedProcess,
		memmodel.CheckProcessLessThanFlinkPlusMetaspace,
		memmodel.CheckDerivedOverheadOutOfRange,
		memmodel.CheckNetworkMinGreaterThanMax,
		memmodel.CheckNetworkFractionOutOfRange,
		memmodel.CheckOverheadMinGreaterThanMax,
		memmodel.CheckOverheadFractionOutOfRange,
		memmodel.CheckManagedFractionOutOfRange,
		memmodel.CheckFineGrainedSumExceedsTotalFlink,
		memmodel.CheckTaskHeapPathSumExceedsTotalFlink,
		memmodel.CheckDerivedTaskHeapNegative,
		memmodel.CheckDerivedNetworkMismatchLegacy,
		memmodel.CheckDerivedNetworkOutOfRange,
		memmodel.CheckSegmentSizeTooSmall,
		memmodel.CheckSegmentSizeNotPowerOfTwo,
		memmodel.CheckSegmentSizeExceedsInt,
		memmodel.CheckLegacyHeapMBNegative,
		memmodel.CheckCPUCoresNotPositive,
		memmodel.CheckJMHeapPlusOffHeapMismatchFlink,
		memmodel.CheckJMHeapExceedsTotalFlink,
		memmodel.CheckJMTotalFlinkNotAboveOffHeap,
		memmodel.CheckSizeNegative,
	}
	training := mustList(t, Training)
	byCheck := map[memmodel.Check]string{}
	for _, p := range training {
		if other, dup := byCheck[p.Check]; dup {
			t.Errorf("%s and %s both teach %s", other, p.Name, p.Check)
		}
		byCheck[p.Check] = p.Name
	}
	for _, c := range reachable {
		if _, ok := byCheck[c]; !ok {
			t.Errorf("no training preset is refused with %s", c)
		}
	}
	if len(byCheck) != len(reachable) {
		t.Errorf("training presets teach %d checks, want the %d reachable ones", len(byCheck), len(reachable))
	}
	jm := map[memmodel.Check]bool{
		memmodel.CheckJMHeapPlusOffHeapMismatchFlink: true,
		memmodel.CheckJMHeapExceedsTotalFlink:        true,
		memmodel.CheckJMTotalFlinkNotAboveOffHeap:    true,
	}
	for _, p := range training {
		if jm[p.Check] != (p.TargetRole() == memmodel.JobManager) {
			t.Errorf("%s teaches %s but is about the %s", p.Name, p.Check, p.TargetRole())
		}
	}
}

func TestNamesUniqueAndTextsPresent(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range mustList(t, All) {
		if seen[p.Name] {
			t.Errorf("preset name %q appears twice", p.Name)
		}
		seen[p.Name] = true
		if strings.TrimSpace(p.Description) == "" || strings.TrimSpace(p.Title) == "" {
			t.Errorf("%s lacks a title or description", p.Name)
		}
		if strings.Contains(strings.TrimSpace(p.Description), "\n") {
			t.Errorf("%s: the description should be one paragraph", p.Name)
		}
		if !p.Training && !strings.Contains(p.Docs, "nightlies.apache.org/flink/") {
			t.Errorf("%s: docs %q does not point to Flink's documentation", p.Name, p.Docs)
		}
	}
	for _, name := range []string{"default", "rocksdb", "hashmap", "batch", "python", "session-cluster", "container"} {
		if !seen[name] {
			t.Errorf("ordinary preset %q is missing", name)
		}
	}
}

func TestAllListsOrdinaryFirstDefaultFirst(t *testing.T) {
	all := mustList(t, All)
	if all[0].Name != "default" {
		t.Fatalf("first preset is %q, want default", all[0].Name)
	}
	ordinary := mustList(t, Ordinary)
	training := mustList(t, Training)
	var names, want []string
	for _, p := range all {
		names = append(names, p.Name)
	}
	for _, p := range append(ordinary, training...) {
		want = append(want, p.Name)
	}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("All() = %v, want Ordinary() then Training() = %v", names, want)
	}
	for _, p := range ordinary {
		if p.Training {
			t.Errorf("Ordinary() holds training preset %s", p.Name)
		}
	}
	rest := make([]string, 0, len(ordinary)-1)
	for _, p := range ordinary[1:] {
		rest = append(rest, p.Name)
	}
	if !sort.StringsAreSorted(rest) {
		t.Errorf("ordinary presets after default are not sorted: %v", rest)
	}
	var trainingNames []string
	for _, p := range training {
		if !p.Training || !strings.HasPrefix(p.Name, TrainingPrefix) {
			t.Errorf("Training() holds %s, which is not a training preset", p.Name)
		}
		trainingNames = append(trainingNames, p.Name)
	}
	if !sort.StringsAreSorted(trainingNames) {
		t.Errorf("training presets are not sorted: %v", trainingNames)
	}
}

func TestGet(t *testing.T) {
	none := mustGet(t, None)
	if len(none.Config(memmodel.TaskManager)) != 0 {
		t.Errorf("none has options %v, want none", none.Config(memmodel.TaskManager))
	}
	_, err := resolve(none, memmodel.TaskManager, memmodel.LatestLine)
	if rej := rejection(err); rej == nil || rej.Check != memmodel.CheckNoMemoryConfigured {
		t.Errorf("none resolves to %v, want %s", err, memmodel.CheckNoMemoryConfigured)
	}

	_, err = Get("rocksbd")
	if err == nil {
		t.Fatal(`Get("rocksbd") succeeded`)
	}
	for _, p := range mustList(t, All) {
		if !strings.Contains(err.Error(), p.Name) {
			t.Errorf("error %q does not list %s", err, p.Name)
		}
	}
	if !strings.Contains(err.Error(), `"rocksbd"`) || !strings.Contains(err.Error(), None) {
		t.Errorf("error %q should name the unknown preset and list none", err)
	}

	// A caller changing its copy must not change what the next caller gets.
	first := mustGet(t, "default")
	first.Options["taskmanager.memory.process.size"] = "1g"
	first.Facts[0] = "changed"
	if again := mustGet(t, "default"); again.Options["taskmanager.memory.process.size"] != "1728m" || again.Facts[0] == "changed" {
		t.Errorf("Get returned shared state: %v", again.Options)
	}
}

func TestConfigHoldsBothProcesses(t *testing.T) {
	p := mustGet(t, "session-cluster")
	for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
		c := p.Config(role)
		if c["taskmanager.memory.jvm-metaspace.size"] != "512m" || c["jobmanager.memory.process.size"] != "2560m" {
			t.Errorf("Config(%s) = %v, want both processes' keys", role, c)
		}
		c["taskmanager.memory.jvm-metaspace.size"] = "1g"
		if p.Options["taskmanager.memory.jvm-metaspace.size"] != "512m" {
			t.Fatal("Config shares its map with the preset")
		}
	}
}

func TestLineSpecs(t *testing.T) {
	all := memmodel.Lines()
	cases := []struct {
		lines []string
		want  []memmodel.Line
	}{
		{nil, all},
		{[]string{"1.17+"}, []memmodel.Line{memmodel.Line1_17, memmodel.Line1_18, memmodel.Line1_19, memmodel.Line1_20, memmodel.Line2_0, memmodel.Line2_1, memmodel.Line2_2, memmodel.Line2_3}},
		// A bare line covers every patch release of it.
		{[]string{"1.10.0..1.11"}, []memmodel.Line{memmodel.Line1_10_0, memmodel.Line1_10, memmodel.Line1_11_0, memmodel.Line1_11_2, memmodel.Line1_11}},
		{[]string{"1.10"}, []memmodel.Line{memmodel.Line1_10_0, memmodel.Line1_10}},
		{[]string{"1.12+"}, append([]memmodel.Line{memmodel.Line1_12_0}, all[memmodel.Line1_12:]...)},
		{[]string{"1.11.1"}, []memmodel.Line{memmodel.Line1_11_0}},
		{[]string{"1.10.3..1.12.1"}, []memmodel.Line{memmodel.Line1_10, memmodel.Line1_11_0, memmodel.Line1_11_2, memmodel.Line1_11, memmodel.Line1_12_0}},
		{[]string{"2.1", "1.13"}, []memmodel.Line{memmodel.Line1_13, memmodel.Line2_1}},
	}
	for _, c := range cases {
		got, err := Preset{Lines: c.lines}.ClaimedLines()
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ClaimedLines(%q) = %v, %v, want %v", c.lines, got, err, c.want)
		}
	}
	for _, bad := range []string{"1.9", "1.20..1.17", "latest", "1.17-", "1.10.7"} {
		if _, err := (Preset{Lines: []string{bad}}).ClaimedLines(); err == nil {
			t.Errorf("ClaimedLines(%q) accepted a bad entry", bad)
		}
	}
	if (Preset{Lines: []string{"1.17+"}}).AppliesTo(memmodel.Line1_16) {
		t.Error(`"1.17+" applies to 1.16`)
	}
}

func TestParseWeights(t *testing.T) {
	want := map[string]int{"OPERATOR": 70, "STATE_BACKEND": 70, "PYTHON": 30}
	for _, s := range []string{"OPERATOR:70,STATE_BACKEND:70,PYTHON:30", "{OPERATOR: 70, STATE_BACKEND: 70, PYTHON: 30}", " OPERATOR : 70 , STATE_BACKEND:70,PYTHON:30 "} {
		got, err := parseWeights(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("parseWeights(%q) = %v, %v, want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"OPERATOR=70", "{OPERATOR:70", "OPERATOR:seventy", "OPERATOR:70,OPERATOR:30", ""} {
		if _, err := parseWeights(s); err == nil {
			t.Errorf("parseWeights(%q) accepted a broken map", s)
		}
	}
}

// validBase is an ordinary preset that passes Validate; the cases below
// break one thing each.
func validBase() Preset {
	return Preset{
		Name:        "sample",
		Title:       "Sample",
		Description: "A preset for the tests.",
		Options:     map[string]string{"taskmanager.memory.process.size": "1728m"},
		JobManager:  map[string]string{"jobmanager.memory.process.size": "1600m"},
		Lines:       []string{"1.17+"},
		Facts:       []string{"A fact."},
		Docs:        "https://nightlies.apache.org/flink/flink-docs-stable/",
	}
}

func TestValidateFindsProblems(t *testing.T) {
	if err := validBase().Validate(); err != nil {
		t.Fatalf("the base preset is invalid: %v", err)
	}
	flow := validBase()
	flow.Lines = []string{"1.19+"}
	flow.Options["taskmanager.memory.managed.consumer-weights"] = "{OPERATOR: 70, STATE_BACKEND: 70, PYTHON: 30}"
	if err := flow.Validate(); err != nil {
		t.Errorf("flow-map weights on 1.19 and later: %v", err)
	}
	// option sets one key of the preset's TaskManager options.
	option := func(key, value string) func(*Preset) {
		return func(p *Preset) { p.Options[key] = value }
	}
	// training makes the preset a training preset refused with check.
	training := func(p *Preset, check memmodel.Check) {
		p.Name, p.Training, p.Check = "train-sample", true, check
	}
	cases := []struct {
		name   string
		change func(*Preset)
		want   string
	}{
		{"misspelt key", option("taskmanager.memory.proces.size", "1g"), "taskmanager.memory.proces.size"},
		{"unreadable size", option("taskmanager.memory.process.size", "1.5g"), "taskmanager.memory.process.size"},
		{"unreadable fraction", option("taskmanager.memory.managed.fraction", "forty"), "managed.fraction"},
		{"empty value", option("taskmanager.memory.managed.size", ""), "empty value"},
		{"JobManager key under options", option("jobmanager.memory.heap.size", "1g"), "move it under jobmanager"},
		{"TaskManager key under jobmanager", func(p *Preset) { p.JobManager["taskmanager.memory.managed.size"] = "1g" }, "move it under options"},
		{"deprecated key", option("taskmanager.network.memory.min", "128m"), "deprecated"},
		{"key the line does not read", func(p *Preset) { p.Lines = []string{"1.13+"}; p.Options["state.backend.type"] = "rocksdb" }, "not read by Flink 1.13, 1.14, 1.15, 1.16"},
		{"unknown backend", option("state.backend.type", "filesystem"), "filesystem"},
		{"weights without PYTHON", option(memmodel.ManagedConsumerWeightsKey, "OPERATOR:70,STATE_BACKEND:70"), "PYTHON is missing"},
		{"DATAPROC on 2.0", option(memmodel.ManagedConsumerWeightsKey, "OPERATOR:70,STATE_BACKEND:70,PYTHON:30,DATAPROC:70"), "DATAPROC is not known to Flink 2.0"},
		{"flow-map weights before 1.19", option(memmodel.ManagedConsumerWeightsKey, "{OPERATOR: 70, STATE_BACKEND: 70, PYTHON: 30}"), "Flink 1.17 does not read"},
		{"negative weight", option(memmodel.ManagedConsumerWeightsKey, "OPERATOR:70,STATE_BACKEND:-1,PYTHON:30"), "negative"},
		{"refused ordinary preset", option("taskmanager.memory.process.size", "256m"), "the TaskManager is refused"},
		{"useless task heap", option("taskmanager.memory.managed.fraction", "0.75"), "task heap"},
		{"JobManager not configured", func(p *Preset) { p.JobManager = nil }, "jobmanager options are empty"},
		{"training name without prefix", func(p *Preset) { p.Training = true; p.Check = memmodel.CheckNoMemoryConfigured }, TrainingPrefix},
		{"training preset accepted", func(p *Preset) { training(p, memmodel.CheckNoMemoryConfigured) }, "the TaskManager is accepted"},
		{"training preset refused differently", func(p *Preset) {
			training(p, memmodel.CheckNoMemoryConfigured)
			p.Options["taskmanager.memory.process.size"] = "256m"
		}, "refused with metaspace-and-overhead-exceed-total-process, not no-memory-configured"},
		{"training on an unreadable value", func(p *Preset) { training(p, memmodel.CheckSizeUnknownUnit) }, "unreadable value"},
		{"check on an ordinary preset", func(p *Preset) { p.Check = memmodel.CheckNoMemoryConfigured }, "only training presets"},
		{"JobManager preset on 1.10", func(p *Preset) {
			p.Name, p.Training, p.Check, p.Role = "train-sample", true, memmodel.CheckJMHeapExceedsTotalFlink, "jobmanager"
			p.Lines = []string{"1.10+"}
		}, "no JobManager memory model"},
		{"bad line", func(p *Preset) { p.Lines = []string{"1.7"} }, `"1.7"`},
		{"upper-case name", func(p *Preset) { p.Name = "RocksDB" }, "lower-case"},
		{"no docs", func(p *Preset) { p.Docs = "" }, "docs"},
		{"no description", func(p *Preset) { p.Description = " " }, "description is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validBase()
			c.change(&p)
			wantError(t, "Validate()", p.Validate(), c.want)
		})
	}
}

// The tests below compute the expected sizes by hand, the way Flink's
// MemorySize does: a fraction is a Java float, widened to double, and the
// product is cut to whole bytes.
func times(size memmodel.MemorySize, fraction float32) memmodel.MemorySize {
	return memmodel.MemorySize(float64(size) * float64(fraction))
}

func clamp(size, lo, hi memmodel.MemorySize) memmodel.MemorySize {
	return max(lo, min(size, hi))
}

const mib = memmodel.MiB

func TestDefaultGivesTheShippedLayout(t *testing.T) {
	p := mustGet(t, "default")
	// 1728m − 256m metaspace − 192m overhead (10 % is 172.8m, below the
	// minimum) = 1280m; 0.4 of it managed, 0.1 network, the rest heap.
	flink := 1280 * mib
	managed, network := times(flink, 0.4), times(flink, 0.1)
	want := []memmodel.MemorySize{flink, flink - 256*mib - managed - network, managed, network}
	for _, line := range []memmodel.Line{memmodel.Line1_10, memmodel.Line1_16, memmodel.Line2_1} {
		tm, err := resolve(p, memmodel.TaskManager, line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		got := []memmodel.MemorySize{tm.TotalFlink, tm.Size[memmodel.TaskHeap], tm.Size[memmodel.Managed], tm.Size[memmodel.Network]}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: flink, task heap, managed, network = %v, want %v", line, got, want)
		}
		if got[1].Human() != "384 MiB" || got[2].Human() != "512 MiB" {
			t.Errorf("%s: task heap %s and managed %s are not the documented 384m and 512m", line, got[1].Human(), got[2].Human())
		}
		if buffers := tm.Size[memmodel.Network] / (32 * memmodel.KiB); buffers != 4096 {
			t.Errorf("%s: %d network buffers, want 4096", line, buffers)
		}
		jm, err := resolve(p, memmodel.JobManager, line)
		if line.HasJobManagerModel() && (err != nil || jm.Size[memmodel.JobManagerHeap] != 1024*mib) {
			t.Errorf("%s: JobManager heap %v, %v, want 1 GiB", line, jm.Size[memmodel.JobManagerHeap].Human(), err)
		}
	}
}

func TestRocksDBManagedMemoryOn21(t *testing.T) {
	tm, err := resolve(mustGet(t, "rocksdb"), memmodel.TaskManager, memmodel.Line2_1)
	if err != nil {
		t.Fatal(err)
	}
	process := 4096 * mib
	overhead := clamp(times(process, 0.1), 192*mib, 1024*mib) // 409.6 MiB
	flink := process - 256*mib - overhead                     // 3430.4 MiB
	managed := times(flink, 0.6)                              // 2058.24 MiB
	network := times(flink, 0.1)                              // 343.04 MiB, no cap on 2.1
	taskHeap := flink - 128*mib - 128*mib - managed - network // 773.12 MiB
	if tm.Size[memmodel.Managed] != managed || tm.Size[memmodel.Network] != network || tm.Size[memmodel.TaskHeap] != taskHeap {
		t.Errorf("managed, network, task heap = %d, %d, %d bytes; want %d, %d, %d",
			tm.Size[memmodel.Managed], tm.Size[memmodel.Network], tm.Size[memmodel.TaskHeap], managed, network, taskHeap)
	}
	slot, err := tm.Slot()
	if err != nil {
		t.Fatal(err)
	}
	// Each of the two slots' RocksDB gets half: about 1 GiB, as the
	// description promises.
	if slot.Slots != 2 || slot.Managed != managed/2 {
		t.Errorf("slot managed = %d bytes in %d slots, want %d in 2", slot.Managed, slot.Slots, managed/2)
	}
	if slot.Managed < 1000*mib || slot.Managed > 1050*mib {
		t.Errorf("slot managed %s is not about 1 GiB", slot.Managed.Human())
	}
}

func TestHashMapGivesManagedMemoryToTheHeap(t *testing.T) {
	hashmap, err := resolve(mustGet(t, "hashmap"), memmodel.TaskManager, memmodel.Line2_1)
	if err != nil {
		t.Fatal(err)
	}
	container, err := resolve(mustGet(t, "container"), memmodel.TaskManager, memmodel.Line2_1)
	if err != nil {
		t.Fatal(err)
	}
	flink := 4096*mib - 256*mib - times(4096*mib, 0.1)
	network := times(flink, 0.1)
	if hashmap.Size[memmodel.Managed] != 0 {
		t.Errorf("hashmap managed = %s, want 0", hashmap.Size[memmodel.Managed].Human())
	}
	if want := flink - 256*mib - network; hashmap.Size[memmodel.TaskHeap] != want {
		t.Errorf("hashmap task heap = %d bytes, want %d", hashmap.Size[memmodel.TaskHeap], want)
	}
	// Same pod as the container preset: the heap gains exactly the managed
	// memory the container preset reserves.
	if gain := hashmap.Size[memmodel.TaskHeap] - container.Size[memmodel.TaskHeap]; gain != container.Size[memmodel.Managed] {
		t.Errorf("hashmap heap gain %s, want container's managed %s", gain.Human(), container.Size[memmodel.Managed].Human())
	}
}

func TestSessionClusterJobManager(t *testing.T) {
	jm, err := resolve(mustGet(t, "session-cluster"), memmodel.JobManager, memmodel.Line1_20)
	if err != nil {
		t.Fatal(err)
	}
	// 2560m − 512m metaspace − 10 % overhead − 128m off-heap: about 1664m.
	heap := 2560*mib - 512*mib - times(2560*mib, 0.1) - 128*mib
	if jm.Size[memmodel.JobManagerHeap] != heap || jm.Size[memmodel.Metaspace] != 512*mib {
		t.Errorf("JobManager heap %d bytes, metaspace %s; want %d bytes and 512 MiB",
			jm.Size[memmodel.JobManagerHeap], jm.Size[memmodel.Metaspace].Human(), heap)
	}
}

// The screen sketch's refused example: process 2g with framework heap 1g on
// 1.20 leaves total Flink memory of 2 GiB − 256 MiB − 204.8 MiB.
func TestFrameworkHeapTrainingMatchesTheSketch(t *testing.T) {
	p := mustGet(t, "train-framework-heap-too-big")
	_, err := resolve(p, memmodel.TaskManager, memmodel.Line1_20)
	rej := rejection(err)
	if rej == nil || rej.Check != memmodel.CheckDerivedTaskHeapNegative {
		t.Fatalf("got %v, want %s", err, memmodel.CheckDerivedTaskHeapNegative)
	}
	flink := 2048*mib - 256*mib - times(2048*mib, 0.1)
	if rej.Partial.TotalFlink != flink {
		t.Errorf("total Flink %d bytes, want %d", rej.Partial.TotalFlink, flink)
	}
	if managed := times(flink, 0.4); rej.Has(memmodel.Managed) && rej.Partial.Size[memmodel.Managed] != managed {
		t.Errorf("managed %d bytes, want %d", rej.Partial.Size[memmodel.Managed], managed)
	}
}

// Get hands out copies: a caller changing the preset it got does not
// change what the next caller gets, also once the preset is cached.
func TestGetReturnsCopies(t *testing.T) {
	for i := 0; i < 2; i++ {
		p, err := Get("rocksdb")
		if err != nil {
			t.Fatal(err)
		}
		if p.Options["state.backend.type"] != "rocksdb" {
			t.Fatalf("call %d: state.backend.type = %q", i, p.Options["state.backend.type"])
		}
		p.Options["state.backend.type"] = "hashmap"
	}
}
