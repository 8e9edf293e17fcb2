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

// Aspect is what an option says about the component it belongs to.
type Aspect uint8

// Option aspects. Every option has one; the zero value is not used.
const (
	// AspectSize sets the component's size.
	AspectSize Aspect = iota + 1
	// AspectFraction derives the component as a share of a base.
	AspectFraction
	// AspectMin and AspectMax bound what a fraction derives.
	AspectMin
	AspectMax
	// AspectTotal sets a total (process, Flink memory, or through a legacy
	// heap key one of them) rather than one component.
	AspectTotal
	// AspectShape shapes a component without sizing it (the network
	// buffer size, the JobManager's direct memory limit).
	AspectShape
	// AspectCount is a count that sizes no memory (slots, CPU cores).
	AspectCount
)

// Option describes one configuration option: everything the tool knows
// about it is declared once, in the options table below.
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
	// Component is the memory component the option decides; it means
	// something only when Aspect is Size, Fraction, Min, Max or Shape.
	Component Component
	// Aspect says how the option decides its component.
	Aspect Aspect
	// Since is the first line that reads the option, Until the last.
	Since, Until Line
	// Summary says in a few words what the option sets.
	Summary string

	// defaults lists the option's default from each line on where it
	// changed, oldest first; nil when the option has no default.
	defaults []lineDefault
	// shipped lists, the same way, the value a fresh Flink setup starts
	// from (see Shipped).
	shipped []lineDefault
}

// lineDefault is an option's default from a line on.
type lineDefault struct {
	from  Line
	value string
}

// always is a default that no line changed.
func always(v string) []lineDefault { return []lineDefault{{Line1_10_0, v}} }

// HasComponent reports whether the option decides one memory component.
func (o Option) HasComponent() bool {
	switch o.Aspect {
	case AspectSize, AspectFraction, AspectMin, AspectMax, AspectShape:
		return true
	}
	return false
}

// ReadBy reports whether a line reads the option.
func (o Option) ReadBy(line Line) bool { return line >= o.Since && line <= o.Until }

