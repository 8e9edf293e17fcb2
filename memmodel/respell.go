package memmodel

import (
	"math"
	"strconv"
	"strings"
)

// Respelling: values Flink cannot read but whose meaning is clear, written
// the way Flink reads them. The unparsable checks' fix plan offers them.

// respellSize reads sizes people write but Flink does not: decimals
// ("1.5g"), Kubernetes and IEC units ("2Gi", "512 MiB") and decimal SI
// units ("2G" is taken as 2 GiB, as Flink's units are binary), and writes
// them in Flink's form, exactly.
func respellSize(raw string) (string, bool) {
	t := strings.TrimSpace(raw)
	i := 0
	for i < len(t) && (isASCIIDigit(t[i]) || t[i] == '.') {
		i++
	}
	if i == 0 {
		return "", false
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	unit = strings.TrimSuffix(strings.TrimSuffix(unit, "ib"), "i")
	mult, ok := unitMultiplier(unit)
	if !ok {
		return "", false
	}
	intPart, frac, _ := strings.Cut(num, ".")
	if strings.Contains(frac, ".") || intPart == "" && frac == "" {
		return "", false
	}
	// value = (intPart.frac) × mult, which must come out a whole number of
	// bytes.
	digits := intPart + frac
	n, err := strconv.ParseUint(strings.TrimLeft(digits, "0")+"0", 10, 64)
	if err != nil {
		return "", false
	}
	n /= 10
	den := uint64(1)
	for range frac {
		den *= 10
	}
	if n > math.MaxInt64/uint64(mult) || (n*uint64(mult))%den != 0 {
		return "", false
	}
	bytes := MemorySize(n * uint64(mult) / den)
	if bytes.String() == raw {
		return "", false
	}
	return bytes.String(), true
}

// respellNumber reads a fraction written with a comma or as a percentage.
func respellNumber(raw string) (string, bool) {
	t := strings.TrimSpace(raw)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	t = strings.Replace(t, ",", ".", 1)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return "", false
	}
	if pct {
		v /= 100
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if s == raw {
		return "", false
	}
	return s, true
}

// respellInt reads a whole number with stray spaces or a ".0".
func respellInt(raw string) (string, bool) {
	t := strings.TrimSuffix(strings.TrimSpace(raw), ".0")
	if _, ok := parseJavaInt(t); !ok || t == raw {
		return "", false
	}
	return t, true
}
