package diagnose

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Imported collects the sizes a log or a REST response states. Any of
// the TaskManager tree, the dynamic configs or the REST memory
// configuration pins every component; JVM flags alone do not.
type Imported struct {
	// Role is the process the sizes describe (known once a tree, a
	// dynamic config or a REST response names it).
	Role     memmodel.Role
	RoleSeen bool
	// Sources says what was read, in the order first seen.
	Sources []string
	// Size and Has hold the components read; TotalFlink and TotalProcess
	// the totals (0 when not stated).
	Size         [memmodel.NumComponents]memmodel.MemorySize
	Has          [memmodel.NumComponents]bool
	TotalFlink   memmodel.MemorySize
	TotalProcess memmodel.MemorySize
	// Flags are the JVM memory flags read (-Xmx, -Xms,
	// -XX:MaxDirectMemorySize, -XX:MaxMetaspaceSize), by flag.
	Flags map[string]memmodel.MemorySize
	// Dynamic are other dynamic configs Flink passed (slots, CPU cores).
	Dynamic map[string]string
	// legacyDynamic: dynamic configs without metaspace, as Flink passed
	// them before 1.12.2 (FLINK-21158).
	legacyDynamic bool
}

func (im *Imported) source(s string) {
	for _, have := range im.Sources {
		if have == s {
			return
		}
	}
	im.Sources = append(im.Sources, s)
}

func (im *Imported) setRole(r memmodel.Role) {
	im.Role, im.RoleSeen = r, true
}

func (im *Imported) set(c memmodel.Component, m memmodel.MemorySize) {
	im.Size[c], im.Has[c] = m, true
}

// Pins reports whether the sizes read determine a layout.
func (im *Imported) Pins() bool {
	if !im.RoleSeen {
		return false
	}
	for _, c := range memmodel.Components(im.Role) {
		if c == memmodel.Metaspace || c == memmodel.Overhead {
			continue
		}
		if !im.Has[c] {
			return false
		}
	}
	return true
}

// Empty reports whether nothing at all was read.
func (im *Imported) Empty() bool { return len(im.Sources) == 0 }

var errNotPinned = errors.New("the input states some JVM flags but not every memory component; a Final … Memory configuration tree, the -D dynamic configs or a REST memoryConfiguration is needed to rebuild the configuration")

