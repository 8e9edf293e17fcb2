package memmodel

import (
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"testing"
)

var parseUsesTests = []struct {
	in      string
	want    Uses
	wantErr bool
}{
	{"", Uses{}, false},
	{"none", Uses{}, false},
	{"rocksdb", Uses{RocksDB: true}, false},
	{"rocksdb,python", Uses{RocksDB: true, Python: true}, false},
	{" ROCKSDB , Operators ", Uses{RocksDB: true, Operators: true}, false},
	{"state-backend,batch,pyflink", Uses{RocksDB: true, Python: true, Operators: true}, false},
	{"rocksdb,,python,", Uses{RocksDB: true, Python: true}, false},
	{"gpu", Uses{}, true},
	{"rocksdb;python", Uses{}, true},
}

func TestParseUses(t *testing.T) {
	for _, tt := range parseUsesTests {
		got, err := ParseUses(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseUses(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestUsesString(t *testing.T) {
	for _, u := range []Uses{{}, {RocksDB: true}, {RocksDB: true, Python: true, Operators: true}, {Operators: true}} {
		back, err := ParseUses(u.String())
		if err != nil || back != u {
			t.Errorf("ParseUses(%q) = %+v, %v; want %+v", u.String(), back, err, u)
		}
	}
	if got := (Uses{RocksDB: true}).Or(Uses{Python: true}); got != (Uses{RocksDB: true, Python: true}) {
		t.Errorf("Or = %+v", got)
	}
}

var usesFromConfigTests = []struct {
	name string
	cfg  Config
	want Uses
}{
	{"nothing", Config{}, Uses{}},
	{"state.backend.type rocksdb", Config{"state.backend.type": "rocksdb"}, Uses{RocksDB: true}},
	{"old key any case", Config{"state.backend": "RocksDB"}, Uses{RocksDB: true}},
	{"factory class", Config{"state.backend.type": "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackendFactory"}, Uses{RocksDB: true}},
	{"hashmap", Config{"state.backend.type": "hashmap"}, Uses{}},
	{"new key wins", Config{"state.backend.type": "hashmap", "state.backend": "rocksdb"}, Uses{}},
	{"batch mode", Config{"execution.runtime-mode": "BATCH"}, Uses{Operators: true}},
	{"streaming mode", Config{"execution.runtime-mode": "STREAMING"}, Uses{}},
	{"rocksdb unmanaged still counts", Config{"state.backend.type": "rocksdb", RocksDBManagedKey: "false"}, Uses{RocksDB: true}},
}

func TestUsesFromConfig(t *testing.T) {
	for _, tt := range usesFromConfigTests {
		if got := UsesFromConfig(tt.cfg); got != tt.want {
			t.Errorf("%s: UsesFromConfig(%v) = %+v; want %+v", tt.name, tt.cfg, got, tt.want)
		}
	}
}

func cw(c Consumer, w int, from Consumer, def bool) ConsumerWeight {
	return ConsumerWeight{Consumer: c, Weight: w, From: from, Default: def}
}

var consumerWeightsTests = []struct {
	name    string
	line    Line
	raw     *string // nil: key not set
	want    []ConsumerWeight
	check   Check
	badPart string // the Raw of the rejection
}{
	{name: "no weights before 1.12", line: Line1_11},
	{name: "1.12 default", line: Line1_12,
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerDataProc, true), cw(ConsumerStateBackend, 70, ConsumerDataProc, true), cw(ConsumerPython, 30, ConsumerPython, true)}},
	{name: "1.13 default", line: Line1_13,
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, true), cw(ConsumerStateBackend, 70, ConsumerStateBackend, true), cw(ConsumerPython, 30, ConsumerPython, true)}},
	{name: "flat form replaces the default", line: Line1_20, raw: ptr("OPERATOR:60,STATE_BACKEND:40"),
		want: []ConsumerWeight{cw(ConsumerOperator, 60, ConsumerOperator, false), cw(ConsumerStateBackend, 40, ConsumerStateBackend, false)}},
	{name: "flat form with spaces", line: Line1_16, raw: ptr(" OPERATOR : 70 , PYTHON : 30 "),
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, false), cw(ConsumerPython, 30, ConsumerPython, false)}},
	{name: "flat form with a quoted item", line: Line1_16, raw: ptr("'OPERATOR:70', PYTHON:30"),
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, false), cw(ConsumerPython, 30, ConsumerPython, false)}},
	// Flink quotes whole items: text after a closing quote is refused.
	{name: "flat form with a quoted key", line: Line1_16, raw: ptr("'OPERATOR':70"), check: CheckIntegerUnparsable, badPart: "'OPERATOR':70"},
	{name: "YAML flow map on a config.yaml line", line: Line1_20, raw: ptr("{OPERATOR: 60, STATE_BACKEND: 40, PYTHON: 10}"),
		want: []ConsumerWeight{cw(ConsumerOperator, 60, ConsumerOperator, false), cw(ConsumerStateBackend, 40, ConsumerStateBackend, false), cw(ConsumerPython, 10, ConsumerPython, false)}},
	{name: "YAML flow map with quoted values", line: Line2_0, raw: ptr(`{"STATE_BACKEND": '90'}`),
		want: []ConsumerWeight{cw(ConsumerStateBackend, 90, ConsumerStateBackend, false)}},
	{name: "YAML block map", line: Line1_19, raw: ptr("OPERATOR: 70\nPYTHON: 30\n"),
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, false), cw(ConsumerPython, 30, ConsumerPython, false)}},
	{name: "YAML flow map before config.yaml is read flat and fails", line: Line1_18, raw: ptr("{OPERATOR: 60, STATE_BACKEND: 40, PYTHON: 10}"),
		check: CheckIntegerUnparsable, badPart: "10}"},
	{name: "DATAPROC fallback", line: Line1_20, raw: ptr("DATAPROC:50,PYTHON:50"),
		want: []ConsumerWeight{cw(ConsumerOperator, 50, ConsumerDataProc, false), cw(ConsumerStateBackend, 50, ConsumerDataProc, false), cw(ConsumerPython, 50, ConsumerPython, false)}},
	{name: "own name beats DATAPROC", line: Line1_13, raw: ptr("OPERATOR:70,DATAPROC:20"),
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, false), cw(ConsumerStateBackend, 20, ConsumerDataProc, false)}},
	{name: "no DATAPROC in 2.x", line: Line2_0, raw: ptr("DATAPROC:50,PYTHON:50"),
		want: []ConsumerWeight{cw(ConsumerPython, 50, ConsumerPython, false)}},
	{name: "an unread name is not parsed", line: Line1_20, raw: ptr("OPERATOR:70,STATE_BACKEND:70,PYTHON:30,DATAPROC:x"),
		want: []ConsumerWeight{cw(ConsumerOperator, 70, ConsumerOperator, false), cw(ConsumerStateBackend, 70, ConsumerStateBackend, false), cw(ConsumerPython, 30, ConsumerPython, false)}},
	{name: "negative weight", line: Line1_20, raw: ptr("OPERATOR:70,STATE_BACKEND:-1"), check: CheckManagedConsumerWeightNegative, badPart: "STATE_BACKEND:-1"},
	{name: "negative DATAPROC fallback", line: Line1_14, raw: ptr("DATAPROC:-5"), check: CheckManagedConsumerWeightNegative, badPart: "DATAPROC:-5"},
	{name: "weight not a number", line: Line1_20, raw: ptr("OPERATOR:7o"), check: CheckIntegerUnparsable, badPart: "7o"},
	{name: "weight with a fraction", line: Line1_20, raw: ptr("PYTHON:30.5"), check: CheckIntegerUnparsable, badPart: "30.5"},
	{name: "item without colon", line: Line1_20, raw: ptr("OPERATOR70"), check: CheckIntegerUnparsable, badPart: "OPERATOR70"},
	{name: "duplicate name", line: Line1_16, raw: ptr("PYTHON:30,PYTHON:40"), check: CheckIntegerUnparsable, badPart: "PYTHON:40"},
	{name: "unclosed quote", line: Line1_16, raw: ptr("'PYTHON:30"), check: CheckIntegerUnparsable, badPart: "'PYTHON:30"},
	{name: "1.12 refuses 1.13 names", line: Line1_12, raw: ptr("OPERATOR:70"), check: CheckManagedConsumerUnknown, badPart: "OPERATOR"},
	{name: "1.12 negative", line: Line1_12, raw: ptr("DATAPROC:-3,PYTHON:30"), check: CheckManagedConsumerWeightNegative, badPart: "DATAPROC:-3"},
	{name: "1.12 only python", line: Line1_12, raw: ptr("PYTHON:1"),
		want: []ConsumerWeight{cw(ConsumerPython, 1, ConsumerPython, false)}},
}

