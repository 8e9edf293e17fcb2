package memmodel

// OptionID names one configuration option the resolver reads.
type OptionID uint8

// TaskManager options.
const (
	TMProcessSize OptionID = iota
	TMFlinkSize
	TMFrameworkHeap
	TMTaskHeap
	TMManagedSize
	TMManagedFraction
	TMFrameworkOffHeap
	TMTaskOffHeap
	TMNetworkMin
	TMNetworkMax
	TMNetworkFraction
	TMMetaspace
	TMOverheadMin
	TMOverheadMax
	TMOverheadFraction
	TMSegmentSize
	TMNumSlots
	TMCPUCores
	TMLegacyHeapSize
	TMLegacyHeapMB
	TMLegacyNetworkBuffers

	// JobManager options.
	JMProcessSize
	JMFlinkSize
	JMHeap
	JMOffHeap
	JMMetaspace
	JMOverheadMin
	JMOverheadMax
	JMOverheadFraction
	JMDirectMemoryLimit
	JMLegacyHeapSize
	JMLegacyHeapMB

	numOptions
)

// OptionType is the kind of value an option holds.
type OptionType uint8

// Option value types, as Flink parses them.
const (
	TypeSize     OptionType = iota // a MemorySize
	TypeFraction                   // a Java float in [0, 1)
	TypeInt                        // a Java int
	TypeDouble                     // a Java double
	TypeBool                       // true or false, any case
)

// String names the type for help texts.
func (t OptionType) String() string {
	switch t {
	case TypeSize:
		return "size"
	case TypeFraction:
		return "fraction"
	case TypeInt:
		return "integer"
	case TypeDouble:
		return "number"
	case TypeBool:
		return "boolean"
	}
	return "?"
}

// Group is the section of the options pane an option belongs to.
type Group uint8

// Option groups, in display order.
const (
	GroupTotals Group = iota
	GroupHeap
	GroupOffHeap
	GroupManaged
	GroupNetwork
	GroupJVM
	GroupSlots
	GroupLegacy
)

// String names the group.
func (g Group) String() string {
	names := [...]string{"Totals", "Heap", "Off-heap", "Managed", "Network", "JVM", "Slots", "Legacy"}
	if int(g) < len(names) {
		return names[g]
	}
	return "?"
}

// Option describes one configuration option.
type Option struct {
	ID   OptionID
	Key  string
	Role Role
	Type OptionType
	// Deprecated lists the older keys Flink still reads for this option, in
	// the order it consults them (only when Key itself is absent).
	Deprecated []string
	// Legacy marks options of the pre-1.10 (TaskManager) or pre-1.11
	// (JobManager) model that are mapped onto the new ones; 2.0 stopped
	// reading them.
	Legacy bool
	Group  Group
	// Since is the first line that reads the option.
	Since Line
	// Summary says in a few words what the option sets.
	Summary string
}

