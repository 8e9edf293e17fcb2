package diagnose

import (
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
)

func hasCheck(cs []memmodel.Check, c memmodel.Check) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// componentKeys are the options that size a component.
func componentKeys(c memmodel.Component, role memmodel.Role) []string {
	switch c {
	case memmodel.Managed:
		return []string{"taskmanager.memory.managed.size", "taskmanager.memory.managed.fraction"}
	case memmodel.Network:
		return []string{"taskmanager.memory.network.min", "taskmanager.memory.network.max", "taskmanager.memory.network.fraction"}
	case memmodel.Overhead:
		p := rolePrefix(role)
		return []string{p + "jvm-overhead.min", p + "jvm-overhead.max", p + "jvm-overhead.fraction"}
	}
	return []string{sizeKey(c, role)}
}

// limitOf lists a limit's components with their sizes in l.
func limitOf(lim Limit, l *memmodel.Layout) *LimitInfo {
	jm := l.Role == memmodel.JobManager
	var flag string
	var comps []memmodel.Component
	switch lim {
	case LimitHeap:
		flag, comps = "-Xmx", []memmodel.Component{memmodel.FrameworkHeap, memmodel.TaskHeap}
		if jm {
			comps = []memmodel.Component{memmodel.JobManagerHeap}
		}
	case LimitDirect:
		flag, comps = "-XX:MaxDirectMemorySize", []memmodel.Component{memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network}
		if jm {
			if !l.DirectMemoryLimit {
				return nil
			}
			comps = []memmodel.Component{memmodel.JobManagerOffHeap}
		}
	case LimitMetaspace:
		flag, comps = "-XX:MaxMetaspaceSize", []memmodel.Component{memmodel.Metaspace}
	case LimitNetwork:
		flag, comps = "network memory", []memmodel.Component{memmodel.Network}
	case LimitManaged:
		flag, comps = "managed memory", []memmodel.Component{memmodel.Managed}
	case LimitProcess:
		flag, comps = "container limit (total process size)", memmodel.Components(l.Role)
	default:
		return nil
	}
	li := &LimitInfo{Flag: flag}
	for _, c := range comps {
		li.Parts = append(li.Parts, Part{Component: c, Bytes: l.Size[c], Keys: componentKeys(c, l.Role)})
		li.Bytes += l.Size[c]
	}
	return li
}

// step is the growth offered when the message carries no size: a quarter
// of the limit, at least 64 MiB. It is a first step, and said so.
func step(m memmodel.MemorySize) memmodel.MemorySize {
	s := m / 4
	if s < 64*memmodel.MiB {
		s = 64 * memmodel.MiB
	}
	return mib(s)
}

// minDirectStep is the least direct memory a fix adds: a message's
// shortfall covers one allocation, and the next ones need room too.
const minDirectStep = 64 * memmodel.MiB

