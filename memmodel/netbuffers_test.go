package memmodel

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var availableTests = []struct {
	name string
	line Line
	cfg  Config
	want int64
	seg  MemorySize
}{
	{"shipped default: 128 MiB", Line1_20, Config{"taskmanager.memory.process.size": "1728m"}, 4096, 32 * KiB},
	{"at the 64 MiB minimum", Line1_20, Config{"taskmanager.memory.process.size": "1g"}, 2048, 32 * KiB},
	{"64 KiB segments", Line2_1, Config{"taskmanager.memory.process.size": "1728m", SegmentSizeKey: "64kb"}, 2048, 64 * KiB},
	{"legacy numberOfBuffers", Line1_16, Config{"taskmanager.memory.process.size": "1728m", "taskmanager.network.numberOfBuffers": "3000"}, 3000, 32 * KiB},
	{"network capped at 1g before 1.17", Line1_16, Config{"taskmanager.memory.process.size": "16g"}, 32768, 32 * KiB},
	{"network not capped from 1.17", Line1_17, Config{"taskmanager.memory.process.size": "16g"}, 48332, 32 * KiB},
}

func TestNetworkBuffersAvailable(t *testing.T) {
	for _, tt := range availableTests {
		e, err := NetworkBuffers(Input{Role: TaskManager, Line: tt.line, Config: tt.cfg}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if e.Available != tt.want || e.SegmentSize != tt.seg || e.Required != nil || len(e.Fixes) != 0 {
			t.Errorf("%s: available %d of %s, required %v; want %d of %s and no requirement", tt.name, e.Available, e.SegmentSize, e.Required, tt.want, tt.seg)
		}
		if !strings.Contains(e.Assumptions, "no job shape") {
			t.Errorf("%s: assumptions %q", tt.name, e.Assumptions)
		}
	}
}

var requiredTests = []struct {
	name     string
	line     Line
	cfg      Config
	job      JobShape
	perSlot  int64
	required int64
	notices  []NoticeCode
}{
	// VERSIONS.md §4c: 4 × ((100 × 2 + 1) + (100 + 1)).
	{"all-to-all p100 on 4 slots", Line1_20, nil, JobShape{Parallelism: 100, SlotsPerTM: 4, AllToAll: 1}, 302, 1208, nil},
	{"all-to-all p500 on 8 slots", Line1_20, nil, JobShape{Parallelism: 500, SlotsPerTM: 8, AllToAll: 1}, 1502, 12016, []NoticeCode{NoticeNetworkShort}},
	{"fewer subtasks than slots", Line1_20, nil, JobShape{Parallelism: 2, SlotsPerTM: 4, AllToAll: 1}, 8, 16, nil},
	{"slots from the configuration", Line1_20, Config{"taskmanager.numberOfTaskSlots": "4"}, JobShape{Parallelism: 10, AllToAll: 2}, 64, 256, nil},
	{"forward exchanges", Line1_20, nil, JobShape{Parallelism: 10, SlotsPerTM: 1, AllToAll: 1, Forward: 2}, 42, 42, nil},
	{"no exchanges", Line1_20, nil, JobShape{Parallelism: 10, SlotsPerTM: 2}, 0, 0, nil},
	{"required-per-gate.max caps a gate", Line1_17, Config{RequiredPerGateMaxKey: "100"}, JobShape{Parallelism: 500, SlotsPerTM: 1, AllToAll: 1}, 601, 601, nil},
	{"buffers-per-channel 4", Line1_16, Config{BuffersPerChannelKey: "4"}, JobShape{Parallelism: 100, SlotsPerTM: 1, AllToAll: 1}, 502, 502, nil},
	{"2.x ignores buffers-per-channel", Line2_0, Config{BuffersPerChannelKey: "4"}, JobShape{Parallelism: 100, SlotsPerTM: 1, AllToAll: 1}, 302, 302, []NoticeCode{NoticeNetworkKeyNotRead}},
	{"1.16 ignores required-per-gate.max", Line1_16, Config{RequiredPerGateMaxKey: "10"}, JobShape{Parallelism: 100, SlotsPerTM: 1, AllToAll: 1}, 302, 302, []NoticeCode{NoticeNetworkKeyNotRead}},
	// Batch from 1.17: gates require at most 1000, sort-shuffle outputs 512.
	{"batch p600, 3 all-to-all", Line1_20, nil, JobShape{Parallelism: 600, SlotsPerTM: 2, AllToAll: 3, Batch: true}, 1512, 3024, nil},
	{"batch, one all-to-all: the reading vertex", Line1_20, nil, JobShape{Parallelism: 600, SlotsPerTM: 2, AllToAll: 1, Batch: true}, 1000, 2000, nil},
	{"batch, all-to-all then forward", Line1_20, nil, JobShape{Parallelism: 600, SlotsPerTM: 1, AllToAll: 1, Forward: 1, Batch: true}, 1512, 1512, nil},
	{"batch with more sort-shuffle buffers", Line1_20, Config{SortShuffleMinBuffersKey: "2048"}, JobShape{Parallelism: 10, SlotsPerTM: 1, AllToAll: 1, Batch: true}, 2048, 2048, nil},
	// 1.14: hash shuffle by default, no gate cap.
	{"batch on 1.14", Line1_14, nil, JobShape{Parallelism: 600, SlotsPerTM: 2, AllToAll: 3, Batch: true}, 1802, 3604, nil},
	{"batch on 1.14 with sort shuffle from 100", Line1_14, Config{SortShuffleMinParallelismKey: "100"}, JobShape{Parallelism: 600, SlotsPerTM: 2, AllToAll: 3, Batch: true}, 1265, 2530, nil},
	{"batch before sort shuffle", Line1_11, nil, JobShape{Parallelism: 600, SlotsPerTM: 1, AllToAll: 2, Batch: true}, 1802, 1802, nil},
}

func TestNetworkBuffersRequired(t *testing.T) {
	for _, tt := range requiredTests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{"taskmanager.memory.process.size": "1728m"}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			job := tt.job
			e, err := NetworkBuffers(Input{Role: TaskManager, Line: tt.line, Config: cfg}, nil, &job)
			if err != nil {
				t.Fatal(err)
			}
			if e.Required == nil || *e.Required != tt.required || e.PerSlot != tt.perSlot {
				t.Fatalf("required %v, per slot %d; want %d, %d (pools %+v)", e.Required, e.PerSlot, tt.required, tt.perSlot, e.Pools)
			}
			var sum int64
			for _, p := range e.Pools {
				sum += p.Count * p.Required
			}
			if sum != e.PerSlot {
				t.Errorf("pools add up to %d, per slot is %d", sum, e.PerSlot)
			}
			if e.NetworkNeeded != MemorySize(tt.required)*32*KiB {
				t.Errorf("network needed %d", e.NetworkNeeded)
			}
			testSlotNotices(t, e.Notices, tt.notices)
			if !strings.Contains(e.Assumptions, "every channel remote") || !strings.Contains(e.Assumptions, "parallelism "+strconv.Itoa(tt.job.Parallelism)) {
				t.Errorf("assumptions %q", e.Assumptions)
			}
		})
	}
}

