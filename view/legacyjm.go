package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Flink 1.10 sizes its JobManager the old way: one JVM heap option and
// nothing else. That is not a refusal, so the screen says how 1.10 sizes
// it instead of crossing the bar out.

// legacyJMDefault is jobmanager.heap.size's default in Flink 1.10.
const legacyJMDefault = "1024m"

// noJobManagerModel reports a JobManager on a line before the JobManager
// memory model.
func noJobManagerModel(f *Frame) bool {
	return f.Input.Role == memmodel.JobManager && !f.Input.Line.HasJobManagerModel()
}

// legacyJobManagerLines explain how the line sizes the JobManager: the
// heap it gets from jobmanager.heap.size (or .mb), and nothing more.
func legacyJobManagerLines(f *Frame, w int, st Styles) []string {
	g := st.Glyphs
	cfg := f.Input.Config
	key, raw, origin := "jobmanager.heap.size", legacyJMDefault, "the default"
	if v, ok := cfg["jobmanager.heap.size"]; ok {
		raw, origin = v, "set"
	} else if v, ok := cfg["jobmanager.heap.mb"]; ok {
		key, raw, origin = "jobmanager.heap.mb", v, "set"
	}
	heap := raw
	if key == "jobmanager.heap.mb" {
		if n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64); err == nil {
			heap = memmodel.MemorySize(n * int64(memmodel.MiB)).Human()
		}
	} else if m, err := memmodel.ParseMemorySize(raw); err == nil {
		heap = m.Human()
	}
	text := []string{
		"Flink " + f.Input.Line.String() + " has no JobManager memory model: it starts the JobManager with a JVM heap " +
			"of jobmanager.heap.size (as -Xms and -Xmx) and leaves all other memory to the JVM's own defaults.",
		"JVM heap " + heap + "  (" + key + ": " + raw + ", " + origin + ")",
		"The jobmanager.memory.* options arrived with Flink 1.11: v switches to a later line to size the JobManager with them.",
	}
	out := []string{st.pt.heading.on(fit(" JobManager on Flink "+f.Input.Line.String()+": legacy heap only", w, g))}
	for i, t := range text {
		for _, l := range wrap("  "+t, w, "  ") {
			if i == 1 {
				l = st.pt.value.on(fit(l, w, g))
			}
			out = append(out, fit(l, w, g))
		}
	}
	return out
}
