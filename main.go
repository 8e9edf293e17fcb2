// Command flinkmem explores Apache Flink's TaskManager and JobManager memory
// model: it resolves a configuration exactly as Flink does, explains every
// component, flags what Flink would refuse and exports config snippets.
//
// Without a command it opens the interactive explorer (or, when standard
// output is not a terminal, prints what `flinkmem resolve` prints). The
// commands resolve, explain, check, network, export, render, presets and
// version serve scripts, CI pipelines and docs; see `flinkmem help`.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// run executes one command line and returns the exit status. Everything the
// command does goes through the given streams, so tests run it in-process.
// A panic is reported as an internal error (status 2), never as a stack
// trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "flinkmem: internal error: %v; please report it with the command line that caused it\n", r)
			status = exitUsage
		}
	}()
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if cmd, ok := commands[args[0]]; ok {
			return cmd.run(c, args[1:])
		}
		return c.fail("", exitUsage, "unknown command %q; the commands are %s (see flinkmem help)", args[0], commandNames())
	}
	return c.root(args)
}

// cli carries the streams of one run.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand: its handler and its help text.
type command struct {
	run   func(c *cli, args []string) int
	usage string
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"resolve": {(*cli).resolve, usageResolve},
		"explain": {(*cli).explain, usageExplain},
		"check":   {(*cli).check, usageCheck},
		"network": {(*cli).network, usageNetwork},
		"export":  {(*cli).export, usageExport},
		"render":  {(*cli).render, usageRender},
		"presets": {(*cli).presets, usagePresets},
		"version": {(*cli).version, usageVersion},
		"help":    {(*cli).help, usageHelp},
		"solve":   {(*cli).solve, usageSolve},
		"diff":    {(*cli).diff, usageDiff},
	}
}

func commandNames() string {
	return "resolve, explain, check, network, solve, diff, export, render, presets, version and help"
}

// fail prints a one-line error, naming the command when there is one, and
// returns the status.
func (c *cli) fail(cmd string, status int, format string, a ...any) int {
	prefix := "flinkmem"
	if cmd != "" {
		prefix += " " + cmd
	}
	fmt.Fprintf(c.stderr, "%s: %s\n", prefix, fmt.Sprintf(format, a...))
	return status
}

// note prints something the user should know that is not an error.
func (c *cli) note(format string, a ...any) {
	fmt.Fprintf(c.stderr, "flinkmem: %s\n", fmt.Sprintf(format, a...))
}

// --- flags -----------------------------------------------------------------

// inputFlags are the flags that say which configuration to resolve; every
// command that resolves and the explorer take them. New input flags (such
// as the job shape of per-slot analysis) belong here, in register and in
// load, and nowhere else.
type inputFlags struct {
	config     string
	defines    defines
	preset     string
	jobmanager bool
	deployment string
	flink      string
	// uses is the --uses list of managed-memory consumers the job has,
	// beyond those the configuration reveals.
	uses string
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

// given reports whether any flag that is input (not line, role or output)
// was given.
func (f *inputFlags) given() bool {
	return f.config != "" || len(f.defines) > 0 || f.preset != ""
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

// newFlagSet makes a command's flag set; errors and help are printed by
// parse, in the tool's own words.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses a command's flags. It returns -1 to go on, or the status to
// return at once: 0 after printing help, 2 after a usage error.
func (c *cli) parse(fs *flag.FlagSet, cmd, usage string, args []string) int {
	err := fs.Parse(expandDefines(args))
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	if err != nil {
		return c.fail(cmd, exitUsage, "%v (see flinkmem %s -h)", err, strings.TrimSpace(cmd+" "))
	}
	if fs.NArg() > 0 {
		return c.fail(cmd, exitUsage, "unexpected argument %q: options go in flags such as -D key=value or -c FILE (see flinkmem %s -h)", fs.Arg(0), strings.TrimSpace(cmd))
	}
	return -1
}

// flagGiven reports whether a flag was set on the command line.
func flagGiven(fs *flag.FlagSet, names ...string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		for _, n := range names {
			if f.Name == n {
				found = true
			}
		}
	})
	return found
}

// --- input -----------------------------------------------------------------

// noteFileNotRead is the code of the note that the chosen line does not
// read the kind of file given.
const noteFileNotRead = "file-not-read"

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
	file *flinkconf.Source
	// notes are findings about the input: the file's notices, a preset
	// meant for other lines.
	notes []view.ReportNote
	// uses are the job's managed-memory consumers: those --uses names and
	// those the configuration's own keys reveal; flagUses those --uses
	// names, which start the explorer's switches.
	uses, flagUses memmodel.Uses
}

// load builds the input: Flink's defaults < preset < config file < -D.
// path is the file to read (-c, or --update's file). It prints the error
// and returns a non-zero status when the input cannot be built.
func (f *inputFlags) load(c *cli, cmd, path string) (*input, int) {
	var deployment memmodel.Deployment
	deploymentGiven := f.deployment != ""
	switch strings.ToLower(f.deployment) {
	case "", "standalone":
	case "container":
		deployment = memmodel.Container
	default:
		return nil, c.fail(cmd, exitUsage, "--deployment %q: use standalone, or container for YARN and Kubernetes", f.deployment)
	}
	// --uses is checked before any file is read, as the other flags are.
	uses, err := memmodel.ParseUses(f.uses)
	if err != nil {
		return nil, c.fail(cmd, exitUsage, "--uses: %v", err)
	}
	line := memmodel.LatestLine
	lineGiven := f.flink != ""
	if lineGiven {
		var err error
		if line, err = memmodel.ParseLine(f.flink); err != nil {
			return nil, c.fail(cmd, exitUsage, "--flink: %v", err)
		}
	}

	res := &input{}
	var sources []string
	if path != "" {
		src, st := c.readConfig(cmd, path, line, lineGiven)
		if st != 0 {
			return nil, st
		}
		res.file = src
		if !lineGiven && src.Format == flinkconf.FlinkConf {
			line = memmodel.Line1_20
		}
		if src.Format == flinkconf.FlinkDeployment && !deploymentGiven {
			deployment = memmodel.Container
		}
		name := src.Path
		switch {
		case path == "-":
			name = "standard input"
			sources = append(sources, src.Format.String()+" from standard input")
		case src.Format == flinkconf.FlinkDeployment:
			sources = append(sources, "FlinkDeployment "+src.Path)
		default:
			sources = append(sources, "file "+src.Path)
		}
		for _, n := range src.Notices {
			msg := n.Message
			if n.Line > 0 {
				msg = name + ":" + strconv.Itoa(n.Line) + ": " + msg
			}
			res.notes = append(res.notes, view.ReportNote{Code: n.Code, Message: msg})
		}
		if src.Format == flinkconf.FlinkConf && !line.ReadsFlinkConfYAML() {
			res.notes = append(res.notes, view.ReportNote{Code: noteFileNotRead,
				Message: "Flink " + line.String() + " does not read flink-conf.yaml (2.0 removed it); export this configuration as config.yaml"})
		}
		if src.Format == flinkconf.ConfigYAML && !line.ReadsConfigYAML() {
			res.notes = append(res.notes, view.ReportNote{Code: noteFileNotRead,
				Message: "Flink " + line.String() + " does not read config.yaml (it arrived in 1.19); use flink-conf.yaml"})
		}
	}

	role := memmodel.TaskManager
	if f.jobmanager {
		role = memmodel.JobManager
	}
	presetName := f.preset
	if !f.given() && path == "" {
		presetName, res.implicit = "default", true
	}
	cfg := memmodel.Config{}
	if presetName != "" {
		p, err := presets.Get(presetName)
		if err != nil {
			return nil, c.fail(cmd, exitUsage, "--preset: %v", err)
		}
		res.preset = p.Name
		if p.Role == memmodel.JobManager.String() && !f.jobmanager {
			if !line.HasJobManagerModel() {
				return nil, c.fail(cmd, exitUsage, "--preset %s is about the JobManager, whose memory model starts with Flink 1.11; choose --flink 1.11 or later", p.Name)
			}
			role = memmodel.JobManager
			c.note("preset %s is about the JobManager; resolving the JobManager", p.Name)
		}
		if !p.AppliesTo(line) {
			res.notes = append(res.notes, view.ReportNote{Code: "preset-other-line",
				Message: "preset " + p.Name + " is meant for Flink " + strings.Join(p.Lines, ", ") + ", not " + line.String()})
		}
		for k, v := range p.Config(role) {
			cfg[k] = v
		}
		label := "preset " + p.Name
		if res.implicit {
			label += " (no -c, -D or --preset given)"
		}
		sources = append([]string{label}, sources...)
	}
	if role == memmodel.JobManager && !line.HasJobManagerModel() {
		return nil, c.fail(cmd, exitUsage, "--jobmanager: the JobManager memory model starts with Flink 1.11; Flink %s sizes the JobManager with jobmanager.heap.size alone", line)
	}
	if res.file != nil {
		mergeLayer(cfg, res.file.Config)
	}
	defined := memmodel.Config{}
	for _, kv := range f.defines {
		defined[kv.Key] = kv.Value
	}
	mergeLayer(cfg, defined)
	if n := len(f.defines); n == 1 {
		sources = append(sources, "1 -D option")
	} else if n > 1 {
		sources = append(sources, strconv.Itoa(n)+" -D options")
	}
	res.in = memmodel.Input{Role: role, Line: line, Deployment: deployment, Config: cfg}
	res.flagUses = uses
	res.uses = uses.Or(memmodel.UsesFromConfig(cfg))
	res.source = strings.Join(sources, " + ")
	return res, 0
}

