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
	"bytes"
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
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/model"
	"github.com/flinkmem/flinkmem/presets"
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
	cmd, rest := &rootCommand, args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if cmd = lookup(args[0]); cmd == nil {
			cmd = &command{}
			return c.exit(cmd, usageError("unknown command %q; the commands are %s (see flinkmem help)", args[0], commandNames()))
		}
		rest = args[1:]
	}
	return c.exit(cmd, c.execute(cmd, rest))
}

// exit prints err's message, naming the command, and returns its status.
func (c *cli) exit(cmd *command, err error) int {
	if err == nil {
		return exitOK
	}
	status, msg := exitUsage, err.Error()
	var ee *exitError
	if errors.As(err, &ee) {
		status = ee.status
	}
	if msg != "" {
		prefix := "flinkmem"
		if cmd.name != "" {
			prefix += " " + cmd.name
		}
		fmt.Fprintf(c.stderr, "%s: %s\n", prefix, msg)
	}
	return status
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
// base.Command): its name (view.Usage has its help text), and flags, which declares the
// command's own flags and returns the function that runs it once they are
// parsed.
//
// Adding a command (diagnose, solve, diff …) is one entry in commands and
// one function of this shape, some 30–60 lines:
//
//	func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
//		output := outputFlag(fs)                  // the command's own flags
//		return func(c *cli) error {
//			if err := checkOutput(*output); err != nil { // flags first …
//				return err
//			}
//			in, err := c.load(f)                  // … then the shared input step
//			if err != nil {
//				return err
//			}
//			d := memmodel.Diagnose(in.in, …)      // one engine call
//			fmt.Fprint(c.stdout, view.Diagnosis(d)) // one renderer
//			return statusOf(d)                    // nil, errRefused or usageError
//		}
//	}
//
// with input: true when it reads a configuration. The shared step has
// already registered the input flags into f, parsed the command line,
// printed -h help and refused stray arguments; load layers the input and
// prints the notes every command prints. Errors are returned, never
// printed: run prints them and maps them to the exit status.
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
		f.register(fs)
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

// inputFlags are the flags that say which configuration to resolve; every
// command that resolves and the explorer take them. New input flags belong
// here, in register and in load, and nowhere else.
type inputFlags struct {
	config, preset, deployment, flink string
	defines                           flinkconf.Dynamic
	jobmanager                        bool
	// uses is the --uses list of managed-memory consumers the job has,
	// beyond those the configuration reveals.
	uses string
	// migrating reads a conf/ directory the chosen line no longer reads as
	// the lines that do (export); quiet leaves out the note that the
	// default preset stands in for missing input (check, the explorer).
	migrating, quiet bool
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "c", "", "")
	fs.StringVar(&f.config, "config", "", "")
	fs.Var(&f.defines, "D", "")
	fs.StringVar(&f.preset, "preset", "", "")
	fs.BoolVar(&f.jobmanager, "jobmanager", false, "")
	fs.StringVar(&f.deployment, "deployment", "", "")
	fs.StringVar(&f.flink, "flink", "", "")
	fs.StringVar(&f.uses, "uses", "", "")
}

// input is a configuration after layering, with where it came from.
type input struct {
	presets.Layered
	// file is the configuration file read, if any.
	file *flinkconf.Input
	// notes are findings about the input: the file's notices, a preset
	// meant for other lines.
	notes []view.ReportNote
	// uses are the job's managed-memory consumers: those --uses names and
	// those the configuration's own keys reveal; flagUses those --uses
	// names, which start the explorer's switches.
	uses, flagUses memmodel.Uses
}

