package presets

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Layers are the parts a configuration is built from, lowest first:
// Flink's defaults < a preset < a configuration file < dynamic options
// (-D). Every front end builds its input with Layer, so that they agree.
type Layers struct {
	// Preset names the preset to start from; "" names none. Without a
	// preset, a file and dynamic options, the default preset is used.
	Preset string
	// File is the configuration a file holds (nil without one), and
	// FileLabel says where it came from ("file conf/config.yaml").
	File      memmodel.Config
	FileLabel string
	// Dynamic are the -D options in command-line order.
	Dynamic []memmodel.KeyValue
	// Role and Line are the process and Flink line to resolve for; the
	// Chosen flags say the user chose them explicitly (see Place).
	Role       memmodel.Role
	Line       memmodel.Line
	RoleChosen bool
	LineChosen bool
	Deployment memmodel.Deployment
}

// Layered is a configuration built from Layers.
type Layered struct {
	Input memmodel.Input
	// Preset is the name of the preset used, "" for none; Implicit says it
	// is the default preset standing in for missing input.
	Preset   string
	Implicit bool
	// Source says where the configuration came from, for headers:
	// "preset rocksdb + file conf/config.yaml + 2 -D options".
	Source string
	// Placement is where the preset placed the input (see Place).
	Placement Placement
	// OtherLines, when set, says the preset is meant for other lines than
	// the one chosen.
	OtherLines string
}

// Layer builds the input from its layers, applying the preset policy of
// Place and merging with memmodel.MergeConfigs.
func Layer(l Layers) (Layered, error) {
	out := Layered{Preset: l.Preset}
	if l.Preset == "" && l.File == nil && len(l.Dynamic) == 0 {
		out.Preset, out.Implicit = "default", true
	}
	role, line := l.Role, l.Line
	var sources []string
	var base memmodel.Config
	if out.Preset != "" {
		p, err := Get(out.Preset)
		if err != nil {
			return Layered{}, fmt.Errorf("--preset: %w", err)
		}
		out.Placement = p.Place(Target{Role: role, Line: line, RoleChosen: l.RoleChosen, LineChosen: l.LineChosen})
		role, line, base = out.Placement.Role, out.Placement.Line, p.Config(out.Placement.Role)
		if out.Placement.OtherLine {
			out.OtherLines = strings.Join(p.Lines, ", ")
		}
		label := "preset " + p.Name
		if out.Implicit {
			label += " (no -c, -D or --preset given)"
		}
		sources = append(sources, label)
	}
	if role == memmodel.JobManager && !line.HasJobManagerModel() {
		if out.Placement.RoleSwitched {
			return Layered{}, fmt.Errorf("--preset %s is about the JobManager, whose memory model starts with Flink 1.11; choose --flink 1.11 or later", out.Preset)
		}
		return Layered{}, fmt.Errorf("--jobmanager: the JobManager memory model starts with Flink 1.11; Flink %s sizes the JobManager with jobmanager.heap.size alone", line)
	}
	if l.File != nil {
		sources = append(sources, l.FileLabel)
	}
	dynamic := make(memmodel.Config, len(l.Dynamic))
	for _, kv := range l.Dynamic {
		dynamic[kv.Key] = kv.Value
	}
	switch n := len(l.Dynamic); {
	case n == 1:
		sources = append(sources, "1 -D option")
	case n > 1:
		sources = append(sources, strconv.Itoa(n)+" -D options")
	}
	out.Input = memmodel.Input{Role: role, Line: line, Deployment: l.Deployment, Config: memmodel.MergeConfigs(base, l.File, dynamic)}
	out.Source = strings.Join(sources, " + ")
	return out, nil
}
