package view

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
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
