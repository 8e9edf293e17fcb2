package memmodel

import "strconv"

// RocksDB's memory under Flink: which budget bounds it, and how Flink
// splits that budget into the shared block cache and write buffer manager.
// Flink makes these objects when the first RocksDB task of a slot (or of
// the TaskManager, for fixed-per-tm) starts.

// RocksDB option keys.
const (
	RocksDBManagedKey      = "state.backend.rocksdb.memory.managed"
	RocksDBFixedPerSlotKey = "state.backend.rocksdb.memory.fixed-per-slot"
	RocksDBFixedPerTMKey   = "state.backend.rocksdb.memory.fixed-per-tm"
	RocksDBWriteBufferKey  = "state.backend.rocksdb.memory.write-buffer-ratio"
	RocksDBHighPrioPoolKey = "state.backend.rocksdb.memory.high-prio-pool-ratio"
)

const (
	rocksDBDefaultWriteBuf = 0.5
	rocksDBDefaultHighPrio = 0.1
	rocksDBFixedPerTMSince = Line1_17
)

// RocksDBRule names which budget bounds RocksDB, in Flink's order of
// precedence.
type RocksDBRule string

// RocksDB budget rules.
const (
	// RocksDBFixedPerSlot: state.backend.rocksdb.memory.fixed-per-slot is
	// set; each slot gets that much, outside managed memory.
	RocksDBFixedPerSlot RocksDBRule = "fixed-per-slot"
	// RocksDBManaged: state.backend.rocksdb.memory.managed (default true);
	// each slot's budget is STATE_BACKEND's share of its managed memory.
	RocksDBManaged RocksDBRule = "managed"
	// RocksDBFixedPerTM: managed is false and
	// state.backend.rocksdb.memory.fixed-per-tm (1.17 and later) is above
	// 0; one budget is shared by all slots of the TaskManager, outside
	// managed memory.
	RocksDBFixedPerTM RocksDBRule = "fixed-per-tm"
	// RocksDBUnbounded: none of the above; every RocksDB column family
	// sizes its own memtables and cache, and Flink bounds nothing.
	RocksDBUnbounded RocksDBRule = "unbounded"
)

// RocksDBBudget is the memory RocksDB gets under one rule, split the way
// Flink splits it. Sizes are bytes; for fixed-per-tm they are the
// TaskManager's, shared by its slots, otherwise one slot's.
type RocksDBBudget struct {
	Rule RocksDBRule `json:"rule"`
	// Scope is "slot" or "taskmanager": who shares one budget.
	Scope string `json:"scope"`
	// Key is the option that sized the budget (for managed, the managed
	// memory itself: taskmanager.memory.managed.*).
	Key string `json:"-"`
	// Budget is the total Flink hands to RocksDB's shared objects; 0 when
	// unbounded.
	Budget MemorySize `json:"budget"`
	// BlockCache is the LRU cache capacity: Budget × (3 − r) / 3.
	BlockCache MemorySize `json:"block_cache"`
	// WriteBufferManager is the memtable limit, charged to the cache:
	// Budget × 2r / 3 (Flink expects memtables to reach 1.5 × this, so
	// that they use about Budget × r).
	WriteBufferManager MemorySize `json:"write_buffer_manager"`
	// HighPriorityPool is the part of the cache reserved for index and
	// filter blocks: BlockCache × h.
	HighPriorityPool MemorySize `json:"high_priority_pool"`
	// WriteBufferRatio (r) and HighPriorityPoolRatio (h) are the ratios
	// used.
	WriteBufferRatio      float64 `json:"-"`
	HighPriorityPoolRatio float64 `json:"-"`
	// Fraction is STATE_BACKEND's fraction of the slot's managed memory
	// (managed rule only).
	Fraction float64 `json:"-"`
	// Slots is the TaskManager's number of slots.
	Slots int `json:"-"`
	// Unaccounted is the memory the TaskManager gives RocksDB outside
	// Flink's budgets: fixed-per-slot × slots, or fixed-per-tm; 0 otherwise.
	Unaccounted MemorySize `json:"-"`
}

