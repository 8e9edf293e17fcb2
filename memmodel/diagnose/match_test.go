package diagnose

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Real wordings: Flink's own code (NetworkBufferPool, MemoryManager,
// TaskManagerExceptionUtils, ClusterEntryPointExceptionUtils), the JDK,
// YARN's NodeManager, Kubernetes and public issue reports.
var wordings = []struct {
	name    string
	line    string
	want    []Symptom
	role    RoleHint
	numbers map[string]int64
}{
	{"heap plain", `java.lang.OutOfMemoryError: Java heap space`, []Symptom{HeapOOM}, RoleUnknown, nil},
	{"heap in log", `2024-01-02 10:00:00,123 ERROR org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Fatal error occurred while executing the TaskManager. java.lang.OutOfMemoryError: Java heap space`, []Symptom{HeapOOM}, RoleTaskManager, nil},
	{"heap enriched jm", `java.lang.OutOfMemoryError: Java heap space. A heap space-related out-of-memory error has occurred. This can mean two things: either Flink Master requires a larger size of JVM heap space or there is a memory leak. In the first case, 'jobmanager.memory.heap.size' can be used to increase the amount of available heap memory.`, []Symptom{HeapOOM}, RoleJobManager, nil},
	{"heap caused by", `Caused by: java.lang.OutOfMemoryError: Java heap space`, []Symptom{HeapOOM}, RoleUnknown, nil},
	{"gc overhead", `java.lang.OutOfMemoryError: GC overhead limit exceeded`, []Symptom{GCOverhead}, RoleUnknown, nil},
	{"array size", `Exception in thread "main" java.lang.OutOfMemoryError: Requested array size exceeds VM limit`, []Symptom{ArraySize}, RoleUnknown, nil},
	{"direct plain jdk8", `java.lang.OutOfMemoryError: Direct buffer memory`, []Symptom{DirectOOM}, RoleUnknown, nil},
	{"direct enriched tm", `java.lang.OutOfMemoryError: Direct buffer memory. The direct out-of-memory error has occurred. This can mean two things: either job(s) require(s) a larger size of JVM direct memory or there is a direct memory leak. The direct memory can be allocated by user code or some of its dependencies. In this case 'taskmanager.memory.task.off-heap.size' configuration option should be increased.`, []Symptom{DirectOOM}, RoleTaskManager, nil},
	{"direct enriched jm", `java.lang.OutOfMemoryError: Direct buffer memory. The direct out-of-memory error has occurred. This can mean two things: either Flink Master requires a larger size of JVM direct memory or there is a direct memory leak.`, []Symptom{DirectOOM}, RoleJobManager, nil},
	{"direct jdk17 reserve", `java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory (allocated: 268435000, limit: 268435458)`, []Symptom{DirectOOM}, RoleUnknown,
		map[string]int64{"requested": 1048576, "allocated": 268435000, "limit": 268435458}},
	{"metaspace plain", `java.lang.OutOfMemoryError: Metaspace`, []Symptom{MetaspaceOOM}, RoleUnknown, nil},
	{"metaspace enriched tm", `java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. This can mean two things: either the job requires a larger size of JVM metaspace to load classes or there is a class loading leak. In the first case 'taskmanager.memory.jvm-metaspace.size' configuration option should be increased.`, []Symptom{MetaspaceOOM}, RoleTaskManager, nil},
	{"metaspace enriched jm", `java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. This can mean two things: either Flink Master requires a larger size of JVM metaspace to load classes or there is a class loading leak.`, []Symptom{MetaspaceOOM}, RoleJobManager, nil},
	{"network buffers current", `java.io.IOException: Insufficient number of network buffers: required 17, but only 0 available. The total number of network buffers is currently set to 2048 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'.`,
		[]Symptom{NetworkBuffers}, RoleTaskManager, map[string]int64{"required": 17, "available": 0, "total": 2048, "segment_size": 32768}},
	{"network buffers 1.x keys", `java.io.IOException: Insufficient number of network buffers: required 65, but only 32 available. The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.network.memory.fraction', 'taskmanager.network.memory.min', and 'taskmanager.network.memory.max'.`,
		[]Symptom{NetworkBuffers}, RoleTaskManager, map[string]int64{"required": 65, "available": 32, "total": 4096, "segment_size": 32768}},
	{"network buffers old", `java.io.IOException: Insufficient number of network buffers: required 120, but only 80 of 2048 available.`,
		[]Symptom{NetworkBuffers}, RoleTaskManager, map[string]int64{"required": 120, "available": 80, "total": 2048}},
	{"network timeout", `java.io.IOException: Timeout triggered when requesting exclusive buffers: The total number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by setting the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and 'taskmanager.memory.network.max',  or you may increase the timeout which is 30000ms by setting the key 'taskmanager.network.memory.exclusive-buffers-request-timeout-ms'.`,
		[]Symptom{NetworkBuffers}, RoleTaskManager, map[string]int64{"total": 4096, "segment_size": 32768}},
	{"segments MB", `java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (MB): 128, allocated (MB): 97, missing (MB): 31). Cause: Direct buffer memory`,
		[]Symptom{NetworkSegments, DirectOOM}, RoleTaskManager, map[string]int64{"required_mb": 128, "allocated_mb": 97, "missing_mb": 31}},
	{"segments Mb", `java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (Mb): 106, allocated (Mb): 97, missing (Mb): 9). Cause: Direct buffer memory`,
		[]Symptom{NetworkSegments, DirectOOM}, RoleTaskManager, map[string]int64{"required_mb": 106, "allocated_mb": 97, "missing_mb": 9}},
	{"managed pages", `org.apache.flink.runtime.memory.MemoryAllocationException: Could not allocate 512 pages. Only 128 pages are remaining.`,
		[]Symptom{ManagedMemory}, RoleTaskManager, map[string]int64{"pages": 512, "remaining_pages": 128}},
	{"managed pages bare", `Caused by: org.apache.flink.runtime.memory.MemoryAllocationException: Could not allocate 64 pages`,
		[]Symptom{ManagedMemory}, RoleTaskManager, map[string]int64{"pages": 64}},
	{"managed bytes", `org.apache.flink.runtime.memory.MemoryReservationException: Could not allocate 268435456 bytes, only 134217728 bytes are remaining. This usually indicates that you are requesting more memory than you have reserved.`,
		[]Symptom{ManagedMemory}, RoleTaskManager, map[string]int64{"bytes": 268435456, "remaining_bytes": 134217728}},
	{"yarn hadoop2", `Container [pid=12345,containerID=container_1589000000000_0001_01_000002] is running beyond physical memory limits. Current usage: 2.1 GB of 2 GB physical memory used; 4.0 GB of 4.2 GB virtual memory used. Killing container.`,
		[]Symptom{ContainerKilled}, RoleUnknown, map[string]int64{"usage": 2254857830, "container_limit": 2147483648}},
	{"yarn hadoop3", `Container [pid=2034,containerID=container_e05_1600000000000_0002_01_000004] is running 183812096B beyond the 'PHYSICAL' memory limit. Current usage: 2.2 GB of 2 GB physical memory used; 4.6 GB of 4.2 GB virtual memory used. Killing container.`,
		[]Symptom{ContainerKilled}, RoleUnknown, map[string]int64{"beyond": 183812096, "usage": 2362232012, "container_limit": 2147483648}},
	{"yarn hadoop3 retyped", `Container is running 183812096B beyond the PHYSICAL memory limit. Current usage: 2.2 GB of 2 GB physical memory used`,
		[]Symptom{ContainerKilled}, RoleUnknown, map[string]int64{"beyond": 183812096, "usage": 2362232012, "container_limit": 2147483648}},
	{"yarn report flink 1.12", `2021-12-06 00:16:36,280 INFO  org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager [] - Worker container_e10_1634010428940_125776_01_000003 is terminated. Diagnostics: Container [pid=122806,containerID=container_e10_1634010428940_125776_01_000003] is running beyond physical memory limits. Current usage: 4.0 GB of 4 GB physical memory used; 6.2 GB of 8.4 GB virtual memory used. Killing container.`,
		[]Symptom{ContainerKilled}, RoleUnknown, map[string]int64{"usage": 4 << 30, "container_limit": 4 << 30}},
	{"yarn vmem report", `Container [pid=8296,containerID=container_e07_1669378398064_0904_01_000002] is running beyond virtual memory limits. Current usage: 2.0 GB of 6 GB physical memory used; 39.9 GB of 12.6 GB virtual memory used. Killing container.`,
		[]Symptom{VmemKilled}, RoleUnknown, nil},
	{"pod exit code in parentheses", `[f8107735c673549d7acd-n0-0] terminated with exit code (137). Reason [Error]. Message:`, []Symptom{ContainerKilled}, RoleUnknown, nil},
	{"compressed class space", `java.lang.OutOfMemoryError: Compressed class space`, []Symptom{MetaspaceOOM}, RoleUnknown, nil},
	{"k8s oomkilled", `      Reason:       OOMKilled`, []Symptom{ContainerKilled}, RoleUnknown, nil},
	{"k8s exit 137", `      Exit Code:    137`, []Symptom{ContainerKilled}, RoleUnknown, nil},
	{"kernel", `Memory cgroup out of memory: Killed process 4242 (java) total-vm:5000000kB`, []Symptom{ContainerKilled}, RoleUnknown, nil},
	{"vmem hadoop2", `Container [pid=1,containerID=container_1_0001_01_000001] is running beyond virtual memory limits. Current usage: 500 MB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container.`, []Symptom{VmemKilled}, RoleUnknown, nil},
	{"vmem hadoop3", `Container [pid=1,containerID=container_1_0001_01_000001] is running 532676608B beyond the 'VIRTUAL' memory limit. Current usage: 470.8 MB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container.`, []Symptom{VmemKilled}, RoleUnknown, nil},
	{"native thread jdk8", `java.lang.OutOfMemoryError: unable to create new native thread`, []Symptom{NativeThread}, RoleUnknown, nil},
	{"native thread jdk11", `java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached`, []Symptom{NativeThread}, RoleUnknown, nil},
	{"unrelated", `2024-01-02 INFO org.apache.flink.runtime.taskexecutor.TaskExecutor [] - Receive slot request`, nil, RoleUnknown, nil},
	{"exit 1370 not a kill", `process exited with code 1370`, nil, RoleUnknown, nil},
}

