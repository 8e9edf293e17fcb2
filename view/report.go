package view

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// The plain-text reports of `flinkmem resolve`, `explain` and `check`.
// They are pure functions of a layout or a rejection, so the explorer can
// say the same things in the same words.

// ReportOptions controls the text reports.
type ReportOptions struct {
	// Bytes adds the exact byte count next to every human size.
	Bytes bool
	// Source says where the configuration came from ("preset default",
	// "file conf/config.yaml"); empty leaves the line out.
	Source string
	// Notes are findings about the input itself (a line of a file Flink
	// ignores, a likely typo), listed with the resolver's notices.
	Notes []ReportNote
}

// ReportNote is one finding to list under the notices: a stable code and
// a message in plain words.
type ReportNote struct {
	Code, Message string
	// Severity is information or a warning (the zero value).
	Severity memmodel.Severity
}

// Notes lists the resolver's notices of a layout followed by extra notes,
// in the order they arose.
func Notes(l *memmodel.Layout, extra []ReportNote) []ReportNote {
	var out []ReportNote
	for _, n := range l.Notices() {
		out = append(out, ReportNote{Code: string(n.Code), Message: n.Message(), Severity: n.Code.Severity()})
	}
	return append(out, extra...)
}

// ResolveReport renders a resolved layout: a header naming the process,
// the line and how the layout was derived, one row per component with its
// size, its share of the process and where it came from, the totals, the
// JVM limits and flags, the per-slot share and the notices.
func ResolveReport(l *memmodel.Layout, opts ReportOptions) string {
	var b strings.Builder
	reportHeader(&b, l, opts)

	rows := [][]string{reportColumns(opts)}
	for _, c := range memmodel.Components(l.Role) {
		rows = append(rows, reportSizeRow(c.String(), l.Size[c], l.TotalProcess, ComponentOrigin(l, c), opts))
	}
	rows = append(rows,
		reportSizeRow("Total Flink", l.TotalFlink, l.TotalProcess, totalFlinkOrigin(l), opts),
		reportSizeRow("Total Process", l.TotalProcess, l.TotalProcess, totalProcessOrigin(l), opts))
	table(&b, rows, map[int]bool{1: true, 2: true, 3: opts.Bytes})

	b.WriteByte('\n')
	jvm := [][]string{{"JVM heap", reportSize(l.JVMHeap(), opts), "-Xmx/-Xms: " + heapFormula(l.Role)}}
	if l.Role == memmodel.TaskManager {
		jvm = append(jvm, []string{"JVM direct", reportSize(l.JVMDirect(), opts), "-XX:MaxDirectMemorySize: framework off-heap + task off-heap + network"})
	} else if l.DirectMemoryLimit {
		jvm = append(jvm, []string{"JVM direct", reportSize(l.JVMDirect(), opts), "-XX:MaxDirectMemorySize: the off-heap size (enable-jvm-direct-memory-limit is on)"})
	} else {
		jvm = append(jvm, []string{"JVM direct", "no limit", "enable-jvm-direct-memory-limit is off, so Flink passes no -XX:MaxDirectMemorySize"})
	}
	jvm = append(jvm, []string{"Metaspace", reportSize(l.JVMMetaspace(), opts), "-XX:MaxMetaspaceSize"})
	table(&b, jvm, map[int]bool{1: true})
	b.WriteString("JVM flags  " + l.JVMArgs() + "\n")
	if l.Role == memmodel.TaskManager {
		b.WriteString("CPU cores  " + l.CPUCoresString() + "\n")
		b.WriteString("Per slot   " + slotLine(l, opts) + "\n")
	}
	reportNotes(&b, Notes(l, opts.Notes))
	return b.String()
}

func reportHeader(b *strings.Builder, l *memmodel.Layout, opts ReportOptions) {
	fmt.Fprintf(b, "%s · Flink %s · %s · sized by the %s\n", l.Role.Title(), l.Line, l.Deployment, l.Mode.Describe(l.Role))
	if opts.Source != "" {
		b.WriteString("Input: " + opts.Source + "\n")
	}
	b.WriteByte('\n')
}

func reportColumns(opts ReportOptions) []string {
	if opts.Bytes {
		return []string{"COMPONENT", "SIZE", "%", "BYTES", "WHERE IT COMES FROM"}
	}
	return []string{"COMPONENT", "SIZE", "%", "WHERE IT COMES FROM"}
}

