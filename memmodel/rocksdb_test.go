package memmodel

import (
	"encoding/json"
	"testing"
)

// tm512 is a TaskManager with the shipped process size and exactly 512m of
// managed memory, the worked example of the docs.
func tm512(extra Config) Config {
	cfg := Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.size": "512m"}
	for k, v := range extra {
		cfg[k] = v
	}
	return cfg
}

var rocksDBTests = []layoutCase[*RocksDBBudget]{
	{name: "managed, 1 slot, RocksDB alone", line: Line1_20, cfg: tm512(nil), uses: Uses{RocksDB: true},
		// 512 MiB × 2.5 / 3 and 512 MiB × 2 × 0.5 / 3, cut to whole bytes.
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 536870912,
			BlockCache: 447392426, WriteBufferManager: 178956970, HighPriorityPool: 44739242,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Fraction: 1, Slots: 1}},
	{name: "managed, 1 slot, with Python 70/100", line: Line1_20, cfg: tm512(nil), uses: Uses{RocksDB: true, Python: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 375809638,
			BlockCache: 313174698, WriteBufferManager: 125269879, HighPriorityPool: 31317469,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Fraction: 0.7, Slots: 1}},
	{name: "managed with a smaller write buffer ratio", line: Line1_13, cfg: tm512(Config{RocksDBWriteBufferKey: "0.25"}), uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 536870912,
			BlockCache: 492131669, WriteBufferManager: 89478485, HighPriorityPool: 49213166,
			WriteBufferRatio: 0.25, HighPriorityPoolRatio: 0.1, Fraction: 1, Slots: 1}},
	{name: "managed before weights: the whole slot", line: Line1_10, cfg: tm512(Config{"taskmanager.numberOfTaskSlots": "2"}), uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 268435456,
			BlockCache: 223696213, WriteBufferManager: 89478485, HighPriorityPool: 22369621,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Fraction: 1, Slots: 2}},
	{name: "fixed per slot beats managed, and 4 × 256m do not fit the overhead", line: Line1_20,
		cfg:  tm512(Config{RocksDBFixedPerSlotKey: "256m", "taskmanager.numberOfTaskSlots": "4"}),
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBFixedPerSlot, Scope: "slot", Key: RocksDBFixedPerSlotKey, Budget: 268435456,
			BlockCache: 223696213, WriteBufferManager: 89478485, HighPriorityPool: 22369621,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 4, Unaccounted: GiB},
		notices: []NoticeCode{NoticeRocksDBShareIdle, NoticeRocksDBFixedOverOverhead}},
	{name: "fixed per slot that fits the overhead", line: Line1_20,
		cfg:  Config{"taskmanager.memory.process.size": "8g", RocksDBFixedPerSlotKey: "64m", ManagedConsumerWeightsKey: "OPERATOR:1", "taskmanager.numberOfTaskSlots": "2"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBFixedPerSlot, Scope: "slot", Key: RocksDBFixedPerSlotKey, Budget: 64 * MiB,
			BlockCache: 55924053, WriteBufferManager: 22369621, HighPriorityPool: 5592405,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 2, Unaccounted: 128 * MiB}},
	{name: "fixed per TaskManager when not managed", line: Line1_17,
		cfg:  Config{"taskmanager.memory.process.size": "8g", RocksDBManagedKey: "false", RocksDBFixedPerTMKey: "512m", "taskmanager.numberOfTaskSlots": "4"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBFixedPerTM, Scope: "taskmanager", Key: RocksDBFixedPerTMKey, Budget: 536870912,
			BlockCache: 447392426, WriteBufferManager: 178956970, HighPriorityPool: 44739242,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 4, Unaccounted: 512 * MiB},
		notices: []NoticeCode{NoticeRocksDBShareIdle}},
	{name: "fixed per TaskManager over the overhead", line: Line2_0,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", RocksDBManagedKey: "FALSE", RocksDBFixedPerTMKey: "1g"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBFixedPerTM, Scope: "taskmanager", Key: RocksDBFixedPerTMKey, Budget: GiB,
			BlockCache: 894784853, WriteBufferManager: 357913941, HighPriorityPool: 89478485,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 1, Unaccounted: GiB},
		notices: []NoticeCode{NoticeRocksDBShareIdle, NoticeRocksDBFixedOverOverhead}},
	{name: "fixed per TaskManager is not read before 1.17", line: Line1_16,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", RocksDBManagedKey: "false", RocksDBFixedPerTMKey: "512m"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBUnbounded, Scope: "slot", Key: RocksDBManagedKey,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBKeyNotRead, NoticeRocksDBUnbounded, NoticeRocksDBShareIdle}},
	{name: "unbounded", line: Line1_20,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", RocksDBManagedKey: "false"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBUnbounded, Scope: "slot", Key: RocksDBManagedKey,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBUnbounded, NoticeRocksDBShareIdle}},
	{name: "ratios Flink refuses", line: Line1_20,
		cfg:  tm512(Config{RocksDBWriteBufferKey: "0.8", RocksDBHighPrioPoolKey: "0.5"}),
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 536870912,
			BlockCache: 393705335, WriteBufferManager: 286331153, HighPriorityPool: 196852667,
			WriteBufferRatio: 0.8, HighPriorityPoolRatio: 0.5, Fraction: 1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBRatiosRefused}},
	{name: "a ratio out of range", line: Line1_20,
		cfg:  tm512(Config{RocksDBHighPrioPoolKey: "0"}),
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size", Budget: 536870912,
			BlockCache: 447392426, WriteBufferManager: 178956970,
			WriteBufferRatio: 0.5, Fraction: 1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBRatioOutOfRange}},
	{name: "a zero fixed size", line: Line1_20,
		cfg:  tm512(Config{RocksDBFixedPerSlotKey: "0"}),
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBFixedPerSlot, Scope: "slot", Key: RocksDBFixedPerSlotKey,
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBShareIdle, NoticeRocksDBBudgetZero}},
	{name: "managed memory of 0", line: Line1_20,
		cfg:  Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.fraction": "0"},
		uses: Uses{RocksDB: true},
		want: &RocksDBBudget{Rule: RocksDBManaged, Scope: "slot", Key: "taskmanager.memory.managed.size",
			WriteBufferRatio: 0.5, HighPriorityPoolRatio: 0.1, Fraction: 1, Slots: 1},
		notices: []NoticeCode{NoticeRocksDBBudgetZero}},
}