// The options table: one entry per option Flink's memory model reads.
var options = [numOptions]Option{
	TMProcessSize: {Key: "taskmanager.memory.process.size", Group: GroupTotals, Aspect: AspectTotal,
		shipped: []lineDefault{{Line1_10_0, "1568m"}, {Line1_10, "1728m"}},
		Summary: "total process memory: the container or pod size"},
	TMFlinkSize: {Key: "taskmanager.memory.flink.size", Group: GroupTotals, Aspect: AspectTotal, shipped: always("1280m"),
		Summary: "total Flink memory: everything except JVM metaspace and overhead"},
	TMFrameworkHeap: {Key: "taskmanager.memory.framework.heap.size", Group: GroupHeap, Component: FrameworkHeap, Aspect: AspectSize,
		defaults: always("128m"), Summary: "JVM heap reserved for Flink itself"},
	TMTaskHeap: {Key: "taskmanager.memory.task.heap.size", Group: GroupHeap, Component: TaskHeap, Aspect: AspectSize,
		Summary: "JVM heap for user code and heap state"},
	TMManagedSize: {Key: "taskmanager.memory.managed.size", Deprecated: []string{"taskmanager.memory.size"}, Group: GroupManaged,
		Component: Managed, Aspect: AspectSize, Summary: "native memory for RocksDB, batch sort/hash and Python"},
	TMManagedFraction: {Key: "taskmanager.memory.managed.fraction", Type: TypeFraction, Group: GroupManaged,
		Component: Managed, Aspect: AspectFraction, defaults: always("0.4"), Summary: "managed memory as a share of total Flink memory"},
	TMFrameworkOffHeap: {Key: "taskmanager.memory.framework.off-heap.size", Group: GroupOffHeap, Component: FrameworkOffHeap, Aspect: AspectSize,
		defaults: always("128m"), Summary: "direct memory reserved for Flink itself"},
	TMTaskOffHeap: {Key: "taskmanager.memory.task.off-heap.size", Group: GroupOffHeap, Component: TaskOffHeap, Aspect: AspectSize,
		defaults: always("0b"), Summary: "direct memory for user code"},
	TMNetworkMin: {Key: "taskmanager.memory.network.min", Deprecated: []string{"taskmanager.network.memory.min"}, Group: GroupNetwork,
		Component: Network, Aspect: AspectMin, defaults: always("64m"), Summary: "lower bound of network memory"},
	// 1.17 lifted the network cap: the max defaults to the largest size.
	TMNetworkMax: {Key: "taskmanager.memory.network.max", Deprecated: []string{"taskmanager.network.memory.max"}, Group: GroupNetwork,
		Component: Network, Aspect: AspectMax, defaults: []lineDefault{{Line1_10_0, "1g"}, {Line1_17, MaxMemorySize.FlinkBytes()}},
		Summary: "upper bound of network memory"},
	TMNetworkFraction: {Key: "taskmanager.memory.network.fraction", Deprecated: []string{"taskmanager.network.memory.fraction"}, Type: TypeFraction,
		Group: GroupNetwork, Component: Network, Aspect: AspectFraction, defaults: always("0.1"), Summary: "network memory as a share of total Flink memory"},
	// 1.10.0 shipped a 96m metaspace, which proved too small; 1.10.1 raised it.
	TMMetaspace: {Key: "taskmanager.memory.jvm-metaspace.size", Group: GroupJVM, Component: Metaspace, Aspect: AspectSize,
		defaults: []lineDefault{{Line1_10_0, "96m"}, {Line1_10, "256m"}}, Summary: "JVM metaspace limit (class metadata)"},
	TMOverheadMin: {Key: "taskmanager.memory.jvm-overhead.min", Group: GroupJVM, Component: Overhead, Aspect: AspectMin,
		defaults: always("192m"), Summary: "lower bound of JVM overhead"},
	TMOverheadMax: {Key: "taskmanager.memory.jvm-overhead.max", Group: GroupJVM, Component: Overhead, Aspect: AspectMax,
		defaults: always("1g"), Summary: "upper bound of JVM overhead"},
	TMOverheadFraction: {Key: "taskmanager.memory.jvm-overhead.fraction", Type: TypeFraction, Group: GroupJVM, Component: Overhead, Aspect: AspectFraction,
		defaults: always("0.1"), Summary: "JVM overhead as a share of total process memory"},
	TMSegmentSize: {Key: "taskmanager.memory.segment-size", Group: GroupNetwork, Component: Network, Aspect: AspectShape,
		defaults: always("32k"), Summary: "size of one network buffer"},
	TMNumSlots: {Key: "taskmanager.numberOfTaskSlots", Type: TypeInt, Group: GroupSlots, Aspect: AspectCount,
		defaults: always("1"), shipped: always("1"), Summary: "task slots per TaskManager"},
	TMCPUCores: {Key: "taskmanager.cpu.cores", Type: TypeDouble, Group: GroupSlots, Aspect: AspectCount,
		Summary: "CPU cores of the TaskManager (default: one per slot)"},
	TMLegacyHeapSize: {Key: "taskmanager.heap.size", Legacy: true, Group: GroupLegacy, Aspect: AspectTotal, Until: Line1_20,
		Summary: "pre-1.10 heap size; read as total Flink memory (standalone) or total process memory (containers)"},
	TMLegacyHeapMB: {Key: "taskmanager.heap.mb", Type: TypeInt, Legacy: true, Group: GroupLegacy, Aspect: AspectTotal, Until: Line1_20,
		Summary: "pre-1.10 heap size in MiB; read like taskmanager.heap.size"},
	TMLegacyNetworkBuffers: {Key: "taskmanager.network.numberOfBuffers", Type: TypeInt, Legacy: true, Group: GroupLegacy,
		Component: Network, Aspect: AspectSize, Until: Line1_20, defaults: always("2048"),
		Summary: "pre-1.10 network buffer count; network memory = buffers × segment size"},

	JMProcessSize: {Key: "jobmanager.memory.process.size", Role: JobManager, Group: GroupTotals, Aspect: AspectTotal, Since: Line1_11, shipped: always("1600m"),
		Summary: "total process memory: the container or pod size"},
	JMFlinkSize: {Key: "jobmanager.memory.flink.size", Role: JobManager, Group: GroupTotals, Aspect: AspectTotal, Since: Line1_11, shipped: always("1152m"),
		Summary: "total Flink memory: JVM heap plus off-heap"},
	JMHeap: {Key: "jobmanager.memory.heap.size", Role: JobManager, Group: GroupHeap, Component: JobManagerHeap, Aspect: AspectSize, Since: Line1_11,
		Summary: "JVM heap of the JobManager"},
	JMOffHeap: {Key: "jobmanager.memory.off-heap.size", Role: JobManager, Group: GroupOffHeap, Component: JobManagerOffHeap, Aspect: AspectSize, Since: Line1_11,
		defaults: always("128m"), Summary: "direct and native memory of the JobManager"},
	JMMetaspace: {Key: "jobmanager.memory.jvm-metaspace.size", Role: JobManager, Group: GroupJVM, Component: Metaspace, Aspect: AspectSize, Since: Line1_11,
		defaults: always("256m"), Summary: "JVM metaspace limit (class metadata)"},
	JMOverheadMin: {Key: "jobmanager.memory.jvm-overhead.min", Role: JobManager, Group: GroupJVM, Component: Overhead, Aspect: AspectMin, Since: Line1_11,
		defaults: always("192m"), Summary: "lower bound of JVM overhead"},
	JMOverheadMax: {Key: "jobmanager.memory.jvm-overhead.max", Role: JobManager, Group: GroupJVM, Component: Overhead, Aspect: AspectMax, Since: Line1_11,
		defaults: always("1g"), Summary: "upper bound of JVM overhead"},
	JMOverheadFraction: {Key: "jobmanager.memory.jvm-overhead.fraction", Role: JobManager, Type: TypeFraction, Group: GroupJVM, Component: Overhead,
		Aspect: AspectFraction, Since: Line1_11, defaults: always("0.1"), Summary: "JVM overhead as a share of total process memory"},
	JMDirectMemoryLimit: {Key: "jobmanager.memory.enable-jvm-direct-memory-limit", Role: JobManager, Type: TypeBool, Group: GroupOffHeap,
		Component: JobManagerOffHeap, Aspect: AspectShape, Since: Line1_11, defaults: always("false"),
		Summary: "also cap direct memory with -XX:MaxDirectMemorySize"},
	JMLegacyHeapSize: {Key: "jobmanager.heap.size", Role: JobManager, Legacy: true, Group: GroupLegacy, Aspect: AspectTotal, Since: Line1_11, Until: Line1_20,
		Summary: "pre-1.11 heap size; read as JVM heap (standalone) or total process memory (containers)"},
	JMLegacyHeapMB: {Key: "jobmanager.heap.mb", Role: JobManager, Type: TypeInt, Legacy: true, Group: GroupLegacy, Aspect: AspectTotal, Since: Line1_11, Until: Line1_20,
		Summary: "pre-1.11 heap size in MiB; read like jobmanager.heap.size"},
}

