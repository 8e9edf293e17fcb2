package memmodel

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
)

// Flink reads fractions with Java's Float.parseFloat, CPU cores with
// Double.parseDouble and counts with Integer.parseInt. Their grammars differ
// from Go's strconv in small ways that decide whether Flink starts, so they
// are reproduced here.

// javaFloatSyntax reports whether s (already trimmed) is a literal Java's
// FloatingDecimal accepts, and returns the form Go's ParseFloat reads with
// the same value: the optional type suffix (f, F, d, D) removed.
func javaFloatSyntax(s string) (string, bool) {
	i := skipSign(s, 0)
	rest := s[i:]
	if rest == "NaN" || rest == "Infinity" {
		return s, true
	}
	if len(rest) >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') {
		return javaHexFloatSyntax(s, i+2)
	}
	i, digits := scanMantissa(s, i, isASCIIDigit)
	if digits == 0 {
		return "", false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		var ok bool
		if i, ok = scanExponent(s, i+1); !ok {
			return "", false
		}
	}
	return javaTypeSuffix(s, i)
}

// javaHexFloatSyntax checks a hexadecimal literal such as 0x1.8p1: hex
// digits with an optional point, a mandatory binary exponent, an optional
// type suffix. i points just past "0x".
func javaHexFloatSyntax(s string, i int) (string, bool) {
	i, digits := scanMantissa(s, i, isHexDigit)
	if digits == 0 || i >= len(s) || (s[i] != 'p' && s[i] != 'P') {
		return "", false
	}
	i, ok := scanExponent(s, i+1)
	if !ok {
		return "", false
	}
	return javaTypeSuffix(s, i)
}

// skipSign steps over one optional '+' or '-' at s[i].
func skipSign(s string, i int) int {
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	return i
}

// scanDigits steps over a run of digits from s[i] and says how many there were.
func scanDigits(s string, i int, isDigit func(byte) bool) (int, int) {
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i, i - start
}

// scanMantissa steps over digits with an optional point among them; both
// decimal and hexadecimal literals share this shape, only the digits differ.
func scanMantissa(s string, i int, isDigit func(byte) bool) (int, int) {
	i, digits := scanDigits(s, i, isDigit)
	if i < len(s) && s[i] == '.' {
		var more int
		i, more = scanDigits(s, i+1, isDigit)
		digits += more
	}
	return i, digits
}

// scanExponent steps over a signed decimal exponent (i points just past the
// e or p); Java requires at least one digit there.
func scanExponent(s string, i int) (int, bool) {
	i, digits := scanDigits(s, skipSign(s, i), isASCIIDigit)
	return i, digits > 0
}

// javaTypeSuffix accepts one optional f, F, d or D at s[end] and nothing
// after it, and returns the literal without the suffix.
func javaTypeSuffix(s string, end int) (string, bool) {
	i := end
	if i < len(s) && strings.IndexByte("fFdD", s[i]) >= 0 {
		i++
	}
	if i != len(s) {
		return "", false
	}
	return s[:end], true
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isASCIIDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// parseJavaNumber parses like Java's Float.parseFloat (bits 32) or
// Double.parseDouble (bits 64); a float result is widened to float64, as
// Flink widens it before any arithmetic.
func parseJavaNumber(s string, bitSize int) (float64, bool) {
	t, ok := javaFloatSyntax(javaTrim(s))
	if !ok {
		return 0, false
	}
	sign := 1.0
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		if body[0] == '-' {
			sign = -1
		}
		body = body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(int(sign)), true
	}
	// Go reads the same literals; ErrRange still yields the correctly
	// rounded ±Inf or 0 that Java produces.
	v, err := strconv.ParseFloat(body, bitSize)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return sign * v, true
}

// parseJavaInt parses like Java's Integer.parseInt: no trimming, an optional
// sign, at least one decimal digit (any Unicode decimal digit counts, as
// Character.digit allows), and the value must fit in 32 bits.
func parseJavaInt(s string) (int32, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	rs := []rune(s)
	i := 0
	if rs[0] == '+' || rs[0] == '-' {
		neg = rs[0] == '-'
		i++
		if len(rs) == 1 {
			return 0, false
		}
	}
	var v int64
	for ; i < len(rs); i++ {
		d, ok := decimalDigitValue(rs[i])
		if !ok {
			return 0, false
		}
		v = v*10 + int64(d)
		if v > math.MaxInt32+1 {
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		return 0, false
	}
	return int32(v), true
}

// decimalDigitValue is Java's Character.digit(r, 10) for decimal digits:
// Unicode decimal digits come in runs of ten starting at zero.
func decimalDigitValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return 0, false
	}
	zero := r
	for unicode.IsDigit(zero-1) && r-zero < 9 {
		zero--
	}
	return int(r-zero) % 10, true
}

// parseJavaBool parses like Flink's boolean conversion: "true" or "false"
// in any case, without trimming.
func parseJavaBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// FormatJavaNumber formats v as Java's Double.toString (bitSize 64) or
// Float.toString (bitSize 32, v holding a float value) does: the shortest
// digits that read back as v, plain between 10^-3 and 10^7 ("1.0", "0.5"),
// otherwise computerized scientific notation ("1.0E-8", "1.0E308").
// Flink writes numbers this way when it turns typed values into text.
func FormatJavaNumber(v float64, bitSize int) string {
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
		sign = "-"
		v = -v
	}
	e := strconv.FormatFloat(v, 'e', -1, bitSize) // d.ddde±xx
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if v >= 1e-3 && v < 1e7 {
		var intPart, frac string
		if exp >= 0 {
			if len(digits) <= exp+1 {
				intPart = digits + strings.Repeat("0", exp+1-len(digits))
				frac = "0"
			} else {
				intPart = digits[:exp+1]
				frac = digits[exp+1:]
			}
		} else {
			intPart = "0"
			frac = strings.Repeat("0", -exp-1) + digits
		}
		return sign + intPart + "." + frac
	}
	frac := digits[1:]
	if frac == "" {
		frac = "0"
	}
	return sign + digits[:1] + "." + frac + "E" + strconv.Itoa(exp)
}

func formatJavaDouble(v float64) string { return FormatJavaNumber(v, 64) }

// javaBigDecimalOf returns Java's BigDecimal.valueOf(v) as an exact
// rational: the shortest decimal of v.
func javaBigDecimalOf(v float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'e', -1, 64))
	if !ok {
		// NaN and infinities have no decimal; Flink refuses them before
		// any decimal is made, so only hand-built layouts get here.
		return new(big.Rat)
	}
	return r
}

// truncDecimal cuts r to scale decimal places toward zero (RoundingMode.DOWN).
func truncDecimal(r *big.Rat, scale int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	n := new(big.Int).Mul(r.Num(), p)
	n.Quo(n, r.Denom())
	return new(big.Rat).SetFrac(n, p)
}

// plainDecimal writes r (a decimal with at most scale places) without
// exponent; strip drops trailing fractional zeros (Java's
// stripTrailingZeros().toPlainString()), otherwise exactly scale places
// are written.
func plainDecimal(r *big.Rat, scale int, strip bool) string {
	s := r.FloatString(scale)
	if strip && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
