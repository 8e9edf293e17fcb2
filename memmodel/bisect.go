package memmodel

// Bisections shared by the fix search of the network buffers and the
// solver: both look for the edge of a predicate that holds on one side
// of a value and not on the other.

// lastTrue is the largest i in [lo, hi] with pred(i), for a pred that
// holds at lo and, once false, stays false.
func lastTrue(lo, hi int64, pred func(int64) bool) int64 {
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if pred(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// firstTrue is the smallest i in (lo, hi] with pred(i), for a pred false
// at lo (or lo below the range) and true at hi, bisecting as if pred were
// monotone.
func firstTrue(lo, hi int64, pred func(int64) bool) int64 {
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if pred(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
