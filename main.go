// Command flinkmem explores Apache Flink's TaskManager and JobManager memory
// model: it resolves a configuration exactly as Flink does, explains every
// component, flags what Flink would refuse and exports config snippets.
// Without a command it opens the interactive explorer (or, when standard
// output is not a terminal, prints what `flinkmem resolve` prints); the
// commands serve scripts, CI pipelines and docs (see `flinkmem help`).
//
// This file only wires flags (presets/input) to the engine (memmodel) and
// the renderers (view), and maps errors to exit statuses.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/model"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/presets/input"
	"github.com/flinkmem/flinkmem/view"
)

// version is the release, set with -ldflags "-X main.version=v1.2.3";
// without it, the module version Go recorded stands in.
var version string

// Exit statuses, the contract scripts rely on: the configuration resolves
// (or the command succeeded); Flink would refuse it; a usage error, or a
// file that cannot be read or written.
const (
	exitOK      = 0
	exitRefused = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitError ends a command with a status other than 0. Its message, when
// there is one, is printed once by run as "flinkmem COMMAND: message"; a
// refusal whose report is already printed has none.
type exitError struct {
	status int
	msg    string
}

func (e *exitError) Error() string { return e.msg }

// usageError is a usage or file error: status 2.
func usageError(format string, a ...any) error {
	return &exitError{exitUsage, fmt.Sprintf(format, a...)}
}

// errRefused ends a command whose refusal is already reported: status 1.
var errRefused = &exitError{status: exitRefused}

// run executes one command line and returns the exit status. Everything the
// command does goes through the given streams, so tests run it in-process.
// Errors are mapped to statuses here and nowhere else; a panic is reported
// as an internal error (status 2), never as a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "flinkmem: internal error: %v; please report it with the command line that caused it\n", r)
			status = exitUsage
		}
	}()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return c.exit(&rootCommand, c.execute(&rootCommand, args))
	}
	if cmd := lookup(args[0]); cmd != nil {
		return c.exit(cmd, c.execute(cmd, args[1:]))
	}
	return c.exit(&rootCommand, usageError("unknown command %q; the commands are %s (see flinkmem help)", args[0], commandNames()))
}

// exit prints err's message, naming the command, and returns its status.
func (c *cli) exit(cmd *command, err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case !errors.As(err, &ee):
		ee = &exitError{exitUsage, err.Error()}
	}
	if ee.msg != "" {
		fmt.Fprintf(c.stderr, "%s: %s\n", strings.TrimSpace("flinkmem "+cmd.name), ee.msg)
	}
	return ee.status
}

// cli carries the streams of one run.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// note prints something the user should know that is not an error.
func (c *cli) note(format string, a ...any) {
	fmt.Fprintf(c.stderr, "flinkmem: %s\n", fmt.Sprintf(format, a...))
}

// command is one subcommand, as a value (the idea of cmd/go's
// base.Command): its name, and flags, which declares the command's own
// flags and returns the function that runs it once they are parsed.
//
// Adding a command is one entry in commands, its help text in view.Usage,
// and one function of this shape, 30–60 lines:
//
//	func auditCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
//		output := input.Output(fs)            // its own flags (presets/input)
//		return func(c *cli) error {
//			if err := input.CheckOutput(*output); err != nil {
//				return err                    // flags are checked first,
//			}
//			in, err := c.load(f)              // then the shared input is built
//			if err != nil {
//				return err
//			}
//			d := memmodel.Audit(in.Input)     // one engine call
//			fmt.Fprint(c.stdout, view.Audit(d))     // one renderer
//			return statusOf(d)                // nil, errRefused or an error
//		}
//	}
//
// The shared step (execute) registers the input flags when input is set,
// parses the command line, prints -h help and refuses stray arguments.
// Errors are returned, never printed: run maps them to the exit status
// (status 2 for a plain error, exitError's for the others).
type command struct {
	name string
	// input registers the input flags (-c, -D, --preset …) for the command.
	input bool
	flags func(fs *flag.FlagSet, f *inputFlags) runFunc
	// custom, when set, takes the raw arguments instead (help).
	custom func(c *cli, args []string) error
	// args lets the command take arguments after its flags (diagnose).
	args bool
}

