package memmodel

// Resolution shared by both processes, after Flink's ProcessMemoryUtils:
// reading options and their defaults, rejecting, fractions within a
// range, the choice of derivation, legacy heap keys, and metaspace and JVM
// overhead around total Flink memory. resolve_taskmanager.go and resolve_jobmanager.go derive
// what lies inside total Flink memory.

// Config is a Flink configuration: option keys mapped to raw string values,
// exactly as `-D key=value` or a flat flink-conf.yaml line hands them to
// Flink. An empty value is a value (Flink refuses it for a size), not an
// absent key.
type Config map[string]string

// Input is everything Resolve needs.
type Input struct {
	Role       Role
	Line       Line
	Deployment Deployment
	Config     Config
}

// Resolve derives a process's memory layout from a configuration the way
// the chosen Flink line does, or reports why Flink would refuse to start.
// The error, when not nil, is a *Rejection. Resolve is pure and cheap: it
// builds no strings; messages, JVM arguments and dynamic configs are made
// on request from the result.
func Resolve(in Input) (Layout, error) {
	var r resolver
	r.init(in)
	var ok bool
	if in.Role == JobManager {
		ok = r.jobManager()
	} else {
		ok = r.taskManager()
	}
	if !ok {
		rej := r.failing()
		rej.Role, rej.Line, rej.Deployment = in.Role, in.Line, in.Deployment
		rej.Partial = partialOf(&r.l)
		rej.Known = r.known
		return Layout{}, rej
	}
	return r.l, nil
}

// resolver holds one resolution's state. Options are indexed once, so each
// later read is an array access rather than a map lookup.
type resolver struct {
	in Input
	l  Layout
	// rej is allocated only when a check fails, so accepted configurations
	// cost no allocation; known tracks the components derived so far.
	rej   *Rejection
	known uint16

	raw  [numOptions]string
	used [numOptions]string // the key that supplied raw; "" when unset
	// primary marks options set under their current key, which beats a
	// deprecated key whatever the map order.
	primary [numOptions]bool

	// A legacy heap key mapped onto a new option behaves as if that option
	// were set to mappedValue.
	mapped       bool
	mappedTarget OptionID
	mappedValue  MemorySize
	mappedKey    string
}

func (r *resolver) init(in Input) {
	r.in = in
	r.l.Role = in.Role
	r.l.Line = in.Line
	r.l.Deployment = in.Deployment
	r.l.Slots = 1
	for k, v := range in.Config {
		id, deprecated, ok := optionForKey(k, in.Line)
		if !ok {
			if why := notReadReason(k, in.Line, in.Role); why != "" {
				r.l.addNotice(Notice{Code: NoticeKeyNotRead, Key: k, Other: why})
			}
			continue
		}
		if deprecated {
			if r.primary[id] {
				continue
			}
		} else {
			r.primary[id] = true
		}
		r.raw[id] = v
		r.used[id] = k
	}
	// Map order is random; keys-not-read notices (the only ones so far)
	// are sorted so that the same config always reads the same.
	ns := r.l.notices[:r.l.nNotices]
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && ns[j].Key < ns[j-1].Key; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
	for id := OptionID(0); id < numOptions; id++ {
		if r.used[id] != "" && !r.primary[id] {
			r.l.addNotice(Notice{Code: NoticeDeprecatedKey, Key: r.used[id], Other: options[id].Key})
		}
	}
}

// notReadReason explains why a memory key that users still write has no
// effect on the chosen line; "" for any other key.
func notReadReason(k string, line Line, role Role) string {
	switch k {
	case "taskmanager.memory.fraction", "taskmanager.memory.off-heap", "taskmanager.memory.preallocate":
		if role == TaskManager {
			return "it was removed in 1.10; use taskmanager.memory.managed.fraction or .size"
		}
	case "taskmanager.heap.size", "taskmanager.heap.mb":
		if !line.ReadsLegacyKeys() && role == TaskManager {
			return "2.0 removed it; set taskmanager.memory.process.size (containers) or taskmanager.memory.flink.size (standalone)"
		}
	case "jobmanager.heap.size", "jobmanager.heap.mb":
		if !line.ReadsLegacyKeys() && role == JobManager {
			return "2.0 removed it; set jobmanager.memory.process.size (containers) or jobmanager.memory.heap.size"
		}
	case "taskmanager.network.numberOfBuffers":
		if !line.ReadsLegacyKeys() && role == TaskManager {
			return "2.0 removed it; size network memory with taskmanager.memory.network.min/max/fraction"
		}
	case "containerized.heap-cutoff-ratio", "containerized.heap-cutoff-min", "yarn.heap-cutoff-ratio", "yarn.heap-cutoff-min":
		if role == TaskManager || line.HasJobManagerModel() {
			return "the memory model replaced the heap cut-off; JVM overhead (jvm-overhead.min/max/fraction) plays its part"
		}
	}
	return ""
}

