package input

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
)

// Role is the process the flags ask for: the JobManager with
// --jobmanager, the TaskManager otherwise.
func (f *Flags) Role() memmodel.Role {
	if f.JobManager {
		return memmodel.JobManager
	}
	return memmodel.TaskManager
}

// Job declares the job-shape flags (--parallelism, --exchanges,
// --forward, --batch) on fs and returns the shape they fill.
func Job(fs *flag.FlagSet) *memmodel.JobShape {
	j := new(memmodel.JobShape)
	fs.IntVar(&j.Parallelism, "parallelism", 0, "")
	fs.IntVar(&j.AllToAll, "exchanges", 0, "")
	fs.IntVar(&j.Forward, "forward", 0, "")
	fs.BoolVar(&j.Batch, "batch", false, "")
	return j
}

// Strings collects a repeatable flag's values in order.
type Strings []string

// String lists the values.
func (s *Strings) String() string { return strings.Join(*s, " ") }

// Set adds one value.
func (s *Strings) Set(v string) error { *s = append(*s, v); return nil }

// Export are the flags of an export: --format, --pinned, -w/--write,
// --force and --update.
type Export struct {
	Format, Write, Update string
	Pinned, Force         bool
}

// Register declares the export flags on fs.
func (e *Export) Register(fs *flag.FlagSet) {
	fs.StringVar(&e.Format, "format", "", "")
	fs.BoolVar(&e.Pinned, "pinned", false, "")
	fs.StringVar(&e.Write, "w", "", "")
	fs.StringVar(&e.Write, "write", "", "")
	fs.BoolVar(&e.Force, "force", false, "")
	fs.StringVar(&e.Update, "update", "", "")
}

// Check refuses flags that contradict each other or the input flags f,
// and makes --update's file the input of f.
func (e *Export) Check(f *Flags) error {
	switch {
	case e.Update != "" && f.Config != "":
		return errors.New("--update reads its file as the base configuration; drop -c")
	case e.Update != "" && e.Write != "":
		return errors.New("--update writes back into its own file; drop -w")
	case e.Update != "" && e.Format != "":
		return errors.New("--update keeps the file's own format; drop --format")
	case e.Update == "-":
		return errors.New("--update needs a file to write back to, not standard input")
	case e.Force && e.Write == "":
		return errors.New("--force only applies to -w FILE")
	case e.Update != "":
		f.Config = e.Update
	}
	return nil
}

// Output declares -o/--output on fs: text (the default) or json.
func Output(fs *flag.FlagSet) *string {
	output := new(string)
	fs.StringVar(output, "o", "text", "")
	fs.StringVar(output, "output", "text", "")
	return output
}

// CheckOutput refuses an output format other than text and json.
func CheckOutput(output string) error {
	if output != "text" && output != "json" {
		return fmt.Errorf("-o %q: use text or json", output)
	}
	return nil
}

// Given reports whether the flag name was set on the command line.
func Given(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// Evidence are the flags of a diagnosis: --log FILE ('-' for standard
// input) and the texts given as arguments, among which flags may come.
type Evidence struct {
	Log string
	// texts and found are what Gather read.
	texts []string
	found diagnose.Evidence
}

// Register declares --log on fs.
func (e *Evidence) Register(fs *flag.FlagSet) {
	fs.StringVar(&e.Log, "log", "", "")
}

// Texts parses what follows each argument of fs as flags again, so that
// flags may come after the text, and returns the arguments in order.
func (e *Evidence) Texts(fs *flag.FlagSet) ([]string, error) {
	var texts []string
	for fs.NArg() > 0 {
		texts = append(texts, fs.Arg(0))
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return nil, fmt.Errorf("%v (see flinkmem diagnose -h)", err)
		}
	}
	return texts, nil
}

// OpenLog opens the log --log names (stdin for '-'; nil without --log);
// config is -c's path, which must not read standard input too. Close the
// returned closer when done.
func (e *Evidence) OpenLog(stdin io.Reader, config string) (io.Reader, func(), error) {
	switch {
	case e.Log == "-" && config == "-":
		return nil, nil, errors.New("--log - and -c - both read standard input; give one of them a file")
	case e.Log == "-":
		return stdin, func() {}, nil
	case e.Log == "":
		return nil, func() {}, nil
	}
	fh, err := os.Open(e.Log)
	if err != nil {
		return nil, nil, fmt.Errorf("--log: %w", err)
	}
	return fh, func() { fh.Close() }, nil
}

// Kind is the format to export in: --format, or the default for the line
// and the input file (nil without one); "" for --update, which keeps the
// file's own format.
func (e *Export) Kind(line memmodel.Line, file *flinkconf.Input) (memmodel.ExportFormat, error) {
	if e.Update != "" {
		return "", nil
	}
	name := e.Format
	if name == "" {
		name = string(flinkconf.DefaultExportFormat(line, file))
	}
	kind, err := memmodel.ParseExportFormat(name, line)
	if err != nil {
		return "", fmt.Errorf("--format: %w", err)
	}
	return kind, nil
}

// Solve declares the solver's flags (--target and --vary, repeatable;
// --fit; --maximize) on fs and returns the arguments they fill.
func Solve(fs *flag.FlagSet) *memmodel.SolveArgs {
	args := new(memmodel.SolveArgs)
	fs.Var((*Strings)(&args.Targets), "target", "")
	fs.Var((*Strings)(&args.Vary), "vary", "")
	fs.StringVar(&args.Fit, "fit", "", "")
	fs.StringVar(&args.Maximize, "maximize", "", "")
	return args
}
