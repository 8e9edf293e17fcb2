package memmodel

import "testing"

// propertyTargets are the targets a vector's own layout sets: every
// component the solver can be asked for, at the size the vector gives.
func propertyTargets(in Input, l *Layout) []Target {
	var targets []Target
	add := func(k TargetKind, v MemorySize) {
		if v > 0 {
			targets = append(targets, Target{k, int64(v)})
		}
	}
	if in.Role == JobManager {
		add(TargetJVMHeap, l.Size[JobManagerHeap])
		add(TargetOffHeap, l.Size[JobManagerOffHeap])
	} else {
		add(TargetTaskHeap, l.Size[TaskHeap])
		add(TargetManaged, l.Size[Managed])
		add(TargetNetwork, l.Size[Network])
		add(TargetTaskOffHeap, l.Size[TaskOffHeap])
	}
	add(TargetMetaspace, l.Size[Metaspace])
	return targets
}

// TestSolveConformanceProperty takes every accepted vector's own layout as
// the targets: the vector's configuration meets them, so the smallest
// solution exists and is never larger than the vector's total (rounded up
// to whole MiB, the unit the solver writes). With -short it samples.
func TestSolveConformanceProperty(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 23
	}
	seen, checked := 0, 0
	total := eachVector(t, func(file string, v vector, in Input) {
		seen++
		if seen%step != 0 {
			return
		}
		l, err := Resolve(in)
		// Whole-MiB answers cannot reach beyond the search range.
		if err != nil || (in.Role == TaskManager && l.Slots < 1) || l.TotalProcess > MemorySize(solveCapMiB)*MiB {
			return
		}
		targets := propertyTargets(in, &l)
		if len(targets) == 0 {
			return
		}
		checked++
		sol, err := Solve(SolveRequest{Input: in, Targets: targets})
		if err != nil {
			t.Errorf("%s %s: %v\n  config %v", file, v.ID, err, in.Config)
			return
		}
		// The solver answers in whole MiB of the size it searched: that
		// size is at most the vector's, rounded up. A size the vector has
		// in whole MiB is matched exactly, and then so is every total that
		// follows from it.
		// With nothing searched the vector's own sizes already meet the
		// targets, so nothing may grow.
		got, ok := searchedSize(&sol.Layout, sol.Searched)
		want, _ := searchedSize(&l, sol.Searched)
		switch {
		case sol.Searched == "":
			if sol.Layout.TotalProcess > l.TotalProcess {
				t.Errorf("%s %s: solution %v has process %d, the vector %d\n  config %v", file, v.ID, sol.Set, sol.Layout.TotalProcess, l.TotalProcess, in.Config)
			}
		case !ok:
			t.Errorf("%s %s: searched %q, a size the property does not know", file, v.ID, sol.Searched)
		case got > roundUpMiB(want):
			t.Errorf("%s %s: solution %v has %s %d, the vector %d\n  config %v", file, v.ID, sol.Set, sol.Searched, got, want, in.Config)
		case want%MiB == 0 && sol.Layout.TotalProcess > l.TotalProcess:
			t.Errorf("%s %s: solution %v has process %d, the vector %d\n  config %v", file, v.ID, sol.Set, sol.Layout.TotalProcess, l.TotalProcess, in.Config)
		}
	})
	// About a quarter of the vectors are refused configurations; the rest
	// must all have been checked.
	if floor := total / step / 2; checked < floor {
		t.Errorf("only %d of %d vectors checked, want at least %d", checked, total/step, floor)
	}
	t.Logf("%d of %d vectors checked", checked, total)
}

// searchedSize is what a layout gives for the key a solution searched.
func searchedSize(l *Layout, searched string) (MemorySize, bool) {
	switch searched {
	case key(TMProcessSize), key(JMProcessSize):
		return l.TotalProcess, true
	case key(TMFlinkSize), key(JMFlinkSize):
		return l.TotalFlink, true
	case key(TMTaskHeap):
		return l.Size[TaskHeap], true
	case key(TMManagedSize):
		return l.Size[Managed], true
	case key(JMHeap):
		return l.Size[JobManagerHeap], true
	}
	return 0, false
}

// TestSolveMinimalByScan checks the search against a scan of every whole
// MiB below its answer, on a sample of vectors with half their layout as
// targets (so the answer lies below the vector, where windows of accepted
// sizes and the limit matter) and the vector's process as the limit. The
// scan uses the solver's own evaluation of one size (resolve and measure);
// what it checks is the search over the sizes.
func TestSolveMinimalByScan(t *testing.T) {
	step := 97
	if testing.Short() {
		step = 997
	}
	seen, scanned := 0, 0
	eachVector(t, func(file string, v vector, in Input) {
		seen++
		if seen%step != 0 {
			return
		}
		l, err := Resolve(in)
		if err != nil || (in.Role == TaskManager && l.Slots < 1) || l.TotalProcess > 64*GiB {
			return
		}
		targets := propertyTargets(in, &l)
		for i := range targets {
			targets[i].Want = max(1, targets[i].Want/2)
		}
		req := SolveRequest{Input: in, Targets: targets, Fit: l.TotalProcess}
		s, err := newSolver(req)
		if err != nil || s.search == "" {
			return
		}
		sol, err := Solve(req)
		upto := int64(l.TotalProcess / MiB)
		if err == nil {
			answer, _ := ParseMemorySize(sol.Input.Config[sol.Searched])
			upto = int64(answer/MiB) - 1
		}
		for x := int64(1); x <= upto; x++ {
			if s.eval(x) {
				t.Errorf("%s %s: %s=%dm meets %v under the limit, but the solver answered %v (%v)", file, v.ID, s.search, x, targets, sol.Set, err)
				return
			}
		}
		scanned++
	})
	if scanned < seen/step/3 {
		t.Errorf("only %d of %d sampled vectors scanned", scanned, seen/step)
	}
	t.Logf("%d vectors scanned", scanned)
}