func TestRocksDB(t *testing.T) {
	testOnLayout(t, rocksDBTests, true, RocksDB)
}

func TestRocksDBNotUsed(t *testing.T) {
	l := resolveTM(t, Line1_20, tm512(nil))
	if b, n, err := RocksDB(l, tm512(nil), Uses{Python: true}); b != nil || n != nil || err != nil {
		t.Errorf("RocksDB without RocksDB = %v, %v, %v; want nothing", b, n, err)
	}
}

var rocksDBErrorTests = []badValue{
	{RocksDBManagedKey, "yes", CheckBooleanUnparsable},
	{RocksDBManagedKey, " true", CheckBooleanUnparsable},
	{RocksDBWriteBufferKey, "half", CheckDoubleUnparsable},
	{RocksDBFixedPerSlotKey, "1.5g", CheckSizeUnknownUnit},
	{RocksDBFixedPerSlotKey, "", CheckSizeEmpty},
	{RocksDBFixedPerTMKey, "-1m", CheckSizeNoLeadingNumber},
	{ManagedConsumerWeightsKey, "STATE_BACKEND:-70", CheckManagedConsumerWeightNegative},
}

func TestRocksDBErrors(t *testing.T) {
	testBadValues(t, rocksDBErrorTests, func(key, value string) error {
		cfg := tm512(Config{key: value})
		_, _, err := RocksDB(resolveTM(t, Line1_20, cfg), cfg, Uses{RocksDB: true})
		return err
	})
}

func TestRocksDBJSON(t *testing.T) {
	l := resolveTM(t, Line1_20, tm512(nil))
	b, _, _ := RocksDB(l, tm512(nil), Uses{RocksDB: true})
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rule":"managed","scope":"slot","budget":536870912,"block_cache":447392426,"write_buffer_manager":178956970,"high_priority_pool":44739242}`
	if string(out) != want {
		t.Errorf("JSON = %s\nwant   %s", out, want)
	}
}

// TestRocksDBCapacities checks the arithmetic at the edges: whole bytes cut
// toward zero, and the long product 2 × budget wrapping as Java's does.
func TestRocksDBCapacities(t *testing.T) {
	tests := []struct {
		budget     MemorySize
		ratio      float64
		cache, wbm MemorySize
	}{
		{3, 0.5, 2, 1},
		{0, 0.5, 0, 0},
		{1000, 0.1, 966, 66},
		// 2 × budget wraps to -2 as a long, so the capacity cuts to 0.
		{MaxMemorySize, 0.5, 7686143364045646848, 0},
	}
	for _, tt := range tests {
		if c := rocksDBCacheCapacity(tt.budget, tt.ratio); c != tt.cache {
			t.Errorf("cache(%d, %v) = %d; want %d", tt.budget, tt.ratio, c, tt.cache)
		}
		if w := rocksDBWriteBufferCapacity(tt.budget, tt.ratio); w != tt.wbm {
			t.Errorf("wbm(%d, %v) = %d; want %d", tt.budget, tt.ratio, w, tt.wbm)
		}
	}
}

func BenchmarkRocksDB(b *testing.B) {
	benchmarkOnLayout(b, Config{"taskmanager.memory.process.size": "4g", "taskmanager.numberOfTaskSlots": "4"},
		func(l *Layout, cfg Config, uses Uses) error {
			_, _, err := RocksDB(l, cfg, uses)
			return err
		})
}