func reportSizeRow(name string, size, process memmodel.MemorySize, origin string, opts ReportOptions) []string {
	row := []string{name, size.Human(), reportPercent(size, process)}
	if opts.Bytes {
		row = append(row, strconv.FormatInt(size.Bytes(), 10))
	}
	return append(row, origin)
}

func reportPercent(size, of memmodel.MemorySize) string {
	if of <= 0 {
		return "-"
	}
	return percentOf(float64(size) / float64(of))
}

// reportSize is a human size, with the exact bytes when asked for.
func reportSize(m memmodel.MemorySize, opts ReportOptions) string {
	return sizeWithBytes(m, opts.Bytes)
}

func heapFormula(role memmodel.Role) string {
	if role == memmodel.JobManager {
		return "the JVM heap"
	}
	return "framework heap + task heap"
}

func slotLine(l *memmodel.Layout, opts ReportOptions) string {
	s, err := l.Slot()
	if err != nil {
		return "Flink refuses the slots: " + err.Error()
	}
	cores := "cores"
	if s.CPUCores == "1" {
		cores = "core"
	}
	return fmt.Sprintf("%d %s, each: task heap %s, task off-heap %s, managed %s, network %s, %s CPU %s",
		s.Slots, plural(s.Slots, "slot"), reportSize(s.TaskHeap, opts), reportSize(s.TaskOffHeap, opts), reportSize(s.Managed, opts),
		reportSize(s.Network, opts), s.CPUCores, cores)
}

func reportNotes(b *strings.Builder, notes []ReportNote) {
	if len(notes) == 0 {
		return
	}
	b.WriteString("\nNotices\n")
	for _, n := range notes {
		b.WriteString("  - " + n.Message + " [" + n.Code + "]\n")
	}
}

// formatFraction prints a fraction as the Java float the user wrote
// (Flink widens 0.4f to 0.4000000059604645; people wrote 0.4).
func formatFraction(f float64) string {
	return strconv.FormatFloat(float64(float32(f)), 'g', -1, 32)
}

// ComponentOrigin says in a few words where a component's size came from:
// "default", "set by taskmanager.memory.managed.size", "the rest of Total
// Flink 1.25 GiB", "0.4 × Total Flink 1.25 GiB
// (taskmanager.memory.managed.fraction)", "0.1 × Total Process 1.688 GiB =
// 172.8 MiB, raised to its minimum 192 MiB (…)".
func ComponentOrigin(l *memmodel.Layout, c memmodel.Component) string {
	words, _ := provenance(l, c, UnicodeGlyphs(), true)
	return words
}

func fractionText(p memmodel.Provenance) string {
	f := formatFraction(p.Fraction)
	if p.Inverse {
		return f + "/(1 − " + f + ")"
	}
	return f
}

// remainderTotal names the total a remainder component is taken from.
func remainderTotal(c memmodel.Component) string {
	if c == memmodel.Overhead {
		return "Total Process"
	}
	return "Total Flink"
}

// totalKey finds the option that fixed a total: the key recorded on a
// component taken as the rest of that total.
func totalKey(l *memmodel.Layout, process bool) string {
	for _, c := range memmodel.Components(l.Role) {
		p := l.Origin[c]
		if p.Source != memmodel.SourceRemainder || (c == memmodel.Overhead) != process {
			continue
		}
		return p.Key
	}
	return ""
}

func totalFlinkOrigin(l *memmodel.Layout) string {
	switch l.Mode {
	case memmodel.ModeTotalProcess:
		return "Total Process − JVM metaspace − JVM overhead"
	case memmodel.ModeTotalFlink:
		if k := totalKey(l, false); k != "" {
			return "set by " + k
		}
	default:
		if k := totalKey(l, false); k != "" {
			return "set by " + k
		}
	}
	if l.Role == memmodel.JobManager {
		return "JVM heap + off-heap"
	}
	return "the sum of the heap, managed, off-heap and network parts"
}

func totalProcessOrigin(l *memmodel.Layout) string {
	if l.Mode == memmodel.ModeTotalProcess {
		if k := totalKey(l, false); k != "" {
			return "set by " + k
		}
	}
	if l.Origin[memmodel.Overhead].Source == memmodel.SourceRemainder {
		return "set by " + l.Origin[memmodel.Overhead].Key
	}
	return "Total Flink + JVM metaspace + JVM overhead"
}

