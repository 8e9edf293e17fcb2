package view

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// projectorPalette is the projector theme: a black background and colours
// from the xterm 256-colour cube (so that 256-colour terminals show them
// exactly), each at least 7:1 against the background, with no dim greys.
var projectorPalette = struct {
	bg, fg, accent, err, warn, ok string
	segment                       [memmodel.NumComponents]string
}{
	bg: "#000000", fg: "#ffffff", accent: "#ffff5f", err: "#ff8787", warn: "#ffd75f", ok: "#87ff87",
	segment: [memmodel.NumComponents]string{
		memmodel.FrameworkHeap:     "#5fafff",
		memmodel.TaskHeap:          "#87d7ff",
		memmodel.Managed:           "#5fd75f",
		memmodel.FrameworkOffHeap:  "#ffaf5f",
		memmodel.TaskOffHeap:       "#ffd787",
		memmodel.Network:           "#d7afff",
		memmodel.Metaspace:         "#5fffff",
		memmodel.Overhead:          "#ffafd7",
		memmodel.JobManagerHeap:    "#87d7ff",
		memmodel.JobManagerOffHeap: "#ffd787",
	},
}

// ContrastRatio is the WCAG 2 contrast ratio of two colours written as
// "#rrggbb": from 1 (the same) to 21 (black on white). Text needs 4.5 for
// level AA and 7 for AAA.
func ContrastRatio(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), nil
}

// luminance is a colour's relative luminance as WCAG 2 defines it.
func luminance(hex string) (float64, error) {
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
