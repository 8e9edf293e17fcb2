// Package diagnose turns evidence of a memory problem — an exception, a
// log, a killed container — into the limit that was hit, the components
// of the user's own configuration that make it, and verified fixes. It
// also reads sizes back from Flink's logs and REST responses, analyses the
// JVM options a user adds, and estimates what JVM overhead must cover.
//
// The package depends only on the standard library and memmodel, so the
// CLI, the explorer and the explain texts all read the same table.
package diagnose

import "github.com/flinkmem/flinkmem/memmodel"

// Symptom is a stable id of one kind of memory problem; the JSON output
// and scripts match on it.
type Symptom string

// The symptoms the knowledge table knows.
const (
	HeapOOM              Symptom = "heap-oom"
	GCOverhead           Symptom = "gc-overhead"
	ArraySize            Symptom = "array-size"
	DirectOOM            Symptom = "direct-oom"
	MetaspaceOOM         Symptom = "metaspace-oom"
	NetworkBuffers       Symptom = "network-buffers"
	NetworkSegments      Symptom = "network-segments"
	ManagedMemory        Symptom = "managed-memory"
	ContainerKilled      Symptom = "container-killed"
	VmemKilled           Symptom = "vmem-killed"
	NativeThread         Symptom = "native-thread"
	IllegalConfiguration Symptom = "illegal-configuration"
)

// Limit names the bound a symptom hits.
type Limit uint8

// Limits.
const (
	LimitNone Limit = iota
	// LimitHeap is -Xmx: framework + task heap (JobManager: its heap).
	LimitHeap
	// LimitDirect is -XX:MaxDirectMemorySize: framework off-heap + task
	// off-heap + network (JobManager: its off-heap).
	LimitDirect
	// LimitMetaspace is -XX:MaxMetaspaceSize.
	LimitMetaspace
	// LimitNetwork is the network memory: the buffer pool.
	LimitNetwork
	// LimitManaged is managed memory, shared by the slots.
	LimitManaged
	// LimitProcess is the container: everything the process touches.
	LimitProcess
)

// Entry is one row of the knowledge table.
type Entry struct {
	Symptom Symptom
	// Title names the symptom in a few words.
	Title string
	Limit Limit
	// Keys are the options that move the limit, most direct first, per
	// role (index by memmodel.Role).
	Keys [2][]string
	// Metric is the metric to watch.
	Metric [2]string
	// Advice holds answers outside the memory model, in our words;
	// JMAdvice replaces it for the JobManager where the answer differs.
	Advice   []string
	JMAdvice []string
	// TaskManagerOnly marks symptoms that only a TaskManager has.
	TaskManagerOnly bool
}

// What several rows, or both roles of a row, share is written once.
const (
	directLeakAdvice = "If the error returns after each increase, look for a direct-memory leak in user code or a dependency."
	heapLeakAdvice   = "A heap that fills again after every increase is a leak; take a heap dump (-XX:+HeapDumpOnOutOfMemoryError)."
)

// heapKeys are the options that move either heap limit.
var heapKeys = [2][]string{{"taskmanager.memory.task.heap.size", "taskmanager.memory.process.size"}, {"jobmanager.memory.heap.size", "jobmanager.memory.process.size"}}

// both is a value the TaskManager and the JobManager share.
func both[T any](v T) [2]T { return [2]T{v, v} }