// prefixMapKeys are the map-typed options the engine reads. Flink reads a
// map option from its own key or, when that is not set, from keys below it
// ("….consumer-weights.PYTHON: 30"); config.yaml's nested and flow maps
// flatten to such keys, and the engine reads both forms.
var prefixMapKeys = []string{memmodel.ManagedConsumerWeightsKey}

// mergeLayer copies one layer of the configuration over the layers below
// it. A map option is replaced as a whole: a layer that sets it in one
// form removes the other form from the layers below.
func mergeLayer(cfg, layer memmodel.Config) {
	for _, key := range prefixMapKeys {
		_, exact := layer[key]
		if exact || hasPrefixKeys(layer, key) {
			delete(cfg, key)
			for k := range cfg {
				if strings.HasPrefix(k, key+".") {
					delete(cfg, k)
				}
			}
		}
	}
	for k, v := range layer {
		cfg[k] = v
	}
}

func hasPrefixKeys(cfg memmodel.Config, key string) bool {
	for k := range cfg {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}

// readConfig reads -c (or --update's file): a file, a conf/ directory or
// standard input. Without --flink, a directory is read the way the newest
// line that reads its files would read it.
func (c *cli) readConfig(cmd, path string, line memmodel.Line, lineGiven bool) (*flinkconf.Source, int) {
	var src *flinkconf.Source
	var err error
	if path == "-" {
		data, rerr := io.ReadAll(io.LimitReader(c.stdin, flinkconf.MaxFileSize+1))
		if rerr != nil {
			return nil, c.fail(cmd, exitUsage, "reading standard input: %v", rerr)
		}
		if len(data) > flinkconf.MaxFileSize {
			return nil, c.fail(cmd, exitUsage, "standard input holds more than %d MiB; a Flink configuration is a few kilobytes, so check what is piped in", flinkconf.MaxFileSize>>20)
		}
		src, err = flinkconf.Parse("-", data)
	} else {
		if !lineGiven {
			line = guessLine(path)
		}
		src, err = flinkconf.Load(path, line)
		if err == nil && !lineGiven && src.Format == flinkconf.FlinkConf && line != memmodel.Line1_20 {
			src, err = flinkconf.Load(path, memmodel.Line1_20)
		}
		// An export is how a conf/ directory moves to a line that no
		// longer reads its file, so read it as the lines that do.
		if err != nil && cmd == "export" && lineGiven {
			if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
				if old, oerr := flinkconf.Load(path, guessLine(path)); oerr == nil {
					src, err = old, nil
				}
			}
		}
	}
	if err != nil {
		return nil, c.fail(cmd, exitUsage, "%v", err)
	}
	return src, 0
}

// guessLine picks the line to read a path with when --flink is not given:
// 1.20 for a flink-conf.yaml, or a conf/ directory that has no config.yaml;
// otherwise the latest line.
func guessLine(path string) memmodel.Line {
	if filepath.Base(path) == "flink-conf.yaml" {
		return memmodel.Line1_20
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "config.yaml")); err != nil {
			return memmodel.Line1_20
		}
	}
	return memmodel.LatestLine
}

// sayImplicit tells the user that the default preset stands in for the
// missing input.
func (c *cli) sayImplicit(in *input) {
	if in.implicit {
		c.note("no -c, -D or --preset given: using preset default (Flink's shipped configuration)")
	}
}

// --- resolve, explain --------------------------------------------------------

func (c *cli) resolve(args []string) int {
	fs := newFlagSet("resolve")
	var f inputFlags
	f.register(fs)
	output := "text"
	fs.StringVar(&output, "o", "text", "")
	fs.StringVar(&output, "output", "text", "")
	exact := fs.Bool("bytes", false, "")
	if st := c.parse(fs, "resolve", usageResolve, args); st >= 0 {
		return st
	}
	if output != "text" && output != "json" {
		return c.fail("resolve", exitUsage, "-o %q: use text or json", output)
	}
	in, st := f.load(c, "resolve", f.config)
	if st != 0 {
		return st
	}
	c.sayImplicit(in)
	if output == "json" {
		return c.resolveJSON(in)
	}
	return c.resolveText(in, *exact)
}

// resolveText prints the resolve report, or the refusal with its fixes.
func (c *cli) resolveText(in *input, exact bool) int {
	l, err := memmodel.Resolve(in.in)
	if err != nil {
		return c.printRefusal(c.stdout, in, err)
	}
	fmt.Fprint(c.stdout, view.ResolveReport(&l, view.ReportOptions{Bytes: exact, Source: in.source, Notes: in.notes}))
	status := slotStatus(&l)
	if l.Role == memmodel.TaskManager {
		r := in.analyzeSlots(&l, nil)
		// The resolve report already has the slot profile line.
		fmt.Fprint(c.stdout, "\n"+view.SlotsReport(r, view.SlotsOptions{Bytes: exact}))
		if len(slotRefusals(&r)) > 0 {
			status = exitRefused
		}
	}
	return status
}

// slotStatus is 1 when Flink would refuse the TaskManager's slots although
// the memory resolves.
func slotStatus(l *memmodel.Layout) int {
	if l.Role == memmodel.TaskManager {
		if _, err := l.Slot(); err != nil {
			return exitRefused
		}
	}
	return exitOK
}

// printRefusal prints why Flink refuses the input and the verified fixes.
func (c *cli) printRefusal(w io.Writer, in *input, err error) int {
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		return c.fail("", exitUsage, "%v", err)
	}
	fmt.Fprint(w, view.RejectionReport(rej, memmodel.Fixes(in.in, err)))
	return exitRefused
}

func (c *cli) explain(args []string) int {
	fs := newFlagSet("explain")
	var f inputFlags
	f.register(fs)
	exact := fs.Bool("bytes", false, "")
	if st := c.parse(fs, "explain", usageExplain, args); st >= 0 {
		return st
	}
	in, st := f.load(c, "explain", f.config)
	if st != 0 {
		return st
	}
	c.sayImplicit(in)
	l, err := memmodel.Resolve(in.in)
	if err != nil {
		return c.printRefusal(c.stdout, in, err)
	}
	fmt.Fprint(c.stdout, view.ExplainReport(&l, view.ReportOptions{Bytes: *exact, Source: in.source, Notes: in.notes}))
	return slotStatus(&l)
}

