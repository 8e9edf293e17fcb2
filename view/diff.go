package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// The report of `flinkmem diff`: both layouts as bars on one scale with a
// strip marking where they differ, a table of every component and JVM
// limit, the keys whose default or meaning changed, the keys the second
// side no longer reads, new notices, the JVM flag changes and, between two
// lines, what the migration must do.

// DiffOptions controls the diff report.
type DiffOptions struct {
	ReportOptions
	// ToSource says what the second configuration is ("the same on Flink
	// 2.1").
	ToSource string
	// Width is the width of the bars (default 60).
	Width int
	// ASCII spells the report in ASCII.
	ASCII bool
	// Fixes are the verified fixes for a refused second side.
	Fixes []memmodel.Fix
	// FlinkConfFile is set when the first configuration came from a
	// flink-conf.yaml, whose path it holds.
	FlinkConfFile string
}

// barLetters marks each component in the plain-text bars.
var barLetters = [memmodel.NumComponents]byte{'f', 'T', 'M', 'o', 'O', 'N', 'm', 'v', 'H', 'D'}

// DiffBars draws both layouts on one scale, widest total = width cells,
// each cell a component's letter, and a strip under them marking the cells
// that differ. The last line is the legend.
func DiffBars(a, b *memmodel.Layout, labelA, labelB string, width int) []string {
	if width <= 0 {
		width = 60
	}
	scale := max(a.TotalProcess, b.TotalProcess)
	bar := func(l *memmodel.Layout) []byte {
		cells := int(int64(width) * int64(l.TotalProcess/memmodel.KiB) / max(1, int64(scale/memmodel.KiB)))
		out := make([]byte, 0, cells)
		var acc memmodel.MemorySize
		for _, c := range memmodel.Components(l.Role) {
			acc += l.Size[c]
			end := int(int64(cells) * int64(acc/memmodel.KiB) / max(1, int64(l.TotalProcess/memmodel.KiB)))
			for len(out) < end {
				out = append(out, barLetters[c])
			}
		}
		return out
	}
	ba, bb := bar(a), bar(b)
	strip := make([]byte, max(len(ba), len(bb)))
	for i := range strip {
		strip[i] = ' '
		if i >= len(ba) || i >= len(bb) || ba[i] != bb[i] {
			strip[i] = '^'
		}
	}
	w := max(len(labelA), len(labelB))
	pad := func(s string) string { return s + strings.Repeat(" ", w-len(s)) }
	var legend []string
	seen := map[byte]bool{}
	for _, l := range [2]*memmodel.Layout{a, b} {
		for _, c := range memmodel.Components(l.Role) {
			if ch := barLetters[c]; !seen[ch] {
				seen[ch] = true
				legend = append(legend, string(ch)+" "+strings.ToLower(c.String()))
			}
		}
	}
	lines := []string{
		pad(labelA) + "  " + string(ba),
		pad(labelB) + "  " + string(bb),
	}
	if s := strings.TrimRight(string(strip), " "); s != "" {
		lines = append(lines, strings.Repeat(" ", w+2)+s+"  ^ differs")
	}
	return append(lines, strings.Repeat(" ", w+2)+strings.Join(legend, " · "))
}

// signed formats a delta in bytes with its sign.
func signed(d int64, bytes bool) string {
	switch {
	case d == 0:
		return "0"
	case d > 0:
		return "+" + sizeWithBytes(memmodel.MemorySize(d), bytes)
	}
	return "−" + sizeWithBytes(memmodel.MemorySize(-d), bytes)
}

func signedPercent(c memmodel.Change) string {
	if c.From == 0 || c.Delta == 0 {
		return ""
	}
	p := strconv.FormatFloat(c.Percent(), 'f', 1, 64) + "%"
	if c.Delta > 0 {
		return "+" + p
	}
	return strings.Replace(p, "-", "−", 1)
}

// sideLabel names one side: its line, and its role when the roles differ.
func sideLabel(in memmodel.Input, roles bool) string {
	s := "Flink " + in.Line.String()
	if roles {
		s += " " + in.Role.Title()
	}
	return s
}

