package memmodel

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

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

// current returns the value an option key has in the input: configured, or
// the line's default; ok is false when the key is unset without default
// or its value cannot be read.
func (f *fixer) currentSize(key string) (MemorySize, bool) {
	if raw, set := f.in.Config[key]; set {
		if strings.HasSuffix(key, ".heap.mb") {
			v, ok := parseJavaInt(raw)
			return MemorySize(int64(v) << 20), ok && v >= 0
		}
		v, err := ParseMemorySize(raw)
		return v, err == nil
	}
	o, ok := OptionByKey(key)
	if !ok {
		return 0, false
	}
	def, ok := Default(o.ID, f.in.Line)
	if !ok {
		return 0, false
	}
	v, err := ParseMemorySize(def)
	return v, err == nil
}

func (f *fixer) currentFraction(key string) (float64, bool) {
	if raw, set := f.in.Config[key]; set {
		return parseJavaNumber(raw, 32)
	}
	o, ok := OptionByKey(key)
	if !ok {
		return 0, false
	}
	def, ok := Default(o.ID, f.in.Line)
	if !ok {
		return 0, false
	}
	v, _ := strconv.ParseFloat(def, 64)
	return float64(float32(v)), true
}

// sizeValue writes a size in whole MiB, in the form the key takes.
func sizeValue(key string, mib int64) string {
	if strings.HasSuffix(key, ".heap.mb") {
		return strconv.FormatInt(mib, 10)
	}
	return strconv.FormatInt(mib, 10) + "m"
}

// setFix builds the fix that sets one key.
func setFix(verb, key, value string) Fix {
	return Fix{Set: []KeyValue{{key, value}}, Description: verb + " " + key + " to " + value}
}

