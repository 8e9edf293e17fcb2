package memmodel

import (
	"sort"
	"strconv"
	"strings"
)

// The fix plans of the checks (see checkTable): each offers the fixes an
// expert would try for one kind of refusal, most direct first. Keys come
// from the options table, as written in the configuration when a
// deprecated or legacy spelling is set.

// keepHeap follows a fix of key that leaves less heap than a working
// process has with one that raises key until the heap is kept.
func (f *fixer) keepHeap(key string) {
	for i := range f.fixes {
		if setsKey(f.fixes[i].Set, key) && heapOf(&f.fixes[i].Result) < f.wanted {
			f.tryKeepHeap(key, f.wanted)
			return
		}
	}
}

func setsKey(kvs []KeyValue, key string) bool {
	for _, kv := range kvs {
		if kv.Key == key {
			return true
		}
	}
	return false
}

// resetToDefault offers unsetting each configured option that is above
// its default, so that it goes back to what Flink would use.
func (f *fixer) resetToDefault(ids ...OptionID) {
	for _, id := range ids {
		key, set := f.keyed(id)
		def, ok := Default(id, f.in.Line)
		if !set || !ok {
			continue
		}
		switch options[id].Type {
		case TypeSize:
			cur, ok1 := f.currentSize(key)
			d, ok2 := sizeOf(key, def)
			if !ok1 || !ok2 || cur <= d {
				continue
			}
		case TypeFraction:
			cur, ok1 := f.currentFraction(key)
			d, ok2 := parseJavaNumber(def, 32)
			if !ok1 || !ok2 || cur <= d {
				continue
			}
		default:
			continue
		}
		f.tryUnset(key, "back to the default "+def)
	}
}

// correctUnits offers a unit for a size of the rejection written as a bare
// number: Flink reads "1728" as 1728 bytes, and a size below 1 MiB is
// never what was meant.
func (f *fixer) correctUnits() {
	for _, key := range f.rej.Keys() {
		raw, set := f.in.Config[key]
		o, ok := OptionByKey(key)
		if !set || !ok || o.Type != TypeSize || strings.HasSuffix(key, ".mb") {
			continue
		}
		t := strings.TrimSpace(raw)
		if t == "" || strings.TrimLeft(t, "0123456789") != "" {
			continue
		}
		if v, ok := sizeOf(key, t); ok && v > 0 && v < MiB {
			f.tryCorrect(key, t+"m", "a number without a unit is bytes")
		}
	}
}

// roleOption picks the option of the rejection's role.
func (f *fixer) roleOption(tm, jm OptionID) OptionID {
	if f.in.Role == JobManager {
		return jm
	}
	return tm
}

// trySetShipped offers setting an option to the value Flink's shipped
// configuration gives it.
func (f *fixer) trySetShipped(id OptionID) {
	if v, ok := Shipped(id, f.in.Line); ok {
		f.trySet(options[id].Key, v, "set")
	}
}

// migrateLegacyHeap offers, on a line that no longer reads the legacy
// heap keys, the key Flink used to read them as, with their value: the
// total Flink memory (JobManager: JVM heap) standalone, the process size
// in containers.
func (f *fixer) migrateLegacyHeap() {
	sizeID, mbID := f.roleOption(TMLegacyHeapSize, JMLegacyHeapSize), f.roleOption(TMLegacyHeapMB, JMLegacyHeapMB)
	if options[sizeID].ReadBy(f.in.Line) {
		return
	}
	target := f.roleOption(TMFlinkSize, JMHeap)
	if f.in.Deployment == Container {
		target = f.roleOption(TMProcessSize, JMProcessSize)
	}
	var steps []step
	var value MemorySize
	found := false
	for _, id := range [2]OptionID{sizeID, mbID} {
		key := options[id].Key
		raw, set := f.in.Config[key]
		if !set {
			continue
		}
		steps = append(steps, step{key: key, unset: true})
		if v, ok := sizeOf(key, raw); ok && !found {
			value, found = v, true
		}
	}
	if !found {
		return
	}
	steps = append(steps, step{key: options[target].Key, value: value.String(), verb: "set",
		why: "the legacy value; " + f.in.Line.String() + " no longer reads the legacy key"})
	fx := fixOf(steps...)
	fx.correction = true
	f.offer(fx)
}

