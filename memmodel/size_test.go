package memmodel

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

var parseSizeTests = []struct {
	in    string
	want  MemorySize
	check Check
}{
	{"0", 0, ""},
	{"1728m", 1728 * MiB, ""},
	{"1728M", 1728 * MiB, ""},
	{"1 gb", GiB, ""},
	{" 512m ", 512 * MiB, ""},
	{"\t64 MEBIBYTES\n", 64 * MiB, ""},
	{"32kb", 32 * KiB, ""},
	{"32 KiBiBytes", 32 * KiB, ""},
	{"1k", KiB, ""},
	{"1t", TiB, ""},
	{"2 tebibytes", 2 * TiB, ""},
	{"1 gibibytes", GiB, ""},
	{"134217728b", 134217728, ""},
	{"134217728 bytes", 134217728, ""},
	{"007m", 7 * MiB, ""},
	{"9223372036854775807", MaxMemorySize, ""},
	{"8388607t", 8388607 * TiB, ""},
	{"1\u212Ab", KiB, ""}, // Kelvin sign lower-cases to k, as in Java
	{"", 0, CheckSizeEmpty},
	{"   ", 0, CheckSizeEmpty},
	{"-1m", 0, CheckSizeNoLeadingNumber},
	{"+1g", 0, CheckSizeNoLeadingNumber},
	{".5g", 0, CheckSizeNoLeadingNumber},
	{"g", 0, CheckSizeNoLeadingNumber},
	{"١٢m", 0, CheckSizeNoLeadingNumber},
	{"1.5g", 0, CheckSizeUnknownUnit},
	{"2Gi", 0, CheckSizeUnknownUnit},
	{"1 MiB", 0, CheckSizeUnknownUnit},
	{"12 parsecs", 0, CheckSizeUnknownUnit},
	{"1e3", 0, CheckSizeUnknownUnit},
	{"0x10", 0, CheckSizeUnknownUnit},
	{"1 m b", 0, CheckSizeUnknownUnit},
	{"9223372036854775808", 0, CheckSizeNumberOverflow},
	{"99999999999999999999 parsecs", 0, CheckSizeNumberOverflow},
	{"8388608t", 0, CheckSizeBytesOverflow},
	{"8589934592g", 0, CheckSizeBytesOverflow},
	{"9223372036854775807k", 0, CheckSizeBytesOverflow},
}

func TestParseMemorySize(t *testing.T) {
	for _, tt := range parseSizeTests {
		got, err := ParseMemorySize(tt.in)
		if tt.check == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseMemorySize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Check != tt.check {
			t.Errorf("ParseMemorySize(%q) error = %v; want check %s", tt.in, err, tt.check)
		}
	}
}