// --- JSON --------------------------------------------------------------------

// The JSON output's field names are those of the conformance vectors'
// expect objects; encoding/json keeps the struct order.

type jsonNotice struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type jsonSlot struct {
	Slots       int    `json:"slots"`
	CPUCores    string `json:"cpu_cores"`
	TaskHeap    int64  `json:"task_heap"`
	TaskOffHeap int64  `json:"task_off_heap"`
	Managed     int64  `json:"managed"`
	Network     int64  `json:"network"`
}

type jsonSlotError struct {
	Check   string `json:"check"`
	Message string `json:"message"`
}

type jsonTaskManager struct {
	Schema           int            `json:"schema"`
	OK               bool           `json:"ok"`
	Role             string         `json:"role"`
	Flink            string         `json:"flink"`
	Deployment       string         `json:"deployment"`
	Mode             string         `json:"mode"`
	FrameworkHeap    int64          `json:"framework_heap"`
	TaskHeap         int64          `json:"task_heap"`
	FrameworkOffHeap int64          `json:"framework_off_heap"`
	TaskOffHeap      int64          `json:"task_off_heap"`
	Network          int64          `json:"network"`
	Managed          int64          `json:"managed"`
	JVMMetaspace     int64          `json:"jvm_metaspace"`
	JVMOverhead      int64          `json:"jvm_overhead"`
	TotalFlink       int64          `json:"total_flink"`
	TotalProcess     int64          `json:"total_process"`
	JVMHeap          int64          `json:"jvm_heap"`
	JVMDirect        int64          `json:"jvm_direct"`
	CPUCores         string         `json:"cpu_cores"`
	NumSlots         int            `json:"num_slots"`
	Slot             *jsonSlot      `json:"slot,omitempty"`
	SlotError        *jsonSlotError `json:"slot_error,omitempty"`
	jsonSlotParts
	JVMArgs        string       `json:"jvm_args"`
	DynamicConfigs string       `json:"dynamic_configs"`
	Notices        []jsonNotice `json:"notices"`
}

// jsonSlotParts is the per-slot analysis in resolve's JSON. Each part is
// null when Flink refuses it, and its _error field then says why; when the
// slots themselves are refused, slot_error says why and the managed-memory
// parts are null without an error of their own.
type jsonSlotParts struct {
	ManagedConsumers      []jsonShare      `json:"managed_consumers"`
	ManagedConsumersError *jsonPartError   `json:"managed_consumers_error,omitempty"`
	RocksDB               *jsonRocksDB     `json:"rocksdb"`
	RocksDBError          *jsonPartError   `json:"rocksdb_error,omitempty"`
	NetworkBuffers        *jsonNetwork     `json:"network_buffers"`
	NetworkBuffersError   *jsonPartError   `json:"network_buffers_error,omitempty"`
	SlotNotices           []jsonSlotNotice `json:"slot_notices"`
}

// jsonShare is one consumer's share of a slot's managed memory.
type jsonShare struct {
	Consumer string  `json:"consumer"`
	Weight   int     `json:"weight"`
	Fraction float64 `json:"fraction"`
	Bytes    int64   `json:"bytes"`
}

// jsonRocksDB is RocksDB's budget: per slot, or per TaskManager when the
// scope says so (fixed-per-tm).
type jsonRocksDB struct {
	Rule               string `json:"rule"`
	Scope              string `json:"scope"`
	Budget             int64  `json:"budget"`
	BlockCache         int64  `json:"block_cache"`
	WriteBufferManager int64  `json:"write_buffer_manager"`
	HighPriorityPool   int64  `json:"high_priority_pool"`
}

// jsonNetwork is the network buffers of one TaskManager; required is null
// without a job shape.
type jsonNetwork struct {
	SegmentSize int64  `json:"segment_size"`
	Available   int64  `json:"available"`
	Required    *int64 `json:"required"`
	Assumptions string `json:"assumptions"`
}

// jsonPartError is why Flink refuses one part of the per-slot analysis;
// check is empty when the engine has no code for it.
type jsonPartError struct {
	Check   string `json:"check,omitempty"`
	Message string `json:"message"`
}

// jsonSlotNotice is a finding of the per-slot analysis; warning marks
// failures and unbounded memory.
type jsonSlotNotice struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Warning bool   `json:"warning"`
}

// newJSONSlotParts converts the per-slot analysis; status is exitRefused
// when Flink refuses one of its parts.
func newJSONSlotParts(r *memmodel.SlotReport) (jsonSlotParts, int) {
	var out jsonSlotParts
	if r.SharesErr == nil {
		out.ManagedConsumers = []jsonShare{}
		for _, s := range r.Shares {
			out.ManagedConsumers = append(out.ManagedConsumers, jsonShare{Consumer: string(s.Consumer), Weight: s.Weight, Fraction: s.Fraction, Bytes: s.PerSlot.Bytes()})
		}
	}
	if rb := r.RocksDB; rb != nil {
		out.RocksDB = &jsonRocksDB{Rule: string(rb.Rule), Scope: rb.Scope, Budget: rb.Budget.Bytes(), BlockCache: rb.BlockCache.Bytes(),
			WriteBufferManager: rb.WriteBufferManager.Bytes(), HighPriorityPool: rb.HighPriorityPool.Bytes()}
	}
	if r.NetworkErr == nil {
		out.NetworkBuffers = newJSONNetwork(&r.Network)
	}
	status := exitOK
	for _, part := range slotRefusals(r) {
		status = exitRefused
		pe := newJSONPartError(part.err)
		switch part.name {
		case "managed_consumers":
			out.ManagedConsumersError = pe
		case "rocksdb":
			out.RocksDBError = pe
		case "network_buffers":
			out.NetworkBuffersError = pe
		}
	}
	out.SlotNotices = newJSONSlotNotices(r.Notices)
	return out, status
}

func newJSONNetwork(n *memmodel.NetworkEstimate) *jsonNetwork {
	return &jsonNetwork{SegmentSize: n.SegmentSize.Bytes(), Available: n.Available, Required: n.Required, Assumptions: n.Assumptions}
}

func newJSONPartError(err error) *jsonPartError {
	pe := &jsonPartError{Message: err.Error()}
	var rej *memmodel.Rejection
	if errors.As(err, &rej) {
		pe.Check = string(rej.Check)
	}
	return pe
}

func newJSONSlotNotices(notices []memmodel.SlotNotice) []jsonSlotNotice {
	out := []jsonSlotNotice{}
	for _, n := range notices {
		out = append(out, jsonSlotNotice{Code: string(n.Code), Message: n.Message(), Warning: n.Warning})
	}
	return out
}

type jsonJobManager struct {
	Schema                   int          `json:"schema"`
	OK                       bool         `json:"ok"`
	Role                     string       `json:"role"`
	Flink                    string       `json:"flink"`
	Deployment               string       `json:"deployment"`
	Mode                     string       `json:"mode"`
	JVMHeap                  int64        `json:"jvm_heap"`
	OffHeap                  int64        `json:"off_heap"`
	JVMMetaspace             int64        `json:"jvm_metaspace"`
	JVMOverhead              int64        `json:"jvm_overhead"`
	TotalFlink               int64        `json:"total_flink"`
	TotalProcess             int64        `json:"total_process"`
	DirectMemoryLimitEnabled bool         `json:"direct_memory_limit_enabled"`
	JVMArgs                  string       `json:"jvm_args"`
	DynamicConfigs           string       `json:"dynamic_configs"`
	Notices                  []jsonNotice `json:"notices"`
}

