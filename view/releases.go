package view

import (
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// ReleaseList renders the Flink releases the tool models, one per line,
// oldest first: the --flink name, the releases it covers and how the model
// of them is verified.
func ReleaseList() string {
	lines := memmodel.Lines()
	nameW, relW := 0, 0
	for _, l := range lines {
		nameW = max(nameW, width(l.String()))
		relW = max(relW, width(l.Releases()))
	}
	var b strings.Builder
	b.WriteString("Flink releases (--flink; default " + memmodel.LatestLine.String() + ", 1.20 for a flink-conf.yaml):\n")
	for _, l := range lines {
		b.WriteString("  " + fit(l.String(), nameW, Glyphs{}) + "  " + fit(l.Releases(), relW, Glyphs{}) + "  " + l.Verification() + "\n")
	}
	return b.String()
}
