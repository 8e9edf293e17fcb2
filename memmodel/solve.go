package memmodel

import (
	"math"
	"sort"
	"strconv"
)

// The solver answers the inverse question of Resolve: which configuration
// gives at least these sizes? It changes as little as it can (by default
// only the total the configuration is sized by), searches that total in
// whole MiB, and verifies every answer by resolving it: the answer meets
// every target and one MiB less does not.

// SolveRequest is what Solve needs.
type SolveRequest struct {
	// Input is the configuration to start from; every key not varied keeps
	// its value.
	Input Input
	// Targets are the "at least" requirements; at least one unless
	// Maximize is set.
	Targets []Target
	// Vary lists further keys the solver may change: fractions and explicit
	// component sizes (VaryKeys lists those accepted).
	Vary []string
	// Fit, when above 0, bounds the total process size (a pod or machine
	// limit).
	Fit MemorySize
	// Maximize, with Fit, asks for the configuration within Fit that gives
	// the most of this target's component.
	Maximize TargetKind
	// Uses are the job's managed-memory consumers (the RocksDB target adds
	// RocksDB); Job, when set, makes network-buffers default to what the
	// job's tasks require.
	Uses Uses
	Job  *JobShape
}

// TargetResult is a target and what a configuration gives.
type TargetResult struct {
	Target
	Got int64
	Met bool
}

// Solution is a verified configuration that meets every target.
type Solution struct {
	// Input is the solved configuration; Layout what it resolves to.
	Input  Input
	Layout Layout
	// Set and Unset are the edits from the request's configuration, keys
	// sorted.
	Set   []KeyValue
	Unset []string
	// Was holds the request's values of the keys Set changes.
	Was map[string]string
	// Targets are the targets with what the solution gives.
	Targets []TargetResult
	// Searched is the key whose smallest (or, with Fit and Maximize,
	// largest) value was searched; "" when no size was searched.
	Searched string
	// MovesWith lists the set totals that moved with Searched, keeping
	// their distance to it.
	MovesWith []string
	// Below says why one MiB less of Searched does not do; "" when there is
	// no search or nothing below.
	Below string
	// Maximized and MaximizedGot report the maximized target, if any.
	Maximized    TargetKind
	MaximizedGot int64
}

// Unsolvable is returned when no configuration the solver may build meets
// the targets; Reason says why, with numbers.
type Unsolvable struct {
	Reason string
	// Best are the targets at the closest configuration tried, when one
	// resolved.
	Best []TargetResult
}

// Error returns the reason.
func (e *Unsolvable) Error() string { return e.Reason }

// UsageError is a request the solver cannot take as asked (a key it cannot
// vary, a target of the other role, Maximize without Fit).
type UsageError struct{ Msg string }

// Error returns the message.
func (e *UsageError) Error() string { return e.Msg }

// solveCapMiB bounds the search: 64 TiB, far beyond any real process.
const solveCapMiB = int64(64) << 20

// VaryKeys lists the keys Solve may vary for a role.
func VaryKeys(role Role) []string {
	ids := []OptionID{TMProcessSize, TMFlinkSize, TMTaskHeap, TMManagedSize, TMManagedFraction, TMTaskOffHeap,
		TMNetworkMin, TMNetworkMax, TMNetworkFraction, TMMetaspace}
	if role == JobManager {
		ids = []OptionID{JMProcessSize, JMFlinkSize, JMHeap, JMOffHeap, JMMetaspace}
	}
	out := make([]string, 0, len(ids)+2)
	for _, id := range ids {
		out = append(out, options[id].Key)
	}
	if role == TaskManager {
		out = append(out, RocksDBFixedPerSlotKey, RocksDBFixedPerTMKey)
	}
	return out
}

// Solve finds the smallest configuration that meets every target: it
// varies the total the configuration is sized by (process size, or Flink
// size when that is set; for fine-grained configurations the task heap and
// managed sizes), sets the options that alone decide a target (metaspace,
// off-heap sizes, a fixed RocksDB budget), and the keys of req.Vary. The
// searched size is the smallest whole MiB that meets every target,
// verified by resolving it and the value one MiB below. With Fit the
// process stays within the limit; with Maximize too, the solver takes the
// most of that target the limit allows.
//
// The error is a *UsageError for a request it cannot take, or an
// *Unsolvable explaining with numbers why no configuration meets the
// targets.
func Solve(req SolveRequest) (Solution, error) {
	s, err := newSolver(req)
	if err != nil {
		return Solution{}, err
	}
	return s.solve()
}

