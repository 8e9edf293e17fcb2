package memmodel

import "math"

// The TaskManager derivation, after Flink's TaskExecutorFlinkMemoryUtils
// and TaskExecutorProcessUtils: which option set decides the layout, how
// total Flink memory splits into its parts, network memory (from its
// fraction, as a remainder, or from legacy buffers), then CPU and slots.

// --- TaskManager ---------------------------------------------------------

func (r *resolver) taskManager() bool {
	return r.deriveProcess() && r.tmCPUAndSlots()
}

// tmFromFineGrained adds up task heap, managed memory and the fixed parts,
// with network memory the rest of a configured total Flink size or its
// fraction of what the parts make.
func (r *resolver) tmFromFineGrained() bool {
	if !r.readComponents(tmFineGrainedParts...) {
		return false
	}
	s := &r.l.Size
	withoutNetwork, ok := r.add(s[FrameworkHeap], s[FrameworkOffHeap], s[TaskHeap], s[TaskOffHeap], s[Managed])
	if !ok {
		return false
	}
	var network MemorySize
	if r.contains(TMFlinkSize) {
		flink, ok := r.size(TMFlinkSize)
		if !ok {
			return false
		}
		// The total the checks below compare against, also for a refusal.
		r.l.TotalFlink = flink
		if withoutNetwork > flink {
			return r.reject(CheckFineGrainedSumExceedsTotalFlink, withoutNetwork, flink, r.keyOf(TMFlinkSize), r.keyOf(TMTaskHeap),
				r.keyOf(TMManagedSize), r.keyOf(TMFrameworkHeap), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
		}
		network = flink - withoutNetwork
		r.set(Network, network, Provenance{Source: SourceRemainder, Total: flink, Key: r.keyOf(TMFlinkSize)})
		if !r.checkRemainderNetwork(network, flink) {
			return false
		}
	} else if network, ok = r.tmNetwork(withoutNetwork, BaseFlinkWithoutNetwork, true); !ok {
		return false
	}
	return r.fromParts(withoutNetwork, network)
}

// tmFixedParts are the parts every TaskManager derivation reads, in the
// same order: framework heap, framework off-heap and task off-heap.
var tmFixedParts = []componentOption{{FrameworkHeap, TMFrameworkHeap}, {FrameworkOffHeap, TMFrameworkOffHeap}, {TaskOffHeap, TMTaskOffHeap}}

// tmFineGrainedParts are what the fine-grained derivation reads: the task
// heap and managed sizes, then the fixed parts.
var tmFineGrainedParts = append([]componentOption{{TaskHeap, TMTaskHeap}, {Managed, TMManagedSize}}, tmFixedParts...)

// tmSplitTotalFlink divides a known total Flink size into its parts.
func (r *resolver) tmSplitTotalFlink(flink MemorySize) bool {
	r.l.TotalFlink = flink
	if !r.readComponents(tmFixedParts...) {
		return false
	}
	// A configured task heap is read before managed memory, as Flink does.
	if r.contains(TMTaskHeap) && !r.readComponents(componentOption{TaskHeap, TMTaskHeap}) {
		return false
	}
	managed, ok := r.managed(flink)
	if !ok {
		return false
	}
	s := &r.l.Size
	if r.contains(TMTaskHeap) {
		withoutNetwork, ok := r.add(s[FrameworkHeap], s[FrameworkOffHeap], s[TaskHeap], s[TaskOffHeap], managed)
		if !ok {
			return false
		}
		if withoutNetwork > flink {
			return r.reject(CheckTaskHeapPathSumExceedsTotalFlink, withoutNetwork, flink, r.keyOf(TMTaskHeap), r.totalKey(),
				r.keyOf(TMManagedSize), r.keyOf(TMFrameworkHeap), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
		}
		network := flink - withoutNetwork
		r.set(Network, network, Provenance{Source: SourceRemainder, Total: flink, Key: r.totalKey()})
		return r.checkRemainderNetwork(network, flink)
	}
	network, ok := r.tmNetwork(flink, BaseTotalFlink, false)
	if !ok {
		return false
	}
	withoutTaskHeap, ok := r.add(s[FrameworkHeap], s[FrameworkOffHeap], s[TaskOffHeap], managed, network)
	if !ok {
		return false
	}
	if withoutTaskHeap > flink {
		return r.reject(CheckDerivedTaskHeapNegative, withoutTaskHeap, flink, r.totalKey(), r.keyOf(TMFrameworkHeap),
			r.managedKey(), r.networkKey(), r.keyOf(TMFrameworkOffHeap), r.keyOf(TMTaskOffHeap))
	}
	r.set(TaskHeap, flink-withoutTaskHeap, Provenance{Source: SourceRemainder, Total: flink, Key: r.totalKey()})
	return true
}

// tmNetwork derives network memory from legacy buffers when they are in
// effect, else as its fraction of base (inverse: of what base leaves).
func (r *resolver) tmNetwork(base MemorySize, b Base, inverse bool) (MemorySize, bool) {
	if r.usingLegacyNetwork() {
		return r.legacyNetwork()
	}
	rf, ok := r.readRange(TMNetworkMin, TMNetworkMax, TMNetworkFraction, CheckNetworkMinGreaterThanMax, CheckNetworkFractionOutOfRange)
	if !ok {
		return 0, false
	}
	return r.derive(Network, base, b, rf, inverse)
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
	buffers, ok := r.integer(TMLegacyNetworkBuffers)
	if !ok {
		return 0, false
	}
	seg, ok := r.size(TMSegmentSize)
	if !ok {
		return 0, false
	}
	key := r.keyOf(TMSegmentSize)
	switch {
	case seg > math.MaxInt32:
		return 0, r.reject(CheckSegmentSizeExceedsInt, seg, 0, key)
	case seg < 4096:
		return 0, r.reject(CheckSegmentSizeTooSmall, seg, 0, key)
	case seg&(seg-1) != 0:
		return 0, r.reject(CheckSegmentSizeNotPowerOfTwo, seg, 0, key)
	}
	n := int64(buffers) * int64(seg)
	if n < 0 {
		return 0, r.rejectRaw(CheckSizeNegative, r.raw[TMLegacyNetworkBuffers], r.keyOf(TMLegacyNetworkBuffers))
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
			return r.reject(CheckDerivedNetworkMismatchLegacy, network, want, r.keyOf(TMLegacyNetworkBuffers), r.totalKey(), r.keyOf(TMTaskHeap), r.keyOf(TMManagedSize))
		}
		return true
	}
	rf, ok := r.readRange(TMNetworkMin, TMNetworkMax, TMNetworkFraction, CheckNetworkMinGreaterThanMax, CheckNetworkFractionOutOfRange)
	if !ok {
		return false
	}
	if network > rf.max || network < rf.min {
		return r.rejectRange(CheckDerivedNetworkOutOfRange, network, rf.min, rf.max, r.keyOf(TMNetworkMin), r.keyOf(TMNetworkMax), r.totalKey(), r.keyOf(TMTaskHeap), r.keyOf(TMManagedSize))
	}
	return r.noteIgnoredFraction(Network, TMNetworkFraction, flink, network, rf.fraction)
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
		slots, ok := r.integer(TMNumSlots)
		if !ok {
			return false
		}
		cpu = float64(slots)
	}
	if cpu <= 0 {
		return r.rejectRaw(CheckCPUCoresNotPositive, r.raw[TMCPUCores], r.keyOf(TMCPUCores), r.keyOf(TMNumSlots))
	}
	if math.IsNaN(cpu) || math.IsInf(cpu, 0) {
		return r.rejectRaw(CheckCPUCoresNotFinite, r.raw[TMCPUCores], r.keyOf(TMCPUCores))
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
	slots, ok := r.integer(TMNumSlots)
	if !ok {
		return false
	}
	r.l.Slots = int(slots)
	return true
}