// --- failing -------------------------------------------------------------

// failing returns the rejection under construction, allocating it on
// first use.
func (r *resolver) failing() *Rejection {
	if r.rej == nil {
		r.rej = new(Rejection)
	}
	return r.rej
}

// reject fails check c: value is the size the check compared and limit
// what it had to fit; keys are the options involved, most relevant first.
func (r *resolver) reject(c Check, value, limit MemorySize, keys ...string) bool {
	rej := r.failing()
	rej.Value, rej.Limit = value, limit
	return r.fail(c, keys...)
}

// rejectRange fails check c for a value outside [min, max].
func (r *resolver) rejectRange(c Check, value, min, max MemorySize, keys ...string) bool {
	rej := r.failing()
	rej.Value, rej.Min, rej.Max = value, min, max
	return r.fail(c, keys...)
}

// rejectFraction fails check c for a fraction (out of range, or too
// large a factor).
func (r *resolver) rejectFraction(c Check, f float64, keys ...string) bool {
	r.failing().Fraction = f
	return r.fail(c, keys...)
}

// rejectRaw fails check c for a raw value as written.
func (r *resolver) rejectRaw(c Check, raw string, keys ...string) bool {
	r.failing().Raw = raw
	return r.fail(c, keys...)
}

// fail records the failing check and the keys involved; it always
// returns false, so that a derivation step can return it.
func (r *resolver) fail(c Check, keys ...string) bool {
	r.failing().Check = c
	for _, k := range keys {
		if k != "" {
			r.rej.addKey(k)
		}
	}
	if r.rej.Key == "" && len(keys) > 0 {
		r.failing().Key = keys[0]
	}
	return false
}

// failValue rejects the raw value of an option.
func (r *resolver) failValue(c Check, id OptionID) bool {
	return r.rejectRaw(c, r.raw[id], r.keyOf(id))
}

// keyOf is the key an option was given under, or its current key.
func (r *resolver) keyOf(id OptionID) string {
	if r.mapped && r.mappedTarget == id {
		return r.mappedKey
	}
	if r.used[id] != "" {
		return r.used[id]
	}
	return options[id].Key
}

// --- reading options -----------------------------------------------------

func (r *resolver) contains(id OptionID) bool {
	return r.used[id] != "" || (r.mapped && r.mappedTarget == id)
}

// containsAll reports whether every one of ids is set.
func (r *resolver) containsAll(ids []OptionID) bool {
	for _, id := range ids {
		if !r.contains(id) {
			return false
		}
	}
	return true
}

// size reads a size option: the mapped legacy value, the configured value
// or the line's default.
func (r *resolver) size(id OptionID) (MemorySize, bool) {
	if r.mapped && r.mappedTarget == id {
		return r.mappedValue, true
	}
	if r.used[id] != "" {
		v, check := parseMemorySize(r.raw[id])
		if check != "" {
			return 0, r.failValue(check, id)
		}
		return v, true
	}
	return defaultSize(id, r.in.Line), true
}

// defaultSize is the default of a size option, parsed once from the
// options table.
func defaultSize(id OptionID, line Line) MemorySize { return defaultSizes[id][line] }

// fraction reads a fraction option as Java's Float.parseFloat and widens
// it to double, as Flink does.
func (r *resolver) fraction(id OptionID) (float64, bool) {
	if r.used[id] != "" {
		v, ok := parseJavaNumber(r.raw[id], 32)
		if !ok {
			return 0, r.failValue(CheckFloatUnparsable, id)
		}
		return v, true
	}
	return defaultNumbers[id][r.in.Line], true
}

// integer reads an int option as Java's Integer.parseInt.
func (r *resolver) integer(id OptionID) (int32, bool) {
	if r.used[id] == "" {
		return defaultIntegers[id][r.in.Line], true
	}
	v, ok := parseJavaInt(r.raw[id])
	if !ok {
		return 0, r.failValue(CheckIntegerUnparsable, id)
	}
	return v, true
}

// --- arithmetic that Flink checks ----------------------------------------

func (r *resolver) add(sizes ...MemorySize) (MemorySize, bool) {
	var sum MemorySize
	for _, s := range sizes {
		if s > MaxMemorySize-sum {
			return 0, r.fail(CheckSizeAddOverflow)
		}
		sum += s
	}
	return sum, true
}