// Notice codes of the RocksDB budget.
const (
	// NoticeRocksDBUnbounded: Flink does not bound RocksDB's memory.
	NoticeRocksDBUnbounded NoticeCode = "rocksdb-unbounded"
	// NoticeRocksDBFixedOverOverhead: the fixed RocksDB memory does not fit
	// in the JVM overhead, the only unclaimed part of the process.
	NoticeRocksDBFixedOverOverhead NoticeCode = "rocksdb-fixed-exceeds-overhead"
	// NoticeRocksDBShareIdle: RocksDB takes fixed memory, so the managed
	// memory reserved for STATE_BACKEND stays unused.
	NoticeRocksDBShareIdle NoticeCode = "rocksdb-managed-share-idle"
	// NoticeRocksDBRatiosRefused: write-buffer-ratio and
	// high-prio-pool-ratio together leave no room for data blocks; Flink
	// refuses the job when it starts.
	NoticeRocksDBRatiosRefused NoticeCode = "rocksdb-ratios-refused"
	// NoticeRocksDBRatioOutOfRange: a ratio outside (0, 1).
	NoticeRocksDBRatioOutOfRange NoticeCode = "rocksdb-ratio-out-of-range"
	// NoticeRocksDBBudgetZero: the budget is 0 bytes.
	NoticeRocksDBBudgetZero NoticeCode = "rocksdb-budget-zero"
	// NoticeRocksDBKeyNotRead: fixed-per-tm before 1.17.
	NoticeRocksDBKeyNotRead NoticeCode = "rocksdb-key-not-read"
)

// RocksDB works out RocksDB's memory budget for a TaskManager, following
// Flink's precedence: fixed-per-slot if set, else the slot's managed memory
// (STATE_BACKEND's share, see ManagedShares) if memory.managed is true (the
// default), else fixed-per-tm shared by the TaskManager's slots (1.17 and
// later), else unbounded. The block cache, write buffer manager and
// high-priority pool are computed with Flink's double arithmetic and long
// casts. It returns nil unless uses.RocksDB.
//
// Notices warn when RocksDB is unbounded, when fixed memory does not fit
// the JVM overhead (it is not carved out of managed memory), when the
// managed share sits idle and when Flink would refuse the ratios. The error
// is a *Rejection for a value that cannot be read, or the slot profile's or
// consumer weights' error.
func RocksDB(l *Layout, cfg Config, uses Uses) (*RocksDBBudget, []SlotNotice, error) {
	if !uses.RocksDB {
		return nil, nil, nil
	}
	slot, err := l.Slot()
	if err != nil {
		return nil, nil, err
	}
	r := rocksDBReader{cfg: cfg, l: l}
	managed := r.boolean(RocksDBManagedKey, true)
	wr := r.double(RocksDBWriteBufferKey, rocksDBDefaultWriteBuf)
	hp := r.double(RocksDBHighPrioPoolKey, rocksDBDefaultHighPrio)
	fixedSlot, hasFixedSlot := r.size(RocksDBFixedPerSlotKey)
	var fixedTM MemorySize
	if _, set := cfg[RocksDBFixedPerTMKey]; set {
		if l.Line >= rocksDBFixedPerTMSince {
			fixedTM, _ = r.size(RocksDBFixedPerTMKey)
		} else {
			r.notices = append(r.notices, slotNotice(NoticeRocksDBKeyNotRead, RocksDBFixedPerTMKey, false,
				"%s is read from Flink 1.17 on; Flink %s ignores it", RocksDBFixedPerTMKey, l.Line))
		}
	}
	if r.err != nil {
		return nil, nil, r.err
	}

	b := &RocksDBBudget{Slots: slot.Slots, WriteBufferRatio: wr, HighPriorityPoolRatio: hp, Scope: "slot"}
	shares, _, err := managedShares(l, cfg, uses)
	if err != nil {
		return nil, nil, err
	}
	var stateShare ManagedShare
	for _, s := range shares {
		if s.Consumer == ConsumerStateBackend {
			stateShare = s
		}
	}
	switch {
	case hasFixedSlot:
		b.Rule, b.Key, b.Budget = RocksDBFixedPerSlot, RocksDBFixedPerSlotKey, fixedSlot
		b.Unaccounted = saturatingMul(fixedSlot, int64(slot.Slots))
	case managed:
		b.Rule, b.Key = RocksDBManaged, options[TMManagedSize].Key
		b.Fraction, b.Budget = stateShare.Fraction, stateShare.PerSlot
	case fixedTM > 0:
		b.Rule, b.Key, b.Budget, b.Scope = RocksDBFixedPerTM, RocksDBFixedPerTMKey, fixedTM, "taskmanager"
		b.Unaccounted = fixedTM
	default:
		b.Rule, b.Key = RocksDBUnbounded, RocksDBManagedKey
	}
	if b.Rule != RocksDBUnbounded {
		b.BlockCache = rocksDBCacheCapacity(b.Budget, wr)
		b.WriteBufferManager = rocksDBWriteBufferCapacity(b.Budget, wr)
		b.HighPriorityPool = MemorySize(javaLong(float64(b.BlockCache) * hp))
	}
	r.budgetNotices(b, stateShare)
	return b, r.notices, nil
}