// Table is the knowledge table, most specific symptoms first: when one
// piece of evidence matches several rows, findings follow this order.
var Table = []Entry{
	{Symptom: NetworkSegments, Title: "network buffer pool could not be allocated", Limit: LimitDirect, TaskManagerOnly: true,
		Keys: [2][]string{{"taskmanager.memory.network.min", "taskmanager.memory.network.max", "taskmanager.memory.network.fraction"}},
		Advice: []string{
			"Flink plans -XX:MaxDirectMemorySize to hold the whole network pool, so this error means the JVM's direct limit is lower than what Flink planned: usually a -XX:MaxDirectMemorySize in env.java.opts(.all/.taskmanager) or FLINK_ENV_JAVA_OPTS overrides Flink's; remove it.",
			"In a local or embedded run (MiniCluster, IDE, tests) the memory model does not size the JVM; set taskmanager.memory.network.min/max small enough for the JVM you start, or give that JVM more direct memory.",
		}},
	{Symptom: NetworkBuffers, Title: "not enough network buffers", Limit: LimitNetwork, TaskManagerOnly: true,
		Keys:   [2][]string{{"taskmanager.memory.network.min", "taskmanager.memory.network.max", "taskmanager.memory.network.fraction", "taskmanager.memory.segment-size"}},
		Metric: [2]string{"Status.Shuffle.Netty.AvailableMemorySegments / Status.Shuffle.Netty.TotalMemorySegments"},
		Advice: []string{
			"The buffers a task needs grow with its parallelism (channels) and the number of exchanges; fewer slots per TaskManager or a lower parallelism also lowers the need.",
			"More network memory does not cure backpressure; it only adds data in flight. Buffer debloating is the tool for that.",
		}},
	{Symptom: DirectOOM, Title: "JVM direct memory exhausted", Limit: LimitDirect,
		Keys: [2][]string{
			{"taskmanager.memory.task.off-heap.size", "taskmanager.memory.framework.off-heap.size"},
			{"jobmanager.memory.off-heap.size", "jobmanager.memory.enable-jvm-direct-memory-limit"}},
		Metric: both("Status.JVM.Memory.Direct.MemoryUsed / Status.JVM.Memory.Direct.TotalCapacity"),
		Advice: []string{
			"Task off-heap is for direct memory that user code and connectors allocate; raise framework off-heap only when Flink itself needs more unmanaged direct memory (very high parallelism).",
			directLeakAdvice,
		},
		JMAdvice: []string{
			"The JobManager limits direct memory only with jobmanager.memory.enable-jvm-direct-memory-limit: true; then jobmanager.memory.off-heap.size is the bound.",
			directLeakAdvice,
		}},
	{Symptom: MetaspaceOOM, Title: "JVM metaspace exhausted", Limit: LimitMetaspace,
		Keys:   [2][]string{{"taskmanager.memory.jvm-metaspace.size"}, {"jobmanager.memory.jvm-metaspace.size"}},
		Metric: both("Status.JVM.Memory.Metaspace.Used / Status.JVM.Memory.Metaspace.Max"),
		Advice: []string{
			"In a session cluster, metaspace that grows with every job submission is a class-loading leak (a thread, a static cache or a JDBC driver holding the user class loader), not a size problem; application mode or fixing the leak is the cure.",
		}},
	{Symptom: GCOverhead, Title: "garbage collection overhead limit", Limit: LimitHeap,
		Keys:   heapKeys,
		Metric: both("Status.JVM.Memory.Heap.Used / Status.JVM.Memory.Heap.Max"),
		Advice: []string{
			"The heap is almost full and the collector frees next to nothing: state on the heap (HashMap state backend), large windows or a leak. RocksDB moves keyed state off the heap.",
		},
		JMAdvice: []string{
			"The heap is almost full and the collector frees next to nothing: the job graph, the scheduler's state or retained checkpoint metadata outgrew it, or something leaks.",
		}},
	{Symptom: HeapOOM, Title: "JVM heap exhausted", Limit: LimitHeap,
		Keys:   heapKeys,
		Metric: both("Status.JVM.Memory.Heap.Used / Status.JVM.Memory.Heap.Max"),
		Advice: []string{
			"Raising managed memory does not help the heap: at a fixed size it shrinks the task heap. With the HashMap state backend in a streaming job managed memory is unused, and lowering taskmanager.memory.managed.fraction gives the heap room.",
			heapLeakAdvice,
		},
		JMAdvice: []string{
			"The JobManager's heap holds the job graph, the scheduler's state and checkpoint metadata: very high parallelism, large objects in the job graph or many retained checkpoints grow it.",
			heapLeakAdvice,
		}},
	{Symptom: ArraySize, Title: "array larger than the JVM allows",
		Advice: []string{
			"This is the JVM's maximum array length, not a memory size: a bigger heap never helps. Some code builds one enormous array (a huge record, a collection or a serialized buffer); split the data instead.",
		}},
	{Symptom: ManagedMemory, Title: "managed memory of the slot exhausted", Limit: LimitManaged, TaskManagerOnly: true,
		Keys:   [2][]string{{"taskmanager.memory.managed.size", "taskmanager.memory.managed.fraction", "taskmanager.memory.managed.consumer-weights", "taskmanager.numberOfTaskSlots"}},
		Metric: [2]string{"Status.Flink.Memory.Managed.Used / Status.Flink.Memory.Managed.Total"},
		Advice: []string{
			"Each slot gets an equal part of managed memory, split between consumers (operators, state backend, Python) by taskmanager.memory.managed.consumer-weights; fewer slots per TaskManager give each slot more.",
			"Managed memory reserved in full is normal with RocksDB; only a failed allocation is a problem.",
		}},
	{Symptom: VmemKilled, Title: "YARN virtual memory check killed the container",
		Keys: both([]string{"yarn.nodemanager.vmem-check-enabled", "yarn.nodemanager.vmem-pmem-ratio"}),
		Advice: []string{
			"Virtual memory is address space, not memory in use; a JVM reserves far more than it touches. This is a YARN NodeManager setting (yarn-site.xml): disable yarn.nodemanager.vmem-check-enabled or raise yarn.nodemanager.vmem-pmem-ratio. No Flink memory size changes it.",
		}},
	{Symptom: ContainerKilled, Title: "container killed for exceeding its memory limit", Limit: LimitProcess,
		Keys: [2][]string{
			{"taskmanager.memory.jvm-overhead.min", "taskmanager.memory.jvm-overhead.max", "taskmanager.memory.jvm-overhead.fraction", "taskmanager.memory.process.size"},
			{"jobmanager.memory.jvm-overhead.min", "jobmanager.memory.jvm-overhead.max", "jobmanager.memory.jvm-overhead.fraction", "jobmanager.memory.process.size"}},
		Metric: both("container RSS (cgroup memory usage) against the container limit"),
		Advice: []string{
			"The JVM limits hold; the process grew outside them: thread stacks, code cache, GC structures, glibc malloc arenas, or RocksDB when its memory is not bounded by managed memory. JVM overhead is the budget for all of that.",
			"With RocksDB keep state.backend.rocksdb.memory.managed: true so that it stays inside managed memory.",
			"For glibc arena growth set MALLOC_ARENA_MAX=1 (containerized.taskmanager.env.MALLOC_ARENA_MAX on YARN and native Kubernetes, the pod environment otherwise); Flink's official image uses jemalloc since 1.12, where the variable does nothing.",
			"The container limit itself must be at least the process size.",
		}},
	{Symptom: NativeThread, Title: "no native thread could be created",
		Keys: [2][]string{{"taskmanager.memory.jvm-overhead.min", "taskmanager.memory.jvm-overhead.max"}, {"jobmanager.memory.jvm-overhead.min", "jobmanager.memory.jvm-overhead.max"}},
		Advice: []string{
			"Usually an OS limit, not a Flink size: the user's process limit (ulimit -u) or the pod's pid limit. Count the threads (jstack) — a thread leak in user code or a connector is common.",
			"Thread stacks are native memory inside JVM overhead, never heap; lowering -Xss is a last resort.",
		}},
	{Symptom: IllegalConfiguration, Title: "Flink refused the memory configuration"},
}

