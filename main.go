// Command flinkmem explores Apache Flink's TaskManager and JobManager memory
// model: it resolves a configuration exactly as Flink does, explains every
// component, flags what Flink would refuse and exports config snippets.
//
// Without a command it opens the interactive explorer (or, when standard
// output is not a terminal, prints what `flinkmem resolve` prints). The
// commands resolve, explain, check, network, export, render, presets and
// version serve scripts, CI pipelines and docs; see `flinkmem help`.
//
// This file only wires flags to the engine (memmodel), the file readers
// (memmodel/flinkconf), the presets and the renderers (view), and maps
// errors to exit statuses.
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
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/model"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/presets/input"
	"github.com/flinkmem/flinkmem/view"
)

// version is the release, set at build time with
// -ldflags "-X main.version=v1.2.3"; builds without it fall back to the
// module version Go recorded.
var version string

// Exit statuses: the contract scripts rely on.
const (
	// exitOK: the configuration resolves (or the command succeeded).
	exitOK = 0
	// exitRefused: Flink would refuse the configuration.
	exitRefused = 1
	// exitUsage: a usage error, or a file that cannot be read or written.
	exitUsage = 2
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

// --- commands -----------------------------------------------------------------

// command is one subcommand, as a value (the idea of cmd/go's
// base.Command): its name, and flags, which declares the command's own
// flags and returns the function that runs it once they are parsed.
//
// Adding a command (diagnose, solve, diff …) is one entry in commands, its
// help text in view.Usage, and one function of this shape, 30–60 lines:
//
//	func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
//		output := outputFlag(fs)                   // its own flags
//		return func(c *cli) error {
//			if err := checkOutput(*output); err != nil { // flags first,
//				return err
//			}
//			in, err := c.load(f)                   // then the shared input
//			if err != nil {
//				return err
//			}
//			d := memmodel.Diagnose(in.Input, …)    // one engine call
//			fmt.Fprint(c.stdout, view.Diagnosis(d)) // one renderer
//			return statusOf(d)                     // nil, errRefused, usageError
//		}
//	}
//
// The shared step (execute) registers the input flags when input is set,
// parses the command line, prints -h help and refuses stray arguments.
// Errors are returned, never printed: run maps them to the exit status.
type command struct {
	name string
	// input registers the input flags (-c, -D, --preset …) for the command.
	input bool
	flags func(fs *flag.FlagSet, f *inputFlags) runFunc
	// custom, when set, takes the raw arguments instead (help).
	custom func(c *cli, args []string) error
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
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd
		}
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
	case fs.NArg() > 0:
		return usageError("unexpected argument %q: options go in flags such as -D key=value or -c FILE (see %s)", fs.Arg(0), see)
	}
	return runCmd(c)
}

// flagGiven reports whether a flag was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// outputFlag declares -o/--output.
func outputFlag(fs *flag.FlagSet) *string {
	output := new(string)
	fs.StringVar(output, "o", "text", "")
	fs.StringVar(output, "output", "text", "")
	return output
}

