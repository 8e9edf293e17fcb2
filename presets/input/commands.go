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
	"github.com/flinkmem/flinkmem/view"
)

// Network are the flags of `flinkmem network`: the job's shape and
// --slots, the slots it fills in each TaskManager.
type Network struct {
	Job *memmodel.JobShape
	fs  *flag.FlagSet
}

// NetworkFlags declares the job-shape flags and --slots on fs.
func NetworkFlags(fs *flag.FlagSet) *Network {
	n := &Network{Job: Job(fs), fs: fs}
	fs.IntVar(&n.Job.SlotsPerTM, "slots", 0, "")
	return n
}

// Check refuses a job without its shape, a shape Flink cannot run, an
// unknown output format and --jobmanager (network buffers are the
// TaskManagers'), in that order.
func (n *Network) Check(f *Flags, output string) error {
	switch {
	case !Given(n.fs, "parallelism") || !Given(n.fs, "exchanges"):
		return errors.New("give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
	case n.Job.Check(Given(n.fs, "slots")) != nil:
		return fmt.Errorf("--%v", n.Job.Check(Given(n.fs, "slots")))
	case CheckOutput(output) != nil:
		return CheckOutput(output)
	case f.JobManager:
		return errors.New("--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager")
	}
	return nil
}

// Prepare refuses a JobManager input and runs the job in batch mode when
// the configuration says so.
func (n *Network) Prepare(in *Loaded) error {
	if in.Input.Role != memmodel.TaskManager {
		return errors.New("network buffers belong to the TaskManagers, but the input is about the JobManager; choose a TaskManager preset or configuration")
	}
	n.Job.Batch = n.Job.Batch || memmodel.BatchRuntimeMode(in.Input.Config)
	return nil
}

// SlotsNote is what to tell the user when --slots differs from the slots
// the TaskManager is sized for; "" when it does not.
func (n *Network) SlotsNote(l *memmodel.Layout) string {
	s := n.Job.SlotsPerTM
	if s <= 0 || s == l.Slots {
		return ""
	}
	return fmt.Sprintf("--slots %d fills %d slots of a TaskManager configured with taskmanager.numberOfTaskSlots %d; its memory and per-slot shares stay those of %d slots (add -D taskmanager.numberOfTaskSlots=%d to size it for %d)",
		s, s, l.Slots, l.Slots, s, s)
}

// Render are the flags of `flinkmem render`: --width, --color, --ascii.
type Render struct {
	Width int
	Color string
	ASCII bool
}

// Register declares the render flags on fs.
func (r *Render) Register(fs *flag.FlagSet) {
	fs.IntVar(&r.Width, "width", 0, "")
	fs.StringVar(&r.Color, "color", "auto", "")
	fs.BoolVar(&r.ASCII, "ascii", false, "")
}

// Options checks the flags and turns them into the drawing's options for
// w: its width when --width is not given, colour when --color auto and w
// is a terminal and NO_COLOR is not set.
func (r *Render) Options(w io.Writer) (view.StaticOptions, error) {
	tty, cols := view.Terminal(w)
	opts := view.StaticOptions{Width: r.Width, ASCII: r.ASCII,
		Color: r.Color == "always" || (r.Color == "auto" && tty && os.Getenv("NO_COLOR") == "")}
	switch {
	case r.Color != "always" && r.Color != "never" && r.Color != "auto":
		return opts, fmt.Errorf("--color %q: use always, never or auto", r.Color)
	case r.Width < 0:
		return opts, fmt.Errorf("--width %d: give a positive number of columns", r.Width)
	case r.Width == 0:
		opts.Width = cols
	}
	return opts, nil
}

// CheckTheme refuses an explorer theme other than auto, light, dark and
// projector.
func CheckTheme(theme string) error {
	if theme != "auto" && theme != "light" && theme != "dark" && theme != "projector" {
		return fmt.Errorf("--theme %q: use auto, light, dark or projector", theme)
	}
	return nil
}

// ExportNotices are the input's notices an export of kind prints, each
// with its code: all of them, except that a file the line does not read
// matters only to a flink-conf.yaml export.
func (l *Loaded) ExportNotices(kind memmodel.ExportFormat) []string {
	var out []string
	for _, n := range l.Notices {
		if n.Code != flinkconf.NoticeFileNotRead || kind == memmodel.ExportFlinkConf {
			out = append(out, fmt.Sprintf("%s [%s]", n.Message, n.Code))
		}
	}
	return out
}

// Diagnose answers the evidence (see diagnose.Diagnosis) with this input,
// its notices joining the report's.
func (l *Loaded) Diagnose(ev diagnose.Evidence, texts []string) diagnose.Answer {
	a := diagnose.Diagnosis(l.Input, l.Implicit, ev, texts)
	for _, n := range l.Notices {
		a.Report.Notices = append(a.Report.Notices, n.Message)
	}
	return a
}

// Gather reads the evidence of a diagnosis: the texts after fs's flags
// and the log --log names (config is -c's path, which must not read
// standard input too), after checking output, the -o format.
func (e *Evidence) Gather(fs *flag.FlagSet, stdin io.Reader, config, output string) ([]string, diagnose.Evidence, error) {
	texts, err := e.Texts(fs)
	if err != nil {
		return nil, diagnose.Evidence{}, err
	}
	if err := CheckOutput(output); err != nil {
		return nil, diagnose.Evidence{}, err
	}
	log, done, err := e.OpenLog(stdin, config)
	if err != nil {
		return nil, diagnose.Evidence{}, err
	}
	defer done()
	ev, err := diagnose.Collect(texts, log)
	return texts, ev, err
}

// Solver are the flags of `flinkmem solve`: the solver's own (see Solve)
// and the job's shape, which counts only when --parallelism or
// --exchanges is given.
type Solver struct {
	Args *memmodel.SolveArgs
	Job  *memmodel.JobShape
	fs   *flag.FlagSet
}

// SolverFlags declares the solver's and the job-shape flags on fs.
func SolverFlags(fs *flag.FlagSet) *Solver {
	return &Solver{Args: Solve(fs), Job: Job(fs), fs: fs}
}

// Request checks the flags and makes them a request for the process f
// asks for; Loaded.Solve fills in the configuration.
func (s *Solver) Request(f *Flags) (memmodel.SolveRequest, error) {
	req, err := s.Args.Request(f.Role())
	if err == nil && (Given(s.fs, "parallelism") || Given(s.fs, "exchanges")) {
		req.Job = s.Job
	}
	return req, err
}

// Solve solves req for this input (a job in batch mode when the
// configuration says so) and examines the solution, whose consumers
// include RocksDB when the solution serves it.
func (l *Loaded) Solve(req memmodel.SolveRequest) (memmodel.Solution, view.Outcome, error) {
	req.Input, req.Uses = l.Input, l.Uses
	if req.Job != nil {
		req.Job.Batch = req.Job.Batch || memmodel.BatchRuntimeMode(l.Input.Config)
	}
	sol, err := memmodel.Solve(req)
	if err != nil {
		return sol, view.Outcome{}, err
	}
	uses := l.Uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()})
	return sol, l.With(sol.Input, uses, l.Notices).Examine(req.Job), nil
}

