package memmodel

import (
	"sort"
	"strings"
)

// Fix is one concrete change that makes a refused configuration resolve.
// Every fix offered has been verified by resolving the edited config. A
// fix names each key once, with its final value: a key is either in Set or
// in Unset, never twice.
type Fix struct {
	// Set lists keys to set and their new values, in a stable order.
	Set []KeyValue
	// Unset lists keys to remove.
	Unset []string
	// Description says what the fix does, in a few words, one phrase per
	// key ("raise taskmanager.memory.process.size to 2845m"). It already
	// names every key of Set and Unset; Flags gives the -D form of Set.
	Description string
	// Note says what the fix leaves, when a user should know ("keeps
	// 384 MiB task heap"); empty otherwise.
	Note string
	// BareMinimum marks a fix that only makes the configuration valid: it
	// leaves less heap than a working process has (the heap the
	// configuration had before it broke, or else what Flink's default
	// configuration gives) while another fix keeps more. Such fixes come
	// last.
	BareMinimum bool
	// Result is the layout the fixed configuration resolves to.
	Result Layout

	// steps are the edits, one per key, that Set, Unset and Description
	// are made of; correction marks an obvious correction of what the
	// user wrote (a percentage for a fraction, a missing unit).
	steps      []step
	correction bool
}

// step is one edit of a fix: a key set to a value or removed.
type step struct {
	key, value string
	unset      bool
	// verb is how the phrase reads: set, raise, lower, or write (for a
	// respelling of what the user wrote).
	verb string
	// why is said in parentheses after the edit.
	why string
}

func (s step) phrase() string {
	var p string
	switch {
	case s.unset:
		p = "unset " + s.key
	case s.verb == "write":
		p = "write " + s.key + " as " + s.value
	default:
		p = s.verb + " " + s.key + " to " + s.value
	}
	if s.why != "" {
		p += " (" + s.why + ")"
	}
	return p
}

// fixOf builds a fix from its edits.
func fixOf(steps ...step) Fix {
	fx := Fix{steps: steps}
	phrases := make([]string, len(steps))
	for i, s := range steps {
		if s.unset {
			fx.Unset = append(fx.Unset, s.key)
		} else {
			fx.Set = append(fx.Set, KeyValue{s.key, s.value})
		}
		phrases[i] = s.phrase()
	}
	fx.Description = strings.Join(phrases, ", and ")
	return fx
}

// Flags returns the fix's settings as command-line arguments, one
// "-D key=value" per key it sets, in order; a fix that only removes keys
// has none (its Description says what to remove).
func (f Fix) Flags() []string {
	out := make([]string, len(f.Set))
	for i, kv := range f.Set {
		out[i] = "-D " + kv.Key + "=" + kv.Value
	}
	return out
}

// Apply returns a copy of cfg with the fix applied.
func (f Fix) Apply(cfg Config) Config {
	out := make(Config, len(cfg)+len(f.Set))
	for k, v := range cfg {
		out[k] = v
	}
	for _, k := range f.Unset {
		delete(out, k)
	}
	for _, kv := range f.Set {
		out[kv.Key] = kv.Value
	}
	return out
}

// maxFixes bounds how many fixes are offered, after ordering; the plans
// may collect up to maxCandidates, so that sensible fixes found late are
// not crowded out by bare-minimum ones found early.
const (
	maxFixes      = 6
	maxCandidates = 12
)

// Fixes computes fixes for a configuration that Resolve refused with err.
// It returns nil when err is not a *Rejection or no change of value cures
// it. Each fix is verified by resolving the edited configuration. They
// come in the order an expert would try them: obvious corrections of what
// was written first (a fraction written as a percentage, a size without
// its unit), then fixes that keep a working heap (what Flink's default
// configuration gives), then bare-minimum fixes, marked, that are merely
// valid. Searched values are the smallest change in their direction,
// rounded toward the valid side (sizes to whole MiB, fractions to 0.01).
func Fixes(in Input, err error) []Fix { return FixesKeeping(in, err, 0) }

// FixesKeeping is Fixes for a configuration whose last working version
// had heap of task heap (JobManager: JVM heap): fixes that keep at least
// that much come before the bare-minimum ones. heap 0 means unknown, and
// Flink's default configuration's heap is used.
func FixesKeeping(in Input, err error, heap MemorySize) []Fix {
	rej, ok := err.(*Rejection)
	if !ok || rej == nil {
		return nil
	}
	f := fixer{in: in, rej: rej, wanted: heap}
	f.run()
	return f.fixes
}

