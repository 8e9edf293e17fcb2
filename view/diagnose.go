package view

import (
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// The report of `flinkmem diagnose`, in text and as the JSON document.
// Both are pure functions of a diagnose.Report.

// diagWidth is the width the text report wraps long sentences at.
const diagWidth = 100

// DiagnoseReport renders findings in plain text: per finding the symptom,
// the evidence, the limit with its components, what the message's
// numbers say, what is needed, the verified fixes with their cost, the
// advice and the metric to watch; then the notices.
func DiagnoseReport(rep *diagnose.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Diagnosis for the %s (Flink %s)\n", rep.Role.Title(), rep.Line)
	if len(rep.Findings) == 0 {
		b.WriteString("\nNo known memory symptom in the evidence. It recognises OutOfMemoryError texts, network buffer and managed memory errors, container kills (YARN, Kubernetes) and IllegalConfigurationException wordings.\n")
	}
	for i, f := range rep.Findings {
		b.WriteByte('\n')
		diagFinding(&b, i+1, &f)
	}
	if len(rep.Notices) > 0 {
		b.WriteString("\nNotices:\n")
		for _, n := range rep.Notices {
			diagLine(&b, "  - ", n)
		}
	}
	return b.String()
}

func diagLine(b *strings.Builder, prefix, s string) {
	for _, l := range wrap(prefix+s, diagWidth, strings.Repeat(" ", len(prefix))) {
		b.WriteString(l + "\n")
	}
}

func diagFinding(b *strings.Builder, n int, f *diagnose.Finding) {
	role := f.Role.Title()
	if f.RoleFromEvidence {
		role += ", named by the evidence"
	}
	fmt.Fprintf(b, "%d. %s: %s (%s)\n", n, f.Symptom, f.Title, role)
	ind := "   "
	if f.Evidence != "" {
		ev := f.Evidence
		if f.Count > 1 {
			ev += fmt.Sprintf("  [%d lines]", f.Count)
		}
		diagLine(b, ind+"Evidence: ", ev)
	}
	if f.Check != "" {
		diagLine(b, ind+"Check:    ", string(f.Check)+" ("+f.Check.Title()+")")
	}
	if f.Refusal != "" {
		diagLine(b, ind+"Refusal:  ", f.Refusal)
	}
	if f.Limit != nil {
		diagLine(b, ind+"Limit:    ", LimitSum(f.Limit))
		for _, p := range f.Limit.Parts {
			diagLine(b, ind+"          ", fmt.Sprintf("%-18s %s", strings.ToLower(p.Component.String()), strings.Join(p.Keys, ", ")))
		}
	}
	for _, o := range f.Observations {
		diagLine(b, ind+"- ", o)
	}
	if f.NeededBytes > 0 {
		need := fmt.Sprintf("%s more (%d bytes)", f.NeededBytes.Human(), f.NeededBytes)
		if f.NeededBuffers > 0 {
			need = fmt.Sprintf("%d network buffers in the pool; %s", f.NeededBuffers, need)
		}
		diagLine(b, ind+"Needed:   ", need)
	}
	if len(f.Fixes) > 0 {
		b.WriteString(ind + "Fixes (verified by resolving):\n")
		for i, fx := range f.Fixes {
			diagLine(b, fmt.Sprintf("%s  %d. ", ind, i+1), fx.Description)
			if e := FixEdits(fx.Fix); e != "" {
				// Unwrapped, so that it can be copied to a command line.
				b.WriteString(ind + "     " + e + "\n")
			}
			diagLine(b, ind+"     costs: ", fx.Cost)
		}
	} else if f.Symptom != diagnose.IllegalConfiguration && len(f.Keys) > 0 {
		diagLine(b, ind+"Keys:     ", strings.Join(f.Keys, ", "))
	}
	for _, a := range f.Advice {
		diagLine(b, ind+"* ", a)
	}
	if f.Metric != "" {
		diagLine(b, ind+"Watch:    ", f.Metric)
	}
}

// LimitSum writes a limit as its flag and the sum of its parts:
// "-XX:MaxDirectMemorySize 268435458 (256 MiB) = framework off-heap 128 MiB
// + task off-heap 0 B + network 128 MiB".
func LimitSum(l *diagnose.LimitInfo) string {
	parts := make([]string, len(l.Parts))
	for i, p := range l.Parts {
		parts[i] = strings.ToLower(p.Component.String()) + " " + p.Bytes.Human()
	}
	s := fmt.Sprintf("%s %d (%s)", l.Flag, l.Bytes, l.Bytes.Human())
	if len(parts) > 1 {
		s += " = " + strings.Join(parts, " + ")
	}
	return s
}

// DiagnoseDoc is the JSON document of `flinkmem diagnose -o json`
// (schema 1).
type DiagnoseDoc struct {
	Schema   int          `json:"schema"`
	Role     string       `json:"role"`
	Flink    string       `json:"flink"`
	Findings []FindingDoc `json:"findings"`
	Notices  []string     `json:"notices"`
}

// FindingDoc is one finding in JSON.
type FindingDoc struct {
	Symptom      string    `json:"symptom"`
	Title        string    `json:"title"`
	Evidence     string    `json:"evidence"`
	Count        int       `json:"count"`
	Role         string    `json:"role"`
	FromEvidence bool      `json:"from_evidence"`
	Check        string    `json:"check,omitempty"`
	Refusal      string    `json:"refusal,omitempty"`
	Limit        *LimitDoc `json:"limit"`
	Observations []string  `json:"observations"`
	// NeededBytes is null when the message does not say.
	NeededBytes   *int64   `json:"needed_bytes"`
	NeededBuffers *int64   `json:"needed_buffers,omitempty"`
	Keys          []string `json:"keys"`
	Fixes         []FixDoc `json:"fixes"`
	Advice        []string `json:"advice"`
	Metric        string   `json:"metric"`
}

// LimitDoc is a limit in JSON.
type LimitDoc struct {
	Flag  string    `json:"flag"`
	Bytes int64     `json:"bytes"`
	Parts []PartDoc `json:"parts"`
}

// PartDoc is one component of a limit in JSON.
type PartDoc struct {
	Component string   `json:"component"`
	Bytes     int64    `json:"bytes"`
	Keys      []string `json:"keys"`
}

// FixDoc is a verified fix in JSON: resolve's fix (its fields come first)
// plus its cost.
type FixDoc struct {
	jsonFix
	Cost string `json:"cost"`
}

// NewDiagnoseDoc converts a report to its JSON document.
func NewDiagnoseDoc(rep *diagnose.Report) DiagnoseDoc {
	doc := DiagnoseDoc{Schema: 1, Role: rep.Role.String(), Flink: rep.Line.String(), Findings: []FindingDoc{}, Notices: append([]string{}, rep.Notices...)}
	for _, f := range rep.Findings {
		fd := FindingDoc{Symptom: string(f.Symptom), Title: f.Title, Evidence: f.Evidence, Count: f.Count, Role: f.Role.String(),
			FromEvidence: f.FromEvidence, Check: string(f.Check), Refusal: f.Refusal, Observations: nonNil(f.Observations),
			Keys: nonNil(f.Keys), Fixes: []FixDoc{}, Advice: nonNil(f.Advice), Metric: f.Metric}
		if f.Limit != nil {
			ld := &LimitDoc{Flag: f.Limit.Flag, Bytes: int64(f.Limit.Bytes), Parts: []PartDoc{}}
			for _, p := range f.Limit.Parts {
				ld.Parts = append(ld.Parts, PartDoc{Component: p.Component.JSONName(), Bytes: int64(p.Bytes), Keys: nonNil(p.Keys)})
			}
			fd.Limit = ld
		}
		if f.NeededBytes > 0 {
			v := int64(f.NeededBytes)
			fd.NeededBytes = &v
		}
		if f.NeededBuffers > 0 {
			v := f.NeededBuffers
			fd.NeededBuffers = &v
		}
		for _, fx := range f.Fixes {
			fd.Fixes = append(fd.Fixes, newFixDoc(fx))
		}
		doc.Findings = append(doc.Findings, fd)
	}
	return doc
}

func newFixDoc(fx diagnose.Fix) FixDoc {
	return FixDoc{jsonFix: fixJSON(fx.Fix), Cost: fx.Cost}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NumberReport explains a lone number against a layout.
func NumberReport(l *memmodel.Layout, r diagnose.NumberReport, flag string) string {
	var b strings.Builder
	what := fmt.Sprintf("%d (%s)", r.Bytes, r.Bytes.Human())
	if flag != "" {
		what = flag + " " + what
	}
	fmt.Fprintf(&b, "%s against this %s (Flink %s):\n", what, l.Role.Title(), l.Line)
	if len(r.Matches) == 0 {
		b.WriteString("  no sum of components equals it; it is\n")
		for _, n := range r.Nearest {
			b.WriteString("    " + n + "\n")
		}
		return b.String()
	}
	for _, m := range r.Matches {
		parts := make([]string, len(m.Components))
		for i, c := range m.Components {
			parts[i] = strings.ToLower(c.String()) + " " + l.Size[c].Human()
		}
		line := "  = " + strings.Join(parts, " + ")
		if m.Name != "" {
			line = "  = " + m.Name + ": " + strings.Join(parts, " + ")
		}
		b.WriteString(line + "\n")
	}
	if flag != "" && (r.Matches[0].Name == "" || !strings.Contains(r.Matches[0].Name, flag)) {
		b.WriteString("  note: " + flag + " is not what this configuration passes for that flag; the number came from another configuration or from a flag set by hand\n")
	}
	return b.String()
}

// JVMReport renders the JVM options analysis: the collector, the notes
// on each option and the command line.
func JVMReport(r *diagnose.JVMReport) string {
	var b strings.Builder
	diagLine(&b, "Garbage collector: ", r.Collector+" — "+r.Why)
	for _, n := range r.Notes {
		diagLine(&b, "  - ", n.Message)
	}
	// The command stays on one line, so that it can be copied.
	b.WriteString("JVM command (as Flink's start script launches it):\n  " + r.Command + "\n")
	return b.String()
}

// NativeReport renders the native-memory budget, labelled a heuristic.
func NativeReport(nb *diagnose.NativeBudget) string {
	var b strings.Builder
	b.WriteString("Native memory JVM overhead must cover (a heuristic, not a measurement):\n")
	rows := [][]string{{"", "typical", "up to", ""}}
	for _, it := range nb.Items {
		up := it.Upper.Human()
		if it.Unbounded {
			up = "no cap"
		}
		rows = append(rows, []string{"  " + it.What, it.Typical.Human(), up, it.Note})
	}
	up := nb.Upper.Human()
	if nb.Unbounded {
		up = "no cap"
	}
	rows = append(rows, []string{"  total", nb.Typical.Human(), up, "against JVM overhead " + nb.Overhead.Human()})
	table(&b, rows, map[int]bool{1: true, 2: true})
	diagLine(&b, "  ", nb.Verdict)
	b.WriteString("  Assumptions:\n")
	for _, a := range nb.Assumptions {
		diagLine(&b, "    - ", a)
	}
	return b.String()
}

// NumberDoc is the JSON of a lone number explained against a layout.
type NumberDoc struct {
	Schema  int              `json:"schema"`
	Bytes   int64            `json:"bytes"`
	Flag    string           `json:"flag,omitempty"`
	Matches []NumberMatchDoc `json:"matches"`
	Nearest []string         `json:"nearest"`
}

// NumberMatchDoc is one sum of components equal to the number.
type NumberMatchDoc struct {
	Name       string   `json:"name,omitempty"`
	Components []string `json:"components"`
}

// NewNumberDoc converts a number's explanation to JSON.
func NewNumberDoc(r diagnose.NumberReport, flag string) NumberDoc {
	d := NumberDoc{Schema: 1, Bytes: int64(r.Bytes), Flag: flag, Matches: []NumberMatchDoc{}, Nearest: nonNil(r.Nearest)}
	for _, m := range r.Matches {
		md := NumberMatchDoc{Name: m.Name}
		for _, c := range m.Components {
			md.Components = append(md.Components, c.JSONName())
		}
		d.Matches = append(d.Matches, md)
	}
	return d
}
