// Package input builds the configuration a front end resolves from the
// flags that describe it: a file (-c), a preset, -D options, the process,
// the Flink line, the deployment and the job's consumers. Reading the file
// is memmodel/flinkconf's, layering presets.Layer's; this package checks
// the flags, joins the two and collects the notices about the input, so
// that every command and the explorer start from the same input.
package input

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// Notice codes this package adds to those of flinkconf.
const (
	// NoticePresetOtherLine: the preset is meant for other Flink lines
	// than the one chosen.
	NoticePresetOtherLine = "preset-other-line"
	// NoticeImported: what an imported file (a JVM command line, a log)
	// was and what it implies.
	NoticeImported = "imported"
)

// add appends flinkconf's notices with their severities.
func (l *Loaded) add(notices []flinkconf.Notice) {
	for _, n := range notices {
		l.Notices = append(l.Notices, view.ReportNote{Code: n.Code, Message: n.Message, Severity: n.Severity()})
	}
}

// Examine resolves the input for a job shape (nil for none), with the JVM
// command line Flink would launch (FLINK_ENV_JAVA_OPTS included).
func (l *Loaded) Examine(job *memmodel.JobShape) view.Outcome {
	o := view.Outcome{Outcome: memmodel.Examine(l.Input, l.Uses, job), Notes: l.Notices, Source: l.Source}
	if o.Layout != nil {
		env, envSet := l.JavaOptsEnv()
		o.JVMCommand = diagnose.AnalyzeJVM(l.Input, o.Layout, env, envSet).Command
	}
	return o
}

// JavaOptsEnv is the FLINK_ENV_JAVA_OPTS the process would get: the one
// the file sets for it (a compose service's environment), else the one
// flinkmem runs with.
func (l *Loaded) JavaOptsEnv() (string, bool) {
	if l.File != nil && l.File.Source != nil && l.File.JavaOptsEnvSet {
		return l.File.JavaOptsEnv, true
	}
	return os.LookupEnv("FLINK_ENV_JAVA_OPTS")
}

// With is the input with another configuration (a solution, the second of
// a comparison), consumers and notices.
func (l *Loaded) With(in memmodel.Input, uses memmodel.Uses, notices []view.ReportNote) *Loaded {
	c := *l
	c.Input, c.Uses, c.Notices = in, uses, notices
	return &c
}

// ReportOptions are the text reports' options for this input.
func (l *Loaded) ReportOptions(exact bool) view.ReportOptions {
	return view.ReportOptions{Bytes: exact, Source: l.Source, Notes: l.Notices}
}

// Flags are the flags that say which configuration to resolve. New input
// flags belong here, in Register and in Load, and nowhere else.
type Flags struct {
	Config, Preset, Deployment, Flink string
	Defines                           flinkconf.Dynamic
	JobManager                        bool
	// Uses is the --uses list of managed-memory consumers the job has,
	// beyond those the configuration reveals.
	Uses string
	// Migrating reads a conf/ directory the chosen line no longer reads as
	// the lines that do (an export migrates it).
	Migrating bool
	// Service picks a docker-compose service; Env reads FLINK_PROPERTIES
	// from the environment instead of a file.
	Service string
	Env     bool
}

// Register declares the flags on fs: -c/--config, -D, --preset,
// --jobmanager, --deployment, --flink, --uses, --service and --env.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Config, "c", "", "")
	fs.StringVar(&f.Config, "config", "", "")
	fs.Var(&f.Defines, "D", "")
	fs.StringVar(&f.Preset, "preset", "", "")
	fs.BoolVar(&f.JobManager, "jobmanager", false, "")
	fs.StringVar(&f.Deployment, "deployment", "", "")
	fs.StringVar(&f.Flink, "flink", "", "")
	fs.StringVar(&f.Uses, "uses", "", "")
	fs.StringVar(&f.Service, "service", "", "")
	fs.BoolVar(&f.Env, "env", false, "")
}

// Loaded is a configuration built from the flags, with where it came from.
type Loaded struct {
	presets.Layered
	// File is the configuration file read, if any.
	File *flinkconf.Input
	// Notices are the findings about the input, in layer order: the
	// file's (led by file and line), the -D options', a preset meant for
	// other lines.
	Notices []view.ReportNote
	// Uses are the job's managed-memory consumers: those --uses names and
	// those the configuration's own keys reveal; FlagUses those --uses
	// names, which start the explorer's switches.
	Uses, FlagUses memmodel.Uses
	// Said are what the user should be told at once: a preset switched
	// the process or the Flink line.
	Said []string
}

