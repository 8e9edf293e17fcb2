package memmodel

import "math"

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

// optionForKey maps a configuration key to the option it sets for a line.
func optionForKey(k string, line Line) (id OptionID, deprecated bool, ok bool) {
	switch k {
	case "taskmanager.memory.process.size":
		return TMProcessSize, false, true
	case "taskmanager.memory.flink.size":
		return TMFlinkSize, false, true
	case "taskmanager.memory.framework.heap.size":
		return TMFrameworkHeap, false, true
	case "taskmanager.memory.task.heap.size":
		return TMTaskHeap, false, true
	case "taskmanager.memory.managed.size":
		return TMManagedSize, false, true
	case "taskmanager.memory.size":
		return TMManagedSize, true, true
	case "taskmanager.memory.managed.fraction":
		return TMManagedFraction, false, true
	case "taskmanager.memory.framework.off-heap.size":
		return TMFrameworkOffHeap, false, true
	case "taskmanager.memory.task.off-heap.size":
		return TMTaskOffHeap, false, true
	case "taskmanager.memory.network.min":
		return TMNetworkMin, false, true
	case "taskmanager.network.memory.min":
		return TMNetworkMin, true, true
	case "taskmanager.memory.network.max":
		return TMNetworkMax, false, true
	case "taskmanager.network.memory.max":
		return TMNetworkMax, true, true
	case "taskmanager.memory.network.fraction":
		return TMNetworkFraction, false, true
	case "taskmanager.network.memory.fraction":
		return TMNetworkFraction, true, true
	case "taskmanager.memory.jvm-metaspace.size":
		return TMMetaspace, false, true
	case "taskmanager.memory.jvm-overhead.min":
		return TMOverheadMin, false, true
	case "taskmanager.memory.jvm-overhead.max":
		return TMOverheadMax, false, true
	case "taskmanager.memory.jvm-overhead.fraction":
		return TMOverheadFraction, false, true
	case "taskmanager.memory.segment-size":
		return TMSegmentSize, false, true
	case "taskmanager.numberOfTaskSlots":
		return TMNumSlots, false, true
	case "taskmanager.cpu.cores":
		return TMCPUCores, false, true
	case "taskmanager.heap.size":
		return TMLegacyHeapSize, false, line.ReadsLegacyKeys()
	case "taskmanager.heap.mb":
		return TMLegacyHeapMB, false, line.ReadsLegacyKeys()
	case "taskmanager.network.numberOfBuffers":
		return TMLegacyNetworkBuffers, false, line.ReadsLegacyKeys()
	case "jobmanager.memory.process.size":
		return JMProcessSize, false, true
	case "jobmanager.memory.flink.size":
		return JMFlinkSize, false, true
	case "jobmanager.memory.heap.size":
		return JMHeap, false, true
	case "jobmanager.memory.off-heap.size":
		return JMOffHeap, false, true
	case "jobmanager.memory.jvm-metaspace.size":
		return JMMetaspace, false, true
	case "jobmanager.memory.jvm-overhead.min":
		return JMOverheadMin, false, true
	case "jobmanager.memory.jvm-overhead.max":
		return JMOverheadMax, false, true
	case "jobmanager.memory.jvm-overhead.fraction":
		return JMOverheadFraction, false, true
	case "jobmanager.memory.enable-jvm-direct-memory-limit":
		return JMDirectMemoryLimit, false, true
	case "jobmanager.heap.size":
		return JMLegacyHeapSize, false, line.ReadsLegacyKeys()
	case "jobmanager.heap.mb":
		return JMLegacyHeapMB, false, line.ReadsLegacyKeys()
	}
	return 0, false, false
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
	r.failing().Raw = r.raw[id]
	return r.fail(c, r.keyOf(id))
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

// defaultSize is the default of a size option without parsing.
func defaultSize(id OptionID, line Line) MemorySize {
	switch id {
	case TMFrameworkHeap, TMFrameworkOffHeap, JMOffHeap:
		return 128 * MiB
	case TMNetworkMin:
		return 64 * MiB
	case TMNetworkMax:
		if line.NetworkMaxUnlimited() {
			return MaxMemorySize
		}
		return GiB
	case TMMetaspace:
		if line == Line1_10_0 {
			return 96 * MiB
		}
		return 256 * MiB
	case JMMetaspace:
		return 256 * MiB
	case TMOverheadMin, JMOverheadMin:
		return 192 * MiB
	case TMOverheadMax, JMOverheadMax:
		return GiB
	case TMSegmentSize:
		return 32 * KiB
	}
	return 0
}

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
	if id == TMManagedFraction {
		return float64(float32(0.4)), true
	}
	return float64(float32(0.1)), true
}