// keyIndex finds an option by any key it is read under; parsed defaults
// are worked out once so that Resolve reads them without parsing.
var (
	keyIndex        = make(map[string]keyEntry, 2*numOptions)
	defaultSizes    [numOptions][numLines]MemorySize
	defaultNumbers  [numOptions][numLines]float64
	defaultIntegers [numOptions][numLines]int32
)

// keyEntry is what a key names: an option, under its current key or a
// deprecated one.
type keyEntry struct {
	id         OptionID
	deprecated bool
}

func init() {
	for i := range options {
		o := &options[i]
		o.ID = OptionID(i)
		if o.Until == 0 {
			o.Until = LatestLine
		}
		// The table names lines; a line covers all its patch releases.
		o.Since, o.Until = o.Since.First(), o.Until.Last()
		keyIndex[o.Key] = keyEntry{id: o.ID}
		for _, d := range o.Deprecated {
			keyIndex[d] = keyEntry{id: o.ID, deprecated: true}
		}
		for line := Line(0); line < numLines; line++ {
			def, ok := Default(o.ID, line)
			if !ok {
				continue
			}
			switch o.Type {
			case TypeSize:
				defaultSizes[i][line], _ = parseMemorySize(def)
			case TypeFraction:
				defaultNumbers[i][line], _ = parseJavaNumber(def, 32)
			case TypeDouble:
				defaultNumbers[i][line], _ = parseJavaNumber(def, 64)
			case TypeInt:
				defaultIntegers[i][line], _ = parseJavaInt(def)
			}
		}
	}
}

