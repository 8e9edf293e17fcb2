package view

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// The report of `flinkmem solve`: what the solver changed, what each
// target gets, and why the answer is the smallest; and the JSON parts the
// command adds to the resolve object of the solution.

// SolveOptions controls the solve report.
type SolveOptions struct {
	ReportOptions
	// Fit is the --fit limit (0: none).
	Fit memmodel.MemorySize
}

// SolveReport renders a solution's edits, targets and minimality; the
// caller prints the solution's resolve report after it.
func SolveReport(sol *memmodel.Solution, opts SolveOptions) string {
	var b strings.Builder
	l := &sol.Layout
	b.WriteString(l.Role.Title() + " · Flink " + l.Line.String() + " · " + l.Deployment.String() + " · " + solveWhat(sol, opts) + "\n")
	if opts.Source != "" {
		b.WriteString("Input: " + opts.Source + "\n")
	}
	b.WriteString("\nSet:\n")
	if len(sol.Set) == 0 {
		b.WriteString("  nothing: the configuration already meets the targets\n")
	}
	rows := [][]string{}
	for _, kv := range sol.Set {
		rows = append(rows, []string{"  " + kv.Key + ": " + kv.Value, solveWas(sol, kv.Key)})
	}
	table(&b, rows, nil)
	if len(sol.Unset) > 0 {
		b.WriteString("Remove:\n")
		for _, k := range sol.Unset {
			b.WriteString("  " + k + "\n")
		}
	}
	if len(sol.Targets) > 0 {
		b.WriteString("\n")
		rows = [][]string{{"Target", "At least", "Gets", ""}}
		for _, r := range sol.Targets {
			rows = append(rows, []string{r.Kind.String(), targetValue(r.Kind, r.Want, opts.Bytes), targetValue(r.Kind, r.Got, opts.Bytes), "met"})
		}
		table(&b, rows, map[int]bool{1: true, 2: true})
	}
	if sol.Maximized != memmodel.TargetNone {
		b.WriteString("Maximized: " + sol.Maximized.String() + " gets " + targetValue(sol.Maximized, sol.MaximizedGot, opts.Bytes) +
			" within --fit " + opts.Fit.HumanExact() + " (process " + sizeWithBytes(l.TotalProcess, opts.Bytes) + ")\n")
	}
	if sol.Note != "" {
		b.WriteString("Note: " + sol.Note + "\n")
	}
	if sol.Below != "" {
		b.WriteString("Smallest: one MiB less does not do: " + sol.Below + "\n")
	}
	return b.String()
}

func solveWhat(sol *memmodel.Solution, opts SolveOptions) string {
	switch {
	case sol.Maximized != memmodel.TargetNone:
		return "most " + sol.Maximized.String() + " within " + opts.Fit.Human()
	case sol.Searched != "":
		return "smallest " + sol.Searched
	}
	return "the sizes the targets need"
}

// solveWas says what a key held before, or that it is new.
func solveWas(sol *memmodel.Solution, key string) string {
	if was, ok := sol.Was[key]; ok {
		return "(was " + was + ")"
	}
	return "(new)"
}

// targetValue formats a target's size or count.
func targetValue(k memmodel.TargetKind, v int64, bytes bool) string {
	if k.Counts() {
		return strconv.FormatInt(v, 10) + " buffers"
	}
	return sizeWithBytes(memmodel.MemorySize(v), bytes)
}

// UnsolvableReport renders why no configuration meets the targets.
func UnsolvableReport(un *memmodel.Unsolvable) string {
	return "No configuration meets the targets: " + un.Reason + "\n"
}

// SolveJSONSolution is the "solution" object of `solve -o json`: the keys
// to set and to remove.
type SolveJSONSolution struct {
	Set   map[string]string `json:"set"`
	Unset []string          `json:"unset"`
}