type jsonFix struct {
	Set         map[string]string `json:"set"`
	Unset       []string          `json:"unset"`
	Description string            `json:"description"`
	Note        string            `json:"note,omitempty"`
}

type jsonRejected struct {
	Schema     int       `json:"schema"`
	OK         bool      `json:"ok"`
	Role       string    `json:"role"`
	Flink      string    `json:"flink"`
	Deployment string    `json:"deployment"`
	Check      string    `json:"check"`
	Keys       []string  `json:"keys"`
	Message    string    `json:"message"`
	Fixes      []jsonFix `json:"fixes"`
}

// resolveJSON prints one JSON object for the input and returns its status.
func (c *cli) resolveJSON(in *input) int {
	v, status := resolvedJSON(in)
	if st := c.writeJSON("resolve", v); st != exitOK {
		return st
	}
	return status
}

// writeJSON prints v as indented JSON.
func (c *cli) writeJSON(cmd string, v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(cmd, exitUsage, "writing JSON: %v", err)
	}
	return exitOK
}

// resolvedJSONRefusal is the JSON object of a configuration Resolve
// refused with err.
func resolvedJSONRefusal(in *input, err error) jsonRejected {
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) {
		panic(err)
	}
	out := jsonRejected{Schema: 1, Role: in.in.Role.String(), Flink: in.in.Line.String(), Deployment: in.in.Deployment.String(),
		Check: string(rej.Check), Keys: append([]string{}, rej.Keys()...), Message: rej.Error(), Fixes: []jsonFix{}}
	for _, fx := range memmodel.Fixes(in.in, err) {
		out.Fixes = append(out.Fixes, newJSONFix(fx))
	}
	return out
}

func newJSONFix(fx memmodel.Fix) jsonFix {
	jf := jsonFix{Set: map[string]string{}, Unset: append([]string{}, fx.Unset...), Description: fx.Description, Note: fx.Note}
	for _, kv := range fx.Set {
		jf.Set[kv.Key] = kv.Value
	}
	return jf
}

// resolvedJSON builds the JSON object of the input's resolution.
func resolvedJSON(in *input) (any, int) {
	l, err := memmodel.Resolve(in.in)
	if err != nil {
		return resolvedJSONRefusal(in, err), exitRefused
	}
	notices := []jsonNotice{}
	for _, n := range view.Notes(&l, in.notes) {
		notices = append(notices, jsonNotice{Code: n.Code, Message: n.Message})
	}
	if l.Role == memmodel.JobManager {
		return jsonJobManager{Schema: 1, OK: true, Role: l.Role.String(), Flink: l.Line.String(), Deployment: l.Deployment.String(),
			Mode: l.Mode.Name(l.Role), JVMHeap: l.Size[memmodel.JobManagerHeap].Bytes(), OffHeap: l.Size[memmodel.JobManagerOffHeap].Bytes(),
			JVMMetaspace: l.Size[memmodel.Metaspace].Bytes(), JVMOverhead: l.Size[memmodel.Overhead].Bytes(),
			TotalFlink: l.TotalFlink.Bytes(), TotalProcess: l.TotalProcess.Bytes(), DirectMemoryLimitEnabled: l.DirectMemoryLimit,
			JVMArgs: l.JVMArgs(), DynamicConfigs: l.DynamicConfigsString(), Notices: notices}, exitOK
	}
	out := jsonTaskManager{Schema: 1, OK: true, Role: l.Role.String(), Flink: l.Line.String(), Deployment: l.Deployment.String(),
		Mode:          l.Mode.Name(l.Role),
		FrameworkHeap: l.Size[memmodel.FrameworkHeap].Bytes(), TaskHeap: l.Size[memmodel.TaskHeap].Bytes(),
		FrameworkOffHeap: l.Size[memmodel.FrameworkOffHeap].Bytes(), TaskOffHeap: l.Size[memmodel.TaskOffHeap].Bytes(),
		Network: l.Size[memmodel.Network].Bytes(), Managed: l.Size[memmodel.Managed].Bytes(),
		JVMMetaspace: l.Size[memmodel.Metaspace].Bytes(), JVMOverhead: l.Size[memmodel.Overhead].Bytes(),
		TotalFlink: l.TotalFlink.Bytes(), TotalProcess: l.TotalProcess.Bytes(),
		JVMHeap: l.JVMHeap().Bytes(), JVMDirect: l.JVMDirect().Bytes(),
		CPUCores: l.CPUCoresString(), NumSlots: l.Slots,
		JVMArgs: l.JVMArgs(), DynamicConfigs: l.DynamicConfigsString(), Notices: notices}
	status := exitOK
	if s, err := l.Slot(); err != nil {
		status = exitRefused
		se := &jsonSlotError{Message: err.Error()}
		var rej *memmodel.Rejection
		if errors.As(err, &rej) {
			se.Check = string(rej.Check)
		}
		out.SlotError = se
	} else {
		out.Slot = &jsonSlot{Slots: s.Slots, CPUCores: s.CPUCores, TaskHeap: s.TaskHeap.Bytes(), TaskOffHeap: s.TaskOffHeap.Bytes(),
			Managed: s.Managed.Bytes(), Network: s.Network.Bytes()}
	}
	r := in.analyzeSlots(&l, nil)
	parts, partStatus := newJSONSlotParts(&r)
	out.jsonSlotParts = parts
	return out, max(status, partStatus)
}

// --- per slot ------------------------------------------------------------------

// analyzeSlots runs the per-slot analysis of an accepted TaskManager for the
// consumers the input names; job is nil unless a job shape is given.
func (in *input) analyzeSlots(l *memmodel.Layout, job *memmodel.JobShape) memmodel.SlotReport {
	return memmodel.AnalyzeSlots(in.in, l, in.uses, job)
}

// slotPart is one part of the per-slot analysis that Flink refuses.
type slotPart struct {
	// name is the part's JSON field: managed_consumers, rocksdb or
	// network_buffers.
	name string
	// jobStart tells a refusal when a job starts (a consumer weight, a
	// RocksDB option) from one when the TaskManager starts (a network
	// option).
	jobStart bool
	err      error
}

// slotRefusals lists the parts of the per-slot analysis that Flink refuses
// for reasons of their own. When the slots themselves are refused the
// managed-memory parts only repeat that refusal, which slot_error and the
// slot status already report, so they are left out.
func slotRefusals(r *memmodel.SlotReport) []slotPart {
	var parts []slotPart
	if r.ProfileErr == nil {
		if r.SharesErr != nil {
			parts = append(parts, slotPart{"managed_consumers", true, r.SharesErr})
		}
		if r.RocksDBErr != nil {
			parts = append(parts, slotPart{"rocksdb", true, r.RocksDBErr})
		}
	}
	if r.NetworkErr != nil {
		parts = append(parts, slotPart{"network_buffers", false, r.NetworkErr})
	}
	return parts
}

// printSlotRefusal prints why Flink refuses a part of the per-slot
// analysis. A refused consumer weight lets the TaskManager start but fails
// the job, so it is worded differently from a refused TaskManager.
func (c *cli) printSlotRefusal(w io.Writer, in *input, part slotPart) {
	var rej *memmodel.Rejection
	isRej := errors.As(part.err, &rej)
	switch {
	case part.jobStart:
		fmt.Fprintf(w, "Flink %s would refuse jobs on this TaskManager: %v\n", in.in.Line, part.err)
	case isRej:
		fmt.Fprint(w, view.RejectionLine(rej)+"\n")
	default:
		fmt.Fprintf(w, "Flink %s would refuse this TaskManager: %v\n", in.in.Line, part.err)
	}
	if !isRej {
		return
	}
	if keys := rej.Keys(); len(keys) > 0 {
		fmt.Fprintf(w, "Keys involved: %s\n", strings.Join(keys, ", "))
	}
	if fixes := memmodel.Fixes(in.in, rej); len(fixes) > 0 {
		fmt.Fprint(w, "Fixes:\n")
		for i, fx := range fixes {
			line := fmt.Sprintf("  %d. %s", i+1, fx.Description)
			if fx.Note != "" {
				line += " (" + fx.Note + ")"
			}
			fmt.Fprintln(w, line)
			if edits := view.FixEdits(fx); edits != "" {
				fmt.Fprintln(w, "     "+edits)
			}
		}
	}
}

