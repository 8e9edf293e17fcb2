package diagnose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// JVMOpt is one word of the JVM options a user adds, with where it came
// from.
type JVMOpt struct {
	// Source is the option key ("env.java.opts.taskmanager") or
	// "FLINK_ENV_JAVA_OPTS" for the environment variable; Flink's own
	// words carry "flink".
	Source string
	Word   string
}

// JVMNote is one finding about the JVM options.
type JVMNote struct {
	// Code is stable: memory-flag-override, ram-percentage-ignored,
	// young-gen-with-g1, thread-stack, env-replaces-config.
	Code    string
	Source  string
	Word    string
	Message string
}

// JVMReport is what the JVM options do for one process.
type JVMReport struct {
	// Opts are the user's options in the order Flink passes them.
	Opts  []JVMOpt
	Notes []JVMNote
	// Collector is the garbage collector that will run, and Why says how
	// that was decided (which may depend on the machine).
	Collector, Why string
	// StackSize is -Xss (or -XX:ThreadStackSize) when set.
	StackSize memmodel.MemorySize
	// Command is the JVM command line Flink would launch.
	Command string
}

// splitOpts splits an option value into words the way a shell would,
// also taking YAML list punctuation apart.
func splitOpts(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\'' || r == '"' || r == '[' || r == ']' || r == ','
	})
}

// userOpts gathers the user's JVM options for a role in Flink's order:
// the environment variable FLINK_ENV_JAVA_OPTS replaces the options of
// all processes (env.java.default-opts.all, env.java.opts.all or the older
// env.java.opts); then the role's default and own options follow.
func userOpts(cfg memmodel.Config, role memmodel.Role, line memmodel.Line, env string, envSet bool) ([]JVMOpt, []JVMNote) {
	var opts []JVMOpt
	var notes []JVMNote
	add := func(src, v string) {
		for _, w := range splitOpts(v) {
			opts = append(opts, JVMOpt{src, w})
		}
	}
	if envSet && strings.TrimSpace(env) != "" {
		add("FLINK_ENV_JAVA_OPTS", env)
		for _, k := range []string{"env.java.default-opts.all", "env.java.opts.all", "env.java.opts"} {
			if v, ok := cfg[k]; ok && strings.TrimSpace(v) != "" {
				notes = append(notes, JVMNote{Code: "env-replaces-config", Source: k,
					Message: "FLINK_ENV_JAVA_OPTS is set in the environment, so the start scripts never read " + k + "; its options are not passed"})
			}
		}
	} else {
		if line >= memmodel.Line1_19 {
			add("env.java.default-opts.all", cfg["env.java.default-opts.all"])
		}
		all := cfg["env.java.opts.all"]
		if line < memmodel.Line1_17 || strings.TrimSpace(all) == "" {
			all = cfg["env.java.opts"]
			add("env.java.opts", all)
		} else {
			add("env.java.opts.all", all)
		}
	}
	r := "taskmanager"
	if role == memmodel.JobManager {
		r = "jobmanager"
	}
	if line >= memmodel.Line1_19 {
		add("env.java.default-opts."+r, cfg["env.java.default-opts."+r])
	}
	add("env.java.opts."+r, cfg["env.java.opts."+r])
	return opts, notes
}

// collectors are the JVM flags that choose a garbage collector.
var collectors = map[string]string{
	"-XX:+UseG1GC": "G1", "-XX:+UseParallelGC": "Parallel", "-XX:+UseParallelOldGC": "Parallel", "-XX:+UseSerialGC": "Serial",
	"-XX:+UseZGC": "ZGC", "-XX:+UseShenandoahGC": "Shenandoah", "-XX:+UseConcMarkSweepGC": "CMS", "-XX:+UseEpsilonGC": "Epsilon",
}

// serverClassMemory is the memory from which the JVM treats a machine as
// server class (2 GB less a 256 MB allowance) and picks G1 by itself.
const serverClassMemory = 1792 * memmodel.MiB

