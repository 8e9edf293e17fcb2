package memmodel

// Check is a stable code for one way Flink refuses a configuration. The
// codes are those of the conformance vectors (CHECKS.md); a code names a
// condition, not a place in Flink's code.
type Check string

// Checks on the derived layout.
const (
	CheckNoMemoryConfigured                 Check = "no-memory-configured"
	CheckMetaspaceOverheadExceedProcess     Check = "metaspace-and-overhead-exceed-total-process"
	CheckProcessLessThanFlinkPlusMetaspace  Check = "total-process-less-than-flink-plus-metaspace"
	CheckDerivedOverheadOutOfRange          Check = "derived-jvm-overhead-out-of-range"
	CheckNetworkMinGreaterThanMax           Check = "network-min-greater-than-max"
	CheckNetworkFractionOutOfRange          Check = "network-fraction-out-of-range"
	CheckOverheadMinGreaterThanMax          Check = "jvm-overhead-min-greater-than-max"
	CheckOverheadFractionOutOfRange         Check = "jvm-overhead-fraction-out-of-range"
	CheckManagedFractionOutOfRange          Check = "managed-fraction-out-of-range"
	CheckFineGrainedSumExceedsTotalFlink    Check = "fine-grained-sum-exceeds-total-flink"
	CheckTaskHeapPathSumExceedsTotalFlink   Check = "task-heap-path-sum-exceeds-total-flink"
	CheckDerivedTaskHeapNegative            Check = "derived-task-heap-negative"
	CheckDerivedNetworkMismatchLegacy       Check = "derived-network-mismatch-legacy-buffers"
	CheckDerivedNetworkOutOfRange           Check = "derived-network-out-of-range"
	CheckSegmentSizeTooSmall                Check = "segment-size-too-small"
	CheckSegmentSizeNotPowerOfTwo           Check = "segment-size-not-power-of-two"
	CheckSegmentSizeExceedsInt              Check = "segment-size-exceeds-int"
	CheckLegacyHeapMBNegative               Check = "legacy-heap-mb-negative"
	CheckCPUCoresNotPositive                Check = "cpu-cores-not-positive"
	CheckCPUCoresNotFinite                  Check = "cpu-cores-not-finite"
	CheckJMHeapPlusOffHeapMismatchFlink     Check = "jm-heap-plus-off-heap-mismatch-total-flink"
	CheckJMHeapExceedsTotalFlink            Check = "jm-heap-exceeds-total-flink"
	CheckJMTotalFlinkNotAboveOffHeap        Check = "jm-total-flink-not-above-off-heap"
	CheckSizeNegative                       Check = "memory-size-negative"
	CheckSizeAddOverflow                    Check = "memory-size-add-overflow"
	CheckSizeMultiplyOverflow               Check = "memory-size-multiply-overflow"
	CheckSlotsLessThanOne                   Check = "slots-less-than-one"
	CheckManagedConsumerWeightNegative      Check = "managed-consumer-weight-negative"
	CheckDerivedTotalFlinkMismatch          Check = "derived-total-flink-mismatch"
	CheckDerivedTotalProcessMismatch        Check = "derived-total-process-mismatch"
	CheckNetworkInconsistentWithExplicitSet Check = "network-inconsistent-with-explicit-sizes"
)

// Checks on single values that cannot be read.
const (
	CheckSizeEmpty           Check = "memory-size-empty"
	CheckSizeNoLeadingNumber Check = "memory-size-no-leading-number"
	CheckSizeNumberOverflow  Check = "memory-size-number-overflow"
	CheckSizeBytesOverflow   Check = "memory-size-bytes-overflow"
	CheckSizeUnknownUnit     Check = "memory-size-unknown-unit"
	CheckFloatUnparsable     Check = "float-unparsable"
	CheckDoubleUnparsable    Check = "double-unparsable"
	CheckIntegerUnparsable   Check = "integer-unparsable"
	CheckBooleanUnparsable   Check = "boolean-unparsable"
)

// checkSpec declares everything the tool says and does about one check:
// its title, the message of a rejection, and the plan that looks for
// fixes (or why there is no automatic fix).
type checkSpec struct {
	check Check
	// title is a short plain-words name of the check.
	title string
	// unparsable marks checks on one value that cannot be read at all;
	// their message is the value's (valueMessage).
	unparsable bool
	// message explains a rejection with its numbers and the keys to
	// change; nil for unparsable checks.
	message func(r *Rejection) string
	// plan offers the fixes of a rejection, most direct first.
	plan func(f *fixer)
	// noFix says why a check has no plan: a change of the job, not of
	// the memory options, or a check no configuration reaches.
	noFix string
}

