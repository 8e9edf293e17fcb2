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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// exitError ends a command with a status other than 0 and, unless its
// report is printed already, a message run prints as "flinkmem CMD: msg".
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

// run executes one command line through the given streams (so tests run
// it in-process) and maps its error, or a panic, to the exit status.
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

// command is one subcommand, as a value (cmd/go's base.Command idea). To
// add one: an entry in commands, its help in view.Usage, its flags in
// presets/input, and a function of this shape, 30–60 lines:
//
//	func auditCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
//		output := input.Output(fs)                // its own flags
//		return func(c *cli) error {
//			if err := input.CheckOutput(*output); err != nil {
//				return err                        // flags first,
//			}
//			in, err := c.load(f)                  // then the shared input
//			if err != nil {
//				return err
//			}
//			a := memmodel.Audit(in.Input)         // one engine call
//			fmt.Fprint(c.stdout, view.Audit(a))   // one renderer
//			return statusOf(a)                    // nil or an error
//		}
//	}
//
// execute registers the input flags (input: true), parses, prints -h help
// and refuses stray arguments; run maps returned errors to exit statuses.
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
	if err := view.WriteJSON(c.stdout, v); err != nil {
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

// load builds the input and tells the user what the preset changed.
func (c *cli) load(f *inputFlags) (*input.Loaded, error) {
	in, err := f.Load(c.stdin)
	if err != nil {
		return nil, err
	}
	for _, s := range in.Said {
		c.note("%s", s)
	}
	if !f.quiet {
		c.sayImplicit(in)
	}
	return in, nil
}

// sayImplicit tells the user that the default preset stands in for the
// missing input.
func (c *cli) sayImplicit(in *input.Loaded) {
	if in.Implicit {
		c.note("no -c, -D or --preset given: using preset default (Flink's shipped configuration)")
	}
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
			o := in.Examine(nil)
			return c.writeJSON(view.ResolveJSON(o), status(o, true))
		}
		return c.resolveText(in, *exact)
	}
}

// resolveText prints the resolve report, or the refusal with its fixes.
func (c *cli) resolveText(in *input.Loaded, exact bool) error {
	o := in.Examine(nil)
	if o.Err != nil {
		return refusal(c.stdout, o, o.Err)
	}
	fmt.Fprint(c.stdout, view.ResolveReport(o.Layout, in.ReportOptions(exact)))
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
		o := in.Examine(nil)
		if o.Err != nil {
			return refusal(c.stdout, o, o.Err)
		}
		if *number != "" {
			fmt.Fprint(c.stdout, view.NumberReport(o.Layout, diagnose.ExplainNumber(o.Layout, n), flag))
			return status(o, false)
		}
		fmt.Fprint(c.stdout, view.ExplainReport(o.Layout, in.ReportOptions(*exact)))
		env, envSet := os.LookupEnv("FLINK_ENV_JAVA_OPTS")
		fmt.Fprint(c.stdout, view.JVMSections(in.Input, o.Layout, env, envSet))
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
		o := in.Examine(nil)
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

// errNothing ends a diagnosis that recognised nothing: status 1.
var errNothing = &exitError{status: exitRefused}

func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := input.Output(fs)
	var e input.Evidence
	e.Register(fs)
	f.quiet = true
	return func(c *cli) error {
		texts, err := e.Texts(fs)
		if err != nil {
			return err
		}
		if err := input.CheckOutput(*output); err != nil {
			return err
		}
		log, done, err := e.OpenLog(c.stdin, f.Config)
		if err != nil {
			return err
		}
		defer done()
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
		for _, n := range in.Notices {
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
		o := in.Examine(nil)
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
		o := in.Examine(job)
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
	args := input.Solve(fs)
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
		o := in.With(sol.Input, in.Uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()}), in.Notices).Examine(req.Job)
		if *output == "json" {
			return c.writeJSON(view.SolvedJSON(&sol, o, req.Fit), nil)
		}
		fmt.Fprint(c.stdout, view.SolveText(&sol, o, view.SolveOptions{ReportOptions: in.ReportOptions(*exact), Fit: req.Fit}))
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
			return c.writeJSON(view.DiffJSONFor(&d, in.Examine(nil), in.With(to, in.Uses, nil).Examine(nil)), refused)
		}
		opts := view.DiffOptions{ReportOptions: in.ReportOptions(*exact), ToSource: "the same configuration " + strings.Join(what, ", "), Width: *width}
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
		kind, err := e.Kind(in.Input.Line, in.File)
		if err != nil {
			return err
		}
		c.sayImplicit(in)
		ex, err := flinkconf.Export(in.Input, in.File, kind, memmodel.ExportOptions{Pinned: e.Pinned, KeepDefaults: e.Update != ""})
		var rej *memmodel.Rejection
		if err != nil && !errors.As(err, &rej) {
			return usageError("%v", err)
		}
		// The notices come first: a key or line Flink does not read is often
		// why it refuses, and so is a legacy key the line no longer reads.
		for _, n := range in.Notices {
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
		fmt.Fprint(c.stdout, "flinkmem "+view.Version(version)+"\n\n"+view.ReleaseList())
		return nil
	}
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
		if err := model.Run(model.Options{Input: in.Input, Source: in.Source, Preset: in.Preset, Uses: in.FlagUses, Notices: in.Notices, Theme: *theme, ASCII: *ascii}); err != nil {
			return usageError("%v", err)
		}
		return nil
	}
}
