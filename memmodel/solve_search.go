package memmodel

import (
	"math"
	"sort"
	"strconv"
)

// The search: the smallest searched size that meets the targets, the
// inner variables chosen at each size, and the verified solution.

// chooseInner sets an inner variable to the smallest value that meets the
// targets it serves (or, while maximizing the target it serves, the
// largest that meets every target). It reports false when no value does.
func (s *solver) chooseInner(v innerVar) bool {
	maximize := s.maximizing && kindIn(s.req.Maximize, v.serves)
	// value i of the variable: float32 bits for a fraction, MiB for a size.
	hi := int64(math.Float32bits(math.Nextafter32(1, 0)))
	if !v.fraction {
		hi = solveCapMiB
		if s.search != "" {
			if cur, err := ParseMemorySize(s.cfg[s.search]); err == nil {
				hi = int64(cur / MiB)
			}
		}
	}
	set := func(i int64) {
		if v.fraction {
			s.cfg[v.key] = strconv.FormatFloat(float64(math.Float32frombits(uint32(i))), 'g', -1, 32)
		} else {
			s.cfg[v.key] = mib(MemorySize(i) * MiB)
		}
	}
	// serves: the value serves its targets, or went so far that Flink
	// refuses the configuration (larger values only refuse more).
	serves := func(i int64) bool {
		set(i)
		var err error
		s.scratch, err = s.resolve()
		return err != nil || s.meets(&s.scratch, v.serves)
	}
	// keeps: Flink accepts the value and every target is met.
	keeps := func(i int64) bool {
		set(i)
		var err error
		s.scratch, err = s.resolve()
		return err == nil && s.meets(&s.scratch, nil)
	}
	least := int64(0)
	if !serves(0) {
		if !serves(hi) {
			return false
		}
		least = firstTrue(0, hi, serves)
	}
	if !maximize {
		set(least)
		return true
	}
	// The values that keep every target run from the least that serves
	// its own targets up to where the others break: take the top.
	if !keeps(least) {
		return false
	}
	set(lastTrue(least, hi, keeps))
	return true
}

// smallSolvedHeap is the heap below which a solution gets a note: Flink
// recommends at least this much JobManager heap, and a TaskManager with
// less task heap rarely runs real user code.
const smallSolvedHeap = 128 * MiB

// --- search -------------------------------------------------------------------

// currentMiB is the searched key's configured value in whole MiB (rounded
// up), or 0.
func (s *solver) currentMiB() int64 {
	raw, ok := s.req.Input.Config[s.search]
	if !ok {
		raw, ok = s.cfg[s.search]
	}
	if !ok {
		return 0
	}
	v, err := ParseMemorySize(raw)
	if err != nil || v <= 0 {
		return 0
	}
	if v > MaxMemorySize/2 {
		return int64(v / MiB)
	}
	return int64(roundUpMiB(v) / MiB)
}

// fitMaxMiB is the largest searched size whose process stays within Fit;
// 0 when none does.
func (s *solver) fitMaxMiB() int64 {
	// within holds up to the largest size within Fit and no further: a
	// refusal as too large is beyond it, whatever the process would be.
	within := func(x int64) bool {
		s.setSearch(x)
		l, err := s.resolve()
		if err != nil {
			return s.sideOf(err) <= 0
		}
		return l.TotalProcess <= s.req.Fit
	}
	hi := int64(s.req.Fit / MiB)
	if hi < 1 || !within(1) {
		return 0
	}
	return lastTrue(1, hi, within)
}

// lowerBound is a size below which the searched key cannot meet the
// targets: a total is at least any component it holds. The metaspace lies
// outside total Flink memory, so it bounds only a process size; a bound
// that counted it for a Flink size would start the search above the
// answer.
func (s *solver) lowerBound() int64 {
	process := false
	switch s.search {
	case key(TMProcessSize), key(JMProcessSize):
		process = true
	case key(TMFlinkSize), key(JMFlinkSize):
	default:
		return 1
	}
	var w MemorySize
	for _, t := range s.targets {
		if t.Kind.Counts() || t.Kind == TargetMetaspace && !process {
			continue
		}
		w = max(w, MemorySize(t.Want))
	}
	return max(1, int64(w/MiB))
}

