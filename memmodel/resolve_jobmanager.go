package memmodel

// The JobManager derivation, after Flink's JobManagerFlinkMemoryUtils: JVM
// heap and off-heap, from the heap size or carved out of a total.

// --- JobManager ----------------------------------------------------------

func (r *resolver) jobManager() bool {
	if !r.in.Line.HasJobManagerModel() {
		return r.fail(CheckNoMemoryConfigured, options[JMProcessSize].Key)
	}
	if !r.deriveProcess() {
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
	if !r.readComponents(componentOption{JobManagerHeap, JMHeap}, componentOption{JobManagerOffHeap, JMOffHeap}) {
		return false
	}
	heap, off := r.l.Size[JobManagerHeap], r.l.Size[JobManagerOffHeap]
	if r.contains(JMFlinkSize) {
		flink, ok := r.size(JMFlinkSize)
		if !ok {
			return false
		}
		if r.contains(JMOffHeap) {
			other := off
			if r.in.Line.JobManagerSanityCheckBug() {
				other = flink // Flink 1.11.0's bug, see JobManagerSanityCheckBug
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
	return r.fromParts(heap, off)
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