// innerVar is a varied key chosen anew at every total: the smallest value
// meeting the targets it serves (or, when it serves the maximized target,
// the largest that keeps every target).
type innerVar struct {
	key      string
	fraction bool
	serves   []TargetKind
}

// offsetKey is a total that moves with the searched size, keeping its
// distance (so that a remainder such as the JVM overhead stays the same).
type offsetKey struct {
	key    string
	offset MemorySize
}

type solver struct {
	req     SolveRequest
	orig    Config
	cfg     Config // the working configuration, edited in place
	targets []Target
	search  string
	comove  []offsetKey
	inner   []innerVar
	seg     MemorySize
	// rocks is the RocksDB budget of the first layout measured.
	rocks *RocksDBBudget
	// maximizing is set in the final phase of a Fit with Maximize.
	maximizing bool
	// lastOK is the last evaluation that resolved, for explanations.
	lastOK    Layout
	lastOKx   int64
	hasLastOK bool
	// last and lastErr are the latest evaluation's outcome.
	last    Layout
	lastErr error
}

func (s *solver) has(key string) bool { _, ok := s.cfg[key]; return ok }

// sizeOf reads a size option of the working configuration, or its default.
func (s *solver) sizeOf(id OptionID) MemorySize {
	if raw, ok := s.cfg[options[id].Key]; ok {
		if v, err := ParseMemorySize(raw); err == nil {
			return v
		}
		return 0
	}
	return defaultSize(id, s.req.Input.Line)
}

func (s *solver) wants(kinds ...TargetKind) MemorySize {
	var w int64
	for _, t := range s.targets {
		for _, k := range kinds {
			if t.Kind == k && t.Want > w {
				w = t.Want
			}
		}
	}
	return MemorySize(w)
}

func (s *solver) hasTarget(kinds ...TargetKind) bool { return s.wants(kinds...) > 0 }

func roundMiB(m MemorySize) MemorySize { return roundUpMiB(m) }

func mib(m MemorySize) string { return strconv.FormatInt(int64(m/MiB), 10) + "m" }

func newSolver(req SolveRequest) (*solver, error) {
	in := req.Input
	role := in.Role
	if len(req.Targets) == 0 && req.Maximize == TargetNone && req.Job == nil {
		return nil, &UsageError{"give at least one target (--target NAME=VALUE) or --fit with --maximize"}
	}
	for _, t := range req.Targets {
		if !t.Kind.AppliesTo(role) {
			return nil, &UsageError{"target " + t.Kind.String() + " does not apply to the " + role.Title() + "; its targets are " + targetList(role)}
		}
		if t.Want <= 0 {
			return nil, &UsageError{"target " + t.Kind.String() + " must be above 0"}
		}
	}
	if req.Maximize != TargetNone {
		if req.Fit <= 0 {
			return nil, &UsageError{"--maximize needs --fit SIZE: without a limit there is no largest configuration"}
		}
		if !req.Maximize.AppliesTo(role) {
			return nil, &UsageError{"cannot maximize " + req.Maximize.String() + " for the " + role.Title() + "; its targets are " + targetList(role)}
		}
	}
	cfg, _ := Migrate(in.Config, in.Line, in.Deployment)
	s := &solver{req: req, orig: in.Config, cfg: cfg, targets: append([]Target(nil), req.Targets...), seg: 32 * KiB}
	if raw, ok := cfg[SegmentSizeKey]; ok {
		if v, err := ParseMemorySize(raw); err == nil && v > 0 {
			s.seg = v
		}
	}
	if req.Job != nil && role == TaskManager && !s.hasTarget(TargetNetworkBuffers) {
		if err := req.Job.validate(); err != nil {
			return nil, &UsageError{err.Error()}
		}
		slots := 1
		if raw, ok := cfg[options[TMNumSlots].Key]; ok {
			if n, ok := parseJavaInt(raw); ok && n > 0 {
				slots = int(n)
			}
		}
		probe := Layout{Role: TaskManager, Line: in.Line, Slots: slots}
		if est, err := NetworkBuffers(Input{Role: TaskManager, Line: in.Line, Deployment: in.Deployment, Config: cfg}, &probe, req.Job); err == nil && est.Required != nil && *est.Required > 0 {
			s.targets = append(s.targets, Target{Kind: TargetNetworkBuffers, Want: *est.Required})
		}
	}
	if len(s.targets) == 0 && req.Maximize == TargetNone {
		return nil, &UsageError{"give at least one target (--target NAME=VALUE) or --fit with --maximize"}
	}
	if err := s.plan(); err != nil {
		return nil, err
	}
	return s, nil
}