func TestRecogniseWordings(t *testing.T) {
	for _, w := range wordings {
		t.Run(w.name, func(t *testing.T) {
			hits := Recognise(w.line)
			var got []Symptom
			for _, h := range hits {
				got = append(got, h.Symptom)
			}
			if !reflect.DeepEqual(got, w.want) {
				t.Fatalf("Recognise(%q) symptoms = %v, want %v", w.line, got, w.want)
			}
			if len(hits) == 0 {
				return
			}
			if hits[0].Role != w.role {
				t.Errorf("role = %v, want %v", hits[0].Role, w.role)
			}
			if w.numbers != nil && !reflect.DeepEqual(hits[0].Numbers, w.numbers) {
				t.Errorf("numbers = %v, want %v", hits[0].Numbers, w.numbers)
			}
		})
	}
}

func TestRecogniseAbsurdNumber(t *testing.T) {
	hits := Recognise(`java.lang.OutOfMemoryError: Cannot reserve 1 bytes of direct buffer memory (allocated: 5, limit: 99999999999999999999)`)
	if len(hits) != 1 || hits[0].Symptom != DirectOOM {
		t.Fatalf("hits = %+v", hits)
	}
	if _, ok := hits[0].Numbers["limit"]; ok || len(hits[0].Absurd) != 1 || hits[0].Absurd[0] != "limit=99999999999999999999" {
		t.Fatalf("absurd limit not reported: %+v", hits[0])
	}
}

// TestRefusalWordingsOfConformance maps every message Flink threw in the
// conformance vectors (all lines, both roles) to a set of checks that
// holds the vector's own check.
func TestRefusalWordingsOfConformance(t *testing.T) {
	n := 0
	eachVector(t, func(f string, _ memmodel.Line, raw []byte) {
		var v struct {
			ID     string
			Expect struct {
				OK        bool
				Check     string
				Message   string
				SlotError *struct{ Check, Message string } `json:"slot_error"`
			}
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		check, msg := v.Expect.Check, v.Expect.Message
		if v.Expect.OK {
			if v.Expect.SlotError == nil {
				return
			}
			check, msg = v.Expect.SlotError.Check, v.Expect.SlotError.Message
		}
		n++
		h, ok := recogniseRefusal(msg)
		if !ok || !hasCheck(h.Checks, memmodel.Check(check)) {
			t.Errorf("%s %s: %q maps to %v, want %s", f, v.ID, msg, h.Checks, check)
		}
	})
	if n < 1000 {
		t.Fatalf("only %d refusals checked", n)
	}
}
