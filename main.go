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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/flinkmem/flinkmem/memmodel"
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
// base.Command): its name, its help text, and flags, which declares the
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
	name, usage string
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
	{name: "resolve", usage: usageResolve, input: true, flags: resolveCommand},
	{name: "explain", usage: usageExplain, input: true, flags: explainCommand},
	{name: "check", usage: usageCheck, input: true, flags: checkCommand},
	{name: "network", usage: usageNetwork, input: true, flags: networkCommand},
	{name: "export", usage: usageExport, input: true, flags: exportCommand},
	{name: "render", usage: usageRender, input: true, flags: renderCommand},
	{name: "presets", usage: usagePresets, flags: presetsCommand},
	{name: "version", usage: usageVersion, flags: versionCommand},
	{name: "help", usage: usageHelp},
}

// The help command reads the table, so it joins it here rather than in the
// table's literal (which would be an initialisation cycle).
func init() { lookup("help").custom = (*cli).help }

// rootCommand is flinkmem without a command: the explorer.
var rootCommand = command{usage: usageRoot, input: true, flags: rootFlags}

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
	f := &inputFlags{set: fs}
	if cmd.input {
		f.register(fs)
	}
	runCmd := cmd.flags(fs, f)
	see := strings.TrimSpace("flinkmem " + cmd.name + " -h")
	err := fs.Parse(expandDefines(args))
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(c.stdout, cmd.usage)
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

// writeJSON prints v as indented JSON.
func (c *cli) writeJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return usageError("writing JSON: %v", err)
	}
	return nil
}

// --- input -----------------------------------------------------------------

// inputFlags are the flags that say which configuration to resolve; every
// command that resolves and the explorer take them. New input flags (such
// as the job shape of per-slot analysis) belong here, in register and in
// load, and nowhere else.
type inputFlags struct {
	set        *flag.FlagSet
	config     string
	defines    defines
	preset     string
	jobmanager bool
	deployment string
	flink      string
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

// defines collects -D key=value options in command-line order.
type defines []memmodel.KeyValue

// String lists the options as given.
func (d *defines) String() string {
	var parts []string
	for _, kv := range *d {
		parts = append(parts, kv.Key+"="+kv.Value)
	}
	return strings.Join(parts, " ")
}

// Set splits one option at its first '='; the value is kept byte for byte,
// an empty one included.
func (d *defines) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q has no '=': write -D key=value", s)
	}
	if k == "" {
		return fmt.Errorf("%q has no key before '=': write -D key=value", s)
	}
	*d = append(*d, memmodel.KeyValue{Key: k, Value: v})
	return nil
}

// expandDefines turns the Java-style "-Dkey=value" into "-D", "key=value"
// so that the flag package reads it; arguments after "--" and the value
// that follows a separate "-D" are left as they are.
func expandDefines(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case a == "-D" || a == "--D":
			out = append(out, a)
			if i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "-D") && len(a) > 2 && a[2] != '=':
			out = append(out, "-D", a[2:])
		default:
			out = append(out, a)
		}
	}
	return out
}