// rangeFraction is a fraction with the bounds its result is clamped to.
type rangeFraction struct {
	min, max MemorySize
	fraction float64
	minID    OptionID
	maxID    OptionID
	fracID   OptionID
	bounded  bool // false for managed memory: [0, ∞)
}

// readRange reads min, max and fraction in Flink's order and validates
// them together.
func (r *resolver) readRange(minID, maxID, fracID OptionID, minCheck, fracCheck Check) (rangeFraction, bool) {
	rf := rangeFraction{minID: minID, maxID: maxID, fracID: fracID, bounded: true}
	var ok bool
	if rf.min, ok = r.size(minID); !ok {
		return rf, false
	}
	if rf.max, ok = r.size(maxID); !ok {
		return rf, false
	}
	if rf.fraction, ok = r.fraction(fracID); !ok {
		return rf, false
	}
	if rf.min > rf.max {
		return rf, r.rejectRange(minCheck, 0, rf.min, rf.max, r.keyOf(minID), r.keyOf(maxID))
	}
	if !(rf.fraction >= 0 && rf.fraction < 1) {
		return rf, r.rejectFraction(fracCheck, rf.fraction, r.keyOf(fracID))
	}
	return rf, true
}

func (r *resolver) managedRange() (rangeFraction, bool) {
	rf := rangeFraction{min: 0, max: MaxMemorySize, fracID: TMManagedFraction}
	var ok bool
	if rf.fraction, ok = r.fraction(TMManagedFraction); !ok {
		return rf, false
	}
	if !(rf.fraction >= 0 && rf.fraction < 1) {
		return rf, r.rejectFraction(CheckManagedFractionOutOfRange, rf.fraction, r.keyOf(TMManagedFraction))
	}
	return rf, true
}

// derive applies a range fraction to base (inverse: f/(1−f) of base),
// truncates and clamps, recording provenance and clamp notices for c.
func (r *resolver) derive(c Component, base MemorySize, b Base, rf rangeFraction, inverse bool) (MemorySize, bool) {
	factor := rf.fraction
	if inverse {
		factor = rf.fraction / (1 - rf.fraction)
	}
	v, ok := multiplyFraction(base, factor)
	if !ok {
		r.failing().Value = base
		return 0, r.rejectFraction(CheckSizeMultiplyOverflow, rf.fraction, r.keyOf(rf.fracID))
	}
	p := Provenance{Source: SourceFraction, Key: r.keyOf(rf.fracID), Fraction: rf.fraction, Base: b,
		BaseSize: base, Inverse: inverse, Unclamped: v, Min: rf.min, Max: rf.max}
	if v > rf.max {
		p.Clamp = ClampMax
		r.l.addNotice(Notice{Code: NoticeClampedToMax, Component: c, Key: r.keyOf(rf.maxID), Size: v, Bound: rf.max, Fraction: rf.fraction})
		v = rf.max
	} else if v < rf.min {
		p.Clamp = ClampMin
		r.l.addNotice(Notice{Code: NoticeClampedToMin, Component: c, Key: r.keyOf(rf.minID), Size: v, Bound: rf.min, Fraction: rf.fraction})
		v = rf.min
	}
	r.set(c, v, p)
	return v, true
}

// set records a component's size and provenance.
func (r *resolver) set(c Component, v MemorySize, p Provenance) {
	r.l.Size[c] = v
	r.l.Origin[c] = p
	r.known |= 1 << c
}

// setOption records a component read straight from an option.
func (r *resolver) setOption(c Component, id OptionID, v MemorySize) {
	p := Provenance{Source: SourceDefault, Key: options[id].Key}
	if r.contains(id) {
		p.Source = SourceExplicit
		p.Key = r.keyOf(id)
	}
	r.set(c, v, p)
}

// readComponent reads a size option into a component.
func (r *resolver) readComponent(c Component, id OptionID) (MemorySize, bool) {
	v, ok := r.size(id)
	if ok {
		r.setOption(c, id, v)
	}
	return v, ok
}

// componentOption pairs a component with the size option it is read from.
type componentOption struct {
	c  Component
	id OptionID
}

// readComponents reads size options into their components in order,
// stopping at the first that cannot be read; the sizes are in r.l.Size.
func (r *resolver) readComponents(parts ...componentOption) bool {
	for _, p := range parts {
		if _, ok := r.readComponent(p.c, p.id); !ok {
			return false
		}
	}
	return true
}