var fixTests = []struct {
	name string
	line Line
	cfg  Config
	job  JobShape
	want [][]KeyValue
}{
	{"1.20 default TaskManager, p500 on 8 slots", Line1_20, Config{"taskmanager.memory.process.size": "1728m"},
		p500on8, p500on8Fixes("taskmanager.memory.process.size", "2166m")},
	{"1.16: the 1g max caps network", Line1_16, Config{"taskmanager.memory.process.size": "16g"},
		JobShape{Parallelism: 1000, SlotsPerTM: 16, AllToAll: 1},
		[][]KeyValue{
			{{"taskmanager.memory.network.max", "1501m"}},
			{{"taskmanager.memory.process.size", "17180m"}, {"taskmanager.memory.network.min", "1501m"}, {"taskmanager.memory.network.max", "1501m"}},
		}},
	{"1.16: only a bigger process leaves a task heap", Line1_16, Config{"taskmanager.memory.process.size": "1728m"},
		JobShape{Parallelism: 2000, SlotsPerTM: 4, AllToAll: 1},
		[][]KeyValue{
			{{"taskmanager.memory.process.size", "2859m"}, {"taskmanager.memory.network.min", "768256k"}},
		}},
	{"fine-grained sizes: network grows the total", Line1_20, Config{"taskmanager.memory.task.heap.size": "512m", "taskmanager.memory.managed.size": "512m"},
		p500on8,
		[][]KeyValue{
			{{"taskmanager.memory.network.min", "384512k"}},
			{{"taskmanager.memory.network.fraction", "0.2268197"}},
			{{RequiredPerGateMaxKey, "67"}},
		}},
	// The same TaskManager given by its total Flink size: the same fixes,
	// but the total that grows is the Flink size.
	{"total Flink size", Line2_0, Config{"taskmanager.memory.flink.size": "1280m"},
		p500on8, p500on8Fixes("taskmanager.memory.flink.size", "1693m")},
}