// minimize finds the smallest x in [lo, hi] that meets the targets. It
// scans upward in steps of at most 1/16 of the value; where a step goes
// from a configuration Flink accepts to one it refuses (a remainder left
// its range: the accepted sizes form a window closed from above), it
// bisects for the top of the window, where the components are largest, so
// that a narrow window is not jumped over. It then bisects the last step
// and walks down while one MiB less still works, so that the answer is
// verified minimal whatever the shape of the function.
func (s *solver) minimize(lo, hi int64) (int64, bool) {
	prev, x := lo-1, lo
	prevAccepted, prevSide, found := false, 0, false
	acceptedAt := func(i int64) bool { s.eval(i); return s.accepted() }
	for !found {
		if s.eval(x) {
			found = true
			break
		}
		accepted, side := s.accepted(), s.refusalSide()
		if !accepted {
			// A window of accepted sizes may lie between prev and x: it
			// starts at prev, or somewhere between a size refused as too
			// small and one refused as too large.
			start := int64(-1)
			switch {
			case prevAccepted:
				start = prev
			case prevSide < 0 && side > 0:
				start = s.acceptedBetween(prev, x)
			}
			if start >= 0 {
				if a := lastTrue(start, x-1, acceptedAt); s.eval(a) {
					x, found = a, true
					break
				}
			}
		}
		if x >= hi {
			break
		}
		prev, prevAccepted, prevSide = x, accepted, side
		x = min(hi, x+max(1, x/16))
	}
	if !found {
		return 0, false
	}
	return firstTrue(prev, x, s.eval), true // prev fails (or is below the range), x meets
}

// acceptedBetween bisects between a size refused as too small (a) and one
// refused as too large (b) for one Flink accepts; -1 when there is none.
func (s *solver) acceptedBetween(a, b int64) int64 {
	for a+1 < b {
		mid := a + (b-a)/2
		s.eval(mid)
		if s.accepted() {
			return mid
		}
		switch s.refusalSide() {
		case -1:
			a = mid
		case 1:
			b = mid
		default:
			return -1
		}
	}
	return -1
}

// refusalSide tells whether the last evaluation was refused because the
// searched size is too small (-1) or too large (+1); 0 when it was
// accepted or the side is unknown. A process over Fit is too large: the
// process grows with every size the solver searches.
func (s *solver) refusalSide() int {
	if s.lastErr == nil {
		if s.req.Fit > 0 && s.last.TotalProcess > s.req.Fit {
			return 1
		}
		return 0
	}
	return s.sideOf(s.lastErr)
}

// sideOf tells, for a searched total, whether Flink refused it as too
// small (-1) or too large (+1): a remainder below or above its range, or
// parts that do not fit. 0 when err is no such refusal, or the search is
// not of a total.
func (s *solver) sideOf(err error) int {
	rej, ok := err.(*Rejection)
	if !ok || s.search != key(TMProcessSize) && s.search != key(TMFlinkSize) && s.search != key(JMProcessSize) && s.search != key(JMFlinkSize) {
		return 0
	}
	switch rej.Check {
	case CheckDerivedNetworkOutOfRange, CheckDerivedOverheadOutOfRange:
		if rej.Value < rej.Min {
			return -1
		}
		return 1
	case CheckDerivedNetworkMismatchLegacy, CheckJMHeapPlusOffHeapMismatchFlink:
		if rej.Value < rej.Limit {
			return -1
		}
		return 1
	case CheckMetaspaceOverheadExceedProcess, CheckProcessLessThanFlinkPlusMetaspace, CheckFineGrainedSumExceedsTotalFlink,
		CheckTaskHeapPathSumExceedsTotalFlink, CheckDerivedTaskHeapNegative, CheckJMHeapExceedsTotalFlink, CheckJMTotalFlinkNotAboveOffHeap:
		return -1
	}
	return 0
}