// compare reads the message's numbers against the layout, works out what
// is missing and offers fixes.
func (d *diagnoser) compare(f *Finding, h Hit, l *memmodel.Layout) {
	in := d.input(l.Role)
	n := h.Numbers
	obs := func(format string, a ...any) { f.Observations = append(f.Observations, fmt.Sprintf(format, a...)) }
	grow := func(c memmodel.Component, need memmodel.MemorySize) {
		f.Fixes = growFixes(in, *l, c, l.Size[c]+need)
	}
	unknownStep := func(c memmodel.Component, of memmodel.MemorySize) {
		s := step(of)
		obs("the message carries no size; the fixes add %s (a quarter of the limit, at least 64 MiB) as a first step", s.Human())
		grow(c, s)
	}
	jm := l.Role == memmodel.JobManager
	switch h.Symptom {
	case HeapOOM, GCOverhead:
		c := memmodel.TaskHeap
		if jm {
			c = memmodel.JobManagerHeap
		}
		if h.Role == RoleUnknown && h.Symptom == HeapOOM {
			obs("a bare 'Java heap space' does not say which process failed; this answer is for the %s (use --jobmanager for the JobManager)", l.Role.Title())
		}
		unknownStep(c, l.JVMHeap())
	case DirectOOM:
		if jm && !l.DirectMemoryLimit {
			obs("Flink passes no -XX:MaxDirectMemorySize to this JobManager (jobmanager.memory.enable-jvm-direct-memory-limit is false), so the JVM's default applies, about the heap size (%s); enabling the limit makes jobmanager.memory.off-heap.size the bound", l.JVMHeap().Human())
			return
		}
		d.direct(f, n, l)
		c := memmodel.TaskOffHeap
		if jm {
			c = memmodel.JobManagerOffHeap
		}
		switch {
		case f.NeededBytes >= minDirectStep:
			grow(c, f.NeededBytes)
		case f.NeededBytes > 0:
			obs("the shortfall is only the allocation that failed; the fixes add %s so that the next ones fit too", minDirectStep.Human())
			grow(c, minDirectStep)
		default:
			unknownStep(c, l.JVMDirect())
		}
	case MetaspaceOOM:
		unknownStep(memmodel.Metaspace, l.JVMMetaspace())
	case NetworkBuffers:
		d.network(f, n, l)
		if f.NeededBuffers > 0 {
			seg := segmentSize(in.Config, n)
			target := memmodel.MemorySize(f.NeededBuffers) * seg
			if target > l.Size[memmodel.Network] {
				f.Fixes = growFixes(in, *l, memmodel.Network, target)
			}
		}
	case NetworkSegments:
		if mb, ok := n["required_mb"]; ok {
			have := int64(l.Size[memmodel.Network]) >> 20
			if mb == have {
				obs("the pool asked for %d MiB, this configuration's network memory (%s); Flink sizes -XX:MaxDirectMemorySize (%s) to hold it, so the JVM ran with a smaller direct limit than Flink planned", mb, l.Size[memmodel.Network].Human(), l.JVMDirect().Human())
			} else {
				obs("the pool asked for %d MiB but this configuration's network memory is %s: the log came from another configuration", mb, l.Size[memmodel.Network].Human())
			}
		}
		if miss, ok := n["missing_mb"]; ok && miss > 0 && miss < 1<<43 {
			f.NeededBytes = memmodel.MemorySize(miss) * memmodel.MiB
		}
	case ManagedMemory:
		d.managed(f, n, l)
		if f.NeededBytes > 0 {
			grow(memmodel.Managed, f.NeededBytes)
		}
	case ContainerKilled:
		d.container(f, n, l)
		need := f.NeededBytes
		if need <= 0 {
			unknownStep(memmodel.Overhead, l.Size[memmodel.Overhead])
		} else {
			grow(memmodel.Overhead, mib(need))
		}
	}
}

// direct compares a direct-memory message with -XX:MaxDirectMemorySize.
func (d *diagnoser) direct(f *Finding, n map[string]int64, l *memmodel.Layout) {
	lim, ok := n["limit"]
	if !ok {
		return
	}
	have := int64(l.JVMDirect())
	if lim == have {
		f.Observations = append(f.Observations, fmt.Sprintf("the message's limit %d equals this configuration's -XX:MaxDirectMemorySize", lim))
	} else {
		f.Observations = append(f.Observations, fmt.Sprintf("the message's limit %d is not this configuration's -XX:MaxDirectMemorySize %d: the log came from another configuration, or a -XX:MaxDirectMemorySize in env.java.opts overrode Flink's", lim, have))
	}
	req, ok1 := n["requested"]
	alloc, ok2 := n["allocated"]
	if ok1 && ok2 && req+alloc > lim && req+alloc > 0 {
		need := req + alloc - lim
		f.NeededBytes = memmodel.MemorySize(need)
		f.Observations = append(f.Observations, fmt.Sprintf("needed: allocated %d + requested %d − limit %d = %d bytes more, at that moment; a leak needs more each time", alloc, req, lim, need))
	}
}

// segmentSize is the buffer size: the message's, else the configured one.
func segmentSize(cfg memmodel.Config, n map[string]int64) memmodel.MemorySize {
	if s, ok := n["segment_size"]; ok && s > 0 && s < 1<<31 {
		return memmodel.MemorySize(s)
	}
	if v, ok := cfg[memmodel.SegmentSizeKey]; ok {
		if m, err := memmodel.ParseMemorySize(v); err == nil && m > 0 {
			return m
		}
	}
	return 32 * memmodel.KiB
}