// AnalyzeJVM explains what the user's JVM options do for the process
// whose layout is l. env is the FLINK_ENV_JAVA_OPTS environment variable
// (envSet when it is set).
func AnalyzeJVM(in memmodel.Input, l *memmodel.Layout, env string, envSet bool) JVMReport {
	opts, notes := userOpts(in.Config, l.Role, in.Line, env, envSet)
	rep := JVMReport{Opts: opts, Notes: notes}
	note := func(code string, o JVMOpt, msg string) {
		rep.Notes = append(rep.Notes, JVMNote{Code: code, Source: o.Source, Word: o.Word, Message: msg})
	}
	gc := ""
	var young []JVMOpt
	for _, o := range opts {
		w := o.Word
		switch {
		case strings.HasPrefix(w, "-Xmx"), strings.HasPrefix(w, "-Xms"):
			what, keys := flagText(l, "heap")
			note("memory-flag-override", o, fmt.Sprintf("%s (from %s) overrides Flink's %s%d, which is %s; size %s instead", w, o.Source, w[:4], l.JVMHeap(), what, keys))
		case strings.HasPrefix(w, "-XX:MaxDirectMemorySize="):
			what, keys := flagText(l, "direct")
			note("memory-flag-override", o, fmt.Sprintf("%s (from %s) overrides Flink's -XX:MaxDirectMemorySize=%d, which is %s; size %s instead", w, o.Source, l.JVMDirect(), what, keys))
		case strings.HasPrefix(w, "-XX:MaxMetaspaceSize="):
			note("memory-flag-override", o, fmt.Sprintf("%s (from %s) overrides Flink's -XX:MaxMetaspaceSize=%d; size %sjvm-metaspace.size instead", w, o.Source, l.JVMMetaspace(), rolePrefix(l.Role)))
		case strings.HasPrefix(w, "-XX:MaxRAMPercentage"), strings.HasPrefix(w, "-XX:InitialRAMPercentage"), strings.HasPrefix(w, "-XX:MinRAMPercentage"),
			strings.HasPrefix(w, "-XX:MaxRAMFraction"), strings.HasPrefix(w, "-XX:MaxRAM="):
			note("ram-percentage-ignored", o, fmt.Sprintf("%s (from %s) does nothing for the heap: Flink always passes -Xmx and -Xms, which take precedence; the heap follows the memory options", w, o.Source))
		case strings.HasPrefix(w, "-Xmn"), strings.HasPrefix(w, "-XX:NewRatio="), strings.HasPrefix(w, "-XX:NewSize="),
			strings.HasPrefix(w, "-XX:MaxNewSize="), strings.HasPrefix(w, "-XX:SurvivorRatio="):
			young = append(young, o)
		case strings.HasPrefix(w, "-Xss"), strings.HasPrefix(w, "-XX:ThreadStackSize="):
			if s, ok := stackSize(w); ok {
				rep.StackSize = s
			}
		}
		if name, ok := collectors[w]; ok {
			gc = name
			rep.Why = "set by " + w + " in " + o.Source
		}
	}
	scriptG1 := scriptAddsG1(in, l.Role, opts)
	switch {
	case gc != "":
	case scriptG1 && in.Deployment == memmodel.Container:
		gc, rep.Why = "G1 on native Kubernetes; on YARN the JVM decides", "no JVM options are configured: native Kubernetes' start script adds -XX:+UseG1GC (up to Flink 1.17), YARN's launch command adds no collector"
	case scriptG1:
		gc, rep.Why = "G1", "Flink's start script adds -XX:+UseG1GC because no JVM options are configured (up to Flink 1.17)"
	default:
		gc, rep.Why = ergonomicCollector(in, l)
	}
	rep.Collector = gc
	if len(young) > 0 && (gc == "G1" || strings.HasPrefix(gc, "G1 ")) {
		for _, o := range young {
			note("young-gen-with-g1", o, fmt.Sprintf("%s (from %s) fixes the young generation, which stops G1 from sizing it to meet its pause-time goal; remove it, or set -XX:MaxGCPauseMillis instead", o.Word, o.Source))
		}
	}
	if rep.StackSize > 0 {
		threads := estimatedThreads(l)
		total := rep.StackSize * memmodel.MemorySize(threads)
		note("thread-stack", JVMOpt{Word: "-Xss" + rep.StackSize.String()}, fmt.Sprintf("each thread reserves a %s stack in native memory, inside JVM overhead (%s), never the heap; about %d threads (an estimate) may touch up to %s",
			rep.StackSize.Human(), l.Size[memmodel.Overhead].Human(), threads, total.Human()))
	}
	rep.Command = Command(in, l, opts, scriptG1)
	return rep
}

