package memmodel

import (
	"fmt"
	"strconv"
	"strings"
)

// valueProblems says what is wrong with a value each unparsable check
// refuses, after the quoted value.
var valueProblems = map[Check]string{
	CheckSizeNoLeadingNumber: " is not a size: it must start with a whole number of bytes or units (no sign, no leading point), e.g. 512m",
	CheckSizeNumberOverflow:  " is too large: the number does not fit in 64 bits",
	CheckSizeBytesOverflow:   " is too large: it exceeds 8 EiB (Flink's largest size)",
	CheckSizeUnknownUnit:     " has an unknown unit: Flink sizes are whole numbers with b, k/kb, m/mb, g/gb or t/tb (binary units, any case); fractions like 1.5g and Kubernetes units like 2Gi are not accepted — write 1536m or 2g",
	CheckFloatUnparsable:     " is not a number; write a fraction such as 0.4",
	CheckDoubleUnparsable:    " is not a number; write e.g. 2 or 1.5",
	CheckIntegerUnparsable:   " is not a whole number (no spaces, no decimals)",
	CheckBooleanUnparsable:   " is neither true nor false",
}

// valueMessage explains why a single value cannot be read.
func valueMessage(c Check, key, value string) string {
	where := ""
	if key != "" {
		where = key + ": "
	}
	if c == CheckSizeEmpty {
		return where + "the size is empty; write a size such as 1728m, or remove the key"
	}
	q := fmt.Sprintf("%q", value)
	if problem, ok := valueProblems[c]; ok {
		return where + q + problem
	}
	return where + q + ": " + c.Title()
}

// rejectionMessage explains a rejection with its numbers and the keys to
// change, through the message its check declares.
func rejectionMessage(r *Rejection) string {
	spec, ok := r.Check.spec()
	if ok && spec.unparsable {
		return valueMessage(r.Check, r.Key, r.Raw)
	}
	if !ok || spec.message == nil {
		return msgTitle(r) + " (" + string(r.Check) + ")"
	}
	if r.Check == CheckNoMemoryConfigured && r.Role == JobManager && !r.Line.HasJobManagerModel() {
		return spec.message(r)
	}
	return spec.message(r) + " (" + string(r.Check) + ")"
}

func h(m MemorySize) string { return m.Human() }

func msgTitle(r *Rejection) string { return r.Check.Title() }

func msgNoMemoryConfigured(r *Rejection) string {
	if r.Role == JobManager {
		if !r.Line.HasJobManagerModel() {
			return "Flink " + r.Line.String() + " has no JobManager memory model (it starts with 1.11)"
		}
		return "no JobManager size is configured: set jobmanager.memory.process.size (containers), jobmanager.memory.flink.size or jobmanager.memory.heap.size"
	}
	return "no TaskManager size is configured: set taskmanager.memory.process.size (containers), taskmanager.memory.flink.size (standalone), or both taskmanager.memory.task.heap.size and taskmanager.memory.managed.size"
}

func msgMetaspaceOverheadExceedProcess(r *Rejection) string {
	p := &r.Partial
	return fmt.Sprintf("JVM metaspace %s + JVM overhead %s = %s, more than the total process size %s; raise %s or lower the metaspace/overhead",
		h(p.Size[Metaspace]), h(p.Size[Overhead]), h(r.Value), h(r.Limit), r.Key)
}

func msgProcessLessThanFlinkPlusMetaspace(r *Rejection) string {
	p := &r.Partial
	return fmt.Sprintf("total Flink memory %s + JVM metaspace %s = %s, more than the total process size %s; raise %s, or lower the Flink memory",
		h(p.TotalFlink), h(p.Size[Metaspace]), h(r.Value), h(r.Limit), r.Key)
}

func msgDerivedOverheadOutOfRange(r *Rejection) string {
	p := &r.Partial
	return fmt.Sprintf("the process size %s leaves %s for JVM overhead after Flink memory %s and metaspace %s, outside the overhead range [%s, %s]; change %s or the overhead min/max",
		h(p.TotalProcess), h(r.Value), h(p.TotalFlink), h(p.Size[Metaspace]), h(r.Min), h(r.Max), r.Key)
}