// accepted reports whether the last evaluation resolved within the limit.
func (s *solver) accepted() bool {
	return s.lastErr == nil && (s.req.Fit == 0 || s.last.TotalProcess <= s.req.Fit)
}

func (s *solver) solve() (Solution, error) {
	if s.search == "" {
		if !s.eval(0) {
			return Solution{}, s.unsolvable(0, false)
		}
		return s.finish(0)
	}
	lo, hi := s.lowerBound(), solveCapMiB
	if s.req.Fit > 0 {
		fitMax := s.fitMaxMiB()
		if small, ok := s.smallestAccepted(); !ok || small > s.req.Fit {
			fitMax = 0
		}
		if fitMax == 0 {
			return Solution{}, s.unsolvable(0, true)
		}
		hi = fitMax
		if s.req.Maximize != TargetNone {
			s.maximizing = true
			if !s.eval(fitMax) {
				return Solution{}, s.unsolvable(fitMax, true)
			}
			return s.finish(fitMax)
		}
	}
	if cur := s.currentMiB(); cur >= lo && (cur < hi || s.req.Fit == 0) && s.eval(cur) {
		hi = cur
	}
	if lo > hi {
		lo = hi
	}
	x, ok := s.minimize(lo, hi)
	if !ok {
		return Solution{}, s.unsolvable(hi, s.req.Fit > 0)
	}
	return s.finish(x)
}

// finish re-evaluates the answer and builds the solution.
func (s *solver) finish(x int64) (Solution, error) {
	var below string
	if s.search != "" && x > 1 && !s.maximizing {
		if s.eval(x - 1) {
			return Solution{}, &Unsolvable{Reason: "internal: the search did not end at a minimum; please report the command line"}
		}
		below = s.whyNot(x - 1)
	}
	if !s.eval(x) {
		return Solution{}, &Unsolvable{Reason: "internal: the solution does not verify; please report the command line"}
	}
	l, _ := s.resolve()
	sol := Solution{Layout: l, Searched: s.search, Below: below, Maximized: s.req.Maximize}
	for _, c := range s.comove {
		sol.MovesWith = append(sol.MovesWith, c.key)
	}
	sol.Input = s.req.Input
	sol.Input.Config = make(Config, len(s.cfg))
	for k, v := range s.cfg {
		sol.Input.Config[k] = v
	}
	sol.Targets = s.results(&l)
	if h := heapOf(&l); h < smallSolvedHeap {
		sol.Note = "valid, but leaves only " + h.Human() + " " + heapWord(l.Role) + "; add a target for it to keep more"
	}
	if s.req.Maximize != TargetNone {
		sol.MaximizedGot, _ = s.metric(s.req.Maximize, &l)
	}
	sol.Was = map[string]string{}
	for k, v := range sol.Input.Config {
		if old, ok := s.orig[k]; !ok || old != v {
			sol.Set = append(sol.Set, KeyValue{k, v})
			if ok {
				sol.Was[k] = old
			}
		}
	}
	for k := range s.orig {
		if _, ok := sol.Input.Config[k]; !ok {
			sol.Unset = append(sol.Unset, k)
		}
	}
	sort.Slice(sol.Set, func(i, j int) bool { return sol.Set[i].Key < sol.Set[j].Key })
	sort.Strings(sol.Unset)
	return sol, nil
}

func (s *solver) results(l *Layout) []TargetResult {
	out := make([]TargetResult, 0, len(s.targets))
	for _, t := range s.targets {
		got, ok := s.metric(t.Kind, l)
		out = append(out, TargetResult{Target: t, Got: got, Met: ok && got >= t.Want})
	}
	return out
}