// --- check -------------------------------------------------------------------

func (c *cli) check(args []string) int {
	fs := newFlagSet("check")
	var f inputFlags
	f.register(fs)
	strict := fs.Bool("strict", false, "")
	if st := c.parse(fs, "check", usageCheck, args); st >= 0 {
		return st
	}
	in, st := f.load(c, "check", f.config)
	if st != 0 {
		return st
	}
	l, err := memmodel.Resolve(in.in)
	if err != nil {
		return c.printRefusal(c.stderr, in, err)
	}
	var warnings []memmodel.SlotNotice
	if l.Role == memmodel.TaskManager {
		if _, err := l.Slot(); err != nil {
			return c.printRefusal(c.stderr, in, err)
		}
		r := in.analyzeSlots(&l, nil)
		if refusals := slotRefusals(&r); len(refusals) > 0 {
			for _, part := range refusals {
				c.printSlotRefusal(c.stderr, in, part)
			}
			return exitRefused
		}
		for _, n := range r.Notices {
			if n.Warning {
				warnings = append(warnings, n)
			}
		}
	}
	if *strict {
		notes := view.Notes(&l, in.notes)
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
			return exitRefused
		}
	}
	return exitOK
}

// --- network -------------------------------------------------------------------

// jsonJob is the job shape the network estimate was made for.
type jsonJob struct {
	Parallelism int  `json:"parallelism"`
	AllToAll    int  `json:"all_to_all"`
	Forward     int  `json:"forward"`
	SlotsPerTM  int  `json:"slots_per_taskmanager"`
	Batch       bool `json:"batch"`
}

// jsonPool is one kind of buffer pool of a slot.
type jsonPool struct {
	What     string `json:"what"`
	Output   bool   `json:"output"`
	Channels int64  `json:"channels"`
	Count    int64  `json:"count"`
	Required int64  `json:"required"`
}

// jsonNetworkReport is `flinkmem network -o json`: the estimate for one
// job shape, whether it fits and the verified fixes when it does not.
type jsonNetworkReport struct {
	Schema              int              `json:"schema"`
	OK                  bool             `json:"ok"`
	Role                string           `json:"role"`
	Flink               string           `json:"flink"`
	Deployment          string           `json:"deployment"`
	Job                 jsonJob          `json:"job"`
	NetworkBuffers      *jsonNetwork     `json:"network_buffers"`
	NetworkBuffersError *jsonPartError   `json:"network_buffers_error,omitempty"`
	Fits                bool             `json:"fits"`
	Short               int64            `json:"short"`
	SlotsUsed           int              `json:"slots_used"`
	PerSlot             int64            `json:"per_slot"`
	NetworkNeeded       int64            `json:"network_needed"`
	Pools               []jsonPool       `json:"pools"`
	Fixes               []jsonFix        `json:"fixes"`
	SlotNotices         []jsonSlotNotice `json:"slot_notices"`
}