// Explanation is how one component's size was worked out, for `flinkmem
// explain` and the explorer's explain pane.
type Explanation struct {
	// Component and Size are what is explained.
	Component memmodel.Component
	Size      memmodel.MemorySize
	// Formula is the computation with its numbers.
	Formula string
	// Base is the size a fraction or remainder was taken from; empty for
	// sizes read straight from an option.
	Base string
	// Clamp says whether the size was moved to a bound, or checked
	// against one; empty when no bound applies.
	Clamp string
	// Options are the keys that decide the component on this line, the one
	// that did marked as such.
	Options string
}

// ExplainComponent works out the explanation of one component.
func ExplainComponent(l *memmodel.Layout, c memmodel.Component) Explanation {
	p := l.Origin[c]
	e := Explanation{Component: c, Size: l.Size[c], Options: componentOptionsText(l, c)}
	switch p.Source {
	case memmodel.SourceDefault:
		e.Formula = "the default of " + p.Key + " on Flink " + l.Line.String() + " = " + l.Size[c].Human()
	case memmodel.SourceExplicit:
		e.Formula = p.Key + " = " + l.Size[c].Human()
	case memmodel.SourceLegacyBuffers:
		e.Formula = "legacy " + p.Key + " × taskmanager.memory.segment-size = " + l.Size[c].Human()
	case memmodel.SourceFraction:
		e.Formula = fractionText(p) + " × " + p.BaseSize.Human() + " = " + p.Unclamped.Human()
		e.Base = p.Base.String() + " " + p.BaseSize.Human() + baseFormula(l, p.Base)
		switch p.Clamp {
		case memmodel.ClampMin:
			e.Clamp = "raised to its minimum " + p.Min.Human()
		case memmodel.ClampMax:
			e.Clamp = "capped at its maximum " + p.Max.Human()
		default:
			if c == memmodel.Network || c == memmodel.Overhead {
				e.Clamp = "none: inside [" + p.Min.Human() + ", " + p.Max.Human() + "]"
			}
		}
	case memmodel.SourceRemainder:
		parts := remainderParts(l.Role, c)
		names := []string{remainderTotal(c)}
		nums := []string{p.Total.Human()}
		for _, o := range parts {
			names = append(names, strings.ToLower(o.String()))
			nums = append(nums, l.Size[o].Human())
		}
		if c == memmodel.Overhead {
			names = []string{"Total Process", "Total Flink", "JVM metaspace"}
			nums = []string{p.Total.Human(), l.TotalFlink.Human(), l.Size[memmodel.Metaspace].Human()}
		}
		e.Formula = strings.Join(names, " − ") + " = " + strings.Join(nums, " − ") + " = " + l.Size[c].Human()
		e.Base = remainderTotal(c) + " " + p.Total.Human() + ", set by " + p.Key
		if c == memmodel.Network || c == memmodel.Overhead {
			e.Clamp = "none: a remainder is not clamped; Flink checks that it lies inside the " + strings.ToLower(c.String()) + " min/max"
		}
	}
	return e
}

// baseFormula says how a fraction's base was formed, when it is not a
// plain total.
func baseFormula(l *memmodel.Layout, b memmodel.Base) string {
	switch b {
	case memmodel.BaseFlinkWithoutNetwork:
		return " (framework heap + task heap + managed + framework off-heap + task off-heap)"
	case memmodel.BaseFlinkPlusMetaspace:
		return " (Total Flink " + l.TotalFlink.Human() + " + JVM metaspace " + l.Size[memmodel.Metaspace].Human() + ")"
	}
	return ""
}

// remainderParts lists what is subtracted from Total Flink to leave a
// component.
func remainderParts(role memmodel.Role, c memmodel.Component) []memmodel.Component {
	var out []memmodel.Component
	for _, o := range memmodel.Components(role) {
		if o != c && o != memmodel.Metaspace && o != memmodel.Overhead {
			out = append(out, o)
		}
	}
	return out
}

// componentOptions lists the options that decide a component.
func componentOptions(role memmodel.Role, c memmodel.Component) []memmodel.OptionID {
	return memmodel.OptionsFor(role, c)
}

// componentOptionsText names a component's options; the key that set it
// (a deprecated or legacy key included) is marked.
func componentOptionsText(l *memmodel.Layout, c memmodel.Component) string {
	used := l.Origin[c].Key
	src := l.Origin[c].Source
	var parts []string
	for _, id := range componentOptions(l.Role, c) {
		key := memmodel.LookupOption(id).Key
		if src != memmodel.SourceDefault && src != memmodel.SourceRemainder && key == used {
			key += " (used)"
		}
		parts = append(parts, key)
	}
	if src != memmodel.SourceDefault && src != memmodel.SourceRemainder && used != "" {
		if o, ok := memmodel.OptionByKey(used); !ok || o.Key != used || !containsID(componentOptions(l.Role, c), o.ID) {
			parts = append(parts, used+" (used)")
		}
	}
	return strings.Join(parts, ", ")
}