// runFunc runs a command after its flags are parsed.
type runFunc func(c *cli) error

// commands are the subcommands, in the order help lists them.
var commands = []*command{
	{name: "resolve", input: true, flags: resolveCommand},
	{name: "explain", input: true, flags: explainCommand},
	{name: "check", input: true, flags: checkCommand},
	{name: "network", input: true, flags: networkCommand},
	{name: "solve", input: true, flags: solveCommand},
	{name: "diff", input: true, flags: diffCommand},
	{name: "export", input: true, flags: exportCommand},
	{name: "render", input: true, flags: renderCommand},
	{name: "diagnose", input: true, flags: diagnoseCommand, args: true},
	{name: "presets", flags: presetsCommand},
	{name: "version", flags: versionCommand},
	{name: "help"},
}

// The help command reads the table, so it joins it here rather than in the
// table's literal (which would be an initialisation cycle).
func init() { lookup("help").custom = (*cli).help }

// rootCommand is flinkmem without a command: the explorer.
var rootCommand = command{input: true, flags: rootFlags}

func lookup(name string) *command {
	if i := slices.IndexFunc(commands, func(c *command) bool { return c.name == name }); i >= 0 {
		return commands[i]
	}
	return nil
}

func commandNames() string {
	names := make([]string, len(commands))
	for i, cmd := range commands {
		names[i] = cmd.name
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// execute is the setup every command shares: declare its flags, parse the
// command line (printing help for -h), refuse stray arguments, run.
func (c *cli) execute(cmd *command, args []string) error {
	if cmd.custom != nil {
		return cmd.custom(c, args)
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	f := &inputFlags{}
	if cmd.input {
		f.Register(fs)
	}
	runCmd := cmd.flags(fs, f)
	see := strings.TrimSpace("flinkmem " + cmd.name + " -h")
	err := fs.Parse(flinkconf.ExpandJavaDefines(args))
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(c.stdout, view.Usage(cmd.name))
		return nil
	case err != nil:
		return usageError("%v (see %s)", err, see)
	case fs.NArg() > 0 && !cmd.args:
		return usageError("unexpected argument %q: options go in flags such as -D key=value or -c FILE (see %s)", fs.Arg(0), see)
	}
	return runCmd(c)
}

// writeJSON prints v as indented JSON and returns status, the command's
// outcome, unless writing fails.
func (c *cli) writeJSON(v any, status error) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return usageError("writing JSON: %v", err)
	}
	return status
}

// inputFlags are the input flags (see package input); quiet leaves out the
// note that the default preset stands in for missing input (check, the
// explorer, export until its format is known good).
type inputFlags struct {
	input.Flags
	quiet bool
}

// loaded is the input of a command, with its notices as the reports list
// them.
type loaded struct {
	*input.Loaded
	notes []view.ReportNote
}

// load builds the input and tells the user what the preset changed.
func (c *cli) load(f *inputFlags) (*loaded, error) {
	in, err := f.Load(c.stdin)
	if err != nil {
		return nil, usageError("%v", err)
	}
	for _, s := range in.Said {
		c.note("%s", s)
	}
	l := &loaded{Loaded: in}
	for _, n := range in.Notices {
		l.notes = append(l.notes, view.ReportNote{Code: n.Code, Message: n.Message, Severity: n.Severity})
	}
	if !f.quiet {
		c.sayImplicit(l)
	}
	return l, nil
}

// sayImplicit tells the user that the default preset stands in for the
// missing input.
func (c *cli) sayImplicit(in *loaded) {
	if in.Implicit {
		c.note("no -c, -D or --preset given: using preset default (Flink's shipped configuration)")
	}
}

// examine resolves the input for a job shape (nil for none).
func (in *loaded) examine(job *memmodel.JobShape) view.Outcome {
	o := view.Outcome{Outcome: memmodel.Examine(in.Input, in.Uses, job), Notes: in.notes, Source: in.Source}
	if o.Layout != nil {
		env, envSet := os.LookupEnv("FLINK_ENV_JAVA_OPTS")
		o.JVMCommand = diagnose.AnalyzeJVM(in.Input, o.Layout, env, envSet).Command
	}
	return o
}