// plan decides what is searched, what is set once and what is chosen per
// total.
func (s *solver) plan() error {
	role := s.req.Input.Role
	varied := map[string]bool{}
	allowed := VaryKeys(role)
	for _, k := range s.req.Vary {
		key := k
		if o, ok := OptionByKey(k); ok {
			key = o.Key
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == key
		}
		if !ok {
			return &UsageError{"--vary " + k + ": the solver varies only sizes and fractions that decide a target: " + joinKeys(allowed)}
		}
		varied[key] = true
	}
	if role == JobManager {
		return s.planJobManager(varied)
	}
	return s.planTaskManager(varied)
}

func joinKeys(keys []string) string {
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}

func (s *solver) planTaskManager(varied map[string]bool) error {
	key := func(id OptionID) string { return options[id].Key }
	process, flink, taskHeap, managed := key(TMProcessSize), key(TMFlinkSize), key(TMTaskHeap), key(TMManagedSize)
	fineGrained := s.has(taskHeap) && s.has(managed)
	heapWant := max(s.wants(TargetTaskHeap), s.wants(TargetJVMHeap)-s.sizeOf(TMFrameworkHeap))
	managedTarget := s.hasTarget(TargetManaged, TargetManagedPerSlot, TargetRocksDBPerSlot) || s.req.Maximize == TargetManaged ||
		s.req.Maximize == TargetManagedPerSlot || s.req.Maximize == TargetRocksDBPerSlot

	// Options that alone decide their component are set to the target.
	var grownFlink, grownProcess MemorySize
	setDirect := func(id OptionID, want MemorySize, inFlink bool) {
		if want <= 0 {
			return
		}
		old := s.sizeOf(id)
		if !varied[key(id)] && want <= old {
			return
		}
		want = roundMiB(want)
		s.cfg[key(id)] = mib(want)
		if inFlink {
			grownFlink += want - old
		}
		grownProcess += want - old
	}
	if heapWant > 0 && (fineGrained || varied[taskHeap]) {
		setDirect(TMTaskHeap, heapWant, true)
	}
	setDirect(TMTaskOffHeap, s.wants(TargetTaskOffHeap), true)
	setDirect(TMMetaspace, s.wants(TargetMetaspace), false)
	if err := s.planRocksDB(varied); err != nil {
		return err
	}
	netNeed := max(s.wants(TargetNetwork), MemorySize(satMul(int64(s.wants(TargetNetworkBuffers)), int64(s.seg))))
	netNeed = roundMiB(netNeed)
	if netNeed > 0 && varied[key(TMNetworkMin)] {
		s.cfg[key(TMNetworkMin)] = mib(netNeed)
		if s.sizeOf(TMNetworkMax) < netNeed {
			s.cfg[key(TMNetworkMax)] = mib(netNeed)
		}
	} else if netNeed > 0 && varied[key(TMNetworkMax)] && s.sizeOf(TMNetworkMax) < netNeed {
		s.cfg[key(TMNetworkMax)] = mib(netNeed)
	}
	if varied[key(TMManagedFraction)] && !fineGrained && !s.has(managed) {
		s.inner = append(s.inner, innerVar{key: key(TMManagedFraction), fraction: true,
			serves: []TargetKind{TargetManaged, TargetManagedPerSlot, TargetRocksDBPerSlot}})
	}
	if varied[managed] && !fineGrained {
		s.inner = append(s.inner, innerVar{key: managed, serves: []TargetKind{TargetManaged, TargetManagedPerSlot, TargetRocksDBPerSlot}})
	}
	if varied[key(TMNetworkFraction)] && !varied[key(TMNetworkMin)] {
		s.inner = append(s.inner, innerVar{key: key(TMNetworkFraction), fraction: true, serves: []TargetKind{TargetNetwork, TargetNetworkBuffers}})
	}

	switch {
	case fineGrained && (s.req.Maximize == TargetTaskHeap || s.req.Maximize == TargetJVMHeap):
		s.searchWithTotals(taskHeap, s.sizeOf(TMTaskHeap), flink, process, grownFlink, grownProcess)
	case fineGrained && managedTarget:
		s.searchWithTotals(managed, s.sizeOf(TMManagedSize), flink, process, grownFlink, grownProcess)
	case fineGrained:
		// The explicit sizes decide the layout; the totals, when set, move
		// with what was set so that their remainders stay.
		s.shift(flink, grownFlink)
		s.shift(process, grownProcess)
		if s.has(flink) {
			s.search = flink
			if s.has(process) {
				s.comove = append(s.comove, offsetKey{process, s.sizeOf(TMProcessSize) - s.sizeOf(TMFlinkSize)})
			}
		}
	case s.has(flink) && !varied[process]:
		s.search = flink
		if s.has(process) {
			s.comove = append(s.comove, offsetKey{process, s.sizeOf(TMProcessSize) - s.sizeOf(TMFlinkSize) + grownProcess - grownFlink})
		}
	default:
		s.search = process
		if s.has(flink) {
			delete(s.cfg, flink)
		}
	}
	return nil
}

