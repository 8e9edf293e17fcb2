package memmodel

// Role is the Flink process being sized.
type Role uint8

// The two Flink processes with a memory model.
const (
	TaskManager Role = iota
	JobManager
)

// roleNames holds each role's name as the JSON output and the conformance
// vectors write it, and as people read it.
var roleNames = [2]struct{ id, title string }{{"taskmanager", "TaskManager"}, {"jobmanager", "JobManager"}}

// String returns "taskmanager" or "jobmanager", the names the JSON output
// and the conformance vectors use.
func (r Role) String() string { return roleNames[r.index()].id }

// Title returns "TaskManager" or "JobManager".
func (r Role) Title() string { return roleNames[r.index()].title }

// index is 1 for the JobManager and 0 for any other role: where the role's
// entry stands in the per-role tables (roleNames, modeNames,
// roleProcessOptions).
func (r Role) index() int {
	if r == JobManager {
		return 1
	}
	return 0
}

// Deployment decides what a legacy heap key (taskmanager.heap.size,
// jobmanager.heap.size and their .mb forms) means.
type Deployment uint8

// Deployments.
const (
	// Standalone: the legacy key is total Flink memory (TaskManager) or the
	// JVM heap (JobManager).
	Standalone Deployment = iota
	// Container (YARN, native Kubernetes): the legacy key is the total
	// process memory, i.e. the container size.
	Container
)

// String returns "standalone" or "container".
func (d Deployment) String() string {
	if d == Container {
		return "container"
	}
	return "standalone"
}

// Mode is how the resolver derived the layout: from which of the three
// option sets Flink accepts.
type Mode uint8

// Derivation modes, in Flink's order of precedence.
const (
	// ModeFineGrained: TaskManager task heap and managed size given (JobManager:
	// heap size given); totals are sums.
	ModeFineGrained Mode = iota
	// ModeTotalFlink: total Flink memory given; parts are carved out of it.
	ModeTotalFlink
	// ModeTotalProcess: total process memory given; metaspace and overhead
	// come off first.
	ModeTotalProcess
)

// modeName is a mode's name in the JSON output and its words for people.
type modeName struct{ name, describe string }

// modeNames holds each mode's names for the TaskManager and the JobManager,
// whose fine-grained mode is its heap size.
var modeNames = [...][2]modeName{
	ModeFineGrained:  {{"fine-grained", "task heap + managed size"}, {"heap", "JVM heap size"}},
	ModeTotalFlink:   {{"total-flink", "total Flink size"}, {"total-flink", "total Flink size"}},
	ModeTotalProcess: {{"total-process", "total process size"}, {"total-process", "total process size"}},
}

// names returns the mode's names for a role; an unknown mode reads as the
// total-process mode.
func (m Mode) names(role Role) modeName {
	if m > ModeTotalProcess {
		m = ModeTotalProcess
	}
	return modeNames[m][role.index()]
}

// Name returns the mode as the JSON output writes it: "fine-grained" (for a
// JobManager "heap"), "total-flink" or "total-process".
func (m Mode) Name(role Role) string { return m.names(role).name }

// Describe returns the mode for people ("total process size").
func (m Mode) Describe(role Role) string { return m.names(role).describe }

// Component is one slice of a process's memory.
type Component uint8

// Memory components. The TaskManager uses the first eight, the JobManager
// JobManagerHeap, JobManagerOffHeap, Metaspace and Overhead.
const (
	FrameworkHeap Component = iota
	TaskHeap
	Managed
	FrameworkOffHeap
	TaskOffHeap
	Network
	Metaspace
	Overhead
	JobManagerHeap
	JobManagerOffHeap
	numComponents
)

// NumComponents is the number of distinct components.
const NumComponents = int(numComponents)

var componentNames = [numComponents]string{
	"Framework heap", "Task heap", "Managed", "Framework off-heap", "Task off-heap",
	"Network", "JVM metaspace", "JVM overhead", "JVM heap", "Off-heap",
}

// String returns the component's display name ("Task heap").
func (c Component) String() string {
	if c < numComponents {
		return componentNames[c]
	}
	return "?"
}

// JSONName returns the field name the JSON output and the conformance
// vectors use ("task_heap", "jvm_metaspace").
func (c Component) JSONName() string {
	names := [numComponents]string{"framework_heap", "task_heap", "managed", "framework_off_heap",
		"task_off_heap", "network", "jvm_metaspace", "jvm_overhead", "jvm_heap", "off_heap"}
	if c < numComponents {
		return names[c]
	}
	return "?"
}

// Kind is the kind of memory a component is; the bar colours by kind.
type Kind uint8

// Memory kinds.
const (
	KindHeap Kind = iota
	KindManaged
	KindDirect
	KindNetwork
	KindMetaspace
	KindOverhead
)

// Kind returns the memory kind of the component.
func (c Component) Kind() Kind {
	switch c {
	case FrameworkHeap, TaskHeap, JobManagerHeap:
		return KindHeap
	case Managed:
		return KindManaged
	case Network:
		return KindNetwork
	case Metaspace:
		return KindMetaspace
	case Overhead:
		return KindOverhead
	}
	return KindDirect
}

