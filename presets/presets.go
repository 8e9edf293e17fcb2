// Package presets holds named starting configurations for real workloads
// (RocksDB, heap state, batch, …) and training presets that reproduce each
// way Flink refuses a configuration. Each preset is one embedded YAML file.
package presets

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/flinkmem/flinkmem/memmodel"
)

//go:embed *.yaml
var files embed.FS

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
	// Lines lists the Flink lines the preset applies to ("1.17", "2.1");
	// empty means every line.
	Lines []string `yaml:"lines"`
	// Facts are the documented facts behind the values.
	Facts []string `yaml:"facts"`
	// Docs points to the Flink documentation section.
	Docs string `yaml:"docs"`
	// Training marks a preset built to be refused; Check is the check it
	// must be refused with.
	Training bool           `yaml:"training"`
	Check    memmodel.Check `yaml:"check"`
	// Role is "jobmanager" for presets about the JobManager; empty is the
	// TaskManager.
	Role string `yaml:"role"`
}

// Config returns the preset's options for a role as a fresh Config.
func (p Preset) Config(role memmodel.Role) memmodel.Config {
	c := memmodel.Config{}
	for k, v := range p.Options {
		c[k] = v
	}
	for k, v := range p.JobManager {
		c[k] = v
	}
	_ = role
	return c
}

// AppliesTo reports whether the preset claims the line.
func (p Preset) AppliesTo(line memmodel.Line) bool {
	if len(p.Lines) == 0 {
		return true
	}
	for _, s := range p.Lines {
		if l, err := memmodel.ParseLine(s); err == nil && l == line {
			return true
		}
	}
	return false
}

// All returns every preset: ordinary ones first (default first), then the
// training presets, each group sorted by name.
func All() ([]Preset, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var out []Preset
	for _, e := range entries {
		data, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		p, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("preset %s: %w", e.Name(), err)
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Training != b.Training {
			return !a.Training
		}
		if (a.Name == "default") != (b.Name == "default") {
			return a.Name == "default"
		}
		return a.Name < b.Name
	})
	return out, nil
}

// Get returns the preset with the given name. "none" is the empty
// configuration: nothing set, Flink's code defaults only.
func Get(name string) (Preset, error) {
	if name == "none" {
		return Preset{Name: "none", Title: "Nothing configured", Description: "No option set at all: Flink's code defaults only. Flink refuses to start until a size is set."}, nil
	}
	all, err := All()
	if err != nil {
		return Preset{}, err
	}
	var names []string
	for _, p := range all {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Preset{}, fmt.Errorf("unknown preset %q; available: none, %s", name, strings.Join(names, ", "))
}

// Parse reads one preset file, refusing unknown fields.
func Parse(data []byte) (Preset, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Preset
	if err := dec.Decode(&p); err != nil {
		return Preset{}, err
	}
	if p.Name == "" {
		return Preset{}, fmt.Errorf("preset has no name")
	}
	return p, nil
}