// DiffReport renders a diff.
func DiffReport(d *memmodel.Diff, opts DiffOptions) string {
	var b strings.Builder
	roles := d.From.Role != d.To.Role
	la, lb := sideLabel(d.From, roles), sideLabel(d.To, roles)
	if la == lb {
		la, lb = "before", "after"
	}
	head := d.From.Role.Title()
	if roles {
		head += " → " + d.To.Role.Title()
	}
	head += " · Flink " + d.From.Line.String()
	if d.Upgrade() {
		head += " → " + d.To.Line.String()
	}
	b.WriteString(head + " · " + d.From.Deployment.String() + "\n")
	if opts.Source != "" {
		b.WriteString("From: " + opts.Source + "\n")
	}
	if opts.ToSource != "" {
		b.WriteString("To:   " + opts.ToSource + "\n")
	}
	b.WriteString("\n")
	switch {
	case d.FromErr != nil:
		b.WriteString("The first configuration is refused, so there is nothing to compare:\n")
		writeRefusal(&b, d.FromErr, nil)
	case d.ToErr != nil:
		b.WriteString("The second configuration is refused:\n")
		writeRefusal(&b, d.ToErr, opts.Fixes)
	default:
		for _, line := range DiffBars(&d.FromLayout, &d.ToLayout, la, lb, opts.Width) {
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
		rows := [][]string{{"", la, lb, "Δ", "Δ%"}}
		for _, c := range d.Changes {
			if c.Kind == memmodel.ChangeTotal && c.Name == "total_flink" || c.Kind == memmodel.ChangeJVM && c.Name == "jvm_heap" {
				rows = append(rows, []string{"", "", "", "", ""})
			}
			rows = append(rows, []string{c.Label, sizeWithBytes(c.From, opts.Bytes), sizeWithBytes(c.To, opts.Bytes), signed(c.Delta, opts.Bytes), signedPercent(c)})
		}
		table(&b, rows, map[int]bool{1: true, 2: true, 3: true, 4: true})
		if len(d.JVM) > 0 {
			b.WriteString("\nJVM flags that change:\n")
			for _, f := range d.JVM {
				b.WriteString("  " + f.Flag + "  " + flagValue(f.From) + " → " + flagValue(f.To) + "\n")
			}
		} else {
			b.WriteString("\nThe JVM flags do not change.\n")
		}
	}
	if len(d.Keys) > 0 {
		b.WriteString("\nKeys:\n")
		for _, k := range d.Keys {
			b.WriteString("  " + k.Key + " — " + strings.ReplaceAll(k.Change, "-", " ") + ": " + k.Detail + "\n")
		}
	}
	if len(d.NewNotices)+len(d.NewSlotNotices) > 0 {
		b.WriteString("\nNew notices:\n")
		for _, n := range d.NewNotices {
			b.WriteString("  " + sentence(n.Message()) + " [" + string(n.Code) + "]\n")
		}
		for _, n := range d.NewSlotNotices {
			mark := ""
			if n.Warning {
				mark = "warning: "
			}
			b.WriteString("  per slot, " + mark + sentence(n.Message()) + " [" + string(n.Code) + "]\n")
		}
	}
	writeMigration(&b, d, opts)
	return asciiText(b.String(), opts.ASCII)
}

func flagValue(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func writeRefusal(b *strings.Builder, err error, fixes []memmodel.Fix) {
	if rej, ok := err.(*memmodel.Rejection); ok {
		b.WriteString(RejectionReport(rej, fixes))
		return
	}
	b.WriteString(err.Error() + "\n")
}

// writeMigration says what moving to the second line takes.
func writeMigration(b *strings.Builder, d *memmodel.Diff, opts DiffOptions) {
	if !d.Upgrade() || (len(d.Migrations) == 0 && !d.NeedsConfigYAML) {
		return
	}
	b.WriteString("\nUpgrade to Flink " + d.To.Line.String() + ":\n")
	for _, m := range d.Migrations {
		b.WriteString("  " + m.String() + "\n")
	}
	if d.NeedsConfigYAML {
		file := "flink-conf.yaml"
		src := "-c conf/flink-conf.yaml"
		if opts.FlinkConfFile != "" {
			src = "-c " + opts.FlinkConfFile
		}
		defs := ""
		for _, m := range d.Migrations {
			if m.To != "" {
				defs += " -D " + m.To + "=" + m.Value
			}
		}
		b.WriteString("  Flink " + d.To.Line.String() + " reads only conf/config.yaml, not " + file + ": write it, with the replacements, by\n" +
			"    flinkmem export --flink " + d.To.Line.String() + " --deployment " + d.From.Deployment.String() + " --format config-yaml " + src + defs + " -w conf/config.yaml\n")
	}
	if d.MigratedErr != nil {
		b.WriteString("  Even migrated, Flink " + d.To.Line.String() + " refuses it: " + d.MigratedErr.Error() + "\n")
		return
	}
	if len(d.Migrations) > 0 && d.FromErr == nil {
		if memmodel.SameSizes(&d.Migrated, &d.FromLayout) {
			b.WriteString("  Migrated, Flink " + d.To.Line.String() + " resolves it to the same layout as Flink " + d.From.Line.String() + ".\n")
		} else {
			b.WriteString("  Migrated, Flink " + d.To.Line.String() + " resolves it to a process of " + d.Migrated.TotalProcess.Human() +
				" (task heap " + d.Migrated.Size[memmodel.TaskHeap].Human() + ", network " + d.Migrated.Size[memmodel.Network].Human() + ").\n")
		}
	}
}

// DiffJSONChange is one row of "changes": sizes in bytes.
type DiffJSONChange struct {
	Component string `json:"component"`
	From      int64  `json:"from"`
	To        int64  `json:"to"`
	Delta     int64  `json:"delta"`
}

// DiffJSONKey is one entry of "keys".
type DiffJSONKey struct {
	Key    string `json:"key"`
	Change string `json:"change"`
	Detail string `json:"detail"`
	Set    bool   `json:"set"`
}

// DiffJSONFlag is one JVM flag that changes ("" when absent).
type DiffJSONFlag struct {
	Flag string `json:"flag"`
	From string `json:"from"`
	To   string `json:"to"`
}

// DiffJSONMigration is what moving to the second line takes.
type DiffJSONMigration struct {
	Keys            []DiffJSONMigrated `json:"keys"`
	NeedsConfigYAML bool               `json:"needs_config_yaml"`
	SameLayout      bool               `json:"same_layout"`
	Error           string             `json:"error,omitempty"`
}

// DiffJSONMigrated is one key the migration rewrites or drops (to is ""
// when dropped).
type DiffJSONMigrated struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// DiffJSON is `flinkmem diff -o json`; From and To are the resolve objects
// of the two sides, which the caller builds.
type DiffJSON struct {
	Schema     int                `json:"schema"`
	From       any                `json:"from"`
	To         any                `json:"to"`
	Changes    []DiffJSONChange   `json:"changes"`
	Keys       []DiffJSONKey      `json:"keys"`
	NewNotices []ReportNoteJSON   `json:"new_notices"`
	JVMFlags   []DiffJSONFlag     `json:"jvm_flags"`
	Migration  *DiffJSONMigration `json:"migration,omitempty"`
}

// ReportNoteJSON is a notice in JSON; per_slot marks a finding of the
// per-slot analysis, warning one that fails tasks or leaves memory
// unbounded.
type ReportNoteJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
	PerSlot bool   `json:"per_slot,omitempty"`
}

// NewDiffJSON converts a diff; from and to are the resolve objects.
func NewDiffJSON(d *memmodel.Diff, from, to any) DiffJSON {
	out := DiffJSON{Schema: 1, From: from, To: to, Changes: []DiffJSONChange{}, Keys: []DiffJSONKey{}, NewNotices: []ReportNoteJSON{}, JVMFlags: []DiffJSONFlag{}}
	for _, c := range d.Changes {
		out.Changes = append(out.Changes, DiffJSONChange{Component: c.Name, From: c.From.Bytes(), To: c.To.Bytes(), Delta: c.Delta})
	}
	for _, k := range d.Keys {
		out.Keys = append(out.Keys, DiffJSONKey{Key: k.Key, Change: k.Change, Detail: k.Detail, Set: k.Set})
	}
	for _, n := range d.NewNotices {
		out.NewNotices = append(out.NewNotices, ReportNoteJSON{Code: string(n.Code), Message: n.Message()})
	}
	for _, n := range d.NewSlotNotices {
		out.NewNotices = append(out.NewNotices, ReportNoteJSON{Code: string(n.Code), Message: n.Message(), Warning: n.Warning, PerSlot: true})
	}
	for _, f := range d.JVM {
		out.JVMFlags = append(out.JVMFlags, DiffJSONFlag{Flag: f.Flag, From: f.From, To: f.To})
	}
	if d.Upgrade() && (len(d.Migrations) > 0 || d.NeedsConfigYAML) {
		m := &DiffJSONMigration{Keys: []DiffJSONMigrated{}, NeedsConfigYAML: d.NeedsConfigYAML}
		for _, mg := range d.Migrations {
			m.Keys = append(m.Keys, DiffJSONMigrated{From: mg.From, To: mg.To, Value: mg.Value, Why: mg.Why})
		}
		if d.MigratedErr != nil {
			m.Error = d.MigratedErr.Error()
		} else if d.FromErr == nil {
			m.SameLayout = memmodel.SameSizes(&d.Migrated, &d.FromLayout)
		}
		out.Migration = m
	}
	return out
}

// DiffJSONFor is `flinkmem diff -o json` with the resolve objects of both
// sides' outcomes.
func DiffJSONFor(d *memmodel.Diff, from, to Outcome) DiffJSON {
	return NewDiffJSON(d, ResolveJSON(from), ResolveJSON(to))
}