// searchWithTotals searches an explicit component size (now v0); the
// totals that are set move with it, keeping their remainders.
func (s *solver) searchWithTotals(key string, v0 MemorySize, flink, process string, grownFlink, grownProcess MemorySize) {
	s.search = key
	for _, t := range [2]struct {
		key   string
		grown MemorySize
	}{{flink, grownFlink}, {process, grownProcess}} {
		if v, ok := s.cfg[t.key]; ok {
			if size, err := ParseMemorySize(v); err == nil {
				s.comove = append(s.comove, offsetKey{t.key, size + t.grown - v0})
			}
		}
	}
}

// shift grows a set size option by d.
func (s *solver) shift(key string, d MemorySize) {
	if d == 0 || !s.has(key) {
		return
	}
	v, err := ParseMemorySize(s.cfg[key])
	if err == nil {
		s.cfg[key] = (v + d).String()
	}
}

// planRocksDB sets a fixed RocksDB budget when that is what bounds RocksDB.
func (s *solver) planRocksDB(varied map[string]bool) error {
	want := s.wants(TargetRocksDBPerSlot)
	if want <= 0 {
		return nil
	}
	want = roundMiB(want)
	_, fixedSlot := s.cfg[RocksDBFixedPerSlotKey]
	if fixedSlot || varied[RocksDBFixedPerSlotKey] {
		if v, err := ParseMemorySize(s.cfg[RocksDBFixedPerSlotKey]); err != nil || v < want || varied[RocksDBFixedPerSlotKey] {
			s.cfg[RocksDBFixedPerSlotKey] = mib(want)
		}
		return nil
	}
	managed := true
	if raw, ok := s.cfg[RocksDBManagedKey]; ok {
		if b, ok := parseJavaBool(raw); ok {
			managed = b
		}
	}
	if managed {
		return nil
	}
	_, fixedTM := s.cfg[RocksDBFixedPerTMKey]
	if (fixedTM || varied[RocksDBFixedPerTMKey]) && s.req.Input.Line >= rocksDBFixedPerTMSince {
		slots := int64(1)
		if raw, ok := s.cfg[options[TMNumSlots].Key]; ok {
			if n, ok := parseJavaInt(raw); ok && n > 0 {
				slots = int64(n)
			}
		}
		s.cfg[RocksDBFixedPerTMKey] = mib(MemorySize(satMul(int64(want), slots)))
		return nil
	}
	return &Unsolvable{Reason: RocksDBManagedKey + " is false and no fixed budget is set, so Flink does not bound RocksDB's memory " +
		"and there is no budget to size; set " + RocksDBManagedKey + "=true (RocksDB then lives in managed memory), or add --vary " + RocksDBFixedPerSlotKey}
}