func msgMinGreaterThanMax(r *Rejection) string {
	ks := r.Keys()
	return fmt.Sprintf("%s (%s) is greater than %s (%s); the min must not exceed the max", ks[0], h(r.Min), ks[1], h(r.Max))
}

func msgFractionOutOfRange(r *Rejection) string {
	return fmt.Sprintf("%s is %v; a fraction must be at least 0 and below 1", r.Key, FormatFraction(r.Fraction))
}

func msgPartsExceedTotalFlink(r *Rejection) string {
	p := &r.Partial
	return fmt.Sprintf("framework heap %s + task heap %s + managed %s + framework off-heap %s + task off-heap %s = %s, but total Flink memory is only %s%s; raise the total or lower one of these parts",
		h(p.Size[FrameworkHeap]), h(p.Size[TaskHeap]), h(p.Size[Managed]), h(p.Size[FrameworkOffHeap]), h(p.Size[TaskOffHeap]), h(r.Value), h(r.Limit), flinkDerivation(r))
}

func msgDerivedTaskHeapNegative(r *Rejection) string {
	p := &r.Partial
	return fmt.Sprintf("framework heap %s + managed %s + framework off-heap %s + task off-heap %s + network %s = %s, but total Flink memory is only %s%s: nothing is left for the task heap; raise the total or lower one of these parts",
		h(p.Size[FrameworkHeap]), h(p.Size[Managed]), h(p.Size[FrameworkOffHeap]), h(p.Size[TaskOffHeap]), h(p.Size[Network]), h(r.Value), h(r.Limit), flinkDerivation(r))
}

func msgDerivedNetworkMismatchLegacy(r *Rejection) string {
	return fmt.Sprintf("network memory is what total Flink memory leaves (%s), but taskmanager.network.numberOfBuffers × segment size asks for %s", h(r.Value), h(r.Limit))
}

func msgDerivedNetworkOutOfRange(r *Rejection) string {
	flink := r.Partial.TotalFlink
	return fmt.Sprintf("with task heap and managed memory set explicitly, network memory is total Flink memory %s − the other parts %s = %s, outside the network range [%s, %s]; adjust taskmanager.memory.network.min/max, the total, or the explicit sizes",
		h(flink), h(flink-r.Value), h(r.Value), h(r.Min), h(r.Max))
}

func msgSegmentSize(r *Rejection) string {
	switch r.Check {
	case CheckSegmentSizeTooSmall:
		return fmt.Sprintf("%s is %s; a network buffer must be at least 4 KiB", r.Key, h(r.Value))
	case CheckSegmentSizeNotPowerOfTwo:
		return fmt.Sprintf("%s is %s; it must be a power of two (e.g. 32k)", r.Key, h(r.Value))
	}
	return fmt.Sprintf("%s is %s; it must be below 2 GiB", r.Key, h(r.Value))
}

func msgLegacyHeapMBNegative(r *Rejection) string {
	return fmt.Sprintf("%s is %s; a heap size cannot be negative", r.Key, r.Raw)
}

func msgCPUCoresNotPositive(*Rejection) string {
	return "the TaskManager needs a positive number of CPU cores: set taskmanager.cpu.cores (or taskmanager.numberOfTaskSlots, which it defaults to) above 0"
}

func msgCPUCoresNotFinite(r *Rejection) string {
	return fmt.Sprintf("taskmanager.cpu.cores is %q; it must be a finite number", r.Raw)
}

func msgJMHeapPlusOffHeapMismatchFlink(r *Rejection) string {
	if s := jmSanityBugMessage(r); s != "" {
		return s
	}
	p := &r.Partial
	return fmt.Sprintf("JVM heap %s + off-heap %s = %s, but total Flink memory is set to %s; they must match exactly (or leave one of the three unset)",
		h(p.Size[JobManagerHeap]), h(p.Size[JobManagerOffHeap]), h(r.Value), h(r.Limit))
}

func msgJMHeapExceedsTotalFlink(r *Rejection) string {
	return fmt.Sprintf("JVM heap %s is larger than total Flink memory %s", h(r.Value), h(r.Limit))
}

func msgJMTotalFlinkNotAboveOffHeap(r *Rejection) string {
	return fmt.Sprintf("total Flink memory %s is not larger than the off-heap memory %s, leaving no JVM heap", h(r.Limit), h(r.Value))
}

