package memmodel

import (
	"math"
	"strconv"
	"strings"
)

// The fixer's moves: set, unset, and search a size or fraction for the
// smallest change in one direction that resolves.

// current returns the value an option key has in the input: configured, or
// the line's default; ok is false when the key is unset without default
// or its value cannot be read.
func (f *fixer) currentSize(key string) (MemorySize, bool) {
	if raw, set := f.in.Config[key]; set {
		return sizeOf(key, raw)
	}
	def, ok := f.defaultOf(key)
	if !ok {
		return 0, false
	}
	v, err := ParseMemorySize(def)
	return v, err == nil
}

// defaultOf is the line's default of the option a key sets.
func (f *fixer) defaultOf(key string) (string, bool) {
	o, ok := OptionByKey(key)
	if !ok {
		return "", false
	}
	return Default(o.ID, f.in.Line)
}

func (f *fixer) currentFraction(key string) (float64, bool) {
	if raw, set := f.in.Config[key]; set {
		return parseJavaNumber(raw, 32)
	}
	def, ok := f.defaultOf(key)
	if !ok {
		return 0, false
	}
	v, _ := strconv.ParseFloat(def, 64)
	return float64(float32(v)), true
}

// sizeValue writes a size in whole MiB, in the form the key takes.
func sizeValue(key string, mib int64) string {
	if strings.HasSuffix(key, ".heap.mb") {
		return strconv.FormatInt(mib, 10)
	}
	return strconv.FormatInt(mib, 10) + "m"
}

// setFix builds the fix that sets one key.
func setFix(verb, key, value string) Fix {
	return fixOf(step{key: key, value: value, verb: verb})
}

// sizeOf reads a value written for a size key (a legacy .heap.mb key
// holds whole MiB).
func sizeOf(key, value string) (MemorySize, bool) {
	if strings.HasSuffix(key, ".heap.mb") {
		v, ok := parseJavaInt(value)
		return MemorySize(int64(v) << 20), ok && v >= 0
	}
	v, err := ParseMemorySize(value)
	return v, err == nil
}

// searchSize finds the smallest whole-MiB value above the current one
// (raise) or the largest below it (lower) that makes the configuration
// resolve and satisfies want (nil: any valid layout). The search doubles
// its step until it finds a valid value, then bisects; the result is
// verified, so a non-monotone case costs minimality, never correctness.
func (f *fixer) searchSize(key string, raise bool, want func(*Layout) bool) (int64, bool) {
	cur, ok := f.currentSize(key)
	if !ok {
		if !raise {
			return 0, false
		}
		cur = 0
	}
	curMiB := int64(cur / MiB)
	// A raise an expert would try stays within reach of the current size:
	// past eight times it (or 64 GiB for small sizes) a remainder that
	// only turns positive through rounding at absurd totals (fractions
	// that add up to nearly everything) is no fix at all.
	maxMiB := int64(MaxMemorySize / MiB)
	if raise {
		maxMiB = min(maxMiB, max(8*curMiB, maxRaiseFloorMiB))
	}
	good := func(mib int64) bool {
		l, ok := f.resolveWith(setFix("", key, sizeValue(key, mib)))
		return ok && (want == nil || want(&l))
	}
	if raise {
		lo := curMiB // bad (or the current value, which failed)
		if cur%MiB != 0 || cur == 0 {
			lo = curMiB
		}
		step := int64(1)
		hi := int64(-1)
		for lo+step <= maxMiB && step > 0 {
			if good(lo + step) {
				hi = lo + step
				break
			}
			lo += step
			step *= 2
		}
		if hi < 0 {
			return 0, false
		}
		return bisect(lo, hi, good), true
	}
	hi := curMiB
	if int64(cur)%int64(MiB) != 0 {
		hi = curMiB + 1 // the current value itself is bad; any floor is below it
	}
	lo := int64(-1)
	step := int64(1)
	for hi-step >= 0 {
		if good(hi - step) {
			lo = hi - step
			break
		}
		hi -= step
		step *= 2
	}
	if lo < 0 {
		if hi > 0 && good(0) {
			lo = 0
		} else {
			return 0, false
		}
	}
	return bisect(hi, lo, good), true
}

// maxRaiseFloorMiB is the largest total a raising fix may reach from a
// small size: 64 GiB, a large TaskManager by any measure.
const maxRaiseFloorMiB = 64 * 1024

// bisect narrows a bad and a good value (in either order) down to
// neighbours and returns the good one.
func bisect(bad, good int64, isGood func(int64) bool) int64 {
	for bad-good > 1 || good-bad > 1 {
		mid := min(bad, good) + max(bad-good, good-bad)/2
		if isGood(mid) {
			good = mid
		} else {
			bad = mid
		}
	}
	return good
}

// trySize offers the fix that raises or lowers a size key as little as
// possible.
func (f *fixer) trySize(key string, raise bool) {
	mib, ok := f.searchSize(key, raise, nil)
	if !ok {
		return
	}
	verb := "lower"
	if raise {
		verb = "raise"
	}
	f.offer(setFix(verb, key, sizeValue(key, mib)))
}

// tryFraction offers the fix that moves a fraction key by the fewest
// hundredths in the given direction.
func (f *fixer) tryFraction(key string, raise bool) {
	cur, ok := f.currentFraction(key)
	if !ok || math.IsNaN(cur) {
		return
	}
	hundredths := int(math.Floor(cur * 100))
	if raise {
		hundredths = int(math.Ceil(cur*100 + 1e-9))
	}
	for i := 0; i <= 100; i++ {
		h := hundredths - i
		if raise {
			h = hundredths + i
		}
		if h < 0 || h > 99 {
			return
		}
		v := strconv.FormatFloat(float64(h)/100, 'f', -1, 64)
		if v == f.in.Config[key] {
			continue
		}
		verb := "lower"
		if raise {
			verb = "raise"
		}
		fx := setFix(verb, key, v)
		if _, ok := f.resolveWith(fx); ok {
			f.offer(fx)
			return
		}
	}
}

// trySet offers setting a key to a value.
func (f *fixer) trySet(key, value, verb string) {
	f.trySetWhy(key, value, verb, "")
}

// trySetWhy offers setting a key to a value, saying why.
func (f *fixer) trySetWhy(key, value, verb, why string) {
	if f.in.Config[key] == value {
		return
	}
	f.offer(fixOf(step{key: key, value: value, verb: verb, why: why}))
}

// tryCorrect offers an obvious correction of what the user wrote.
func (f *fixer) tryCorrect(key, value, why string) {
	fx := fixOf(step{key: key, value: value, verb: "write", why: why})
	fx.correction = true
	f.offer(fx)
}

// tryUnset offers removing a configured key.
func (f *fixer) tryUnset(key string, why string) {
	if _, set := f.in.Config[key]; !set {
		return
	}
	f.offer(fixOf(step{key: key, unset: true, why: why}))
}

// tryKeepHeap offers raising a total size until the task heap (JobManager:
// heap) is at least target, for rejections whose smallest fix leaves
// almost nothing for user code.
func (f *fixer) tryKeepHeap(key string, target MemorySize) {
	mib, ok := f.searchSize(key, true, func(l *Layout) bool { return heapOf(l) >= target })
	if !ok {
		return
	}
	fx := setFix(f.verbFor(key, sizeValue(key, mib)), key, sizeValue(key, mib))
	l, ok := f.resolveWith(fx)
	if !ok {
		return
	}
	fx.Note = "keeps " + heapOf(&l).Human() + " " + heapWord(l.Role)
	f.offer(fx)
}
