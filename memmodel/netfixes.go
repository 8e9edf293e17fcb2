package memmodel

import (
	"math"
	"strconv"
	"strings"
)

// Fixes for a job that needs more network buffers than a TaskManager has.

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
	minKey, maxKey, fracKey := options[TMNetworkMin].Key, options[TMNetworkMax].Key, options[TMNetworkFraction].Key
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
		totals = append(totals, total{options[TMProcessSize].Key, l.TotalProcess})
	case ModeTotalFlink:
		totals = append(totals, total{options[TMFlinkSize].Key, l.TotalFlink})
		if l.Origin[Overhead].Source == SourceRemainder {
			totals = append(totals, total{options[TMProcessSize].Key, l.TotalProcess})
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
	// The bit patterns of positive floats order as the floats do.
	first := firstTrue(int64(lo), int64(hi), func(bits int64) bool { return stop(uint32(bits)) })
	set := setFor(uint32(first))
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
	set := []KeyValue{{RequiredPerGateMaxKey, strconv.FormatInt(lastTrue(lo, hi, fits), 10)}}
	nl, ok, err := try(set)
	if err != nil || !ok {
		return Fix{}, false
	}
	return Fix{Set: set, Description: "lower " + RequiredPerGateMaxKey + " to " + set[0].Value,
		Note: "no more memory: Flink then requires at most " + set[0].Value + " buffers per input gate and treats the rest as optional, which can cost throughput", Result: nl}, true
}
