package diagnose

import (
	"io"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Collect scans the evidence given as text arguments, then the log r
// (nil for none), as one stream.
func Collect(texts []string, r io.Reader) (Evidence, error) {
	var parts []io.Reader
	if len(texts) > 0 {
		parts = append(parts, strings.NewReader(strings.Join(texts, " ")+"\n"))
	}
	if r != nil {
		parts = append(parts, r)
	}
	if len(parts) == 0 {
		return Evidence{}, ErrEmpty
	}
	return Scan(io.MultiReader(parts...))
}

// optionKeys are the keys whose values are JVM options.
var optionKeys = []string{"env.java.opts", "env.java.opts.all", "env.java.opts.taskmanager", "env.java.opts.jobmanager",
	"env.java.default-opts.all", "env.java.default-opts.taskmanager", "env.java.default-opts.jobmanager"}

// OptionNotes reports, without resolving, the JVM memory flags and the
// heap-percentage flags among the JVM options that kvs set (the -D options
// of a command line) and env (FLINK_ENV_JAVA_OPTS): the notices a
// configuration file gets for the same lines.
func OptionNotes(kvs []memmodel.KeyValue, env string) []JVMNote {
	var notes []JVMNote
	check := func(src, v string) {
		for _, w := range splitOpts(v) {
			switch {
			case strings.HasPrefix(w, "-Xmx"), strings.HasPrefix(w, "-Xms"), strings.HasPrefix(w, "-XX:MaxDirectMemorySize"), strings.HasPrefix(w, "-XX:MaxMetaspaceSize"):
				notes = append(notes, JVMNote{Code: "memory-flag-override", Source: src, Word: w,
					Message: src + " sets " + w + ", which overrides the flag Flink derives from the memory options, so the layout shown is not what runs; remove it and size " + replacingOption(w, src) + " instead"})
			case strings.HasPrefix(w, "-XX:MaxRAMPercentage"), strings.HasPrefix(w, "-XX:InitialRAMPercentage"), strings.HasPrefix(w, "-XX:MinRAMPercentage"):
				notes = append(notes, JVMNote{Code: "ram-percentage-ignored", Source: src, Word: w,
					Message: src + " sets " + w + ", which does nothing: Flink always passes -Xmx and -Xms"})
			}
		}
	}
	for _, kv := range kvs {
		for _, k := range optionKeys {
			if kv.Key == k {
				check(k, kv.Value)
			}
		}
	}
	if strings.TrimSpace(env) != "" {
		check("FLINK_ENV_JAVA_OPTS", env)
	}
	return notes
}

// replacingOption names the memory option that replaces a JVM flag.
func replacingOption(w, src string) string {
	jm := strings.HasSuffix(src, "jobmanager")
	switch {
	case strings.HasPrefix(w, "-XX:MaxDirectMemorySize"):
		if jm {
			return "jobmanager.memory.off-heap.size (with jobmanager.memory.enable-jvm-direct-memory-limit: true)"
		}
		return "taskmanager.memory.task.off-heap.size"
	case strings.HasPrefix(w, "-XX:MaxMetaspaceSize"):
		if jm {
			return "jobmanager.memory.jvm-metaspace.size"
		}
		return "taskmanager.memory.jvm-metaspace.size"
	}
	if jm {
		return "jobmanager.memory.heap.size"
	}
	return "taskmanager.memory.task.heap.size (or the process size)"
}
