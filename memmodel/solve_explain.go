package memmodel

import (
	"strconv"
	"strings"
)

// Why a solver answer is minimal, and why there is none: in numbers, with
// the key to change.

// whyNot says why the configuration last evaluated (x MiB of the searched
// key) does not do.
func (s *solver) whyNot(x int64) string {
	at := s.search + " = " + strconv.FormatInt(x, 10) + "m"
	if s.lastErr != nil {
		return "at " + at + " Flink refuses the configuration: " + s.lastErr.Error()
	}
	if s.req.Fit > 0 && s.last.TotalProcess > s.req.Fit {
		return "at " + at + " the process needs " + s.last.TotalProcess.HumanExact() + ", more than --fit " + s.req.Fit.HumanExact()
	}
	var short []string
	for _, r := range s.results(&s.last) {
		if !r.Met {
			short = append(short, r.Kind.String()+" would be "+exactValue(r.Kind, r.Got)+", short of "+exactValue(r.Kind, r.Want))
		}
	}
	return "at " + at + " " + strings.Join(short, "; ")
}

// unsolvable explains why no configuration meets the targets. x is the
// largest searched size tried (for a Fit, the largest within it; 0 when
// even the smallest exceeds it).
func (s *solver) unsolvable(x int64, fit bool) error {
	var b strings.Builder
	if fit && x == 0 {
		b.WriteString("--fit " + s.req.Fit.HumanExact() + " is below what Flink can start with")
		if small, ok := s.smallestAccepted(); ok {
			b.WriteString(": the smallest configuration Flink accepts here has a process size of " + small.HumanExact())
		}
		return &Unsolvable{Reason: b.String()}
	}
	atEnd, above := true, ""
	if s.search != "" {
		s.eval(x)
		if s.lastErr != nil {
			if !s.hasLastOK {
				above = s.scanAccepted(x)
			}
			if s.hasLastOK {
				atEnd = false
				x = s.lastOKx
				s.eval(x)
			}
		}
	}
	if s.lastErr != nil {
		if s.search == "" {
			b.WriteString("Flink refuses the configuration the targets need: " + s.lastErr.Error())
		} else {
			b.WriteString("no " + s.search + " up to " + (MemorySize(x) * MiB).Human() + " gives a configuration Flink accepts: " + s.lastErr.Error())
		}
		return &Unsolvable{Reason: b.String()}
	}
	l := s.last
	best := s.results(&l)
	if fit {
		b.WriteString("within --fit " + s.req.Fit.HumanExact() + " the largest configuration (" + s.search + " = " +
			strconv.FormatInt(x, 10) + "m, process " + l.TotalProcess.Human() + ")")
	} else if s.search != "" && atEnd {
		b.WriteString("no " + s.search + " meets the targets: however large it is")
	} else if s.search != "" {
		b.WriteString("no " + s.search + " meets the targets: " + strconv.FormatInt(x, 10) + "m is the largest value Flink accepts")
		if above != "" {
			b.WriteString(" (one MiB more: " + above + ")")
		}
		b.WriteString(", and there")
	} else {
		b.WriteString("the configuration the targets need")
	}
	var parts []string
	for _, r := range best {
		if r.Met {
			continue
		}
		p := r.Kind.String() + " reaches " + FormatTargetValue(r.Kind, r.Got) + " but the target is " + FormatTargetValue(r.Kind, r.Want)
		if h := s.hint(r.Kind, &l); h != "" {
			p += " (" + h + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = append(parts, "the targets cannot all be met at once")
	}
	b.WriteString(", " + strings.Join(parts, "; "))
	if fit {
		if need, ok := s.unlimited(); ok {
			b.WriteString("; without the limit the targets need a process size of " + need.HumanExact())
		}
	}
	return &Unsolvable{Reason: b.String(), Best: best}
}

// exactValue is a target value with its exact byte count.
func exactValue(k TargetKind, v int64) string {
	if k.Counts() {
		return FormatTargetValue(k, v)
	}
	return MemorySize(v).HumanExact()
}

// scanAccepted records the largest searched size up to hi that Flink
// accepts, for an explanation, and returns why the next MiB is refused.
func (s *solver) scanAccepted(hi int64) string {
	accepted := func(x int64) bool {
		s.setSearch(x)
		l, err := s.resolve()
		if err == nil && (s.req.Fit == 0 || l.TotalProcess <= s.req.Fit) {
			s.lastOK, s.lastOKx, s.hasLastOK = l, x, true
			return true
		}
		return false
	}
	refused := int64(0)
	for x := int64(1); x <= hi; x += max(1, x/16) {
		if accepted(x) {
			refused = 0
		} else if s.hasLastOK && refused == 0 {
			refused = x
		}
	}
	if !s.hasLastOK || refused == 0 {
		return ""
	}
	a := lastTrue(s.lastOKx, refused-1, accepted)
	b := a + 1
	accepted(a)
	s.setSearch(b)
	if _, err := s.resolve(); err != nil {
		return err.Error()
	}
	return ""
}

// hint names the key that holds a component back.
func (s *solver) hint(k TargetKind, l *Layout) string {
	vary := func(id OptionID) string { return "add --vary " + options[id].Key }
	switch k {
	case TargetTaskHeap, TargetJVMHeap:
		if l.Role == JobManager && l.Origin[JobManagerHeap].Source == SourceExplicit {
			return "jobmanager.memory.heap.size sets it; " + vary(JMHeap)
		}
		if l.Role == TaskManager && l.Origin[TaskHeap].Source == SourceExplicit {
			return "taskmanager.memory.task.heap.size sets it and the total does not change it; " + vary(TMTaskHeap)
		}
	case TargetManaged, TargetManagedPerSlot, TargetRocksDBPerSlot:
		o := l.Origin[Managed]
		switch {
		case o.Source == SourceExplicit:
			return "taskmanager.memory.managed.size sets managed memory and the total does not change it; " + vary(TMManagedSize)
		case o.Source == SourceFraction && o.Fraction == 0:
			return "taskmanager.memory.managed.fraction is 0; " + vary(TMManagedFraction)
		case k == TargetRocksDBPerSlot:
			return "RocksDB gets STATE_BACKEND's share of the slot's managed memory; check " + ManagedConsumerWeightsKey + " and --uses"
		}
	case TargetNetwork, TargetNetworkBuffers:
		o := l.Origin[Network]
		switch {
		case o.Source == SourceFraction && o.Clamp == ClampMax:
			return o.Key[:strings.LastIndexByte(o.Key, '.')] + ".max caps network memory at " + o.Max.Human() + "; " + vary(TMNetworkMax) + " or " + options[TMNetworkMin].Key
		case o.Source == SourceLegacyBuffers:
			return "taskmanager.network.numberOfBuffers fixes network memory; " + vary(TMNetworkMin)
		case o.Source == SourceRemainder:
			return "network memory is what total Flink memory leaves after the explicit sizes; " + vary(TMNetworkMin)
		case o.Source == SourceFraction && o.Fraction == 0:
			return "taskmanager.memory.network.fraction is 0; " + vary(TMNetworkFraction)
		}
	}
	return ""
}

// smallestAccepted is the smallest process size Flink accepts when only
// the searched key changes. It scans upward in steps of 1/16; a step from
// a size refused as too small to one refused as too large may hold a
// window of accepted sizes (a single one when a remainder must equal a
// set size), which it bisects for.
func (s *solver) smallestAccepted() (MemorySize, bool) {
	if s.search == "" {
		return 0, false
	}
	// side is 0 for an accepted size, -1 or +1 for one refused as too
	// small or too large, 2 for one refused otherwise.
	side := func(x int64) int {
		s.setSearch(x)
		var err error
		if s.scratch, err = s.resolve(); err == nil {
			return 0
		}
		if d := s.sideOf(err); d != 0 {
			return d
		}
		return 2
	}
	resolves := func(x int64) bool { return side(x) == 0 }
	prev, prevSide := int64(0), 2
	for x := int64(1); x <= solveCapMiB; prev, x = x, x+max(1, x/16) {
		d := side(x)
		for a, b := prev, x; d == 1 && prevSide == -1 && a+1 < b; {
			mid := a + (b-a)/2
			switch side(mid) {
			case 0:
				x, d = mid, 0
			case -1:
				a = mid
			case 1:
				b = mid
			default:
				b = a // the sides are unknown: no window to bisect for
			}
		}
		if d == 0 {
			// Refusals below the first accepted size are of sizes too
			// small: bisect the last step for the exact one.
			resolves(firstTrue(prev, x, resolves))
			return s.scratch.TotalProcess, true
		}
		prevSide = d
	}
	return 0, false
}

// unlimited is the process size the targets need without Fit.
func (s *solver) unlimited() (MemorySize, bool) {
	req := s.req
	req.Fit, req.Maximize = 0, TargetNone
	if len(req.Targets) == 0 {
		return 0, false
	}
	sol, err := Solve(req)
	if err != nil {
		return 0, false
	}
	return sol.Layout.TotalProcess, true
}