func containsID(ids []memmodel.OptionID, id memmodel.OptionID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ExplainReport renders every component with its formula, base, clamp and
// options, then how the totals and the JVM flags follow from them.
func ExplainReport(l *memmodel.Layout, opts ReportOptions) string {
	var b strings.Builder
	reportHeader(&b, l, opts)
	for _, c := range memmodel.Components(l.Role) {
		e := ExplainComponent(l, c)
		fmt.Fprintf(&b, "%s  %s\n", c, reportSize(e.Size, opts))
		explainField(&b, "formula", e.Formula)
		explainField(&b, "base", e.Base)
		explainField(&b, "clamp", e.Clamp)
		explainField(&b, "options", e.Options)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Total Flink  %s\n", reportSize(l.TotalFlink, opts))
	explainField(&b, "formula", totalFlinkFormula(l))
	explainField(&b, "source", totalFlinkOrigin(l))
	b.WriteByte('\n')
	fmt.Fprintf(&b, "Total Process  %s\n", reportSize(l.TotalProcess, opts))
	explainField(&b, "formula", fmt.Sprintf("Total Flink %s + JVM metaspace %s + JVM overhead %s",
		l.TotalFlink.Human(), l.Size[memmodel.Metaspace].Human(), l.Size[memmodel.Overhead].Human()))
	explainField(&b, "source", totalProcessOrigin(l))
	b.WriteByte('\n')
	b.WriteString("JVM flags  " + l.JVMArgs() + "\n")
	explainField(&b, "-Xmx/-Xms", heapFormula(l.Role)+" = "+reportSize(l.JVMHeap(), opts))
	switch {
	case l.Role == memmodel.TaskManager:
		explainField(&b, "direct", "framework off-heap + task off-heap + network = "+reportSize(l.JVMDirect(), opts))
	case l.DirectMemoryLimit:
		explainField(&b, "direct", "the off-heap size = "+reportSize(l.JVMDirect(), opts))
	default:
		explainField(&b, "direct", "not limited: jobmanager.memory.enable-jvm-direct-memory-limit is off")
	}
	explainField(&b, "metaspace", "JVM metaspace = "+reportSize(l.JVMMetaspace(), opts))
	if l.Role == memmodel.TaskManager {
		b.WriteString("\nPer slot   " + slotLine(l, opts) + "\n")
	}
	reportNotes(&b, Notes(l, opts.Notes))
	return b.String()
}

func explainField(b *strings.Builder, name, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(b, "  %-9s %s\n", name, value)
}

func totalFlinkFormula(l *memmodel.Layout) string {
	if l.Mode == memmodel.ModeTotalProcess {
		return fmt.Sprintf("Total Process %s − JVM metaspace %s − JVM overhead %s",
			l.TotalProcess.Human(), l.Size[memmodel.Metaspace].Human(), l.Size[memmodel.Overhead].Human())
	}
	var parts []string
	for _, c := range remainderParts(l.Role, memmodel.Metaspace) {
		parts = append(parts, strings.ToLower(c.String())+" "+l.Size[c].Human())
	}
	return strings.Join(parts, " + ")
}

// RejectionReport renders why Flink would refuse a configuration: one line
// with the reason (it names the keys and values involved and the check
// code), the keys to look at, and the verified fixes, numbered, each with
// the edits it makes.
func RejectionReport(rej *memmodel.Rejection, fixes []memmodel.Fix) string {
	var b strings.Builder
	b.WriteString(RejectionLine(rej) + "\n")
	rejectionDetails(&b, rej, fixes)
	return b.String()
}

// RejectionLine is the one-line reason for a refusal.
func RejectionLine(rej *memmodel.Rejection) string {
	what := "this " + rej.Role.Title()
	if rej.Check == memmodel.CheckSlotsLessThanOne {
		what += "'s task slots"
	}
	return "Flink " + rej.Line.String() + " would refuse " + what + ": " + rej.Error()
}

// FixEdits writes a fix's settings the way a command line takes them,
// "-D key=value" for each key set; "" for a fix that only removes keys,
// whose description already says so.
func FixEdits(fx memmodel.Fix) string {
	return strings.Join(fx.Flags(), "  ")
}
