package memmodel

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// MemorySize is a number of bytes, as Flink's MemorySize holds it. It is
// never negative once parsed; arithmetic that Flink would refuse reports an
// error instead of wrapping around.
type MemorySize int64

// Binary size units. Flink's units are all powers of 1024.
const (
	Byte MemorySize = 1
	KiB             = 1024 * Byte
	MiB             = 1024 * KiB
	GiB             = 1024 * MiB
	TiB             = 1024 * GiB
)

// MaxMemorySize is the largest size Flink can represent (Long.MAX_VALUE
// bytes); Flink uses it as "unlimited" (for example network.max from 1.17).
const MaxMemorySize = MemorySize(math.MaxInt64)

// Bytes returns the size as a plain int64.
func (m MemorySize) Bytes() int64 { return int64(m) }

// sizeUnit is one spelling family of Flink's MemoryUnit.
type sizeUnit struct {
	names      [3]string
	multiplier int64
	short      string
}

var sizeUnits = [...]sizeUnit{
	{[3]string{"b", "bytes", ""}, 1, "b"},
	{[3]string{"k", "kb", "kibibytes"}, 1 << 10, "k"},
	{[3]string{"m", "mb", "mebibytes"}, 1 << 20, "m"},
	{[3]string{"g", "gb", "gibibytes"}, 1 << 30, "g"},
	{[3]string{"t", "tb", "tebibytes"}, 1 << 40, "t"},
}

// isJavaSpace reports whether Java's String.trim would strip c: every
// character at or below U+0020, control characters included.
func isJavaSpace(c byte) bool { return c <= ' ' }

// javaTrim trims s the way Java's String.trim does.
func javaTrim(s string) string {
	i, j := 0, len(s)
	for i < j && isJavaSpace(s[i]) {
		i++
	}
	for j > i && isJavaSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// ParseMemorySize reads a size the way Flink's MemorySize.parse does: an
// unsigned decimal integer, optional whitespace, then an optional unit
// (b, bytes, k, kb, kibibytes, m, mb, mebibytes, g, gb, gibibytes, t, tb,
// tebibytes; any case). A plain number is bytes. Fractions, signs and
// Kubernetes-style units ("2Gi") are refused, as Flink refuses them.
// The error is a *ValueError whose Check says which rule failed.
func ParseMemorySize(s string) (MemorySize, error) {
	v, check := parseMemorySize(s)
	if check != "" {
		return 0, &ValueError{Check: check, Value: s}
	}
	return v, nil
}

// parseMemorySize is ParseMemorySize without allocation: it returns the
// check code of the failed rule, or "" on success.
func parseMemorySize(s string) (MemorySize, Check) {
	t := javaTrim(s)
	if t == "" {
		return 0, CheckSizeEmpty
	}
	pos := 0
	for pos < len(t) && t[pos] >= '0' && t[pos] <= '9' {
		pos++
	}
	if pos == 0 {
		return 0, CheckSizeNoLeadingNumber
	}
	var value uint64
	for i := 0; i < pos; i++ {
		hi, lo := bits.Mul64(value, 10)
		lo, carry := bits.Add64(lo, uint64(t[i]-'0'), 0)
		if hi != 0 || carry != 0 || lo > math.MaxInt64 {
			return 0, CheckSizeNumberOverflow
		}
		value = lo
	}
	multiplier, ok := unitMultiplier(javaTrim(t[pos:]))
	if !ok {
		return 0, CheckSizeUnknownUnit
	}
	hi, lo := bits.Mul64(value, uint64(multiplier))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, CheckSizeBytesOverflow
	}
	return MemorySize(lo), ""
}

// unitMultiplier matches a unit case-insensitively, as Java's
// toLowerCase(Locale.US) followed by an exact comparison does (that also
// folds a few non-ASCII letters, such as the Kelvin sign, to ASCII). An
// empty unit means bytes.
func unitMultiplier(unit string) (int64, bool) {
	if unit == "" {
		return 1, true
	}
	if len(unit) > 3*len("kibibytes") {
		return 0, false
	}
	if !asciiOnly(unit) {
		unit = strings.ToLower(unit)
		if !asciiOnly(unit) {
			return 0, false
		}
	}
	for _, u := range sizeUnits {
		for _, n := range u.names {
			if n != "" && strings.EqualFold(n, unit) {
				return u.multiplier, true
			}
		}
	}
	return 0, false
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// String formats the size in the largest unit that divides it exactly, in
// the short form Flink reads back: "1728m", "1g", "0b", "134217731b".
func (m MemorySize) String() string {
	if m == 0 {
		return "0b"
	}
	if m < 0 {
		return strconv.FormatInt(int64(m), 10) + "b"
	}
	for i := len(sizeUnits) - 1; i > 0; i-- {
		u := sizeUnits[i]
		if int64(m)%u.multiplier == 0 {
			return strconv.FormatInt(int64(m)/u.multiplier, 10) + u.short
		}
	}
	return strconv.FormatInt(int64(m), 10) + "b"
}

// FlinkBytes formats the size as a byte count with the "b" suffix, the form
// Flink itself uses for its dynamic configs ("134217728b").
func (m MemorySize) FlinkBytes() string {
	return strconv.FormatInt(int64(m), 10) + "b"
}

// MebibytesCeil formats the size as whole mebibytes, rounded up ("2845m").
// Used when a fix must raise a value to the next whole MiB.
func (m MemorySize) MebibytesCeil() string {
	q := int64(m) / int64(MiB)
	if int64(m)%int64(MiB) != 0 {
		q++
	}
	return strconv.FormatInt(q, 10) + "m"
}

// MebibytesFloor formats the size as whole mebibytes, rounded down ("665m").
func (m MemorySize) MebibytesFloor() string {
	return strconv.FormatInt(int64(m)/int64(MiB), 10) + "m"
}

// Human formats the size for people: the largest binary unit in which the
// value is at least 1, with up to three decimals and trailing zeros
// dropped ("1.688 GiB", "512 MiB", "0 B"). MaxMemorySize reads "∞".
func (m MemorySize) Human() string {
	if m == MaxMemorySize {
		return "∞"
	}
	if m < 0 {
		if m == math.MinInt64 {
			return "-8 EiB"
		}
		return "-" + (-m).Human()
	}
	names := [...]string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for i < len(names)-1 && int64(m) >= int64(1)<<(10*(i+1)) {
		i++
	}
	if i == 0 {
		return strconv.FormatInt(int64(m), 10) + " B"
	}
	v := float64(m) / float64(int64(1)<<(10*i))
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + " " + names[i]
}

// HumanExact is Human followed by the exact byte count when the human form
// rounds ("1.688 GiB (1811939328 bytes)").
func (m MemorySize) HumanExact() string {
	h := m.Human()
	if m == MaxMemorySize || m < KiB {
		return h
	}
	return h + " (" + strconv.FormatInt(int64(m), 10) + " bytes)"
}