// Config returns the pinned configuration that reproduces the sizes read,
// checked by resolving it on line, with notices of what the source was.
func (im *Imported) Config(line memmodel.Line) (memmodel.Config, []string, error) {
	if !im.Pins() {
		return nil, nil, errNotPinned
	}
	cfg := memmodel.Config{}
	b := func(m memmodel.MemorySize) string { return m.FlinkBytes() }
	var notices []string
	notices = append(notices, "configuration rebuilt from "+strings.Join(im.Sources, ", ")+"; every size is pinned in bytes")
	if im.Role == memmodel.JobManager {
		if !line.HasJobManagerModel() {
			return nil, nil, fmt.Errorf("the input describes a JobManager, which has no memory model in Flink %s; choose --flink 1.11 or later", line)
		}
		cfg["jobmanager.memory.heap.size"] = b(im.Size[memmodel.JobManagerHeap])
		cfg["jobmanager.memory.off-heap.size"] = b(im.Size[memmodel.JobManagerOffHeap])
		if _, ok := im.Flags["-XX:MaxDirectMemorySize"]; ok {
			cfg["jobmanager.memory.enable-jvm-direct-memory-limit"] = "true"
		}
	} else {
		for c, k := range map[memmodel.Component]string{
			memmodel.FrameworkHeap: "taskmanager.memory.framework.heap.size", memmodel.TaskHeap: "taskmanager.memory.task.heap.size",
			memmodel.Managed: "taskmanager.memory.managed.size", memmodel.FrameworkOffHeap: "taskmanager.memory.framework.off-heap.size",
			memmodel.TaskOffHeap: "taskmanager.memory.task.off-heap.size", memmodel.Network: "taskmanager.memory.network.min",
		} {
			cfg[k] = b(im.Size[c])
		}
		cfg["taskmanager.memory.network.max"] = b(im.Size[memmodel.Network])
		for _, k := range []string{"taskmanager.numberOfTaskSlots", "taskmanager.cpu.cores"} {
			if v, ok := im.Dynamic[k]; ok {
				cfg[k] = v
			}
		}
	}
	p := rolePrefix(im.Role)
	if !im.Has[memmodel.Metaspace] {
		if m, ok := im.Flags["-XX:MaxMetaspaceSize"]; ok {
			im.set(memmodel.Metaspace, m)
		}
	}
	if im.Has[memmodel.Metaspace] {
		cfg[p+"jvm-metaspace.size"] = b(im.Size[memmodel.Metaspace])
	}
	if im.Has[memmodel.Overhead] {
		cfg[p+"jvm-overhead.min"] = b(im.Size[memmodel.Overhead])
		cfg[p+"jvm-overhead.max"] = b(im.Size[memmodel.Overhead])
	}
	flink := im.TotalFlink
	if flink == 0 {
		for _, c := range memmodel.Components(im.Role) {
			if c != memmodel.Metaspace && c != memmodel.Overhead {
				flink += im.Size[c]
			}
		}
	}
	if im.Role == memmodel.TaskManager || !line.JobManagerSanityCheckBug() {
		cfg[p+"flink.size"] = b(flink)
	}
	if im.TotalProcess != 0 {
		cfg[p+"process.size"] = b(im.TotalProcess)
	} else if im.Has[memmodel.Metaspace] && im.Has[memmodel.Overhead] {
		cfg[p+"process.size"] = b(flink + im.Size[memmodel.Metaspace] + im.Size[memmodel.Overhead])
	} else {
		notices = append(notices, "the input does not state JVM overhead, so the process size is not known; only total Flink memory is pinned")
	}
	if im.legacyDynamic {
		notices = append(notices, "the dynamic configs carry no metaspace or overhead, as Flink passed them before 1.12.2")
	} else if len(im.Dynamic) > 0 || im.Has[memmodel.Metaspace] && contains(im.Sources, "dynamic configs") {
		notices = append(notices, "the dynamic configs carry metaspace and overhead, as Flink 1.12.2 and later pass them")
	}
	l, err := memmodel.Resolve(memmodel.Input{Role: im.Role, Line: line, Config: cfg})
	if err != nil {
		return nil, nil, fmt.Errorf("the sizes read do not form a configuration Flink %s accepts: %v", line, err)
	}
	for _, c := range memmodel.Components(im.Role) {
		if im.Has[c] && l.Size[c] != im.Size[c] {
			return nil, nil, fmt.Errorf("the sizes read do not resolve back exactly (%s: read %d, resolved %d); please report this with the input", c, im.Size[c], l.Size[c])
		}
	}
	if im.TotalProcess != 0 && l.TotalProcess != im.TotalProcess {
		return nil, nil, fmt.Errorf("the components read do not add up to the stated total process size %d (they give %d): the input is inconsistent", im.TotalProcess, l.TotalProcess)
	}
	return cfg, notices, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// treeLabel matches one line of Flink's memory configuration tree.
var treeLabel = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(Total Process Memory|Total Flink Memory|Total JVM Heap Memory|Total Off-heap Memory|Total JVM Direct Memory|Framework|Task|Managed|Network|JVM Metaspace|JVM Overhead|JVM Heap|Off-heap):\s+(?:\d+\.\d+[kmgt]b \()?(\d+) bytes\)?\s*$`)
})

// treeComponents maps the tree's labels to components; Framework and Task
// appear twice, under the heap and under JVM direct memory.
var treeComponents = map[string]memmodel.Component{
	"Framework": memmodel.FrameworkHeap, "Task": memmodel.TaskHeap, "Framework direct": memmodel.FrameworkOffHeap,
	"Task direct": memmodel.TaskOffHeap, "Managed": memmodel.Managed, "Network": memmodel.Network,
	"JVM Metaspace": memmodel.Metaspace, "JVM Overhead": memmodel.Overhead, "JVM Heap": memmodel.JobManagerHeap,
	"Off-heap": memmodel.JobManagerOffHeap,
}

// treeState follows a tree as its lines arrive.
type treeState struct {
	role   memmodel.Role
	active bool
	direct bool // inside Total JVM Direct Memory: Framework/Task are off-heap
	lines  int
}

// treeLine reads one line of a tree; it returns false when the line ends
// the tree.
func (im *Imported) treeLine(ts *treeState, line string) bool {
	m := treeLabel().FindStringSubmatch(line)
	if m == nil {
		return false
	}
	v, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil {
		return false
	}
	size := memmodel.MemorySize(v)
	ts.lines++
	switch m[1] {
	case "Total Process Memory":
		im.TotalProcess = size
	case "Total Flink Memory":
		im.TotalFlink = size
	case "Total JVM Direct Memory":
		ts.direct = true
	default:
		label := m[1]
		if ts.direct && (label == "Framework" || label == "Task") {
			label += " direct"
		}
		if c, ok := treeComponents[label]; ok {
			im.set(c, size)
		}
	}
	return true
}

// startTree resets the sizes when a new tree begins: a log may hold
// several starts, and the last one wins.
func (im *Imported) startTree(ts *treeState, role memmodel.Role, name string) {
	*im = Imported{Sources: im.Sources, Flags: im.Flags, Dynamic: im.Dynamic}
	im.setRole(role)
	im.source(name)
	*ts = treeState{role: role, active: true}
}

var (
	jvmFlag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(-Xmx|-Xms|-XX:MaxDirectMemorySize=|-XX:MaxMetaspaceSize=)(\d+)([kKmMgGtT]?)\b`)
	})
	dynamicCfg = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`-D ?((?:taskmanager|jobmanager)\.[a-z.-]+|external-resources)=(\S+)`)
	})
)

