package memmodel

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Network buffers: how many a TaskManager has, how many a job needs when
// its tasks start, and the smallest change of network memory that makes
// the need fit. Flink fails a task with "Insufficient number of network
// buffers" when the buffers its pools require cannot be reserved; that is
// what the estimate is about.

// Network option keys the estimate reads.
const (
	SegmentSizeKey               = "taskmanager.memory.segment-size"
	BuffersPerChannelKey         = "taskmanager.network.memory.buffers-per-channel"
	RequiredPerGateMaxKey        = "taskmanager.network.memory.read-buffer.required-per-gate.max"
	SortShuffleMinBuffersKey     = "taskmanager.network.sort-shuffle.min-buffers"
	SortShuffleMinParallelismKey = "taskmanager.network.sort-shuffle.min-parallelism"
)

// Notice codes of the network estimate.
const (
	// NoticeNetworkKeyNotRead: a network option the line no longer reads.
	NoticeNetworkKeyNotRead NoticeCode = "network-key-not-read"
	// NoticeNetworkBuffersOverInt: more buffers than Flink can count.
	NoticeNetworkBuffersOverInt NoticeCode = "network-buffers-over-int"
	// NoticeNetworkShort: the job needs more buffers than the TaskManager
	// has.
	NoticeNetworkShort NoticeCode = "network-buffers-insufficient"
)

// JobShape describes a job's data exchanges, the inputs of the network
// buffer estimate. The model is one pipeline of vertices, all at the same
// parallelism, joined by AllToAll all-to-all exchanges (keyBy, rebalance,
// broadcast) and Forward forward exchanges that Flink could not chain.
type JobShape struct {
	// Parallelism of every vertex (at least 1).
	Parallelism int
	// SlotsPerTM is the number of slots of each TaskManager; 0 means the
	// configuration's taskmanager.numberOfTaskSlots.
	SlotsPerTM int
	// AllToAll is the number of all-to-all exchanges in the pipeline.
	AllToAll int
	// Forward is the number of forward exchanges that are not chained.
	Forward int
	// Batch: blocking exchanges, one vertex at a time per slot (batch
	// runtime mode); otherwise streaming, every vertex running at once.
	Batch bool
}

// BufferPool is one kind of buffer pool in a slot and the buffers it must
// get when its task starts.
type BufferPool struct {
	// What names the pool ("input gate of an all-to-all exchange").
	What string
	// Output tells an output (result partition) from an input gate.
	Output bool
	// Channels is the number of input channels or output subpartitions.
	Channels int64
	// Count is how many such pools one slot holds.
	Count int64
	// Required is the buffers each pool requires.
	Required int64
}

// NetworkEstimate is the network buffers of one TaskManager: those it has
// and, for a job shape, those the job's tasks require when they start.
type NetworkEstimate struct {
	// SegmentSize is the size of one buffer (taskmanager.memory.segment-size).
	SegmentSize MemorySize `json:"segment_size"`
	// Network is the TaskManager's network memory.
	Network MemorySize `json:"-"`
	// Available is the buffers in the TaskManager's pool: network memory /
	// segment size, rounded down.
	Available int64 `json:"available"`
	// Required is the buffers the job needs on one TaskManager at task
	// start; nil without a job shape.
	Required *int64 `json:"required"`
	// Assumptions states what the estimate assumes, in words.
	Assumptions string `json:"assumptions"`

	// SlotsUsed is the number of the TaskManager's slots the job fills;
	// PerSlot the buffers one slot requires; Pools what they are made of.
	SlotsUsed int          `json:"-"`
	PerSlot   int64        `json:"-"`
	Pools     []BufferPool `json:"-"`
	// NetworkNeeded is the network memory the requirement takes: Required ×
	// SegmentSize.
	NetworkNeeded MemorySize `json:"-"`
	// Fixes are verified changes that make the requirement fit, smallest
	// first; empty when it fits or nothing cures it.
	Fixes   []Fix        `json:"-"`
	Notices []SlotNotice `json:"-"`
}

