package memmodel

// The JobManager derivation, after Flink's JobManagerFlinkMemoryUtils: JVM
// heap and off-heap, from the heap size or carved out of a total.

// --- JobManager ----------------------------------------------------------

func (r *resolver) jobManager() bool {
	if !r.in.Line.HasJobManagerModel() {
		return r.fail(CheckNoMemoryConfigured, options[JMProcessSize].Key)
	}
	target := JMHeap
	if r.in.Deployment == Container {
		target = JMProcessSize
	}
	if !r.mapLegacyHeap(JMLegacyHeapSize, JMLegacyHeapMB, target) {
		return false
	}
	var ok bool
	switch {
	case r.contains(JMHeap):
		r.l.Mode = ModeFineGrained
		ok = r.jmFromHeap()
	case r.contains(JMFlinkSize):
		r.l.Mode = ModeTotalFlink
		var flink MemorySize
		if flink, ok = r.size(JMFlinkSize); ok {
			ok = r.jmSplitTotalFlink(flink) && r.metaspaceAndOverheadFromFlink(flink)
		}
	case r.contains(JMProcessSize):
		r.l.Mode = ModeTotalProcess
		var process, flink MemorySize
		if process, ok = r.size(JMProcessSize); ok {
			if flink, ok = r.metaspaceAndOverheadFromProcess(process, JMMetaspace, JMOverheadMin, JMOverheadMax, JMOverheadFraction); ok {
				ok = r.jmSplitTotalFlink(flink)
			}
		}
	default:
		return r.fail(CheckNoMemoryConfigured, options[JMProcessSize].Key, options[JMFlinkSize].Key, options[JMHeap].Key)
	}
	if !ok {
		return false
	}
	if r.contains(JMDirectMemoryLimit) {
		v, ok := parseJavaBool(r.raw[JMDirectMemoryLimit])
		if !ok {
			return r.failValue(CheckBooleanUnparsable, JMDirectMemoryLimit)
		}
		r.l.DirectMemoryLimit = v
	}
	return true
}

func (r *resolver) jmFromHeap() bool {
	heap, ok := r.readComponent(JobManagerHeap, JMHeap)
	if !ok {
		return false
	}
	off, ok := r.readComponent(JobManagerOffHeap, JMOffHeap)
	if !ok {
		return false
	}
	if r.contains(JMFlinkSize) {
		flink, ok := r.size(JMFlinkSize)
		if !ok {
			return false
		}
		if r.contains(JMOffHeap) {
			other := off
			if r.in.Line.jmSanityComparesTotal() {
				other = flink // Flink 1.11.0's bug, see jmSanityComparesTotal
			}
			sum, ok := r.add(heap, other)
			if !ok {
				return false
			}
			if sum != flink {
				return r.reject(CheckJMHeapPlusOffHeapMismatchFlink, sum, flink, r.keyOf(JMFlinkSize), r.keyOf(JMHeap), r.keyOf(JMOffHeap))
			}
		} else {
			if heap > flink {
				return r.reject(CheckJMHeapExceedsTotalFlink, heap, flink, r.keyOf(JMHeap), r.keyOf(JMFlinkSize))
			}
			derived := flink - heap
			if derived != off {
				r.l.addNotice(Notice{Code: NoticeJMOffHeapDerived, Component: JobManagerOffHeap, Key: r.keyOf(JMOffHeap), Size: derived, Bound: off})
			}
			off = derived
			r.set(JobManagerOffHeap, off, Provenance{Source: SourceRemainder, Total: flink, Key: r.keyOf(JMFlinkSize)})
		}
	}
	r.jmHeapNotice(heap)
	total, ok := r.add(heap, off)
	if !ok {
		return false
	}
	r.l.TotalFlink = total
	return r.metaspaceAndOverheadFromFlink(total)
}

func (r *resolver) jmSplitTotalFlink(flink MemorySize) bool {
	r.l.TotalFlink = flink
	off, ok := r.readComponent(JobManagerOffHeap, JMOffHeap)
	if !ok {
		return false
	}
	key := r.keyOf(JMFlinkSize)
	if r.l.Mode == ModeTotalProcess {
		key = r.keyOf(JMProcessSize)
	}
	if flink <= off {
		return r.reject(CheckJMTotalFlinkNotAboveOffHeap, off, flink, key, r.keyOf(JMOffHeap))
	}
	heap := flink - off
	r.set(JobManagerHeap, heap, Provenance{Source: SourceRemainder, Total: flink, Key: key})
	r.jmHeapNotice(heap)
	return true
}

func (r *resolver) jmHeapNotice(heap MemorySize) {
	if heap < 128*MiB {
		r.l.addNotice(Notice{Code: NoticeJMHeapSmall, Component: JobManagerHeap, Key: options[JMHeap].Key, Size: heap, Bound: 128 * MiB})
	}
}