var options = [numOptions]Option{
	TMProcessSize:          {Key: "taskmanager.memory.process.size", Group: GroupTotals, Summary: "total process memory: the container or pod size"},
	TMFlinkSize:            {Key: "taskmanager.memory.flink.size", Group: GroupTotals, Summary: "total Flink memory: everything except JVM metaspace and overhead"},
	TMFrameworkHeap:        {Key: "taskmanager.memory.framework.heap.size", Group: GroupHeap, Summary: "JVM heap reserved for Flink itself"},
	TMTaskHeap:             {Key: "taskmanager.memory.task.heap.size", Group: GroupHeap, Summary: "JVM heap for user code and heap state"},
	TMManagedSize:          {Key: "taskmanager.memory.managed.size", Deprecated: []string{"taskmanager.memory.size"}, Group: GroupManaged, Summary: "native memory for RocksDB, batch sort/hash and Python"},
	TMManagedFraction:      {Key: "taskmanager.memory.managed.fraction", Type: TypeFraction, Group: GroupManaged, Summary: "managed memory as a share of total Flink memory"},
	TMFrameworkOffHeap:     {Key: "taskmanager.memory.framework.off-heap.size", Group: GroupOffHeap, Summary: "direct memory reserved for Flink itself"},
	TMTaskOffHeap:          {Key: "taskmanager.memory.task.off-heap.size", Group: GroupOffHeap, Summary: "direct memory for user code"},
	TMNetworkMin:           {Key: "taskmanager.memory.network.min", Deprecated: []string{"taskmanager.network.memory.min"}, Group: GroupNetwork, Summary: "lower bound of network memory"},
	TMNetworkMax:           {Key: "taskmanager.memory.network.max", Deprecated: []string{"taskmanager.network.memory.max"}, Group: GroupNetwork, Summary: "upper bound of network memory"},
	TMNetworkFraction:      {Key: "taskmanager.memory.network.fraction", Deprecated: []string{"taskmanager.network.memory.fraction"}, Type: TypeFraction, Group: GroupNetwork, Summary: "network memory as a share of total Flink memory"},
	TMMetaspace:            {Key: "taskmanager.memory.jvm-metaspace.size", Group: GroupJVM, Summary: "JVM metaspace limit (class metadata)"},
	TMOverheadMin:          {Key: "taskmanager.memory.jvm-overhead.min", Group: GroupJVM, Summary: "lower bound of JVM overhead"},
	TMOverheadMax:          {Key: "taskmanager.memory.jvm-overhead.max", Group: GroupJVM, Summary: "upper bound of JVM overhead"},
	TMOverheadFraction:     {Key: "taskmanager.memory.jvm-overhead.fraction", Type: TypeFraction, Group: GroupJVM, Summary: "JVM overhead as a share of total process memory"},
	TMSegmentSize:          {Key: "taskmanager.memory.segment-size", Group: GroupNetwork, Summary: "size of one network buffer"},
	TMNumSlots:             {Key: "taskmanager.numberOfTaskSlots", Type: TypeInt, Group: GroupSlots, Summary: "task slots per TaskManager"},
	TMCPUCores:             {Key: "taskmanager.cpu.cores", Type: TypeDouble, Group: GroupSlots, Summary: "CPU cores of the TaskManager (default: one per slot)"},
	TMLegacyHeapSize:       {Key: "taskmanager.heap.size", Legacy: true, Group: GroupLegacy, Summary: "pre-1.10 heap size; read as total Flink memory (standalone) or total process memory (containers)"},
	TMLegacyHeapMB:         {Key: "taskmanager.heap.mb", Type: TypeInt, Legacy: true, Group: GroupLegacy, Summary: "pre-1.10 heap size in MiB; read like taskmanager.heap.size"},
	TMLegacyNetworkBuffers: {Key: "taskmanager.network.numberOfBuffers", Type: TypeInt, Legacy: true, Group: GroupLegacy, Summary: "pre-1.10 network buffer count; network memory = buffers × segment size"},

	JMProcessSize:       {Key: "jobmanager.memory.process.size", Role: JobManager, Group: GroupTotals, Since: Line1_11, Summary: "total process memory: the container or pod size"},
	JMFlinkSize:         {Key: "jobmanager.memory.flink.size", Role: JobManager, Group: GroupTotals, Since: Line1_11, Summary: "total Flink memory: JVM heap plus off-heap"},
	JMHeap:              {Key: "jobmanager.memory.heap.size", Role: JobManager, Group: GroupHeap, Since: Line1_11, Summary: "JVM heap of the JobManager"},
	JMOffHeap:           {Key: "jobmanager.memory.off-heap.size", Role: JobManager, Group: GroupOffHeap, Since: Line1_11, Summary: "direct and native memory of the JobManager"},
	JMMetaspace:         {Key: "jobmanager.memory.jvm-metaspace.size", Role: JobManager, Group: GroupJVM, Since: Line1_11, Summary: "JVM metaspace limit (class metadata)"},
	JMOverheadMin:       {Key: "jobmanager.memory.jvm-overhead.min", Role: JobManager, Group: GroupJVM, Since: Line1_11, Summary: "lower bound of JVM overhead"},
	JMOverheadMax:       {Key: "jobmanager.memory.jvm-overhead.max", Role: JobManager, Group: GroupJVM, Since: Line1_11, Summary: "upper bound of JVM overhead"},
	JMOverheadFraction:  {Key: "jobmanager.memory.jvm-overhead.fraction", Role: JobManager, Type: TypeFraction, Group: GroupJVM, Since: Line1_11, Summary: "JVM overhead as a share of total process memory"},
	JMDirectMemoryLimit: {Key: "jobmanager.memory.enable-jvm-direct-memory-limit", Role: JobManager, Type: TypeBool, Group: GroupOffHeap, Since: Line1_11, Summary: "also cap direct memory with -XX:MaxDirectMemorySize"},
	JMLegacyHeapSize:    {Key: "jobmanager.heap.size", Role: JobManager, Legacy: true, Group: GroupLegacy, Since: Line1_11, Summary: "pre-1.11 heap size; read as JVM heap (standalone) or total process memory (containers)"},
	JMLegacyHeapMB:      {Key: "jobmanager.heap.mb", Role: JobManager, Type: TypeInt, Legacy: true, Group: GroupLegacy, Since: Line1_11, Summary: "pre-1.11 heap size in MiB; read like jobmanager.heap.size"},
}