// network compares a network-buffers message with the pool.
func (d *diagnoser) network(f *Finding, n map[string]int64, l *memmodel.Layout) {
	seg := segmentSize(d.in.Config, n)
	have := int64(l.Size[memmodel.Network] / seg)
	f.Observations = append(f.Observations, fmt.Sprintf("this configuration has %d buffers of %d bytes (network memory %s)", have, seg, l.Size[memmodel.Network].Human()))
	total, hasTotal := n["total"]
	if hasTotal && total != have {
		f.Observations = append(f.Observations, fmt.Sprintf("the message counts %d buffers, not %d: the log came from another configuration (or the segment size differs)", total, have))
	}
	req, ok1 := n["required"]
	avail, ok2 := n["available"]
	if !ok1 || !ok2 || !hasTotal || req <= avail || req > 1<<40 || total > 1<<40 {
		return
	}
	// The job needed the pool it ran with plus what was missing.
	need := total + (req - avail)
	f.Observations = append(f.Observations, fmt.Sprintf("needed: the pool must hold at least %d + (%d − %d) = %d buffers, %s of network memory",
		total, req, avail, need, (memmodel.MemorySize(need)*seg).Human()))
	if need <= have {
		f.Observations = append(f.Observations, fmt.Sprintf("this configuration's %d buffers already hold that", have))
		return
	}
	f.NeededBuffers = need
	f.NeededBytes = memmodel.MemorySize(need-have) * seg
}

// managed compares a managed-memory message with the slot's share.
func (d *diagnoser) managed(f *Finding, n map[string]int64, l *memmodel.Layout) {
	slots := int64(l.Slots)
	if slots < 1 {
		slots = 1
	}
	perSlot := l.Size[memmodel.Managed] / memmodel.MemorySize(slots)
	f.Observations = append(f.Observations, fmt.Sprintf("managed memory %s over %d slot(s): %s per slot, split between its consumers by taskmanager.memory.managed.consumer-weights", l.Size[memmodel.Managed].Human(), slots, perSlot.Human()))
	var short memmodel.MemorySize
	if p, ok := n["pages"]; ok {
		if r, ok := n["remaining_pages"]; ok && p > r && p < 1<<40 {
			short = memmodel.MemorySize(p-r) * segmentSize(d.in.Config, nil)
		}
	} else if b, ok := n["bytes"]; ok {
		if r, ok := n["remaining_bytes"]; ok && b > r {
			short = memmodel.MemorySize(b - r)
		}
	}
	if short > 0 {
		f.NeededBytes = short * memmodel.MemorySize(slots)
		f.Observations = append(f.Observations, fmt.Sprintf("needed: %s more in the failing slot; every slot gets the same share, so managed memory must grow by %s × %d slot(s) = %s (assuming the failing consumer gets its slot's whole share)", short.Human(), short.Human(), slots, f.NeededBytes.Human()))
	}
}

// container compares a container kill with the process size.
func (d *diagnoser) container(f *Finding, n map[string]int64, l *memmodel.Layout) {
	if lim, ok := n["container_limit"]; ok {
		cl := memmodel.MemorySize(lim)
		switch {
		case cl+cl/50 < l.TotalProcess:
			f.Observations = append(f.Observations, fmt.Sprintf("the container limit (about %s) is below this configuration's process size %s: the container must be at least the process size, or the log came from another configuration", cl.Human(), l.TotalProcess.Human()))
		default:
			f.Observations = append(f.Observations, fmt.Sprintf("the container limit (about %s as YARN prints it) holds the process size %s (YARN rounds a request up to its allocation step)", cl.Human(), l.TotalProcess.Human()))
		}
		if u, ok := n["usage"]; ok && u > lim {
			f.NeededBytes = memmodel.MemorySize(u - lim)
		}
	}
	if b, ok := n["beyond"]; ok && b > 0 {
		f.NeededBytes = memmodel.MemorySize(b)
	}
	if f.NeededBytes > 0 {
		f.Observations = append(f.Observations, fmt.Sprintf("the process used %s more than its limit when it was killed; JVM overhead (%s) must cover that much more native memory", f.NeededBytes.Human(), l.Size[memmodel.Overhead].Human()))
	}
}