// nearestMiB writes a size rounded to the nearest whole MiB.
func nearestMiB(m MemorySize) string {
	return (MemorySize((int64(m)+int64(MiB)/2)/int64(MiB)) * MiB).String()
}

func (f *fixer) planNoMemoryConfigured() {
	process := options[f.roleOption(TMProcessSize, JMProcessSize)]
	flink := options[f.roleOption(TMFlinkSize, JMFlinkSize)]
	f.migrateLegacyHeap()
	if f.in.Role == TaskManager {
		// Half of the fine-grained pair is set: complete it with what
		// Flink's default configuration gives the other half.
		shipped, err := Resolve(Input{Line: f.in.Line, Config: shippedConfig(TaskManager, f.in.Line)})
		heapKey, heapSet := f.keyed(TMTaskHeap)
		managedKey, managedSet := f.keyed(TMManagedSize)
		switch {
		case err != nil:
		case heapSet && !managedSet:
			f.trySetWhy(managedKey, nearestMiB(shipped.Size[Managed]), "set", "with the task heap it sizes the TaskManager")
		case managedSet && !heapSet:
			f.trySetWhy(heapKey, nearestMiB(shipped.Size[TaskHeap]), "set", "with the managed memory it sizes the TaskManager")
		}
	}
	f.trySetShipped(process.ID)
	f.trySetShipped(flink.ID)
	if len(f.fixes) == 0 {
		// Other sizes in the config do not fit the shipped defaults:
		// find the smallest process size that holds them.
		f.trySize(f.processKey(), true)
	}
}

func (f *fixer) planMetaspaceOverheadExceedProcess() {
	tk := f.totalKey()
	f.trySize(tk, true)
	f.keepHeap(tk)
	f.trySize(f.metaKey(), false)
	f.trySize(f.overheadKey(TMOverheadMin, JMOverheadMin), false)
}

func (f *fixer) planProcessLessThanFlinkPlusMetaspace() {
	pk := f.processKey()
	f.trySize(pk, true)
	f.tryUnset(pk, "Flink then adds metaspace and overhead itself")
	if k, set := f.flinkKey(); set {
		f.trySize(k, false)
	}
	f.trySize(f.metaKey(), false)
	if f.in.Role == TaskManager {
		f.trySizeIfSet(TMTaskHeap, false)
		f.trySizeIfSet(TMManagedSize, false)
	} else {
		f.trySizeIfSet(JMHeap, false)
	}
}

func (f *fixer) planDerivedOverheadOutOfRange() {
	pk := f.processKey()
	tooSmall := f.rej.Value < f.rej.Min
	if tooSmall {
		f.trySize(pk, true)
		f.trySize(f.overheadKey(TMOverheadMin, JMOverheadMin), false)
	} else {
		f.trySize(pk, false)
		f.trySize(f.overheadKey(TMOverheadMax, JMOverheadMax), true)
	}
	f.tryUnset(pk, "Flink then derives it")
	if k, set := f.flinkKey(); set {
		f.trySize(k, !tooSmall)
	}
}

// planMinGreaterThanMax lowers the min, raises the max, or unsets either.
func (f *fixer) planMinGreaterThanMax(minKey, maxKey string) {
	f.trySize(minKey, false)
	f.trySize(maxKey, true)
	f.tryUnsetToDefault(minKey)
	f.tryUnsetToDefault(maxKey)
}

// tryUnsetToDefault offers removing a key, naming the default it falls
// back to.
func (f *fixer) tryUnsetToDefault(key string) {
	why := ""
	if def, ok := f.defaultOf(key); ok {
		why = "back to the default " + def
		if v, err := ParseMemorySize(def); err == nil && v == MaxMemorySize {
			why = "back to the default: unlimited"
		}
	}
	f.tryUnset(key, why)
}

func (f *fixer) planNetworkMinGreaterThanMax() {
	minKey, _ := f.keyed(TMNetworkMin)
	maxKey, _ := f.keyed(TMNetworkMax)
	f.planMinGreaterThanMax(minKey, maxKey)
}