// LookupOption returns the description of an option.
func LookupOption(id OptionID) Option {
	if id >= numOptions {
		return Option{ID: id}
	}
	o := options[id]
	o.ID = id
	return o
}

// OptionByKey finds an option by its key or one of its deprecated keys.
func OptionByKey(key string) (Option, bool) {
	for i := range options {
		o := &options[i]
		if o.Key == key {
			return LookupOption(OptionID(i)), true
		}
		for _, d := range o.Deprecated {
			if d == key {
				return LookupOption(OptionID(i)), true
			}
		}
	}
	return Option{}, false
}

// Options lists the options a line reads for a role, in display order.
// Legacy options are included only for lines that still read them.
func Options(role Role, line Line) []Option {
	var out []Option
	for i := range options {
		o := LookupOption(OptionID(i))
		if o.Role != role || line < o.Since.First() {
			continue
		}
		if o.Legacy && !line.ReadsLegacyKeys() {
			continue
		}
		out = append(out, o)
	}
	return out
}

// Default returns the option's default for a line as Flink's code declares
// it, and false when the option has no default (it is then unset).
func Default(id OptionID, line Line) (string, bool) {
	switch id {
	case TMFrameworkHeap, TMFrameworkOffHeap:
		return "128m", true
	case TMTaskOffHeap:
		return "0b", true
	case TMManagedFraction:
		return "0.4", true
	case TMNetworkMin:
		return "64m", true
	case TMNetworkMax:
		if line.NetworkMaxUnlimited() {
			return MaxMemorySize.FlinkBytes(), true
		}
		return "1g", true
	case TMNetworkFraction, TMOverheadFraction, JMOverheadFraction:
		return "0.1", true
	case TMMetaspace:
		if line == Line1_10_0 {
			return "96m", true
		}
		return "256m", true
	case JMMetaspace:
		return "256m", true
	case TMOverheadMin, JMOverheadMin:
		return "192m", true
	case TMOverheadMax, JMOverheadMax:
		return "1g", true
	case TMSegmentSize:
		return "32k", true
	case TMNumSlots:
		return "1", true
	case JMOffHeap:
		return "128m", true
	case JMDirectMemoryLimit:
		return "false", true
	case TMLegacyNetworkBuffers:
		return "2048", true
	}
	return "", false
}