// Short returns how many buffers are missing: Required − Available when the
// requirement does not fit, otherwise 0.
func (e *NetworkEstimate) Short() int64 {
	if e.Required == nil || *e.Required <= e.Available {
		return 0
	}
	return *e.Required - e.Available
}

// netParams are the line's buffer rules with the configured values.
type netParams struct {
	line       Line
	seg        MemorySize
	bpc        int64
	gateMax    int64 // configured required-per-gate.max; 0 when unset
	readsGate  bool  // the line caps required buffers per gate (1.17+)
	sortMin    int64
	sortMinPar int64
	hasSort    bool // the line has sort-merge shuffle (1.12+)
}

// NetworkBuffers estimates the network buffers of a TaskManager. l is the
// layout Resolve returned for in (nil: NetworkBuffers resolves in itself).
// Without a job shape it gives the buffers available; with one it also
// estimates the buffers the job's tasks require on one TaskManager when
// they start, with the line's rules: per input gate of N channels
// N × buffers-per-channel + 1 (from 1.17 at most
// read-buffer.required-per-gate.max, by default unlimited for streaming and
// 1000 for batch), per output of S subpartitions S + 1, and for batch
// sort-shuffle outputs sort-shuffle.min-buffers. Assumptions says what is
// assumed.
//
// When the requirement does not fit, Fixes holds the smallest changes of
// taskmanager.memory.network.min (with .max where it caps), of the total
// size that keep the task heap, of network.fraction, and (1.17+) of
// required-per-gate.max that make it fit, each verified by resolving the
// edited configuration and estimating again.
//
// The error is the resolution's *Rejection, a *Rejection for a segment size
// or network option Flink refuses, or an error for an impossible job shape.
func NetworkBuffers(in Input, l *Layout, job *JobShape) (NetworkEstimate, error) {
	if l == nil {
		resolved, err := Resolve(in)
		if err != nil {
			return NetworkEstimate{}, err
		}
		l = &resolved
	}
	if l.Role != TaskManager {
		return NetworkEstimate{}, errors.New("network buffers belong to a TaskManager, not a JobManager")
	}
	p, notices, err := readNetParams(in.Config, l)
	if err != nil {
		return NetworkEstimate{}, err
	}
	est := estimateWith(p, l, job)
	est.Notices = notices
	if job == nil {
		return est, nil
	}
	if err := job.validate(); err != nil {
		return NetworkEstimate{}, err
	}
	if est.Available > math.MaxInt32 {
		est.Notices = append(est.Notices, slotNotice(NoticeNetworkBuffersOverInt, options[TMNetworkMax].Key, true,
			"network memory %s holds %d buffers of %s, more than Flink can count (2³¹−1): the TaskManager fails to start; lower taskmanager.memory.network.max or raise the segment size",
			est.Network.Human(), est.Available, p.seg.Human()))
	}
	if short := est.Short(); short > 0 {
		est.Fixes = networkFixes(in, l, p, job, *est.Required)
		est.Notices = append(est.Notices, slotNotice(NoticeNetworkShort, options[TMNetworkMin].Key, true,
			"the job needs about %d network buffers per TaskManager when its tasks start but there are only %d (%s of network memory / %s): %d short; Flink fails the tasks with \"Insufficient number of network buffers\"; give network memory at least %s",
			*est.Required, est.Available, est.Network.Human(), p.seg.Human(), short, est.NetworkNeeded.Human()))
	}
	return est, nil
}

// ErrJobShape is wrapped by the errors of a job shape that no Flink job
// can have (a parallelism below 1 or above MaxParallelism, negative
// counts): the input is wrong, not the configuration.
var ErrJobShape = errors.New("impossible job shape")

// jobShapeError is an impossible job shape, in plain words.
type jobShapeError struct{ msg string }