// Diff compares this input with the second configuration the To flags
// describe (stdin is what --to-config - reads) and returns the
// comparison with the text report's options.
func (t *To) Diff(in *Loaded, stdin io.Reader, exact bool, width int) (memmodel.Diff, view.DiffOptions, error) {
	to, what, err := t.Apply(in.Input, stdin)
	if err != nil {
		return memmodel.Diff{}, view.DiffOptions{}, err
	}
	d := memmodel.CompareUses(in.Input, to, in.Uses)
	opts := view.DiffOptions{ReportOptions: in.ReportOptions(exact), ToSource: "the same configuration " + strings.Join(what, ", "), Width: width}
	if d.ToErr != nil {
		opts.Fixes = memmodel.Fixes(to, d.ToErr)
	}
	if in.File != nil && in.File.Format == flinkconf.FlinkConf {
		opts.FlinkConfFile = in.File.Path
	}
	return d, opts, nil
}

// Number is explain's --number: a size or JVM flag to explain against the
// resolved layout instead of the whole explanation.
type Number struct {
	text string
	n    memmodel.MemorySize
	flag string
}

// NumberFlag declares --number on fs.
func NumberFlag(fs *flag.FlagSet) *Number {
	n := new(Number)
	fs.StringVar(&n.text, "number", "", "")
	return n
}

// Check refuses a --number that is neither a size nor a JVM memory flag.
func (n *Number) Check() error {
	if n.text == "" {
		return nil
	}
	var err error
	if n.n, n.flag, err = diagnose.ParseNumber(n.text); err != nil {
		return fmt.Errorf("--number: %v", err)
	}
	return nil
}

// Explain is what explain prints for l: the explanation of --number when
// it is given, otherwise the components' explanation with the JVM command
// line Flink would launch (with FLINK_ENV_JAVA_OPTS).
func (n *Number) Explain(in *Loaded, l *memmodel.Layout, exact bool) string {
	if n.text != "" {
		return view.NumberReport(l, diagnose.ExplainNumber(l, n.n), n.flag)
	}
	env, envSet := os.LookupEnv("FLINK_ENV_JAVA_OPTS")
	return view.ExplainReport(l, in.ReportOptions(exact)) + view.JVMSections(in.Input, l, env, envSet)
}

// Exported is an export ready to deliver, with what to tell the user
// before it.
type Exported struct {
	flinkconf.Exported
	Kind memmodel.ExportFormat
	// Notices are the input's notices that matter to the export; they come
	// first, as a key or line Flink does not read is often why it refuses.
	Notices []string
	// Migrated says how deprecated and legacy keys were carried over.
	Migrated []string
	// Refusal is why Flink would refuse the input, with the verified
	// fixes; "" when Flink accepts it.
	Refusal string
}

// Export exports the input in format kind (see Kind) as the flags ask.
func (e *Export) Export(in *Loaded, kind memmodel.ExportFormat) (*Exported, error) {
	ex, err := flinkconf.Export(in.Input, in.File, kind, memmodel.ExportOptions{Pinned: e.Pinned, KeepDefaults: e.Update != ""})
	var rej *memmodel.Rejection
	if err != nil && !errors.As(err, &rej) {
		return nil, err
	}
	x := &Exported{Exported: ex, Kind: kind, Notices: in.ExportNotices(kind)}
	for _, m := range ex.Migrations {
		x.Migrated = append(x.Migrated, fmt.Sprint(m))
	}
	if rej != nil {
		x.Refusal = view.RejectionReport(rej, memmodel.Fixes(in.Input, err))
	}
	return x, nil
}

// Deliver writes the export where the flags say (see
// flinkconf.Exported.Deliver) and returns what to tell the user.
func (e *Export) Deliver(x *Exported, w io.Writer) (string, error) {
	return x.Exported.Deliver(w, e.Write, e.Update, e.Force, x.Kind)
}

// CheckWidth refuses a --width below min columns.
func CheckWidth(width, min int) error {
	if width < min {
		return fmt.Errorf("--width %d: give at least %d columns", width, min)
	}
	return nil
}
