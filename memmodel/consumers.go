package memmodel

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// This file answers "what does a slot's managed memory mean for my job":
// which consumers share it, with which weights, and how many bytes each
// gets. Flink decides this when a job starts, not when a TaskManager starts,
// so the refusals here are of the job, not of the process.

// Consumer names a kind of managed-memory consumer, as
// taskmanager.memory.managed.consumer-weights spells it.
type Consumer string

// Managed-memory consumers. OPERATOR, STATE_BACKEND and PYTHON are the use
// cases Flink 1.13 and later weigh; DATAPROC is the 1.12 name for operators
// and state backends together, still accepted as their fallback up to 1.20.
const (
	ConsumerOperator     Consumer = "OPERATOR"
	ConsumerStateBackend Consumer = "STATE_BACKEND"
	ConsumerPython       Consumer = "PYTHON"
	ConsumerDataProc     Consumer = "DATAPROC"
)

// consumerUseCases lists the use cases in the order Flink evaluates them.
var consumerUseCases = [...]Consumer{ConsumerOperator, ConsumerStateBackend, ConsumerPython}

// Describe says in a few words what the consumer is.
func (c Consumer) Describe() string {
	switch c {
	case ConsumerOperator:
		return "batch operators (sort, hash join, aggregation)"
	case ConsumerStateBackend:
		return "RocksDB state backend"
	case ConsumerPython:
		return "Python UDF workers"
	case ConsumerDataProc:
		return "operators and state backends (1.12 name)"
	}
	return string(c)
}

// ManagedConsumerWeightsKey is the option that weighs the consumers of a
// slot's managed memory.
const ManagedConsumerWeightsKey = "taskmanager.memory.managed.consumer-weights"

// CheckManagedConsumerUnknown is Flink 1.12 refusing a job because
// taskmanager.memory.managed.consumer-weights names a consumer other than
// DATAPROC and PYTHON (later lines ignore unknown names).
const CheckManagedConsumerUnknown Check = "managed-consumer-unknown"

// Uses says which managed-memory consumers a job has. Flink learns this from
// the job's operators; the tool learns it from the configuration where
// Flink's keys say it (UsesFromConfig) and otherwise from the user
// (ParseUses, the --uses flag).
type Uses struct {
	// RocksDB: the job keeps keyed state in RocksDB (STATE_BACKEND).
	RocksDB bool
	// Python: the job runs Python UDFs (PYTHON).
	Python bool
	// Operators: the job has operators that sort, hash or cache in managed
	// memory, as batch jobs do (OPERATOR).
	Operators bool
}

// Or combines two sets of consumers.
func (u Uses) Or(v Uses) Uses {
	return Uses{RocksDB: u.RocksDB || v.RocksDB, Python: u.Python || v.Python, Operators: u.Operators || v.Operators}
}

// Any reports whether the job has any managed-memory consumer.
func (u Uses) Any() bool { return u.RocksDB || u.Python || u.Operators }