// rocksDBCacheCapacity is Flink's block cache capacity for a budget:
// (long) ((3 − r) × budget / 3) in double precision.
func rocksDBCacheCapacity(budget MemorySize, writeBufferRatio float64) MemorySize {
	return MemorySize(javaLong((3 - writeBufferRatio) * float64(budget) / 3))
}

// rocksDBWriteBufferCapacity is Flink's write buffer manager capacity:
// (long) (2 × budget × r / 3), where 2 × budget is a long product (it wraps
// around as Java's does, for budgets beyond 4 EiB).
func rocksDBWriteBufferCapacity(budget MemorySize, writeBufferRatio float64) MemorySize {
	twice := int64(budget) * 2
	return MemorySize(javaLong(float64(twice) * writeBufferRatio / 3))
}

func saturatingMul(m MemorySize, n int64) MemorySize {
	if n <= 0 || m <= 0 {
		return 0
	}
	if m > MaxMemorySize/MemorySize(n) {
		return MaxMemorySize
	}
	return m * MemorySize(n)
}

// budgetNotices explains the budget: what is unbounded, idle, refused or
// does not fit.
func (r *rocksDBReader) budgetNotices(b *RocksDBBudget, stateShare ManagedShare) {
	l := r.l
	if b.Rule == RocksDBUnbounded {
		r.notices = append(r.notices, slotNotice(NoticeRocksDBUnbounded, RocksDBManagedKey, true,
			"RocksDB memory is NOT bounded: %s is false and no fixed size is set, so every state of every task sizes its own memtables and block cache outside Flink's budgets, which can exceed the container and get it killed; set %s back to true or set %s",
			RocksDBManagedKey, RocksDBManagedKey, fixedKeyFor(l.Line)))
	}
	if b.Rule != RocksDBManaged && stateShare.PerSlot > 0 {
		r.notices = append(r.notices, slotNotice(NoticeRocksDBShareIdle, ManagedConsumerWeightsKey, false,
			"RocksDB does not take managed memory (%s), yet Flink still reserves STATE_BACKEND's %s of each slot's managed memory for it, where it stays unused; lower the managed memory or STATE_BACKEND's weight",
			rocksDBInsteadOfManaged(b), stateShare.PerSlot.Human()))
	}
	if b.Rule == RocksDBUnbounded {
		return
	}
	if overhead := l.Size[Overhead]; b.Unaccounted > overhead {
		what := b.Budget.Human() + " per TaskManager"
		if b.Rule == RocksDBFixedPerSlot {
			what = b.Budget.Human() + " × " + strconv.Itoa(b.Slots) + " slots = " + b.Unaccounted.Human()
		}
		r.notices = append(r.notices, slotNotice(NoticeRocksDBFixedOverOverhead, b.Key, true,
			"RocksDB's fixed memory (%s) is not part of managed memory and does not fit in the JVM overhead (%s), the only part of the process Flink leaves for native memory: the process can outgrow its container; raise taskmanager.memory.jvm-overhead.min/max (and the process size) by the difference, or lower %s",
			what, overhead.Human(), b.Key))
	}
	if b.Budget == 0 && b.Rule != RocksDBManaged {
		r.notices = append(r.notices, slotNotice(NoticeRocksDBBudgetZero, b.Key, true,
			"%s is 0: RocksDB gets a 0-byte block cache and write buffer manager", b.Key))
	}
	if b.Budget == 0 && b.Rule == RocksDBManaged && stateShare.Fraction > 0 {
		r.notices = append(r.notices, slotNotice(NoticeRocksDBBudgetZero, options[TMManagedSize].Key, true,
			"RocksDB's share of the slot's managed memory is 0 bytes: the slot has no managed memory; raise taskmanager.memory.managed.fraction or .size"))
	}
	for _, ratio := range [...]struct {
		key string
		v   float64
	}{{RocksDBWriteBufferKey, b.WriteBufferRatio}, {RocksDBHighPrioPoolKey, b.HighPriorityPoolRatio}} {
		if !(ratio.v > 0 && ratio.v < 1) {
			r.notices = append(r.notices, slotNotice(NoticeRocksDBRatioOutOfRange, ratio.key, true,
				"%s is %v; it must lie between 0 and 1 (exclusive), or RocksDB's cache sizes make no sense", ratio.key, ratio.v))
		}
	}
	if w, h := b.WriteBufferRatio, b.HighPriorityPoolRatio; 2*w/(3-w)+h >= 1.0 {
		r.notices = append(r.notices, slotNotice(NoticeRocksDBRatiosRefused, RocksDBWriteBufferKey, true,
			"%s %v and %s %v leave no room for data blocks in the cache (2r/(3−r) + h must stay below 1); Flink refuses to start the job's RocksDB backend; lower either ratio",
			RocksDBWriteBufferKey, w, RocksDBHighPrioPoolKey, h))
	}
}