func (e *jobShapeError) Error() string        { return e.msg }
func (e *jobShapeError) Is(target error) bool { return target == ErrJobShape }

func jobShapeErrorf(format string, args ...any) error {
	return &jobShapeError{fmt.Sprintf(format, args...)}
}

func (j *JobShape) validate() error {
	switch {
	case j.Parallelism < 1:
		return jobShapeErrorf("job parallelism is %d; it must be at least 1", j.Parallelism)
	case j.Parallelism > MaxParallelism:
		return jobShapeErrorf("job parallelism is %d; Flink's largest parallelism is %d (2¹⁵)", j.Parallelism, MaxParallelism)
	case j.SlotsPerTM < 0:
		return jobShapeErrorf("slots per TaskManager is %d; it must be at least 1 (or 0 for the configured taskmanager.numberOfTaskSlots)", j.SlotsPerTM)
	case j.AllToAll < 0 || j.Forward < 0:
		return jobShapeErrorf("exchanges cannot be negative (all-to-all %d, forward %d)", j.AllToAll, j.Forward)
	}
	return nil
}

// estimateWith computes the estimate for given rules, without fixes.
func estimateWith(p netParams, l *Layout, job *JobShape) NetworkEstimate {
	est := NetworkEstimate{SegmentSize: p.seg, Network: l.Size[Network]}
	est.Available = int64(l.Size[Network] / p.seg)
	if job == nil {
		est.Assumptions = "no job shape given: only the buffers available are known"
		return est
	}
	if job.validate() != nil {
		return est
	}
	slots := job.SlotsPerTM
	if slots == 0 {
		slots = l.Slots
		if slots < 1 {
			slots = 1
		}
	}
	est.SlotsUsed = min(slots, job.Parallelism)
	est.Pools = p.slotPools(job)
	est.PerSlot = p.perSlot(job, est.Pools)
	req := satMul(est.PerSlot, int64(est.SlotsUsed))
	est.Required = &req
	if req <= int64(MaxMemorySize/p.seg) {
		est.NetworkNeeded = MemorySize(req) * p.seg
	} else {
		est.NetworkNeeded = MaxMemorySize
	}
	est.Assumptions = p.assumptions(job, est.SlotsUsed)
	return est
}

// MaxParallelism is the largest parallelism Flink accepts for an operator
// (its upper bound on max parallelism, 2¹⁵).
const MaxParallelism = 1 << 15

// satAdd adds two counts of buffers, saturating at the largest int64
// instead of wrapping to a negative count.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// gate is the buffers an input gate of n channels requires.
func (p netParams) gate(n int64, batch bool) int64 {
	target := satAdd(satMul(n, p.bpc), 1)
	if !p.readsGate {
		return target
	}
	limit := p.gateMax
	if limit == 0 {
		if !batch {
			return target
		}
		limit = 1000
	}
	return min(limit, target)
}

// output is the buffers a result partition of s subpartitions requires.
func (p netParams) output(s int64, batch bool) int64 {
	if batch && p.hasSort && s >= p.sortMinPar {
		return p.sortMin
	}
	return satAdd(s, 1)
}