func ptr(s string) *string { return &s }

func TestConsumerWeights(t *testing.T) {
	for _, tt := range consumerWeightsTests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{}
			if tt.raw != nil {
				cfg[ManagedConsumerWeightsKey] = *tt.raw
			}
			got, err := ConsumerWeights(cfg, tt.line)
			if tt.check != "" {
				var rej *Rejection
				if !errors.As(err, &rej) || rej.Check != tt.check || rej.Raw != tt.badPart || rej.Key != ManagedConsumerWeightsKey {
					t.Fatalf("ConsumerWeights(%q, %s) = %v, %v; want rejection %s on %q", cfg[ManagedConsumerWeightsKey], tt.line, got, err, tt.check, tt.badPart)
				}
				if msg := err.Error(); msg == "" {
					t.Errorf("empty message")
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ConsumerWeights(%q, %s) = %+v, %v; want %+v", cfg[ManagedConsumerWeightsKey], tt.line, got, err, tt.want)
			}
		})
	}
}

func TestConsumerWeightsIgnoredNames(t *testing.T) {
	_, notices, err := consumerWeights(Config{ManagedConsumerWeightsKey: "DATAPROC:50,GPU:10,PYTHON:40"}, Line2_1)
	if err != nil {
		t.Fatal(err)
	}
	if len(notices) != 2 || notices[0].Code != NoticeConsumerNameIgnored || notices[1].Code != NoticeConsumerNameIgnored {
		t.Fatalf("notices = %+v; want two %s", notices, NoticeConsumerNameIgnored)
	}
	_, notices, _ = consumerWeights(Config{ManagedConsumerWeightsKey: "DATAPROC:50"}, Line1_20)
	if len(notices) != 0 {
		t.Errorf("1.20 reads DATAPROC, got notices %+v", notices)
	}
}