// integer reads an int option as Java's Integer.parseInt.
func (r *resolver) integer(id OptionID, def int32) (int32, bool) {
	if r.used[id] == "" {
		return def, true
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
		r.failing()
		r.rej.Min, r.rej.Max = rf.min, rf.max
		return rf, r.fail(minCheck, r.keyOf(minID), r.keyOf(maxID))
	}
	if !(rf.fraction >= 0 && rf.fraction < 1) {
		r.failing().Fraction = rf.fraction
		return rf, r.fail(fracCheck, r.keyOf(fracID))
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
		r.failing().Fraction = rf.fraction
		return rf, r.fail(CheckManagedFractionOutOfRange, r.keyOf(TMManagedFraction))
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
		r.failing().Fraction = rf.fraction
		return 0, r.fail(CheckSizeMultiplyOverflow, r.keyOf(rf.fracID))
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

// --- legacy heap keys ----------------------------------------------------

// mapLegacyHeap reads taskmanager.heap.size / .mb (jobmanager.heap.*) as
// the given target option when the target itself is not set.
func (r *resolver) mapLegacyHeap(sizeID, mbID, target OptionID) bool {
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
		mb, ok := r.integer(mbID, 0)
		if !ok {
			return false
		}
		if mb < 0 {
			r.failing().Raw = r.raw[mbID]
			return r.fail(CheckLegacyHeapMBNegative, r.used[mbID])
		}
		v = MemorySize(int64(mb) << 20)
		key = r.used[mbID]
	}
	r.mapped, r.mappedTarget, r.mappedValue, r.mappedKey = true, target, v, key
	r.l.addNotice(Notice{Code: NoticeLegacyHeapMapped, Key: key, Other: options[target].Key, Size: v})
	return true
}

// --- TaskManager ---------------------------------------------------------

func (r *resolver) taskManager() bool {
	target := TMFlinkSize
	if r.in.Deployment == Container {
		target = TMProcessSize
	}
	if !r.mapLegacyHeap(TMLegacyHeapSize, TMLegacyHeapMB, target) {
		return false
	}
	var ok bool
	switch {
	case r.contains(TMTaskHeap) && r.contains(TMManagedSize):
		r.l.Mode = ModeFineGrained
		ok = r.tmFromFineGrained()
	case r.contains(TMFlinkSize):
		r.l.Mode = ModeTotalFlink
		ok = r.tmFromTotalFlink()
	case r.contains(TMProcessSize):
		r.l.Mode = ModeTotalProcess
		ok = r.tmFromTotalProcess()
	default:
		return r.fail(CheckNoMemoryConfigured, options[TMProcessSize].Key, options[TMFlinkSize].Key,
			options[TMTaskHeap].Key, options[TMManagedSize].Key)
	}
	if !ok {
		return false
	}
	return r.tmCPUAndSlots()
}

func (r *resolver) tmFromFineGrained() bool {
	taskHeap, ok := r.readComponent(TaskHeap, TMTaskHeap)
	if !ok {
		return false
	}
	managed, ok := r.readComponent(Managed, TMManagedSize)
	if !ok {
		return false
	}
	fwHeap, ok := r.readComponent(FrameworkHeap, TMFrameworkHeap)
	if !ok {
		return false
	}
	fwOff, ok := r.readComponent(FrameworkOffHeap, TMFrameworkOffHeap)
	if !ok {
		return false
	}
	taskOff, ok := r.readComponent(TaskOffHeap, TMTaskOffHeap)
	if !ok {
		return false
	}
	withoutNetwork, ok := r.add(fwHeap, fwOff, taskHeap, taskOff, managed)
	if !ok {
		return false
	}
	var network MemorySize
	if r.contains(TMFlinkSize) {
		flink, ok := r.size(TMFlinkSize)
		if !ok {
			return false
		}
		if withoutNetwork > flink {
			r.failing()
			r.rej.Value, r.rej.Limit = withoutNetwork, flink
			return r.fail(CheckFineGrainedSumExceedsTotalFlink, r.keyOf(TMFlinkSize), r.keyOf(TMTaskHeap),
				r.keyOf(TMManagedSize), r.keyOf(TMFrameworkHeap), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
		}
		network = flink - withoutNetwork
		r.set(Network, network, Provenance{Source: SourceRemainder, Total: flink, Key: r.keyOf(TMFlinkSize)})
		if !r.checkRemainderNetwork(network, flink) {
			return false
		}
	} else if r.usingLegacyNetwork() {
		if network, ok = r.legacyNetwork(); !ok {
			return false
		}
	} else {
		rf, ok := r.readRange(TMNetworkMin, TMNetworkMax, TMNetworkFraction, CheckNetworkMinGreaterThanMax, CheckNetworkFractionOutOfRange)
		if !ok {
			return false
		}
		if network, ok = r.derive(Network, withoutNetwork, BaseFlinkWithoutNetwork, rf, true); !ok {
			return false
		}
	}
	total, ok := r.add(withoutNetwork, network)
	if !ok {
		return false
	}
	r.l.TotalFlink = total
	return r.metaspaceAndOverheadFromFlink(total)
}

func (r *resolver) tmFromTotalFlink() bool {
	flink, ok := r.size(TMFlinkSize)
	if !ok {
		return false
	}
	if !r.tmSplitTotalFlink(flink) {
		return false
	}
	return r.metaspaceAndOverheadFromFlink(flink)
}

func (r *resolver) tmFromTotalProcess() bool {
	process, ok := r.size(TMProcessSize)
	if !ok {
		return false
	}
	flink, ok := r.metaspaceAndOverheadFromProcess(process, TMMetaspace, TMOverheadMin, TMOverheadMax, TMOverheadFraction)
	if !ok {
		return false
	}
	return r.tmSplitTotalFlink(flink)
}

// tmSplitTotalFlink divides a known total Flink size into its parts.
func (r *resolver) tmSplitTotalFlink(flink MemorySize) bool {
	r.l.TotalFlink = flink
	fwHeap, ok := r.readComponent(FrameworkHeap, TMFrameworkHeap)
	if !ok {
		return false
	}
	fwOff, ok := r.readComponent(FrameworkOffHeap, TMFrameworkOffHeap)
	if !ok {
		return false
	}
	taskOff, ok := r.readComponent(TaskOffHeap, TMTaskOffHeap)
	if !ok {
		return false
	}
	if r.contains(TMTaskHeap) {
		taskHeap, ok := r.readComponent(TaskHeap, TMTaskHeap)
		if !ok {
			return false
		}
		managed, ok := r.managed(flink)
		if !ok {
			return false
		}
		withoutNetwork, ok := r.add(fwHeap, fwOff, taskHeap, taskOff, managed)
		if !ok {
			return false
		}
		if withoutNetwork > flink {
			r.failing()
			r.rej.Value, r.rej.Limit = withoutNetwork, flink
			return r.fail(CheckTaskHeapPathSumExceedsTotalFlink, r.keyOf(TMTaskHeap), r.totalKey(),
				r.keyOf(TMManagedSize), r.keyOf(TMFrameworkHeap), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
		}
		network := flink - withoutNetwork
		r.set(Network, network, Provenance{Source: SourceRemainder, Total: flink, Key: r.totalKey()})
		return r.checkRemainderNetwork(network, flink)
	}
	managed, ok := r.managed(flink)
	if !ok {
		return false
	}
	var network MemorySize
	if r.usingLegacyNetwork() {
		if network, ok = r.legacyNetwork(); !ok {
			return false
		}
	} else {
		rf, ok := r.readRange(TMNetworkMin, TMNetworkMax, TMNetworkFraction, CheckNetworkMinGreaterThanMax, CheckNetworkFractionOutOfRange)
		if !ok {
			return false
		}
		if network, ok = r.derive(Network, flink, BaseTotalFlink, rf, false); !ok {
			return false
		}
	}
	withoutTaskHeap, ok := r.add(fwHeap, fwOff, taskOff, managed, network)
	if !ok {
		return false
	}
	if withoutTaskHeap > flink {
		r.failing()
		r.rej.Value, r.rej.Limit = withoutTaskHeap, flink
		return r.fail(CheckDerivedTaskHeapNegative, r.totalKey(), r.keyOf(TMFrameworkHeap),
			r.managedKey(), r.networkKey(), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
	}
	r.set(TaskHeap, flink-withoutTaskHeap, Provenance{Source: SourceRemainder, Total: flink, Key: r.totalKey()})
	return true
}

// totalKey is the option that fixed total Flink memory in this resolution.
func (r *resolver) totalKey() string {
	if r.l.Mode == ModeTotalProcess {
		return r.keyOf(TMProcessSize)
	}
	return r.keyOf(TMFlinkSize)
}

// managedKey is the option that decided managed memory: its size when
// set, else its fraction.
func (r *resolver) managedKey() string {
	if r.contains(TMManagedSize) {
		return r.keyOf(TMManagedSize)
	}
	return r.keyOf(TMManagedFraction)
}

// networkKey is the option that decided network memory.
func (r *resolver) networkKey() string {
	switch {
	case r.l.Origin[Network].Source == SourceLegacyBuffers:
		return r.keyOf(TMLegacyNetworkBuffers)
	case r.l.Origin[Network].Clamp == ClampMin:
		return r.keyOf(TMNetworkMin)
	case r.l.Origin[Network].Clamp == ClampMax:
		return r.keyOf(TMNetworkMax)
	}
	return r.keyOf(TMNetworkFraction)
}

// managed reads managed memory or derives it from its fraction.
func (r *resolver) managed(flink MemorySize) (MemorySize, bool) {
	if r.contains(TMManagedSize) {
		return r.readComponent(Managed, TMManagedSize)
	}
	rf, ok := r.managedRange()
	if !ok {
		return 0, false
	}
	return r.derive(Managed, flink, BaseTotalFlink, rf, false)
}

func (r *resolver) usingLegacyNetwork() bool {
	if r.contains(TMNetworkMin) || r.contains(TMNetworkMax) || r.contains(TMNetworkFraction) {
		if r.contains(TMLegacyNetworkBuffers) {
			r.l.addNotice(Notice{Code: NoticeLegacyNetworkIgnored, Key: r.used[TMLegacyNetworkBuffers]})
		}
		return false
	}
	return r.contains(TMLegacyNetworkBuffers)
}

// legacyNetworkSize is numberOfBuffers × segment size, with Flink's checks
// on the segment size.
func (r *resolver) legacyNetworkSize() (MemorySize, bool) {
	buffers, ok := r.integer(TMLegacyNetworkBuffers, 2048)
	if !ok {
		return 0, false
	}
	seg, ok := r.size(TMSegmentSize)
	if !ok {
		return 0, false
	}
	key := r.keyOf(TMSegmentSize)
	if seg > math.MaxInt32 || seg < 4096 || seg&(seg-1) != 0 {
		r.failing().Value = seg
	}
	switch {
	case seg > math.MaxInt32:
		return 0, r.fail(CheckSegmentSizeExceedsInt, key)
	case seg < 4096:
		return 0, r.fail(CheckSegmentSizeTooSmall, key)
	case seg&(seg-1) != 0:
		return 0, r.fail(CheckSegmentSizeNotPowerOfTwo, key)
	}
	n := int64(buffers) * int64(seg)
	if n < 0 {
		r.failing().Raw = r.raw[TMLegacyNetworkBuffers]
		return 0, r.fail(CheckSizeNegative, r.keyOf(TMLegacyNetworkBuffers))
	}
	return MemorySize(n), true
}

func (r *resolver) legacyNetwork() (MemorySize, bool) {
	v, ok := r.legacyNetworkSize()
	if !ok {
		return 0, false
	}
	r.set(Network, v, Provenance{Source: SourceLegacyBuffers, Key: r.keyOf(TMLegacyNetworkBuffers)})
	r.l.addNotice(Notice{Code: NoticeLegacyNetworkBuffers, Key: r.keyOf(TMLegacyNetworkBuffers), Size: v})
	return v, true
}

// checkRemainderNetwork validates network memory that is the remainder of
// an explicit total Flink size.
func (r *resolver) checkRemainderNetwork(network, flink MemorySize) bool {
	if r.usingLegacyNetwork() {
		want, ok := r.legacyNetworkSize()
		if !ok {
			return false
		}
		if want != network {
			r.failing()
			r.rej.Value, r.rej.Limit = network, want
			return r.fail(CheckDerivedNetworkMismatchLegacy, r.keyOf(TMLegacyNetworkBuffers), r.totalKey(), r.keyOf(TMTaskHeap), r.keyOf(TMManagedSize))
		}
		return true
	}
	rf, ok := r.readRange(TMNetworkMin, TMNetworkMax, TMNetworkFraction, CheckNetworkMinGreaterThanMax, CheckNetworkFractionOutOfRange)
	if !ok {
		return false
	}
	if network > rf.max || network < rf.min {
		r.failing()
		r.rej.Value, r.rej.Min, r.rej.Max = network, rf.min, rf.max
		return r.fail(CheckDerivedNetworkOutOfRange, r.keyOf(TMNetworkMin), r.keyOf(TMNetworkMax), r.totalKey(), r.keyOf(TMTaskHeap), r.keyOf(TMManagedSize))
	}
	if r.contains(TMNetworkFraction) {
		want, ok := multiplyFraction(flink, rf.fraction)
		if !ok {
			return r.fail(CheckSizeMultiplyOverflow, r.keyOf(TMNetworkFraction))
		}
		if want != network {
			r.l.addNotice(Notice{Code: NoticeFractionIgnored, Component: Network, Key: r.keyOf(TMNetworkFraction), Size: network, Bound: want, Fraction: rf.fraction})
		}
	}
	return true
}

// --- metaspace and overhead (both roles) ---------------------------------

func (r *resolver) roleOptions() (metaspace, ovMin, ovMax, ovFrac, process OptionID) {
	if r.in.Role == JobManager {
		return JMMetaspace, JMOverheadMin, JMOverheadMax, JMOverheadFraction, JMProcessSize
	}
	return TMMetaspace, TMOverheadMin, TMOverheadMax, TMOverheadFraction, TMProcessSize
}

// metaspaceAndOverheadFromProcess takes metaspace and overhead off a
// configured process size and returns what is left for Flink.
func (r *resolver) metaspaceAndOverheadFromProcess(process MemorySize, metaID, minID, maxID, fracID OptionID) (MemorySize, bool) {
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
		r.failing()
		r.rej.Value, r.rej.Limit = both, process
		_, _, _, _, processID := r.roleOptions()
		return 0, r.fail(CheckMetaspaceOverheadExceedProcess, r.keyOf(processID), r.keyOf(metaID), r.keyOf(minID), r.keyOf(fracID))
	}
	return process - both, true
}

// metaspaceAndOverheadFromFlink completes a layout whose total Flink size is
// known: overhead is the rest of a configured process size, or derived
// from its fraction of (Flink + metaspace).
func (r *resolver) metaspaceAndOverheadFromFlink(flink MemorySize) bool {
	metaID, minID, maxID, fracID, processID := r.roleOptions()
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
			r.failing()
			r.rej.Value, r.rej.Limit = flinkAndMeta, process
			return r.fail(CheckProcessLessThanFlinkPlusMetaspace, r.keyOf(processID), r.keyOf(metaID))
		}
		overhead := process - flinkAndMeta
		r.set(Overhead, overhead, Provenance{Source: SourceRemainder, Total: process, Key: r.keyOf(processID)})
		rf, ok := r.readRange(minID, maxID, fracID, CheckOverheadMinGreaterThanMax, CheckOverheadFractionOutOfRange)
		if !ok {
			return false
		}
		if overhead > rf.max || overhead < rf.min {
			r.failing()
			r.rej.Value, r.rej.Min, r.rej.Max = overhead, rf.min, rf.max
			return r.fail(CheckDerivedOverheadOutOfRange, r.keyOf(processID), r.keyOf(minID), r.keyOf(maxID), r.keyOf(metaID))
		}
		if r.contains(fracID) {
			want, ok := multiplyFraction(process, rf.fraction)
			if !ok {
				return r.fail(CheckSizeMultiplyOverflow, r.keyOf(fracID))
			}
			if want != overhead {
				r.l.addNotice(Notice{Code: NoticeFractionIgnored, Component: Overhead, Key: r.keyOf(fracID), Size: overhead, Bound: want, Fraction: rf.fraction})
			}
		}
		return true
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

// --- CPU and slots -------------------------------------------------------

func (r *resolver) tmCPUAndSlots() bool {
	var cpu float64
	if r.contains(TMCPUCores) {
		v, ok := parseJavaNumber(r.raw[TMCPUCores], 64)
		if !ok {
			return r.failValue(CheckDoubleUnparsable, TMCPUCores)
		}
		cpu = v
	} else {
		slots, ok := r.integer(TMNumSlots, 1)
		if !ok {
			return false
		}
		cpu = float64(slots)
	}
	if cpu <= 0 {
		r.failing().Raw = r.raw[TMCPUCores]
		return r.fail(CheckCPUCoresNotPositive, r.keyOf(TMCPUCores), r.keyOf(TMNumSlots))
	}
	if math.IsNaN(cpu) || math.IsInf(cpu, 0) {
		r.failing().Raw = r.raw[TMCPUCores]
		return r.fail(CheckCPUCoresNotFinite, r.keyOf(TMCPUCores))
	}
	r.l.CPUCores = cpu
	if r.in.Line.legacyCode() {
		if r.contains(TMNumSlots) {
			if slots, ok := parseJavaInt(r.raw[TMNumSlots]); ok {
				r.l.Slots = int(slots)
			} else {
				r.l.badSlots, r.l.hasBadSlots = r.raw[TMNumSlots], true
			}
		}
		return true
	}
	slots, ok := r.integer(TMNumSlots, 1)
	if !ok {
		return false
	}
	r.l.Slots = int(slots)
	return true
}

// --- JobManager ----------------------------------------------------------

func (r *resolver) jobManager() bool {
	if !r.in.Line.HasJobManagerModel() {
		return r.fail(CheckNoMemoryConfigured, options[JMProcessSize].Key)
	}
	target := JMHeap
	if r.in.Deployment == Container {
		target = JMProcessSize
	}
	if !r.mapLegacyHeap(JMLegacyHeapSize, JMLegacyHeapMB, target) {
		return false
	}
	var ok bool
	switch {
	case r.contains(JMHeap):
		r.l.Mode = ModeFineGrained
		ok = r.jmFromHeap()
	case r.contains(JMFlinkSize):
		r.l.Mode = ModeTotalFlink
		var flink MemorySize
		if flink, ok = r.size(JMFlinkSize); ok {
			ok = r.jmSplitTotalFlink(flink) && r.metaspaceAndOverheadFromFlink(flink)
		}
	case r.contains(JMProcessSize):
		r.l.Mode = ModeTotalProcess
		var process, flink MemorySize
		if process, ok = r.size(JMProcessSize); ok {
			if flink, ok = r.metaspaceAndOverheadFromProcess(process, JMMetaspace, JMOverheadMin, JMOverheadMax, JMOverheadFraction); ok {
				ok = r.jmSplitTotalFlink(flink)
			}
		}
	default:
		return r.fail(CheckNoMemoryConfigured, options[JMProcessSize].Key, options[JMFlinkSize].Key, options[JMHeap].Key)
	}
	if !ok {
		return false
	}
	if r.contains(JMDirectMemoryLimit) {
		v, ok := parseJavaBool(r.raw[JMDirectMemoryLimit])
		if !ok {
			return r.failValue(CheckBooleanUnparsable, JMDirectMemoryLimit)
		}
		r.l.DirectMemoryLimit = v
	}
	return true
}

func (r *resolver) jmFromHeap() bool {
	heap, ok := r.readComponent(JobManagerHeap, JMHeap)
	if !ok {
		return false
	}
	off, ok := r.readComponent(JobManagerOffHeap, JMOffHeap)
	if !ok {
		return false
	}
	if r.contains(JMFlinkSize) {
		flink, ok := r.size(JMFlinkSize)
		if !ok {
			return false
		}
		if r.contains(JMOffHeap) {
			other := off
			if r.in.Line.jmSanityComparesTotal() {
				other = flink // Flink 1.11.0's bug, see jmSanityComparesTotal
			}
			sum, ok := r.add(heap, other)
			if !ok {
				return false
			}
			if sum != flink {
				r.failing()
				r.rej.Value, r.rej.Limit = sum, flink
				return r.fail(CheckJMHeapPlusOffHeapMismatchFlink, r.keyOf(JMFlinkSize), r.keyOf(JMHeap), r.keyOf(JMOffHeap))
			}
		} else {
			if heap > flink {
				r.failing()
				r.rej.Value, r.rej.Limit = heap, flink
				return r.fail(CheckJMHeapExceedsTotalFlink, r.keyOf(JMHeap), r.keyOf(JMFlinkSize))
			}
			derived := flink - heap
			if derived != off {
				r.l.addNotice(Notice{Code: NoticeJMOffHeapDerived, Component: JobManagerOffHeap, Key: r.keyOf(JMOffHeap), Size: derived, Bound: off})
			}
			off = derived
			r.set(JobManagerOffHeap, off, Provenance{Source: SourceRemainder, Total: flink, Key: r.keyOf(JMFlinkSize)})
		}
	}
	r.jmHeapNotice(heap)
	total, ok := r.add(heap, off)
	if !ok {
		return false
	}
	r.l.TotalFlink = total
	return r.metaspaceAndOverheadFromFlink(total)
}

func (r *resolver) jmSplitTotalFlink(flink MemorySize) bool {
	r.l.TotalFlink = flink
	off, ok := r.readComponent(JobManagerOffHeap, JMOffHeap)
	if !ok {
		return false
	}
	if flink <= off {
		r.failing()
		r.rej.Value, r.rej.Limit = off, flink
		key := r.keyOf(JMFlinkSize)
		if r.l.Mode == ModeTotalProcess {
			key = r.keyOf(JMProcessSize)
		}
		return r.fail(CheckJMTotalFlinkNotAboveOffHeap, key, r.keyOf(JMOffHeap))
	}
	key := r.keyOf(JMFlinkSize)
	if r.l.Mode == ModeTotalProcess {
		key = r.keyOf(JMProcessSize)
	}
	heap := flink - off
	r.set(JobManagerHeap, heap, Provenance{Source: SourceRemainder, Total: flink, Key: key})
	r.jmHeapNotice(heap)
	return true
}

func (r *resolver) jmHeapNotice(heap MemorySize) {
	if heap < 128*MiB {
		r.l.addNotice(Notice{Code: NoticeJMHeapSmall, Component: JobManagerHeap, Key: options[JMHeap].Key, Size: heap, Bound: 128 * MiB})
	}
}
