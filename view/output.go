package view

import (
	"fmt"
	"io"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// The Print functions write a command's answer in the format -o asks for,
// so that a command chooses between its JSON document and its text report
// in one call.

// Print writes a command's answer to w: doc() as JSON (see WriteJSON) when
// format is "json", otherwise text(); only the one asked for is built. It
// fails only when the JSON cannot be written.
func Print(w io.Writer, format string, doc func() any, text func() string) error {
	if format != "json" {
		fmt.Fprint(w, text())
		return nil
	}
	return PrintJSON(w, doc())
}

// PrintJSON writes v as JSON (see WriteJSON), with an error that says so
// when it cannot.
func PrintJSON(w io.Writer, v any) error {
	if err := WriteJSON(w, v); err != nil {
		return fmt.Errorf("writing JSON: %v", err)
	}
	return nil
}

// PrintDiagnosis writes `flinkmem diagnose`'s answer: the explanation of a
// lone number or flag, otherwise the diagnosis report.
func PrintDiagnosis(w io.Writer, format string, a *diagnose.Answer) error {
	if a.Number != nil {
		return Print(w, format, func() any { return NewNumberDoc(*a.Number, a.Flag) },
			func() string { return NumberReport(a.Layout, *a.Number, a.Flag) })
	}
	return Print(w, format, func() any { return NewDiagnoseDoc(&a.Report) },
		func() string { return DiagnoseReport(&a.Report) })
}

// PrintNetwork writes `flinkmem network`'s answer for an outcome that
// resolves: the job's network buffers per slot and, for a refused network
// part, its verified fixes.
func PrintNetwork(w io.Writer, format string, o Outcome, job *memmodel.JobShape, exact bool) error {
	opts := NetworkOptions{Source: o.Source, Bytes: exact}
	if o.Slots.NetworkErr != nil {
		opts.Fixes = o.FixesFor(o.Slots.NetworkErr)
	}
	return Print(w, format, func() any { return NetworkJSON(o.Layout, job, o.Slots, o.Source) },
		func() string { return NetworkReport(o.Layout, job, *o.Slots, opts) })
}

// PrintUnsolvable writes why the solver found no configuration.
func PrintUnsolvable(w io.Writer, format string, un *memmodel.Unsolvable) error {
	return Print(w, format, func() any { return NewUnsolvableJSON(un) },
		func() string { return UnsolvableReport(un) })
}

// PrintSolved writes a solution: its edits and the outcome they lead to.
func PrintSolved(w io.Writer, format string, sol *memmodel.Solution, o Outcome, opts SolveOptions) error {
	return Print(w, format, func() any { return SolvedJSON(sol, o, opts.Fit) },
		func() string { return SolveText(sol, o, opts) })
}

// CheckFailures renders what fails `flinkmem check` for an outcome Flink
// accepts with its slots: the refused parts of the per-slot analysis or,
// with strict, the warnings; "" when the check passes.
func CheckFailures(o Outcome, strict bool) string {
	switch {
	case o.Refused(true):
		return SlotRefusals(o)
	case strict:
		return StrictWarnings(o)
	}
	return ""
}

// ResolveText is `flinkmem resolve`'s report of an outcome Flink accepts:
// the layout and, for a TaskManager, its slots.
func ResolveText(o Outcome, opts ReportOptions) string {
	text := ResolveReport(o.Layout, opts)
	if o.Slots != nil {
		// The resolve report already has the slot profile line.
		text += "\n" + SlotsReport(*o.Slots, SlotsOptions{Bytes: opts.Bytes})
	}
	return text
}

// NetworkShort reports whether the job's network buffers do not fit (or
// Flink refuses the network options) in an outcome that resolves.
func NetworkShort(o Outcome) bool {
	return o.Slots.NetworkErr != nil || o.Slots.Network.Short() > 0
}