// slotPools lists the pools one slot holds. Streaming holds every vertex's
// pools at once; batch holds those of the one vertex that needs most.
func (p netParams) slotPools(job *JobShape) []BufferPool {
	par := int64(job.Parallelism)
	a, f := int64(job.AllToAll), int64(job.Forward)
	outName := func(kind string, subpartitions int64) string {
		if job.Batch && p.hasSort && subpartitions >= p.sortMinPar {
			return "sort-shuffle output of " + kind + " exchange"
		}
		return "output of " + kind + " exchange"
	}
	outAll := BufferPool{What: outName("an all-to-all", par), Output: true, Channels: par, Required: p.output(par, job.Batch)}
	inAll := BufferPool{What: "input gate of an all-to-all exchange", Channels: par, Required: p.gate(par, job.Batch)}
	outFwd := BufferPool{What: outName("a forward", 1), Output: true, Channels: 1, Required: p.output(1, job.Batch)}
	inFwd := BufferPool{What: "input gate of a forward exchange", Channels: 1, Required: p.gate(1, job.Batch)}
	var pools []BufferPool
	add := func(bp BufferPool, n int64) {
		if n > 0 {
			bp.Count = n
			pools = append(pools, bp)
		}
	}
	if !job.Batch {
		add(outAll, a)
		add(inAll, a)
		add(outFwd, f)
		add(inFwd, f)
		return pools
	}
	// Batch: a vertex reads one exchange and writes the next; the worst
	// neighbouring pair the counts allow is the slot's peak.
	type pair struct{ in, out *BufferPool }
	var cands []pair
	if a+f == 1 {
		if a == 1 {
			cands = []pair{{nil, &outAll}, {&inAll, nil}}
		} else {
			cands = []pair{{nil, &outFwd}, {&inFwd, nil}}
		}
	}
	if a >= 2 {
		cands = append(cands, pair{&inAll, &outAll})
	}
	if a >= 1 && f >= 1 {
		cands = append(cands, pair{&inAll, &outFwd}, pair{&inFwd, &outAll})
	}
	if f >= 2 {
		cands = append(cands, pair{&inFwd, &outFwd})
	}
	best, bestSum := pair{}, int64(-1)
	for _, c := range cands {
		sum := int64(0)
		if c.in != nil {
			sum = satAdd(sum, c.in.Required)
		}
		if c.out != nil {
			sum = satAdd(sum, c.out.Required)
		}
		if sum > bestSum {
			best, bestSum = c, sum
		}
	}
	if best.in != nil {
		add(*best.in, 1)
	}
	if best.out != nil {
		add(*best.out, 1)
	}
	return pools
}

func (p netParams) perSlot(job *JobShape, pools []BufferPool) int64 {
	var sum int64
	for _, bp := range pools {
		sum = satAdd(sum, satMul(bp.Required, bp.Count))
	}
	return sum
}

// assumptions states the model in words, with the line's rules.
func (p netParams) assumptions(job *JobShape, slots int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Estimate of the network buffers one TaskManager must reserve when the job's tasks start (Flink %s rules; Flink fails a task with \"Insufficient number of network buffers\" otherwise). Assumed: every vertex at parallelism %d, one subtask of each vertex per slot (default slot sharing), %d of the TaskManager's slots used, %d all-to-all and %d unchained forward exchanges in one pipeline, every channel remote (an upper bound). ",
		p.line, job.Parallelism, slots, job.AllToAll, job.Forward)
	if job.Batch {
		b.WriteString("Batch: blocking exchanges, one vertex at a time per slot, the most demanding vertex counted. ")
	} else {
		b.WriteString("Streaming: all vertices of a slot run at once. ")
	}
	fmt.Fprintf(&b, "Required per input gate of N channels: N × %d + 1", p.bpc)
	if p.readsGate {
		switch {
		case p.gateMax > 0:
			fmt.Fprintf(&b, ", at most %d (%s)", p.gateMax, RequiredPerGateMaxKey)
		case job.Batch:
			fmt.Fprintf(&b, ", at most 1000 for batch (%s unset)", RequiredPerGateMaxKey)
		}
	}
	b.WriteString("; per output of S subpartitions: S + 1")
	if job.Batch && p.hasSort {
		if p.sortMinPar <= 1 {
			fmt.Fprintf(&b, "; batch outputs use sort shuffle and require %d", p.sortMin)
		} else if p.sortMinPar < math.MaxInt32 {
			fmt.Fprintf(&b, "; batch outputs with at least %d subpartitions use sort shuffle and require %d", p.sortMinPar, p.sortMin)
		}
	}
	b.WriteString(". Not counted: optional floating and overdraft buffers, other jobs on the same TaskManager.")
	return b.String()
}

