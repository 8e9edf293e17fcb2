package flinkconf

import (
	"math"
	"strconv"
	"strings"
)

// javaDoubleString formats v as Java's Double.toString does (the shortest
// digits that read back as v): "0.4", "1000.0", "1.0E7", "1.0E-5", "NaN",
// "Infinity".
func javaDoubleString(v float64) string { return javaFloatingString(v, 64) }

// javaFloatString formats v, a value of Java's float type, as
// Float.toString does.
func javaFloatString(v float32) string { return javaFloatingString(float64(v), 32) }

func javaFloatingString(v float64, bits int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	case v == 0:
		if math.Signbit(v) {
			return "-0.0"
		}
		return "0.0"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	// Shortest digits in scientific form: "d.ddde±x".
	s := strconv.FormatFloat(v, 'e', -1, bits)
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	if v >= 1e-3 && v < 1e7 {
		if exp >= 0 {
			for len(digits) < exp+1 {
				digits += "0"
			}
			frac := digits[exp+1:]
			if frac == "" {
				frac = "0"
			}
			return sign + digits[:exp+1] + "." + frac
		}
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	frac := digits[1:]
	if frac == "" {
		frac = "0"
	}
	return sign + digits[:1] + "." + frac + "E" + strconv.Itoa(exp)
}