var (
	tmComponents = []Component{FrameworkHeap, TaskHeap, Managed, FrameworkOffHeap, TaskOffHeap, Network, Metaspace, Overhead}
	jmComponents = []Component{JobManagerHeap, JobManagerOffHeap, Metaspace, Overhead}
)

// Components lists the components of a role in bar order. The slice is
// shared: do not modify it.
func Components(role Role) []Component {
	if role == JobManager {
		return jmComponents
	}
	return tmComponents
}

// Source says where a component's size came from.
type Source uint8

// Provenance sources.
const (
	// SourceDefault: the option was not set; its default applies.
	SourceDefault Source = iota
	// SourceExplicit: the option (or a deprecated or legacy key) was set.
	SourceExplicit
	// SourceFraction: a fraction of a base, possibly clamped to [min, max].
	SourceFraction
	// SourceRemainder: what is left of a total after the other parts.
	SourceRemainder
	// SourceLegacyBuffers: network = taskmanager.network.numberOfBuffers ×
	// segment size.
	SourceLegacyBuffers
)

// Base names the size a fraction was applied to.
type Base uint8

// Fraction bases.
const (
	BaseNone Base = iota
	// BaseTotalFlink: total Flink memory.
	BaseTotalFlink
	// BaseTotalProcess: total process memory.
	BaseTotalProcess
	// BaseFlinkWithoutNetwork: the other Flink components, scaled by f/(1−f).
	BaseFlinkWithoutNetwork
	// BaseFlinkPlusMetaspace: total Flink plus metaspace, scaled by f/(1−f).
	BaseFlinkPlusMetaspace
)

// String describes the base.
func (b Base) String() string {
	names := [...]string{"", "Total Flink", "Total Process", "Total Flink without network", "Total Flink + metaspace"}
	if int(b) < len(names) {
		return names[b]
	}
	return "?"
}

// Clamp says whether a fraction-derived size was moved to its bound.
type Clamp uint8

// Clamp outcomes.
const (
	ClampNone Clamp = iota
	ClampMin
	ClampMax
)

// Provenance records how one component's size was decided.
type Provenance struct {
	Source Source
	// Key is the option that set the size or the fraction; for a
	// deprecated or legacy key it is that key, as written in the config.
	Key string
	// Fraction, Base, BaseSize and Inverse describe a fraction derivation:
	// size = BaseSize × Fraction, or BaseSize × Fraction/(1−Fraction) when
	// Inverse.
	Fraction float64
	Base     Base
	BaseSize MemorySize
	Inverse  bool
	// Unclamped is the fraction's result before Clamp moved it to Min or Max.
	Unclamped MemorySize
	Clamp     Clamp
	Min, Max  MemorySize
	// Total is the total a remainder was taken from.
	Total MemorySize
}

const maxNotices = 12

// Layout is a resolved process: every component in bytes, the totals, the
// JVM limits Flink passes on the command line, and how each number came
// about. A Layout is a plain value; it holds no references to the input.
type Layout struct {
	Role       Role
	Line       Line
	Deployment Deployment
	Mode       Mode

	// Size holds each component's bytes; components of the other role are 0.
	Size [numComponents]MemorySize
	// Origin holds each component's provenance.
	Origin [numComponents]Provenance

	TotalFlink   MemorySize
	TotalProcess MemorySize

	// CPUCores is the TaskManager's CPU cores, already cut to 8 decimals as
	// Flink's CPUResource does.
	CPUCores float64
	// Slots is taskmanager.numberOfTaskSlots as configured (-1 included).
	Slots int
	// DirectMemoryLimit tells whether the JobManager gets
	// -XX:MaxDirectMemorySize.
	DirectMemoryLimit bool

	// badSlots is the raw slot count when the 1.10 resolver, which reads it
	// only for the slot profile, could not parse it.
	badSlots    string
	hasBadSlots bool

	notices  [maxNotices]Notice
	nNotices uint8
}

// JVMHeap is -Xmx/-Xms: framework heap + task heap (JobManager: its heap).
func (l *Layout) JVMHeap() MemorySize {
	if l.Role == JobManager {
		return l.Size[JobManagerHeap]
	}
	return l.Size[FrameworkHeap] + l.Size[TaskHeap]
}

// JVMDirect is -XX:MaxDirectMemorySize: framework off-heap + task off-heap +
// network (JobManager: its off-heap, passed only when the limit is enabled).
func (l *Layout) JVMDirect() MemorySize {
	if l.Role == JobManager {
		return l.Size[JobManagerOffHeap]
	}
	return l.Size[FrameworkOffHeap] + l.Size[TaskOffHeap] + l.Size[Network]
}

// JVMMetaspace is -XX:MaxMetaspaceSize.
func (l *Layout) JVMMetaspace() MemorySize { return l.Size[Metaspace] }

// Notices returns the non-fatal findings of the resolution, in the order
// they arose.
func (l *Layout) Notices() []Notice { return l.notices[:l.nNotices] }

func (l *Layout) addNotice(n Notice) {
	if int(l.nNotices) < maxNotices {
		l.notices[l.nNotices] = n
		l.nNotices++
	}
}