// flagsAndDynamic reads JVM memory flags and -D dynamic configs from a
// line (the start scripts' BASH_JAVA_UTILS_EXEC_RESULT: lines, the
// logged JVM options, a process list).
func (im *Imported) flagsAndDynamic(line string) {
	if strings.Contains(line, "-X") {
		for _, m := range jvmFlag().FindAllStringSubmatch(line, -1) {
			v, err := strconv.ParseInt(m[2], 10, 64)
			if err != nil {
				continue
			}
			mult := map[string]int64{"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[strings.ToLower(m[3])]
			if v > (1<<63-1)/mult {
				continue
			}
			if im.Flags == nil {
				im.Flags = map[string]memmodel.MemorySize{}
			}
			im.Flags[strings.TrimSuffix(m[1], "=")] = memmodel.MemorySize(v * mult)
			im.source("JVM flags")
		}
	}
	if !strings.Contains(line, "-D") {
		return
	}
	for _, m := range dynamicCfg().FindAllStringSubmatch(line, -1) {
		im.dynamic(m[1], m[2])
	}
}

// dynamic reads one -D key=value.
func (im *Imported) dynamic(k, v string) {
	comp := map[string]memmodel.Component{
		"taskmanager.memory.framework.heap.size": memmodel.FrameworkHeap, "taskmanager.memory.task.heap.size": memmodel.TaskHeap,
		"taskmanager.memory.managed.size": memmodel.Managed, "taskmanager.memory.framework.off-heap.size": memmodel.FrameworkOffHeap,
		"taskmanager.memory.task.off-heap.size": memmodel.TaskOffHeap, "taskmanager.memory.network.min": memmodel.Network,
		"taskmanager.memory.jvm-metaspace.size": memmodel.Metaspace, "taskmanager.memory.jvm-overhead.min": memmodel.Overhead,
		"jobmanager.memory.heap.size": memmodel.JobManagerHeap, "jobmanager.memory.off-heap.size": memmodel.JobManagerOffHeap,
		"jobmanager.memory.jvm-metaspace.size": memmodel.Metaspace, "jobmanager.memory.jvm-overhead.min": memmodel.Overhead,
	}
	if c, ok := comp[k]; ok {
		m, err := memmodel.ParseMemorySize(v)
		if err != nil {
			return
		}
		role := memmodel.TaskManager
		if strings.HasPrefix(k, "jobmanager.") {
			role = memmodel.JobManager
		}
		if im.RoleSeen && im.Role != role {
			return
		}
		im.setRole(role)
		im.set(c, m)
		im.source("dynamic configs")
		im.legacyDynamic = role == memmodel.TaskManager && !im.Has[memmodel.Metaspace]
		return
	}
	if k == "taskmanager.cpu.cores" {
		// Flink passes the cores it derived; a value that is not positive
		// comes from a configuration that never set them, so it is left out.
		if f, err := strconv.ParseFloat(v, 64); err != nil || !(f > 0) {
			return
		}
	}
	if k == "taskmanager.numberOfTaskSlots" || k == "taskmanager.cpu.cores" {
		if im.Dynamic == nil {
			im.Dynamic = map[string]string{}
		}
		im.Dynamic[k] = v
		im.legacyDynamic = false
	}
}

// restMemory is the memoryConfiguration of GET /taskmanagers/<id>.
type restMemory struct {
	FrameworkHeap, TaskHeap, FrameworkOffHeap, TaskOffHeap  *int64
	NetworkMemory, ManagedMemory, JvmMetaspace, JvmOverhead *int64
	TotalFlinkMemory, TotalProcessMemory                    *int64
}

// ReadREST reads a saved REST response of GET /taskmanagers/<id> (or its
// memoryConfiguration object alone).
func ReadREST(data []byte) (Imported, error) {
	var outer struct {
		MemoryConfiguration *restMemory `json:"memoryConfiguration"`
		SlotsNumber         *int        `json:"slotsNumber"`
	}
	if err := json.Unmarshal(data, &outer); err != nil {
		return Imported{}, fmt.Errorf("not a JSON REST response: %v", err)
	}
	mc := outer.MemoryConfiguration
	if mc == nil {
		var inner restMemory
		if err := json.Unmarshal(data, &inner); err != nil || inner.TaskHeap == nil {
			return Imported{}, errors.New("the JSON has no memoryConfiguration (expected a saved response of GET /taskmanagers/<id>)")
		}
		mc = &inner
	}
	im := Imported{}
	im.setRole(memmodel.TaskManager)
	im.source("REST memoryConfiguration")
	for c, p := range map[memmodel.Component]*int64{
		memmodel.FrameworkHeap: mc.FrameworkHeap, memmodel.TaskHeap: mc.TaskHeap, memmodel.FrameworkOffHeap: mc.FrameworkOffHeap,
		memmodel.TaskOffHeap: mc.TaskOffHeap, memmodel.Network: mc.NetworkMemory, memmodel.Managed: mc.ManagedMemory,
		memmodel.Metaspace: mc.JvmMetaspace, memmodel.Overhead: mc.JvmOverhead,
	} {
		if p != nil {
			if *p < 0 {
				return Imported{}, fmt.Errorf("memoryConfiguration holds a negative size for %s", c)
			}
			im.set(c, memmodel.MemorySize(*p))
		}
	}
	if mc.TotalFlinkMemory != nil {
		im.TotalFlink = memmodel.MemorySize(*mc.TotalFlinkMemory)
	}
	if mc.TotalProcessMemory != nil {
		im.TotalProcess = memmodel.MemorySize(*mc.TotalProcessMemory)
	}
	if outer.SlotsNumber != nil {
		im.Dynamic = map[string]string{"taskmanager.numberOfTaskSlots": strconv.Itoa(*outer.SlotsNumber)}
	}
	if !im.Pins() {
		return Imported{}, errors.New("memoryConfiguration lacks some components; every one of frameworkHeap, taskHeap, frameworkOffHeap, taskOffHeap, networkMemory and managedMemory is needed")
	}
	return im, nil
}
