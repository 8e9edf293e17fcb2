// Package presets holds named starting configurations for real workloads
// (RocksDB, heap state, batch, …) and training presets that reproduce each
// way Flink refuses a configuration. Each preset is one embedded YAML file.
package presets

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/flinkmem/flinkmem/memmodel"
)

//go:embed *.yaml
var files embed.FS

// TrainingPrefix starts the name of every training preset, so that a list of
// names shows at a glance which ones Flink refuses on purpose.
const TrainingPrefix = "train-"

// Preset is a named configuration.
type Preset struct {
	// Name is the preset's identifier on the command line ("rocksdb").
	Name string `yaml:"name"`
	// Title is a short human title.
	Title string `yaml:"title"`
	// Description says when to use it, what it changes and why.
	Description string `yaml:"description"`
	// Options are flat Flink keys and raw values, as in flink-conf.yaml.
	Options map[string]string `yaml:"options"`
	// JobManager holds the JobManager options of the preset, if any.
	JobManager map[string]string `yaml:"jobmanager"`
	// Lines lists the Flink lines the preset applies to: a line ("1.17"),
	// a line and every later one ("1.17+") or an inclusive range
	// ("1.10.0..1.20"). Empty means every line.
	Lines []string `yaml:"lines"`
	// Facts are the documented facts behind the values.
	Facts []string `yaml:"facts"`
	// Docs points to the Flink documentation section.
	Docs string `yaml:"docs"`
	// See lists further documentation sections, when one is not enough.
	See []string `yaml:"see"`
	// Training marks a preset built to be refused; Check is the check it
	// must be refused with.
	Training bool           `yaml:"training"`
	Check    memmodel.Check `yaml:"check"`
	// Role is "jobmanager" for presets about the JobManager; empty is the
	// TaskManager.
	Role string `yaml:"role"`
	// Course is the preset's position in the teaching course, from 1; 0
	// leaves it out. Lesson is what a trainer does with it.
	Course int    `yaml:"course"`
	Lesson Lesson `yaml:"lesson"`
}

// Config returns the preset's options as a fresh Config. Both processes'
// keys are included whatever the role, because Flink reads one
// configuration file for the whole cluster and each process picks out its
// own keys; the role is accepted so that callers need not care.
func (p Preset) Config(role memmodel.Role) memmodel.Config {
	_ = role
	c := make(memmodel.Config, len(p.Options)+len(p.JobManager))
	for k, v := range p.Options {
		c[k] = v
	}
	for k, v := range p.JobManager {
		c[k] = v
	}
	return c
}

// TargetRole is the process the preset is about: the JobManager when Role
// is "jobmanager", the TaskManager otherwise. A training preset is refused
// for this role.
func (p Preset) TargetRole() memmodel.Role {
	if p.Role == memmodel.JobManager.String() {
		return memmodel.JobManager
	}
	return memmodel.TaskManager
}

// AppliesTo reports whether the preset claims the line.
func (p Preset) AppliesTo(line memmodel.Line) bool {
	if len(p.Lines) == 0 {
		return true
	}
	for _, s := range p.Lines {
		from, to, err := parseLineSpec(s)
		if err == nil && from <= line && line <= to {
			return true
		}
	}
	return false
}

