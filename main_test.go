package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/conformance"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/presets/input"
	"github.com/flinkmem/flinkmem/view"
	"github.com/flinkmem/flinkmem/view/golden"
)

// result is what one in-process run produced.
type result struct {
	stdout, stderr string
	status         int
}

func runCLI(stdin string, args ...string) result {
	var out, errOut bytes.Buffer
	st := run(args, strings.NewReader(stdin), &out, &errOut)
	return result{out.String(), errOut.String(), st}
}

// transcript is the golden form of a run: the command line, both streams
// and the exit status.
func (r result) transcript(args []string) string {
	return "$ flinkmem " + strings.Join(args, " ") + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr + fmt.Sprintf("--- exit %d\n", r.status)
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name+".golden"), []byte(got))
}

// goldenCase is one line of testdata/golden/cases.txt: a command run
// in-process, whose stdout, stderr and exit status NAME.golden holds.
type goldenCase struct {
	name  string
	args  []string
	stdin string
}

// goldenCases reads testdata/golden/cases.txt (its header says the
// format): NAME: ARG ... [<"STDIN"], Go-quoted where a word needs it.
func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("cases.txt:%d: no \"NAME: \" in %q", n+1, line)
		}
		c := goldenCase{name: name}
		for rest = strings.TrimLeft(rest, " "); rest != ""; rest = strings.TrimLeft(rest, " ") {
			stdin := strings.HasPrefix(rest, "<\"")
			rest = strings.TrimPrefix(rest, "<")
			word, tail, _ := strings.Cut(rest, " ")
			if strings.HasPrefix(rest, "\"") {
				q, err := strconv.QuotedPrefix(rest)
				if err != nil {
					t.Fatalf("cases.txt:%d: %v in %q", n+1, err, rest)
				}
				word, _ = strconv.Unquote(q)
				tail = rest[len(q):]
			}
			if stdin {
				c.stdin = word
			} else {
				c.args = append(c.args, word)
			}
			rest = tail
		}
		cases = append(cases, c)
	}
	if len(cases) < 100 {
		t.Fatalf("cases.txt holds %d cases; the file is cut short", len(cases))
	}
	return cases
}

func TestCommandsGolden(t *testing.T) {
	// The deployment-file cases read FLINK_PROPERTIES only from files and
	// --env: the test's own environment must not leak in.
	t.Setenv("FLINK_PROPERTIES", "")
	for _, tt := range goldenCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(tt.stdin, tt.args...)
			checkGolden(t, tt.name, r.transcript(tt.args))
		})
	}
}

func TestPresetsList(t *testing.T) {
	all, err := presets.All()
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI("", "presets")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.status != 0 || r.stderr != "" || len(lines) != len(all)+1 {
		t.Fatalf("flinkmem presets: status %d, %d lines for %d presets and none; stderr %q", r.status, len(lines), len(all), r.stderr)
	}
	names := map[string]string{}
	for _, l := range lines {
		name, rest, _ := strings.Cut(l, " ")
		names[name] = strings.TrimSpace(rest)
	}
	for _, p := range append(all, presets.Preset{Name: "none", Title: "Nothing configured"}) {
		rest, ok := names[p.Name]
		if !ok {
			t.Errorf("no line starts with %s", p.Name)
			continue
		}
		if p.Training != strings.HasPrefix(rest, "[training: Flink refuses it with "+string(p.Check)+"]") {
			t.Errorf("%s: training mark wrong in %q", p.Name, rest)
		}
		if !strings.Contains(rest, strings.Join(strings.Fields(p.Title), " ")) {
			t.Errorf("%s: title missing from %q", p.Name, rest)
		}
	}
	if !strings.HasPrefix(lines[0], "default ") || !strings.HasPrefix(lines[1], "none ") {
		t.Errorf("default and none should come first: %q, %q", lines[0], lines[1])
	}
}

func TestVersion(t *testing.T) {
	old := version
	version = "v9.8.7"
	defer func() { version = old }()
	// The version, then the releases the tool models and how each is
	// verified.
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		r := runCLI("", args...)
		if !strings.HasPrefix(r.stdout, "flinkmem v9.8.7\n\nFlink releases (--flink; default 2.3, 1.20 for a flink-conf.yaml):\n") || r.status != 0 || r.stderr != "" {
			t.Errorf("flinkmem %v = %+v; want flinkmem v9.8.7 and the releases", args, r)
		}
		for _, want := range []string{"\n  1.11.0  1.11.0 – 1.11.1           vectors from its own code (flink-1.11.0)\n",
			"\n  1.12    1.12.2 – 1.12.7           vectors from its own code (flink-1.12.2)\n",
			"\n  2.3     2.3.0 and later patches   no vectors of its own: its release notes"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("flinkmem %v lacks %q:\n%s", args, want, r.stdout)
			}
		}
	}
	version = ""
	if r := runCLI("", "version"); !strings.HasPrefix(r.stdout, "flinkmem ") || len(r.stdout) < len("flinkmem x\n") {
		t.Errorf("version without ldflags = %q", r.stdout)
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, cmd := range commands {
		name := cmd.name
		for _, args := range [][]string{{name, "-h"}, {name, "--help"}, {"help", name}} {
			r := runCLI("", args...)
			if r.status != 0 || r.stdout != view.Usage(name) || r.stderr != "" {
				t.Errorf("flinkmem %v: status %d, stderr %q, stdout %.40q…", args, r.status, r.stderr, r.stdout)
			}
		}
		if !strings.HasPrefix(view.Usage(name), "Usage: flinkmem "+name) {
			t.Errorf("usage of %s starts %.30q", name, view.Usage(name))
		}
	}
	if r := runCLI("", "-h"); r.status != 0 || r.stdout != view.Usage("") {
		t.Errorf("flinkmem -h: %+v", r)
	}
}

// TestExpandDefines covers the Java-style -Dkey=value spelling.
func TestExpandDefines(t *testing.T) {
	got := flinkconf.ExpandJavaDefines([]string{"-Da=b", "-D", "-Dc=d", "-D=e=f", "--D", "g=h", "-Dx", "--", "-Dy=z"})
	want := []string{"-D", "a=b", "-D", "-Dc=d", "-D=e=f", "--D", "g=h", "-D", "x", "--", "-Dy=z"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("expandDefines = %q; want %q", got, want)
	}
}

func TestDefinesLayering(t *testing.T) {
	// The last -D wins; a value is split at the first '='; an empty value
	// is a value (Flink refuses it for a size).
	r := runCLI("", "resolve", "-o", "json", "--preset", "none", "-D", "taskmanager.memory.process.size=1g", "-Dtaskmanager.memory.process.size=2g")
	if r.status != 0 || !strings.Contains(r.stdout, `"total_process": 2147483648`) {
		t.Errorf("last -D should win: %+v", r)
	}
	r = runCLI("", "resolve", "-o", "json", "--preset", "none", "-D", "taskmanager.memory.process.size=")
	if r.status != 1 || !strings.Contains(r.stdout, `"check": "memory-size-empty"`) {
		t.Errorf("an empty -D value should be refused as an empty size: %+v", r)
	}
	// A file beats the preset, -D beats the file.
	r = runCLI("taskmanager.memory.process.size: 3g\ntaskmanager.numberOfTaskSlots: 3\n", "resolve", "-o", "json", "--preset", "default", "-c", "-", "-D", "taskmanager.numberOfTaskSlots=5")
	if r.status != 0 || !strings.Contains(r.stdout, `"total_process": 3221225472`) || !strings.Contains(r.stdout, `"num_slots": 5`) {
		t.Errorf("layering preset < file < -D broken: %+v", r)
	}
}

