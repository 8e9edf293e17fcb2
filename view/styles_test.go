package view

import (
	"math"
	"strconv"
	"testing"

	"github.com/muesli/termenv"
)

// Backgrounds the themes are drawn on: pure and the common greys of dark
// and light terminal themes.
var (
	darkBackgrounds  = []string{"#000000", "#1e1e1e", "#282c34"}
	lightBackgrounds = []string{"#ffffff", "#fafafa", "#f0f0f0"}
)

// luminance is WCAG 2's relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += weight * c
	}
	return l
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// in256 is the colour a 256-colour terminal shows for hex.
func in256(hex string) string {
	return termenv.ConvertToRGB(termenv.ANSI256.Convert(termenv.RGBColor(hex))).Hex()
}

// TestThemeContrast checks every text colour of both themes against the
// backgrounds it is drawn on for WCAG AA (4.5:1), in true colour and as a
// 256-colour terminal shows it; the bar's segments, which are graphics,
// for WCAG's 3:1 for non-text contrast.
func TestThemeContrast(t *testing.T) {
	check := func(name, fg string, bgs []string, least float64) {
		for _, c := range []string{fg, in256(fg)} {
			for _, bg := range bgs {
				if r := contrast(t, c, bg); r < least {
					t.Errorf("%s %s on %s: contrast %.2f, want at least %.1f", name, c, bg, r, least)
				}
			}
		}
	}
	for name, c := range TextColors {
		check(name+" (light)", c.Light, lightBackgrounds, 4.5)
		check(name+" (dark)", c.Dark, darkBackgrounds, 4.5)
	}
	for i, c := range SegmentColors {
		check("segment "+strconv.Itoa(i)+" (light)", c.Light, lightBackgrounds, 3)
		check("segment "+strconv.Itoa(i)+" (dark)", c.Dark, darkBackgrounds, 3)
	}
	// The selected key and the keys a refusal involves must not look
	// alike: their colours differ clearly in both themes.
	for _, pick := range []func(ThemeColor) string{func(c ThemeColor) string { return c.Light }, func(c ThemeColor) string { return c.Dark }} {
		a, b := pick(TextColors["accent"]), pick(TextColors["involved"])
		if a == b || in256(a) == in256(b) {
			t.Errorf("accent %s and involved %s look the same", a, b)
		}
	}
}
