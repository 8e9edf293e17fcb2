package memmodel

import (
	"sort"
	"strings"
)

// The fix plans of the checks (see checkTable): each offers the fixes an
// expert would try for one kind of refusal, most direct first. Keys come
// from the options table, as written in the configuration when a
// deprecated or legacy spelling is set.

// keepHeap follows a first fix that leaves almost no heap with one that
// raises the total until the heap is useful again.
func (f *fixer) keepHeap(key string) {
	if len(f.fixes) > 0 && f.fixes[0].Note != "" {
		target := sensibleTaskHeap
		if f.in.Role == JobManager {
			target = 1 * GiB
		}
		f.tryKeepHeap(key, target)
	}
}

// roleOption picks the option of the rejection's role.
func (f *fixer) roleOption(tm, jm OptionID) OptionID {
	if f.in.Role == JobManager {
		return jm
	}
	return tm
}

func (f *fixer) planNoMemoryConfigured() {
	process := options[f.roleOption(TMProcessSize, JMProcessSize)]
	flink := options[f.roleOption(TMFlinkSize, JMFlinkSize)]
	f.trySet(process.Key, process.Shipped, "set")
	f.trySet(flink.Key, flink.Shipped, "set")
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
	f.tryUnset(minKey, "")
	f.tryUnset(maxKey, "")
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
	if r.Fraction >= 1 {
		f.trySet(key, "0.99", "lower")
	} else if r.Fraction < 0 {
		f.trySet(key, "0", "raise")
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
		f.trySize(minKey, false)
		f.trySize(tk, true)
		f.trySizeIfSet(TMTaskHeap, false)
		f.trySizeIfSet(TMManagedSize, false)
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
	f.trySet(options[TMSegmentSize].Key, "32kb", "set")
	f.tryUnset(options[TMLegacyNetworkBuffers].Key, "the segment size is then only checked when buffers are used")
}

func (f *fixer) planLegacyHeapMBNegative() {
	f.tryUnset(options[f.roleOption(TMLegacyHeapMB, JMLegacyHeapMB)].Key, "")
}

func (f *fixer) planCPUCores() {
	cores, slots := options[TMCPUCores].Key, options[TMNumSlots]
	if _, set := f.in.Config[cores]; set {
		f.trySet(cores, "1", "set")
		f.tryUnset(cores, "one core per slot")
	} else {
		f.trySet(slots.Key, slots.Shipped, "set")
	}
}

func (f *fixer) planSlotsLessThanOne() {
	slots := options[TMNumSlots]
	f.trySet(slots.Key, slots.Shipped, "set")
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
		f.tryUnset(k, "")
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
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeFraction, TypeDouble:
			if v, ok := respellNumber(raw); ok {
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeInt:
			if v, ok := respellInt(raw); ok {
				f.offer(Fix{Set: []KeyValue{{key, v}}, Description: "write " + key + " as " + v})
			}
		case TypeBool:
			t := strings.ToLower(strings.TrimSpace(raw))
			if t == "true" || t == "false" {
				f.offer(Fix{Set: []KeyValue{{key, t}}, Description: "write " + key + " as " + t})
			}
		}
		why := ""
		if def, ok := Default(o.ID, f.in.Line); ok {
			why = "back to the default " + def
		}
		f.tryUnset(key, why)
	}
}