// Load checks the flags (before reading any file), reads the file (stdin
// for "-") and layers the input (see presets.Layer). Its errors name the
// flag or file at fault.
func (f *Flags) Load(stdin io.Reader) (*Loaded, error) {
	l := presets.Layers{Preset: f.Preset, Dynamic: f.Defines, Line: memmodel.LatestLine, RoleChosen: f.JobManager, LineChosen: f.Flink != "" || f.Config != ""}
	var err error
	if l.Deployment, err = memmodel.ParseDeployment(f.Deployment); err != nil {
		return nil, fmt.Errorf("--deployment %w", err)
	}
	uses, err := memmodel.ParseUses(f.Uses)
	if err != nil {
		return nil, fmt.Errorf("--uses: %w", err)
	}
	if f.Flink != "" {
		if l.Line, err = memmodel.ParseLine(f.Flink); err != nil {
			return nil, fmt.Errorf("--flink: %w", err)
		}
	}
	if f.JobManager {
		l.Role = memmodel.JobManager
	}
	in := &Loaded{FlagUses: uses}
	if f.Config != "" {
		// A file that is no Flink configuration (a JVM command line, a
		// log) is imported as the configuration it reveals.
		imp, rest, err := diagnose.ImportFile(f.Config, stdin, l.Line)
		switch {
		case err != nil:
			return nil, err
		case imp != nil && f.JobManager && imp.Role != memmodel.JobManager:
			return nil, fmt.Errorf("%s describes a %s, but --jobmanager asks for the JobManager; drop --jobmanager", f.Config, imp.Role.Title())
		case imp != nil:
			l.Role, l.RoleChosen, l.File, l.FileLabel = imp.Role, true, imp.Config, imp.Label
			for _, n := range imp.Notes {
				in.Notices = append(in.Notices, view.ReportNote{Code: NoticeImported, Message: n, Severity: memmodel.SeverityInfo})
			}
		}
		stdin = rest
	}
	if (f.Config != "" || f.Env) && l.File == nil {
		ro := flinkconf.ReadOptions{Line: l.Line, LineGiven: f.Flink != "", Stdin: stdin, Migrating: f.Migrating, Role: l.Role, Service: f.Service, Env: f.Env}
		if in.File, err = flinkconf.ReadInput(f.Config, ro); err != nil {
			return nil, err
		}
		if n, ok := in.File.LineNotice(); ok && f.Flink == "" {
			in.Said = append(in.Said, n.Message)
		}
		if in.File.ImageDefaults && f.Preset == "" {
			// FLINK_PROPERTIES is applied over the image's own file.
			l.Preset = "default"
		}
		l.Line, l.File, l.FileLabel = in.File.Line, memmodel.MergeConfigs(in.File.Config), in.File.Label
		if in.File.Format == flinkconf.FlinkDeployment && f.Deployment == "" {
			l.Deployment = memmodel.Container
		}
		in.add(in.File.LocatedNotices())
	}
	if in.Layered, err = presets.Layer(l); err != nil {
		return nil, err
	}
	// -D keys get a file's key notices, judged with the layers below them
	// (a RocksDB size means nothing only while the preset or file leaves
	// RocksDB's memory bounded); a JVM flag in -D or in the environment
	// gets the one diagnose words (it says which option to size instead).
	for _, n := range f.Defines.NoticesIn(in.Input.Config) {
		if n.Code != flinkconf.NoticeJVMMemoryFlag {
			in.add([]flinkconf.Notice{n})
		}
	}
	javaOpts, _ := in.JavaOptsEnv()
	for _, n := range diagnose.OptionNotes(f.Defines, javaOpts) {
		code := n.Code
		if code == "memory-flag-override" {
			code = flinkconf.NoticeJVMMemoryFlag
		}
		in.Notices = append(in.Notices, view.ReportNote{Code: code, Message: n.Message})
	}
	in.add(in.File.LimitNotices(in.Input)) // the container's limit beside the process size
	if in.Placement.RoleSwitched {
		in.Said = append(in.Said, "preset "+in.Preset+" is about the JobManager; resolving the JobManager")
	}
	if in.Placement.LineSwitched {
		in.Said = append(in.Said, fmt.Sprintf("preset %s is not meant for Flink %s; resolving for Flink %s (choose another line with --flink)", in.Preset, l.Line, in.Input.Line))
	}
	if in.OtherLines != "" {
		in.Notices = append(in.Notices, view.ReportNote{Code: NoticePresetOtherLine,
			Message: "preset " + in.Preset + " is meant for Flink " + in.OtherLines + ", not " + in.Input.Line.String()})
	}
	in.Uses = uses.Or(memmodel.UsesFromConfig(in.Input.Config))
	return in, nil
}