// p500on8 is a job of parallelism 500 on 8 slots a TaskManager: more
// buffers than the shipped TaskManager's network memory holds.
var p500on8 = JobShape{Parallelism: 500, SlotsPerTM: 8, AllToAll: 1}

// p500on8Fixes are p500on8's fixes on the shipped TaskManager (1728m of
// process, 1280m of Flink memory) when its total is set under key; the
// fix that keeps the task heap grows that total to size.
func p500on8Fixes(key, size string) [][]KeyValue {
	return [][]KeyValue{
		// 12016 buffers × 32 KiB.
		{{"taskmanager.memory.network.min", "384512k"}},
		{{key, size}, {"taskmanager.memory.network.min", "384512k"}},
		{{"taskmanager.memory.network.fraction", "0.2933594"}},
		// 8 × (501 + 11) = 4096.
		{{RequiredPerGateMaxKey, "11"}},
	}
}

func TestNetworkBuffersFixes(t *testing.T) {
	for _, tt := range fixTests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Role: TaskManager, Line: tt.line, Config: tt.cfg}
			job := tt.job
			e, err := NetworkBuffers(in, nil, &job)
			if err != nil {
				t.Fatal(err)
			}
			if e.Short() == 0 {
				t.Fatalf("the job fits; the test wants one that does not")
			}
			var got [][]KeyValue
			for _, f := range e.Fixes {
				got = append(got, f.Set)
				if f.Description == "" || !strings.HasPrefix(f.Description, "raise ") && !strings.HasPrefix(f.Description, "lower ") {
					t.Errorf("fix %v: description %q", f.Set, f.Description)
				}
				// Verify independently: the edited configuration resolves and
				// the requirement fits.
				edited := f.Apply(tt.cfg)
				l, err := Resolve(Input{Role: TaskManager, Line: tt.line, Config: edited})
				if err != nil {
					t.Errorf("fix %v does not resolve: %v", f.Set, err)
					continue
				}
				if l.Size != f.Result.Size {
					t.Errorf("fix %v: Result differs from the resolved layout", f.Set)
				}
				again, err := NetworkBuffers(Input{Role: TaskManager, Line: tt.line, Config: edited}, &l, &job)
				if err != nil || again.Short() != 0 || len(again.Fixes) != 0 {
					t.Errorf("fix %v: still short by %d (%v)", f.Set, again.Short(), err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fixes\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestNetworkFixesAreSmallest checks that one step below each solved value
// no longer fits.
func TestNetworkFixesAreSmallest(t *testing.T) {
	cfg := Config{"taskmanager.memory.process.size": "1728m"}
	job := JobShape{Parallelism: 500, SlotsPerTM: 8, AllToAll: 1}
	short := func(key, value string) int64 {
		edited := Fix{Set: []KeyValue{{key, value}}}.Apply(cfg)
		e, err := NetworkBuffers(Input{Role: TaskManager, Line: Line1_20, Config: edited}, nil, &job)
		if err != nil {
			t.Fatalf("%s=%s: %v", key, value, err)
		}
		return e.Short()
	}
	if s := short("taskmanager.memory.network.min", "384512k"); s != 0 {
		t.Errorf("the solved min is %d short", s)
	}
	if s := short("taskmanager.memory.network.min", strconv.FormatInt(384512*1024-1, 10)); s != 1 {
		t.Errorf("one byte below the solved min: %d short; want 1", s)
	}
	f, _ := strconv.ParseFloat("0.2933594", 32)
	below := math.Nextafter32(float32(f), 0)
	if s := short("taskmanager.memory.network.fraction", strconv.FormatFloat(float64(below), 'g', -1, 32)); s == 0 {
		t.Errorf("the float below the solved fraction still fits")
	}
	if s := short(RequiredPerGateMaxKey, "12"); s == 0 {
		t.Errorf("required-per-gate.max 12 still fits")
	}
	// One MiB less than the fix that keeps the task heap loses some of it.
	l := resolveTM(t, Line1_20, Config{"taskmanager.memory.process.size": "2165m", "taskmanager.memory.network.min": "384512k"})
	if l.Size[TaskHeap] >= 384*MiB {
		t.Errorf("2165m keeps a task heap of %s; the fix's 2166m is not the smallest", l.Size[TaskHeap].HumanExact())
	}
}

var networkErrorTests = []badValue{
	{SegmentSizeKey, "3k", CheckSegmentSizeTooSmall},
	{SegmentSizeKey, "48k", CheckSegmentSizeNotPowerOfTwo},
	{SegmentSizeKey, "4g", CheckSegmentSizeExceedsInt},
	{SegmentSizeKey, "32 kilobytes", CheckSizeUnknownUnit},
	{BuffersPerChannelKey, "two", CheckIntegerUnparsable},
	{RequiredPerGateMaxKey, "1e3", CheckIntegerUnparsable},
	{SortShuffleMinBuffersKey, " 512", CheckIntegerUnparsable},
}

func TestNetworkBuffersErrors(t *testing.T) {
	base := Config{"taskmanager.memory.process.size": "1728m"}
	testBadValues(t, networkErrorTests, func(key, value string) error {
		cfg := Fix{Set: []KeyValue{{key, value}}}.Apply(base)
		_, err := NetworkBuffers(Input{Role: TaskManager, Line: Line1_20, Config: cfg}, nil, &JobShape{Parallelism: 1})
		return err
	})
	plain := []struct {
		name string
		cfg  Config
		job  JobShape
	}{
		{"parallelism 0", nil, JobShape{}},
		{"negative exchanges", nil, JobShape{Parallelism: 2, AllToAll: -1}},
		{"negative slots", nil, JobShape{Parallelism: 2, SlotsPerTM: -4}},
		{"required-per-gate.max 0", Config{RequiredPerGateMaxKey: "0"}, JobShape{Parallelism: 2}},
		{"negative buffers per channel", Config{BuffersPerChannelKey: "-1"}, JobShape{Parallelism: 2}},
	}
	for _, tt := range plain {
		cfg := base
		for k, v := range tt.cfg {
			cfg = Fix{Set: []KeyValue{{k, v}}}.Apply(cfg)
		}
		job := tt.job
		if _, err := NetworkBuffers(Input{Role: TaskManager, Line: Line1_20, Config: cfg}, nil, &job); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if _, err := NetworkBuffers(Input{Role: TaskManager, Line: Line1_20, Config: Config{}}, nil, nil); err == nil {
		t.Errorf("an unresolvable TaskManager gave no error")
	}
	jm := Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.process.size": "1600m"}}
	if _, err := NetworkBuffers(jm, nil, nil); err == nil {
		t.Errorf("a JobManager has no network buffers")
	}
}

func TestNetworkEstimateJSON(t *testing.T) {
	in := Input{Role: TaskManager, Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	e, _ := NetworkBuffers(in, nil, nil)
	e.Assumptions = "x"
	b, _ := json.Marshal(e)
	if got, want := string(b), `{"segment_size":32768,"available":4096,"required":null,"assumptions":"x"}`; got != want {
		t.Errorf("JSON %s; want %s", got, want)
	}
	e, _ = NetworkBuffers(in, nil, &JobShape{Parallelism: 100, SlotsPerTM: 4, AllToAll: 1})
	e.Assumptions = "x"
	b, _ = json.Marshal(e)
	if got, want := string(b), `{"segment_size":32768,"available":4096,"required":1208,"assumptions":"x"}`; got != want {
		t.Errorf("JSON %s; want %s", got, want)
	}
}

func BenchmarkNetworkBuffers(b *testing.B) {
	in := Input{Role: TaskManager, Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	l := resolveTM(b, Line1_20, in.Config)
	job := &JobShape{Parallelism: 100, SlotsPerTM: 4, AllToAll: 2, Forward: 1}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := NetworkBuffers(in, l, job); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNetworkBuffersWithFixes includes solving and verifying the fixes
// of a job that does not fit.
func BenchmarkNetworkBuffersWithFixes(b *testing.B) {
	in := Input{Role: TaskManager, Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	l := resolveTM(b, Line1_20, in.Config)
	job := &JobShape{Parallelism: 500, SlotsPerTM: 8, AllToAll: 1}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e, err := NetworkBuffers(in, l, job)
		if err != nil || len(e.Fixes) == 0 {
			b.Fatal("no fixes", err)
		}
	}
}
