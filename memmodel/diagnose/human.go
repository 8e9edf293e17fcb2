package diagnose

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// FlinkHuman formats a size the way Flink's logs print it
// (MemorySize.toHumanReadableString): up to 1024 bytes as "N bytes",
// larger values with three decimals in the largest unit strictly below the
// value, followed by the exact count: "1.688gb (1811939328 bytes)",
// "1024.000mb (1073741824 bytes)".
func FlinkHuman(m memmodel.MemorySize) string {
	b := int64(m)
	units := [...]string{"kb", "mb", "gb", "tb"}
	u := -1
	for i := range units {
		if b > int64(1)<<(10*(i+1)) {
			u = i
		}
	}
	if u < 0 {
		return strconv.FormatInt(b, 10) + " bytes"
	}
	v := float64(b) / float64(int64(1)<<(10*(u+1)))
	return javaFixed3(v) + units[u] + " (" + strconv.FormatInt(b, 10) + " bytes)"
}

// javaFixed3 is Java's String.format("%.3f", v) for a positive double:
// the shortest decimal of the double, rounded half up to three places.
func javaFixed3(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) < 4 {
		frac += "0"
	}
	digits := []byte(intPart + frac[:3])
	if frac[3] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits)
	return string(digits[:n-3]) + "." + string(digits[n-3:])
}
