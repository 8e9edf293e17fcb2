package memmodel

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// JVMArgs returns the JVM memory flags exactly as Flink generates them for
// the process: -Xmx/-Xms, -XX:MaxDirectMemorySize (for a JobManager only
// when the direct memory limit is enabled) and -XX:MaxMetaspaceSize.
func (l *Layout) JVMArgs() string {
	heap := strconv.FormatInt(int64(l.JVMHeap()), 10)
	var b strings.Builder
	b.WriteString("-Xmx" + heap + " -Xms" + heap)
	if l.Role == TaskManager || l.DirectMemoryLimit {
		b.WriteString(" -XX:MaxDirectMemorySize=" + strconv.FormatInt(int64(l.JVMDirect()), 10))
	}
	b.WriteString(" -XX:MaxMetaspaceSize=" + strconv.FormatInt(int64(l.JVMMetaspace()), 10))
	return b.String()
}

// KeyValue is one option and its value.
type KeyValue struct {
	Key, Value string
}

// DynamicConfigs returns the -D options Flink passes to the process so that
// it sees the resolved sizes, sorted by key.
func (l *Layout) DynamicConfigs() []KeyValue {
	var kv []KeyValue
	add := func(id OptionID, v string) { kv = append(kv, KeyValue{options[id].Key, v}) }
	if l.Role == JobManager {
		if !l.Line.jmDynamicConfigs() {
			return nil
		}
		add(JMHeap, l.Size[JobManagerHeap].FlinkBytes())
		add(JMOffHeap, l.Size[JobManagerOffHeap].FlinkBytes())
		add(JMMetaspace, l.Size[Metaspace].FlinkBytes())
		add(JMOverheadMin, l.Size[Overhead].FlinkBytes())
		add(JMOverheadMax, l.Size[Overhead].FlinkBytes())
	} else {
		add(TMCPUCores, l.CPUCoresString())
		add(TMFrameworkHeap, l.Size[FrameworkHeap].FlinkBytes())
		add(TMFrameworkOffHeap, l.Size[FrameworkOffHeap].FlinkBytes())
		add(TMTaskHeap, l.Size[TaskHeap].FlinkBytes())
		add(TMTaskOffHeap, l.Size[TaskOffHeap].FlinkBytes())
		add(TMNetworkMin, l.Size[Network].FlinkBytes())
		add(TMNetworkMax, l.Size[Network].FlinkBytes())
		add(TMManagedSize, l.Size[Managed].FlinkBytes())
		if l.Line.tmDynamicJVMSizes() {
			add(TMMetaspace, l.Size[Metaspace].FlinkBytes())
			add(TMOverheadMin, l.Size[Overhead].FlinkBytes())
			add(TMOverheadMax, l.Size[Overhead].FlinkBytes())
		}
		if l.Line.SlotsInProcessSpec() {
			add(TMNumSlots, strconv.Itoa(l.Slots))
			kv = append(kv, KeyValue{"external-resources", "none"})
		}
	}
	sort.Slice(kv, func(i, j int) bool { return kv[i].Key < kv[j].Key })
	return kv
}

// DynamicConfigsString renders DynamicConfigs as Flink's command-line form,
// "-D key=value" pairs separated by spaces.
func (l *Layout) DynamicConfigsString() string {
	var b strings.Builder
	for i, kv := range l.DynamicConfigs() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("-D " + kv.Key + "=" + kv.Value)
	}
	return b.String()
}

// cpuDecimal is the TaskManager's CPU cores as Flink's CPUResource holds
// them: the shortest decimal of the double, cut to 8 places (before 1.14
// every digit is kept).
func (l *Layout) cpuDecimal() *big.Rat {
	d := javaBigDecimalOf(l.CPUCores)
	if !l.Line.cpuEightDecimals() {
		return d
	}
	return truncDecimal(d, 8)
}

// CPUCoresString returns the CPU cores in Flink's form ("1.0", "1.0E-8").
func (l *Layout) CPUCoresString() string {
	f, _ := l.cpuDecimal().Float64()
	return formatJavaDouble(f)
}

// SlotProfile is Flink's default per-slot share of a TaskManager: every
// resource divided evenly by the number of slots.
type SlotProfile struct {
	Slots       int
	CPUCores    string
	TaskHeap    MemorySize
	TaskOffHeap MemorySize
	Managed     MemorySize
	Network     MemorySize
}

// Slot returns the default slot profile. It fails (a *Rejection with
// CheckSlotsLessThanOne) when the TaskManager has fewer than one slot but
// explicit CPU cores let the process itself start.
func (l *Layout) Slot() (SlotProfile, error) {
	if l.hasBadSlots {
		return SlotProfile{}, &Rejection{Check: CheckIntegerUnparsable, Role: TaskManager, Line: l.Line, Deployment: l.Deployment,
			Key: options[TMNumSlots].Key, Raw: l.badSlots, Partial: partialOf(l), keys: [6]string{options[TMNumSlots].Key}, nKeys: 1}
	}
	slots := l.Slots
	if slots == -1 {
		slots = 1
	}
	if slots < 1 {
		return SlotProfile{}, &Rejection{Check: CheckSlotsLessThanOne, Role: TaskManager, Line: l.Line, Deployment: l.Deployment,
			Key: options[TMNumSlots].Key, Raw: strconv.Itoa(l.Slots), Partial: partialOf(l), keys: [6]string{options[TMNumSlots].Key}, nKeys: 1}
	}
	n := MemorySize(slots)
	p := SlotProfile{
		Slots:       slots,
		TaskHeap:    l.Size[TaskHeap] / n,
		TaskOffHeap: l.Size[TaskOffHeap] / n,
		Managed:     l.Size[Managed] / n,
		Network:     l.Size[Network] / n,
	}
	share := new(big.Rat).Quo(l.cpuDecimal(), new(big.Rat).SetInt64(int64(slots)))
	if !l.Line.cpuEightDecimals() {
		p.CPUCores = plainDecimal(truncDecimal(share, 16), 16, l.Line.slotShareTrimmed())
	} else {
		p.CPUCores = plainDecimal(truncDecimal(share, 8), 8, true)
	}
	return p, nil
}
