package memmodel

import (
	"math"
	"math/bits"
	"strconv"
)

// pow10 holds the powers of ten that fit in a uint64.
var pow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// multiplyFraction multiplies a size by a non-negative factor exactly as
// Flink's MemorySize.multiply does: the factor is taken as the shortest
// decimal that reads back as the same double (Java's BigDecimal.valueOf),
// the product is exact, and the result is truncated toward zero. ok is
// false when the product exceeds the largest size (Flink throws an
// ArithmeticException there).
//
// The work is integer-only: the decimal is split into an integer mantissa
// (at most 17 digits) and a power of ten, so a 128-bit product suffices.
func multiplyFraction(size MemorySize, factor float64) (MemorySize, bool) {
	if factor == 0 || size == 0 {
		return 0, true
	}
	if math.IsInf(factor, 0) || math.IsNaN(factor) {
		return 0, false
	}
	var buf [32]byte
	digits := strconv.AppendFloat(buf[:0], factor, 'e', -1, 64)
	// digits looks like "d.ddddde-05" or "de+00".
	var mantissa uint64
	exp := 0
	i := 0
	if digits[0] == '-' {
		i++
	}
	for ; i < len(digits) && digits[i] != 'e'; i++ {
		if digits[i] == '.' {
			continue
		}
		mantissa = mantissa*10 + uint64(digits[i]-'0')
		exp--
	}
	exp++ // the first digit sits before the point
	i++   // skip 'e'
	neg := digits[i] == '-'
	e := 0
	for i++; i < len(digits); i++ {
		e = e*10 + int(digits[i]-'0')
	}
	if neg {
		e = -e
	}
	exp += e

	hi, lo := bits.Mul64(uint64(size), mantissa)
	for exp > 0 {
		// The product only grows from here, so any high word is overflow.
		if hi != 0 {
			return 0, false
		}
		hi, lo = bits.Mul64(lo, 10)
		exp--
	}
	for exp < 0 {
		k := -exp
		if k > 19 {
			k = 19
		}
		d := pow10[k]
		qhi := hi / d
		r := hi % d
		qlo, _ := bits.Div64(r, lo, d)
		hi, lo = qhi, qlo
		exp += k
		if hi == 0 && lo == 0 {
			break
		}
	}
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	return MemorySize(lo), true
}
