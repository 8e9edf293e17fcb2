package flinkconf

import "github.com/flinkmem/flinkmem/memmodel"

// javaDoubleString formats v as Java's Double.toString does (the shortest
// digits that read back as v): "0.4", "1000.0", "1.0E7", "1.0E-5", "NaN",
// "Infinity".
func javaDoubleString(v float64) string { return memmodel.FormatJavaNumber(v, 64) }

// javaFloatString formats v, a value of Java's float type, as
// Float.toString does.
func javaFloatString(v float32) string { return memmodel.FormatJavaNumber(float64(v), 32) }