// rocksDBInsteadOfManaged names what RocksDB takes instead of managed memory.
func rocksDBInsteadOfManaged(b *RocksDBBudget) string {
	if b.Rule == RocksDBUnbounded {
		return RocksDBManagedKey + " is false"
	}
	return "it uses " + b.Key
}

func fixedKeyFor(line Line) string {
	if line >= rocksDBFixedPerTMSince {
		return RocksDBFixedPerSlotKey + " or " + RocksDBFixedPerTMKey
	}
	return RocksDBFixedPerSlotKey
}

// rocksDBReader reads RocksDB options, keeping the first error.
type rocksDBReader struct {
	cfg     Config
	l       *Layout
	err     error
	notices []SlotNotice
}

func (r *rocksDBReader) fail(c Check, key, raw string) {
	if r.err != nil {
		return
	}
	rej := &Rejection{Check: c, Role: TaskManager, Line: r.l.Line, Deployment: r.l.Deployment, Key: key, Raw: raw}
	rej.addKey(key)
	r.err = rej
}

func (r *rocksDBReader) boolean(key string, def bool) bool {
	raw, ok := r.cfg[key]
	if !ok {
		return def
	}
	// Flink's boolean options accept true/false in any case; unlike the
	// memory options they trim nothing.
	v, ok := parseJavaBool(raw)
	if !ok {
		r.fail(CheckBooleanUnparsable, key, raw)
	}
	return v
}

func (r *rocksDBReader) double(key string, def float64) float64 {
	raw, ok := r.cfg[key]
	if !ok {
		return def
	}
	v, ok := parseJavaNumber(raw, 64)
	if !ok {
		r.fail(CheckDoubleUnparsable, key, raw)
	}
	return v
}

func (r *rocksDBReader) size(key string) (MemorySize, bool) {
	raw, ok := r.cfg[key]
	if !ok {
		return 0, false
	}
	v, check := parseMemorySize(raw)
	if check != "" {
		r.fail(check, key, raw)
		return 0, false
	}
	return v, true
}