// ClaimedLines lists the lines the preset applies to, oldest first. It fails
// when an entry of Lines is not a line, a "line+" or a "line..line" range.
func (p Preset) ClaimedLines() ([]memmodel.Line, error) {
	for _, s := range p.Lines {
		if _, _, err := parseLineSpec(s); err != nil {
			return nil, err
		}
	}
	var out []memmodel.Line
	for _, l := range memmodel.Lines() {
		if p.AppliesTo(l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// parseLineSpec reads one entry of Lines as an inclusive range of lines;
// a bare line ("1.11") covers every patch release of it.
func parseLineSpec(s string) (from, to memmodel.Line, err error) {
	all := memmodel.Lines()
	last := all[len(all)-1]
	switch {
	case strings.HasSuffix(s, "+"):
		from, _, err = memmodel.ParseLineRange(strings.TrimSuffix(s, "+"))
		return from, last, lineSpecError(s, err)
	case strings.Contains(s, ".."):
		lo, hi, _ := strings.Cut(s, "..")
		if from, _, err = memmodel.ParseLineRange(lo); err != nil {
			return 0, 0, lineSpecError(s, err)
		}
		if _, to, err = memmodel.ParseLineRange(hi); err != nil {
			return 0, 0, lineSpecError(s, err)
		}
		if from > to {
			return 0, 0, fmt.Errorf("line range %q runs backwards; write the older line first", s)
		}
		return from, to, nil
	default:
		from, to, err = memmodel.ParseLineRange(s)
		return from, to, lineSpecError(s, err)
	}
}

func lineSpecError(s string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("lines entry %q is not a Flink line (\"1.17\"), a line and later (\"1.17+\") or a range (\"1.10.0..1.20\"): %w", s, err)
}

// The presets are parsed once; every caller gets its own copy.
var (
	loadOnce sync.Once
	loaded   []Preset
	loadErr  error
)

func load() ([]Preset, error) {
	loadOnce.Do(func() { loaded, loadErr = readEmbedded() })
	return loaded, loadErr
}

func readEmbedded() ([]Preset, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("listing the built-in presets: %w", err)
	}
	var out []Preset
	seen := map[string]string{}
	for _, e := range entries {
		data, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, fmt.Errorf("reading built-in preset %s: %w", e.Name(), err)
		}
		p, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("built-in preset %s: %w", e.Name(), err)
		}
		if want := p.Name + ".yaml"; e.Name() != want {
			return nil, fmt.Errorf("built-in preset %s is named %q; rename the file to %s so that names and files match", e.Name(), p.Name, want)
		}
		if other, dup := seen[p.Name]; dup {
			return nil, fmt.Errorf("built-in presets %s and %s are both named %q", other, e.Name(), p.Name)
		}
		seen[p.Name] = e.Name()
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out, nil
}

// less orders presets: ordinary before training, default first, then by name.
func less(a, b Preset) bool {
	if a.Training != b.Training {
		return !a.Training
	}
	if (a.Name == "default") != (b.Name == "default") {
		return a.Name == "default"
	}
	return a.Name < b.Name
}

// clone copies a preset so that a caller changing its maps or slices does
// not change what the next caller gets.
func (p Preset) clone() Preset {
	c := p
	c.Options = cloneMap(p.Options)
	c.JobManager = cloneMap(p.JobManager)
	c.Lines = append([]string(nil), p.Lines...)
	c.Facts = append([]string(nil), p.Facts...)
	c.See = append([]string(nil), p.See...)
	c.Lesson = p.Lesson.clone()
	return c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// All returns every preset: ordinary ones first (default first), then the
// training presets, each group sorted by name.
func All() ([]Preset, error) {
	return filter(func(Preset) bool { return true })
}

// Ordinary returns the workload presets, default first, then by name.
func Ordinary() ([]Preset, error) {
	return filter(func(p Preset) bool { return !p.Training })
}

// Training returns the training presets, sorted by name.
func Training() ([]Preset, error) {
	return filter(func(p Preset) bool { return p.Training })
}

func filter(keep func(Preset) bool) ([]Preset, error) {
	all, err := load()
	if err != nil {
		return nil, err
	}
	var out []Preset
	for _, p := range all {
		if keep(p) {
			out = append(out, p.clone())
		}
	}
	return out, nil
}

// parsedOne keeps the presets Get parsed one by one: the explorer asks for
// the loaded preset on every frame of its lesson and picker panes.
var parsedOne sync.Map

// None is the name of the empty configuration Get accepts besides the
// built-in presets.
const None = "none"

// Get returns the preset with the given name. "none" is the empty
// configuration: nothing set, Flink's code defaults only.
func Get(name string) (Preset, error) {
	if name == None {
		return Preset{
			Name:        None,
			Title:       "Nothing configured",
			Description: "No option set at all: Flink's code defaults only. Flink refuses to start until a size is set.",
		}, nil
	}
	// A built-in preset's file is named after it, so start-up parses that
	// one file only; anything else (an unknown name, a broken file) goes
	// through the full load, which says what is wrong.
	if p, ok := parsedOne.Load(name); ok {
		return p.(Preset).clone(), nil
	}
	if data, err := files.ReadFile(name + ".yaml"); err == nil {
		if p, err := Parse(data); err == nil && p.Name == name {
			parsedOne.Store(name, p)
			return p.clone(), nil
		}
	}
	all, err := load()
	if err != nil {
		return Preset{}, err
	}
	names := []string{None}
	for _, p := range all {
		if p.Name == name {
			return p.clone(), nil
		}
		names = append(names, p.Name)
	}
	return Preset{}, fmt.Errorf("unknown preset %q; choose one of: %s", name, strings.Join(names, ", "))
}

// Parse reads one preset file, refusing unknown fields, a second YAML
// document and a role other than "jobmanager" or "taskmanager".
func Parse(data []byte) (Preset, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Preset
	if err := dec.Decode(&p); err != nil {
		if errors.Is(err, io.EOF) {
			return Preset{}, errors.New("preset file is empty; it needs at least a name")
		}
		return Preset{}, fmt.Errorf("reading preset: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Preset{}, fmt.Errorf("preset %q: the file holds more than one YAML document; keep one preset per file", p.Name)
	}
	if p.Name == "" {
		return Preset{}, errors.New("preset has no name; add a name: line")
	}
	switch p.Role {
	case "", memmodel.TaskManager.String():
		p.Role = ""
	case memmodel.JobManager.String():
	default:
		return Preset{}, fmt.Errorf("preset %q: role %q is neither %q nor %q", p.Name, p.Role, memmodel.JobManager, memmodel.TaskManager)
	}
	return p, nil
}
