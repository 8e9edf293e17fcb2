package view

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
)

// ExplainOption writes the explorer's explanation for an option: what the
// option sets and its value, then how the component it determines was
// worked out (formula, base, clamp, deciding options) and where the JVM
// sees it. Options that set a total explain the total. The text is
// wrapped to w cells.
func ExplainOption(o memmodel.Option, in memmodel.Input, l *memmodel.Layout, err error, w int, st Styles) (title, body string) {
	var b []string
	add := func(s string) { b = append(b, wrap(s, w, "    ")...) }
	add(o.Key + ": " + o.Summary + ".")
	if v, key, ok := ConfiguredValue(o, in.Config); ok {
		via := ""
		if key != o.Key {
			via = " (under the older key " + key + ")"
		}
		add("  value    " + v + via)
	} else if d, ok := defaultText(o, in.Line, st.Glyphs); ok {
		add("  value    not set; the default " + d + " applies")
	} else {
		add("  value    not set; no default")
	}
	add("  type     " + o.Type.String())
	b = append(b, "")
	if err != nil {
		add("Flink refuses this configuration, so nothing is derived: " + err.Error())
		return o.Key, strings.Join(b, "\n")
	}
	if c, ok := ComponentOf(o.ID); ok {
		t, more := componentText(c, l, w, st)
		b = append(b, more...)
		return t, strings.Join(b, "\n")
	}
	switch o.ID {
	case memmodel.TMProcessSize, memmodel.JMProcessSize, memmodel.TMLegacyHeapSize, memmodel.TMLegacyHeapMB,
		memmodel.JMLegacyHeapSize, memmodel.JMLegacyHeapMB:
		b = append(b, totalText(l, true, w)...)
		b = append(b, "")
		b = append(b, totalText(l, false, w)...)
		return "Total Process " + l.TotalProcess.Human(), strings.Join(b, "\n")
	case memmodel.TMFlinkSize, memmodel.JMFlinkSize:
		b = append(b, totalText(l, false, w)...)
		return "Total Flink " + l.TotalFlink.Human(), strings.Join(b, "\n")
	}
	if o.ID == memmodel.TMNumSlots || o.ID == memmodel.TMCPUCores {
		add("Slots    " + strconv.Itoa(l.Slots) + ", CPU cores " + l.CPUCoresString())
		if s, err := l.Slot(); err == nil {
			add("Each slot gets task heap " + s.TaskHeap.Human() + ", task off-heap " + s.TaskOffHeap.Human() +
				", managed " + s.Managed.Human() + ", network " + s.Network.Human() + ".")
		}
	}
	return o.Key, strings.Join(b, "\n")
}

// ExplainComponentPanel writes the explanation of one component, for a
// click on the bar or the table.
func ExplainComponentPanel(c memmodel.Component, l *memmodel.Layout, w int, st Styles) (title, body string) {
	t, lines := componentText(c, l, w, st)
	return t, strings.Join(lines, "\n")
}

func componentText(c memmodel.Component, l *memmodel.Layout, w int, st Styles) (string, []string) {
	var b []string
	add := func(s string) { b = append(b, wrap(s, w, "           ")...) }
	e := ExplainComponent(l, c)
	title := c.String() + "  " + l.Size[c].HumanExact()
	add(c.String() + " is " + l.Size[c].HumanExact() + ", " + percent(l.Size[c], l.TotalProcess) + " of the process.")
	field := func(name, v string) {
		if v != "" {
			add("  " + name + strings.Repeat(" ", max(9-len(name), 1)) + v)
		}
	}
	field("formula", e.Formula)
	field("base", e.Base)
	field("clamp", e.Clamp)
	field("options", e.Options)
	field("JVM", jvmPlace(c, l))
	for _, t := range ComponentTrouble(c) {
		field(t[0], t[1])
	}
	return title, b
}

