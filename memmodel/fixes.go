package memmodel

// Fix is one concrete change that makes a refused configuration resolve.
// Every fix offered has been verified by resolving the edited config.
type Fix struct {
	// Set lists keys to set and their new values, in a stable order.
	Set []KeyValue
	// Unset lists keys to remove.
	Unset []string
	// Description says what the fix does, in a few words
	// ("raise taskmanager.memory.process.size to 2845m").
	Description string
	// Note says what the fix leaves, when a user should know ("valid, but
	// leaves 0.25 MiB task heap"); empty otherwise.
	Note string
	// Result is the layout the fixed configuration resolves to.
	Result Layout
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

// maxFixes bounds how many fixes are offered; the first ones are the most
// direct.
const maxFixes = 6

// smallHeap is the heap below which a fix that is merely valid gets a note:
// Flink recommends at least this much JobManager heap, and a TaskManager
// with less task heap rarely runs real user code.
const smallHeap = 128 * MiB

// sensibleTaskHeap is the task heap a "keeps a useful task heap" fix aims
// for when the configuration never set one: enough for typical operators
// and heap state, a little above what Flink's shipped default leaves.
const sensibleTaskHeap = 512 * MiB

// Fixes computes fixes for a configuration that Resolve refused with err.
// It returns nil when err is not a *Rejection or no change of value cures
// it. Each fix is the smallest change of one option in its direction,
// rounded toward the valid side (sizes to whole MiB, fractions to 0.01),
// and each is verified by resolving the edited configuration.
func Fixes(in Input, err error) []Fix {
	rej, ok := err.(*Rejection)
	if !ok || rej == nil {
		return nil
	}
	f := fixer{in: in, rej: rej}
	f.plan()
	return f.fixes
}

// fixer collects verified fixes for one rejection.
type fixer struct {
	in    Input
	rej   *Rejection
	fixes []Fix
	// chained is set while fixing what a first edit left broken, so that
	// chains stay two edits long.
	chained bool
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

// offer verifies a fix and keeps it when it resolves and is new.
func (f *fixer) offer(fx Fix) bool {
	if len(f.fixes) >= maxFixes {
		return false
	}
	l, ok := f.resolveWith(fx)
	if !ok {
		if fx, ok = f.chain(fx); !ok {
			return false
		}
		l, _ = f.resolveWith(fx)
	}
	for _, have := range f.fixes {
		if have.Description == fx.Description {
			return false
		}
	}
	fx.Result = l
	if fx.Note == "" {
		fx.Note = heapNote(&l)
	}
	f.fixes = append(f.fixes, fx)
	return true
}

// chain completes an edit that cures the rejection but runs into another
// one (unsetting a broken legacy key can leave no size configured): the
// first fix of the new rejection is added, and the pair verified.
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
	next := fixer{in: in, rej: rej, chained: true}
	next.plan()
	if len(next.fixes) == 0 {
		return fx, false
	}
	second := next.fixes[0]
	combined := Fix{
		Set:         append(append([]KeyValue{}, fx.Set...), second.Set...),
		Description: fx.Description + ", and " + second.Description,
		Note:        second.Note,
	}
	// Removing a key and then setting it is just setting it.
	for _, k := range append(append([]string{}, fx.Unset...), second.Unset...) {
		if !setsKey(combined.Set, k) {
			combined.Unset = append(combined.Unset, k)
		}
	}
	if len(fx.Set) == 0 && len(fx.Unset) == 1 && len(second.Unset) == 0 && setsKey(second.Set, fx.Unset[0]) {
		combined.Description = second.Description + " instead"
	}
	if _, ok := f.resolveWith(combined); !ok {
		return fx, false
	}
	return combined, true
}

func setsKey(kvs []KeyValue, key string) bool {
	for _, kv := range kvs {
		if kv.Key == key {
			return true
		}
	}
	return false
}

// heapNote warns when a fixed layout is valid but leaves almost no heap
// for user code.
func heapNote(l *Layout) string {
	if l.Role == JobManager {
		if l.Size[JobManagerHeap] < smallHeap {
			return "valid, but leaves only " + l.Size[JobManagerHeap].Human() + " JVM heap"
		}
		return ""
	}
	if l.Size[TaskHeap] < smallHeap {
		return "valid, but leaves only " + l.Size[TaskHeap].Human() + " task heap"
	}
	return ""
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
	if spec, ok := f.rej.Check.spec(); ok && spec.plan != nil {
		spec.plan(f)
	}
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