func (c *cli) network(args []string) int {
	fs := newFlagSet("network")
	var f inputFlags
	f.register(fs)
	parallelism := fs.Int("parallelism", 0, "")
	exchanges := fs.Int("exchanges", 0, "")
	forward := fs.Int("forward", 0, "")
	slots := fs.Int("slots", 0, "")
	batch := fs.Bool("batch", false, "")
	output := "text"
	fs.StringVar(&output, "o", "text", "")
	fs.StringVar(&output, "output", "text", "")
	exact := fs.Bool("bytes", false, "")
	if st := c.parse(fs, "network", usageNetwork, args); st >= 0 {
		return st
	}
	switch {
	case !flagGiven(fs, "parallelism") || !flagGiven(fs, "exchanges"):
		return c.fail("network", exitUsage, "give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
	case *parallelism < 1:
		return c.fail("network", exitUsage, "--parallelism %d: the job's parallelism is at least 1", *parallelism)
	case *exchanges < 0:
		return c.fail("network", exitUsage, "--exchanges %d: give the number of all-to-all exchanges, 0 or more", *exchanges)
	case *forward < 0:
		return c.fail("network", exitUsage, "--forward %d: give the number of unchained forward exchanges, 0 or more", *forward)
	case flagGiven(fs, "slots") && *slots < 1:
		return c.fail("network", exitUsage, "--slots %d: a TaskManager has at least 1 slot (leave --slots out to use taskmanager.numberOfTaskSlots)", *slots)
	case output != "text" && output != "json":
		return c.fail("network", exitUsage, "-o %q: use text or json", output)
	case f.jobmanager:
		return c.fail("network", exitUsage, "--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager")
	}
	in, st := f.load(c, "network", f.config)
	if st != 0 {
		return st
	}
	if in.in.Role != memmodel.TaskManager {
		return c.fail("network", exitUsage, "network buffers belong to the TaskManagers, but the input is about the JobManager; choose a TaskManager preset or configuration")
	}
	c.sayImplicit(in)
	job := &memmodel.JobShape{Parallelism: *parallelism, AllToAll: *exchanges, Forward: *forward, SlotsPerTM: *slots,
		Batch: *batch || memmodel.BatchRuntimeMode(in.in.Config)}

	l, err := memmodel.Resolve(in.in)
	if err != nil {
		if output == "json" {
			return c.writeJSON("network", resolvedJSONRefusal(in, err))
		}
		return c.printRefusal(c.stdout, in, err)
	}
	if *slots > 0 && *slots != l.Slots {
		c.note("--slots %d fills %d slots of a TaskManager configured with taskmanager.numberOfTaskSlots %d; its memory and per-slot shares stay those of %d slots (add -D taskmanager.numberOfTaskSlots=%d to size it for %d)",
			*slots, *slots, l.Slots, l.Slots, *slots, *slots)
	}
	r := in.analyzeSlots(&l, job)
	status := exitOK
	if r.NetworkErr != nil || r.Network.Short() > 0 {
		status = exitRefused
	}
	if output == "json" {
		if st := c.writeJSON("network", networkJSON(in, job, &l, &r)); st != exitOK {
			return st
		}
		return status
	}

	fmt.Fprintf(c.stdout, "TaskManager · Flink %s · %s · network buffers for one job\n", l.Line, l.Deployment)
	if in.source != "" {
		fmt.Fprintf(c.stdout, "Input: %s\n", in.source)
	}
	fmt.Fprintf(c.stdout, "Job: %s\n\n", jobWords(job, r.Network.SlotsUsed))
	fmt.Fprint(c.stdout, view.SlotsReport(r, view.SlotsOptions{Bytes: *exact, Profile: true}))
	if r.NetworkErr != nil {
		fmt.Fprintln(c.stdout)
		c.printSlotRefusal(c.stdout, in, slotPart{name: "network_buffers", err: r.NetworkErr})
		return exitRefused
	}
	if fixes := r.Network.Fixes; r.Network.Short() > 0 && len(fixes) > 0 {
		fmt.Fprintln(c.stdout, "\nApply a fix with its options (on the command line, or as keys in the configuration):")
		for i, fx := range fixes {
			fmt.Fprintf(c.stdout, "  [%d] %s\n", i+1, view.FixEdits(fx))
		}
	}
	return status
}

// jobWords describes a job shape in one line.
func jobWords(job *memmodel.JobShape, slotsUsed int) string {
	mode := "streaming"
	if job.Batch {
		mode = "batch"
	}
	return fmt.Sprintf("parallelism %d · %d all-to-all and %d forward %s · %s · %d %s of each TaskManager used",
		job.Parallelism, job.AllToAll, job.Forward, plural(job.AllToAll+job.Forward, "exchange"), mode, slotsUsed, plural(slotsUsed, "slot"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// networkJSON builds the JSON object of `flinkmem network`.
func networkJSON(in *input, job *memmodel.JobShape, l *memmodel.Layout, r *memmodel.SlotReport) jsonNetworkReport {
	n := &r.Network
	slotsPerTM := job.SlotsPerTM
	if slotsPerTM == 0 {
		slotsPerTM = max(l.Slots, 1)
	}
	out := jsonNetworkReport{Schema: 1, OK: true, Role: l.Role.String(), Flink: l.Line.String(), Deployment: l.Deployment.String(),
		Job:   jsonJob{Parallelism: job.Parallelism, AllToAll: job.AllToAll, Forward: job.Forward, SlotsPerTM: slotsPerTM, Batch: job.Batch},
		Pools: []jsonPool{}, Fixes: []jsonFix{}, SlotNotices: newJSONSlotNotices(r.Notices)}
	if r.NetworkErr != nil {
		out.NetworkBuffersError = newJSONPartError(r.NetworkErr)
		return out
	}
	out.NetworkBuffers = newJSONNetwork(n)
	out.Fits = n.Short() == 0
	out.Short, out.SlotsUsed, out.PerSlot, out.NetworkNeeded = n.Short(), n.SlotsUsed, n.PerSlot, n.NetworkNeeded.Bytes()
	for _, p := range n.Pools {
		out.Pools = append(out.Pools, jsonPool{What: p.What, Output: p.Output, Channels: p.Channels, Count: p.Count, Required: p.Required})
	}
	for _, fx := range n.Fixes {
		out.Fixes = append(out.Fixes, newJSONFix(fx))
	}
	return out
}

// --- export ------------------------------------------------------------------

func (c *cli) export(args []string) int {
	fs := newFlagSet("export")
	var f inputFlags
	f.register(fs)
	format := fs.String("format", "", "")
	pinned := fs.Bool("pinned", false, "")
	var write string
	fs.StringVar(&write, "w", "", "")
	fs.StringVar(&write, "write", "", "")
	force := fs.Bool("force", false, "")
	update := fs.String("update", "", "")
	if st := c.parse(fs, "export", usageExport, args); st >= 0 {
		return st
	}
	switch {
	case *update != "" && f.config != "":
		return c.fail("export", exitUsage, "--update reads its file as the base configuration; drop -c")
	case *update != "" && write != "":
		return c.fail("export", exitUsage, "--update writes back into its own file; drop -w")
	case *update != "" && *format != "":
		return c.fail("export", exitUsage, "--update keeps the file's own format; drop --format")
	case *update == "-":
		return c.fail("export", exitUsage, "--update needs a file to write back to, not standard input")
	case *force && write == "":
		return c.fail("export", exitUsage, "--force only applies to -w FILE")
	}
	path := f.config
	if *update != "" {
		path = *update
	}
	in, st := f.load(c, "export", path)
	if st != 0 {
		return st
	}

	var fmtKind memmodel.ExportFormat
	if *update == "" {
		name := *format
		if name == "" {
			name = defaultExportFormat(in)
		}
		var err error
		if fmtKind, err = memmodel.ParseExportFormat(name, in.in.Line); err != nil {
			return c.fail("export", exitUsage, "--format: %v", err)
		}
	}
	c.sayImplicit(in)
	res, err := memmodel.Export(in.in, memmodel.ExportOptions{Pinned: *pinned, KeepDefaults: *update != ""})
	var rej *memmodel.Rejection
	if err != nil && !errors.As(err, &rej) {
		return c.fail("export", exitUsage, "%v", err)
	}
	if rej != nil {
		c.printRefusal(c.stderr, in, err)
	}
	// The migrations matter most when the export is refused: a legacy key
	// the line no longer reads is often why.
	for _, m := range res.Migrations {
		c.note("%s", m)
	}
	for _, n := range in.notes {
		if n.Code != noteFileNotRead || fmtKind == memmodel.ExportFlinkConf {
			c.note("%s [%s]", n.Message, n.Code)
		}
	}
	if rej != nil {
		return c.fail("export", exitRefused, "nothing exported: Flink %s would refuse this configuration", in.in.Line)
	}
	if *update != "" {
		return c.updateFile(in, &res, *update)
	}
	data := exportData(fmtKind, &res)
	if write == "" {
		if _, err := c.stdout.Write(data); err != nil {
			return c.fail("export", exitUsage, "writing the export: %v", err)
		}
		return exitOK
	}
	if err := flinkconf.WriteFile(write, data, *force); err != nil {
		if errors.Is(err, flinkconf.ErrExists) {
			return c.fail("export", exitUsage, "%s already exists; pass --force to overwrite it", write)
		}
		return c.fail("export", exitUsage, "%v", err)
	}
	c.note("wrote %s (%s, %d options)", write, fmtKind, len(res.Options))
	return exitOK
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
func (c *cli) updateFile(in *input, res *memmodel.ExportResult, path string) int {
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
	data, err := flinkconf.Update(in.file, changes, unset)
	if err != nil {
		return c.fail("export", exitUsage, "%v", err)
	}
	if bytes.Equal(data, in.file.Data) {
		c.note("%s already holds these options; nothing written", path)
		return exitOK
	}
	if err := flinkconf.WriteFile(path, data, true); err != nil {
		return c.fail("export", exitUsage, "%v", err)
	}
	c.note("updated %s", path)
	return exitOK
}

// --- render ------------------------------------------------------------------

func (c *cli) render(args []string) int {
	fs := newFlagSet("render")
	var f inputFlags
	f.register(fs)
	width := fs.Int("width", 0, "")
	color := fs.String("color", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	if st := c.parse(fs, "render", usageRender, args); st >= 0 {
		return st
	}
	tty := isTerminal(c.stdout)
	var useColor bool
	switch *color {
	case "always":
		useColor = true
	case "never":
	case "auto":
		useColor = tty && os.Getenv("NO_COLOR") == ""
	default:
		return c.fail("render", exitUsage, "--color %q: use always, never or auto", *color)
	}
	if *width < 0 {
		return c.fail("render", exitUsage, "--width %d: give a positive number of columns", *width)
	}
	if *width == 0 {
		*width = terminalWidth(c.stdout)
	}
	in, st := f.load(c, "render", f.config)
	if st != 0 {
		return st
	}
	c.sayImplicit(in)
	l, err := memmodel.Resolve(in.in)
	res := view.Resolution{Input: in.in, Layout: l, Err: err}
	if err == nil && in.in.Role == memmodel.TaskManager {
		if _, serr := l.Slot(); serr != nil {
			res.Err = serr
		}
	}
	res.Fixes = memmodel.Fixes(in.in, res.Err)
	fmt.Fprint(c.stdout, view.Static(res, view.StaticOptions{Width: *width, Color: useColor, ASCII: *ascii}))
	if err != nil {
		return exitRefused
	}
	return slotStatus(&l)
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

// --- presets, version, help -------------------------------------------------

func (c *cli) presets(args []string) int {
	fs := newFlagSet("presets")
	if st := c.parse(fs, "presets", usagePresets, args); st >= 0 {
		return st
	}
	all, err := presets.All()
	if err != nil {
		return c.fail("presets", exitUsage, "%v", err)
	}
	none, err := presets.Get("none")
	if err != nil {
		return c.fail("presets", exitUsage, "%v", err)
	}
	list := make([]presets.Preset, 0, len(all)+1)
	for _, p := range all {
		list = append(list, p)
		if p.Name == "default" {
			list = append(list, none)
		}
	}
	if len(list) == len(all) {
		list = append(list, none)
	}
	width := 0
	for _, p := range list {
		width = max(width, len(p.Name))
	}
	for _, p := range list {
		var b strings.Builder
		b.WriteString(p.Name + strings.Repeat(" ", width-len(p.Name)) + "  ")
		if p.Training {
			b.WriteString("[training: Flink refuses it with " + string(p.Check) + "] ")
		}
		b.WriteString(oneLine(p.Title))
		if d := oneLine(p.Description); d != "" {
			b.WriteString(" — " + d)
		}
		fmt.Fprintln(c.stdout, b.String())
	}
	return exitOK
}

// oneLine folds whitespace, so that a multi-line text fits one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (c *cli) version(args []string) int {
	fs := newFlagSet("version")
	if st := c.parse(fs, "version", usageVersion, args); st >= 0 {
		return st
	}
	fmt.Fprintln(c.stdout, "flinkmem "+versionString())
	return exitOK
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
			if len(s.Value) > 12 {
				s.Value = s.Value[:12]
			}
			v += "-" + s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		v += "-dirty"
	}
	return v
}

func (c *cli) help(args []string) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(c.stdout, usageHelp)
		return exitOK
	}
	if len(args) == 0 {
		fmt.Fprint(c.stdout, usageRoot)
		return exitOK
	}
	if cmd, ok := commands[args[0]]; ok && len(args) == 1 {
		fmt.Fprint(c.stdout, cmd.usage)
		return exitOK
	}
	return c.fail("help", exitUsage, "no help for %q; the commands are %s", strings.Join(args, " "), commandNames())
}

// --- the explorer -------------------------------------------------------------

// root runs flinkmem without a command: the explorer on a terminal,
// otherwise the resolve report.
func (c *cli) root(args []string) int {
	fs := newFlagSet("")
	var f inputFlags
	f.register(fs)
	theme := fs.String("theme", "auto", "")
	ascii := fs.Bool("ascii", false, "")
	showVersion := fs.Bool("version", false, "")
	if st := c.parse(fs, "", usageRoot, args); st >= 0 {
		return st
	}
	if *showVersion {
		fmt.Fprintln(c.stdout, "flinkmem "+versionString())
		return exitOK
	}
	switch *theme {
	case "auto", "light", "dark":
	default:
		return c.fail("", exitUsage, "--theme %q: use auto, light or dark", *theme)
	}
	in, st := f.load(c, "", f.config)
	if st != 0 {
		return st
	}
	if !isTerminal(c.stdout) {
		c.sayImplicit(in)
		return c.resolveText(in, false)
	}
	err := model.Run(model.Options{Input: in.in, Source: in.source, Preset: in.preset, Uses: in.flagUses, Theme: *theme, ASCII: *ascii})
	if err != nil {
		return c.fail("", exitUsage, "%v", err)
	}
	return exitOK
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
  flinkmem solve   [input flags] --target NAME=VALUE … [--vary KEY …] [--fit SIZE
                   [--maximize NAME]] [-o text|json] [--bytes]
  flinkmem diff    [input flags] [--to-flink LINE] [--to-config PATH] [--to-preset NAME]
                   [--to-D key=value …] [--to-jobmanager] [-o text|json] [--bytes]
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

// --- solve -------------------------------------------------------------------

// repeated collects a repeatable string flag.
type repeated []string

// String lists the values given.
func (r *repeated) String() string { return strings.Join(*r, " ") }

// Set adds one value.
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

func (c *cli) solve(args []string) int {
	fs := newFlagSet("solve")
	var f inputFlags
	f.register(fs)
	var targets, vary repeated
	fs.Var(&targets, "target", "")
	fs.Var(&vary, "vary", "")
	fit := fs.String("fit", "", "")
	maximize := fs.String("maximize", "", "")
	parallelism := fs.Int("parallelism", 0, "")
	exchanges := fs.Int("exchanges", 0, "")
	forward := fs.Int("forward", 0, "")
	batch := fs.Bool("batch", false, "")
	output := "text"
	fs.StringVar(&output, "o", "text", "")
	fs.StringVar(&output, "output", "text", "")
	exact := fs.Bool("bytes", false, "")
	if st := c.parse(fs, "solve", usageSolve, args); st >= 0 {
		return st
	}
	if output != "text" && output != "json" {
		return c.fail("solve", exitUsage, "-o %q: use text or json", output)
	}
	role := memmodel.TaskManager
	if f.jobmanager {
		role = memmodel.JobManager
	}
	req := memmodel.SolveRequest{Vary: vary}
	for _, t := range targets {
		tg, err := memmodel.ParseTarget(t, role)
		if err != nil {
			return c.fail("solve", exitUsage, "--target %v", err)
		}
		req.Targets = append(req.Targets, tg)
	}
	if *fit != "" {
		limit, err := memmodel.ParseLimit(*fit)
		if err != nil {
			return c.fail("solve", exitUsage, "--fit %v", err)
		}
		req.Fit = limit
	}
	if *maximize != "" {
		k, err := memmodel.ParseTargetKind(*maximize, role)
		if err != nil {
			return c.fail("solve", exitUsage, "--maximize: %v", err)
		}
		req.Maximize = k
	}
	if flagGiven(fs, "parallelism", "exchanges") {
		if *parallelism < 1 || *exchanges < 0 || *forward < 0 {
			return c.fail("solve", exitUsage, "--parallelism %d --exchanges %d: give a parallelism of at least 1 and 0 or more exchanges", *parallelism, *exchanges)
		}
		req.Job = &memmodel.JobShape{Parallelism: *parallelism, AllToAll: *exchanges, Forward: *forward, Batch: *batch}
	}
	if len(req.Targets) == 0 && req.Maximize == memmodel.TargetNone && req.Job == nil {
		return c.fail("solve", exitUsage, "give at least one --target NAME=VALUE (%s), or --fit SIZE with --maximize NAME", strings.Join(targetNames(role), ", "))
	}
	in, st := f.load(c, "solve", f.config)
	if st != 0 {
		return st
	}
	c.sayImplicit(in)
	req.Input, req.Uses = in.in, in.uses
	if req.Job != nil {
		req.Job.Batch = req.Job.Batch || memmodel.BatchRuntimeMode(in.in.Config)
	}
	sol, err := memmodel.Solve(req)
	var usage *memmodel.UsageError
	var un *memmodel.Unsolvable
	switch {
	case errors.As(err, &usage):
		return c.fail("solve", exitUsage, "%v", usage)
	case errors.As(err, &un):
		if output == "json" {
			c.writeJSON("solve", view.NewUnsolvableJSON(un))
		} else {
			fmt.Fprint(c.stdout, view.UnsolvableReport(un))
		}
		return exitRefused
	case err != nil:
		return c.fail("solve", exitUsage, "%v", err)
	}
	solved := &input{in: sol.Input, source: in.source, notes: in.notes, uses: in.uses}
	for _, t := range req.Targets {
		solved.uses.RocksDB = solved.uses.RocksDB || t.Kind == memmodel.TargetRocksDBPerSlot
	}
	if output == "json" {
		obj, _ := resolvedJSON(solved)
		extra := view.NewSolveJSON(&sol, req.Fit)
		var v any
		switch o := obj.(type) {
		case jsonTaskManager:
			v = struct {
				jsonTaskManager
				view.SolveJSON
			}{o, extra}
		case jsonJobManager:
			v = struct {
				jsonJobManager
				view.SolveJSON
			}{o, extra}
		default:
			v = obj
		}
		return c.writeJSON("solve", v)
	}
	opts := view.ReportOptions{Bytes: *exact, Source: in.source, Notes: in.notes}
	fmt.Fprint(c.stdout, view.SolveReport(&sol, view.SolveOptions{ReportOptions: opts, Fit: req.Fit}))
	fmt.Fprint(c.stdout, "\n"+view.ResolveReport(&sol.Layout, opts))
	if sol.Layout.Role == memmodel.TaskManager {
		r := solved.analyzeSlots(&sol.Layout, req.Job)
		fmt.Fprint(c.stdout, "\n"+view.SlotsReport(r, view.SlotsOptions{Bytes: *exact}))
	}
	return exitOK
}

func targetNames(role memmodel.Role) []string {
	var out []string
	for _, k := range memmodel.TargetKinds(role) {
		out = append(out, k.String())
	}
	return out
}

// --- diff --------------------------------------------------------------------

func (c *cli) diff(args []string) int {
	fs := newFlagSet("diff")
	var f inputFlags
	f.register(fs)
	toFlink := fs.String("to-flink", "", "")
	toConfig := fs.String("to-config", "", "")
	toPreset := fs.String("to-preset", "", "")
	var toDefines defines
	fs.Var(&toDefines, "to-D", "")
	toJM := fs.Bool("to-jobmanager", false, "")
	width := fs.Int("width", 60, "")
	output := "text"
	fs.StringVar(&output, "o", "text", "")
	fs.StringVar(&output, "output", "text", "")
	exact := fs.Bool("bytes", false, "")
	if st := c.parse(fs, "diff", usageDiff, args); st >= 0 {
		return st
	}
	switch {
	case output != "text" && output != "json":
		return c.fail("diff", exitUsage, "-o %q: use text or json", output)
	case *toFlink == "" && *toConfig == "" && *toPreset == "" && len(toDefines) == 0 && !*toJM:
		return c.fail("diff", exitUsage, "say what the second configuration changes: --to-flink LINE, --to-config PATH, --to-preset NAME, --to-D key=value or --to-jobmanager")
	case *width < 10:
		return c.fail("diff", exitUsage, "--width %d: give at least 10 columns", *width)
	}
	from, st := f.load(c, "diff", f.config)
	if st != 0 {
		return st
	}
	to := *from
	to.in.Config = memmodel.Config{}
	mergeLayer(to.in.Config, from.in.Config)
	var changes []string
	if *toFlink != "" {
		line, err := memmodel.ParseLine(*toFlink)
		if err != nil {
			return c.fail("diff", exitUsage, "--to-flink: %v", err)
		}
		if line == from.in.Line {
			return c.fail("diff", exitUsage, "--to-flink %s is the line the first configuration is on already; choose another line (or --flink for the first)", *toFlink)
		}
		to.in.Line = line
		changes = append(changes, "on Flink "+line.String())
	}
	if *toJM {
		if !to.in.Line.HasJobManagerModel() {
			return c.fail("diff", exitUsage, "--to-jobmanager: the JobManager memory model starts with Flink 1.11")
		}
		to.in.Role = memmodel.JobManager
		changes = append(changes, "for the JobManager")
	}
	if *toPreset != "" {
		p, err := presets.Get(*toPreset)
		if err != nil {
			return c.fail("diff", exitUsage, "--to-preset: %v", err)
		}
		mergeLayer(to.in.Config, p.Config(to.in.Role))
		changes = append(changes, "with preset "+p.Name)
	}
	if *toConfig != "" {
		src, st := c.readConfig("diff", *toConfig, to.in.Line, true)
		if st != 0 {
			return st
		}
		mergeLayer(to.in.Config, src.Config)
		changes = append(changes, "with file "+src.Path)
	}
	if len(toDefines) > 0 {
		layer := memmodel.Config{}
		for _, kv := range toDefines {
			layer[kv.Key] = kv.Value
		}
		mergeLayer(to.in.Config, layer)
		changes = append(changes, "with "+strconv.Itoa(len(toDefines))+" --to-D "+plural(len(toDefines), "option"))
	}
	c.sayImplicit(from)
	d := memmodel.Compare(from.in, to.in)
	status := exitOK
	if d.ToErr != nil {
		status = exitRefused
	}
	if output == "json" {
		fromObj, _ := resolvedJSON(from)
		toObj, _ := resolvedJSON(&to)
		if st := c.writeJSON("diff", view.NewDiffJSON(&d, fromObj, toObj)); st != exitOK {
			return st
		}
		return status
	}
	opts := view.DiffOptions{ReportOptions: view.ReportOptions{Bytes: *exact, Source: from.source}, ToSource: "the same configuration " + strings.Join(changes, ", "), Width: *width}
	if d.ToErr != nil {
		opts.Fixes = memmodel.Fixes(to.in, d.ToErr)
	}
	if from.file != nil && from.file.Format == flinkconf.FlinkConf {
		opts.FlinkConfFile = from.file.Path
	}
	fmt.Fprint(c.stdout, view.DiffReport(&d, opts))
	return status
}

const usageSolve = `Usage: flinkmem solve [input flags] --target NAME=VALUE … [--vary KEY …] [--fit SIZE [--maximize NAME]] [-o text|json] [--bytes]

Finds the smallest configuration that gives at least the targets: it varies the total
the configuration is sized by (taskmanager.memory.process.size, or .flink.size when that
is set; for task heap + managed configurations those two sizes), sets the options that
alone decide a target (metaspace, off-heap sizes, a fixed RocksDB budget), keeps every
other key, and answers in whole MiB. Every answer is verified by resolving it: it meets
every target, and one MiB less does not.

  --target NAME=VALUE  at least VALUE (a size such as 2g, or a count for network-buffers);
                       repeatable. TaskManager: task-heap, jvm-heap, managed,
                       managed-per-slot, rocksdb-per-slot, network, network-buffers,
                       task-off-heap, metaspace. JobManager (--jobmanager): jvm-heap,
                       off-heap, metaspace
  --vary KEY           also let the solver change KEY (repeatable): the managed or network
                       fraction, network min/max, an explicit task heap, managed, off-heap
                       or metaspace size, a fixed RocksDB budget; a key that serves a
                       target is set to the least that meets it
  --fit SIZE           keep the total process size within SIZE, a pod or machine limit:
                       Flink units (8g) or Kubernetes units (8Gi binary, 8G = 8·10⁹ bytes)
  --maximize NAME      with --fit: the configuration within the limit that gives the most
                       of NAME (task-heap, managed, network, …) while meeting the targets
  --parallelism N, --exchanges K [--forward F] [--batch]
                       the job's shape: network-buffers then defaults to what its tasks
                       require on one TaskManager (see flinkmem network)
  -o, --output FORMAT  text (default) or json: the resolve object of the solution with
                       "solution": {"set", "unset"} and "targets": [{"name", "want", "got"}]
  --bytes              show exact byte counts next to human sizes

` + inputHelp + `
Exit status: 0 solved, 1 no configuration meets the targets (the reason is printed),
2 usage or file errors.
`

const usageDiff = `Usage: flinkmem diff [input flags] [--to-flink LINE] [--to-config PATH] [--to-preset NAME] [--to-D key=value …] [--to-jobmanager] [-o text|json] [--bytes] [--width N]

Compares a configuration with a second one: the first with the --to-* changes. Shows
both layouts on one scale, every component and JVM limit before and after with the
change in bytes and percent, the keys whose default or meaning differs between the two
lines, the keys the second line no longer reads, new notices, a refusal with its fixes,
and the JVM flags that change. Between two lines it also says what the upgrade must
do: legacy and deprecated keys and their replacements, flink-conf.yaml to config.yaml.

  --to-flink LINE      the second configuration runs on this line (an upgrade or downgrade)
  --to-config PATH     layer this file over the first configuration
  --to-preset NAME     layer this preset over it
  --to-D key=value     override one option in the second configuration (repeatable)
  --to-jobmanager      resolve the JobManager on the second side
  -o, --output FORMAT  text (default) or json: {"schema":1, "from", "to", "changes",
                       "keys", "new_notices", "jvm_flags", "migration"}
  --bytes              show exact byte counts next to human sizes
  --width N            width of the bars (default 60)

` + inputHelp + `
Exit status: 0 the second configuration resolves, 1 Flink would refuse it, 2 usage or
file errors.
`