// noteIgnoredFraction notes a configured fraction that a remainder
// overrode: component c is got, not fraction × base.
func (r *resolver) noteIgnoredFraction(c Component, fracID OptionID, base, got MemorySize, fraction float64) bool {
	if !r.contains(fracID) {
		return true
	}
	want, ok := multiplyFraction(base, fraction)
	if !ok {
		return r.fail(CheckSizeMultiplyOverflow, r.keyOf(fracID))
	}
	if want != got {
		r.l.addNotice(Notice{Code: NoticeFractionIgnored, Component: c, Key: r.keyOf(fracID), Size: got, Bound: want, Fraction: fraction})
	}
	return true
}

// --- choosing the derivation (both roles) --------------------------------

// processOptions are the options both roles read, each under its role's
// keys, as Flink's ProcessMemoryUtils takes them from the role's
// FlinkMemoryUtils.
type processOptions struct {
	// fine are the options that, all set, decide the layout without a
	// total.
	fine                          []OptionID
	flink, process                OptionID
	metaspace, ovMin, ovMax, frac OptionID
	// legacySize and legacyMB are the legacy heap keys; outside a
	// container they stand for legacyTarget.
	legacySize, legacyMB, legacyTarget OptionID
}

// roleProcessOptions holds them for the TaskManager and the JobManager, in
// the order of Role.index.
var roleProcessOptions = [2]processOptions{
	{fine: []OptionID{TMTaskHeap, TMManagedSize}, flink: TMFlinkSize, process: TMProcessSize,
		metaspace: TMMetaspace, ovMin: TMOverheadMin, ovMax: TMOverheadMax, frac: TMOverheadFraction,
		legacySize: TMLegacyHeapSize, legacyMB: TMLegacyHeapMB, legacyTarget: TMFlinkSize},
	{fine: []OptionID{JMHeap}, flink: JMFlinkSize, process: JMProcessSize,
		metaspace: JMMetaspace, ovMin: JMOverheadMin, ovMax: JMOverheadMax, frac: JMOverheadFraction,
		legacySize: JMLegacyHeapSize, legacyMB: JMLegacyHeapMB, legacyTarget: JMHeap},
}

// opts returns the shared options of the role being resolved.
func (r *resolver) opts() *processOptions { return &roleProcessOptions[r.in.Role.index()] }

// deriveProcess maps the legacy heap keys, picks the derivation the way
// Flink's ProcessMemoryUtils does (the role's fine-grained options when
// all of them are set, else total Flink memory, else total process
// memory) and derives the layout. What differs by role is how the
// fine-grained options make total Flink memory (tmFromFineGrained,
// jmFromHeap) and how a known total splits into parts (splitTotalFlink).
func (r *resolver) deriveProcess() bool {
	if !r.mapLegacyHeap() {
		return false
	}
	o := r.opts()
	switch {
	case r.containsAll(o.fine):
		r.l.Mode = ModeFineGrained
		if r.in.Role == JobManager {
			return r.jmFromHeap()
		}
		return r.tmFromFineGrained()
	case r.contains(o.flink):
		r.l.Mode = ModeTotalFlink
		flink, ok := r.size(o.flink)
		return ok && r.splitTotalFlink(flink) && r.metaspaceAndOverheadFromFlink(flink)
	case r.contains(o.process):
		r.l.Mode = ModeTotalProcess
		process, ok := r.size(o.process)
		if !ok {
			return false
		}
		flink, ok := r.metaspaceAndOverheadFromProcess(process)
		return ok && r.splitTotalFlink(flink)
	}
	var buf [4]string
	keys := append(buf[:0], options[o.process].Key, options[o.flink].Key)
	for _, id := range o.fine {
		keys = append(keys, options[id].Key)
	}
	return r.fail(CheckNoMemoryConfigured, keys...)
}

// splitTotalFlink divides a known total Flink size into the role's parts.
func (r *resolver) splitTotalFlink(flink MemorySize) bool {
	if r.in.Role == JobManager {
		return r.jmSplitTotalFlink(flink)
	}
	return r.tmSplitTotalFlink(flink)
}

// fromParts completes a layout whose total Flink memory is the sum of
// parts.
func (r *resolver) fromParts(parts ...MemorySize) bool {
	total, ok := r.add(parts...)
	if !ok {
		return false
	}
	r.l.TotalFlink = total
	return r.metaspaceAndOverheadFromFlink(total)
}

// --- legacy heap keys ----------------------------------------------------

