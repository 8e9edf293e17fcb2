package memmodel

// Planning: which size the solver searches, which options it sets once,
// and which it chooses anew at every searched size.

// plan checks the varied keys and plans the role.
func (s *solver) plan() error {
	role := s.req.Input.Role
	varied := map[string]bool{}
	allowed := VaryKeys(role)
	for _, k := range s.req.Vary {
		key := k
		if o, ok := OptionByKey(k); ok {
			key = o.Key
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == key
		}
		if !ok {
			return &UsageError{"--vary " + k + ": the solver varies only sizes and fractions that decide a target: " + joinKeys(allowed)}
		}
		varied[key] = true
	}
	s.varied = varied
	if role == JobManager {
		s.planJobManager()
		return nil
	}
	return s.planTaskManager()
}

func joinKeys(keys []string) string {
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}

func key(id OptionID) string { return options[id].Key }

// setDirect sets an option that alone decides its component to what the
// target wants (in whole MiB), unless it already gives that and is not
// varied. inFlink tells whether the component is part of total Flink
// memory; the growth is recorded so that set totals can follow.
func (s *solver) setDirect(id OptionID, want MemorySize, inFlink bool) {
	if want <= 0 {
		return
	}
	old := s.sizeOf(id)
	if !s.varied[key(id)] && want <= old {
		return
	}
	want = roundUpMiB(want)
	s.cfg[key(id)] = mib(want)
	if inFlink {
		s.grownFlink += want - old
	}
	s.grownProcess += want - old
}

func (s *solver) planTaskManager() error {
	taskHeap, managed := key(TMTaskHeap), key(TMManagedSize)
	fineGrained := s.has(taskHeap) && s.has(managed)
	heapWant := max(s.wants(TargetTaskHeap), s.wants(TargetJVMHeap)-s.sizeOf(TMFrameworkHeap))
	managedKinds := []TargetKind{TargetManaged, TargetManagedPerSlot, TargetRocksDBPerSlot}
	managedTarget := s.hasTarget(managedKinds...) || kindIn(s.req.Maximize, managedKinds)

	if heapWant > 0 && (fineGrained || s.varied[taskHeap]) {
		s.setDirect(TMTaskHeap, heapWant, true)
	}
	s.setDirect(TMTaskOffHeap, s.wants(TargetTaskOffHeap), true)
	s.setDirect(TMMetaspace, s.wants(TargetMetaspace), false)
	if err := s.planRocksDB(); err != nil {
		return err
	}
	s.planNetwork()
	if s.varied[key(TMManagedFraction)] && !fineGrained && !s.has(managed) {
		s.inner = append(s.inner, innerVar{key: key(TMManagedFraction), fraction: true, serves: managedKinds})
	}
	if s.varied[managed] && !fineGrained {
		s.inner = append(s.inner, innerVar{key: managed, serves: managedKinds})
	}

	switch {
	case fineGrained && (s.req.Maximize == TargetTaskHeap || s.req.Maximize == TargetJVMHeap):
		s.searchWithTotals(TMTaskHeap, TMFlinkSize, TMProcessSize)
	case fineGrained && managedTarget:
		s.searchWithTotals(TMManagedSize, TMFlinkSize, TMProcessSize)
	default:
		s.searchTotal(fineGrained, TMFlinkSize, TMProcessSize)
	}
	return nil
}

// planNetwork sets the network bounds the user lets vary, or plans the
// network fraction.
func (s *solver) planNetwork() {
	need := max(s.wants(TargetNetwork), MemorySize(satMul(int64(s.wants(TargetNetworkBuffers)), int64(s.seg))))
	need = roundUpMiB(need)
	minKey, maxKey, fracKey := key(TMNetworkMin), key(TMNetworkMax), key(TMNetworkFraction)
	switch {
	case need > 0 && s.varied[minKey]:
		s.cfg[minKey] = mib(need)
		if s.sizeOf(TMNetworkMax) < need {
			s.cfg[maxKey] = mib(need)
		}
	case need > 0 && s.varied[maxKey] && s.sizeOf(TMNetworkMax) < need:
		s.cfg[maxKey] = mib(need)
	}
	if s.varied[fracKey] && !s.varied[minKey] {
		s.inner = append(s.inner, innerVar{key: fracKey, fraction: true, serves: []TargetKind{TargetNetwork, TargetNetworkBuffers}})
	}
}

func (s *solver) planJobManager() {
	heapMode := s.has(key(JMHeap))
	if heapMode && s.has(key(JMFlinkSize)) && s.req.Maximize != TargetJVMHeap {
		s.planJobManagerSums()
		return
	}
	if heapMode || s.varied[key(JMHeap)] {
		s.setDirect(JMHeap, s.wants(TargetJVMHeap), true)
	}
	s.setDirect(JMOffHeap, s.wants(TargetOffHeap), true)
	s.setDirect(JMMetaspace, s.wants(TargetMetaspace), false)
	if heapMode && s.req.Maximize == TargetJVMHeap {
		s.searchWithTotals(JMHeap, JMFlinkSize, JMProcessSize)
		return
	}
	s.searchTotal(heapMode, JMFlinkSize, JMProcessSize)
}