// load builds the input (see presets.Layer), reading the file -c names.
func (c *cli) load(f *inputFlags) (*input, error) {
	l := presets.Layers{Preset: f.preset, Dynamic: f.defines, Line: memmodel.LatestLine, RoleChosen: f.jobmanager, LineChosen: f.flink != "" || f.config != ""}
	switch strings.ToLower(f.deployment) {
	case "", "standalone":
	case "container":
		l.Deployment = memmodel.Container
	default:
		return nil, usageError("--deployment %q: use standalone, or container for YARN and Kubernetes", f.deployment)
	}
	// --uses and --flink are checked before any file is read.
	uses, err := memmodel.ParseUses(f.uses)
	if err != nil {
		return nil, usageError("--uses: %v", err)
	}
	if f.flink != "" {
		if l.Line, err = memmodel.ParseLine(f.flink); err != nil {
			return nil, usageError("--flink: %v", err)
		}
	}
	if f.jobmanager {
		l.Role = memmodel.JobManager
	}
	in := &input{flagUses: uses}
	stdin := c.stdin
	if f.config != "" {
		imp, rest, err := diagnose.ImportFile(f.config, c.stdin, l.Line)
		switch {
		case err != nil:
			return nil, usageError("%v", err)
		case imp != nil:
			if f.jobmanager && imp.Role != memmodel.JobManager {
				return nil, usageError("%s describes a %s, but --jobmanager asks for the JobManager; drop --jobmanager", f.config, imp.Role.Title())
			}
			l.Role, l.RoleChosen, l.File, l.FileLabel = imp.Role, true, imp.Config, imp.Label
			for _, n := range imp.Notes {
				in.notes = append(in.notes, view.ReportNote{Code: "imported", Message: n})
			}
		}
		stdin = rest
	}
	// A JVM flag on the command line or in the environment gets the
	// notice the same line in a file gets.
	for _, n := range diagnose.OptionNotes(f.defines, os.Getenv("FLINK_ENV_JAVA_OPTS")) {
		code := n.Code
		if code == "memory-flag-override" {
			code = flinkconf.NoticeJVMMemoryFlag
		}
		in.notes = append(in.notes, view.ReportNote{Code: code, Message: n.Message})
	}
	if f.config != "" && l.File == nil {
		if in.file, err = flinkconf.Read(f.config, flinkconf.ReadOptions{Line: l.Line, LineGiven: f.flink != "", Stdin: stdin, Migrating: f.migrating}); err != nil {
			return nil, usageError("%v", err)
		}
		l.Line, l.File, l.FileLabel = in.file.Line, memmodel.MergeConfigs(in.file.Config), in.file.Label
		if in.file.Format == flinkconf.FlinkDeployment && f.deployment == "" {
			l.Deployment = memmodel.Container
		}
		for _, n := range in.file.LocatedNotices() {
			in.notes = append(in.notes, view.ReportNote{Code: n.Code, Message: n.Message})
		}
	}
	if in.Layered, err = presets.Layer(l); err != nil {
		return nil, usageError("%v", err)
	}
	if in.Placement.RoleSwitched {
		c.note("preset %s is about the JobManager; resolving the JobManager", in.Preset)
	}
	if in.Placement.LineSwitched {
		c.note("preset %s is not meant for Flink %s; resolving for Flink %s (choose another line with --flink)", in.Preset, l.Line, in.Input.Line)
	}
	if in.OtherLines != "" {
		in.notes = append(in.notes, view.ReportNote{Code: "preset-other-line",
			Message: "preset " + in.Preset + " is meant for Flink " + in.OtherLines + ", not " + in.Input.Line.String()})
	}
	in.uses = uses.Or(memmodel.UsesFromConfig(in.Input.Config))
	if !f.quiet {
		c.sayImplicit(in)
	}
	return in, nil
}

// sayImplicit tells the user that the default preset stands in for the
// missing input.
func (c *cli) sayImplicit(in *input) {
	if in.Implicit {
		c.note("no -c, -D or --preset given: using preset default (Flink's shipped configuration)")
	}
}

// examine resolves the input for a job shape (nil for none).
func (in *input) examine(job *memmodel.JobShape) view.Outcome {
	o := view.Outcome{Outcome: memmodel.Examine(in.Input, in.uses, job), Notes: in.notes}
	if o.Layout != nil {
		env, envSet := os.LookupEnv("FLINK_ENV_JAVA_OPTS")
		o.JVMCommand = diagnose.AnalyzeJVM(in.Input, o.Layout, env, envSet).Command
	}
	return o
}