// String lists the consumers in the form ParseUses reads ("rocksdb,python"),
// or "none".
func (u Uses) String() string {
	var parts []string
	if u.RocksDB {
		parts = append(parts, "rocksdb")
	}
	if u.Python {
		parts = append(parts, "python")
	}
	if u.Operators {
		parts = append(parts, "operators")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// ParseUses reads a comma-separated list of consumers, as the --uses flag
// takes it: rocksdb (or state-backend), python, operators (or batch), or
// none. Case and spaces do not matter; an empty string is none.
func ParseUses(s string) (Uses, error) {
	var u Uses
	for _, part := range strings.Split(s, ",") {
		switch strings.ToLower(strings.TrimSpace(part)) {
		case "":
		case "none":
		case "rocksdb", "state-backend", "state_backend", "statebackend":
			u.RocksDB = true
		case "python", "pyflink":
			u.Python = true
		case "operators", "operator", "batch":
			u.Operators = true
		default:
			return Uses{}, fmt.Errorf("unknown managed-memory consumer %q in %q: use a comma-separated list of rocksdb, python and operators (or none)", strings.TrimSpace(part), s)
		}
	}
	return u, nil
}

// UsesFromConfig reads the consumers that Flink's own keys reveal: a RocksDB
// state backend (state.backend.type, or state.backend before 1.17) makes
// STATE_BACKEND a consumer, and execution.runtime-mode BATCH makes OPERATOR
// one. Flink counts the STATE_BACKEND weight for any RocksDB backend, even
// with state.backend.rocksdb.memory.managed false; RocksDB then reports
// the share as idle. Python UDFs cannot be seen in the configuration.
func UsesFromConfig(cfg Config) Uses {
	var u Uses
	backend, ok := cfg["state.backend.type"]
	if !ok {
		backend = cfg["state.backend"]
	}
	if isRocksDBBackend(backend) {
		u.RocksDB = true
	}
	if BatchRuntimeMode(cfg) {
		u.Operators = true
	}
	return u
}

// BatchRuntimeMode reports whether execution.runtime-mode is BATCH (any
// case). AUTOMATIC and STREAMING are not batch.
func BatchRuntimeMode(cfg Config) bool {
	return strings.EqualFold(strings.TrimSpace(cfg["execution.runtime-mode"]), "batch")
}

// isRocksDBBackend recognises the shortcut name and the factory classes of
// the RocksDB state backend.
func isRocksDBBackend(v string) bool {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "rocksdb") {
		return true
	}
	return strings.HasSuffix(v, "RocksDBStateBackendFactory")
}

// ConsumerWeight is the weight one consumer gets in a slot.
type ConsumerWeight struct {
	// Consumer is the use case: OPERATOR, STATE_BACKEND or PYTHON.
	Consumer Consumer
	// Weight is the consumer's weight (never negative).
	Weight int
	// From is the name in consumer-weights that supplied the weight: the
	// consumer itself, or DATAPROC when Flink falls back to it.
	From Consumer
	// Default tells that consumer-weights is not set, so the line's default
	// applies.
	Default bool
}

// SlotNotice is a finding of the per-slot analysis: something Flink accepts
// but a user should know, or (Warning) something that makes jobs fail or
// containers exceed their memory.
type SlotNotice struct {
	Code NoticeCode
	// Key is the option the notice is about, when there is one.
	Key string
	// Warning marks findings that mean failures or unbounded memory rather
	// than information.
	Warning bool
	text    string
}

// Message renders the notice in plain words.
func (n SlotNotice) Message() string { return n.text }

// Notice codes of the per-slot analysis.
const (
	// NoticeConsumerNoWeight: a consumer the job has gets weight 0 (or none
	// at all), so it gets no managed memory.
	NoticeConsumerNoWeight NoticeCode = "managed-consumer-no-weight"
	// NoticeConsumerNameIgnored: consumer-weights names a consumer the line
	// does not read.
	NoticeConsumerNameIgnored NoticeCode = "managed-consumer-name-ignored"
	// NoticeManagedUnused: the slot has managed memory but the job has no
	// consumer for it.
	NoticeManagedUnused NoticeCode = "managed-memory-unused"
	// NoticeManagedNone: the job has consumers but the slot has no managed
	// memory.
	NoticeManagedNone NoticeCode = "managed-memory-none"
	// NoticeNoConsumerWeights: the line predates consumer weights (before
	// 1.12); each consumer may take the whole slot's managed memory.
	NoticeNoConsumerWeights NoticeCode = "managed-consumer-weights-not-read"
	// NoticePythonUnmanaged: Python workers do not use managed memory on
	// this line or with this configuration.
	NoticePythonUnmanaged NoticeCode = "python-not-managed"
)

func slotNotice(code NoticeCode, key string, warning bool, format string, args ...any) SlotNotice {
	return SlotNotice{Code: code, Key: key, Warning: warning, text: fmt.Sprintf(format, args...)}
}

// consumerRejection builds the rejection of a consumer-weights value.
func consumerRejection(c Check, line Line, raw string) *Rejection {
	r := &Rejection{Check: c, Role: TaskManager, Line: line, Key: ManagedConsumerWeightsKey, Raw: raw}
	r.addKey(ManagedConsumerWeightsKey)
	return r
}

// defaultConsumerWeights is the line's default for consumer-weights.
func defaultConsumerWeights(line Line) string {
	switch {
	case line < Line1_12.First():
		return ""
	case line.Series() == "1.12":
		return "DATAPROC:70,PYTHON:30"
	}
	return "OPERATOR:70,STATE_BACKEND:70,PYTHON:30"
}

// ConsumerWeights returns the weight of each managed-memory use case for a
// line, as Flink computes them when a job starts: from
// taskmanager.memory.managed.consumer-weights in either spelling (the flat
// "OPERATOR:70,PYTHON:30" or, on lines that read config.yaml, the YAML
// flow map "{OPERATOR: 70, PYTHON: 30}"), or from the line's default when
// the key is not set (1.12: DATAPROC:70,PYTHON:30; 1.13 and later:
// OPERATOR:70,STATE_BACKEND:70,PYTHON:30). Lines before 1.12 have no
// weights and get nil.
//
// On 1.13 to 1.20 a missing OPERATOR or STATE_BACKEND falls back to
// DATAPROC; 2.x no longer knows DATAPROC. Use cases without a weight are
// left out (they weigh 0). The error is a *Rejection: CheckIntegerUnparsable
// for a weight or entry that cannot be read, CheckManagedConsumerWeightNegative
// for a negative weight, and on 1.12 CheckManagedConsumerUnknown for a name
// other than DATAPROC and PYTHON — Flink refuses such jobs when they start.
func ConsumerWeights(cfg Config, line Line) ([]ConsumerWeight, error) {
	w, _, err := consumerWeights(cfg, line)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// consumerWeights also reports names the line ignores.
func consumerWeights(cfg Config, line Line) ([]ConsumerWeight, []SlotNotice, error) {
	if line < Line1_12.First() {
		return nil, nil, nil
	}
	raw, set := cfg[ManagedConsumerWeightsKey]
	var entries []mapEntry
	if !set {
		// Flink also reads a map option from keys below its own
		// ("….consumer-weights.PYTHON: 30"), which is how config.yaml's
		// nested and flow maps arrive once flattened.
		entries = prefixEntries(cfg, ManagedConsumerWeightsKey)
		if entries == nil {
			raw = defaultConsumerWeights(line)
		}
	}
	if entries == nil {
		var bad string
		var ok bool
		entries, bad, ok = parseConsumerMap(raw, line.ReadsConfigYAML())
		if !ok {
			return nil, nil, consumerRejection(CheckIntegerUnparsable, line, bad)
		}
	}
	lookup := func(name Consumer) (string, bool) {
		for _, e := range entries {
			if e.Key == string(name) {
				return e.Value, true
			}
		}
		return "", false
	}
	// parse reads the weight written for name; a negative weight is
	// reported with its name ("PYTHON:-1") so that the message can say
	// which entry to change.
	parse := func(name Consumer, s string) (int, error) {
		v, ok := parseJavaInt(s)
		if !ok {
			return 0, consumerRejection(CheckIntegerUnparsable, line, s)
		}
		if v < 0 {
			return 0, consumerRejection(CheckManagedConsumerWeightNegative, line, string(name)+":"+s)
		}
		return int(v), nil
	}
	var out []ConsumerWeight
	var notices []SlotNotice
	if line.Series() == "1.12" {
		// 1.12 reads every entry and knows only DATAPROC and PYTHON.
		var dataproc, python *int
		for _, e := range entries {
			switch Consumer(e.Key) {
			case ConsumerDataProc, ConsumerPython:
				v, err := parse(Consumer(e.Key), e.Value)
				if err != nil {
					return nil, nil, err
				}
				if Consumer(e.Key) == ConsumerDataProc {
					dataproc = &v
				} else {
					python = &v
				}
			default:
				return nil, nil, consumerRejection(CheckManagedConsumerUnknown, line, e.Key)
			}
		}
		if dataproc != nil {
			out = append(out,
				ConsumerWeight{Consumer: ConsumerOperator, Weight: *dataproc, From: ConsumerDataProc, Default: !set},
				ConsumerWeight{Consumer: ConsumerStateBackend, Weight: *dataproc, From: ConsumerDataProc, Default: !set})
		}
		if python != nil {
			out = append(out, ConsumerWeight{Consumer: ConsumerPython, Weight: *python, From: ConsumerPython, Default: !set})
		}
		return out, nil, nil
	}
	fallback := line <= Line1_20
	for _, uc := range consumerUseCases {
		names := [2]Consumer{uc, ""}
		if fallback && uc != ConsumerPython {
			names[1] = ConsumerDataProc
		}
		for _, name := range names {
			if name == "" {
				continue
			}
			s, ok := lookup(name)
			if !ok {
				continue
			}
			v, err := parse(name, s)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, ConsumerWeight{Consumer: uc, Weight: v, From: name, Default: !set})
			break
		}
	}
	for _, e := range entries {
		switch Consumer(e.Key) {
		case ConsumerOperator, ConsumerStateBackend, ConsumerPython:
			continue
		case ConsumerDataProc:
			if fallback {
				continue
			}
		}
		notices = append(notices, slotNotice(NoticeConsumerNameIgnored, ManagedConsumerWeightsKey, false,
			"%s: Flink %s does not know the consumer %q and ignores it; the consumers are OPERATOR, STATE_BACKEND and PYTHON",
			ManagedConsumerWeightsKey, line, e.Key))
	}
	return out, notices, nil
}

// ManagedShare is one consumer's share of a slot's managed memory.
type ManagedShare struct {
	Consumer Consumer `json:"consumer"`
	// Weight is the consumer's weight; From the consumer-weights name it
	// came from (DATAPROC when Flink fell back to it).
	Weight int      `json:"weight"`
	From   Consumer `json:"-"`
	// Fraction is the consumer's fraction of the slot's managed memory, as
	// Flink rounds it (down, to 16 decimal places).
	Fraction float64 `json:"fraction"`
	// PerSlot is the consumer's managed memory in one slot, in bytes.
	PerSlot MemorySize `json:"bytes"`
}

// ManagedShares splits one slot's managed memory (Flink's default slot
// profile, Layout.Slot) between the consumers the job has, the way Flink
// does when the job starts: each consumer present gets weight / (sum of the
// weights of the consumers present), rounded down to 16 decimal places,
// and its bytes are that fraction of the slot's managed memory, rounded
// down. Consumers the job does not have are not listed.
//
// Before 1.12 there are no weights: RocksDB and batch operators may each use
// the whole slot, and Python does not use managed memory. The notices say
// when a consumer gets nothing, when names are ignored and when managed
// memory sits idle. The error is the slot profile's or ConsumerWeights'.
func ManagedShares(l *Layout, cfg Config, uses Uses) ([]ManagedShare, []SlotNotice, error) {
	return managedShares(l, cfg, uses)
}

func managedShares(l *Layout, cfg Config, uses Uses) ([]ManagedShare, []SlotNotice, error) {
	slot, err := l.Slot()
	if err != nil {
		return nil, nil, err
	}
	var notices []SlotNotice
	python := uses.Python
	if python && l.Line >= Line1_12.First() {
		if v, ok := cfg["python.fn-execution.memory.managed"]; ok {
			if b, ok := parseJavaBool(v); ok && !b {
				python = false
				notices = append(notices, slotNotice(NoticePythonUnmanaged, "python.fn-execution.memory.managed", false,
					"python.fn-execution.memory.managed is false: Python workers take their memory outside managed memory, so PYTHON gets no share"))
			}
		}
	}
	present := [len(consumerUseCases)]bool{uses.Operators, uses.RocksDB, python}
	any := present[0] || present[1] || present[2]

	if l.Line < Line1_12.First() {
		var shares []ManagedShare
		for i, uc := range consumerUseCases {
			if !present[i] {
				continue
			}
			if uc == ConsumerPython {
				notices = append(notices, slotNotice(NoticePythonUnmanaged, "", false,
					"Python workers use managed memory only from Flink 1.12 on"))
				continue
			}
			shares = append(shares, ManagedShare{Consumer: uc, Fraction: 1, PerSlot: slot.Managed})
		}
		if len(shares) > 0 {
			notices = append(notices, slotNotice(NoticeNoConsumerWeights, "", false,
				"Flink %s has no consumer weights: each consumer may use all of the slot's managed memory (%s)", l.Line, slot.Managed.Human()))
		}
		return shares, appendManagedNotices(notices, any, slot.Managed, shares), nil
	}

	weights, ignored, err := consumerWeights(cfg, l.Line)
	if err != nil {
		return nil, nil, err
	}
	notices = append(notices, ignored...)
	weightOf := func(uc Consumer) (ConsumerWeight, bool) {
		for _, w := range weights {
			if w.Consumer == uc {
				return w, true
			}
		}
		return ConsumerWeight{Consumer: uc}, false
	}
	total := 0
	for i, uc := range consumerUseCases {
		if present[i] {
			w, _ := weightOf(uc)
			total += w.Weight
		}
	}
	var shares []ManagedShare
	for i, uc := range consumerUseCases {
		if !present[i] {
			continue
		}
		w, found := weightOf(uc)
		share := ManagedShare{Consumer: uc, Weight: w.Weight, From: w.From}
		if total > 0 {
			share.Fraction = fractionRoundedDown(int64(w.Weight), int64(total))
		}
		share.PerSlot = managedBytes(slot.Managed, share.Fraction)
		shares = append(shares, share)
		if w.Weight == 0 {
			how := "is 0"
			if !found {
				how = "is missing"
			}
			notices = append(notices, slotNotice(NoticeConsumerNoWeight, ManagedConsumerWeightsKey, true,
				"the job has %s (%s) but its weight in %s %s: it gets no managed memory, and Flink fails tasks that need it when they start; give %s a weight above 0",
				uc, uc.Describe(), ManagedConsumerWeightsKey, how, uc))
		}
	}
	return shares, appendManagedNotices(notices, any, slot.Managed, shares), nil
}

// appendManagedNotices adds the notices about managed memory as a whole.
func appendManagedNotices(notices []SlotNotice, any bool, managed MemorySize, shares []ManagedShare) []SlotNotice {
	switch {
	case !any && managed > 0:
		notices = append(notices, slotNotice(NoticeManagedUnused, options[TMManagedSize].Key, false,
			"each slot has %s of managed memory but the job has no consumer for it (no RocksDB, batch operators or Python): it stays idle; set taskmanager.memory.managed.size to 0 to give it to the task heap, or say which consumers the job has",
			managed.Human()))
	case any && managed == 0 && len(shares) > 0:
		notices = append(notices, slotNotice(NoticeManagedNone, options[TMManagedSize].Key, true,
			"the job has managed-memory consumers but the slot has no managed memory: they get 0 bytes; raise taskmanager.memory.managed.fraction or .size"))
	}
	return notices
}

// fractionRoundedDown is dividend/divisor rounded down to 16 decimal
// places and then read as the nearest double, as Flink's
// getFractionRoundedDown does with BigDecimal.
func fractionRoundedDown(dividend, divisor int64) float64 {
	if divisor <= 0 || dividend <= 0 {
		return 0
	}
	// dividend × 10^16 fits in 128 bits; the quotient fits in 64 bits as
	// long as dividend ≤ divisor, which weights of present consumers are.
	hi, lo := bits.Mul64(uint64(dividend), 1e16)
	if hi >= uint64(divisor) {
		return float64(dividend) / float64(divisor)
	}
	q, _ := bits.Div64(hi, lo, uint64(divisor))
	var buf [32]byte
	b := strconv.AppendUint(buf[:0], q, 10)
	b = append(b, "e-16"...)
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0
	}
	return f
}

