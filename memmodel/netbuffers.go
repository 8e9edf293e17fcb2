package memmodel

import (
	"errors"
	"fmt"
	"math"
	"strconv"
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
		est.Notices = append(est.Notices, slotNotice(NoticeNetworkBuffersOverInt, "taskmanager.memory.network.max", true,
			"network memory %s holds %d buffers of %s, more than Flink can count (2³¹−1): the TaskManager fails to start; lower taskmanager.memory.network.max or raise the segment size",
			est.Network.Human(), est.Available, p.seg.Human()))
	}
	if short := est.Short(); short > 0 {
		est.Fixes = networkFixes(in, l, p, job, *est.Required)
		est.Notices = append(est.Notices, slotNotice(NoticeNetworkShort, "taskmanager.memory.network.min", true,
			"the job needs about %d network buffers per TaskManager when its tasks start but there are only %d (%s of network memory / %s): %d short; Flink fails the tasks with \"Insufficient number of network buffers\"; give network memory at least %s",
			*est.Required, est.Available, est.Network.Human(), p.seg.Human(), short, est.NetworkNeeded.Human()))
	}
	return est, nil
}

func (j *JobShape) validate() error {
	switch {
	case j.Parallelism < 1:
		return fmt.Errorf("job parallelism is %d; it must be at least 1", j.Parallelism)
	case j.SlotsPerTM < 0:
		return fmt.Errorf("slots per TaskManager is %d; it must be at least 1 (or 0 for the configured taskmanager.numberOfTaskSlots)", j.SlotsPerTM)
	case j.AllToAll < 0 || j.Forward < 0:
		return fmt.Errorf("exchanges cannot be negative (all-to-all %d, forward %d)", j.AllToAll, j.Forward)
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
	target := satMul(n, p.bpc) + 1
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
	return s + 1
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
			sum += c.in.Required
		}
		if c.out != nil {
			sum += c.out.Required
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
		sum += satMul(bp.Required, bp.Count)
		if sum < 0 {
			return math.MaxInt64
		}
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

// networkFixes finds verified changes that give the TaskManager at least
// required buffers.
func networkFixes(in Input, l *Layout, p netParams, job *JobShape, required int64) []Fix {
	if required > int64(MaxMemorySize/p.seg) {
		return nil
	}
	need := MemorySize(required) * p.seg
	cfg := in.Config
	// try resolves cfg with set applied and reports the layout when it has
	// enough buffers.
	try := func(set []KeyValue) (Layout, bool, error) {
		edited := Fix{Set: set}.Apply(cfg)
		nl, err := Resolve(Input{Role: TaskManager, Line: l.Line, Deployment: l.Deployment, Config: edited})
		if err != nil {
			return Layout{}, false, err
		}
		np, _, err := readNetParams(edited, &nl)
		if err != nil {
			return Layout{}, false, err
		}
		e := estimateWith(np, &nl, job)
		return nl, e.Required != nil && *e.Required <= e.Available, nil
	}
	minKey, maxKey, fracKey := "taskmanager.memory.network.min", "taskmanager.memory.network.max", "taskmanager.memory.network.fraction"
	var fixes []Fix
	heapNote := func(nl *Layout) string {
		switch {
		case nl.Size[TaskHeap] < l.Size[TaskHeap]:
			return "the task heap shrinks from " + l.Size[TaskHeap].Human() + " to " + nl.Size[TaskHeap].Human()
		case nl.TotalProcess > l.TotalProcess:
			return "the process grows from " + l.TotalProcess.Human() + " to " + nl.TotalProcess.Human()
		}
		return ""
	}

	// 1. When network.max caps a fraction that would give enough, raising
	// the max alone is the smallest change.
	if o := l.Origin[Network]; o.Source == SourceFraction && o.Clamp == ClampMax && o.Unclamped >= need {
		set := []KeyValue{{maxKey, need.String()}}
		if nl, ok, err := try(set); err == nil && ok {
			fixes = append(fixes, Fix{Set: set, Description: raiseDescription(set), Note: heapNote(&nl), Result: nl})
		}
	}

	// 2. Raise network.min (and max, where the max caps it).
	set := []KeyValue{{minKey, need.String()}}
	nl, ok, err := try(set)
	if rej, isRej := err.(*Rejection); isRej && rej.Check == CheckNetworkMinGreaterThanMax {
		set = append(set, KeyValue{maxKey, need.String()})
		nl, ok, _ = try(set)
	}
	minSet := set
	// Pinning min and max is redundant next to raising the max alone.
	if ok && len(fixes) == 0 {
		fixes = append(fixes, Fix{Set: set, Description: raiseDescription(set), Note: heapNote(&nl), Result: nl})
	}

	// 3. The same, with the total size grown so that the task heap stays.
	if !ok || nl.Size[TaskHeap] < l.Size[TaskHeap] {
		if f, good := growTotalFix(l, minSet, try); good {
			fixes = append(fixes, f)
		}
	}

	// 4. Raise network.fraction, when network memory is a fraction.
	if l.Origin[Network].Source == SourceFraction {
		if f, good := fractionFix(l, need, fracKey, maxKey, try); good {
			f.Note = heapNote(&f.Result)
			fixes = append(fixes, f)
		}
	}

	// 5. From 1.17, cap the buffers each input gate requires.
	if p.readsGate && job.AllToAll+job.Forward > 0 {
		if f, good := gateMaxFix(l, p, job, try); good {
			fixes = append(fixes, f)
		}
	}
	return fixes
}

// growTotalFix raises the configured total size (process or Flink) along
// with network.min until the task heap is back to what it was.
func growTotalFix(l *Layout, minSet []KeyValue, try func([]KeyValue) (Layout, bool, error)) (Fix, bool) {
	type total struct {
		key  string
		base MemorySize
	}
	var totals []total
	switch l.Mode {
	case ModeTotalProcess:
		totals = append(totals, total{"taskmanager.memory.process.size", l.TotalProcess})
	case ModeTotalFlink:
		totals = append(totals, total{"taskmanager.memory.flink.size", l.TotalFlink})
		if l.Origin[Overhead].Source == SourceRemainder {
			totals = append(totals, total{"taskmanager.memory.process.size", l.TotalProcess})
		}
	default:
		return Fix{}, false
	}
	// Start with the network memory added; the loop adds what else the
	// bigger total takes (managed and network fractions grow with it).
	var delta MemorySize
	if v, err := ParseMemorySize(minSet[0].Value); err == nil && v > l.Size[Network] {
		delta = v - l.Size[Network]
	}
	// attempt grows the totals by d; short is how much task heap is missing.
	attempt := func(d MemorySize) (fix Fix, short MemorySize, ok bool) {
		var set []KeyValue
		for _, t := range totals {
			set = append(set, KeyValue{t.key, roundUpMiB(t.base + d).MebibytesCeil()})
		}
		set = append(set, minSet...)
		nl, fits, err := try(set)
		if err != nil {
			return Fix{}, 0, false
		}
		if short := l.Size[TaskHeap] - nl.Size[TaskHeap]; short > 0 {
			return Fix{}, short, false
		}
		return Fix{Set: set, Description: raiseDescription(set), Note: "keeps the task heap at " + l.Size[TaskHeap].Human(), Result: nl}, 0, fits
	}
	for range 24 {
		fix, short, ok := attempt(delta)
		if short > 0 {
			// Whole MiB, so that the rounded total moves every round.
			delta += roundUpMiB(short)
			continue
		}
		if !ok {
			return Fix{}, false
		}
		// The rounds may overshoot: step down while a smaller total works.
		for range 16 {
			smaller, _, ok := attempt(delta - MiB)
			if !ok || delta < MiB {
				break
			}
			fix, delta = smaller, delta-MiB
		}
		return fix, true
	}
	return Fix{}, false
}

// raiseDescription says what a fix sets: "raise a to 1, b to 2 and c to 3".
func raiseDescription(set []KeyValue) string {
	var b strings.Builder
	b.WriteString("raise ")
	for i, kv := range set {
		switch {
		case i == 0:
		case i == len(set)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(kv.Key + " to " + kv.Value)
	}
	return b.String()
}

func roundUpMiB(m MemorySize) MemorySize {
	if r := m % MiB; r != 0 {
		return m + MiB - r
	}
	return m
}

// fractionFix finds the smallest float network.fraction (as Flink reads
// it) that gives enough buffers, raising network.max to the need where the
// max caps it.
func fractionFix(l *Layout, need MemorySize, fracKey, maxKey string, try func([]KeyValue) (Layout, bool, error)) (Fix, bool) {
	var extra []KeyValue
	if l.Origin[Network].Max < need {
		extra = []KeyValue{{maxKey, need.String()}}
	}
	setFor := func(bits uint32) []KeyValue {
		f := math.Float32frombits(bits)
		return append([]KeyValue{{fracKey, strconv.FormatFloat(float64(f), 'g', -1, 32)}}, extra...)
	}
	// Network memory grows with the fraction until the other parts no
	// longer fit; find the first fraction that fits or fails, then keep it
	// only if it fits.
	stop := func(bits uint32) bool {
		_, ok, err := try(setFor(bits))
		return err != nil || ok
	}
	lo := math.Float32bits(float32(l.Origin[Network].Fraction))
	hi := math.Float32bits(math.Nextafter32(1, 0))
	if stop(lo) || !stop(hi) {
		// Either the max alone cures it (fix 1) or no fraction does.
		return Fix{}, false
	}
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if stop(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	set := setFor(hi)
	nl, ok, err := try(set)
	if err != nil || !ok {
		return Fix{}, false
	}
	return Fix{Set: set, Description: raiseDescription(set), Result: nl}, true
}

// gateMaxFix finds the largest required-per-gate.max with which the
// requirement fits the buffers there are.
func gateMaxFix(l *Layout, p netParams, job *JobShape, try func([]KeyValue) (Layout, bool, error)) (Fix, bool) {
	avail := int64(l.Size[Network] / p.seg)
	fits := func(t int64) bool {
		q := p
		q.gateMax = t
		e := estimateWith(q, l, job)
		return *e.Required <= avail
	}
	if !fits(1) {
		return Fix{}, false
	}
	lo, hi := int64(1), satMul(int64(job.Parallelism), p.bpc)+1
	if p.gateMax > 0 && p.gateMax < hi {
		hi = p.gateMax
	}
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	set := []KeyValue{{RequiredPerGateMaxKey, strconv.FormatInt(lo, 10)}}
	nl, ok, err := try(set)
	if err != nil || !ok {
		return Fix{}, false
	}
	return Fix{Set: set, Description: "lower " + RequiredPerGateMaxKey + " to " + set[0].Value,
		Note: "no more memory: Flink then requires at most " + set[0].Value + " buffers per input gate and treats the rest as optional, which can cost throughput", Result: nl}, true
}