var fractionTests = []struct {
	w, total int64
	want     float64
}{
	{70, 70, 1},
	{70, 100, 0.7},
	{30, 100, 0.3},
	{70, 170, 0.4117647058823529},
	{30, 170, 0.1764705882352941},
	// Flink cuts at 16 decimals; the nearest double of 1/7 would be
	// 0.14285714285714285.
	{1, 7, 0.1428571428571428},
	{0, 70, 0},
}

func TestFractionRoundedDown(t *testing.T) {
	for _, tt := range fractionTests {
		if got := fractionRoundedDown(tt.w, tt.total); got != tt.want {
			t.Errorf("fractionRoundedDown(%d, %d) = %v; want %v", tt.w, tt.total, got, tt.want)
		}
	}
}

func resolveTM(t testing.TB, line Line, cfg Config) *Layout {
	t.Helper()
	l, err := Resolve(Input{Role: TaskManager, Line: line, Config: cfg})
	if err != nil {
		t.Fatalf("Resolve(%v): %v", cfg, err)
	}
	return &l
}

func share(c Consumer, w int, f float64, b MemorySize) ManagedShare {
	return ManagedShare{Consumer: c, Weight: w, From: c, Fraction: f, PerSlot: b}
}

var managedSharesTests = []layoutCase[[]ManagedShare]{
	{name: "RocksDB alone gets the whole slot", line: Line1_20,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m"},
		uses: Uses{RocksDB: true},
		want: []ManagedShare{share(ConsumerStateBackend, 70, 1, 536870912)}},
	{name: "RocksDB and Python share 70/100", line: Line1_20,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m"},
		uses: Uses{RocksDB: true, Python: true},
		want: []ManagedShare{share(ConsumerStateBackend, 70, 0.7, 375809638), share(ConsumerPython, 30, 0.3, 161061273)}},
	{name: "three consumers on 4 slots of the default TaskManager", line: Line1_17,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "4"},
		uses: Uses{RocksDB: true, Python: true, Operators: true},
		want: []ManagedShare{share(ConsumerOperator, 70, 0.4117647058823529, 55266124), share(ConsumerStateBackend, 70, 0.4117647058823529, 55266124),
			share(ConsumerPython, 30, 0.1764705882352941, 23685481)}},
	{name: "a used consumer with weight 0", line: Line1_20,
		cfg:     Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m", ManagedConsumerWeightsKey: "OPERATOR:70,STATE_BACKEND:0,PYTHON:30"},
		uses:    Uses{RocksDB: true, Python: true},
		want:    []ManagedShare{share(ConsumerStateBackend, 0, 0, 0), share(ConsumerPython, 30, 1, 536870912)},
		notices: []NoticeCode{NoticeConsumerNoWeight}},
	{name: "a used consumer missing from the weights", line: Line1_20,
		cfg:     Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m", ManagedConsumerWeightsKey: "OPERATOR:70"},
		uses:    Uses{RocksDB: true},
		want:    []ManagedShare{{Consumer: ConsumerStateBackend}},
		notices: []NoticeCode{NoticeConsumerNoWeight}},
	{name: "DATAPROC feeds the state backend in 1.12", line: Line1_12,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m"},
		uses: Uses{RocksDB: true, Python: true},
		want: []ManagedShare{{Consumer: ConsumerStateBackend, Weight: 70, From: ConsumerDataProc, Fraction: 0.7, PerSlot: 375809638}, share(ConsumerPython, 30, 0.3, 161061273)}},
	{name: "no consumers leaves managed memory idle", line: Line1_20,
		cfg:     Config{"taskmanager.memory.process.size": "1728m"},
		notices: []NoticeCode{NoticeManagedUnused}},
	{name: "no managed memory for a consumer", line: Line1_20,
		cfg:     Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "0"},
		uses:    Uses{RocksDB: true},
		want:    []ManagedShare{share(ConsumerStateBackend, 70, 1, 0)},
		notices: []NoticeCode{NoticeManagedNone}},
	{name: "Python with managed memory switched off", line: Line1_20,
		cfg:     Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m", "python.fn-execution.memory.managed": "false"},
		uses:    Uses{RocksDB: true, Python: true},
		want:    []ManagedShare{share(ConsumerStateBackend, 70, 1, 536870912)},
		notices: []NoticeCode{NoticePythonUnmanaged}},
	{name: "before 1.12 every consumer may take the slot", line: Line1_11,
		cfg:     Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m", "taskmanager.numberOfTaskSlots": "2"},
		uses:    Uses{RocksDB: true, Operators: true, Python: true},
		want:    []ManagedShare{{Consumer: ConsumerOperator, Fraction: 1, PerSlot: 268435456}, {Consumer: ConsumerStateBackend, Fraction: 1, PerSlot: 268435456}},
		notices: []NoticeCode{NoticePythonUnmanaged, NoticeNoConsumerWeights}},
}