// input is a configuration after layering, with where it came from.
type input struct {
	in memmodel.Input
	// source says where the configuration came from, for headers.
	source string
	// preset is the preset the configuration started from, if any;
	// implicit is set when it is the default preset because no input was
	// given.
	preset   string
	implicit bool
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

// load builds the input: Flink's defaults < preset < config file < -D,
// reading the file -c names.
func (c *cli) load(f *inputFlags) (*input, error) {
	var deployment memmodel.Deployment
	switch strings.ToLower(f.deployment) {
	case "", "standalone":
	case "container":
		deployment = memmodel.Container
	default:
		return nil, usageError("--deployment %q: use standalone, or container for YARN and Kubernetes", f.deployment)
	}
	// --uses is checked before any file is read, as the other flags are.
	uses, err := memmodel.ParseUses(f.uses)
	if err != nil {
		return nil, usageError("--uses: %v", err)
	}
	line, lineGiven := memmodel.LatestLine, f.flink != ""
	if lineGiven {
		if line, err = memmodel.ParseLine(f.flink); err != nil {
			return nil, usageError("--flink: %v", err)
		}
	}
	res := &input{flagUses: uses}
	var sources []string
	if f.config != "" {
		fi, err := flinkconf.Read(f.config, flinkconf.ReadOptions{Line: line, LineGiven: lineGiven, Stdin: c.stdin, Migrating: f.migrating})
		if err != nil {
			return nil, usageError("%v", err)
		}
		res.file, line = fi, fi.Line
		if fi.Format == flinkconf.FlinkDeployment && f.deployment == "" {
			deployment = memmodel.Container
		}
		sources = append(sources, fi.Label)
		for _, n := range fi.LocatedNotices() {
			res.notes = append(res.notes, view.ReportNote{Code: n.Code, Message: n.Message})
		}
	}
	role := memmodel.TaskManager
	if f.jobmanager {
		role = memmodel.JobManager
	}
	presetName, implicit := f.preset, false
	if f.config == "" && len(f.defines) == 0 && f.preset == "" {
		presetName, implicit = "default", true
	}
	var presetConfig memmodel.Config
	if presetName != "" {
		p, err := presets.Get(presetName)
		if err != nil {
			return nil, usageError("--preset: %v", err)
		}
		pl := p.Place(presets.Target{Role: role, Line: line, RoleChosen: f.jobmanager, LineChosen: lineGiven || f.config != ""})
		if pl.RoleSwitched && !pl.Line.HasJobManagerModel() {
			return nil, usageError("--preset %s is about the JobManager, whose memory model starts with Flink 1.11; choose --flink 1.11 or later", p.Name)
		}
		if pl.RoleSwitched {
			c.note("preset %s is about the JobManager; resolving the JobManager", p.Name)
		}
		if pl.LineSwitched {
			c.note("preset %s is meant for Flink %s; resolving for Flink %s (choose another line with --flink)", p.Name, strings.Join(p.Lines, ", "), pl.Line)
		}
		if pl.OtherLine {
			res.notes = append(res.notes, view.ReportNote{Code: "preset-other-line",
				Message: "preset " + p.Name + " is meant for Flink " + strings.Join(p.Lines, ", ") + ", not " + line.String()})
		}
		role, line, res.preset, presetConfig = pl.Role, pl.Line, p.Name, p.Config(pl.Role)
		label := "preset " + p.Name
		if implicit {
			label += " (no -c, -D or --preset given)"
		}
		sources = append([]string{label}, sources...)
	}
	if role == memmodel.JobManager && !line.HasJobManagerModel() {
		return nil, usageError("--jobmanager: the JobManager memory model starts with Flink 1.11; Flink %s sizes the JobManager with jobmanager.heap.size alone", line)
	}
	var fileConfig memmodel.Config
	if res.file != nil {
		fileConfig = res.file.Config
	}
	defined := memmodel.Config{}
	for _, kv := range f.defines {
		defined[kv.Key] = kv.Value
	}
	if n := len(f.defines); n > 0 {
		sources = append(sources, strconv.Itoa(n)+" -D "+plural(n, "option"))
	}
	cfg := memmodel.MergeConfigs(presetConfig, fileConfig, defined)
	res.in = memmodel.Input{Role: role, Line: line, Deployment: deployment, Config: cfg}
	res.uses = uses.Or(memmodel.UsesFromConfig(cfg))
	res.source = strings.Join(sources, " + ")
	if res.implicit = implicit; !f.quiet {
		c.sayImplicit(res)
	}
	return res, nil
}

// sayImplicit tells the user that the default preset stands in for the
// missing input.
func (c *cli) sayImplicit(in *input) {
	if in.implicit {
		c.note("no -c, -D or --preset given: using preset default (Flink's shipped configuration)")
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// outcome resolves the input: the layout and, for a TaskManager, the
// per-slot analysis; or the refusal with its verified fixes.
func (in *input) outcome(job *memmodel.JobShape) view.Outcome {
	o := view.Outcome{Input: in.in, Notes: in.notes}
	l, err := memmodel.Resolve(in.in)
	if err != nil {
		o.Err, o.Fixes = err, memmodel.Fixes(in.in, err)
		return o
	}
	o.Layout = &l
	if l.Role == memmodel.TaskManager {
		r := memmodel.AnalyzeSlots(in.in, &l, in.uses, job)
		o.Slots = &r
	}
	return o
}

// slotStatus is errRefused when Flink would refuse the TaskManager's slots
// although the memory resolves.
func slotStatus(l *memmodel.Layout) error {
	if l.Role == memmodel.TaskManager {
		if _, err := l.Slot(); err != nil {
			return errRefused
		}
	}
	return nil
}

// printRefusal prints why Flink refuses the input and the verified fixes.
func printRefusal(w io.Writer, o view.Outcome) error {
	var rej *memmodel.Rejection
	if !errors.As(o.Err, &rej) {
		return usageError("%v", o.Err)
	}
	fmt.Fprint(w, view.RejectionReport(rej, o.Fixes))
	return errRefused
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
			o := in.outcome(nil)
			if err := c.writeJSON(view.ResolveJSON(o)); err != nil {
				return err
			}
			return resolveStatus(o)
		}
		return c.resolveText(in, *exact)
	}
}

// resolveText prints the resolve report, or the refusal with its fixes.
func (c *cli) resolveText(in *input, exact bool) error {
	o := in.outcome(nil)
	if o.Err != nil {
		return printRefusal(c.stdout, o)
	}
	fmt.Fprint(c.stdout, view.ResolveReport(o.Layout, view.ReportOptions{Bytes: exact, Source: in.source, Notes: in.notes}))
	if o.Slots != nil {
		// The resolve report already has the slot profile line.
		fmt.Fprint(c.stdout, "\n"+view.SlotsReport(*o.Slots, view.SlotsOptions{Bytes: exact}))
	}
	return resolveStatus(o)
}

// resolveStatus is errRefused when Flink refuses the configuration, its
// slots, or a part of the per-slot analysis.
func resolveStatus(o view.Outcome) error {
	switch {
	case o.Err != nil:
		return errRefused
	case o.Slots != nil && len(o.Slots.Refusals()) > 0:
		return errRefused
	}
	return slotStatus(o.Layout)
}

func explainCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.outcome(nil)
		if o.Err != nil {
			return printRefusal(c.stdout, o)
		}
		fmt.Fprint(c.stdout, view.ExplainReport(o.Layout, view.ReportOptions{Bytes: *exact, Source: in.source, Notes: in.notes}))
		return slotStatus(o.Layout)
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
		o := in.outcome(nil)
		if o.Err != nil {
			return printRefusal(c.stderr, o)
		}
		var warnings []memmodel.SlotNotice
		if o.Slots != nil {
			if _, err := o.Layout.Slot(); err != nil {
				o.Err, o.Fixes = err, memmodel.Fixes(in.in, err)
				return printRefusal(c.stderr, o)
			}
			if refusals := o.Slots.Refusals(); len(refusals) > 0 {
				for _, part := range refusals {
					fmt.Fprint(c.stderr, view.SlotRefusalReport(in.in.Line, part, memmodel.Fixes(in.in, part.Err)))
				}
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

func renderCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	width := fs.Int("width", 0, "")
	color := fs.String("color", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	return func(c *cli) error {
		var useColor bool
		switch *color {
		case "always":
			useColor = true
		case "never":
		case "auto":
			useColor = isTerminal(c.stdout) && os.Getenv("NO_COLOR") == ""
		default:
			return usageError("--color %q: use always, never or auto", *color)
		}
		if *width < 0 {
			return usageError("--width %d: give a positive number of columns", *width)
		}
		if *width == 0 {
			*width = terminalWidth(c.stdout)
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		o := in.outcome(nil)
		res := view.Resolution{Input: in.in, Err: o.Err, Fixes: o.Fixes}
		if o.Layout != nil {
			res.Layout = *o.Layout
			if _, serr := o.Layout.Slot(); serr != nil && o.Layout.Role == memmodel.TaskManager {
				res.Err, res.Fixes = serr, memmodel.Fixes(in.in, serr)
			}
		}
		fmt.Fprint(c.stdout, view.Static(res, view.StaticOptions{Width: *width, Color: useColor, ASCII: *ascii}))
		if o.Err != nil {
			return errRefused
		}
		return slotStatus(o.Layout)
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

func networkCommand(fs *flag.FlagSet, f *inputFlags) runFunc {
	parallelism := fs.Int("parallelism", 0, "")
	exchanges := fs.Int("exchanges", 0, "")
	forward := fs.Int("forward", 0, "")
	slots := fs.Int("slots", 0, "")
	batch := fs.Bool("batch", false, "")
	output := outputFlag(fs)
	exact := fs.Bool("bytes", false, "")
	return func(c *cli) error {
		switch {
		case !flagGiven(fs, "parallelism") || !flagGiven(fs, "exchanges"):
			return usageError("give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
		case *parallelism < 1:
			return usageError("--parallelism %d: the job's parallelism is at least 1", *parallelism)
		case *exchanges < 0:
			return usageError("--exchanges %d: give the number of all-to-all exchanges, 0 or more", *exchanges)
		case *forward < 0:
			return usageError("--forward %d: give the number of unchained forward exchanges, 0 or more", *forward)
		case flagGiven(fs, "slots") && *slots < 1:
			return usageError("--slots %d: a TaskManager has at least 1 slot (leave --slots out to use taskmanager.numberOfTaskSlots)", *slots)
		case checkOutput(*output) != nil:
			return checkOutput(*output)
		case f.jobmanager:
			return usageError("--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager")
		}
		in, err := c.load(f)
		if err != nil {
			return err
		}
		if in.in.Role != memmodel.TaskManager {
			return usageError("network buffers belong to the TaskManagers, but the input is about the JobManager; choose a TaskManager preset or configuration")
		}
		job := &memmodel.JobShape{Parallelism: *parallelism, AllToAll: *exchanges, Forward: *forward, SlotsPerTM: *slots,
			Batch: *batch || memmodel.BatchRuntimeMode(in.in.Config)}
		o := in.outcome(job)
		if o.Err != nil && *output == "json" {
			if err := c.writeJSON(view.ResolveJSON(o)); err != nil {
				return err
			}
			return errRefused
		}
		if o.Err != nil {
			return printRefusal(c.stdout, o)
		}
		l, r := o.Layout, o.Slots
		if *slots > 0 && *slots != l.Slots {
			c.note("--slots %d fills %d slots of a TaskManager configured with taskmanager.numberOfTaskSlots %d; its memory and per-slot shares stay those of %d slots (add -D taskmanager.numberOfTaskSlots=%d to size it for %d)",
				*slots, *slots, l.Slots, l.Slots, *slots, *slots)
		}
		var status error
		if r.NetworkErr != nil || r.Network.Short() > 0 {
			status = errRefused
		}
		if *output == "json" {
			if err := c.writeJSON(view.NetworkJSON(l, job, r)); err != nil {
				return err
			}
			return status
		}
		var fixes []memmodel.Fix
		if r.NetworkErr != nil {
			fixes = memmodel.Fixes(in.in, r.NetworkErr)
		}
		fmt.Fprint(c.stdout, view.NetworkReport(l, job, *r, view.NetworkOptions{Source: in.source, Bytes: *exact, Fixes: fixes}))
		return status
	}
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
		var kind memmodel.ExportFormat
		if *update == "" {
			name := *format
			if name == "" {
				name = defaultExportFormat(in)
			}
			if kind, err = memmodel.ParseExportFormat(name, in.in.Line); err != nil {
				return usageError("--format: %v", err)
			}
		}
		c.sayImplicit(in)
		res, err := memmodel.Export(in.in, memmodel.ExportOptions{Pinned: *pinned, KeepDefaults: *update != ""})
		var rej *memmodel.Rejection
		if err != nil && !errors.As(err, &rej) {
			return usageError("%v", err)
		}
		if rej != nil {
			fmt.Fprint(c.stderr, view.RejectionReport(rej, memmodel.Fixes(in.in, err)))
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
		if rej != nil {
			return &exitError{exitRefused, fmt.Sprintf("nothing exported: Flink %s would refuse this configuration", in.in.Line)}
		}
		if *update != "" {
			return c.updateFile(in, &res, *update)
		}
		data := exportData(kind, &res)
		if write == "" {
			if _, err := c.stdout.Write(data); err != nil {
				return usageError("writing the export: %v", err)
			}
			return nil
		}
		if err := flinkconf.WriteFile(write, data, *force); err != nil {
			if errors.Is(err, flinkconf.ErrExists) {
				return usageError("%s already exists; pass --force to overwrite it", write)
			}
			return usageError("%v", err)
		}
		c.note("wrote %s (%s, %d options)", write, kind, len(res.Options))
		return nil
	}
}

// defaultExportFormat is config.yaml when the line reads it and the input
// is not a flink-conf.yaml; flink-conf.yaml otherwise.
func defaultExportFormat(in *input) string {
	if in.in.Line.ReadsConfigYAML() && (in.file == nil || in.file.Format != flinkconf.FlinkConf || !in.in.Line.ReadsFlinkConfYAML()) {
		return string(memmodel.ExportConfigYAML)
	}
	return string(memmodel.ExportFlinkConf)
}

// exportData renders the export in a format.
func exportData(f memmodel.ExportFormat, res *memmodel.ExportResult) []byte {
	switch f {
	case memmodel.ExportFlinkConf:
		return flinkconf.FormatFlinkConf(res.Options)
	case memmodel.ExportConfigYAML:
		return flinkconf.FormatConfigYAML(res.Options)
	case memmodel.ExportDynamic:
		return flinkconf.FormatDynamic(res.Options)
	case memmodel.ExportK8s:
		return flinkconf.FormatFlinkDeployment(res.Options)
	}
	return []byte(res.Layout.JVMArgs() + "\n")
}

// updateFile writes the exported options back into the file they were
// read from, removing the memory keys the export replaces.
func (c *cli) updateFile(in *input, res *memmodel.ExportResult, path string) error {
	set := map[string]bool{}
	// Only what changes is handed over, so that a value the file already
	// holds keeps its spelling ("2048m" stays "2048m").
	var changes []memmodel.KeyValue
	for _, kv := range res.Options {
		set[kv.Key] = true
		if old, ok := in.file.Config[kv.Key]; !ok || old != kv.Value {
			changes = append(changes, kv)
		}
	}
	var unset []string
	for _, k := range in.file.Keys {
		if res.Covers(k) && !set[k] {
			unset = append(unset, k)
		}
	}
	data, err := flinkconf.Update(in.file.Source, changes, unset)
	if err != nil {
		return usageError("%v", err)
	}
	if bytes.Equal(data, in.file.Data) {
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
		// none is listed right after default, the preset it empties.
		list := make([]presets.Preset, 0, len(all)+1)
		width := len(none.Name)
		for _, p := range all {
			list = append(list, p)
			if p.Name == "default" {
				list = append(list, none)
			}
			width = max(width, len(p.Name))
		}
		if len(list) == len(all) {
			list = append(list, none)
		}
		for _, p := range list {
			line := p.Name + strings.Repeat(" ", width-len(p.Name)) + "  "
			if p.Training {
				line += "[training: Flink refuses it with " + string(p.Check) + "] "
			}
			line += strings.Join(strings.Fields(p.Title), " ")
			if d := strings.Join(strings.Fields(p.Description), " "); d != "" {
				line += " — " + d
			}
			fmt.Fprintln(c.stdout, line)
		}
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
// local build.
func versionString() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v += "-" + s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		v += "-dirty"
	}
	return v
}

func (c *cli) help(args []string) error {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprint(c.stdout, usageHelp)
	case len(args) == 0:
		fmt.Fprint(c.stdout, usageRoot)
	case len(args) == 1 && lookup(args[0]) != nil:
		fmt.Fprint(c.stdout, lookup(args[0]).usage)
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
		if *showVersion {
			return versionCommand(fs, f)(c)
		}
		switch *theme {
		case "auto", "light", "dark":
		default:
			return usageError("--theme %q: use auto, light or dark", *theme)
		}
		tty := isTerminal(c.stdout)
		f.quiet = tty
		in, err := c.load(f)
		if err != nil {
			return err
		}
		if !tty {
			return c.resolveText(in, false)
		}
		err = model.Run(model.Options{Input: in.in, Source: in.source, Preset: in.preset, Uses: in.flagUses, Theme: *theme, ASCII: *ascii})
		if err != nil {
			return usageError("%v", err)
		}
		return nil
	}
}

// --- help texts -----------------------------------------------------------------

const inputHelp = `Input (layered: Flink's defaults < --preset < -c file < -D):
  -c, --config PATH    a config.yaml, a flink-conf.yaml, a Flink conf/ directory or a
                       Kubernetes FlinkDeployment ('-' reads standard input)
  -D key=value         override one option (repeatable, the last one wins; -Dkey=value works too)
  --preset NAME        start from a preset (flinkmem presets lists them); 'none' sets nothing
                       Without -c, -D and --preset the 'default' preset is used.
  --jobmanager         resolve the JobManager instead of the TaskManager (Flink 1.11 and later)
  --deployment KIND    standalone (default) or container (YARN, Kubernetes): decides what a
                       legacy heap key means; a FlinkDeployment input means container
  --flink LINE         1.10.0, 1.10, 1.11 … 1.20, 2.0, 2.1 (1.20.1 selects 1.20);
                       default 2.1, or 1.20 when the input is a flink-conf.yaml
  --uses LIST          the job's managed-memory consumers: rocksdb, python, operators
                       (comma-separated, or none); state.backend.type rocksdb and
                       execution.runtime-mode BATCH in the configuration count too
`

const exitHelp = `Exit status: 0 the configuration resolves, 1 Flink would refuse it, 2 usage or file errors.
`

const usageRoot = `flinkmem explores Apache Flink's TaskManager and JobManager memory model.

Usage:
  flinkmem [input flags] [--theme auto|light|dark] [--ascii]
                                   the interactive explorer; when standard output is not a
                                   terminal, prints what 'flinkmem resolve' prints
  flinkmem resolve [input flags] [-o text|json] [--bytes]
  flinkmem explain [input flags] [--bytes]
  flinkmem check   [input flags] [--strict]
  flinkmem network [input flags] --parallelism N --exchanges K [--forward F] [--slots S]
                   [--batch] [-o text|json] [--bytes]
  flinkmem export  [input flags] [--format flink-conf|config-yaml|dynamic|jvm-args|k8s]
                   [--pinned] [-w FILE [--force]] [--update FILE]
  flinkmem render  [input flags] [--width N] [--color always|never|auto] [--ascii]
  flinkmem presets
  flinkmem version                 (also flinkmem --version)
  flinkmem help [command]          every command also takes -h

` + inputHelp + "\n" + exitHelp

const usageResolve = `Usage: flinkmem resolve [input flags] [-o text|json] [--bytes]

Resolves the configuration as Flink does: every component with its size, its share
of the process and where it comes from, the JVM flags and the notices; for a
TaskManager also what one slot gets: each managed-memory consumer's share (--uses),
the RocksDB budget and the network buffers available. When Flink would refuse the
configuration, or a job on it because of a consumer weight, says why and how to fix it.

  -o, --output FORMAT  text (default) or json: one object with "schema": 1 and the
                       field names of Flink's conformance vectors
  --bytes              show exact byte counts next to human sizes

` + inputHelp + "\n" + exitHelp

const usageNetwork = `Usage: flinkmem network [input flags] --parallelism N --exchanges K [--forward F] [--slots S] [--batch] [-o text|json] [--bytes]

Estimates the network buffers one TaskManager must reserve when a job's tasks start,
compares them with the buffers its network memory holds, and when they do not fit
prints the smallest changes of taskmanager.memory.network.min, .max, .fraction, the
total size or read-buffer.required-per-gate.max that make them fit, each verified by
resolving the changed configuration. The estimate follows the chosen line's rules and
states its assumptions; it is not a measurement. Also prints the per-slot analysis.

  --parallelism N      the parallelism of every vertex of the job (required)
  --exchanges K        all-to-all exchanges (keyBy, rebalance, broadcast) in one
                       pipeline (required; 0 for none)
  --forward F          forward exchanges Flink could not chain (default 0)
  --slots S            slots of each TaskManager the job fills (default: the
                       configuration's taskmanager.numberOfTaskSlots)
  --batch              blocking exchanges, one vertex at a time per slot; also when
                       execution.runtime-mode is BATCH (default: streaming)
  -o, --output FORMAT  text (default) or json
  --bytes              show exact byte counts next to human sizes

Exit status: 0 the buffers suffice, 1 they do not (or Flink would refuse the
configuration), 2 usage or file errors.

` + inputHelp

const usageExplain = `Usage: flinkmem explain [input flags] [--bytes]

Shows, for every component, the formula with its numbers, the base a fraction or
remainder was taken from, whether it was clamped, and the options that decide it;
then how the totals and the JVM flags follow.

  --bytes              show exact byte counts next to human sizes

` + inputHelp + "\n" + exitHelp

const usageCheck = `Usage: flinkmem check [input flags] [--strict]

Silent when Flink accepts the configuration. Otherwise prints the reason and the
verified fixes on standard error and exits 1. A consumer weight Flink refuses when a
job starts (such as a negative weight in taskmanager.memory.managed.consumer-weights)
counts as a refusal, although the TaskManager itself would start.

  --strict             also fail (exit 1) when there are notices or per-slot warnings
                       (unbounded RocksDB, a consumer without weight, …), and print them

` + inputHelp + "\n" + exitHelp

const usageExport = `Usage: flinkmem export [input flags] [--format FORMAT] [--pinned] [-w FILE [--force]] [--update FILE]

Writes the memory options (and the slot and CPU keys that change the layout) in the
current keys of the chosen Flink line: deprecated and legacy keys are migrated, keys
the line no longer reads are never written.

  --format FORMAT      flink-conf (Flink 1.x), config-yaml (1.19 and later), dynamic
                       (-D key=value lines), jvm-args (the JVM flags) or k8s (a
                       FlinkDeployment fragment); default config-yaml, or flink-conf
                       for a flink-conf.yaml input or a line before 1.19
  --pinned             write every component as an explicit size, so the layout cannot
                       drift with another line's defaults (default: minimal, only what
                       the configuration sets and what differs from the defaults)
  -w, --write FILE     write to FILE instead of standard output; refuses to overwrite
                       an existing file unless --force is given; atomic
  --update FILE        read FILE as the base configuration (like -c), apply --preset
                       and -D, and write the memory options back into FILE, keeping
                       every other key, every comment and the key order

A configuration Flink would refuse is not exported (exit 1).

` + inputHelp + "\n" + exitHelp

const usageRender = `Usage: flinkmem render [input flags] [--width N] [--color always|never|auto] [--ascii]

Prints the explorer's bar, rulers and legend once, for docs and slides.

  --width N            columns to fill (default: the terminal's width, or 100)
  --color WHEN         always, never or auto (default: colour on a terminal unless
                       NO_COLOR is set)
  --ascii              draw with plain ASCII

` + inputHelp + "\n" + exitHelp

const usagePresets = `Usage: flinkmem presets

Lists the presets, one per line, each line starting with the preset's name. Use one
with --preset NAME; training presets are configurations Flink refuses, on purpose.
`

const usageVersion = `Usage: flinkmem version

Prints "flinkmem <version>". flinkmem --version does the same.
`

const usageHelp = `Usage: flinkmem help [command]

Prints the usage of flinkmem or of one command.
`
