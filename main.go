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
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/model"
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

// errRefused ends a command whose refusal (or a diagnosis that recognised
// nothing) is already reported: status 1.
var errRefused error = &exitError{status: exitRefused}

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

// notes prints each of lines as a note; empty ones are left out.
func (c *cli) notes(lines ...string) {
	for _, l := range lines {
		if l != "" {
			c.note("%s", l)
		}
	}
}

// command is one subcommand, as a value (cmd/go's base.Command idea). To
// add one: an entry in commands, its help in view.Usage, its flags and
// their checks in presets/input, and a function of this shape:
//
//	func auditCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
//		output := input.Output(fs)                 // its own flags,
//		f.check = func(*cli) error { return input.CheckOutput(*output) }
//		return func(c *cli, in *input.Loaded) error {
//			a := memmodel.Audit(in.Input)          // one engine call,
//			return cmp.Or(view.PrintAudit(c.stdout, *output, a), refusedIf(a.Bad()))
//		}
//	}
//
// execute registers the input flags, parses, prints -h help, refuses
// stray arguments, runs f.check and loads the input; run maps the
// returned error to the exit status.
type command struct {
	name string
	// input registers the input flags (-c, -D, --preset …) and loads the
	// input before the command runs.
	input bool
	flags func(fs *flag.FlagSet, f *inputFlags) runFunc
	// custom, when set, takes the raw arguments instead (help).
	custom func(c *cli, args []string) error
	// args lets the command take arguments after its flags (diagnose).
	args bool
}

// runFunc runs a command once its flags are parsed and checked; in is the
// loaded input of a command with input flags, nil otherwise.
type runFunc func(c *cli, in *input.Loaded) error

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

// rootCommand is flinkmem without a command: the explorer. It registers
// the input flags itself, as it loads the input only to run.
var rootCommand = command{flags: rootFlags}

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
// command line (printing help for -h), refuse stray arguments, check the
// command's flags, load the input, run.
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
	if f.check != nil {
		if err := f.check(c); err != nil {
			return err
		}
	}
	var in *input.Loaded
	if cmd.input {
		if in, err = c.load(f); err != nil {
			return err
		}
	}
	return runCmd(c, in)
}

// inputFlags are the input flags (see package input) and what a command
// sets about them.
type inputFlags struct {
	input.Flags
	// quiet leaves out the note that the default preset stands in for
	// missing input (check, the explorer, export until its format is known
	// good).
	quiet bool
	// check checks the command's own flags before the input loads, so that
	// a usage error comes before any note about the input.
	check func(c *cli) error
}

// load builds the input and tells the user what the preset changed.
func (c *cli) load(f *inputFlags) (*input.Loaded, error) {
	in, err := f.Load(c.stdin)
	if err != nil {
		return nil, err
	}
	c.notes(in.Said...)
	if p := in.File.ResourceProblem(in.Input.Role); p != "" {
		return nil, &exitError{exitRefused, "the Kubernetes operator cannot start this deployment: " + p}
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
		return err
	}
	fmt.Fprint(w, view.RefusalReport(o.Notes, rej, o.FixesFor(err)))
	return errRefused
}

// refusedIf is errRefused when refused holds, so that a command returns
// its outcome after printing it.
func refusedIf(refused bool) error {
	if refused {
		return errRefused
	}
	return nil
}

func resolveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	f.check = func(*cli) error { return input.CheckOutput(*output) }
	return func(c *cli, in *input.Loaded) error {
		if *output == "text" {
			return c.resolveText(in, *exact)
		}
		o := in.Examine(nil)
		return cmp.Or(view.PrintJSON(c.stdout, view.ResolveJSON(o)), refusedIf(o.Refused(true)))
	}
}

// resolveText prints the resolve report, or the refusal with its fixes.
func (c *cli) resolveText(in *input.Loaded, exact bool) error {
	o := in.Examine(nil)
	if o.Err != nil {
		return refusal(c.stdout, o, o.Err)
	}
	fmt.Fprint(c.stdout, view.ResolveText(o, in.ReportOptions(exact)))
	return refusedIf(o.Refused(true))
}

func explainCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	exact := fs.Bool("bytes", false, "")
	number := input.NumberFlag(fs)
	f.check = func(*cli) error { return number.Check() }
	return func(c *cli, in *input.Loaded) error {
		o := in.Examine(nil)
		if o.Err != nil {
			return refusal(c.stdout, o, o.Err)
		}
		fmt.Fprint(c.stdout, number.Explain(in, o.Layout, *exact))
		return refusedIf(o.Refused(false))
	}
}

func checkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	strict := fs.Bool("strict", false, "")
	f.quiet = true
	return func(c *cli, in *input.Loaded) error {
		o := in.Examine(nil)
		if err := cmp.Or(o.Err, o.SlotErr()); err != nil {
			return refusal(c.stderr, o, err)
		}
		failures := view.CheckFailures(o, *strict)
		fmt.Fprint(c.stderr, failures)
		return refusedIf(failures != "")
	}
}

func diagnoseCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	output := input.Output(fs)
	var e input.Evidence
	e.Register(fs)
	f.quiet = true
	f.check = func(c *cli) error { return e.Gather(fs, c.stdin, f.Config, *output) }
	return func(c *cli, in *input.Loaded) error {
		if !e.SaysConfig(in) {
			c.sayImplicit(in)
		}
		a := in.Diagnose(&e)
		return cmp.Or(view.PrintDiagnosis(c.stdout, *output, &a), refusedIf(!a.Recognised()))
	}
}

func renderCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var r input.Render
	r.Register(fs)
	var pictures input.Pictures
	pictures.Register(fs)
	var opts view.StaticOptions
	f.check = func(c *cli) (err error) {
		if err = pictures.Check(); err == nil {
			opts, err = r.Options(c.stdout)
		}
		return err
	}
	return func(c *cli, in *input.Loaded) error {
		o := in.Examine(nil)
		return cmp.Or(pictures.Render(c.stdout, c.note, o, opts), refusedIf(o.Refused(false)))
	}
}

func networkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	n := input.NetworkFlags(fs)
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	f.check = func(*cli) error { return n.Check(&f.Flags, *output) }
	return func(c *cli, in *input.Loaded) error {
		if err := n.Prepare(in); err != nil {
			return err
		}
		o := in.Examine(n.Job)
		switch {
		case o.Err != nil && *output == "json":
			return cmp.Or(view.PrintJSON(c.stdout, view.ResolveJSON(o)), errRefused)
		case o.Err != nil:
			return refusal(c.stdout, o, o.Err)
		}
		c.notes(n.SlotsNote(o.Layout))
		return cmp.Or(view.PrintNetwork(c.stdout, *output, o, n.Job, *exact), refusedIf(view.NetworkShort(o)))
	}
}

func solveCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	s := input.SolverFlags(fs)
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	var req memmodel.SolveRequest
	f.check = func(*cli) (err error) {
		if err = input.CheckOutput(*output); err == nil {
			req, err = s.Request(&f.Flags)
		}
		return err
	}
	return func(c *cli, in *input.Loaded) error {
		sol, o, err := in.Solve(req)
		var un *memmodel.Unsolvable
		switch {
		case errors.As(err, &un):
			return cmp.Or(view.PrintUnsolvable(c.stdout, *output, un), errRefused)
		case err != nil:
			return err
		}
		opts := view.SolveOptions{ReportOptions: in.ReportOptions(*exact), Fit: req.Fit}
		return view.PrintSolved(c.stdout, *output, &sol, o, opts)
	}
}

func diffCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var second input.To
	second.Register(fs)
	width := fs.Int("width", 60, "")
	output := input.Output(fs)
	exact := fs.Bool("bytes", false, "")
	f.check = func(*cli) error {
		return cmp.Or(input.CheckOutput(*output), second.Check(), input.CheckWidth(*width, 10))
	}
	return func(c *cli, in *input.Loaded) error {
		d, opts, err := second.Diff(in, c.stdin, *exact, *width)
		if err != nil {
			return err
		}
		doc := func() any { return view.DiffJSONFor(&d, in.Examine(nil), in.With(d.To, in.Uses, nil).Examine(nil)) }
		return cmp.Or(view.Print(c.stdout, *output, doc, func() string { return view.DiffReport(&d, opts) }), refusedIf(d.ToErr != nil))
	}
}

func exportCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	var e input.Export
	e.Register(fs)
	// The note on the default preset waits until --format is known good.
	f.Migrating, f.quiet = true, true
	f.check = func(*cli) error { return e.Check(&f.Flags) }
	return func(c *cli, in *input.Loaded) error {
		kind, err := e.Kind(in.Input.Line, in.File)
		if err != nil {
			return err
		}
		c.sayImplicit(in)
		x, err := e.Export(in, kind)
		if err != nil {
			return err
		}
		c.notes(x.Notices...)
		fmt.Fprint(c.stderr, x.Refusal)
		c.notes(x.Migrated...)
		if x.Refusal != "" {
			return &exitError{exitRefused, fmt.Sprintf("nothing exported: Flink %s would refuse this configuration", in.Input.Line)}
		}
		done, err := e.Deliver(x, c.stdout)
		c.notes(done)
		return err
	}
}

func presetsCommand(fs *flag.FlagSet, _ *inputFlags) runFunc {
	lessons := fs.Bool("lessons", false, "")
	return func(c *cli, _ *input.Loaded) error {
		text, err := input.PresetsText(*lessons)
		fmt.Fprint(c.stdout, text)
		return err
	}
}

func versionCommand(*flag.FlagSet, *inputFlags) runFunc {
	return func(c *cli, _ *input.Loaded) error {
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
	f.Register(fs)
	theme := fs.String("theme", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	showVersion := fs.Bool("version", false, "")
	return func(c *cli, _ *input.Loaded) error {
		switch {
		case *showVersion:
			return versionCommand(fs, f)(c, nil)
		case input.CheckTheme(*theme) != nil:
			return input.CheckTheme(*theme)
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
		opts := model.Options{Input: in.Input, Source: in.Source, Preset: in.Preset, Uses: in.FlagUses, Notices: in.Notices, DefaultBase: in.Implicit || in.Base, Theme: *theme, ASCII: *ascii}
		opts.JavaOptsEnv, opts.JavaOptsEnvSet = in.JavaOptsEnv()
		return model.Run(opts)
	}
}