func checkOutput(output string) error {
	if output != "text" && output != "json" {
		return usageError("-o %q: use text or json", output)
	}
	return nil
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

// --- input -----------------------------------------------------------------

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
		l.notes = append(l.notes, view.ReportNote{Code: n.Code, Message: n.Message, Severity: n.Severity()})
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
	return view.Outcome{Outcome: memmodel.Examine(in.Input, in.Uses, job), Notes: in.notes, Source: in.Source}
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

// --- resolve, explain, check, render -------------------------------------------

func resolveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := outputFlag(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		if err := checkOutput(*output); err != nil {
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
	return func(c *cli) error {
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.examine(nil)
		if o.Err != nil {
			return refusal(c.stdout, o, o.Err)
		}
		fmt.Fprint(c.stdout, view.ExplainReport(o.Layout, in.reportOptions(*exact)))
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
		if !*strict {
			return nil
		}
		if w := view.StrictWarnings(o); w != "" {
			fmt.Fprint(c.stderr, w)
			return errRefused
		}
		return nil
	}
}

func renderCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	width := fs.Int("width", 0, "")
	color := fs.String("color", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	return func(c *cli) error {
		useColor := *color == "always" || (*color == "auto" && isTerminal(c.stdout) && os.Getenv("NO_COLOR") == "")
		switch {
		case *color != "always" && *color != "never" && *color != "auto":
			return usageError("--color %q: use always, never or auto", *color)
		case *width < 0:
			return usageError("--width %d: give a positive number of columns", *width)
		case *width == 0:
			*width = terminalWidth(c.stdout)
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

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// terminalWidth is the terminal's width, or 100 columns when w is not a
// terminal.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
			return cols
		}
	}
	return 100
}

// --- network -------------------------------------------------------------------

// jobFlags declares the job shape's flags: --parallelism, --exchanges,
// --forward and --batch.
func jobFlags(fs *flag.FlagSet) *memmodel.JobShape {
	job := new(memmodel.JobShape)
	fs.IntVar(&job.Parallelism, "parallelism", 0, "")
	fs.IntVar(&job.AllToAll, "exchanges", 0, "")
	fs.IntVar(&job.Forward, "forward", 0, "")
	fs.BoolVar(&job.Batch, "batch", false, "")
	return job
}

func networkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	job := jobFlags(fs)
	fs.IntVar(&job.SlotsPerTM, "slots", 0, "")
	output := outputFlag(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		switch {
		case !flagGiven(fs, "parallelism") || !flagGiven(fs, "exchanges"):
			return usageError("give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
		case job.Check(flagGiven(fs, "slots")) != nil:
			return usageError("--%v", job.Check(flagGiven(fs, "slots")))
		case checkOutput(*output) != nil:
			return checkOutput(*output)
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
			opts.Fixes = memmodel.Fixes(in.Input, r.NetworkErr)
		}
		fmt.Fprint(c.stdout, view.NetworkReport(l, job, *r, opts))
		return short
	}
}

// --- solve, diff ----------------------------------------------------------------

// repeated collects a repeatable flag's values.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, " ") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

func solveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var args memmodel.SolveArgs
	fs.Var((*repeated)(&args.Targets), "target", "")
	fs.Var((*repeated)(&args.Vary), "vary", "")
	fs.StringVar(&args.Fit, "fit", "", "")
	fs.StringVar(&args.Maximize, "maximize", "", "")
	job := jobFlags(fs)
	output := outputFlag(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		if err := checkOutput(*output); err != nil {
			return err
		}
		role := memmodel.TaskManager
		if f.JobManager {
			role = memmodel.JobManager
		}
		req, err := args.Request(role)
		if err != nil {
			return usageError("%v", err)
		}
		if flagGiven(fs, "parallelism") || flagGiven(fs, "exchanges") {
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
		solved := &loaded{Loaded: &input.Loaded{Layered: in.Layered, Uses: in.Uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()})}, notes: in.notes}
		solved.Input = sol.Input
		o := solved.examine(req.Job)
		if *output == "json" {
			return c.writeJSON(view.SolvedJSON(&sol, o, req.Fit), nil)
		}
		fmt.Fprint(c.stdout, view.SolveText(&sol, o, view.SolveOptions{ReportOptions: in.reportOptions(*exact), Fit: req.Fit}))
		return nil
	}
}

func diffCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	toFlink, toConfig, toPreset := fs.String("to-flink", "", ""), fs.String("to-config", "", ""), fs.String("to-preset", "", "")
	var toDefines flinkconf.Dynamic
	fs.Var(&toDefines, "to-D", "")
	toJM := fs.Bool("to-jobmanager", false, "")
	width := fs.Int("width", 60, "")
	output := outputFlag(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		switch {
		case checkOutput(*output) != nil:
			return checkOutput(*output)
		case *toFlink == "" && *toConfig == "" && *toPreset == "" && len(toDefines) == 0 && !*toJM:
			return usageError("say what the second configuration changes: --to-flink LINE, --to-config PATH, --to-preset NAME, --to-D key=value or --to-jobmanager")
		case *width < 10:
			return usageError("--width %d: give at least 10 columns", *width)
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		to, what, err := c.secondInput(in, *toFlink, *toConfig, *toPreset, toDefines, *toJM)
		if err != nil {
			return err
		}
		d := memmodel.CompareUses(in.Input, to, in.Uses)
		var refused error
		if d.ToErr != nil {
			refused = errRefused
		}
		if *output == "json" {
			second := &loaded{Loaded: &input.Loaded{Layered: in.Layered, Uses: in.Uses}}
			second.Input = to
			return c.writeJSON(view.DiffJSONFor(&d, in.examine(nil), second.examine(nil)), refused)
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

// secondInput is the first input with the --to-* changes, and those
// changes in words.
func (c *cli) secondInput(in *loaded, flink, config, preset string, defines flinkconf.Dynamic, jm bool) (memmodel.Input, []string, error) {
	to := in.Input
	var what []string
	layers := []memmodel.Config{in.Input.Config}
	if flink != "" {
		line, err := memmodel.ParseLine(flink)
		switch {
		case err != nil:
			return to, nil, usageError("--to-flink: %v", err)
		case line == to.Line:
			return to, nil, usageError("--to-flink %s is the line the first configuration is on already; choose another line (or --flink for the first)", flink)
		}
		to.Line, what = line, append(what, "on Flink "+line.String())
	}
	if jm {
		if !to.Line.HasJobManagerModel() {
			return to, nil, usageError("--to-jobmanager: the JobManager memory model starts with Flink 1.11")
		}
		to.Role, what = memmodel.JobManager, append(what, "for the JobManager")
	}
	if preset != "" {
		p, err := presets.Get(preset)
		if err != nil {
			return to, nil, usageError("--to-preset: %v", err)
		}
		layers, what = append(layers, p.Config(to.Role)), append(what, "with preset "+p.Name)
	}
	if config != "" {
		file, err := flinkconf.Read(config, flinkconf.ReadOptions{Line: to.Line, LineGiven: true, Stdin: c.stdin})
		if err != nil {
			return to, nil, usageError("--to-config: %v", err)
		}
		layers, what = append(layers, memmodel.MergeConfigs(file.Config)), append(what, "with "+file.Label)
	}
	if len(defines) > 0 {
		layer := memmodel.Config{}
		for _, kv := range defines {
			layer[kv.Key] = kv.Value
		}
		layers, what = append(layers, layer), append(what, fmt.Sprintf("with the --to-D options (%s)", defines.String()))
	}
	to.Config = memmodel.MergeConfigs(layers...)
	return to, what, nil
}

// --- export ------------------------------------------------------------------

func exportCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	format := fs.String("format", "", "")
	pinned := fs.Bool("pinned", false, "")
	var write string
	fs.StringVar(&write, "w", "", "")
	fs.StringVar(&write, "write", "", "")
	force := fs.Bool("force", false, "")
	update := fs.String("update", "", "")
	// The note on the default preset waits until --format is known good.
	f.Migrating, f.quiet = true, true
	return func(c *cli) error {
		switch {
		case *update != "" && f.Config != "":
			return usageError("--update reads its file as the base configuration; drop -c")
		case *update != "" && write != "":
			return usageError("--update writes back into its own file; drop -w")
		case *update != "" && *format != "":
			return usageError("--update keeps the file's own format; drop --format")
		case *update == "-":
			return usageError("--update needs a file to write back to, not standard input")
		case *force && write == "":
			return usageError("--force only applies to -w FILE")
		case *update != "":
			f.Config = *update
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		var kind memmodel.ExportFormat // --update keeps the file's format
		if *update == "" {
			name := cmp.Or(*format, string(flinkconf.DefaultExportFormat(in.Input.Line, in.File)))
			if kind, err = memmodel.ParseExportFormat(name, in.Input.Line); err != nil {
				return usageError("--format: %v", err)
			}
		}
		c.sayImplicit(in)
		ex, err := flinkconf.Export(in.Input, in.File, kind, memmodel.ExportOptions{Pinned: *pinned, KeepDefaults: *update != ""})
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
			c.note("%s already holds these options; nothing written", *update)
			return nil
		case *update == "" && write == "":
			if _, err := c.stdout.Write(ex.Data); err != nil {
				return usageError("writing the export: %v", err)
			}
			return nil
		}
		path, done := write, fmt.Sprintf("wrote %s (%s, %d options)", write, kind, len(ex.Options))
		if *update != "" {
			path, *force, done = *update, true, "updated "+*update
		}
		if err := flinkconf.WriteFile(path, ex.Data, *force); errors.Is(err, flinkconf.ErrExists) {
			return usageError("%s already exists; pass --force to overwrite it", path)
		} else if err != nil {
			return usageError("%v", err)
		}
		c.note("%s", done)
		return nil
	}
}

// --- presets, version, help, the explorer ----------------------------------------

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
	switch {
	case version != "":
		return version
	case !ok:
		return "devel"
	case bi.Main.Version != "" && bi.Main.Version != "(devel)":
		return bi.Main.Version
	}
	v, dirty := "devel", ""
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			v += "-" + s.Value[:min(len(s.Value), 12)]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	return v + dirty
}

func (c *cli) help(args []string) error {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprint(c.stdout, view.Usage("help"))
	case len(args) == 0:
		fmt.Fprint(c.stdout, view.Usage(""))
	case len(args) == 1 && lookup(args[0]) != nil:
		fmt.Fprint(c.stdout, view.Usage(args[0]))
	default:
		return usageError("no help for %q; the commands are %s", strings.Join(args, " "), commandNames())
	}
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
		tty := isTerminal(c.stdout)
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