func TestMemorySizeFormats(t *testing.T) {
	tests := []struct {
		in                        MemorySize
		str, human, exact, mib, f string
	}{
		{1728 * MiB, "1728m", "1.688 GiB", "1.688 GiB (1811939328 bytes)", "1728m", "1811939328b"},
		{GiB, "1g", "1 GiB", "1 GiB (1073741824 bytes)", "1024m", "1073741824b"},
		{0, "0b", "0 B", "0 B", "0m", "0b"},
		{134217730, "134217730b", "128 MiB", "128 MiB (134217730 bytes)", "128m", "134217730b"},
		{32 * KiB, "32k", "32 KiB", "32 KiB (32768 bytes)", "0m", "32768b"},
		{3 * TiB, "3t", "3 TiB", "3 TiB (3298534883328 bytes)", "3145728m", "3298534883328b"},
		{512, "512b", "512 B", "512 B", "0m", "512b"},
		{MaxMemorySize, "9223372036854775807b", "∞", "∞", "8796093022207m", "9223372036854775807b"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.str {
			t.Errorf("%d.String() = %q, want %q", tt.in, got, tt.str)
		}
		if got := tt.in.Human(); got != tt.human {
			t.Errorf("%d.Human() = %q, want %q", tt.in, got, tt.human)
		}
		if got := tt.in.HumanExact(); got != tt.exact {
			t.Errorf("%d.HumanExact() = %q, want %q", tt.in, got, tt.exact)
		}
		if got := tt.in.MebibytesFloor(); got != tt.mib {
			t.Errorf("%d.MebibytesFloor() = %q, want %q", tt.in, got, tt.mib)
		}
		if got := tt.in.FlinkBytes(); got != tt.f {
			t.Errorf("%d.FlinkBytes() = %q, want %q", tt.in, got, tt.f)
		}
		back, err := ParseMemorySize(tt.in.String())
		if err != nil || back != tt.in {
			t.Errorf("ParseMemorySize(%q) = %d, %v; want %d", tt.in.String(), back, err, tt.in)
		}
	}
	if got := (2845*MiB - 1).MebibytesCeil(); got != "2845m" {
		t.Errorf("MebibytesCeil = %q, want 2845m", got)
	}
}

func TestMultiplyFraction(t *testing.T) {
	f32 := func(s string) float64 { v, _ := strconv.ParseFloat(s, 32); return float64(float32(v)) }
	tests := []struct {
		size   MemorySize
		factor float64
		want   MemorySize
		ok     bool
	}{
		{GiB, f32("0.6"), 644245119, true},            // the conformance README's example
		{1280 * MiB, f32("0.4"), 536870920, true},     // managed of the default TM
		{1280 * MiB, f32("0.1"), 134217730, true},     // network of the default TM
		{1728 * MiB, f32("0.1"), 181193935, true},     // overhead before clamping
		{GiB, 0, 0, true},                             //
		{GiB, math.Copysign(0, -1), 0, true},          // -0.0 is accepted
		{MaxMemorySize, 0.5, MaxMemorySize / 2, true}, //
		{MaxMemorySize, 0.99 / (1 - 0.99), 0, false},  // beyond 8 EiB
		{GiB, 99, 99 * GiB, true},                     //
		{1, 1e-300, 0, true},                          // far below one byte
	}
	for _, tt := range tests {
		got, ok := multiplyFraction(tt.size, tt.factor)
		if got != tt.want || ok != tt.ok {
			t.Errorf("multiplyFraction(%d, %v) = %d, %v; want %d, %v", tt.size, tt.factor, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJavaNumbers(t *testing.T) {
	floats := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.4", float64(float32(0.4)), true},
		{" .3 ", float64(float32(0.3)), true},
		{"0.4f", float64(float32(0.4)), true},
		{"1e-1", float64(float32(0.1)), true},
		{"0x1p-2", 0.25, true},
		{"3.", 3, true},
		{"-0.0", math.Copysign(0, -1), true},
		{"", 0, false},
		{"40%", 0, false},
		{"0,4", 0, false},
		{"1e", 0, false},
		{"inf", 0, false},
		{"0x1", 0, false},
		{"1_0", 0, false},
	}
	for _, tt := range floats {
		got, ok := parseJavaNumber(tt.in, 32)
		if ok != tt.ok || (ok && got != tt.want) || (ok && math.Signbit(got) != math.Signbit(tt.want)) {
			t.Errorf("parseJavaNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if v, ok := parseJavaNumber("NaN", 32); !ok || !math.IsNaN(v) {
		t.Errorf("NaN not read as NaN")
	}
	if v, ok := parseJavaNumber("-Infinity", 64); !ok || !math.IsInf(v, -1) {
		t.Errorf("-Infinity not read")
	}
	ints := []struct {
		in   string
		want int32
		ok   bool
	}{{"4", 4, true}, {"+4", 4, true}, {"04", 4, true}, {"-1", -1, true}, {"4 ", 0, false}, {" 4", 0, false},
		{"1.5", 0, false}, {"2147483647", math.MaxInt32, true}, {"2147483648", 0, false}, {"-2147483648", math.MinInt32, true},
		{"١٢", 12, true}, {"", 0, false}, {"-", 0, false}}
	for _, tt := range ints {
		got, ok := parseJavaInt(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseJavaInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	doubles := map[float64]string{1: "1.0", 0.5: "0.5", 1e-8: "1.0E-8", 1e308: "1.0E308", 150: "150.0",
		123456789.12345679: "1.2345678912345679E8", 1e7: "1.0E7", 9999999: "9999999.0", 0.001: "0.001", 0.0001: "1.0E-4"}
	for v, want := range doubles {
		if got := formatJavaDouble(v); got != want {
			t.Errorf("formatJavaDouble(%v) = %q, want %q", v, got, want)
		}
	}
}

func FuzzParseMemorySize(f *testing.F) {
	for _, tt := range parseSizeTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseMemorySize(s)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Check == "" || ve.Error() == "" {
				t.Fatalf("ParseMemorySize(%q): error without check: %v", s, err)
			}
			return
		}
		if v < 0 {
			t.Fatalf("ParseMemorySize(%q) = %d, negative", s, v)
		}
		back, err := ParseMemorySize(v.String())
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %q read back as %d, %v", s, v.String(), back, err)
		}
		_ = v.Human()
		_ = v.HumanExact()
	})
}