// searchSize finds the smallest whole-MiB value above the current one
// (raise) or the largest below it (lower) that makes the configuration
// resolve and satisfies want (nil: any valid layout). The search doubles
// its step until it finds a valid value, then bisects; the result is
// verified, so a non-monotone case costs minimality, never correctness.
func (f *fixer) searchSize(key string, raise bool, want func(*Layout) bool) (int64, bool) {
	cur, ok := f.currentSize(key)
	if !ok {
		if !raise {
			return 0, false
		}
		cur = 0
	}
	curMiB := int64(cur / MiB)
	const maxMiB = int64(MaxMemorySize / MiB)
	good := func(mib int64) bool {
		l, ok := f.resolveWith(setFix("", key, sizeValue(key, mib)))
		return ok && (want == nil || want(&l))
	}
	if raise {
		lo := curMiB // bad (or the current value, which failed)
		if cur%MiB != 0 || cur == 0 {
			lo = curMiB
		}
		step := int64(1)
		hi := int64(-1)
		for lo+step <= maxMiB && step > 0 {
			if good(lo + step) {
				hi = lo + step
				break
			}
			lo += step
			step *= 2
		}
		if hi < 0 {
			return 0, false
		}
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if good(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi, true
	}
	hi := curMiB
	if int64(cur)%int64(MiB) != 0 {
		hi = curMiB + 1 // the current value itself is bad; any floor is below it
	}
	lo := int64(-1)
	step := int64(1)
	for hi-step >= 0 {
		if good(hi - step) {
			lo = hi - step
			break
		}
		hi -= step
		step *= 2
	}
	if lo < 0 {
		if hi > 0 && good(0) {
			lo = 0
		} else {
			return 0, false
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if good(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, true
}

// trySize offers the fix that raises or lowers a size key as little as
// possible.
func (f *fixer) trySize(key string, raise bool) {
	mib, ok := f.searchSize(key, raise, nil)
	if !ok {
		return
	}
	verb := "lower"
	if raise {
		verb = "raise"
	}
	f.offer(setFix(verb, key, sizeValue(key, mib)))
}

// tryFraction offers the fix that moves a fraction key by the fewest
// hundredths in the given direction.
func (f *fixer) tryFraction(key string, raise bool) {
	cur, ok := f.currentFraction(key)
	if !ok || math.IsNaN(cur) {
		return
	}
	hundredths := int(math.Floor(cur * 100))
	if raise {
		hundredths = int(math.Ceil(cur*100 + 1e-9))
	}
	for i := 0; i <= 100; i++ {
		h := hundredths - i
		if raise {
			h = hundredths + i
		}
		if h < 0 || h > 99 {
			return
		}
		v := strconv.FormatFloat(float64(h)/100, 'f', -1, 64)
		if v == f.in.Config[key] {
			continue
		}
		verb := "lower"
		if raise {
			verb = "raise"
		}
		fx := setFix(verb, key, v)
		if _, ok := f.resolveWith(fx); ok {
			f.offer(fx)
			return
		}
	}
}

// trySet offers setting a key to a value.
func (f *fixer) trySet(key, value, verb string) {
	if f.in.Config[key] == value {
		return
	}
	f.offer(setFix(verb, key, value))
}

// tryUnset offers removing a configured key.
func (f *fixer) tryUnset(key string, why string) {
	if _, set := f.in.Config[key]; !set {
		return
	}
	d := "unset " + key
	if why != "" {
		d += " (" + why + ")"
	}
	f.offer(Fix{Unset: []string{key}, Description: d})
}

// tryKeepHeap offers raising a total size until the task heap (JobManager:
// heap) is at least target, for rejections whose smallest fix leaves
// almost nothing for user code.
func (f *fixer) tryKeepHeap(key string, target MemorySize) {
	heapOf := func(l *Layout) MemorySize {
		if l.Role == JobManager {
			return l.Size[JobManagerHeap]
		}
		return l.Size[TaskHeap]
	}
	mib, ok := f.searchSize(key, true, func(l *Layout) bool { return heapOf(l) >= target })
	if !ok {
		return
	}
	fx := setFix("raise", key, sizeValue(key, mib))
	l, ok := f.resolveWith(fx)
	if !ok {
		return
	}
	what := "task heap"
	if l.Role == JobManager {
		what = "JVM heap"
	}
	fx.Note = "keeps " + heapOf(&l).Human() + " " + what
	f.offer(fx)
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

// planOverflow handles sizes so large that their sum or product exceeds
// 8 EiB: lower the largest configured size, or any configured size or
// fraction that brings the total back into range.
func (f *fixer) planOverflow() {
	defer func() {
		keys := make([]string, 0, len(f.in.Config))
		for k := range f.in.Config {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			o, ok := OptionByKey(k)
			switch {
			case !ok:
			case o.Type == TypeSize:
				f.trySize(k, false)
			case o.Type == TypeFraction:
				f.tryFraction(k, false)
			}
		}
	}()
	var keys []string
	var largest MemorySize
	for k, v := range f.in.Config {
		if o, ok := OptionByKey(k); ok && o.Type == TypeSize {
			if s, err := ParseMemorySize(v); err == nil && s >= largest {
				if s > largest {
					keys = keys[:0]
				}
				largest = s
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		f.trySize(k, false)
		f.tryUnset(k, "")
	}
}

// planUnparsable offers a corrected spelling of a value Flink cannot read,
// when its meaning is clear, and otherwise removing the key.
func (f *fixer) planUnparsable() {
	key := f.rej.Key
	raw := f.rej.Raw
	if key == "" {
		return
	}
	if o, ok := OptionByKey(key); ok {
		switch o.Type {
		case TypeSize:
			if v, ok := respellSize(raw); ok {
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeFraction, TypeDouble:
			if v, ok := respellNumber(raw); ok {
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeInt:
			if v, ok := respellInt(raw); ok {
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeBool:
			t := strings.ToLower(strings.TrimSpace(raw))
			if t == "true" || t == "false" {
				f.offer(Fix{Set: []KeyValue{{key, t}}, Description: "write " + key + " as " + t})
			}
		}
		why := ""
		if def, ok := Default(o.ID, f.in.Line); ok {
			why = "back to the default " + def
		}
		f.tryUnset(key, why)
	}
}

// respellSize reads sizes people write but Flink does not: decimals
// ("1.5g"), Kubernetes and IEC units ("2Gi", "512 MiB") and decimal SI
// units ("2G" is taken as 2 GiB, as Flink's units are binary), and writes
// them in Flink's form, exactly.
func respellSize(raw string) (string, bool) {
	t := strings.TrimSpace(raw)
	i := 0
	for i < len(t) && (isASCIIDigit(t[i]) || t[i] == '.') {
		i++
	}
	if i == 0 {
		return "", false
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	unit = strings.TrimSuffix(strings.TrimSuffix(unit, "ib"), "i")
	mult, ok := unitMultiplier(unit)
	if !ok {
		return "", false
	}
	intPart, frac, _ := strings.Cut(num, ".")
	if strings.Contains(frac, ".") || intPart == "" && frac == "" {
		return "", false
	}
	// value = (intPart.frac) × mult, which must come out a whole number of
	// bytes.
	digits := intPart + frac
	n, err := strconv.ParseUint(strings.TrimLeft(digits, "0")+"0", 10, 64)
	if err != nil {
		return "", false
	}
	n /= 10
	den := uint64(1)
	for range frac {
		den *= 10
	}
	if n > math.MaxInt64/uint64(mult) || (n*uint64(mult))%den != 0 {
		return "", false
	}
	bytes := MemorySize(n * uint64(mult) / den)
	if bytes.String() == raw {
		return "", false
	}
	return bytes.String(), true
}

// respellNumber reads a fraction written with a comma or as a percentage.
func respellNumber(raw string) (string, bool) {
	t := strings.TrimSpace(raw)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	t = strings.Replace(t, ",", ".", 1)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return "", false
	}
	if pct {
		v /= 100
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if s == raw {
		return "", false
	}
	return s, true
}

// respellInt reads a whole number with stray spaces or a ".0".
func respellInt(raw string) (string, bool) {
	t := strings.TrimSuffix(strings.TrimSpace(raw), ".0")
	if _, ok := parseJavaInt(t); !ok || t == raw {
		return "", false
	}
	return t, true
}