func (s *solver) planJobManager(varied map[string]bool) error {
	key := func(id OptionID) string { return options[id].Key }
	process, flink, heap := key(JMProcessSize), key(JMFlinkSize), key(JMHeap)
	var grownFlink, grownProcess MemorySize
	setDirect := func(id OptionID, want MemorySize, inFlink bool) {
		if want <= 0 {
			return
		}
		old := s.sizeOf(id)
		if !varied[key(id)] && want <= old {
			return
		}
		want = roundMiB(want)
		s.cfg[key(id)] = mib(want)
		if inFlink {
			grownFlink += want - old
		}
		grownProcess += want - old
	}
	heapMode := s.has(heap)
	if heapMode || varied[heap] {
		setDirect(JMHeap, s.wants(TargetJVMHeap), true)
	}
	setDirect(JMOffHeap, s.wants(TargetOffHeap), true)
	setDirect(JMMetaspace, s.wants(TargetMetaspace), false)
	switch {
	case heapMode && s.req.Maximize == TargetJVMHeap:
		s.searchWithTotals(heap, s.sizeOf(JMHeap), flink, process, grownFlink, grownProcess)
	case heapMode:
		s.shift(flink, grownFlink)
		s.shift(process, grownProcess)
		if s.has(flink) {
			s.search = flink
			if s.has(process) {
				s.comove = append(s.comove, offsetKey{process, s.sizeOf(JMProcessSize) - s.sizeOf(JMFlinkSize)})
			}
		}
	case s.has(flink) && !varied[process]:
		s.search = flink
		if s.has(process) {
			s.comove = append(s.comove, offsetKey{process, s.sizeOf(JMProcessSize) - s.sizeOf(JMFlinkSize) + grownProcess - grownFlink})
		}
	default:
		s.search = process
		delete(s.cfg, flink)
	}
	return nil
}

// --- evaluation -------------------------------------------------------------

// metric is what a layout gives for a target kind; ok is false when the
// per-slot part it depends on is refused or absent.
func (s *solver) metric(k TargetKind, l *Layout) (int64, bool) {
	switch k {
	case TargetTaskHeap:
		return int64(l.Size[TaskHeap]), true
	case TargetJVMHeap:
		return int64(l.JVMHeap()), true
	case TargetManaged:
		return int64(l.Size[Managed]), true
	case TargetManagedPerSlot:
		slots := l.Slots
		if slots == -1 {
			slots = 1
		}
		if slots < 1 {
			return 0, false
		}
		return int64(l.Size[Managed]) / int64(slots), true
	case TargetRocksDBPerSlot:
		return s.rocksDBPerSlot(l)
	case TargetNetwork:
		return int64(l.Size[Network]), true
	case TargetNetworkBuffers:
		return int64(l.Size[Network] / s.seg), true
	case TargetTaskOffHeap:
		return int64(l.Size[TaskOffHeap]), true
	case TargetMetaspace:
		return int64(l.Size[Metaspace]), true
	case TargetOffHeap:
		return int64(l.Size[JobManagerOffHeap]), true
	}
	return 0, false
}

// rocksDBPerSlot is one slot's RocksDB budget. The rule and STATE_BACKEND's
// share do not change with the sizes the solver varies, so the full
// analysis runs once and later layouts only scale the slot's managed memory
// as Flink does.
func (s *solver) rocksDBPerSlot(l *Layout) (int64, bool) {
	if s.rocks == nil || s.rocks.Rule != RocksDBManaged {
		uses := s.req.Uses
		uses.RocksDB = true
		b, _, err := RocksDB(l, s.cfg, uses)
		if err != nil || b == nil || b.Rule == RocksDBUnbounded {
			return 0, false
		}
		s.rocks = b
		if b.Scope == "taskmanager" && b.Slots > 0 {
			return int64(b.Budget) / int64(b.Slots), true
		}
		return int64(b.Budget), true
	}
	slots := l.Slots
	if slots == -1 {
		slots = 1
	}
	if slots < 1 {
		return 0, false
	}
	return int64(managedBytes(l.Size[Managed]/MemorySize(slots), s.rocks.Fraction)), true
}

// expensive reports whether a kind needs the per-slot analysis.
func expensive(k TargetKind) bool { return k == TargetRocksDBPerSlot }