// fixer collects verified fixes for one rejection.
type fixer struct {
	in    Input
	rej   *Rejection
	fixes []Fix
	// wanted is the heap a working process keeps (see FixesKeeping).
	wanted MemorySize
	// chained is set while fixing what a first edit left broken, so that
	// chains stay two edits long.
	chained bool
}

// run plans the fixes, then marks and orders them.
func (f *fixer) run() {
	if f.wanted <= 0 {
		f.wanted = defaultHeap(f.in.Role, f.in.Line)
	}
	f.plan()
	f.order()
}

// heapOf is the heap left for user code: the task heap of a TaskManager,
// the JVM heap of a JobManager.
func heapOf(l *Layout) MemorySize {
	if l.Role == JobManager {
		return l.Size[JobManagerHeap]
	}
	return l.Size[TaskHeap]
}

func heapWord(r Role) string {
	if r == JobManager {
		return "JVM heap"
	}
	return "task heap"
}

// defaultHeap is the heap Flink's shipped configuration gives on a line.
func defaultHeap(role Role, line Line) MemorySize {
	l, err := Resolve(Input{Role: role, Line: line, Config: shippedConfig(role, line)})
	if err != nil {
		return 0
	}
	return heapOf(&l)
}

// shippedConfig is the size the configuration shipped with Flink sets.
func shippedConfig(role Role, line Line) Config {
	id := TMProcessSize
	if role == JobManager {
		id = JMProcessSize
	}
	v, _ := Shipped(id, line)
	return Config{options[id].Key: v}
}

// order marks bare-minimum fixes and sorts: corrections, fixes that keep
// a working heap, bare-minimum fixes; the plan's order within each.
func (f *fixer) order() {
	// A fix is bare only next to one that keeps more heap: when no fix can
	// keep the wanted heap, the best that can be kept is the bar.
	bar := MemorySize(0)
	for i := range f.fixes {
		bar = max(bar, heapOf(&f.fixes[i].Result))
	}
	bar = min(bar, f.wanted)
	rank := func(fx *Fix) int {
		switch {
		case fx.correction:
			return 0
		case fx.BareMinimum:
			return 2
		}
		return 1
	}
	for i := range f.fixes {
		fx := &f.fixes[i]
		if !fx.correction && heapOf(&fx.Result) < bar {
			fx.BareMinimum = true
			fx.Note = "bare minimum: leaves only " + heapOf(&fx.Result).Human() + " " + heapWord(f.in.Role)
		}
	}
	sort.SliceStable(f.fixes, func(i, j int) bool { return rank(&f.fixes[i]) < rank(&f.fixes[j]) })
	if len(f.fixes) > maxFixes {
		f.fixes = f.fixes[:maxFixes]
	}
}

// resolveWith resolves the input with a fix applied.
func (f *fixer) resolveWith(fx Fix) (Layout, bool) {
	in := f.in
	in.Config = fx.Apply(f.in.Config)
	l, err := Resolve(in)
	if err != nil {
		return l, false
	}
	if in.Role == TaskManager && f.rej.Check == CheckSlotsLessThanOne {
		if _, err := l.Slot(); err != nil {
			return l, false
		}
	}
	return l, true
}

// offer verifies a fix and keeps it when it resolves and makes edits no
// kept fix makes. A fix that cures the rejection but runs into another is
// completed by chain (corrections are offered as written, or not at all).
func (f *fixer) offer(fx Fix) bool {
	if len(f.fixes) >= maxCandidates {
		return false
	}
	l, ok := f.resolveWith(fx)
	if !ok {
		if fx.correction {
			return false
		}
		if fx, ok = f.chain(fx); !ok {
			return false
		}
		l, _ = f.resolveWith(fx)
	}
	for _, have := range f.fixes {
		if sameEdits(have, fx) {
			return false
		}
	}
	fx.Result = l
	f.fixes = append(f.fixes, fx)
	return true
}

// sameEdits reports whether two fixes make the same edits.
func sameEdits(a, b Fix) bool {
	if len(a.steps) != len(b.steps) {
		return false
	}
	for _, s := range a.steps {
		found := false
		for _, t := range b.steps {
			found = found || (s.key == t.key && s.unset == t.unset && s.value == t.value)
		}
		if !found {
			return false
		}
	}
	return true
}