// Lookup returns the table entry of a symptom.
func Lookup(s Symptom) (Entry, bool) {
	for _, e := range Table {
		if e.Symptom == s {
			return e, true
		}
	}
	return Entry{}, false
}

// rank is the position of a symptom in Table; findings sort by it.
func rank(s Symptom) int {
	for i, e := range Table {
		if e.Symptom == s {
			return i
		}
	}
	return len(Table)
}

// ComponentHelp is what the explain panel says about a component.
type ComponentHelp struct {
	// Uses says what lives in the component.
	Uses string
	// TooSmall is the error seen when it is too small.
	TooSmall string
	// Symptom is the matching knowledge-table row ("" when none).
	Symptom Symptom
	// Metric is the metric to watch.
	Metric string
}

// componentHelp holds the explain texts of each component.
var componentHelp = map[memmodel.Component]ComponentHelp{
	memmodel.FrameworkHeap: {"Flink's own objects on the heap: the RPC system, the task executor, checkpoint coordination.",
		"OutOfMemoryError: Java heap space", HeapOOM, "Status.JVM.Memory.Heap.Used"},
	memmodel.TaskHeap: {"User code and operators on the heap; keyed state with the HashMap state backend.",
		"OutOfMemoryError: Java heap space, or GC overhead limit exceeded", HeapOOM, "Status.JVM.Memory.Heap.Used"},
	memmodel.JobManagerHeap: {"The job graph, the scheduler, checkpoint metadata and, in application mode, the user's main method.",
		"OutOfMemoryError: Java heap space", HeapOOM, "Status.JVM.Memory.Heap.Used"},
	memmodel.Managed: {"Native memory Flink hands out per slot: RocksDB's block cache and write buffers, batch sorting and hashing, Python workers.",
		"MemoryAllocationException: Could not allocate N pages", ManagedMemory, "Status.Flink.Memory.Managed.Used"},
	memmodel.FrameworkOffHeap: {"Direct memory Flink itself uses outside the network pool (Netty, at very high parallelism).",
		"OutOfMemoryError: Direct buffer memory", DirectOOM, "Status.JVM.Memory.Direct.MemoryUsed"},
	memmodel.TaskOffHeap: {"Direct and native memory that user code and connectors allocate (Kafka, file systems, compression libraries).",
		"OutOfMemoryError: Direct buffer memory", DirectOOM, "Status.JVM.Memory.Direct.MemoryUsed"},
	memmodel.JobManagerOffHeap: {"Direct and native memory that user code and connectors allocate (Kafka, file systems, compression libraries).",
		"OutOfMemoryError: Direct buffer memory", DirectOOM, "Status.JVM.Memory.Direct.MemoryUsed"},
	memmodel.Network: {"The network buffer pool: buffers of taskmanager.memory.segment-size for data exchanged between tasks.",
		"IOException: Insufficient number of network buffers", NetworkBuffers, "Status.Shuffle.Netty.AvailableMemorySegments"},
	memmodel.Metaspace: {"Class metadata of Flink, the job and its dependencies.",
		"OutOfMemoryError: Metaspace", MetaspaceOOM, "Status.JVM.Memory.Metaspace.Used"},
	memmodel.Overhead: {"Native memory outside the JVM limits: thread stacks, code cache, GC structures, malloc arenas.",
		"the container is killed (OOMKilled, exit code 137, YARN: beyond physical memory limits)", ContainerKilled, "container RSS against its limit"},
}

// Help returns the explain texts of a component.
func Help(c memmodel.Component) ComponentHelp { return componentHelp[c] }