// unreachable is the noFix reason of checks Flink declares but no
// configuration reaches; the tool keeps the codes so that every place
// Flink can refuse has a name.
const unreachable = "no configuration reaches this check"

// checkTable is the one declaration of every check, in CHECKS.md's order.
// It is filled in init: the plans resolve configurations, which reads
// titles, so a table in a variable initialiser would refer to itself.
var (
	checkTable []checkSpec
	checkIndex map[Check]int
)

func init() {
	checkTable = []checkSpec{
		{check: CheckNoMemoryConfigured, title: "no size configured", message: msgNoMemoryConfigured, plan: (*fixer).planNoMemoryConfigured},
		{check: CheckMetaspaceOverheadExceedProcess, title: "metaspace and overhead do not fit in the process size", message: msgMetaspaceOverheadExceedProcess, plan: (*fixer).planMetaspaceOverheadExceedProcess},
		{check: CheckProcessLessThanFlinkPlusMetaspace, title: "process size smaller than Flink memory plus metaspace", message: msgProcessLessThanFlinkPlusMetaspace, plan: (*fixer).planProcessLessThanFlinkPlusMetaspace},
		{check: CheckDerivedOverheadOutOfRange, title: "JVM overhead left over is outside its min/max", message: msgDerivedOverheadOutOfRange, plan: (*fixer).planDerivedOverheadOutOfRange},
		{check: CheckDerivedTotalProcessMismatch, title: "derived total process size differs from the configured one", message: msgTitle, noFix: unreachable},
		{check: CheckNetworkMinGreaterThanMax, title: "network min above network max", message: msgMinGreaterThanMax, plan: (*fixer).planNetworkMinGreaterThanMax},
		{check: CheckNetworkFractionOutOfRange, title: "network fraction not in [0, 1)", message: msgFractionOutOfRange, plan: (*fixer).planFractionOutOfRange},
		{check: CheckOverheadMinGreaterThanMax, title: "JVM overhead min above max", message: msgMinGreaterThanMax, plan: (*fixer).planOverheadMinGreaterThanMax},
		{check: CheckOverheadFractionOutOfRange, title: "JVM overhead fraction not in [0, 1)", message: msgFractionOutOfRange, plan: (*fixer).planFractionOutOfRange},
		{check: CheckManagedFractionOutOfRange, title: "managed fraction not in [0, 1)", message: msgFractionOutOfRange, plan: (*fixer).planFractionOutOfRange},
		{check: CheckFineGrainedSumExceedsTotalFlink, title: "configured parts exceed total Flink memory", message: msgPartsExceedTotalFlink, plan: (*fixer).planFineGrainedSumExceedsTotalFlink},
		{check: CheckTaskHeapPathSumExceedsTotalFlink, title: "configured parts exceed total Flink memory", message: msgPartsExceedTotalFlink, plan: (*fixer).planNoRoomForTaskHeap},
		{check: CheckDerivedTaskHeapNegative, title: "no room left for task heap", message: msgDerivedTaskHeapNegative, plan: (*fixer).planNoRoomForTaskHeap},
		{check: CheckDerivedTotalFlinkMismatch, title: "derived parts differ from the configured total Flink size", message: msgTitle, noFix: unreachable},
		{check: CheckNetworkInconsistentWithExplicitSet, title: "network memory does not fit the explicit sizes", message: msgTitle, noFix: unreachable + " on its own (Flink wraps the two derived-network checks in it)"},
		{check: CheckDerivedNetworkMismatchLegacy, title: "network left over differs from numberOfBuffers × segment size", message: msgDerivedNetworkMismatchLegacy, plan: (*fixer).planLegacyBuffers},
		{check: CheckDerivedNetworkOutOfRange, title: "network memory left over is outside its min/max", message: msgDerivedNetworkOutOfRange, plan: (*fixer).planDerivedNetworkOutOfRange},
		{check: CheckSegmentSizeTooSmall, title: "segment size below 4 KiB", message: msgSegmentSize, plan: (*fixer).planSegmentSize},
		{check: CheckSegmentSizeNotPowerOfTwo, title: "segment size not a power of two", message: msgSegmentSize, plan: (*fixer).planSegmentSize},
		{check: CheckSegmentSizeExceedsInt, title: "segment size above 2 GiB", message: msgSegmentSize, plan: (*fixer).planSegmentSize},
		{check: CheckLegacyHeapMBNegative, title: "negative legacy heap size", message: msgLegacyHeapMBNegative, plan: (*fixer).planLegacyHeapMBNegative},
		{check: CheckCPUCoresNotPositive, title: "CPU cores not positive", message: msgCPUCoresNotPositive, plan: (*fixer).planCPUCores},
		{check: CheckCPUCoresNotFinite, title: "CPU cores not a finite number", message: msgCPUCoresNotFinite, plan: (*fixer).planCPUCores},
		{check: CheckJMHeapPlusOffHeapMismatchFlink, title: "heap + off-heap differ from total Flink memory", message: msgJMHeapPlusOffHeapMismatchFlink, plan: (*fixer).planJMHeapPlusOffHeapMismatchFlink},
		{check: CheckJMHeapExceedsTotalFlink, title: "heap larger than total Flink memory", message: msgJMHeapExceedsTotalFlink, plan: (*fixer).planJMHeapExceedsTotalFlink},
		{check: CheckJMTotalFlinkNotAboveOffHeap, title: "total Flink memory not above off-heap", message: msgJMTotalFlinkNotAboveOffHeap, plan: (*fixer).planJMTotalFlinkNotAboveOffHeap},
		{check: CheckSizeEmpty, title: "empty size", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSizeNoLeadingNumber, title: "size does not start with a number", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSizeNumberOverflow, title: "size beyond 8 EiB", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSizeBytesOverflow, title: "size beyond 8 EiB", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSizeUnknownUnit, title: "unknown size unit", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSizeNegative, title: "negative network size", message: msgSizeNegative, plan: (*fixer).planLegacyBuffers},
		{check: CheckSizeAddOverflow, title: "sizes add up beyond 8 EiB", message: msgSizeAddOverflow, plan: (*fixer).planOverflow},
		{check: CheckSizeMultiplyOverflow, title: "sizes add up beyond 8 EiB", message: msgSizeMultiplyOverflow, plan: (*fixer).planOverflow},
		{check: CheckFloatUnparsable, title: "not a number", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckDoubleUnparsable, title: "not a number", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckIntegerUnparsable, title: "not a whole number", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckBooleanUnparsable, title: "not true or false", unparsable: true, plan: (*fixer).planUnparsable},
		{check: CheckSlotsLessThanOne, title: "fewer than one slot", message: msgSlotsLessThanOne, plan: (*fixer).planSlotsLessThanOne},
		{check: CheckManagedConsumerWeightNegative, title: "negative managed memory weight", message: msgManagedConsumerWeightNegative,
			noFix: "the weights belong to the job's managed memory, not to the TaskManager's sizes: give the consumer a weight of 0 or more"},
		{check: CheckManagedConsumerUnknown, title: "unknown managed memory consumer", message: msgManagedConsumerUnknown,
			noFix: "the weights belong to the job's managed memory, not to the TaskManager's sizes: name only DATAPROC and PYTHON on 1.12"},
	}
	checkIndex = make(map[Check]int, len(checkTable))
	for i, c := range checkTable {
		checkIndex[c.check] = i
	}
}

// spec returns the declaration of a check; ok is false for a code the
// table does not declare.
func (c Check) spec() (*checkSpec, bool) {
	i, ok := checkIndex[c]
	if !ok {
		return nil, false
	}
	return &checkTable[i], true
}

// AllChecks lists every check the tool can report, in the order of the
// conformance suite's CHECKS.md.
func AllChecks() []Check {
	out := make([]Check, len(checkTable))
	for i, c := range checkTable {
		out[i] = c.check
	}
	return out
}

// IsUnparsable reports whether the check is about a value that cannot be
// read at all (rather than about sizes that do not fit together).
func (c Check) IsUnparsable() bool {
	s, ok := c.spec()
	return ok && s.unparsable
}

// Title is a short plain-words name of the check.
func (c Check) Title() string {
	if s, ok := c.spec(); ok {
		return s.title
	}
	return string(c)
}

// NoAutomaticFix says why Fixes never offers a fix for the check, and ""
// for checks it has a plan for.
func (c Check) NoAutomaticFix() string {
	if s, ok := c.spec(); ok {
		return s.noFix
	}
	return "the check is not known"
}
