package view

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// projectorTheme is for a projector or a large screen read from the back
// of a room: every colour at least 7:1 against a white (light) or black
// (dark) background, no dim greys, and bold ruler labels. Where it can,
// it takes colours from the xterm 256-colour cube, which 256-colour
// terminals show exactly. Its colours are the projector column of the
// palette tables in styles.go.
var projectorTheme = themeOf(themeProjector, true)

// projectorBackground is the background the projector theme is checked
// against: white for the light palette, black for the dark one.
var projectorBackground = ThemeColor{Light: "#ffffff", Dark: "#000000"}

// ProjectorStyles builds the projector theme's styles for a renderer; its
// background decides between the light and the dark palette, as for
// NewStyles.
func ProjectorStyles(r *lipgloss.Renderer, ascii bool) Styles {
	return themedStyles(r, ascii, projectorTheme)
}

// ContrastRatio is the WCAG 2 contrast ratio of two colours written as
// "#rrggbb": from 1 (the same) to 21 (black on white). Text needs 4.5 for
// level AA and 7 for AAA.
func ContrastRatio(a, b string) (float64, error) {
	la, err := relativeLuminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := relativeLuminance(b)
	if err != nil {
		return 0, err
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), nil
}

// relativeLuminance is a colour's relative luminance as WCAG 2 defines it.
func relativeLuminance(hex string) (float64, error) {
	s := strings.TrimPrefix(hex, "#")
	if len(s) != 6 {
		return 0, fmt.Errorf("colour %q: write it as #rrggbb", hex)
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("colour %q: write it as #rrggbb", hex)
	}
	var lin [3]float64
	for i := range lin {
		c := float64((v>>(16-8*i))&0xff) / 255
		if c <= 0.03928 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2], nil
}
