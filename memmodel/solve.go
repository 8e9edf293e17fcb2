package memmodel

import "strconv"

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
	// Note says what the solution leaves that a user should know ("valid,
	// but leaves only 0.25 MiB task heap"); empty otherwise.
	Note string
	// Maximized and MaximizedGot report the maximized target, if any.
	Maximized    TargetKind
	MaximizedGot int64
}

// ServesRocksDB reports whether a target is RocksDB's budget, so that the
// solution's per-slot analysis counts RocksDB.
func (s *Solution) ServesRocksDB() bool {
	for _, t := range s.Targets {
		if t.Kind == TargetRocksDBPerSlot {
			return true
		}
	}
	return false
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
	// varied holds the keys of req.Vary (current spelling); grownFlink
	// and grownProcess what the options set once added to each total.
	varied                   map[string]bool
	grownFlink, grownProcess MemorySize
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
	// scratch holds the layouts of the inner variables' search.
	scratch Layout
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

// mib writes a size in whole MiB, the way a user writes it ("3983m").
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
	s := &solver{req: req, orig: in.Config, cfg: cfg, targets: append([]Target(nil), req.Targets...), seg: segmentSize(cfg)}
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
		slots, ok := slotCount(l)
		if !ok {
			return 0, false
		}
		return int64(l.Size[Managed] / slots), true
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
	slots, ok := slotCount(l)
	if !ok {
		return 0, false
	}
	return int64(managedBytes(l.Size[Managed]/slots, s.rocks.Fraction)), true
}

// slotCount is the number of slots a layout's memory divides into, as
// Layout.Slot counts them (a slot count of -1 is one slot); false below
// one.
func slotCount(l *Layout) (MemorySize, bool) {
	slots := l.Slots
	if slots == -1 {
		slots = 1
	}
	return MemorySize(slots), slots >= 1
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
			// Keep what the configuration then resolves to, for the
			// explanation.
			s.last, s.lastErr = s.resolve()
			return false
		}
	}
	// The layout lives in the solver, so that measuring it allocates
	// nothing.
	s.last, s.lastErr = s.resolve()
	if s.lastErr != nil {
		return false
	}
	if s.req.Fit > 0 && s.last.TotalProcess > s.req.Fit {
		return false
	}
	s.lastOK, s.lastOKx, s.hasLastOK = s.last, x, true
	return s.meets(&s.last, nil)
}