// with is the input with another configuration (a solution, the second of
// a comparison), consumers and notes.
func (in *loaded) with(i memmodel.Input, uses memmodel.Uses, notes []view.ReportNote) *loaded {
	l := *in.Loaded
	l.Input, l.Uses = i, uses
	return &loaded{Loaded: &l, notes: notes}
}

// reportOptions are the text reports' options for this input.
func (in *loaded) reportOptions(exact bool) view.ReportOptions {
	return view.ReportOptions{Bytes: exact, Source: in.Source, Notes: in.notes}
}

// refusal prints why Flink refuses the input (err, or the outcome's own
// refusal) with the verified fixes, and returns errRefused.
func refusal(w io.Writer, o view.Outcome, err error) error {
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		return usageError("%v", err)
	}
	fmt.Fprint(w, view.RefusalReport(o.Notes, rej, o.FixesFor(err)))
	return errRefused
}

// status is errRefused when Flink refuses the outcome (with parts: or a
// part of its per-slot analysis).
func status(o view.Outcome, parts bool) error {
	if o.Refused(parts) {
		return errRefused
	}
	return nil
}

func resolveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		if err := input.CheckOutput(*output); err != nil {
			return err
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		if *output == "json" {
			o := in.examine(nil)
			return c.writeJSON(view.ResolveJSON(o), status(o, true))
		}
		return c.resolveText(in, *exact)
	}
}

// resolveText prints the resolve report, or the refusal with its fixes.
func (c *cli) resolveText(in *loaded, exact bool) error {
	o := in.examine(nil)
	if o.Err != nil {
		return refusal(c.stdout, o, o.Err)
	}
	fmt.Fprint(c.stdout, view.ResolveReport(o.Layout, in.reportOptions(exact)))
	if o.Slots != nil {
		// The resolve report already has the slot profile line.
		fmt.Fprint(c.stdout, "\n"+view.SlotsReport(*o.Slots, view.SlotsOptions{Bytes: exact}))
	}
	return status(o, true)
}

func explainCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	exact := fs.Bool("bytes", false, "")
	number := fs.String("number", "", "")
	return func(c *cli) error {
		n, flag, nerr := diagnose.ParseNumber(*number)
		if *number != "" && nerr != nil {
			return usageError("--number: %v", nerr)
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.examine(nil)
		if o.Err != nil {
			return refusal(c.stdout, o, o.Err)
		}
		if *number != "" {
			fmt.Fprint(c.stdout, view.NumberReport(o.Layout, diagnose.ExplainNumber(o.Layout, n), flag))
			return status(o, false)
		}
		fmt.Fprint(c.stdout, view.ExplainReport(o.Layout, in.reportOptions(*exact)))
		env, envSet := os.LookupEnv("FLINK_ENV_JAVA_OPTS")
		jr := diagnose.AnalyzeJVM(in.Input, o.Layout, env, envSet)
		fmt.Fprint(c.stdout, "\n"+view.JVMReport(&jr))
		if o.Layout.Role == memmodel.TaskManager && o.Layout.Deployment == memmodel.Container {
			nb := diagnose.NativeEstimate(in.Input, o.Layout, &jr)
			fmt.Fprint(c.stdout, "\n"+view.NativeReport(&nb))
		}
		return status(o, false)
	}
}

func checkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	strict := fs.Bool("strict", false, "")
	f.quiet = true
	return func(c *cli) error {
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.examine(nil)
		if err := cmp.Or(o.Err, o.SlotErr()); err != nil {
			return refusal(c.stderr, o, err)
		}
		if o.Refused(true) {
			fmt.Fprint(c.stderr, view.SlotRefusals(o))
			return errRefused
		}
		if w := view.StrictWarnings(o); *strict && w != "" {
			fmt.Fprint(c.stderr, w)
			return errRefused
		}
		return nil
	}
}

// --- diagnose ----------------------------------------------------------------

// errNothing ends a diagnosis that recognised nothing: status 1.
var errNothing = &exitError{status: exitRefused}