func msgSizeNegative(r *Rejection) string {
	return fmt.Sprintf("taskmanager.network.numberOfBuffers is %s; network memory cannot be negative", r.Raw)
}

func msgSizeAddOverflow(*Rejection) string {
	return "the configured sizes add up to more than 8 EiB, the largest size Flink can hold; one of them is far too large"
}

func msgSizeMultiplyOverflow(r *Rejection) string {
	return fmt.Sprintf("%s × %v exceeds 8 EiB, the largest size Flink can hold; lower the size or %s", h(r.Value), FormatFraction(r.Fraction), r.Key)
}

func msgManagedConsumerWeightNegative(r *Rejection) string {
	return fmt.Sprintf("%s gives %s a negative weight; weights must be 0 or more (Flink accepts the TaskManager but refuses the job when it starts)", r.Key, r.Raw)
}

func msgManagedConsumerUnknown(r *Rejection) string {
	return fmt.Sprintf("%s names %q, which Flink 1.12 does not know; 1.12 accepts only DATAPROC and PYTHON (OPERATOR and STATE_BACKEND arrived in 1.13)", r.Key, r.Raw)
}

func msgSlotsLessThanOne(r *Rejection) string {
	return "taskmanager.numberOfTaskSlots is " + r.Raw + "; a TaskManager needs at least one slot"
}

// flinkDerivation says where a total Flink size measured against came
// from when it was derived from the process size.
func flinkDerivation(r *Rejection) string {
	p := &r.Partial
	if p.Mode != ModeTotalProcess || r.Known&(1<<Overhead) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s process − %s metaspace − %s overhead)", p.TotalProcess.Human(), p.Size[Metaspace].Human(), p.Size[Overhead].Human())
}

// noticeMessage explains a notice.
func noticeMessage(n Notice) string {
	switch n.Code {
	case NoticeClampedToMin:
		return fmt.Sprintf("%s: %s of its base would be %s; Flink uses the minimum %s instead (%s)", n.Component, FormatFraction(n.Fraction), n.Size.Human(), n.Bound.Human(), n.Key)
	case NoticeClampedToMax:
		return fmt.Sprintf("%s: %s of its base would be %s; Flink caps it at the maximum %s (%s)", n.Component, FormatFraction(n.Fraction), n.Size.Human(), n.Bound.Human(), n.Key)
	case NoticeFractionIgnored:
		return fmt.Sprintf("%s is ignored: explicit sizes make %s %s, not the %s the fraction would give", n.Key, strings.ToLower(n.Component.String()), n.Size.Human(), n.Bound.Human())
	case NoticeDeprecatedKey:
		return fmt.Sprintf("%s is deprecated; use %s", n.Key, n.Other)
	case NoticeLegacyHeapMapped:
		return fmt.Sprintf("legacy %s is read as %s = %s; write that key instead", n.Key, n.Other, n.Size.Human())
	case NoticeLegacyHeapIgnored:
		return fmt.Sprintf("legacy %s is ignored because %s is set; remove it", n.Key, n.Other)
	case NoticeLegacyNetworkBuffers:
		return fmt.Sprintf("network memory comes from legacy %s × segment size = %s; set taskmanager.memory.network.min/max instead", n.Key, n.Size.Human())
	case NoticeLegacyNetworkIgnored:
		return fmt.Sprintf("legacy %s is ignored because a taskmanager.memory.network.* option is set", n.Key)
	case NoticeKeyNotRead:
		return fmt.Sprintf("%s is not read by this Flink line%s", n.Key, ifOther(n.Other))
	case NoticeJMHeapSmall:
		return fmt.Sprintf("JobManager heap %s is below the recommended minimum of 128 MiB", n.Size.Human())
	case NoticeJMOffHeapDerived:
		return fmt.Sprintf("JobManager off-heap is total Flink minus heap = %s, not its default %s", n.Size.Human(), n.Bound.Human())
	}
	return string(n.Code)
}

// FormatFraction writes a fraction as its user wrote it: Flink reads
// fractions as Java floats and widens them, so 0.1 is held as
// 0.10000000149011612; the shortest float form gives back "0.1".
func FormatFraction(f float64) string {
	if float64(float32(f)) == f {
		return strconv.FormatFloat(f, 'g', -1, 32)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func ifOther(s string) string {
	if s == "" {
		return ""
	}
	return "; " + s
}