// jvmPlace says which JVM limit a component counts towards.
func jvmPlace(c memmodel.Component, l *memmodel.Layout) string {
	switch c {
	case memmodel.FrameworkHeap, memmodel.TaskHeap:
		return "part of the JVM heap: -Xmx/-Xms = framework heap + task heap = " + l.JVMHeap().Human()
	case memmodel.JobManagerHeap:
		return "the JVM heap: -Xmx/-Xms " + l.JVMHeap().Human()
	case memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network:
		return "part of -XX:MaxDirectMemorySize = framework off-heap + task off-heap + network = " + l.JVMDirect().Human()
	case memmodel.JobManagerOffHeap:
		if l.DirectMemoryLimit {
			return "-XX:MaxDirectMemorySize " + l.JVMDirect().Human() + " (enable-jvm-direct-memory-limit is on)"
		}
		return "no JVM limit: enable-jvm-direct-memory-limit is off"
	case memmodel.Managed:
		return "native memory Flink allocates itself; no JVM flag limits it"
	case memmodel.Metaspace:
		return "-XX:MaxMetaspaceSize " + l.JVMMetaspace().Human()
	}
	return "no flag: room left in the process for thread stacks, code cache, GC and native libraries"
}

// totalText explains one of the two totals.
func totalText(l *memmodel.Layout, process bool, w int) []string {
	flinkWords, processWords := totalWords(l)
	h := func(m memmodel.MemorySize) string { return m.Human() }
	var lines []string
	add := func(s string) { lines = append(lines, wrap(s, w, "           ")...) }
	if process {
		add("Total Process " + l.TotalProcess.HumanExact())
		add("  formula  Total Flink " + h(l.TotalFlink) + " + JVM metaspace " + h(l.Size[memmodel.Metaspace]) +
			" + JVM overhead " + h(l.Size[memmodel.Overhead]))
		add("  source   " + processWords)
		return lines
	}
	add("Total Flink " + l.TotalFlink.HumanExact())
	var parts []string
	for _, c := range memmodel.Components(l.Role) {
		if c != memmodel.Metaspace && c != memmodel.Overhead {
			parts = append(parts, strings.ToLower(c.String())+" "+h(l.Size[c]))
		}
	}
	add("  formula  " + strings.Join(parts, " + "))
	add("  source   " + flinkWords)
	return lines
}

// jobTexts explain the Job rows of the options pane, by row label.
var jobTexts = map[string]string{
	"RocksDB state": "A job that keeps keyed state in RocksDB makes STATE_BACKEND a consumer of managed memory. " +
		"With state.backend.rocksdb.memory.managed (the default) the RocksDB instances of a slot share STATE_BACKEND's " +
		"share of the slot's managed memory as one block cache and write buffer manager; the PER SLOT panel shows the split. " +
		"Space writes state.backend.type: rocksdb (state.backend before 1.17) into the configuration, so that exports carry it; " +
		"space again switches the configuration to hashmap.",
	"Python UDFs": "PyFlink jobs run their Python UDFs in worker processes that take PYTHON's share of each slot's managed memory. " +
		"Nothing in the configuration says whether a job has Python UDFs, so this row does.",
	"batch operators": "Operators that sort, hash or cache records in managed memory — the joins, aggregations and sorts of batch jobs — " +
		"make OPERATOR a consumer. execution.runtime-mode: BATCH in the configuration says the job has them, and then space switches the configuration to STREAMING.",
	"parallelism": "The parallelism of every vertex of the job. With it the PER SLOT panel estimates the network buffers the job's tasks " +
		"need on one TaskManager when they start, against those the TaskManager has, and lists the verified fixes when they fall short. " +
		"The TaskManager's slots (taskmanager.numberOfTaskSlots) are filled first. Empty: no estimate.",
	"all-to-all exchanges": "Exchanges where every subtask sends to every subtask of the next vertex: keyBy, rebalance, broadcast. " +
		"Each needs a buffer per channel on both sides, so the requirement grows with the parallelism.",
	"forward exchanges": "Forward exchanges between vertices that Flink does not chain into one task (chaining disabled, a new chain started, " +
		"different slot sharing groups). Each has one channel.",
	"batch execution": "Off, the job streams: every vertex of the pipeline runs at once, so a slot holds the buffers of all of them. " +
		"On, it runs as a batch job: blocking exchanges, one vertex at a time per slot, with the sort-shuffle minimums of the line. " +
		"From 1.12 space writes execution.runtime-mode: BATCH into the configuration, so that exports carry it; " +
		"space again switches the configuration to STREAMING.",
}

// ExplainJob is the explain panel's title and body for the Job row with
// the given label, w cells wide.
func ExplainJob(label string, w int) (title, body string) {
	return "Job · " + label, ansi.Wordwrap(jobTexts[label], max(w, 20), "")
}