func TestManagedShares(t *testing.T) {
	testOnLayout(t, managedSharesTests, false, ManagedShares)
}

func TestManagedSharesErrors(t *testing.T) {
	l := resolveTM(t, Line1_20, Config{"taskmanager.memory.process.size": "1728m"})
	_, _, err := ManagedShares(l, Config{ManagedConsumerWeightsKey: "PYTHON:-30"}, Uses{Python: true})
	var rej *Rejection
	if !errors.As(err, &rej) || rej.Check != CheckManagedConsumerWeightNegative {
		t.Errorf("negative weight: err = %v; want %s", err, CheckManagedConsumerWeightNegative)
	}
	bad := resolveTM(t, Line1_20, Config{"taskmanager.memory.process.size": "1728m", "taskmanager.cpu.cores": "2", "taskmanager.numberOfTaskSlots": "0"})
	if _, _, err := ManagedShares(bad, Config{}, Uses{RocksDB: true}); !errors.As(err, &rej) || rej.Check != CheckSlotsLessThanOne {
		t.Errorf("0 slots: err = %v; want %s", err, CheckSlotsLessThanOne)
	}
}

// TestManagedSharesMatchConformanceSlots checks, on a sample of the
// vectors Flink accepted, that a lone consumer gets exactly the vector's
// per-slot managed memory and that shared consumers never get more.
func TestManagedSharesMatchConformanceSlots(t *testing.T) {
	checked := 0
	for folder, line := range conformanceLines {
		if line < Line1_12 {
			continue
		}
		for _, file := range []string{"tm.jsonl", "tm_container.jsonl"} {
			vectors := loadVectors(t, filepath.Join("testdata", "conformance", folder, file))
			for i, v := range vectors {
				slot, ok := v.Expect["slot"].(map[string]any)
				if i%5 != 0 || v.Expect["ok"] != true || !ok {
					continue
				}
				want, _ := slot["managed"].(json.Number).Int64()
				// Flink sizes a share in double precision: beyond 2^53 bytes
				// (8 PiB) the product rounds to the nearest double.
				wantShare := int64(math.Floor(float64(want)))
				if float64(want) >= 1<<63 {
					wantShare = math.MaxInt64
				}
				in := vectorInput(v, line)
				l, err := Resolve(in)
				if err != nil {
					t.Fatalf("%s: %v", v.ID, err)
				}
				shares, _, err := ManagedShares(&l, in.Config, Uses{RocksDB: true})
				if err != nil || len(shares) != 1 || int64(shares[0].PerSlot) != wantShare {
					t.Errorf("%s %s: lone consumer = %+v, %v; want %d bytes", folder, v.ID, shares, err, want)
					continue
				}
				shares, _, _ = ManagedShares(&l, in.Config, Uses{RocksDB: true, Python: true, Operators: true})
				var sum MemorySize
				for _, s := range shares {
					sum += s.PerSlot
				}
				if want < 1<<53 && (int64(sum) > want || (want > 1000 && int64(sum) < want-3)) {
					t.Errorf("%s %s: shares add up to %d; slot has %d", folder, v.ID, sum, want)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d vectors checked", checked)
	}
	t.Logf("checked %d accepted vectors", checked)
}

func TestAnalyzeSlots(t *testing.T) {
	cfg := Config{"taskmanager.memory.process.size": "1728m", "state.backend.type": "rocksdb"}
	in := Input{Role: TaskManager, Line: Line1_20, Config: cfg}
	l := resolveTM(t, Line1_20, cfg)
	r := AnalyzeSlots(in, l, UsesFromConfig(cfg), &JobShape{Parallelism: 4, AllToAll: 1})
	if r.ProfileErr != nil || r.SharesErr != nil || r.RocksDBErr != nil || r.NetworkErr != nil {
		t.Fatalf("errors: %v %v %v %v", r.ProfileErr, r.SharesErr, r.RocksDBErr, r.NetworkErr)
	}
	if r.Profile.Managed != 536870920 || len(r.Shares) != 1 || r.RocksDB == nil || r.RocksDB.Budget != 536870920 {
		t.Errorf("report = %+v", r)
	}
	// One slot: 4 subpartitions + 1, and 4 channels × 2 + 1.
	if r.Network.Available != 4096 || r.Network.Required == nil || *r.Network.Required != 14 {
		t.Errorf("network = %+v", r.Network)
	}
	jm, _ := Resolve(Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.process.size": "1600m"}})
	if r := AnalyzeSlots(in, &jm, Uses{}, nil); r.ProfileErr == nil || r.NetworkErr == nil {
		t.Errorf("a JobManager layout must be refused")
	}
}

func TestManagedShareJSON(t *testing.T) {
	b, err := json.Marshal(share(ConsumerStateBackend, 70, 0.7, 375809638))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"consumer":"STATE_BACKEND","weight":70,"fraction":0.7,"bytes":375809638}`; got != want {
		t.Errorf("JSON = %s; want %s", got, want)
	}
}

func BenchmarkConsumerWeights(b *testing.B) {
	cfg := Config{ManagedConsumerWeightsKey: "OPERATOR:70,STATE_BACKEND:70,PYTHON:30"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ConsumerWeights(cfg, Line1_20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkManagedShares(b *testing.B) {
	benchmarkOnLayout(b, Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "4"},
		func(l *Layout, cfg Config, uses Uses) error {
			_, _, err := ManagedShares(l, cfg, uses)
			return err
		})
}

func BenchmarkAnalyzeSlots(b *testing.B) {
	cfg := Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "4"}
	in := Input{Role: TaskManager, Line: Line1_20, Config: cfg}
	l := resolveTM(b, Line1_20, cfg)
	job := &JobShape{Parallelism: 100, AllToAll: 2}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = AnalyzeSlots(in, l, Uses{RocksDB: true, Python: true}, job)
	}
}

func TestConsumerWeightsFromKeysBelow(t *testing.T) {
	cfg := Config{
		ManagedConsumerWeightsKey + ".OPERATOR":      "10",
		ManagedConsumerWeightsKey + ".STATE_BACKEND": "60",
		ManagedConsumerWeightsKey + ".PYTHON":        "30",
	}
	w, err := ConsumerWeights(cfg, Line1_20)
	if err != nil {
		t.Fatal(err)
	}
	got := map[Consumer]int{}
	for _, c := range w {
		got[c.Consumer] = c.Weight
	}
	if got[ConsumerOperator] != 10 || got[ConsumerStateBackend] != 60 || got[ConsumerPython] != 30 {
		t.Errorf("weights from keys below the option = %v", got)
	}
	// The option's own key wins over keys below it.
	cfg[ManagedConsumerWeightsKey] = "OPERATOR:1,STATE_BACKEND:2,PYTHON:3"
	w, _ = ConsumerWeights(cfg, Line1_20)
	for _, c := range w {
		if c.Consumer == ConsumerPython && c.Weight != 3 {
			t.Errorf("own key must win: PYTHON = %d", c.Weight)
		}
	}
	cfg = Config{ManagedConsumerWeightsKey + ".PYTHON": "-1"}
	if _, err := ConsumerWeights(cfg, Line1_20); err == nil || err.(*Rejection).Check != CheckManagedConsumerWeightNegative {
		t.Errorf("negative weight below the key: %v", err)
	}
}