// reportOptions are the text reports' options for this input.
func (in *input) reportOptions(exact bool) view.ReportOptions {
	return view.ReportOptions{Bytes: exact, Source: in.Source, Notes: in.notes}
}

// refusal prints why Flink refuses the input (err, or the outcome's own
// refusal) with the verified fixes, and returns errRefused.
func refusal(w io.Writer, o view.Outcome, err error) error {
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		return usageError("%v", err)
	}
	fixes := o.Fixes
	if err != o.Err {
		fixes = memmodel.Fixes(o.Input, err)
	}
	fmt.Fprint(w, view.RejectionReport(rej, fixes))
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
func (c *cli) resolveText(in *input, exact bool) error {
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
		var warnings []memmodel.SlotNotice
		if o.Slots != nil {
			for _, part := range o.Slots.Refusals() {
				fmt.Fprint(c.stderr, view.SlotRefusalReport(in.Input.Line, part, memmodel.Fixes(in.Input, part.Err)))
			}
			if o.Refused(true) {
				return errRefused
			}
			for _, n := range o.Slots.Notices {
				if n.Warning {
					warnings = append(warnings, n)
				}
			}
		}
		if !*strict {
			return nil
		}
		notes := view.Notes(o.Layout, in.notes)
		for _, n := range notes {
			fmt.Fprintf(c.stderr, "flinkmem check: notice: %s [%s]\n", n.Message, n.Code)
		}
		// Only the per-slot warnings count: the other per-slot notices
		// depend on which consumers the job has, which the configuration
		// rarely says.
		for _, n := range warnings {
			fmt.Fprintf(c.stderr, "flinkmem check: per-slot warning: %s [%s]\n", n.Message(), n.Code)
		}
		if len(notes)+len(warnings) > 0 {
			return errRefused
		}
		return nil
	}
}

// --- diagnose ----------------------------------------------------------------

// errNothing ends a diagnosis that recognised nothing: status 1.
var errNothing = &exitError{status: exitRefused}

func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := outputFlag(fs)
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
		if err := checkOutput(*output); err != nil {
			return err
		}
		if *logPath == "-" && f.config == "-" {
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
		res := view.Resolution{Input: in.Input, Err: o.Err, Fixes: o.Fixes}
		if o.Layout != nil {
			res.Layout = *o.Layout
			if serr := o.SlotErr(); serr != nil {
				res.Err, res.Fixes = serr, memmodel.Fixes(in.Input, serr)
			}
		}
		fmt.Fprint(c.stdout, view.Static(res, view.StaticOptions{Width: *width, Color: useColor, ASCII: *ascii}))
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
		case job.Parallelism < 1:
			return usageError("--parallelism %d: the job's parallelism is at least 1", job.Parallelism)
		case job.AllToAll < 0:
			return usageError("--exchanges %d: give the number of all-to-all exchanges, 0 or more", job.AllToAll)
		case job.Forward < 0:
			return usageError("--forward %d: give the number of unchained forward exchanges, 0 or more", job.Forward)
		case flagGiven(fs, "slots") && job.SlotsPerTM < 1:
			return usageError("--slots %d: a TaskManager has at least 1 slot (leave --slots out to use taskmanager.numberOfTaskSlots)", job.SlotsPerTM)
		case checkOutput(*output) != nil:
			return checkOutput(*output)
		case f.jobmanager:
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
			return c.writeJSON(view.NetworkJSON(l, job, r), short)
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
		if f.jobmanager {
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
		req.Input, req.Uses = in.Input, in.uses
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
		solved := &input{Layered: in.Layered, notes: in.notes, uses: in.uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()})}
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
		d := memmodel.CompareUses(in.Input, to, in.uses)
		var refused error
		if d.ToErr != nil {
			refused = errRefused
		}
		if *output == "json" {
			second := &input{Layered: in.Layered, uses: in.uses}
			second.Input = to
			return c.writeJSON(view.DiffJSONFor(&d, in.examine(nil), second.examine(nil)), refused)
		}
		opts := view.DiffOptions{ReportOptions: in.reportOptions(*exact), ToSource: "the same configuration " + strings.Join(what, ", "), Width: *width}
		if d.ToErr != nil {
			opts.Fixes = memmodel.Fixes(to, d.ToErr)
		}
		if in.file != nil && in.file.Format == flinkconf.FlinkConf {
			opts.FlinkConfFile = in.file.Path
		}
		fmt.Fprint(c.stdout, view.DiffReport(&d, opts))
		return refused
	}
}

