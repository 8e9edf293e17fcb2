package view

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// The command line's refusal and network reports. The explorer says the
// same things with the same functions.

// rejectionDetails is what follows the reason of a refusal: the keys to
// look at and the verified fixes, numbered, each with the edits it makes.
func rejectionDetails(b *strings.Builder, rej *memmodel.Rejection, fixes []memmodel.Fix) {
	if keys := rej.Keys(); len(keys) > 0 {
		b.WriteString("Keys involved: " + strings.Join(keys, ", ") + "\n")
	}
	if len(fixes) == 0 {
		return
	}
	b.WriteString("Fixes:\n")
	for i, fx := range fixes {
		line := fmt.Sprintf("  %d. %s", i+1, fx.Description)
		if fx.Note != "" {
			line += " (" + fx.Note + ")"
		}
		b.WriteString(line + "\n")
		if edits := FixEdits(fx); edits != "" {
			b.WriteString("     " + edits + "\n")
		}
	}
}

// InputNotices renders the notices about the input, one line each. A
// refusal shows them first: a key or line Flink did not read is often why
// it refuses ("no size configured" after a misspelt size key).
func InputNotices(notes []ReportNote) string {
	var b strings.Builder
	for _, n := range notes {
		fmt.Fprintf(&b, "Notice: %s [%s]\n", n.Message, n.Code)
	}
	return b.String()
}

// RefusalReport is InputNotices followed by RejectionReport: why Flink
// refuses a configuration, as both front ends show it.
func RefusalReport(notes []ReportNote, rej *memmodel.Rejection, fixes []memmodel.Fix) string {
	return InputNotices(notes) + RejectionReport(rej, fixes)
}

// SlotRefusalReport renders why Flink refuses a part of the per-slot
// analysis, like RejectionReport. A refused consumer weight lets the
// TaskManager start but fails the job, so its reason is worded for the job.
func SlotRefusalReport(line memmodel.Line, part memmodel.SlotRefusal, fixes []memmodel.Fix) string {
	var b strings.Builder
	var rej *memmodel.Rejection
	isRej := errors.As(part.Err, &rej)
	switch {
	case part.JobStart:
		fmt.Fprintf(&b, "Flink %s would refuse jobs on this TaskManager: %v\n", line, part.Err)
	case isRej:
		b.WriteString(RejectionLine(rej) + "\n")
	default:
		fmt.Fprintf(&b, "Flink %s would refuse this TaskManager: %v\n", line, part.Err)
	}
	if isRej {
		rejectionDetails(&b, rej, fixes)
	}
	return b.String()
}

// NetworkOptions controls NetworkReport.
type NetworkOptions struct {
	// Source says where the configuration came from; empty leaves it out.
	Source string
	// Bytes adds exact byte counts.
	Bytes bool
	// Fixes are the verified fixes of a refused network part.
	Fixes []memmodel.Fix
}

// NetworkReport renders `flinkmem network`: a header, the job shape, the
// per-slot analysis with the buffers the job needs and, when they do not
// fit, the verified fixes as options to apply.
func NetworkReport(l *memmodel.Layout, job *memmodel.JobShape, r memmodel.SlotReport, opts NetworkOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "TaskManager · Flink %s · %s · network buffers for one job\n", l.Line, l.Deployment)
	if opts.Source != "" {
		fmt.Fprintf(&b, "Input: %s\n", opts.Source)
	}
	mode := "streaming"
	if job.Batch {
		mode = "batch"
	}
	used := r.Network.SlotsUsed
	fmt.Fprintf(&b, "Job: parallelism %d · %d all-to-all and %d forward %s · %s · %d %s of each TaskManager used\n\n",
		job.Parallelism, job.AllToAll, job.Forward, plural(job.AllToAll+job.Forward, "exchange"), mode, used, plural(used, "slot"))
	b.WriteString(SlotsReport(r, SlotsOptions{Bytes: opts.Bytes, Profile: true}))
	if r.NetworkErr != nil {
		b.WriteString("\n" + SlotRefusalReport(l.Line, memmodel.SlotRefusal{Part: memmodel.PartNetworkBuffers, Err: r.NetworkErr}, opts.Fixes))
		return b.String()
	}
	if fixes := r.Network.Fixes; r.Network.Short() > 0 && len(fixes) > 0 {
		b.WriteString("\nApply a fix with its options (on the command line, or as keys in the configuration):\n")
		for i, fx := range fixes {
			fmt.Fprintf(&b, "  [%d] %s\n", i+1, FixEdits(fx))
		}
	}
	return b.String()
}

// SlotRefusals renders every part of the outcome's per-slot analysis that
// Flink refuses (see SlotRefusalReport); "" when there is none.
func SlotRefusals(o Outcome) string {
	if o.Slots == nil {
		return ""
	}
	var b strings.Builder
	for _, part := range o.Slots.Refusals() {
		b.WriteString(SlotRefusalReport(o.Input.Line, part, o.FixesFor(part.Err)))
	}
	return b.String()
}

// StrictWarnings renders what fails `flinkmem check --strict`, one line
// each: the warnings among the notices of an accepted configuration and
// the per-slot warnings. Information (a fraction raised to its min) does
// not fail, nor do the other per-slot notices, which depend on consumers
// the configuration rarely names. "" means the check passes.
func StrictWarnings(o Outcome) string {
	var b strings.Builder
	for _, n := range Notes(o.Layout, o.Notes) {
		if n.Severity == memmodel.SeverityWarning {
			fmt.Fprintf(&b, "flinkmem check: warning: %s [%s]\n", n.Message, n.Code)
		}
	}
	if o.Slots != nil {
		for _, n := range o.Slots.Notices {
			if n.Severity() == memmodel.SeverityWarning {
				fmt.Fprintf(&b, "flinkmem check: per-slot warning: %s [%s]\n", n.Message(), n.Code)
			}
		}
	}
	return b.String()
}

// StaticOutcome is Static for an outcome: a TaskManager whose slots Flink
// refuses is drawn refused, with the slots' fixes.
func StaticOutcome(o Outcome, opts StaticOptions) string {
	return Static(resolutionOf(o), opts)
}

// resolutionOf is what a static rendering shows of an outcome: a
// TaskManager whose slots Flink refuses counts as refused.
func resolutionOf(o Outcome) Resolution {
	r := Resolution{Input: o.Input, Err: o.Err, Fixes: o.Fixes}
	if o.Layout != nil {
		r.Layout = *o.Layout
		if err := o.SlotErr(); err != nil {
			r.Err, r.Fixes = err, o.FixesFor(err)
		}
	}
	return r
}

// WriteJSON writes v as indented JSON, as every command's -o json does:
// two spaces, and <, > and & left as they are.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// JVMSections are what explain adds after the components: the JVM command
// line Flink would launch with the user's JVM options, and for a
// TaskManager in a container the native-memory estimate. env is
// FLINK_ENV_JAVA_OPTS, envSet whether it is set.
func JVMSections(in memmodel.Input, l *memmodel.Layout, env string, envSet bool) string {
	jr := diagnose.AnalyzeJVM(in, l, env, envSet)
	out := "\n" + JVMReport(&jr)
	if l.Role == memmodel.TaskManager && l.Deployment == memmodel.Container {
		nb := diagnose.NativeEstimate(in, l, &jr)
		out += "\n" + NativeReport(&nb)
	}
	return out
}