// mapLegacyHeap reads taskmanager.heap.size / .mb (jobmanager.heap.*) as
// the option they stand for when that option itself is not set: the
// process size in a container, else the role's legacy target.
func (r *resolver) mapLegacyHeap() bool {
	o := r.opts()
	sizeID, mbID, target := o.legacySize, o.legacyMB, o.legacyTarget
	if r.in.Deployment == Container {
		target = o.process
	}
	if !r.contains(sizeID) && !r.contains(mbID) {
		return true
	}
	if r.contains(target) {
		for _, id := range [2]OptionID{sizeID, mbID} {
			if r.contains(id) {
				r.l.addNotice(Notice{Code: NoticeLegacyHeapIgnored, Key: r.used[id], Other: options[target].Key})
			}
		}
		return true
	}
	var v MemorySize
	key := r.used[sizeID]
	if r.contains(sizeID) {
		var ok bool
		if v, ok = r.size(sizeID); !ok {
			return false
		}
	} else {
		mb, ok := r.integer(mbID)
		if !ok {
			return false
		}
		if mb < 0 {
			return r.rejectRaw(CheckLegacyHeapMBNegative, r.raw[mbID], r.used[mbID])
		}
		v = MemorySize(int64(mb) << 20)
		key = r.used[mbID]
	}
	r.mapped, r.mappedTarget, r.mappedValue, r.mappedKey = true, target, v, key
	r.l.addNotice(Notice{Code: NoticeLegacyHeapMapped, Key: key, Other: options[target].Key, Size: v})
	return true
}

// --- metaspace and overhead (both roles) ---------------------------------

// metaspaceAndOverheadFromProcess takes metaspace and overhead off a
// configured process size and returns what is left for Flink.
func (r *resolver) metaspaceAndOverheadFromProcess(process MemorySize) (MemorySize, bool) {
	o := r.opts()
	metaID, minID, maxID, fracID := o.metaspace, o.ovMin, o.ovMax, o.frac
	r.l.TotalProcess = process
	meta, ok := r.readComponent(Metaspace, metaID)
	if !ok {
		return 0, false
	}
	rf, ok := r.readRange(minID, maxID, fracID, CheckOverheadMinGreaterThanMax, CheckOverheadFractionOutOfRange)
	if !ok {
		return 0, false
	}
	overhead, ok := r.derive(Overhead, process, BaseTotalProcess, rf, false)
	if !ok {
		return 0, false
	}
	both, ok := r.add(meta, overhead)
	if !ok {
		return 0, false
	}
	if both > process {
		return 0, r.reject(CheckMetaspaceOverheadExceedProcess, both, process, r.keyOf(o.process), r.keyOf(metaID), r.keyOf(minID), r.keyOf(fracID))
	}
	return process - both, true
}

// metaspaceAndOverheadFromFlink completes a layout whose total Flink size is
// known: overhead is the rest of a configured process size, or derived
// from its fraction of (Flink + metaspace).
func (r *resolver) metaspaceAndOverheadFromFlink(flink MemorySize) bool {
	o := r.opts()
	metaID, minID, maxID, fracID, processID := o.metaspace, o.ovMin, o.ovMax, o.frac, o.process
	meta, ok := r.readComponent(Metaspace, metaID)
	if !ok {
		return false
	}
	flinkAndMeta, ok := r.add(flink, meta)
	if !ok {
		return false
	}
	if r.contains(processID) {
		process, ok := r.size(processID)
		if !ok {
			return false
		}
		r.l.TotalProcess = process
		if process < flinkAndMeta {
			return r.reject(CheckProcessLessThanFlinkPlusMetaspace, flinkAndMeta, process, r.keyOf(processID), r.keyOf(metaID))
		}
		overhead := process - flinkAndMeta
		r.set(Overhead, overhead, Provenance{Source: SourceRemainder, Total: process, Key: r.keyOf(processID)})
		rf, ok := r.readRange(minID, maxID, fracID, CheckOverheadMinGreaterThanMax, CheckOverheadFractionOutOfRange)
		if !ok {
			return false
		}
		if overhead > rf.max || overhead < rf.min {
			return r.rejectRange(CheckDerivedOverheadOutOfRange, overhead, rf.min, rf.max, r.keyOf(processID), r.keyOf(minID), r.keyOf(maxID), r.keyOf(metaID))
		}
		return r.noteIgnoredFraction(Overhead, fracID, process, overhead, rf.fraction)
	}
	rf, ok := r.readRange(minID, maxID, fracID, CheckOverheadMinGreaterThanMax, CheckOverheadFractionOutOfRange)
	if !ok {
		return false
	}
	overhead, ok := r.derive(Overhead, flinkAndMeta, BaseFlinkPlusMetaspace, rf, true)
	if !ok {
		return false
	}
	total, ok := r.add(flinkAndMeta, overhead)
	if !ok {
		return false
	}
	r.l.TotalProcess = total
	return true
}
