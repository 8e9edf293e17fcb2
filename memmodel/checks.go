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

// IsUnparsable reports whether the check is about a value that cannot be
// read at all (rather than about sizes that do not fit together).
func (c Check) IsUnparsable() bool {
	switch c {
	case CheckSizeEmpty, CheckSizeNoLeadingNumber, CheckSizeNumberOverflow, CheckSizeBytesOverflow,
		CheckSizeUnknownUnit, CheckFloatUnparsable, CheckDoubleUnparsable, CheckIntegerUnparsable,
		CheckBooleanUnparsable:
		return true
	}
	return false
}

// Title is a short plain-words name of the check.
func (c Check) Title() string {
	switch c {
	case CheckNoMemoryConfigured:
		return "no size configured"
	case CheckMetaspaceOverheadExceedProcess:
		return "metaspace and overhead do not fit in the process size"
	case CheckProcessLessThanFlinkPlusMetaspace:
		return "process size smaller than Flink memory plus metaspace"
	case CheckDerivedOverheadOutOfRange:
		return "JVM overhead left over is outside its min/max"
	case CheckNetworkMinGreaterThanMax:
		return "network min above network max"
	case CheckNetworkFractionOutOfRange:
		return "network fraction not in [0, 1)"
	case CheckOverheadMinGreaterThanMax:
		return "JVM overhead min above max"
	case CheckOverheadFractionOutOfRange:
		return "JVM overhead fraction not in [0, 1)"
	case CheckManagedFractionOutOfRange:
		return "managed fraction not in [0, 1)"
	case CheckFineGrainedSumExceedsTotalFlink, CheckTaskHeapPathSumExceedsTotalFlink:
		return "configured parts exceed total Flink memory"
	case CheckDerivedTaskHeapNegative:
		return "no room left for task heap"
	case CheckDerivedNetworkMismatchLegacy:
		return "network left over differs from numberOfBuffers × segment size"
	case CheckDerivedNetworkOutOfRange:
		return "network memory left over is outside its min/max"
	case CheckSegmentSizeTooSmall:
		return "segment size below 4 KiB"
	case CheckSegmentSizeNotPowerOfTwo:
		return "segment size not a power of two"
	case CheckSegmentSizeExceedsInt:
		return "segment size above 2 GiB"
	case CheckLegacyHeapMBNegative:
		return "negative legacy heap size"
	case CheckCPUCoresNotPositive:
		return "CPU cores not positive"
	case CheckCPUCoresNotFinite:
		return "CPU cores not a finite number"
	case CheckJMHeapPlusOffHeapMismatchFlink:
		return "heap + off-heap differ from total Flink memory"
	case CheckJMHeapExceedsTotalFlink:
		return "heap larger than total Flink memory"
	case CheckJMTotalFlinkNotAboveOffHeap:
		return "total Flink memory not above off-heap"
	case CheckSizeNegative:
		return "negative network size"
	case CheckSizeAddOverflow, CheckSizeMultiplyOverflow:
		return "sizes add up beyond 8 EiB"
	case CheckSlotsLessThanOne:
		return "fewer than one slot"
	case CheckManagedConsumerWeightNegative:
		return "negative managed memory weight"
	case CheckManagedConsumerUnknown:
		return "unknown managed memory consumer"
	case CheckSizeEmpty:
		return "empty size"
	case CheckSizeNoLeadingNumber:
		return "size does not start with a number"
	case CheckSizeNumberOverflow, CheckSizeBytesOverflow:
		return "size beyond 8 EiB"
	case CheckSizeUnknownUnit:
		return "unknown size unit"
	case CheckFloatUnparsable, CheckDoubleUnparsable:
		return "not a number"
	case CheckIntegerUnparsable:
		return "not a whole number"
	case CheckBooleanUnparsable:
		return "not true or false"
	}
	return string(c)
}