func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := input.Output(fs)
	logPath := fs.String("log", "", "")
	f.quiet = true
	return func(c *cli) error {
		// Flags may follow the text: parse what comes after each argument.
		var texts []string
		for fs.NArg() > 0 {
			texts = append(texts, fs.Arg(0))
			if err := fs.Parse(fs.Args()[1:]); err != nil {
				return usageError("%v (see flinkmem diagnose -h)", err)
			}
		}
		if err := input.CheckOutput(*output); err != nil {
			return err
		}
		if *logPath == "-" && f.Config == "-" {
			return usageError("--log - and -c - both read standard input; give one of them a file")
		}
		var log io.Reader
		if *logPath == "-" {
			log = c.stdin
		} else if *logPath != "" {
			fh, err := os.Open(*logPath)
			if err != nil {
				return usageError("--log: %v", err)
			}
			defer fh.Close()
			log = fh
		}
		ev, err := diagnose.Collect(texts, log)
		if err != nil {
			return usageError("%v", err)
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		if !diagnose.UsedEvidenceConfig(in.Implicit, &ev) {
			c.sayImplicit(in)
		}
		a := diagnose.Diagnosis(in.Input, in.Implicit, ev, texts)
		for _, n := range in.notes {
			a.Report.Notices = append(a.Report.Notices, n.Message)
		}
		result := error(errNothing)
		switch {
		case a.Number != nil && *output == "json":
			return c.writeJSON(view.NewNumberDoc(*a.Number, a.Flag), nil)
		case a.Number != nil:
			fmt.Fprint(c.stdout, view.NumberReport(a.Layout, *a.Number, a.Flag))
			return nil
		case a.Recognised():
			result = nil
		}
		if *output == "json" {
			return c.writeJSON(view.NewDiagnoseDoc(&a.Report), result)
		}
		fmt.Fprint(c.stdout, view.DiagnoseReport(&a.Report))
		return result
	}
}

func renderCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	width := fs.Int("width", 0, "")
	color := fs.String("color", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	return func(c *cli) error {
		tty, cols := view.Terminal(c.stdout)
		useColor := *color == "always" || (*color == "auto" && tty && os.Getenv("NO_COLOR") == "")
		switch {
		case *color != "always" && *color != "never" && *color != "auto":
			return usageError("--color %q: use always, never or auto", *color)
		case *width < 0:
			return usageError("--width %d: give a positive number of columns", *width)
		case *width == 0:
			*width = cols
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.examine(nil)
		fmt.Fprint(c.stdout, view.StaticOutcome(o, view.StaticOptions{Width: *width, Color: useColor, ASCII: *ascii}))
		return status(o, false)
	}
}

func networkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	job := input.Job(fs)
	fs.IntVar(&job.SlotsPerTM, "slots", 0, "")
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		switch {
		case !input.Given(fs, "parallelism") || !input.Given(fs, "exchanges"):
			return usageError("give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
		case job.Check(input.Given(fs, "slots")) != nil:
			return usageError("--%v", job.Check(input.Given(fs, "slots")))
		case input.CheckOutput(*output) != nil:
			return input.CheckOutput(*output)
		case f.JobManager:
			return usageError("--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager")
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		if in.Input.Role != memmodel.TaskManager {
			return usageError("network buffers belong to the TaskManagers, but the input is about the JobManager; choose a TaskManager preset or configuration")
		}
		job.Batch = job.Batch || memmodel.BatchRuntimeMode(in.Input.Config)
		o := in.examine(job)
		switch {
		case o.Err != nil && *output == "json":
			return c.writeJSON(view.ResolveJSON(o), errRefused)
		case o.Err != nil:
			return refusal(c.stdout, o, o.Err)
		}
		l, r := o.Layout, o.Slots
		if n := job.SlotsPerTM; n > 0 && n != l.Slots {
			c.note("--slots %d fills %d slots of a TaskManager configured with taskmanager.numberOfTaskSlots %d; its memory and per-slot shares stay those of %d slots (add -D taskmanager.numberOfTaskSlots=%d to size it for %d)",
				n, n, l.Slots, l.Slots, n, n)
		}
		var short error
		if r.NetworkErr != nil || r.Network.Short() > 0 {
			short = errRefused
		}
		if *output == "json" {
			return c.writeJSON(view.NetworkJSON(l, job, r, in.Source), short)
		}
		opts := view.NetworkOptions{Source: in.Source, Bytes: *exact}
		if r.NetworkErr != nil {
			opts.Fixes = o.FixesFor(r.NetworkErr)
		}
		fmt.Fprint(c.stdout, view.NetworkReport(l, job, *r, opts))
		return short
	}
}

func solveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var args memmodel.SolveArgs
	fs.Var((*input.Strings)(&args.Targets), "target", "")
	fs.Var((*input.Strings)(&args.Vary), "vary", "")
	fs.StringVar(&args.Fit, "fit", "", "")
	fs.StringVar(&args.Maximize, "maximize", "", "")
	job := input.Job(fs)
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		if err := input.CheckOutput(*output); err != nil {
			return err
		}
		req, err := args.Request(f.Role())
		if err != nil {
			return usageError("%v", err)
		}
		if input.Given(fs, "parallelism") || input.Given(fs, "exchanges") {
			req.Job = job
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		req.Input, req.Uses = in.Input, in.Uses
		if req.Job != nil {
			job.Batch = job.Batch || memmodel.BatchRuntimeMode(in.Input.Config)
		}
		sol, err := memmodel.Solve(req)
		var un *memmodel.Unsolvable
		switch {
		case errors.As(err, &un) && *output == "json":
			return c.writeJSON(view.NewUnsolvableJSON(un), errRefused)
		case errors.As(err, &un):
			fmt.Fprint(c.stdout, view.UnsolvableReport(un))
			return errRefused
		case err != nil:
			return usageError("%v", err)
		}
		o := in.with(sol.Input, in.Uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()}), in.notes).examine(req.Job)
		if *output == "json" {
			return c.writeJSON(view.SolvedJSON(&sol, o, req.Fit), nil)
		}
		fmt.Fprint(c.stdout, view.SolveText(&sol, o, view.SolveOptions{ReportOptions: in.reportOptions(*exact), Fit: req.Fit}))
		return nil
	}
}

func diffCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var second input.To
	second.Register(fs)
	width := fs.Int("width", 60, "")
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		switch {
		case input.CheckOutput(*output) != nil:
			return input.CheckOutput(*output)
		case second.Check() != nil:
			return usageError("%v", second.Check())
		case *width < 10:
			return usageError("--width %d: give at least 10 columns", *width)
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		to, what, err := second.Apply(in.Input, c.stdin)
		if err != nil {
			return usageError("%v", err)
		}
		d := memmodel.CompareUses(in.Input, to, in.Uses)
		var refused error
		if d.ToErr != nil {
			refused = errRefused
		}
		if *output == "json" {
			return c.writeJSON(view.DiffJSONFor(&d, in.examine(nil), in.with(to, in.Uses, nil).examine(nil)), refused)
		}
		opts := view.DiffOptions{ReportOptions: in.reportOptions(*exact), ToSource: "the same configuration " + strings.Join(what, ", "), Width: *width}
		if d.ToErr != nil {
			opts.Fixes = memmodel.Fixes(to, d.ToErr)
		}
		if in.File != nil && in.File.Format == flinkconf.FlinkConf {
			opts.FlinkConfFile = in.File.Path
		}
		fmt.Fprint(c.stdout, view.DiffReport(&d, opts))
		return refused
	}
}

func exportCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var e input.Export
	e.Register(fs)
	// The note on the default preset waits until --format is known good.
	f.Migrating, f.quiet = true, true
	return func(c *cli) error {
		if err := e.Check(&f.Flags); err != nil {
			return err
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		var kind memmodel.ExportFormat // --update keeps the file's format
		if e.Update == "" {
			name := cmp.Or(e.Format, string(flinkconf.DefaultExportFormat(in.Input.Line, in.File)))
			if kind, err = memmodel.ParseExportFormat(name, in.Input.Line); err != nil {
				return usageError("--format: %v", err)
			}
		}
		c.sayImplicit(in)
		ex, err := flinkconf.Export(in.Input, in.File, kind, memmodel.ExportOptions{Pinned: e.Pinned, KeepDefaults: e.Update != ""})
		var rej *memmodel.Rejection
		if err != nil && !errors.As(err, &rej) {
			return usageError("%v", err)
		}
		// The notices come first: a key or line Flink does not read is often
		// why it refuses, and so is a legacy key the line no longer reads.
		for _, n := range in.notes {
			if n.Code != flinkconf.NoticeFileNotRead || kind == memmodel.ExportFlinkConf {
				c.note("%s [%s]", n.Message, n.Code)
			}
		}
		if rej != nil {
			fmt.Fprint(c.stderr, view.RejectionReport(rej, memmodel.Fixes(in.Input, err)))
		}
		for _, m := range ex.Migrations {
			c.note("%s", m)
		}
		switch {
		case rej != nil:
			return &exitError{exitRefused, fmt.Sprintf("nothing exported: Flink %s would refuse this configuration", in.Input.Line)}
		case ex.Unchanged:
			c.note("%s already holds these options; nothing written", e.Update)
			return nil
		case e.Update == "" && e.Write == "":
			if _, err := c.stdout.Write(ex.Data); err != nil {
				return usageError("writing the export: %v", err)
			}
			return nil
		}
		path, done := e.Write, fmt.Sprintf("wrote %s (%s, %d options)", e.Write, kind, len(ex.Options))
		if e.Update != "" {
			path, e.Force, done = e.Update, true, "updated "+e.Update
		}
		if err := flinkconf.WriteFile(path, ex.Data, e.Force); errors.Is(err, flinkconf.ErrExists) {
			return usageError("%s already exists; pass --force to overwrite it", path)
		} else if err != nil {
			return usageError("%v", err)
		}
		c.note("%s", done)
		return nil
	}
}

func presetsCommand(*flag.FlagSet, *inputFlags) runFunc {
	return func(c *cli) error {
		all, err := presets.All()
		if err != nil {
			return usageError("%v", err)
		}
		none, _ := presets.Get(presets.None)
		fmt.Fprint(c.stdout, view.PresetList(all, none))
		return nil
	}
}

func versionCommand(*flag.FlagSet, *inputFlags) runFunc {
	return func(c *cli) error {
		fmt.Fprintln(c.stdout, "flinkmem "+versionString())
		return nil
	}
}

// versionString is the ldflags version, or what the Go toolchain recorded:
// the module version of `go install …@v1.2.3`, or the VCS revision of a
// local build ("devel-0123456789ab-dirty").
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if version != "" || !ok {
		return cmp.Or(version, "devel")
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	for _, s := range bi.Settings { // vcs.revision comes before vcs.modified
		switch {
		case s.Key == "vcs.revision":
			v += "-" + s.Value[:min(len(s.Value), 12)]
		case s.Key == "vcs.modified" && s.Value == "true":
			v += "-dirty"
		}
	}
	return v
}

func (c *cli) help(args []string) error {
	name := strings.Join(args, " ")
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	if name != "" && (len(args) > 1 || lookup(name) == nil) {
		return usageError("no help for %q; the commands are %s", name, commandNames())
	}
	fmt.Fprint(c.stdout, view.Usage(name))
	return nil
}

// rootFlags runs flinkmem without a command: the explorer on a terminal,
// otherwise the resolve report.
func rootFlags(fs *flag.FlagSet, f *inputFlags) runFunc {
	theme := fs.String("theme", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	showVersion := fs.Bool("version", false, "")
	return func(c *cli) error {
		switch {
		case *showVersion:
			return versionCommand(fs, f)(c)
		case *theme != "auto" && *theme != "light" && *theme != "dark":
			return usageError("--theme %q: use auto, light or dark", *theme)
		}
		tty, _ := view.Terminal(c.stdout)
		f.quiet = tty
		in, err := c.load(f)
		switch {
		case err != nil:
			return err
		case !tty:
			return c.resolveText(in, false)
		}
		if err := model.Run(model.Options{Input: in.Input, Source: in.Source, Preset: in.Preset, Uses: in.FlagUses, Notices: in.notes, Theme: *theme, ASCII: *ascii}); err != nil {
			return usageError("%v", err)
		}
		return nil
	}
}