// readNetParams reads the line's buffer rules and the configured network
// options.
func readNetParams(cfg Config, l *Layout) (netParams, []SlotNotice, error) {
	line := l.Line
	p := netParams{line: line, seg: 32 * KiB, bpc: 2}
	var notices []SlotNotice
	fail := func(c Check, key, raw string, value MemorySize) (netParams, []SlotNotice, error) {
		r := &Rejection{Check: c, Role: TaskManager, Line: line, Deployment: l.Deployment, Key: key, Raw: raw, Value: value}
		r.addKey(key)
		return netParams{}, nil, r
	}
	intOpt := func(key string, def int64) (int64, *Rejection) {
		raw, ok := cfg[key]
		if !ok {
			return def, nil
		}
		v, ok := parseJavaInt(raw)
		if !ok {
			r := &Rejection{Check: CheckIntegerUnparsable, Role: TaskManager, Line: line, Deployment: l.Deployment, Key: key, Raw: raw}
			r.addKey(key)
			return 0, r
		}
		return int64(v), nil
	}
	notRead := func(key, fixed string) {
		if _, ok := cfg[key]; ok {
			notices = append(notices, slotNotice(NoticeNetworkKeyNotRead, key, false,
				"%s is not read by Flink %s, which uses %s", key, line, fixed))
		}
	}

	if raw, ok := cfg[SegmentSizeKey]; ok {
		seg, check := parseMemorySize(raw)
		switch {
		case check != "":
			return fail(check, SegmentSizeKey, raw, 0)
		case seg > math.MaxInt32:
			return fail(CheckSegmentSizeExceedsInt, SegmentSizeKey, raw, seg)
		case seg < 4*KiB:
			return fail(CheckSegmentSizeTooSmall, SegmentSizeKey, raw, seg)
		case seg&(seg-1) != 0:
			return fail(CheckSegmentSizeNotPowerOfTwo, SegmentSizeKey, raw, seg)
		}
		p.seg = seg
	}

	if line >= Line2_0 {
		notRead(BuffersPerChannelKey, "2 buffers per channel")
		notRead(SortShuffleMinParallelismKey, "sort shuffle for every blocking output")
	} else {
		v, rej := intOpt(BuffersPerChannelKey, 2)
		if rej != nil {
			return netParams{}, nil, rej
		}
		if v < 0 {
			return netParams{}, nil, fmt.Errorf("%s is %d; it cannot be negative", BuffersPerChannelKey, v)
		}
		p.bpc = v
	}

	p.readsGate = line >= Line1_17
	if p.readsGate {
		v, rej := intOpt(RequiredPerGateMaxKey, 0)
		if rej != nil {
			return netParams{}, nil, rej
		}
		if _, set := cfg[RequiredPerGateMaxKey]; set && v < 1 {
			return netParams{}, nil, fmt.Errorf("%s is %d; Flink requires at least 1 (leave it unset for the default)", RequiredPerGateMaxKey, v)
		}
		p.gateMax = v
	} else {
		notRead(RequiredPerGateMaxKey, "every input gate's full N × buffers-per-channel + 1")
	}

	p.hasSort = line >= Line1_12.First()
	if p.hasSort {
		defMin, defPar := int64(512), int64(1)
		if line < Line1_15 {
			defMin, defPar = 64, math.MaxInt32
		}
		var rej *Rejection
		if p.sortMin, rej = intOpt(SortShuffleMinBuffersKey, defMin); rej != nil {
			return netParams{}, nil, rej
		}
		p.sortMinPar = 1
		if line < Line2_0 {
			if p.sortMinPar, rej = intOpt(SortShuffleMinParallelismKey, defPar); rej != nil {
				return netParams{}, nil, rej
			}
		}
	}
	return p, notices, nil
}