// flagTexts says, per role, what a JVM memory flag holds and which
// option to size instead: [what, keys] for the TaskManager and the
// JobManager.
var flagTexts = map[string][2][2]string{
	"heap": {
		{"framework heap + task heap", "taskmanager.memory.task.heap.size (or taskmanager.memory.process.size)"},
		{"the JobManager's JVM heap", "jobmanager.memory.heap.size (or jobmanager.memory.process.size)"}},
	"direct": {
		{"framework off-heap + task off-heap + network", "taskmanager.memory.task.off-heap.size"},
		{"the JobManager's off-heap memory", "jobmanager.memory.off-heap.size with jobmanager.memory.enable-jvm-direct-memory-limit: true"}},
}

func flagText(l *memmodel.Layout, kind string) (what, keys string) {
	t := flagTexts[kind][0]
	if l.Role == memmodel.JobManager {
		t = flagTexts[kind][1]
	}
	return t[0], t[1]
}

// stackSize reads -Xss512k or -XX:ThreadStackSize=512 (KiB).
func stackSize(w string) (memmodel.MemorySize, bool) {
	if v, ok := strings.CutPrefix(w, "-XX:ThreadStackSize="); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 1<<30 {
			return 0, false
		}
		return memmodel.MemorySize(n) * memmodel.KiB, true
	}
	m, err := memmodel.ParseMemorySize(strings.TrimPrefix(w, "-Xss"))
	return m, err == nil && m > 0
}

// scriptAddsG1 tells whether the TaskManager start script adds
// -XX:+UseG1GC: up to 1.17 when no JVM options are configured at all.
// From 1.18 the scripts always put -XX:+IgnoreUnrecognizedVMOptions into
// the options, so they are never empty and G1 is never added. The
// JobManager scripts and YARN's launch command never add it.
func scriptAddsG1(in memmodel.Input, role memmodel.Role, opts []JVMOpt) bool {
	return role == memmodel.TaskManager && in.Line < memmodel.Line1_18 && len(opts) == 0
}

// ergonomicCollector is the JVM's own choice when no flag names one.
func ergonomicCollector(in memmodel.Input, l *memmodel.Layout) (string, string) {
	if in.Deployment == memmodel.Container && l.TotalProcess < serverClassMemory {
		return "Serial (where the JVM sees the container's limit)", fmt.Sprintf("no collector is configured and Flink adds none, so the JVM picks: a container limit of the process size (%s, as on Kubernetes, or YARN with cgroup limits) is below 1792 MiB, so it chooses Serial whatever the CPU count; set -XX:+UseG1GC in env.java.opts.taskmanager to keep G1", l.TotalProcess.Human())
	}
	return "G1 or Serial (the JVM decides)", "no collector is configured and Flink adds none, so the JVM picks: G1 with at least 2 CPUs and 1792 MiB visible (JDK 9+; JDK 8 picks Parallel), Serial below that — a 1-CPU container runs Serial; set -XX:+UseG1GC explicitly to be sure"
}

// estimatedThreads is a rough thread count of a process: a base of
// Flink's own threads plus a share per slot. It is an assumption, shown
// as one.
func estimatedThreads(l *memmodel.Layout) int {
	if l.Role == memmodel.JobManager {
		return 150
	}
	slots := l.Slots
	if slots < 1 {
		slots = 1
	}
	return 150 + 25*slots
}

// Command renders the JVM command line Flink's start scripts launch:
// JVM_ARGS (the script's collector, then Flink's memory flags), the
// user's options, the logging settings, the class and the dynamic
// configs. Paths are shown as placeholders.
func Command(in memmodel.Input, l *memmodel.Layout, opts []JVMOpt, scriptG1 bool) string {
	parts := []string{"java"}
	if scriptG1 {
		parts = append(parts, "-XX:+UseG1GC")
	}
	parts = append(parts, l.JVMArgs())
	if in.Line >= memmodel.Line1_18 && (len(opts) == 0 || opts[0].Source != "FLINK_ENV_JAVA_OPTS") {
		parts = append(parts, "-XX:+IgnoreUnrecognizedVMOptions")
	}
	for _, o := range opts {
		parts = append(parts, o.Word)
	}
	parts = append(parts, "-Dlog.file=<log> -Dlog4j.configurationFile=<conf>/log4j.properties -classpath <classpath>")
	switch {
	case in.Deployment == memmodel.Container:
		// YARN and native Kubernetes each start their own entrypoint class.
		parts = append(parts, "<entrypoint class of YARN or Kubernetes> <arguments>")
	case l.Role == memmodel.JobManager:
		parts = append(parts, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir <conf> --executionMode cluster")
	default:
		parts = append(parts, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir <conf>")
	}
	if d := l.DynamicConfigsString(); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " ")
}