// optionForKey maps a configuration key to the option it sets for a
// line; ok is false for keys the line does not read.
func optionForKey(k string, line Line) (id OptionID, deprecated bool, ok bool) {
	e, found := keyIndex[k]
	if !found || !options[e.id].ReadBy(line) {
		return 0, false, false
	}
	return e.id, e.deprecated, true
}

// ComponentOf returns the component an option decides, and false for
// options that set a total or no memory at all (slots, CPU cores).
func ComponentOf(id OptionID) (Component, bool) {
	if id >= numOptions || !options[id].HasComponent() {
		return 0, false
	}
	return options[id].Component, true
}

// OptionsFor lists the current (not legacy) options that size, derive or
// bound a component of a role, in table order: its size, its fraction,
// the fraction's min and max.
func OptionsFor(role Role, c Component) []OptionID {
	var out []OptionID
	for i := range options {
		o := &options[i]
		if o.Role != role || o.Component != c || o.Legacy {
			continue
		}
		switch o.Aspect {
		case AspectSize, AspectFraction, AspectMin, AspectMax:
			out = append(out, o.ID)
		}
	}
	return out
}

// SizingOption returns the option that sets a component of a role most
// directly: its size option, else its fraction.
func SizingOption(role Role, c Component) (OptionID, bool) {
	ids := OptionsFor(role, c)
	for _, want := range [2]Aspect{AspectSize, AspectFraction} {
		for _, id := range ids {
			if options[id].Aspect == want {
				return id, true
			}
		}
	}
	return 0, false
}

// LookupOption returns the description of an option.
func LookupOption(id OptionID) Option {
	if id >= numOptions {
		return Option{ID: id}
	}
	return options[id]
}

// OptionByKey finds an option by its key or one of its deprecated keys.
func OptionByKey(key string) (Option, bool) {
	e, ok := keyIndex[key]
	if !ok {
		return Option{}, false
	}
	return options[e.id], true
}

// Options lists the options a line reads for a role, in display order.
func Options(role Role, line Line) []Option {
	var out []Option
	for i := range options {
		if o := options[i]; o.Role == role && o.ReadBy(line) {
			out = append(out, o)
		}
	}
	return out
}

// Shipped returns the value a fresh Flink setup of a line starts from:
// what the configuration file shipped with Flink sets or suggests in a
// comment (taskmanager.memory.flink.size), or what the shipped process
// size leaves for it (jobmanager.memory.flink.size); false for options the
// file leaves to their default.
func Shipped(id OptionID, line Line) (string, bool) {
	if id >= numOptions {
		return "", false
	}
	return valueOn(options[id].shipped, line)
}

// valueOn is the value a per-line list gives a line.
func valueOn(ds []lineDefault, line Line) (string, bool) {
	if len(ds) == 0 {
		return "", false
	}
	v := ds[0].value
	for _, d := range ds[1:] {
		if line >= d.from {
			v = d.value
		}
	}
	return v, true
}

// Default returns the option's default for a line as Flink's code declares
// it, and false when the option has no default (it is then unset). For a
// line older than the option, it is the default the option first had.
func Default(id OptionID, line Line) (string, bool) {
	if id >= numOptions {
		return "", false
	}
	return valueOn(options[id].defaults, line)
}