// TestBadInput runs every bad input of the contract: each gets one line
// naming what is wrong and the right status, and never a panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	emptyDir := filepath.Join(dir, "conf-empty")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/3)
	}
	big := bytes.Repeat([]byte("# padding padding padding padding padding padding padding padding\n"), 10<<20/66+1)
	tests := []struct {
		name   string
		args   []string
		status int
		want   string // in the one-line message
	}{
		{"missing file", []string{"resolve", "-c", filepath.Join(dir, "nope.yaml")}, 2, "nope.yaml"},
		{"directory without a config", []string{"resolve", "-c", emptyDir}, 2, "conf-empty"},
		{"binary garbage", []string{"resolve", "-c", write("garbage.bin", garbage)}, 2, "garbage.bin"},
		{"malformed YAML", []string{"resolve", "-c", write("bad/config.yaml", []byte("taskmanager:\n  memory: [1g, 2g\n"))}, 2, "config.yaml"},
		{"duplicate keys", []string{"check", "-c", write("dup/config.yaml", []byte("taskmanager.memory.process.size: 1g\ntaskmanager.memory.process.size: 2g\n"))}, 2, "taskmanager.memory.process.size"},
		{"a 10 MB config file", []string{"resolve", "-c", write("big/flink-conf.yaml", big)}, 2, "flink-conf.yaml"},
		{"-D without =", []string{"resolve", "-D", "taskmanager.memory.process.size"}, 2, `"taskmanager.memory.process.size" has no '='`},
		{"-D without a key", []string{"resolve", "-D", "=1g"}, 2, "no key"},
		{"unknown --flink line", []string{"resolve", "--flink", "1.9"}, 2, `unknown Flink line "1.9"`},
		{"unknown preset", []string{"resolve", "--preset", "gigantic"}, 2, `"gigantic"`},
		{"jobmanager before 1.11", []string{"check", "--jobmanager", "--flink", "1.10"}, 2, "starts with Flink 1.11"},
		{"unknown deployment", []string{"resolve", "--deployment", "cloud"}, 2, `"cloud"`},
		{"unknown output", []string{"resolve", "-o", "xml"}, 2, `"xml"`},
		{"unknown flag", []string{"resolve", "--frobnicate"}, 2, "frobnicate"},
		{"stray argument", []string{"resolve", "conf/config.yaml"}, 2, `"conf/config.yaml"`},
		{"unknown command", []string{"resolv"}, 2, `"resolv"`},
		{"unknown export format", []string{"export", "--format", "toml"}, 2, `"toml"`},
		{"flink-conf for 2.x", []string{"export", "--format", "flink-conf", "--flink", "2.0"}, 2, "does not read flink-conf.yaml"},
		{"update and -w", []string{"export", "--update", "x.yaml", "-w", "y.yaml"}, 2, "drop -w"},
		{"unknown theme", []string{"--theme", "neon"}, 2, `"neon"`},
		{"unknown consumer", []string{"resolve", "--uses", "rocksdb,bogus"}, 2, `--uses: unknown managed-memory consumer "bogus"`},
		{"unknown consumer, any command", []string{"export", "--uses", "bogus"}, 2, `"bogus"`},
		{"network without a shape", []string{"network", "--parallelism", "4"}, 2, "--exchanges K"},
		{"network parallelism 0", []string{"network", "--parallelism", "0", "--exchanges", "1"}, 2, "--parallelism 0"},
		{"network negative exchanges", []string{"network", "--parallelism", "4", "--exchanges", "-1"}, 2, "--exchanges -1"},
		{"network negative forward", []string{"network", "--parallelism", "4", "--exchanges", "1", "--forward", "-2"}, 2, "--forward -2"},
		{"network zero slots", []string{"network", "--parallelism", "4", "--exchanges", "1", "--slots", "0"}, 2, "--slots 0"},
		{"network of the JobManager", []string{"network", "--parallelism", "4", "--exchanges", "1", "--jobmanager"}, 2, "--jobmanager"},
		{"network output", []string{"network", "--parallelism", "4", "--exchanges", "1", "-o", "yaml"}, 2, `"yaml"`},
		{"bad unit", []string{"check", "-D", "taskmanager.memory.process.size=12 parsecs"}, 1, `"12 parsecs"`},
		{"negative size", []string{"check", "-D", "taskmanager.memory.process.size=-1m"}, 1, `"-1m"`},
		{"fractional size", []string{"check", "-D", "taskmanager.memory.flink.size=1.5g"}, 1, `"1.5g"`},
		{"Kubernetes unit", []string{"check", "-D", "taskmanager.memory.process.size=2Gi"}, 1, `"2Gi"`},
		{"size beyond 8 EiB", []string{"check", "-D", "taskmanager.memory.process.size=8388608t"}, 1, `"8388608t"`},
		{"number beyond 64 bits", []string{"check", "-D", "taskmanager.memory.process.size=99999999999999999999"}, 1, `"99999999999999999999"`},
		{"fraction not a number", []string{"check", "-D", "taskmanager.memory.process.size=2g", "-D", "taskmanager.memory.managed.fraction=lots"}, 1, `"lots"`},
		{"fraction NaN", []string{"check", "-D", "taskmanager.memory.process.size=2g", "-D", "taskmanager.memory.network.fraction=NaN"}, 1, "taskmanager.memory.network.fraction"},
		{"fraction Infinity", []string{"check", "-D", "taskmanager.memory.process.size=2g", "-D", "taskmanager.memory.jvm-overhead.fraction=Infinity"}, 1, "taskmanager.memory.jvm-overhead.fraction"},
		{"slots not a number", []string{"check", "-D", "taskmanager.memory.process.size=2g", "-D", "taskmanager.numberOfTaskSlots=four"}, 1, `"four"`},
		{"export of a refused config", []string{"export", "-D", "taskmanager.memory.process.size=1.5g"}, 1, `"1.5g"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI("", tt.args...)
			if r.status != tt.status {
				t.Fatalf("flinkmem %s: status %d, want %d\nstdout: %s\nstderr: %s", strings.Join(tt.args, " "), r.status, tt.status, r.stdout, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			if tt.status == 2 && strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("want exactly one line on stderr, got %q", r.stderr)
			}
			if !strings.Contains(first, tt.want) {
				t.Errorf("first line %q does not name %s", first, tt.want)
			}
			if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stack trace on stderr: %s", r.stderr)
			}
			if tt.status == 2 && r.stdout != "" {
				t.Errorf("a usage error printed on stdout: %q", r.stdout)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every file")
	}
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte("taskmanager.memory.process.size: 1g\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	if r := runCLI("", "resolve", "-c", p); r.status != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "config.yaml") {
		t.Errorf("unreadable file: %+v", r)
	}
}

func TestPanicIsAnInternalError(t *testing.T) {
	saved := commands
	defer func() { commands = saved }()
	commands = append(commands[:len(commands):len(commands)], &command{name: "boom", flags: func(*flag.FlagSet, *inputFlags) runFunc {
		return func(*cli, *input.Loaded) error { panic("kaboom") }
	}})
	r := runCLI("", "boom")
	if r.status != 2 || r.stderr != "flinkmem: internal error: kaboom; please report it with the command line that caused it\n" {
		t.Errorf("panic: %+v", r)
	}
}

func TestImplicitDefault(t *testing.T) {
	for _, args := range [][]string{{"resolve"}, {"explain"}, {"export"}} {
		r := runCLI("", args...)
		if !strings.Contains(r.stderr, "using preset default") {
			t.Errorf("flinkmem %v does not say it uses the default preset: %q", args, r.stderr)
		}
	}
	// --flink, --jobmanager and --deployment are not input.
	r := runCLI("", "resolve", "--flink", "1.17", "--jobmanager", "--deployment", "container", "-o", "json")
	if r.status != 0 || !strings.Contains(r.stderr, "using preset default") || !strings.Contains(r.stdout, `"total_process": 1677721600`) {
		t.Errorf("default JobManager: %+v", r)
	}
	// check is silent on success, even about the default preset.
	if r := runCLI("", "check"); r.status != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("check on the default is not silent: %+v", r)
	}
	// Any input turns the default off: --preset none refuses, nothing set.
	if r := runCLI("", "check", "--preset", "none"); r.status != 1 || !strings.Contains(r.stderr, "no-memory-configured") {
		t.Errorf("--preset none: %+v", r)
	}
}

// --- the JSON contract against every conformance vector ------------------

// vector is one conformance vector (see memmodel/conformance).
type vector = conformance.Vector

// vectorFiles loads every conformance file; each runs with --flink set to
// the release whose code produced it.
func vectorFiles(t testing.TB) []conformance.File {
	t.Helper()
	files, err := conformance.LoadAll("memmodel/testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sampled reports whether the i-th vector of a file is checked: all of
// them, or every fourth under -short.
func sampled(i int) bool { return !testing.Short() || i%4 == 0 }

// vectorArgs is the command line the contract gives for a vector: each
// config entry as one -D, passed through byte for byte.
func vectorArgs(cmd []string, v vector, line string) []string {
	args := append(append([]string{}, cmd...), "--preset", "none", "--flink", line)
	if v.Role == "jobmanager" {
		args = append(args, "--jobmanager")
	}
	if v.Deployment == "container" {
		args = append(args, "--deployment", "container")
	}
	keys := make([]string, 0, len(v.Config))
	for k := range v.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-D", k+"="+v.Config[k])
	}
	return args
}

// TestResolveJSONConformance runs `resolve -o json` for every conformance
// vector and compares what the JSON says with what Flink derived.
func TestResolveJSONConformance(t *testing.T) {
	total, checked := 0, 0
	for _, file := range vectorFiles(t) {
		failed := 0
		for i, v := range file.Vectors {
			total++
			if !sampled(i) {
				continue
			}
			checked++
			if msg := checkVectorJSON(v, file.Release); msg != "" {
				if failed++; failed <= 10 {
					t.Errorf("%s %s: %s", file.Path, v.ID, msg)
				}
			}
		}
		if failed > 10 {
			t.Errorf("%s: %d more failures", file.Path, failed-10)
		}
	}
	if total != 38022 {
		t.Errorf("the files hold %d vectors; want 38022", total)
	}
	t.Logf("checked %d of %d vectors", checked, total)
}

func checkVectorJSON(v vector, line string) string {
	r := runCLI("", vectorArgs([]string{"resolve", "-o", "json"}, v, line)...)
	var got map[string]any
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		return fmt.Sprintf("status %d, no JSON (%v): %s", r.status, err, r.stderr)
	}
	l, err := memmodel.ParseLine(line)
	if err != nil {
		return err.Error()
	}
	if got["schema"] != json.Number("1") || got["flink"] != l.String() || got["role"] != v.Role {
		return fmt.Sprintf("schema/flink/role: %v %v %v", got["schema"], got["flink"], got["role"])
	}
	e := v.Expect
	if e["ok"] != true {
		if got["ok"] != false || r.status != 1 {
			return fmt.Sprintf("Flink refuses with %v; got ok=%v status %d", e["check"], got["ok"], r.status)
		}
		if got["check"] != e["check"] {
			return fmt.Sprintf("check %v; Flink's is %v", got["check"], e["check"])
		}
		if msg, _ := got["message"].(string); msg == "" {
			return "refusal without a message"
		}
		if _, ok := got["keys"].([]any); !ok {
			return "refusal without keys"
		}
		if _, ok := got["fixes"].([]any); !ok {
			return "refusal without a fixes list"
		}
		return ""
	}
	if got["ok"] != true {
		return fmt.Sprintf("Flink accepts; got %v: %v", got["check"], got["message"])
	}
	fields := []string{"jvm_metaspace", "jvm_overhead", "total_flink", "total_process", "jvm_heap", "jvm_args"}
	if v.Role == "jobmanager" {
		fields = append(fields, "off_heap", "direct_memory_limit_enabled")
	} else {
		fields = append(fields, "framework_heap", "task_heap", "framework_off_heap", "task_off_heap", "network", "managed", "jvm_direct", "cpu_cores")
		// num_slots is there exactly when the release's process
		// specification has it.
		_, want := e["num_slots"]
		if _, has := got["num_slots"]; has != want {
			return fmt.Sprintf("num_slots present: %v; in Flink's result: %v", has, want)
		}
		if want {
			fields = append(fields, "num_slots")
		}
	}
	for _, f := range fields {
		if fmt.Sprint(got[f]) != fmt.Sprint(e[f]) {
			return fmt.Sprintf("%s = %v; Flink's is %v", f, got[f], e[f])
		}
	}
	if g, w := pairSet(got["dynamic_configs"]), pairSet(e["dynamic_configs"]); g != w {
		return "dynamic_configs = " + g + "; Flink's are " + w
	}
	if dc, _ := got["dynamic_configs"].(string); dc != strings.Join(sortedPairs(dc), " ") {
		return "dynamic_configs are not sorted by key: " + dc
	}
	if se, ok := e["slot_error"].(map[string]any); ok {
		gse, _ := got["slot_error"].(map[string]any)
		if gse == nil || gse["check"] != se["check"] || r.status != 1 {
			return fmt.Sprintf("slot_error = %v (status %d); Flink's check is %v", got["slot_error"], r.status, se["check"])
		}
	} else if slot, ok := e["slot"].(map[string]any); ok {
		gs, _ := got["slot"].(map[string]any)
		// A segment size the memory model accepts (legacy buffers, or
		// explicit network sizes) still fails when the TaskManager builds
		// its network stack, beyond what the vectors record: then the JSON
		// says so and the status is 1.
		// So does a consumer weight the release refuses when a job starts
		// (1.12 knows only DATAPROC and PYTHON).
		want := 0
		if !segmentSizeValid(v.Config) || got["managed_consumers_error"] != nil {
			want = 1
		}
		if gs == nil || r.status != want {
			return fmt.Sprintf("no slot or status %d (want %d): %v %v", r.status, want, got["slot_error"], got["network_buffers_error"])
		}
		for k, want := range slot {
			if fmt.Sprint(gs[k]) != fmt.Sprint(want) {
				return fmt.Sprintf("slot.%s = %v; Flink's is %v", k, gs[k], want)
			}
		}
	}
	if v.Role == "taskmanager" {
		if msg := checkNetworkJSON(v, got); msg != "" {
			return msg
		}
	}
	if _, ok := got["notices"].([]any); !ok {
		return "no notices list"
	}
	return ""
}

// segmentSizeValid reports whether the TaskManager's network stack would
// take the configured segment size: a whole number of bytes, at least
// 4 KiB, a power of two and below 2 GiB.
func segmentSizeValid(cfg map[string]string) bool {
	raw, ok := cfg[memmodel.SegmentSizeKey]
	if !ok {
		return true
	}
	m, err := memmodel.ParseMemorySize(raw)
	return err == nil && m >= 4*memmodel.KiB && m <= math.MaxInt32 && m&(m-1) == 0
}

// checkNetworkJSON checks the network buffers of an accepted TaskManager:
// network memory / segment size buffers, or the segment size's refusal.
func checkNetworkJSON(v vector, got map[string]any) string {
	nb, _ := got["network_buffers"].(map[string]any)
	ne, _ := got["network_buffers_error"].(map[string]any)
	if !segmentSizeValid(v.Config) {
		check, _ := ne["check"].(string)
		if nb != nil || !strings.HasPrefix(check, "segment-size-") && !strings.HasPrefix(check, "memory-size-") {
			return fmt.Sprintf("segment size %q: network_buffers %v, error %v; want null and a segment-size refusal", v.Config[memmodel.SegmentSizeKey], nb, ne)
		}
		return ""
	}
	if nb == nil || ne != nil {
		return fmt.Sprintf("network_buffers %v, error %v", nb, ne)
	}
	seg := int64(32 << 10)
	if raw, ok := v.Config[memmodel.SegmentSizeKey]; ok {
		m, _ := memmodel.ParseMemorySize(raw)
		seg = m.Bytes()
	}
	network, err := got["network"].(json.Number).Int64()
	if err != nil {
		return "network is not a whole number"
	}
	if fmt.Sprint(nb["segment_size"]) != fmt.Sprint(seg) || fmt.Sprint(nb["available"]) != fmt.Sprint(network/seg) || nb["required"] != nil {
		return fmt.Sprintf("network_buffers = %v; want segment_size %d, available %d (network %d), required null", nb, seg, network/seg, network)
	}
	return ""
}

func sortedPairs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "-D ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, "-D "+p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ki, _, _ := strings.Cut(out[i], "=")
		kj, _, _ := strings.Cut(out[j], "=")
		return ki < kj
	})
	return out
}

func pairSet(v any) string {
	s, _ := v.(string)
	out := sortedPairs(s)
	sort.Strings(out)
	return strings.Join(out, " ")
}

// --- export ---------------------------------------------------------------

// TestExportRoundTrip exports every accepted conformance vector as
// flink-conf, config-yaml and dynamic (each where the line reads it),
// reads the snippet back the way Flink would and resolves it: the layout
// must be Flink's.
func TestExportRoundTrip(t *testing.T) {
	for _, file := range vectorFiles(t) {
		line := file.Release
		l, _ := memmodel.ParseLine(line)
		formats := []string{"dynamic"}
		if l.ReadsFlinkConfYAML() {
			formats = append(formats, "flink-conf")
		}
		if l.ReadsConfigYAML() || l == memmodel.Line1_20 {
			formats = append(formats, "config-yaml")
		}
		if l == memmodel.Line1_10_0 {
			continue // 1.10.3 covers the flat format of the 1.10 code
		}
		failed := 0
		for i, v := range file.Vectors {
			if !v.Accepted() || v.Expect["slot_error"] != nil || !sampled(i) {
				continue
			}
			for _, format := range formats {
				for _, pinned := range []bool{false, true} {
					if msg := checkRoundTrip(v, line, format, pinned); msg != "" {
						if failed++; failed <= 10 {
							t.Errorf("%s %s as %s (pinned %v): %s", file.Path, v.ID, format, pinned, msg)
						}
					}
				}
			}
		}
		if failed > 10 {
			t.Errorf("%s: %d more failures", file.Path, failed-10)
		}
	}
}

func checkRoundTrip(v vector, line, format string, pinned bool) string {
	cmd := []string{"export", "--format", format}
	if pinned {
		cmd = append(cmd, "--pinned")
	}
	r := runCLI("", vectorArgs(cmd, v, line)...)
	if r.status != 0 {
		return fmt.Sprintf("status %d: %s", r.status, r.stderr)
	}
	var cfg memmodel.Config
	switch format {
	case "dynamic":
		var err error
		if cfg, err = parseDynamic(r.stdout); err != nil {
			return err.Error() + "\n" + r.stdout
		}
	default:
		name := "config.yaml"
		if format == "flink-conf" {
			name = "flink-conf.yaml"
		}
		src, err := flinkconf.Parse(name, []byte(r.stdout))
		if err != nil {
			return "reading the export back: " + err.Error() + "\n" + r.stdout
		}
		cfg = src.Config
	}
	args := []string{"resolve", "-o", "json", "--preset", "none", "--flink", line}
	if v.Role == "jobmanager" {
		args = append(args, "--jobmanager")
	}
	if v.Deployment == "container" {
		args = append(args, "--deployment", "container")
	}
	for k, val := range cfg {
		args = append(args, "-D", k+"="+val)
	}
	if msg := checkExportedJSON(args, v); msg != "" {
		return msg + "\nexport:\n" + r.stdout
	}
	return ""
}

// checkExportedJSON resolves an exported configuration and compares it with
// what Flink derived for the vector.
func checkExportedJSON(args []string, v vector) string {
	r := runCLI("", args...)
	var got map[string]any
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil || got["ok"] != true {
		return fmt.Sprintf("the export does not resolve: %v %s", got["message"], r.stderr)
	}
	for _, f := range []string{"jvm_metaspace", "jvm_overhead", "total_flink", "total_process", "jvm_heap", "jvm_args", "framework_heap", "task_heap",
		"framework_off_heap", "task_off_heap", "network", "managed", "jvm_direct", "cpu_cores", "off_heap", "direct_memory_limit_enabled"} {
		if want, ok := v.Expect[f]; ok && fmt.Sprint(got[f]) != fmt.Sprint(want) {
			return fmt.Sprintf("%s = %v after the round trip; Flink's is %v", f, got[f], want)
		}
	}
	return ""
}

// parseDynamic reads "-D key=value" lines as a POSIX shell would split them.
func parseDynamic(s string) (memmodel.Config, error) {
	cfg := memmodel.Config{}
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		words, err := shellWords(line)
		if err != nil || len(words) != 2 || words[0] != "-D" {
			return nil, fmt.Errorf("not a -D line: %q", line)
		}
		k, val, ok := strings.Cut(words[1], "=")
		if !ok {
			return nil, fmt.Errorf("no '=' in %q", line)
		}
		cfg[k] = val
	}
	return cfg, nil
}

// shellWords splits a line into words with POSIX quoting rules for single
// quotes, double quotes and backslashes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed quote in %q", s)
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func TestWriteNoClobber(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "memory.yaml")
	if r := runCLI("", "export", "-w", out); r.status != 0 {
		t.Fatalf("first write: %+v", r)
	}
	first, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(first), "1728m") {
		t.Fatalf("written file: %q, %v", first, err)
	}
	r := runCLI("", "export", "-w", out, "-D", "taskmanager.memory.process.size=4g")
	if r.status != 2 || r.stderr != "flinkmem export: "+out+" already exists; pass --force to overwrite it\n" {
		t.Errorf("second write without --force: %+v", r)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, first) {
		t.Errorf("a refused write changed the file:\n%s", again)
	}
	r = runCLI("", "export", "-w", out, "--force", "--preset", "none", "-D", "taskmanager.memory.process.size=4g")
	if r.status != 0 {
		t.Fatalf("write with --force: %+v", r)
	}
	if forced, _ := os.ReadFile(out); !strings.Contains(string(forced), "4g") {
		t.Errorf("--force did not overwrite: %q", forced)
	}
	// A refused configuration writes nothing.
	refused := filepath.Join(dir, "refused.yaml")
	if r := runCLI("", "export", "-w", refused, "--preset", "none"); r.status != 1 {
		t.Errorf("export of a refused config: %+v", r)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Errorf("a refused export created %s", refused)
	}
	// A failed write (the directory does not exist) leaves nothing behind.
	r = runCLI("", "export", "--preset", "default", "-w", filepath.Join(dir, "missing", "x.yaml"))
	if r.status != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "missing") {
		t.Errorf("write into a missing directory: %+v", r)
	}
	// A write that cannot replace its target (here a directory) fails and
	// leaves the target as it was.
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI("", "export", "--preset", "default", "--force", "-w", target)
	if r.status != 2 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("write over a directory: %+v", r)
	}
	if data, err := os.ReadFile(filepath.Join(target, "keep")); err != nil || string(data) != "x" {
		t.Errorf("a failed write touched the target: %q, %v", data, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "memory.yaml" && e.Name() != "target" {
			t.Errorf("stray file after writes: %s", e.Name())
		}
	}
}

// shippedMemoryYAML is the memory part of the config.yaml Flink ships,
// from the JobManager's memory on, as two update cases start from it.
const shippedMemoryYAML = `  memory:
    process:
      size: 1600m
taskmanager:
  numberOfTaskSlots: 1
  memory:
    process:
      size: 1728m   # the container size
taskmanager.memory.managed.fraction: 0.4
parallelism.default: 1
`

// TestUpdate edits real-looking files in place: only the memory options
// change; comments, other keys and their order stay.
func TestUpdate(t *testing.T) {
	tests := []struct {
		name, file, before string
		args               []string
	}{
		{
			name: "flink-conf.yaml: set a size, migrate a deprecated key, keep the rest",
			file: "flink-conf.yaml",
			before: `# Flink configuration for the batch cluster
jobmanager.rpc.address: jm-0
taskmanager.memory.process.size: 1728m
taskmanager.memory.size: 512m   # managed memory, deprecated spelling
# slots per TaskManager
taskmanager.numberOfTaskSlots: 2
parallelism.default: 4
`,
			args: []string{"-D", "taskmanager.memory.process.size=4g"},
		},
		{
			name:   "config.yaml: a nested size and a flat fraction change in place",
			file:   "config.yaml",
			before: "# shipped with Flink, edited by ops\njobmanager:\n" + shippedMemoryYAML,
			args:   []string{"-D", "taskmanager.memory.process.size=8g", "-D", "taskmanager.memory.managed.fraction=0.5", "-D", "taskmanager.memory.network.max=1g"},
		},
		{
			name: "config.yaml: pinned, nested and flat keys",
			file: "config.yaml",
			before: "# shipped with Flink, edited by ops\njobmanager:\n  rpc:\n    address: localhost\n" + shippedMemoryYAML +
				"env:\n  java:\n    opts:\n      all: --add-exports=java.base/sun.net.util=ALL-UNNAMED\n",
			args: []string{"-D", "taskmanager.memory.process.size=8g", "-D", "taskmanager.memory.managed.fraction=0.5", "--pinned"},
		},
		{
			name: "config.yaml: consumer weights given in the other form replace the file's",
			file: "config.yaml",
			before: `taskmanager.memory.process.size: 4g
taskmanager.memory.managed.consumer-weights: OPERATOR:70,STATE_BACKEND:70,PYTHON:30
state.backend.type: rocksdb
`,
			args: []string{"-D", "taskmanager.memory.managed.consumer-weights.PYTHON=50", "-D", "execution.runtime-mode=BATCH"},
		},
		{
			name: "FlinkDeployment: the pod size and flinkConfiguration",
			file: "deployment.yaml",
			before: `# orders pipeline, managed by the Flink operator
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  flinkVersion: v1_20
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: "2"   # one per core
    state.backend.type: rocksdb
  jobManager:
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "4Gi"
      cpu: 2
`,
			args: []string{"-D", "taskmanager.memory.process.size=6g", "-D", "taskmanager.memory.managed.fraction=0.5"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.before), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"export", "--update", path}, tt.args...)
			r := runCLI("", args...)
			if r.status != 0 {
				t.Fatalf("status %d: %s", r.status, r.stderr)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			stderr := strings.ReplaceAll(r.stderr, path, "FILE")
			golden := "update-" + strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
					return r
				}
				return '-'
			}, strings.ToLower(strings.SplitN(tt.name, ":", 2)[1][1:]))
			checkGolden(t, golden, "--- before\n"+tt.before+"--- after\n"+string(after)+"--- stderr\n"+stderr)
			// Every comment and non-memory key survives.
			for _, line := range strings.Split(tt.before, "\n") {
				trimmed := strings.TrimSpace(line)
				if strings.HasPrefix(trimmed, "#") || strings.Contains(line, "parallelism") || strings.Contains(line, "address") || strings.Contains(line, "add-exports") ||
					strings.Contains(line, "rocksdb") || strings.Contains(line, "2048m") || strings.Contains(line, "cpu") {
					if !strings.Contains(string(after), trimmed) {
						t.Errorf("lost %q", trimmed)
					}
				}
			}
			// The file now resolves to what the command line asked for.
			got := runCLI("", "resolve", "-o", "json", "-c", path)
			asked := runCLI(tt.before, append([]string{"resolve", "-o", "json", "-c", "-"}, filterPinned(tt.args)...)...)
			if sizesOf(got.stdout) != sizesOf(asked.stdout) || got.status != 0 {
				t.Errorf("updated file resolves to\n%s\nthe command line to\n%s", got.stdout, asked.stdout)
			}
			// A second update changes nothing.
			r = runCLI("", args...)
			if again, _ := os.ReadFile(path); r.status != 0 || !bytes.Equal(again, after) || !strings.Contains(r.stderr, "nothing written") {
				t.Errorf("second update: %+v", r)
			}
		})
	}
}

func filterPinned(args []string) []string {
	var out []string
	for _, a := range args {
		if a != "--pinned" {
			out = append(out, a)
		}
	}
	return out
}

// sizesOf keeps the byte fields of a resolve JSON.
func sizesOf(js string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return "invalid: " + err.Error()
	}
	var parts []string
	for _, f := range []string{"framework_heap", "task_heap", "managed", "framework_off_heap", "task_off_heap", "network", "jvm_metaspace", "jvm_overhead", "total_process", "num_slots"} {
		parts = append(parts, fmt.Sprintf("%s=%v", f, m[f]))
	}
	return strings.Join(parts, " ")
}

// TestRealInputs reads a conf/ directory and a FlinkDeployment.
func TestRealInputs(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"conf-dir-2.1", []string{"resolve", "-c", "testdata/conf-1.20"}},
		{"conf-dir-1.18", []string{"resolve", "-c", "testdata/conf-1.20", "--flink", "1.18"}},
		{"conf-dir-flink-conf-only", []string{"resolve", "-c", "testdata/conf-1.17"}},
		{"flinkdeployment", []string{"resolve", "-c", "testdata/flinkdeployment.yaml"}},
		{"flinkdeployment-jobmanager", []string{"resolve", "-o", "json", "--jobmanager", "-c", "testdata/flinkdeployment.yaml"}},
		{"flinkdeployment-stdin-export", []string{"export", "--format", "config-yaml", "-c", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := ""
			if strings.Contains(tt.name, "stdin") {
				data, err := os.ReadFile("testdata/flinkdeployment.yaml")
				if err != nil {
					t.Fatal(err)
				}
				stdin = string(data)
			}
			r := runCLI(stdin, tt.args...)
			checkGolden(t, "input-"+tt.name, r.transcript(tt.args))
		})
	}
}

// BenchmarkResolveCommand measures the whole `resolve -o json` path in
// process: flag parsing, layering, resolving and JSON encoding.
func BenchmarkResolveCommand(b *testing.B) {
	args := []string{"resolve", "-o", "json", "--preset", "none", "--flink", "1.20", "-D", "taskmanager.memory.process.size=4g",
		"-D", "taskmanager.numberOfTaskSlots=4", "-D", "taskmanager.memory.managed.fraction=0.5"}
	benchmarkRun(b, args, 0)
}

// benchmarkRun runs one command in process b.N times, output discarded,
// and fails when it ends with another status than want.
func benchmarkRun(b *testing.B, args []string, want int) {
	stdin := strings.NewReader("")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if st := run(args, stdin, io.Discard, io.Discard); st != want {
			b.Fatalf("status %d", st)
		}
	}
}

// BenchmarkResolveCommandRefused measures the same path for a refused
// configuration, which also computes the verified fixes.
func BenchmarkResolveCommandRefused(b *testing.B) {
	args := []string{"resolve", "-o", "json", "--preset", "none", "--flink", "1.20", "-D", "taskmanager.memory.process.size=2g",
		"-D", "taskmanager.memory.framework.heap.size=1g"}
	benchmarkRun(b, args, 1)
}

func TestRender(t *testing.T) {
	r := runCLI("", "render", "--width", "90", "--color", "never", "--preset", "default")
	if r.status != 0 || !strings.Contains(r.stdout, "Total Process") || strings.Contains(r.stdout, "\x1b[") || r.stderr != "" {
		t.Errorf("render without colour: status %d, stderr %q, stdout:\n%s", r.status, r.stderr, r.stdout)
	}
	for _, line := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		if w := len([]rune(line)); w > 90 {
			t.Errorf("a line is %d columns wide, more than --width 90: %q", w, line)
		}
	}
	if r := runCLI("", "render", "--color", "never", "--preset", "none"); r.status != 1 || r.stdout == "" {
		t.Errorf("render of a refused config: status %d, stdout %q", r.status, r.stdout)
	}
	if r := runCLI("", "render", "--color", "sometimes"); r.status != 2 || !strings.Contains(r.stderr, `"sometimes"`) {
		t.Errorf("render --color sometimes: %+v", r)
	}
	if r := runCLI("", "render", "--width", "-3"); r.status != 2 || !strings.Contains(r.stderr, "-3") {
		t.Errorf("render --width -3: %+v", r)
	}
}

// --- per slot ---------------------------------------------------------------

// resolveJSONMap runs resolve -o json and decodes the object, numbers as
// json.Number.
func resolveJSONMap(t *testing.T, stdin string, args ...string) (map[string]any, result) {
	t.Helper()
	r := runCLI(stdin, append([]string{"resolve", "-o", "json"}, args...)...)
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("resolve -o json %v: status %d, no JSON (%v): %s", args, r.status, err, r.stderr)
	}
	return m, r
}

// number reads a JSON number at a path of object keys.
func number(t *testing.T, m map[string]any, path ...string) int64 {
	t.Helper()
	var v any = m
	for _, k := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v: %v is not an object", path, v)
		}
		v = obj[k]
	}
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v = %v; want a number", path, v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("%v = %v: %v", path, n, err)
	}
	return i
}

// share is one managed_consumers entry.
type share struct {
	consumer string
	weight   int64
	fraction float64
	bytes    int64
}

func shares(t *testing.T, m map[string]any) []share {
	t.Helper()
	list, ok := m["managed_consumers"].([]any)
	if !ok {
		t.Fatalf("managed_consumers = %v; want a list", m["managed_consumers"])
	}
	var out []share
	for _, e := range list {
		obj := e.(map[string]any)
		f, err := obj["fraction"].(json.Number).Float64()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, share{obj["consumer"].(string), number(t, obj, "weight"), f, number(t, obj, "bytes")})
	}
	return out
}

// TestManagedConsumersJSON checks each consumer's share against the slot's
// managed memory: fraction = weight / sum of the present weights, bytes =
// that fraction of the slot, rounded down.
func TestManagedConsumersJSON(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// want maps each consumer the job has to its weight.
		want map[string]int64
	}{
		{"rocksdb preset: STATE_BACKEND alone, 70/70", []string{"--preset", "rocksdb"}, map[string]int64{"STATE_BACKEND": 70}},
		{"rocksdb preset with Python: 70/100 and 30/100", []string{"--preset", "rocksdb", "--uses", "python"}, map[string]int64{"STATE_BACKEND": 70, "PYTHON": 30}},
		{"python preset, all three", []string{"--preset", "python", "--uses", "rocksdb,python,operators"}, map[string]int64{"OPERATOR": 70, "STATE_BACKEND": 70, "PYTHON": 70}},
		{"batch preset: OPERATOR from the runtime mode", []string{"--preset", "batch"}, map[string]int64{"OPERATOR": 70}},
		{"hashmap preset: no consumer", []string{"--preset", "hashmap"}, map[string]int64{}},
		{"1.12 names", []string{"--flink", "1.12", "--preset", "default", "--uses", "rocksdb,python"}, map[string]int64{"STATE_BACKEND": 70, "PYTHON": 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, r := resolveJSONMap(t, "", tt.args...)
			if r.status != 0 {
				t.Fatalf("status %d: %s", r.status, r.stdout)
			}
			managed := number(t, m, "slot", "managed")
			got := shares(t, m)
			if len(got) != len(tt.want) {
				t.Fatalf("managed_consumers = %+v; want %v", got, tt.want)
			}
			var total int64
			for _, w := range tt.want {
				total += w
			}
			for _, s := range got {
				w, ok := tt.want[s.consumer]
				if !ok || s.weight != w {
					t.Errorf("%s weight %d; want %v", s.consumer, s.weight, tt.want)
					continue
				}
				if want := float64(w) / float64(total); math.Abs(s.fraction-want) > 1e-15 || s.fraction > want {
					t.Errorf("%s fraction %v; want %v rounded down", s.consumer, s.fraction, want)
				}
				if want := int64(math.Floor(float64(managed) * s.fraction)); s.bytes != want {
					t.Errorf("%s bytes %d; want %d (%v of %d)", s.consumer, s.bytes, want, s.fraction, managed)
				}
			}
		})
	}
}

// TestRocksDBJSON checks the RocksDB budget with Flink's split: block cache
// (3 − r)/3 of the budget, write buffer manager 2r/3, high-priority pool
// h of the cache (r = 0.5, h = 0.1 by default).
func TestRocksDBJSON(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		rule     string
		scope    string
		fraction float64 // of the slot's managed memory (managed rule)
		fixed    int64   // the fixed budget (fixed rules)
		r, h     float64
	}{
		{"default TaskManager, RocksDB alone", []string{"--preset", "default", "--uses", "rocksdb"}, "managed", "slot", 1, 0, 0.5, 0.1},
		{"default TaskManager, with Python", []string{"--preset", "default", "--uses", "rocksdb,python"}, "managed", "slot", 0.7, 0, 0.5, 0.1},
		{"rocksdb preset", []string{"--preset", "rocksdb"}, "managed", "slot", 1, 0, 0.5, 0.1},
		{"ratios", []string{"--preset", "rocksdb", "-D", "state.backend.rocksdb.memory.write-buffer-ratio=0.25", "-D", "state.backend.rocksdb.memory.high-prio-pool-ratio=0.2"}, "managed", "slot", 1, 0, 0.25, 0.2},
		{"fixed per slot", []string{"--preset", "rocksdb", "-D", "state.backend.rocksdb.memory.fixed-per-slot=300m"}, "fixed-per-slot", "slot", 0, 300 << 20, 0.5, 0.1},
		{"fixed per TaskManager", []string{"--preset", "rocksdb", "-D", "state.backend.rocksdb.memory.managed=false", "-D", "state.backend.rocksdb.memory.fixed-per-tm=1g"}, "fixed-per-tm", "taskmanager", 0, 1 << 30, 0.5, 0.1},
		{"unbounded", []string{"--preset", "rocksdb", "-D", "state.backend.rocksdb.memory.managed=false"}, "unbounded", "slot", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, r := resolveJSONMap(t, "", tt.args...)
			if r.status != 0 {
				t.Fatalf("status %d: %s", r.status, r.stdout)
			}
			rb, ok := m["rocksdb"].(map[string]any)
			if !ok {
				t.Fatalf("rocksdb = %v; want an object", m["rocksdb"])
			}
			if rb["rule"] != tt.rule || rb["scope"] != tt.scope {
				t.Errorf("rule %v, scope %v; want %s, %s", rb["rule"], rb["scope"], tt.rule, tt.scope)
			}
			budget := number(t, rb, "budget")
			want := tt.fixed
			if tt.rule == "managed" {
				want = int64(math.Floor(float64(number(t, m, "slot", "managed")) * tt.fraction))
			}
			if budget != want {
				t.Errorf("budget %d; want %d", budget, want)
			}
			cache := int64((3 - tt.r) * float64(budget) / 3)
			if tt.rule == "unbounded" {
				cache = 0
			}
			for field, want := range map[string]int64{
				"block_cache":          cache,
				"write_buffer_manager": int64(2 * tt.r * float64(budget) / 3),
				"high_priority_pool":   int64(float64(cache) * tt.h),
			} {
				if got := number(t, rb, field); got != want {
					t.Errorf("%s = %d; want %d", field, got, want)
				}
			}
		})
	}
	// The worked example: 512 MiB of managed memory in one slot
	// gives RocksDB alone a block cache of about 426.7 MiB and a write
	// buffer manager of about 170.7 MiB.
	m, _ := resolveJSONMap(t, "", "--preset", "default", "--uses", "rocksdb")
	if c := float64(number(t, m, "rocksdb", "block_cache")) / (1 << 20); math.Abs(c-426.67) > 0.01 {
		t.Errorf("block cache %.3f MiB; want about 426.7", c)
	}
	if w := float64(number(t, m, "rocksdb", "write_buffer_manager")) / (1 << 20); math.Abs(w-170.67) > 0.01 {
		t.Errorf("write buffer manager %.3f MiB; want about 170.7", w)
	}
	// Without RocksDB the field is null, not absent.
	m, _ = resolveJSONMap(t, "", "--preset", "hashmap", "--uses", "python")
	if v, ok := m["rocksdb"]; !ok || v != nil {
		t.Errorf("hashmap: rocksdb = %v (present %v); want null", v, ok)
	}
}

// TestConsumerWeightSpellings gives the same weights in every spelling
// Flink reads: the flat value, config.yaml's flow and block maps (which
// flatten to keys below the option) and a flink-conf.yaml prefix key.
func TestConsumerWeightSpellings(t *testing.T) {
	want := []share{{"OPERATOR", 60, 0.6, 0}, {"STATE_BACKEND", 20, 0.2, 0}, {"PYTHON", 20, 0.2, 0}}
	const uses = "rocksdb,python,operators"
	base := "taskmanager.memory.process.size: 1728m\n"
	tests := []struct {
		name, stdin string
		args        []string
	}{
		{"flat, -D", "", []string{"--preset", "default", "-D", "taskmanager.memory.managed.consumer-weights=OPERATOR:60,STATE_BACKEND:20,PYTHON:20"}},
		{"flow map, -D", "", []string{"--preset", "default", "-D", "taskmanager.memory.managed.consumer-weights={OPERATOR: 60, STATE_BACKEND: 20, PYTHON: 20}"}},
		{"flat, config.yaml", base + "taskmanager.memory.managed.consumer-weights: OPERATOR:60,STATE_BACKEND:20,PYTHON:20\n", []string{"-c", "-"}},
		{"flow map, config.yaml", base + "taskmanager.memory.managed.consumer-weights: {OPERATOR: 60, STATE_BACKEND: 20, PYTHON: 20}\n", []string{"-c", "-"}},
		{"block map, config.yaml", base + "taskmanager:\n  memory:\n    managed:\n      consumer-weights:\n        PYTHON: 20\n        OPERATOR: 60\n        STATE_BACKEND: 20\n", []string{"-c", "-"}},
		{"prefix keys, flink-conf.yaml", "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.managed.consumer-weights.OPERATOR: 60\ntaskmanager.memory.managed.consumer-weights.STATE_BACKEND: 20\ntaskmanager.memory.managed.consumer-weights.PYTHON: 20\n",
			[]string{"-c", "-", "--flink", "1.18"}},
		// A layer replaces the map as a whole: the file's map beats the
		// preset's flat value, and -D beats the file's map.
		{"file map over preset", base + "taskmanager.memory.managed.consumer-weights: {OPERATOR: 60, STATE_BACKEND: 20, PYTHON: 20}\n", []string{"--preset", "python", "-c", "-"}},
		{"-D over file map", base + "taskmanager.memory.managed.consumer-weights: {OPERATOR: 1, PYTHON: 1}\n", []string{"-c", "-", "-D", "taskmanager.memory.managed.consumer-weights=PYTHON:20,OPERATOR:60,STATE_BACKEND:20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, r := resolveJSONMap(t, tt.stdin, append(tt.args, "--uses", uses)...)
			if r.status != 0 {
				t.Fatalf("status %d: %s %s", r.status, r.stdout, r.stderr)
			}
			got := shares(t, m)
			if len(got) != len(want) {
				t.Fatalf("managed_consumers = %+v; want %+v", got, want)
			}
			for i, s := range got {
				if s.consumer != want[i].consumer || s.weight != want[i].weight || math.Abs(s.fraction-want[i].fraction) > 1e-15 {
					t.Errorf("consumer %d = %+v; want %+v", i, s, want[i])
				}
			}
		})
	}
}

// TestConsumerWeightNegative: Flink starts the TaskManager but refuses
// every job, so resolve and check exit 1 and say why.
func TestConsumerWeightNegative(t *testing.T) {
	for _, weights := range []string{"OPERATOR:70,STATE_BACKEND:-5,PYTHON:30", "{OPERATOR: 70, STATE_BACKEND: -5}"} {
		define := "taskmanager.memory.managed.consumer-weights=" + weights
		m, r := resolveJSONMap(t, "", "--preset", "default", "-D", define, "--uses", "rocksdb")
		pe, _ := m["managed_consumers_error"].(map[string]any)
		if r.status != 1 || m["ok"] != true || m["managed_consumers"] != nil || pe == nil || pe["check"] != "managed-consumer-weight-negative" ||
			!strings.Contains(pe["message"].(string), "STATE_BACKEND:-5") {
			t.Errorf("%s: status %d, ok %v, managed_consumers %v, error %v", weights, r.status, m["ok"], m["managed_consumers"], pe)
		}
		// RocksDB's budget rests on the same weights.
		if re, _ := m["rocksdb_error"].(map[string]any); m["rocksdb"] != nil || re == nil || re["check"] != "managed-consumer-weight-negative" {
			t.Errorf("%s: rocksdb %v, rocksdb_error %v", weights, m["rocksdb"], m["rocksdb_error"])
		}
		// The layout itself is Flink's, as without the weights.
		plain, _ := resolveJSONMap(t, "", "--preset", "default")
		if sizesOf(r.stdout) != sizesOf(mustJSON(t, plain)) {
			t.Errorf("%s: the weights changed the layout", weights)
		}
		c := runCLI("", "check", "--preset", "default", "-D", define)
		if c.status != 1 || c.stdout != "" || !strings.Contains(c.stderr, "would refuse jobs on this TaskManager") || !strings.Contains(c.stderr, "(managed-consumer-weight-negative)") {
			t.Errorf("check %s: %+v", weights, c)
		}
		txt := runCLI("", "resolve", "--preset", "default", "-D", define)
		if txt.status != 1 || !strings.Contains(txt.stdout, "Flink refuses the job when it starts") {
			t.Errorf("resolve %s: status %d\n%s", weights, txt.status, txt.stdout)
		}
	}
	// Weight 0 for a consumer the job has is accepted, with a warning that
	// check --strict fails on.
	define := "taskmanager.memory.managed.consumer-weights=OPERATOR:70,STATE_BACKEND:0"
	if c := runCLI("", "check", "--preset", "rocksdb", "-D", define); c.status != 0 || c.stderr != "" {
		t.Errorf("check with weight 0: %+v", c)
	}
	if c := runCLI("", "check", "--strict", "--preset", "rocksdb", "-D", define); c.status != 1 || !strings.Contains(c.stderr, "[managed-consumer-no-weight]") {
		t.Errorf("check --strict with weight 0: %+v", c)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNetworkBuffersAvailable: buffers = network memory / segment size.
func TestNetworkBuffersAvailable(t *testing.T) {
	tests := []struct {
		args []string
		want int64
	}{
		{[]string{"--preset", "default"}, 4096}, // 128 MiB of 32 KiB buffers
		{[]string{"--preset", "default", "-D", "taskmanager.memory.network.max=64m"}, 2048},
		{[]string{"--preset", "default", "-D", "taskmanager.memory.segment-size=64k"}, 2048},
		{[]string{"--preset", "default", "-D", "taskmanager.memory.segment-size=16 kb"}, 8192},
	}
	for _, tt := range tests {
		m, r := resolveJSONMap(t, "", tt.args...)
		network := number(t, m, "network")
		seg := number(t, m, "network_buffers", "segment_size")
		if got := number(t, m, "network_buffers", "available"); r.status != 0 || got != tt.want || got != network/seg {
			t.Errorf("%v: status %d, available %d; want %d (= %d / %d)", tt.args, r.status, got, tt.want, network, seg)
		}
		if v, ok := m["network_buffers"].(map[string]any)["required"]; !ok || v != nil {
			t.Errorf("%v: required = %v; want null without a job shape", tt.args, v)
		}
	}
}

// applyLines reads the "-D key=value" options of each fix that
// `flinkmem network` prints under "Apply a fix".
func applyLines(stdout string) [][]string {
	_, section, ok := strings.Cut(stdout, "\nApply a fix")
	if !ok {
		return nil
	}
	var fixes [][]string
	for _, line := range strings.Split(section, "\n")[1:] {
		_, edits, ok := strings.Cut(strings.TrimSpace(line), "] ")
		if !ok {
			break
		}
		var args []string
		for _, f := range strings.Fields(edits) {
			if f != "-D" {
				args = append(args, "-D", f)
			}
		}
		fixes = append(fixes, args)
	}
	return fixes
}

// TestNetworkCommand runs a job shape that fits and one that does not; each
// fix printed for the second, added to the same command, makes it fit.
func TestNetworkCommand(t *testing.T) {
	fits := runCLI("", "network", "--preset", "default", "--parallelism", "100", "--exchanges", "2")
	if fits.status != 0 || !strings.Contains(fits.stdout, "; fits") || strings.Contains(fits.stdout, "Apply a fix") {
		t.Errorf("parallelism 100: status %d\n%s", fits.status, fits.stdout)
	}
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"streaming, 2.1", []string{"--preset", "default", "--parallelism", "1000", "--exchanges", "2"}},
		{"streaming, 1.16, 4 slots", []string{"--flink", "1.16", "--preset", "default", "-D", "taskmanager.numberOfTaskSlots=4", "--parallelism", "300", "--exchanges", "2"}},
		{"batch preset, 1.16", []string{"--flink", "1.16", "--preset", "batch", "--parallelism", "3000", "--exchanges", "3"}},
		{"batch preset, 2.1, small network", []string{"--preset", "batch", "-D", "taskmanager.memory.network.max=64m", "--parallelism", "2000", "--exchanges", "3"}},
		{"network capped by max", []string{"--preset", "default", "-D", "taskmanager.memory.network.max=64m", "--parallelism", "400", "--exchanges", "2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"network"}, tt.args...)
			short := runCLI("", args...)
			if short.status != 1 || !strings.Contains(short.stdout, " short: needs ") {
				t.Fatalf("status %d; want 1 and a shortage\n%s", short.status, short.stdout)
			}
			fixes := applyLines(short.stdout)
			if len(fixes) == 0 {
				t.Fatalf("no fix printed:\n%s", short.stdout)
			}
			for i, fix := range fixes {
				again := runCLI("", append(append([]string{}, args...), fix...)...)
				if again.status != 0 || !strings.Contains(again.stdout, "; fits") {
					t.Errorf("fix %d %v: status %d\n%s", i+1, fix, again.status, again.stdout)
				}
			}
			// JSON says the same: not fitting, with the same fixes, each
			// of which fits when applied.
			js := runCLI("", append(append([]string{}, args...), "-o", "json")...)
			var out struct {
				OK, Fits       bool
				Short          int64
				NetworkBuffers struct {
					Available int64
					Required  *int64
				} `json:"network_buffers"`
				Fixes []struct {
					Set map[string]string
				}
			}
			if err := json.Unmarshal([]byte(js.stdout), &out); err != nil {
				t.Fatalf("network -o json: %v\n%s", err, js.stdout)
			}
			nb := out.NetworkBuffers
			if js.status != 1 || !out.OK || out.Fits || nb.Required == nil || out.Short != *nb.Required-nb.Available || out.Short <= 0 || len(out.Fixes) != len(fixes) {
				t.Errorf("network -o json: status %d, %+v", js.status, out)
			}
			for _, fx := range out.Fixes {
				fixArgs := append([]string{}, args...)
				for k, v := range fx.Set {
					fixArgs = append(fixArgs, "-D", k+"="+v)
				}
				if r := runCLI("", append(fixArgs, "-o", "json")...); r.status != 0 || !strings.Contains(r.stdout, `"fits": true`) {
					t.Errorf("JSON fix %v: status %d", fx.Set, r.status)
				}
			}
		})
	}
	// The runtime mode makes the estimate batch without --batch.
	r := runCLI("", "network", "-o", "json", "--preset", "batch", "--parallelism", "10", "--exchanges", "1")
	if r.status != 0 || !strings.Contains(r.stdout, `"batch": true`) {
		t.Errorf("batch preset: status %d\n%s", r.status, r.stdout)
	}
	// A refused configuration is reported as resolve reports it.
	r = runCLI("", "network", "--preset", "none", "--parallelism", "10", "--exchanges", "1")
	if r.status != 1 || !strings.Contains(r.stdout, "(no-memory-configured)") {
		t.Errorf("refused configuration: %+v", r)
	}
	// --slots other than the configuration's is said on stderr.
	r = runCLI("", "network", "--preset", "default", "--parallelism", "10", "--exchanges", "1", "--slots", "4")
	if r.status != 0 || !strings.Contains(r.stderr, "--slots 4") || !strings.Contains(r.stdout, "4 slots of each TaskManager used") {
		t.Errorf("--slots 4: %+v", r)
	}
}

// BenchmarkNetworkCommandShort measures `flinkmem network -o json` for a
// job that does not fit, which also solves and verifies every fix.
func BenchmarkNetworkCommandShort(b *testing.B) {
	args := []string{"network", "-o", "json", "--preset", "default", "--parallelism", "1000", "--exchanges", "2"}
	benchmarkRun(b, args, 1)
}

// render --steps --format svg -w DIR writes one picture per step and never
// overwrites: a second run, or a single existing file, leaves the
// directory as it was.
func TestRenderStepPictures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "slides")
	args := []string{"render", "--steps", "--format", "svg", "-w", dir, "--preset", "train-framework-heap-too-big", "--flink", "1.20"}
	r := runCLI("", args...)
	if r.status != 1 || !strings.Contains(r.stderr, "wrote 8 pictures to") {
		t.Fatalf("%s", r.transcript(args))
	}
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{
		"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g", "jobmanager.memory.process.size": "1600m"}}
	for _, f := range view.StepSVGs(in, view.SVGOptions{}) {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || string(data) != f.SVG {
			t.Errorf("%s: %v, or not the renderer's picture", f.Name, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "step-03.svg"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "step-01.svg")); err != nil {
		t.Fatal(err)
	}
	r = runCLI("", args...)
	if r.status != 2 || !strings.Contains(r.stderr, "step-02.svg already exists") {
		t.Errorf("second run: %s", r.transcript(args))
	}
	if _, err := os.Stat(filepath.Join(dir, "step-01.svg")); err == nil {
		t.Error("a refused run still wrote step-01.svg")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "step-03.svg")); string(data) != "mine" {
		t.Error("step-03.svg was overwritten")
	}
	file := filepath.Join(dir, "tm.svg")
	one := []string{"render", "--format", "svg", "--theme", "projector", "-w", file}
	if r := runCLI("", one...); r.status != 0 {
		t.Errorf("%s", r.transcript(one))
	}
	if r := runCLI("", one...); r.status != 2 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("overwrite: %s", r.transcript(one))
	}
}

// diagnoseEvidence is one real wording per symptom (the diagnose package's
// tests hold several per symptom).
var diagnoseEvidence = []struct{ name, text string }{
	{"heap-oom", "java.lang.OutOfMemoryError: Java heap space"},
	{"gc-overhead", "java.lang.OutOfMemoryError: GC overhead limit exceeded"},
	{"array-size", "java.lang.OutOfMemoryError: Requested array size exceeds VM limit"},
	{"direct-oom", "java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory (allocated: 268435000, limit: 268435458)"},
	{"metaspace-oom", "java.lang.OutOfMemoryError: Metaspace. The metaspace out-of-memory error has occurred. This can mean two things: either the job requires a larger size of JVM metaspace to load classes or there is a class loading leak."},
	{"network-buffers", "java.io.IOException: Insufficient number of network buffers: required 65, but only 32 available. The total number of network buffers is currently set to 4096 of 32768 bytes each."},
	{"network-segments", "java.lang.OutOfMemoryError: Could not allocate enough memory segments for NetworkBufferPool (required (MB): 128, allocated (MB): 97, missing (MB): 31). Cause: Direct buffer memory"},
	{"managed-memory", "org.apache.flink.runtime.memory.MemoryAllocationException: Could not allocate 512 pages. Only 128 pages are remaining."},
	{"container-killed", "Container [pid=2034,containerID=container_e05_1600000000000_0002_01_000004] is running 183812096B beyond the 'PHYSICAL' memory limit. Current usage: 2.2 GB of 2 GB physical memory used; 4.6 GB of 4.2 GB virtual memory used. Killing container."},
	{"vmem-killed", "Container [pid=1,containerID=container_1_0001_01_000001] is running beyond virtual memory limits. Current usage: 500 MB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container."},
	{"native-thread", "java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached"},
	{"illegal-configuration", "org.apache.flink.configuration.IllegalConfigurationException: TaskManager memory configuration failed: Sum of configured Framework Heap Memory (1024.000mb (1073741824 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Off-Heap Memory (0 bytes), Managed Memory (409.600mb (429496736 bytes)) and Network Memory (102.400mb (107374184 bytes)) exceed configured Total Flink Memory (1.000gb (1073741824 bytes))."},
}

// TestDiagnoseGolden keeps a transcript per symptom in text and JSON.
func TestDiagnoseGolden(t *testing.T) {
	for _, ev := range diagnoseEvidence {
		for _, json := range []bool{false, true} {
			args := []string{"diagnose", "--flink", "1.20", "-D", "taskmanager.memory.process.size=1728m"}
			name := "diagnose-" + ev.name
			if ev.name == "illegal-configuration" {
				args = []string{"diagnose", "--flink", "1.20", "-D", "taskmanager.memory.flink.size=1g", "-D", "taskmanager.memory.framework.heap.size=1g"}
			}
			if json {
				args, name = append(args, "-o", "json"), name+"-json"
			}
			args = append(args, ev.text)
			t.Run(name, func(t *testing.T) {
				r := runCLI("", args...)
				if r.status != 0 {
					t.Errorf("status %d, want 0 (recognised)", r.status)
				}
				checkGolden(t, name, r.transcript(args))
			})
		}
	}
}

// TestDiagnoseCommand covers the other ways evidence and configuration
// arrive, and the exit statuses.
func TestDiagnoseCommand(t *testing.T) {
	tree := "2025-03-26 11:50:40,100 INFO  org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Starting TaskManager\n" +
		"INFO  [] - Final TaskExecutor Memory configuration:\n" +
		"INFO  [] -   Total Process Memory:          4.000gb (4294967296 bytes)\n" +
		"INFO  [] -     Total Flink Memory:          3.500gb (3758096384 bytes)\n" +
		"INFO  [] -       Total JVM Heap Memory:     1.526gb (1638523256 bytes)\n" +
		"INFO  [] -         Framework:               128.000mb (134217728 bytes)\n" +
		"INFO  [] -         Task:                    1.401gb (1504305528 bytes)\n" +
		"INFO  [] -       Total Off-heap Memory:     1.974gb (2119573128 bytes)\n" +
		"INFO  [] -         Managed:                 1.400gb (1503238572 bytes)\n" +
		"INFO  [] -         Total JVM Direct Memory: 588.000mb (616334556 bytes)\n" +
		"INFO  [] -           Framework:             128.000mb (134217728 bytes)\n" +
		"INFO  [] -           Task:                  100.000mb (104857600 bytes)\n" +
		"INFO  [] -           Network:               358.400mb (377259228 bytes)\n" +
		"INFO  [] -     JVM Metaspace:               256.000mb (268435456 bytes)\n" +
		"INFO  [] -     JVM Overhead:                273.600mb (268435456 bytes)\n" +
		"2025-03-26 11:52:00,000 WARN  org.apache.flink.runtime.taskmanager.Task [] - Source (1/4) switched to FAILED with failure cause: java.lang.OutOfMemoryError: Direct buffer memory. The direct out-of-memory error has occurred. This can mean two things: either job(s) require(s) a larger size of JVM direct memory or there is a direct memory leak.\n"
	cases := []struct {
		name   string
		args   []string
		stdin  string
		status int
	}{
		{"diagnose-log-stdin", []string{"diagnose", "--log", "-"}, tree, 0},
		{"diagnose-lone-number", []string{"diagnose", "--flink", "1.20", "--", "-XX:MaxDirectMemorySize=268435458"}, "", 0},
		{"diagnose-lone-number-json", []string{"diagnose", "--flink", "1.20", "-o", "json", "1811939328"}, "", 0},
		{"diagnose-nothing", []string{"diagnose", "--flink", "1.20", "all is well"}, "", 1},
		{"diagnose-empty", []string{"diagnose"}, "", 2},
		{"diagnose-both-stdin", []string{"diagnose", "--log", "-", "-c", "-"}, "", 2},
		{"diagnose-jobmanager-evidence", []string{"diagnose", "--flink", "1.20", "java.lang.OutOfMemoryError: Java heap space. A heap space-related out-of-memory error has occurred. This can mean two things: either Flink Master requires a larger size of JVM heap space or there is a memory leak.", "-D", "jobmanager.memory.process.size=1600m"}, "", 0},
		{"resolve-log-config", []string{"resolve", "-c", "-"}, tree, 0},
		{"explain-number", []string{"explain", "--flink", "1.20", "--number", "268435458"}, "", 0},
		{"resolve-rest-config", []string{"resolve", "--flink", "1.20", "-c", "-"}, `{"id":"10.0.0.7:40671-b1c3","slotsNumber":2,"memoryConfiguration":{"frameworkHeap":134217728,"taskHeap":1073741824,"frameworkOffHeap":134217728,"taskOffHeap":0,"networkMemory":268435456,"managedMemory":1073741824,"jvmMetaspace":268435456,"jvmOverhead":268435456,"totalFlinkMemory":2684354560,"totalProcessMemory":3221225472}}`, 0},
		{"resolve-log-role-mismatch", []string{"resolve", "--jobmanager", "-c", "-"}, tree, 2},
		{"explain-number-bad", []string{"explain", "--number", "99999999999999999999"}, "", 2},
		{"check-define-jvm-flag", []string{"check", "--strict", "--preset", "default", "-D", "env.java.opts.taskmanager=-Xmx8g -XX:MaxRAMPercentage=75"}, "", 1},
		{"explain-jvm-opts", []string{"explain", "--flink", "1.17", "--deployment", "container", "-D", "taskmanager.memory.process.size=1728m", "-D", "env.java.opts.taskmanager=-Xmx8g -XX:MaxRAMPercentage=75 -Xmn256m -XX:+UseG1GC -Xss2m"}, "", 0},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(tt.stdin, tt.args...)
			if r.status != tt.status {
				t.Errorf("status %d, want %d\n%s", r.status, tt.status, r.stderr)
			}
			checkGolden(t, tt.name, r.transcript(tt.args))
		})
	}
}

// TestDiagnoseEnvironmentOptions: FLINK_ENV_JAVA_OPTS replaces the
// configured options and its flags get the same notes.
func TestDiagnoseEnvironmentOptions(t *testing.T) {
	t.Setenv("FLINK_ENV_JAVA_OPTS", "-XX:MaxDirectMemorySize=64m")
	args := []string{"explain", "--flink", "1.20", "-D", "taskmanager.memory.process.size=1728m", "-D", "env.java.opts.all=-XX:+UseZGC"}
	r := runCLI("", args...)
	for _, want := range []string{"FLINK_ENV_JAVA_OPTS sets -XX:MaxDirectMemorySize=64m", "never read env.java.opts.all", "-XX:MaxMetaspaceSize=268435456 -XX:MaxDirectMemorySize=64m -Dlog.file"} {
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
			t.Errorf("explain lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runCLI("", "resolve", "-o", "json", "--flink", "1.20")
	if !strings.Contains(r.stdout, `-XX:MaxMetaspaceSize=268435456 -XX:MaxDirectMemorySize=64m -Dlog.file`) {
		t.Errorf("jvm_command ignores FLINK_ENV_JAVA_OPTS:\n%s", r.stdout)
	}
}

// TestUpgradeExportKeepsLayout follows the upgrade the diff prints: the
// config.yaml exported for 2.1 with the replacements resolves on 2.1 to
// the layout the legacy flink-conf.yaml had on 1.16.
func TestUpgradeExportKeepsLayout(t *testing.T) {
	r := runCLI("", "diff", "-c", "testdata/conf-1.16-legacy/flink-conf.yaml", "--flink", "1.16", "--deployment", "container", "--to-flink", "2.1")
	i := strings.Index(r.stdout, "flinkmem export ")
	if r.status != exitRefused || i < 0 {
		t.Fatalf("diff: status %d\n%s", r.status, r.stdout)
	}
	cmd := strings.Fields(r.stdout[i : strings.Index(r.stdout[i:], "\n")+i])
	args := cmd[1 : len(cmd)-2] // without "flinkmem" and "-w conf/config.yaml"
	if cmd[len(cmd)-2] != "-w" {
		t.Fatalf("export command %q", cmd)
	}
	out := runCLI("", args...)
	if out.status != exitOK {
		t.Fatalf("%v: status %d\n%s", args, out.status, out.stderr)
	}
	src, err := flinkconf.Parse("config.yaml", []byte(out.stdout))
	if err != nil {
		t.Fatal(err)
	}
	after, err := memmodel.Resolve(memmodel.Input{Line: memmodel.Line2_1, Deployment: memmodel.Container, Config: src.Config})
	if err != nil {
		t.Fatal(err)
	}
	old, err := flinkconf.Load("testdata/conf-1.16-legacy/flink-conf.yaml", memmodel.Line1_16)
	if err != nil {
		t.Fatal(err)
	}
	before, err := memmodel.Resolve(memmodel.Input{Line: memmodel.Line1_16, Deployment: memmodel.Container, Config: old.Config})
	if err != nil {
		t.Fatal(err)
	}
	if !memmodel.SameSizes(&before, &after) {
		t.Errorf("2.1 layout %v differs from 1.16 layout %v", after.Size, before.Size)
	}
}

// shapeCases read each shape of deployment file flinkmem understands
// (issue 10): ConfigMaps, docker-compose services and env files with
// FLINK_PROPERTIES, FlinkDeployments of each operator generation,
// blue-green templates, and the files it refuses.
// TestEnvGolden reads FLINK_PROPERTIES from the environment (--env).
func TestEnvGolden(t *testing.T) {
	t.Setenv("FLINK_PROPERTIES", "taskmanager.memory.process.size: 3g\ntaskmanager.numberOfTaskSlots: 3\n")
	args := []string{"resolve", "--env"}
	checkGolden(t, "shape-env", runCLI("", args...).transcript(args))
}

// TestExportWriteSpecialFiles: -w never renames over a FIFO, and writes to
// /dev/stdout-like names without "already exists". Every path is a FIFO or
// a file of the test's own (CI runs as root).
func TestExportWriteSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{fifo, link} {
		got := make(chan string, 1)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- err.Error()
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			got <- string(b)
		}()
		r := runCLI("", "export", "-w", target, "--preset", "none", "-D", "taskmanager.memory.process.size=4g")
		if r.status != 0 || strings.Contains(r.stderr, "already exists") {
			t.Errorf("-w %s: %d %s", target, r.status, r.stderr)
		}
		if s := <-got; !strings.Contains(s, "process:") && !strings.Contains(s, "process.size") {
			t.Errorf("the FIFO read %q", s)
		}
		if info, _ := os.Lstat(fifo); info.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("the FIFO became %v", info.Mode())
		}
	}
}

// TestConcurrentUpdates runs two export --update of one file at once, many
// times. A run that says "updated" must have its value in the file; the
// other either waited for it (and then saw a changed file: exit 2) or ran
// after it. No change is ever silently lost.
func TestConcurrentUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flink-conf.yaml")
	if err := os.WriteFile(path, []byte("taskmanager.memory.process.size: 4g\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 40; round++ {
		var wg sync.WaitGroup
		results := make([]result, 2)
		keys := []string{"taskmanager.memory.managed.fraction", "taskmanager.memory.network.fraction"}
		values := []string{fmt.Sprintf("0.3%d", round%9), fmt.Sprintf("0.1%d", round%9)}
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[w] = runCLI("", "export", "--update", path, "--flink", "1.20", "-D", keys[w]+"="+values[w])
			}()
		}
		wg.Wait()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for w, r := range results {
			written := strings.Contains(string(data), keys[w]+": "+values[w])
			switch {
			case r.status == 0 && strings.Contains(r.stderr, "updated") && !written:
				t.Fatalf("round %d: run %d said updated, but the file lost its change:\n%s", round, w, data)
			case r.status == 2 && !strings.Contains(r.stderr, "changed since it was read"):
				t.Fatalf("round %d: run %d: %s", round, w, r.stderr)
			case r.status != 0 && r.status != 2:
				t.Fatalf("round %d: run %d: exit %d %s", round, w, r.status, r.stderr)
			}
		}
	}
}

// TestUpdateKeepsOwnerModeAndLinks: --update keeps the file's owner, group
// and mode, and a second hard link sees the change. As root (CI) the file
// is given to a test uid/gid first.
func TestUpdateKeepsOwnerModeAndLinks(t *testing.T) {
	dir := t.TempDir()
	path, link := filepath.Join(dir, "flink-conf.yaml"), filepath.Join(dir, "second-link.yaml")
	if err := os.WriteFile(path, []byte("taskmanager.heap.size: 1024m # sized for the 4 GB boxes\nparallelism.default: 2\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(path, 54321, 54322); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("not root: the owner stays the test's own")
	}
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	r := runCLI("", "export", "--update", path, "--flink", "1.20")
	if r.status != 0 {
		t.Fatalf("exit %d: %s", r.status, r.stderr)
	}
	after, _ := os.Stat(path)
	bs, as := before.Sys().(*syscall.Stat_t), after.Sys().(*syscall.Stat_t)
	if as.Uid != bs.Uid || as.Gid != bs.Gid || after.Mode().Perm() != 0o640 {
		t.Errorf("owner %d:%d mode %v, want %d:%d 0640", as.Uid, as.Gid, after.Mode().Perm(), bs.Uid, bs.Gid)
	}
	want := "taskmanager.memory.flink.size: 1g # sized for the 4 GB boxes (replaces taskmanager.heap.size)\nparallelism.default: 2\n"
	for _, p := range []string{path, link} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s:\n%s\nwant\n%s", filepath.Base(p), got, want)
		}
	}
}

// TestUpdateRefusesShapesItCannotEdit: a compose file or ConfigMap is read,
// but not rewritten; the file stays as it was.
func TestUpdateRefusesShapesItCannotEdit(t *testing.T) {
	for _, f := range []string{"compose-list.yml", "configmap.yaml"} {
		data, err := os.ReadFile(filepath.Join("memmodel", "flinkconf", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), f)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := runCLI("", "export", "--update", path, "-D", "taskmanager.memory.process.size=1g")
		if r.status != 2 || !strings.Contains(r.stderr, "cannot be updated in place") {
			t.Errorf("%s: exit %d %s", f, r.status, r.stderr)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Errorf("%s changed", f)
		}
	}
}

// TestUpdateConfDirectory: --update on a conf/ directory writes the file
// in it that the chosen line reads.
func TestUpdateConfDirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(file, []byte("taskmanager:\n  memory:\n    process.size: 2g\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI("", "export", "--update", dir, "-D", "taskmanager.memory.process.size=3g")
	if r.status != 0 || !strings.Contains(r.stderr, "updated "+file) {
		t.Fatalf("exit %d: %s", r.status, r.stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != "taskmanager:\n  memory:\n    process.size: 3g\n" {
		t.Errorf("config.yaml:\n%s", got)
	}
}