// meets reports whether l meets the targets of the given kinds (all kinds
// when only is nil); cheap targets are checked first.
func (s *solver) meets(l *Layout, only []TargetKind) bool {
	for pass := 0; pass < 2; pass++ {
		for _, t := range s.targets {
			if expensive(t.Kind) != (pass == 1) || (only != nil && !kindIn(t.Kind, only)) {
				continue
			}
			got, ok := s.metric(t.Kind, l)
			if !ok || got < t.Want {
				return false
			}
		}
	}
	return true
}

func kindIn(k TargetKind, ks []TargetKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// setSearch writes the searched size (in MiB) and the totals that move
// with it.
func (s *solver) setSearch(x int64) {
	if s.search == "" {
		return
	}
	v := MemorySize(x) * MiB
	s.cfg[s.search] = mib(v)
	for _, c := range s.comove {
		s.cfg[c.key] = (v + c.offset).String()
	}
}

func (s *solver) resolve() (Layout, error) {
	in := s.req.Input
	in.Config = s.cfg
	return Resolve(in)
}

// eval sets the searched size to x MiB, chooses the inner variables and
// reports whether the result meets every target.
func (s *solver) eval(x int64) bool {
	s.setSearch(x)
	for _, v := range s.inner {
		if !s.chooseInner(v) {
			return false
		}
	}
	l, err := s.resolve()
	s.last, s.lastErr = l, err
	if err != nil {
		return false
	}
	if s.req.Fit > 0 && l.TotalProcess > s.req.Fit {
		return false
	}
	s.lastOK, s.lastOKx, s.hasLastOK = l, x, true
	return s.meets(&l, nil)
}

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
	// ok: the value serves its targets, or went so far that Flink refuses
	// the configuration (larger values only refuse more).
	ok := func(i int64) bool {
		set(i)
		l, err := s.resolve()
		if maximize {
			return err == nil && s.meets(&l, nil)
		}
		return err != nil || s.meets(&l, v.serves)
	}
	if maximize {
		if !ok(0) {
			return false
		}
		lo := int64(0)
		for lo < hi {
			mid := lo + (hi-lo+1)/2
			if ok(mid) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		set(lo)
		return true
	}
	lo := int64(0)
	if ok(lo) {
		set(lo)
		return true
	}
	if !ok(hi) {
		return false
	}
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	set(hi)
	return true
}

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
	return int64(roundMiB(v) / MiB)
}

// fitMaxMiB is the largest searched size whose process stays within Fit;
// 0 when none does.
func (s *solver) fitMaxMiB() int64 {
	within := func(x int64) bool {
		s.setSearch(x)
		l, err := s.resolve()
		return err != nil || l.TotalProcess <= s.req.Fit
	}
	lo, hi := int64(1), int64(s.req.Fit/MiB)
	if hi < 1 || !within(lo) {
		return 0
	}
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if within(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// lowerBound is a size below which the searched key cannot meet the
// targets: a total is at least any component it holds.
func (s *solver) lowerBound() int64 {
	switch s.search {
	case options[TMProcessSize].Key, options[TMFlinkSize].Key, options[JMProcessSize].Key, options[JMFlinkSize].Key:
	default:
		return 1
	}
	var w MemorySize
	for _, t := range s.targets {
		if !t.Kind.Counts() && MemorySize(t.Want) > w {
			w = MemorySize(t.Want)
		}
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
	prevAccepted, found := false, false
	for !found {
		if s.eval(x) {
			found = true
			break
		}
		accepted := s.accepted()
		if !accepted && prevAccepted {
			a, b := prev, x
			for a+1 < b {
				mid := a + (b-a)/2
				s.eval(mid)
				if s.accepted() {
					a = mid
				} else {
					b = mid
				}
			}
			if a > prev && s.eval(a) {
				x, found = a, true
				break
			}
		}
		if x >= hi {
			break
		}
		prev, prevAccepted = x, accepted
		x = min(hi, x+max(1, x/16))
	}
	if !found {
		return 0, false
	}
	a, b := prev, x // a fails (or is below the range), b meets
	for a+1 < b {
		mid := a + (b-a)/2
		if s.eval(mid) {
			b = mid
		} else {
			a = mid
		}
	}
	for steps := 0; b > 1 && steps < 4096 && s.eval(b-1); steps++ {
		b--
	}
	return b, true
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