func (f *fixer) planOverheadMinGreaterThanMax() {
	f.planMinGreaterThanMax(f.overheadKey(TMOverheadMin, JMOverheadMin), f.overheadKey(TMOverheadMax, JMOverheadMax))
}

func (f *fixer) planFractionOutOfRange() {
	r := f.rej
	id := TMManagedFraction
	switch r.Check {
	case CheckNetworkFractionOutOfRange:
		id = TMNetworkFraction
	case CheckOverheadFractionOutOfRange:
		id = f.roleOption(TMOverheadFraction, JMOverheadFraction)
	}
	key, _ := f.keyed(id)
	def, _ := Default(id, f.in.Line)
	// A value from 2 to 99 is a percentage written for a fraction (1.2 is
	// more likely a misplaced point); a negative one in range is a stray
	// minus sign.
	switch v := r.Fraction; {
	case v >= 2 && v < 100:
		f.tryCorrect(key, strconv.FormatFloat(v/100, 'f', -1, 32), "a fraction, not a percentage")
	case v < 0 && v > -1:
		f.tryCorrect(key, strconv.FormatFloat(-v, 'f', -1, 32), "without the minus sign")
	}
	f.trySet(key, def, "set")
	f.tryUnset(key, "back to the default "+def)
}

func (f *fixer) planFineGrainedSumExceedsTotalFlink() {
	fk, _ := f.keyed(TMFlinkSize)
	f.trySize(fk, true)
	f.tryUnset(fk, "Flink then adds the parts up itself")
	f.trySizeIfSet(TMTaskHeap, false)
	f.trySizeIfSet(TMManagedSize, false)
	f.trySizeIfSet(TMFrameworkHeap, false)
	f.trySizeIfSet(TMTaskOffHeap, false)
}

// planNoRoomForTaskHeap serves both ways the parts of a TaskManager
// overflow a total Flink size: with an explicit task heap, and with the
// task heap left as the remainder.
func (f *fixer) planNoRoomForTaskHeap() {
	r := f.rej
	tk := f.totalKey()
	f.trySize(tk, true)
	f.keepHeap(tk)
	f.resetToDefault(TMFrameworkHeap, TMFrameworkOffHeap, TMTaskOffHeap, TMManagedFraction, TMNetworkFraction, TMNetworkMin)
	if r.Check == CheckTaskHeapPathSumExceedsTotalFlink {
		f.trySizeIfSet(TMTaskHeap, false)
	}
	fh, _ := f.keyed(TMFrameworkHeap)
	f.trySize(fh, false)
	if k, set := f.keyed(TMManagedSize); set {
		f.trySize(k, false)
	} else {
		k, _ := f.keyed(TMManagedFraction)
		f.tryFraction(k, false)
	}
	if r.Check == CheckDerivedTaskHeapNegative && r.Partial.NetworkSource == SourceFraction {
		if r.Partial.NetworkClamp == ClampMin {
			k, _ := f.keyed(TMNetworkMin)
			f.trySize(k, false)
		} else {
			k, _ := f.keyed(TMNetworkFraction)
			f.tryFraction(k, false)
		}
	}
	f.trySizeIfSet(TMTaskOffHeap, false)
	f.trySizeIfSet(TMFrameworkOffHeap, false)
}

func (f *fixer) planDerivedNetworkOutOfRange() {
	tk := f.totalKey()
	minKey, _ := f.keyed(TMNetworkMin)
	maxKey, _ := f.keyed(TMNetworkMax)
	if f.rej.Value < f.rej.Min {
		f.trySize(tk, true)
		f.tryUnset(tk, "Flink then adds network memory to the explicit sizes")
		f.trySizeIfSet(TMTaskHeap, false)
		f.trySizeIfSet(TMManagedSize, false)
		// A network min at what is left only helps when something is.
		if f.rej.Value > 0 {
			f.trySize(minKey, false)
		}
	} else {
		f.trySize(maxKey, true)
		f.trySize(tk, false)
		f.trySizeIfSet(TMTaskHeap, true)
		f.trySizeIfSet(TMManagedSize, true)
	}
}

func (f *fixer) planLegacyBuffers() {
	f.tryUnset(options[TMLegacyNetworkBuffers].Key, "network memory then follows taskmanager.memory.network.*")
}