// planJobManagerSums plans a JobManager whose heap and total Flink size
// are both set: Flink memory is then exactly heap + off-heap (the off-heap
// being the remainder unless it is set too), so nothing is searched: the
// heap and off-heap are set to what the targets need and the Flink size
// (and a set process size, keeping the overhead) follows.
func (s *solver) planJobManagerSums() {
	heap0, flink0, meta0 := s.sizeOf(JMHeap), s.sizeOf(JMFlinkSize), s.sizeOf(JMMetaspace)
	off := flink0 - heap0
	if s.has(key(JMOffHeap)) || s.varied[key(JMOffHeap)] {
		s.setDirect(JMOffHeap, s.wants(TargetOffHeap), true)
		off = s.sizeOf(JMOffHeap)
	} else if w := s.wants(TargetOffHeap); w > off {
		off = roundUpMiB(w)
	}
	s.setDirect(JMHeap, s.wants(TargetJVMHeap), true)
	s.setDirect(JMMetaspace, s.wants(TargetMetaspace), false)
	flink := s.sizeOf(JMHeap) + off
	s.cfg[key(JMFlinkSize)] = flink.String()
	s.shift(key(JMProcessSize), flink-flink0+s.sizeOf(JMMetaspace)-meta0)
}

// searchTotal plans the search of a total. With explicit sizes deciding
// the layout, the set totals move by what was set, so that their
// remainders stay, and total Flink memory (when set) is searched;
// otherwise the Flink size when it is set and the process size is not
// varied, else the process size.
func (s *solver) searchTotal(explicit bool, flinkID, processID OptionID) {
	flink, process := key(flinkID), key(processID)
	switch {
	case explicit:
		s.shift(flink, s.grownFlink)
		s.shift(process, s.grownProcess)
		if !s.has(flink) {
			return
		}
		s.search = flink
		if s.has(process) {
			s.comove = append(s.comove, offsetKey{process, s.sizeOf(processID) - s.sizeOf(flinkID)})
		}
	case s.has(flink) && !s.varied[process]:
		s.search = flink
		if s.has(process) {
			s.comove = append(s.comove, offsetKey{process, s.sizeOf(processID) - s.sizeOf(flinkID) + s.grownProcess - s.grownFlink})
		}
	default:
		s.search = process
		delete(s.cfg, flink)
	}
}

// searchWithTotals searches an explicit component size; the totals that
// are set move with it, keeping their remainders.
func (s *solver) searchWithTotals(id, flinkID, processID OptionID) {
	v0 := s.sizeOf(id)
	s.search = key(id)
	for _, t := range [2]struct {
		id    OptionID
		grown MemorySize
	}{{flinkID, s.grownFlink}, {processID, s.grownProcess}} {
		if s.has(key(t.id)) {
			s.comove = append(s.comove, offsetKey{key(t.id), s.sizeOf(t.id) + t.grown - v0})
		}
	}
}

// shift grows a set size option by d.
func (s *solver) shift(key string, d MemorySize) {
	if d == 0 || !s.has(key) {
		return
	}
	v, err := ParseMemorySize(s.cfg[key])
	if err == nil {
		s.cfg[key] = (v + d).String()
	}
}

// planRocksDB sets a fixed RocksDB budget when that is what bounds RocksDB.
func (s *solver) planRocksDB() error {
	want := s.wants(TargetRocksDBPerSlot)
	if want <= 0 {
		return nil
	}
	want = roundUpMiB(want)
	_, fixedSlot := s.cfg[RocksDBFixedPerSlotKey]
	if fixedSlot || s.varied[RocksDBFixedPerSlotKey] {
		if v, err := ParseMemorySize(s.cfg[RocksDBFixedPerSlotKey]); err != nil || v < want || s.varied[RocksDBFixedPerSlotKey] {
			s.cfg[RocksDBFixedPerSlotKey] = mib(want)
		}
		return nil
	}
	managed := true
	if raw, ok := s.cfg[RocksDBManagedKey]; ok {
		if b, ok := parseJavaBool(raw); ok {
			managed = b
		}
	}
	if managed {
		return nil
	}
	_, fixedTM := s.cfg[RocksDBFixedPerTMKey]
	if (fixedTM || s.varied[RocksDBFixedPerTMKey]) && s.req.Input.Line >= rocksDBFixedPerTMSince {
		slots := int64(1)
		if raw, ok := s.cfg[options[TMNumSlots].Key]; ok {
			if n, ok := parseJavaInt(raw); ok && n > 0 {
				slots = int64(n)
			}
		}
		s.cfg[RocksDBFixedPerTMKey] = mib(MemorySize(satMul(int64(want), slots)))
		return nil
	}
	return &Unsolvable{Reason: RocksDBManagedKey + " is false and no fixed budget is set, so Flink does not bound RocksDB's memory " +
		"and there is no budget to size; set " + RocksDBManagedKey + "=true (RocksDB then lives in managed memory), or add --vary " + RocksDBFixedPerSlotKey}
}
