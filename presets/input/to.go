package input

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/presets"
)

// To are the flags that describe the second configuration of a
// comparison: the first one on another line, for the other process, or
// with a preset, a file or -D options layered on top.
type To struct {
	Flink, Config, Preset string
	Defines               flinkconf.Dynamic
	JobManager            bool
}

// Register declares --to-flink, --to-config, --to-preset, --to-D and
// --to-jobmanager on fs.
func (t *To) Register(fs *flag.FlagSet) {
	fs.StringVar(&t.Flink, "to-flink", "", "")
	fs.StringVar(&t.Config, "to-config", "", "")
	fs.StringVar(&t.Preset, "to-preset", "", "")
	fs.Var(&t.Defines, "to-D", "")
	fs.BoolVar(&t.JobManager, "to-jobmanager", false, "")
}

// errNothingToChange words the one way to give no second configuration.
var errNothingToChange = errors.New("say what the second configuration changes: --to-flink LINE, --to-config PATH, --to-preset NAME, --to-D key=value or --to-jobmanager")

// Check refuses a comparison with nothing to compare.
func (t *To) Check() error {
	if t.Flink == "" && t.Config == "" && t.Preset == "" && len(t.Defines) == 0 && !t.JobManager {
		return errNothingToChange
	}
	return nil
}

// Apply is first with the changes, layered in flag order of precedence
// (preset < file < -D over the first configuration), and the changes in
// words ("on Flink 2.0", "with preset rocksdb"). stdin is what
// --to-config - reads.
func (t *To) Apply(first memmodel.Input, stdin io.Reader) (memmodel.Input, []string, error) {
	to := first
	var what []string
	layers := []memmodel.Config{first.Config}
	if t.Flink != "" {
		line, err := memmodel.ParseLine(t.Flink)
		switch {
		case err != nil:
			return to, nil, fmt.Errorf("--to-flink: %w", err)
		case line == to.Line:
			return to, nil, fmt.Errorf("--to-flink %s is the line the first configuration is on already; choose another line (or --flink for the first)", t.Flink)
		}
		to.Line, what = line, append(what, "on Flink "+line.String())
	}
	if t.JobManager {
		if !to.Line.HasJobManagerModel() {
			return to, nil, errors.New("--to-jobmanager: the JobManager memory model starts with Flink 1.11")
		}
		to.Role, what = memmodel.JobManager, append(what, "for the JobManager")
	}
	if t.Preset != "" {
		p, err := presets.Get(t.Preset)
		if err != nil {
			return to, nil, fmt.Errorf("--to-preset: %w", err)
		}
		layers, what = append(layers, p.Config(to.Role)), append(what, "with preset "+p.Name)
	}
	if t.Config != "" {
		file, err := flinkconf.Read(t.Config, flinkconf.ReadOptions{Line: to.Line, LineGiven: true, Stdin: stdin})
		if err != nil {
			return to, nil, fmt.Errorf("--to-config: %w", err)
		}
		layers, what = append(layers, memmodel.MergeConfigs(file.Config)), append(what, "with "+file.Label)
	}
	if len(t.Defines) > 0 {
		layer := memmodel.Config{}
		for _, kv := range t.Defines {
			layer[kv.Key] = kv.Value
		}
		layers, what = append(layers, layer), append(what, fmt.Sprintf("with the --to-D options (%s)", t.Defines.String()))
	}
	to.Config = memmodel.MergeConfigs(layers...)
	return to, what, nil
}