func (f *fixer) planSegmentSize() {
	seg := options[TMSegmentSize]
	def, _ := Default(seg.ID, f.in.Line)
	f.trySet(seg.Key, def, "set")
	f.tryUnset(options[TMLegacyNetworkBuffers].Key, "the segment size is then only checked when buffers are used")
}

func (f *fixer) planLegacyHeapMBNegative() {
	f.tryUnset(options[f.roleOption(TMLegacyHeapMB, JMLegacyHeapMB)].Key, "")
}

func (f *fixer) planCPUCores() {
	cores := options[TMCPUCores].Key
	if _, set := f.in.Config[cores]; set {
		f.trySet(cores, "1", "set")
		f.tryUnset(cores, "one core per slot")
	} else {
		f.trySetShipped(TMNumSlots)
	}
}

func (f *fixer) planSlotsLessThanOne() {
	f.trySetShipped(TMNumSlots)
}

func (f *fixer) planJMHeapPlusOffHeapMismatchFlink() {
	r := f.rej
	fk, _ := f.keyed(JMFlinkSize)
	f.tryUnset(fk, "Flink then adds heap and off-heap itself")
	if r.Limit > r.Partial.Size[JobManagerHeap] {
		f.trySet(options[JMOffHeap].Key, (r.Limit - r.Partial.Size[JobManagerHeap]).String(), "set")
	}
	if r.Limit > r.Partial.Size[JobManagerOffHeap] {
		hk, _ := f.keyed(JMHeap)
		f.trySet(hk, (r.Limit - r.Partial.Size[JobManagerOffHeap]).String(), "set")
	}
}

func (f *fixer) planJMHeapExceedsTotalFlink() {
	fk, _ := f.keyed(JMFlinkSize)
	f.trySize(fk, true)
	f.tryUnset(fk, "Flink then adds heap and off-heap itself")
	hk, _ := f.keyed(JMHeap)
	f.trySize(hk, false)
}

func (f *fixer) planJMTotalFlinkNotAboveOffHeap() {
	tk := f.totalKey()
	f.trySize(tk, true)
	f.keepHeap(tk)
	f.resetToDefault(JMOffHeap)
	f.trySize(options[JMOffHeap].Key, false)
}

// planOverflow handles sizes so large that their sum or product exceeds
// 8 EiB: lower the largest configured size, or any configured size or
// fraction that brings the total back into range.
func (f *fixer) planOverflow() {
	defer func() {
		keys := make([]string, 0, len(f.in.Config))
		for k := range f.in.Config {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			o, ok := OptionByKey(k)
			switch {
			case !ok:
			case o.Type == TypeSize:
				f.trySize(k, false)
			case o.Type == TypeFraction:
				f.tryFraction(k, false)
			}
		}
	}()
	var keys []string
	var largest MemorySize
	for k, v := range f.in.Config {
		if o, ok := OptionByKey(k); ok && o.Type == TypeSize {
			if s, err := ParseMemorySize(v); err == nil && s >= largest {
				if s > largest {
					keys = keys[:0]
				}
				largest = s
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		f.trySize(k, false)
		f.tryUnsetToDefault(k)
	}
}

// planUnparsable offers a corrected spelling of a value Flink cannot read,
// when its meaning is clear, and otherwise removing the key.
func (f *fixer) planUnparsable() {
	key := f.rej.Key
	raw := f.rej.Raw
	if key == "" {
		return
	}
	if o, ok := OptionByKey(key); ok {
		switch o.Type {
		case TypeSize:
			if v, ok := respellSize(raw); ok {
				f.tryCorrect(key, v, "")
			}
		case TypeFraction, TypeDouble:
			if v, ok := respellNumber(raw); ok {
				f.tryCorrect(key, v, "")
			}
		case TypeInt:
			if v, ok := respellInt(raw); ok {
				f.tryCorrect(key, v, "")
			}
		case TypeBool:
			t := strings.ToLower(strings.TrimSpace(raw))
			if t == "true" || t == "false" {
				f.tryCorrect(key, t, "")
			}
		}
		why := ""
		if def, ok := Default(o.ID, f.in.Line); ok {
			why = "back to the default " + def
		}
		f.tryUnset(key, why)
	}
}