// chain completes an edit that cures the rejection but runs into another
// one (unsetting a broken legacy key can leave no size configured): the
// first fix of the new rejection is added, and the pair verified. A key
// both edits touch is named once, with the second edit's value.
func (f *fixer) chain(fx Fix) (Fix, bool) {
	if f.chained {
		return fx, false
	}
	in := f.in
	in.Config = fx.Apply(f.in.Config)
	_, err := Resolve(in)
	rej, ok := err.(*Rejection)
	if !ok || rej.Check == f.rej.Check {
		return fx, false
	}
	next := fixer{in: in, rej: rej, wanted: f.wanted, chained: true}
	next.run()
	if len(next.fixes) == 0 {
		return fx, false
	}
	steps := append([]step{}, fx.steps...)
	for _, s := range next.fixes[0].steps {
		i := 0
		for i < len(steps) && steps[i].key != s.key {
			i++
		}
		if i == len(steps) {
			steps = append(steps, s)
			continue
		}
		if !s.unset {
			s.verb = f.verbFor(s.key, s.value)
		}
		steps[i] = s
	}
	combined := fixOf(steps...)
	if _, ok := f.resolveWith(combined); !ok {
		return fx, false
	}
	return combined, true
}

// verbFor says how setting key to value reads against the configuration
// as given: raise or lower a readable size or fraction, else set.
func (f *fixer) verbFor(key, value string) string {
	if _, set := f.in.Config[key]; !set {
		return "set"
	}
	o, ok := OptionByKey(key)
	if !ok {
		return "set"
	}
	var cur, next float64
	switch o.Type {
	case TypeSize, TypeInt:
		c, ok1 := f.currentSize(key)
		n, ok2 := sizeOf(key, value)
		if !ok1 || !ok2 {
			return "set"
		}
		cur, next = float64(c), float64(n)
	case TypeFraction:
		c, ok1 := f.currentFraction(key)
		n, ok2 := parseJavaNumber(value, 32)
		if !ok1 || !ok2 {
			return "set"
		}
		cur, next = c, n
	default:
		return "set"
	}
	switch {
	case next > cur:
		return "raise"
	case next < cur:
		return "lower"
	}
	return "set"
}

// keyed returns the key as written in the config for an option (its
// current key, else a deprecated one that is set), and whether it is set.
func (f *fixer) keyed(id OptionID) (string, bool) {
	o := options[id]
	if _, ok := f.in.Config[o.Key]; ok {
		return o.Key, true
	}
	for _, d := range o.Deprecated {
		if _, ok := f.in.Config[d]; ok {
			return d, true
		}
	}
	return o.Key, false
}

// totalKey is the key that fixes the total the rejection was measured
// against: the process size in process mode, else the Flink size, or the
// legacy heap key that stood in for it.
func (f *fixer) totalKey() string {
	tm := f.in.Role == TaskManager
	process, flink := TMProcessSize, TMFlinkSize
	legacySize, legacyMB := TMLegacyHeapSize, TMLegacyHeapMB
	if !tm {
		process, flink, legacySize, legacyMB = JMProcessSize, JMFlinkSize, JMLegacyHeapSize, JMLegacyHeapMB
	}
	pk, pset := f.keyed(process)
	fk, fset := f.keyed(flink)
	switch {
	case f.rej.Partial.Mode == ModeTotalProcess && pset:
		return pk
	case f.rej.Partial.Mode == ModeTotalFlink && fset:
		return fk
	case pset:
		return pk
	case fset:
		return fk
	}
	if k, ok := f.keyed(legacySize); ok {
		return k
	}
	if k, ok := f.keyed(legacyMB); ok {
		return k
	}
	return pk
}

// plan lists the fixes for the rejection, through the plan its check
// declares, most direct first.
func (f *fixer) plan() {
	spec, ok := f.rej.Check.spec()
	if !ok || spec.plan == nil {
		return
	}
	if !spec.unparsable {
		f.correctUnits()
	}
	spec.plan(f)
}

// trySizeIfSet raises or lowers an option only when the config sets it.
func (f *fixer) trySizeIfSet(id OptionID, raise bool) {
	if k, set := f.keyed(id); set {
		f.trySize(k, raise)
	}
}

func (f *fixer) processKey() string {
	id := TMProcessSize
	if f.in.Role == JobManager {
		id = JMProcessSize
	}
	k, _ := f.keyed(id)
	return k
}

func (f *fixer) flinkKey() (string, bool) {
	id := TMFlinkSize
	if f.in.Role == JobManager {
		id = JMFlinkSize
	}
	return f.keyed(id)
}

func (f *fixer) metaKey() string {
	if f.in.Role == JobManager {
		return options[JMMetaspace].Key
	}
	return options[TMMetaspace].Key
}

func (f *fixer) overheadKey(tm, jm OptionID) string {
	if f.in.Role == JobManager {
		return options[jm].Key
	}
	return options[tm].Key
}
