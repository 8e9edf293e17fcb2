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
	// Preset names the preset to start from; "" names none ("none" is the
	// empty preset). Without a preset and a file, the default preset is
	// the base: of nothing (no input at all), or of the dynamic options,
	// whose own sizes then replace its total sizes (see TrimBase).
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
	// is the default preset standing in for missing input, Base that it is
	// the default preset under dynamic options given without a preset or
	// file.
	Preset         string
	Implicit, Base bool
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
	if l.Preset == "" && l.File == nil {
		out.Preset, out.Implicit, out.Base = "default", len(l.Dynamic) == 0, len(l.Dynamic) > 0
	}
	dynamic := make(memmodel.Config, len(l.Dynamic))
	for _, kv := range l.Dynamic {
		dynamic[kv.Key] = kv.Value
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
		switch {
		case out.Implicit:
			label += " (no -c, -D or --preset given)"
		case out.Base:
			var replaced []string
			base, replaced = TrimBase(base, dynamic)
			label += " as base"
			if len(replaced) > 0 {
				label += ", " + strings.Join(replaced, " and ") + " size from -D"
			}
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

// totalSizes are the options that size a whole process, and ownSizes the
// options with which a layer sizes a process itself: a total, a legacy
// heap key, the JobManager heap alone, or both the task heap and the
// managed memory of a TaskManager.
var (
	totalSizes = map[memmodel.OptionID]memmodel.Role{
		memmodel.TMProcessSize: memmodel.TaskManager, memmodel.TMFlinkSize: memmodel.TaskManager,
		memmodel.JMProcessSize: memmodel.JobManager, memmodel.JMFlinkSize: memmodel.JobManager,
	}
	ownSizes = map[memmodel.OptionID]memmodel.Role{
		memmodel.TMProcessSize: memmodel.TaskManager, memmodel.TMFlinkSize: memmodel.TaskManager,
		memmodel.TMLegacyHeapSize: memmodel.TaskManager, memmodel.TMLegacyHeapMB: memmodel.TaskManager,
		memmodel.JMProcessSize: memmodel.JobManager, memmodel.JMFlinkSize: memmodel.JobManager, memmodel.JMHeap: memmodel.JobManager,
		memmodel.JMLegacyHeapSize: memmodel.JobManager, memmodel.JMLegacyHeapMB: memmodel.JobManager,
	}
)

// TrimBase is base without the total sizes of each process that own sizes
// itself, so that a size the user gives means what it says: -D
// taskmanager.memory.flink.size=4g is 4g of Flink memory, not 4g beside
// the base's process size. The explorer applies the same rule when the
// user sets another total. base is not changed; replaced names the
// processes whose total sizes were left out ("TaskManager", "JobManager").
func TrimBase(base, own memmodel.Config) (trimmed memmodel.Config, replaced []string) {
	sized := map[memmodel.Role]bool{}
	var taskHeap, managed bool
	for k := range own {
		o, ok := memmodel.OptionByKey(k)
		if !ok {
			continue
		}
		if role, ok := ownSizes[o.ID]; ok {
			sized[role] = true
		}
		taskHeap = taskHeap || o.ID == memmodel.TMTaskHeap
		managed = managed || o.ID == memmodel.TMManagedSize
	}
	if taskHeap && managed {
		sized[memmodel.TaskManager] = true
	}
	out := make(memmodel.Config, len(base))
	dropped := map[memmodel.Role]bool{}
	for k, v := range base {
		if o, ok := memmodel.OptionByKey(k); ok {
			if role, total := totalSizes[o.ID]; total && sized[role] {
				dropped[role] = true
				continue
			}
		}
		out[k] = v
	}
	for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
		if dropped[role] {
			replaced = append(replaced, role.Title())
		}
	}
	return out, replaced
}