// secondInput is the first input with the --to-* changes, and those
// changes in words.
func (c *cli) secondInput(in *input, flink, config, preset string, defines flinkconf.Dynamic, jm bool) (memmodel.Input, []string, error) {
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
	f.migrating, f.quiet = true, true
	return func(c *cli) error {
		switch {
		case *update != "" && f.config != "":
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
			f.config = *update
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		var kind memmodel.ExportFormat // --update keeps the file's format
		if *update == "" {
			name := cmp.Or(*format, string(flinkconf.DefaultExportFormat(in.Input.Line, in.file)))
			if kind, err = memmodel.ParseExportFormat(name, in.Input.Line); err != nil {
				return usageError("--format: %v", err)
			}
		}
		c.sayImplicit(in)
		res, err := memmodel.Export(in.Input, memmodel.ExportOptions{Pinned: *pinned, KeepDefaults: *update != ""})
		var rej *memmodel.Rejection
		if err != nil && !errors.As(err, &rej) {
			return usageError("%v", err)
		}
		if rej != nil {
			fmt.Fprint(c.stderr, view.RejectionReport(rej, memmodel.Fixes(in.Input, err)))
		}
		// The migrations matter most when the export is refused: a legacy key
		// the line no longer reads is often why.
		for _, m := range res.Migrations {
			c.note("%s", m)
		}
		for _, n := range in.notes {
			if n.Code != flinkconf.NoticeFileNotRead || kind == memmodel.ExportFlinkConf {
				c.note("%s [%s]", n.Message, n.Code)
			}
		}
		switch {
		case rej != nil:
			return &exitError{exitRefused, fmt.Sprintf("nothing exported: Flink %s would refuse this configuration", in.Input.Line)}
		case *update != "":
			return c.updateFile(in, &res, *update)
		case write == "":
			if _, err := c.stdout.Write(flinkconf.FormatExport(kind, &res)); err != nil {
				return usageError("writing the export: %v", err)
			}
			return nil
		}
		if err := flinkconf.WriteFile(write, flinkconf.FormatExport(kind, &res), *force); errors.Is(err, flinkconf.ErrExists) {
			return usageError("%s already exists; pass --force to overwrite it", write)
		} else if err != nil {
			return usageError("%v", err)
		}
		c.note("wrote %s (%s, %d options)", write, kind, len(res.Options))
		return nil
	}
}

// updateFile writes the exported options back into the file they were
// read from.
func (c *cli) updateFile(in *input, res *memmodel.ExportResult, path string) error {
	data, err := flinkconf.UpdateExport(in.file.Source, res)
	switch {
	case err != nil:
		return usageError("%v", err)
	case bytes.Equal(data, in.file.Data):
		c.note("%s already holds these options; nothing written", path)
		return nil
	}
	if err := flinkconf.WriteFile(path, data, true); err != nil {
		return usageError("%v", err)
	}
	c.note("updated %s", path)
	return nil
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
		fmt.Fprint(c.stdout, "flinkmem "+versionString()+"\n\n"+view.ReleaseList())
		return nil
	}
}

// versionString is the ldflags version, or what the Go toolchain recorded:
// the module version of `go install …@v1.2.3`, or the VCS revision of a
// local build.
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
		switch s.Key {
		case "vcs.revision":
			v += "-" + s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
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
		if err := model.Run(model.Options{Input: in.Input, Source: in.Source, Preset: in.Preset, Uses: in.flagUses, Theme: *theme, ASCII: *ascii}); err != nil {
			return usageError("%v", err)
		}
		return nil
	}
}
