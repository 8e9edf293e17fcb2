package view

import (
	"strings"

	"github.com/flinkmem/flinkmem/presets"
)

// PresetList renders `flinkmem presets`: one line per preset, starting with
// its name, padded to a column; a training preset says which check Flink
// refuses it with. none follows default, the preset it empties.
func PresetList(all []presets.Preset, none presets.Preset) string {
	list, width := make([]presets.Preset, 0, len(all)+1), len(none.Name)
	for _, p := range all {
		if list = append(list, p); p.Name == "default" {
			list = append(list, none)
		}
		width = max(width, len(p.Name))
	}
	if len(list) == len(all) {
		list = append(list, none)
	}
	var b strings.Builder
	for _, p := range list {
		b.WriteString(p.Name + strings.Repeat(" ", width-len(p.Name)) + "  ")
		if p.Training {
			b.WriteString("[training: Flink refuses it with " + string(p.Check) + "] ")
		}
		b.WriteString(strings.Join(strings.Fields(p.Title), " "))
		if d := strings.Join(strings.Fields(p.Description), " "); d != "" {
			b.WriteString(" — " + d)
		}
		b.WriteString("\n")
	}
	return b.String()
}