// managedBytes is the memory manager's size for a fraction of the slot:
// Flink multiplies in double precision and rounds down.
func managedBytes(slot MemorySize, fraction float64) MemorySize {
	if fraction <= 0 || slot <= 0 {
		return 0
	}
	return MemorySize(javaLong(math.Floor(float64(slot) * fraction)))
}

// javaLong converts a double to a long as Java's (long) cast does: toward
// zero, NaN to 0, saturating at the long range.
func javaLong(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// SlotReport gathers the per-slot analysis of one TaskManager: the slot
// profile, the managed-memory shares, the RocksDB budget and the network
// buffers. Each part carries its own error so that one refusal does not
// hide the rest.
type SlotReport struct {
	Profile    SlotProfile
	ProfileErr error

	Uses      Uses
	Shares    []ManagedShare
	SharesErr error

	// RocksDB is nil unless the job uses RocksDB.
	RocksDB    *RocksDBBudget
	RocksDBErr error

	Network    NetworkEstimate
	NetworkErr error

	// Notices collects the findings of all parts, shares first.
	Notices []SlotNotice
}

// AnalyzeSlots runs the whole per-slot analysis for a resolved TaskManager:
// ManagedShares, RocksDB and NetworkBuffers (with job == nil the network
// part gives the buffers available but no requirement). l must be the
// layout Resolve returned for in.
func AnalyzeSlots(in Input, l *Layout, uses Uses, job *JobShape) SlotReport {
	r := SlotReport{Uses: uses}
	if l == nil || l.Role != TaskManager {
		err := errors.New("the per-slot analysis needs a resolved TaskManager")
		r.ProfileErr, r.SharesErr, r.NetworkErr = err, err, err
		return r
	}
	r.Profile, r.ProfileErr = l.Slot()
	var notices []SlotNotice
	r.Shares, notices, r.SharesErr = ManagedShares(l, in.Config, uses)
	r.Notices = append(r.Notices, notices...)
	r.RocksDB, notices, r.RocksDBErr = RocksDB(l, in.Config, uses)
	r.Notices = append(r.Notices, notices...)
	r.Network, r.NetworkErr = NetworkBuffers(in, l, job)
	r.Notices = append(r.Notices, r.Network.Notices...)
	return r
}