// SolveJSONTarget is one entry of "targets": want and got in bytes (or
// buffers for network-buffers).
type SolveJSONTarget struct {
	Name string `json:"name"`
	Want int64  `json:"want"`
	Got  int64  `json:"got"`
	Met  bool   `json:"met"`
}

// SolveJSONMaximized is the "maximized" object of a --fit --maximize run.
type SolveJSONMaximized struct {
	Name  string `json:"name"`
	Got   int64  `json:"got"`
	Limit int64  `json:"limit"`
}

// SolveJSON is what `solve -o json` adds to the resolve object of the
// solution.
type SolveJSON struct {
	Solution  SolveJSONSolution   `json:"solution"`
	Targets   []SolveJSONTarget   `json:"targets"`
	Maximized *SolveJSONMaximized `json:"maximized,omitempty"`
	Note      string              `json:"note,omitempty"`
	Searched  string              `json:"searched,omitempty"`
}

// NewSolveJSON converts a solution.
func NewSolveJSON(sol *memmodel.Solution, fit memmodel.MemorySize) SolveJSON {
	out := SolveJSON{Solution: SolveJSONSolution{Set: map[string]string{}, Unset: append([]string{}, sol.Unset...)},
		Targets: SolveJSONTargets(sol.Targets), Searched: sol.Searched, Note: sol.Note}
	for _, kv := range sol.Set {
		out.Solution.Set[kv.Key] = kv.Value
	}
	if sol.Maximized != memmodel.TargetNone {
		out.Maximized = &SolveJSONMaximized{Name: sol.Maximized.String(), Got: sol.MaximizedGot, Limit: fit.Bytes()}
	}
	return out
}

// SolveJSONTargets converts target results.
func SolveJSONTargets(rs []memmodel.TargetResult) []SolveJSONTarget {
	out := []SolveJSONTarget{}
	for _, r := range rs {
		out = append(out, SolveJSONTarget{Name: r.Kind.String(), Want: r.Want, Got: r.Got, Met: r.Met})
	}
	return out
}

// UnsolvableJSON is `solve -o json` when no configuration meets the
// targets.
type UnsolvableJSON struct {
	Schema  int               `json:"schema"`
	OK      bool              `json:"ok"`
	Solved  bool              `json:"solved"`
	Reason  string            `json:"reason"`
	Targets []SolveJSONTarget `json:"targets"`
}

// NewUnsolvableJSON converts an Unsolvable.
func NewUnsolvableJSON(un *memmodel.Unsolvable) UnsolvableJSON {
	return UnsolvableJSON{Schema: 1, Reason: un.Reason, Targets: SolveJSONTargets(un.Best)}
}

// SolveText is `flinkmem solve`'s text: the solution's edits and targets,
// then the resolve report and, for a TaskManager, the per-slot report of
// the solved configuration (o is its outcome).
func SolveText(sol *memmodel.Solution, o Outcome, opts SolveOptions) string {
	var b strings.Builder
	b.WriteString(SolveReport(sol, opts))
	if o.Layout == nil {
		return b.String()
	}
	b.WriteString("\n" + ResolveReport(o.Layout, opts.ReportOptions))
	if o.Slots != nil {
		b.WriteString("\n" + SlotsReport(*o.Slots, SlotsOptions{Bytes: opts.Bytes}))
	}
	return b.String()
}

// SolvedJSON is `flinkmem solve -o json`: the resolve object of the solved
// configuration (o its outcome) with "solution" and "targets" added.
func SolvedJSON(sol *memmodel.Solution, o Outcome, fit memmodel.MemorySize) any {
	extra := NewSolveJSON(sol, fit)
	switch v := ResolveJSON(o).(type) {
	case jsonTaskManager:
		return struct {
			jsonTaskManager
			SolveJSON
		}{v, extra}
	case jsonJobManager:
		return struct {
			jsonJobManager
			SolveJSON
		}{v, extra}
	default:
		return v
	}
}
