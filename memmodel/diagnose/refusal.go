package diagnose

import (
	"regexp"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// refusal maps one of Flink's wordings for a refused memory configuration
// to the check codes it can stand for. Flink words some conditions alike
// (every unreadable size is "Cannot read memory size …"), so a wording may
// map to several checks; the user's own refusal then tells which.
type refusal struct {
	must   uint64
	re     *regexp.Regexp
	checks []memmodel.Check
}

func r(must, expr string, checks ...memmodel.Check) refusal {
	return refusal{lineGate.mask([]string{must}), regexp.MustCompile(expr), checks}
}

// refusals are tried in order; the first match wins. The key group, when
// present, names the option in question.
var refusals []refusal

func buildRefusals() []refusal {
	return []refusal{
		r("need to be configured", `need to be configured explicitly`, memmodel.CheckNoMemoryConfigured),
		r("JVM Overhead", `Sum of configured JVM Metaspace \(.*\) and JVM Overhead \(.*\) exceed configured Total Process Memory`, memmodel.CheckMetaspaceOverheadExceedProcess),
		r("Total Process Memory size", `configured Total Process Memory size \(.*\) is less than the sum of the derived Total Flink Memory size`, memmodel.CheckProcessLessThanFlinkPlusMetaspace),
		r("Derived JVM Overhead", `Derived JVM Overhead size \(.*\) is not in configured JVM Overhead range`, memmodel.CheckDerivedOverheadOutOfRange),
		r("Inconsistently configured", `Inconsistently configured Key: '(?P<key>[^']*jvm-overhead\.fraction)'`, memmodel.CheckOverheadFractionOutOfRange, memmodel.CheckOverheadMinGreaterThanMax),
		r("Inconsistently configured", `Inconsistently configured Key: '(?P<key>[^']*network[^']*fraction)'`, memmodel.CheckNetworkFractionOutOfRange, memmodel.CheckNetworkMinGreaterThanMax),
		r("Inconsistently configured", `Inconsistently configured Key: '(?P<key>[^']*managed\.fraction)'`, memmodel.CheckManagedFractionOutOfRange),
		r("Sum of configured Framework Heap", `Sum of configured Framework Heap Memory \(.*\), Framework Off-Heap Memory \(.*\), Task Heap Memory`, memmodel.CheckFineGrainedSumExceedsTotalFlink, memmodel.CheckTaskHeapPathSumExceedsTotalFlink),
		r("Sum of configured Framework Heap", `Sum of configured Framework Heap Memory \(.*\) and Network Memory \(.*\) exceed configured Total Flink Memory`, memmodel.CheckDerivedTaskHeapNegative),
		r("derived Network Memory", `the derived Network Memory is inconsistent with its configuration`,
			memmodel.CheckDerivedNetworkMismatchLegacy, memmodel.CheckDerivedNetworkOutOfRange, memmodel.CheckNetworkMinGreaterThanMax, memmodel.CheckSizeUnknownUnit),
		r("segment-size", `Invalid configuration value for taskmanager\.memory\.segment-size : .* Minimum memory segment size`, memmodel.CheckSegmentSizeTooSmall),
		r("segment-size", `Invalid configuration value for taskmanager\.memory\.segment-size : .* must be a power of`, memmodel.CheckSegmentSizeNotPowerOfTwo),
		r("Cannot downcast", `Cannot downcast long value \d+ to integer`, memmodel.CheckSegmentSizeExceedsInt),
		r("numberOfTaskSlots", `Number of task slots must be at least one`, memmodel.CheckSlotsLessThanOne),
		r("CPU cores", `TaskExecutors need to be started with a positive number of CPU cores`, memmodel.CheckCPUCoresNotPositive),
		r("neither a decimal digit", `Character \S+ is neither a decimal digit number`, memmodel.CheckCPUCoresNotFinite),
		r("The configured JVM Heap Memory", `The configured JVM Heap Memory \(.*\) exceeds the configured Total Flink Memory`, memmodel.CheckJMHeapExceedsTotalFlink),
		r("Sum of the configured JVM Heap", `Sum of the configured JVM Heap Memory \(.*\) and the configured Off-heap Memory \(.*\) does not match`, memmodel.CheckJMHeapPlusOffHeapMismatchFlink),
		r("is less than the configured Off-heap", `The configured Total Flink Memory \(.*\) is less than the configured Off-heap Memory`, memmodel.CheckJMTotalFlinkNotAboveOffHeap),
		r("must not be less than", `Configured total process memory size \(-\d+MB\) must not be less than`, memmodel.CheckLegacyHeapMBNegative),
		r("Cannot read memory size", `Cannot read memory size from config option '(?P<key>[^']*)'`,
			memmodel.CheckSizeEmpty, memmodel.CheckSizeNoLeadingNumber, memmodel.CheckSizeNumberOverflow, memmodel.CheckSizeBytesOverflow, memmodel.CheckSizeUnknownUnit),
		r("Could not parse value", `Could not parse value '(?P<raw>[^']*)' for key '(?P<key>[^']*)'`,
			memmodel.CheckFloatUnparsable, memmodel.CheckDoubleUnparsable, memmodel.CheckIntegerUnparsable, memmodel.CheckBooleanUnparsable,
			memmodel.CheckSizeNoLeadingNumber, memmodel.CheckSizeUnknownUnit),
		r("bytes must be >=", `bytes must be >= 0`, memmodel.CheckSizeNegative, memmodel.CheckProcessLessThanFlinkPlusMetaspace),
		r("long overflow", `ArithmeticException: long overflow|^\s*long overflow\s*$`, memmodel.CheckSizeAddOverflow, memmodel.CheckSizeMultiplyOverflow),
	}
}

var illegalBit uint64

// recogniseRefusal maps a line to the checks its refusal wording stands
// for. A bare IllegalConfigurationException about memory with a wording we
// do not know still counts, without a check.
func recogniseRefusal(line string) (Hit, bool) {
	loadTables()
	return refusalWith(line, lineGate.scan(line))
}

func refusalWith(line string, present uint64) (Hit, bool) {
	for _, rf := range refusals {
		if present&rf.must == 0 {
			continue
		}
		m := rf.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		h := Hit{Symptom: IllegalConfiguration, Evidence: shorten(line), Checks: rf.checks}
		for i, name := range rf.re.SubexpNames() {
			if name == "key" {
				h.Key = m[i]
			}
		}
		h.Role = refusalRole(line, h.Key)
		return h, true
	}
	if present&illegalBit != 0 && strings.Contains(line, "memory") {
		return Hit{Symptom: IllegalConfiguration, Evidence: shorten(line), Role: refusalRole(line, "")}, true
	}
	return Hit{}, false
}

// refusalRole tells the role from Flink's wrapper ("TaskManager memory
// configuration failed: …") or the key in question.
func refusalRole(line, key string) RoleHint {
	switch {
	case strings.Contains(line, "JobManager memory configuration failed"), strings.HasPrefix(key, "jobmanager."):
		return RoleJobManager
	case strings.Contains(line, "TaskManager memory configuration failed"),
		strings.Contains(line, "TaskManager failed to map legacy"), strings.HasPrefix(key, "taskmanager."):
		return RoleTaskManager
	}
	return roleOfLine(line)
}
