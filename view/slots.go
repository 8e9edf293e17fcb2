package view

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// The per-slot analysis as plain text: what one slot's managed memory means
// for the job's consumers, RocksDB's budget, and the network buffers the
// job needs. SlotsReport is the long form for `flinkmem resolve` and
// `flinkmem network`; SlotsPanel is the compact form for the explorer's
// per-slot panel. Both are pure functions of a memmodel.SlotReport.

// SlotsOptions controls the per-slot text.
type SlotsOptions struct {
	// Bytes adds exact byte counts next to human sizes.
	Bytes bool
	// ASCII replaces the few non-ASCII signs (×, −, →, ≤) with ASCII ones.
	ASCII bool
	// Profile starts the report with the slot profile line (the resolve
	// report already has one).
	Profile bool
}

// SlotsReport renders the per-slot analysis in sections: the slot profile
// (when asked for), the managed-memory consumers, the RocksDB budget (when
// the job uses RocksDB), the network buffers with the fixes when the job
// does not fit, and the notices. Warnings are marked "!", other notices
// "-".
func SlotsReport(r memmodel.SlotReport, opts SlotsOptions) string {
	var b strings.Builder
	g := glyphsFor(opts.ASCII)
	if opts.Profile {
		b.WriteString("Per slot   " + slotsProfileText(r, opts) + "\n\n")
	}

	slotsManagedSection(&b, r, opts)
	if r.RocksDB != nil || r.RocksDBErr != nil {
		b.WriteByte('\n')
		slotsRocksDBSection(&b, r, opts, g)
	}
	b.WriteByte('\n')
	slotsNetworkSection(&b, r, opts, g)

	if len(r.Notices) > 0 {
		b.WriteString("\nPer-slot notices\n")
		for _, n := range r.Notices {
			mark := "-"
			if n.Warning {
				mark = "!"
			}
			b.WriteString("  " + mark + " " + n.Message() + " [" + string(n.Code) + "]\n")
		}
	}
	return asciiText(b.String(), opts.ASCII)
}

func slotsProfileText(r memmodel.SlotReport, opts SlotsOptions) string {
	if r.ProfileErr != nil {
		return "Flink refuses the slots: " + r.ProfileErr.Error()
	}
	p := r.Profile
	return fmt.Sprintf("%s, each: task heap %s, task off-heap %s, managed %s, network %s, CPU %s",
		slotsCount(p.Slots), sizeWithBytes(p.TaskHeap, opts.Bytes), sizeWithBytes(p.TaskOffHeap, opts.Bytes), sizeWithBytes(p.Managed, opts.Bytes),
		sizeWithBytes(p.Network, opts.Bytes), p.CPUCores)
}

func slotsManagedSection(b *strings.Builder, r memmodel.SlotReport, opts SlotsOptions) {
	title := "Managed memory per slot"
	if r.ProfileErr == nil {
		title += " (" + sizeWithBytes(r.Profile.Managed, opts.Bytes) + ")"
	}
	b.WriteString(title + " · consumers: " + r.Uses.String() + "\n")
	switch {
	case r.SharesErr != nil:
		b.WriteString("  Flink refuses the job when it starts: " + r.SharesErr.Error() + "\n")
		return
	case len(r.Shares) == 0:
		b.WriteString("  no consumer: the job declares none (say which with --uses rocksdb,python,operators)\n")
		return
	}
	rows := [][]string{{"CONSUMER", "WEIGHT", "SHARE", "PER SLOT", "USED BY"}}
	for _, s := range r.Shares {
		weight := strconv.Itoa(s.Weight)
		if s.From != "" && s.From != s.Consumer {
			weight += " (" + string(s.From) + ")"
		}
		if s.Weight == 0 && s.Fraction == 1 {
			weight = "-" // no weights on this line
		}
		rows = append(rows, []string{string(s.Consumer), weight, slotsPercent(s.Fraction), sizeWithBytes(s.PerSlot, opts.Bytes), s.Consumer.Describe()})
	}
	table(b, slotsIndent(rows), map[int]bool{1: true, 2: true, 3: true})
}

func slotsRocksDBSection(b *strings.Builder, r memmodel.SlotReport, opts SlotsOptions, g Glyphs) {
	if r.RocksDBErr != nil {
		b.WriteString("RocksDB\n  Flink refuses the job when it starts: " + r.RocksDBErr.Error() + "\n")
		return
	}
	rb := r.RocksDB
	b.WriteString("RocksDB · rule " + string(rb.Rule) + ": " + slotsRuleWords(rb, opts) + "\n")
	if rb.Rule == memmodel.RocksDBUnbounded {
		b.WriteString("  no shared cache or write buffer manager: every state sizes its own, outside Flink's budgets\n")
		return
	}
	wr, hp := slotsRatio(rb.WriteBufferRatio), slotsRatio(rb.HighPriorityPoolRatio)
	rows := [][]string{
		{"budget", sizeWithBytes(rb.Budget, opts.Bytes), slotsBudgetWords(rb)},
		{"block cache", sizeWithBytes(rb.BlockCache, opts.Bytes), "budget × (3 − " + wr + ") / 3"},
		{"write buffer manager", sizeWithBytes(rb.WriteBufferManager, opts.Bytes), "budget × 2 × " + wr + " / 3, charged to the cache"},
		{"high-priority pool", sizeWithBytes(rb.HighPriorityPool, opts.Bytes), "cache × " + hp + ", for index and filter blocks"},
	}
	table(b, slotsIndent(rows), map[int]bool{1: true})
}

func slotsRuleWords(rb *memmodel.RocksDBBudget, opts SlotsOptions) string {
	switch rb.Rule {
	case memmodel.RocksDBFixedPerSlot:
		return "a fixed size per slot (" + memmodel.RocksDBFixedPerSlotKey + "), outside managed memory"
	case memmodel.RocksDBManaged:
		return "STATE_BACKEND's share of each slot's managed memory"
	case memmodel.RocksDBFixedPerTM:
		return "one fixed size shared by the TaskManager's " + slotsCount(rb.Slots) + " (" + memmodel.RocksDBFixedPerTMKey + "), outside managed memory"
	}
	return "NOT bounded by Flink"
}

func slotsBudgetWords(rb *memmodel.RocksDBBudget) string {
	switch rb.Rule {
	case memmodel.RocksDBManaged:
		return slotsPercent(rb.Fraction) + " of the slot's managed memory"
	case memmodel.RocksDBFixedPerTM:
		return "per TaskManager, shared by all slots"
	}
	return "per slot"
}

func slotsNetworkSection(b *strings.Builder, r memmodel.SlotReport, opts SlotsOptions, g Glyphs) {
	if r.NetworkErr != nil {
		b.WriteString("Network buffers\n  " + r.NetworkErr.Error() + "\n")
		return
	}
	n := r.Network
	b.WriteString("Network buffers (" + sizeWithBytes(n.SegmentSize, opts.Bytes) + " each, per TaskManager)\n")
	rows := [][]string{{"available", strconv.FormatInt(n.Available, 10), sizeWithBytes(n.Network, opts.Bytes) + " of network memory"}}
	if n.Required != nil {
		verdict := "fits"
		if short := n.Short(); short > 0 {
			verdict = fmt.Sprintf("%d short: needs %s of network memory", short, sizeWithBytes(n.NetworkNeeded, opts.Bytes))
		}
		rows = append(rows, []string{"required", strconv.FormatInt(*n.Required, 10),
			fmt.Sprintf("%d per slot %s %d %s; %s", n.PerSlot, g.Times, n.SlotsUsed, plural(n.SlotsUsed, "slot"), verdict)})
	}
	table(b, slotsIndent(rows), map[int]bool{1: true})
	if n.Required == nil {
		b.WriteString("  required: give the job's shape (flinkmem network --parallelism N --exchanges K) to estimate it\n")
		return
	}
	for _, p := range n.Pools {
		unit := "channel"
		if p.Output {
			unit = "subpartition"
		}
		fmt.Fprintf(b, "    %d %s %s (%d %s): %d buffers each\n", p.Count, g.Times, p.What, p.Channels, plural(int(p.Channels), unit), p.Required)
	}
	if len(n.Fixes) > 0 {
		b.WriteString("  Fixes (each verified by resolving the edited configuration):\n")
		for i, f := range n.Fixes {
			line := fmt.Sprintf("    [%d] %s", i+1, f.Description)
			if f.Note != "" {
				line += " (" + f.Note + ")"
			}
			b.WriteString(line + "\n")
		}
	} else if n.Short() > 0 {
		b.WriteString("  No change of network memory alone makes it fit: raise the process size, use fewer slots per TaskManager or a lower parallelism.\n")
	}
	if words := strings.Join(strings.Fields(n.Assumptions), " "); words != "" {
		b.WriteString(strings.Join(wrap("  "+words, 100, "  "), "\n") + "\n")
	}
}

// SlotsPanel renders the per-slot analysis compactly for the explorer: one
// line per topic (slot, managed, RocksDB, network, the first fix) and then
// the notices, each cut to width. Warnings are marked "!".
func SlotsPanel(r memmodel.SlotReport, width int, ascii bool) string {
	g := glyphsFor(ascii)
	opts := SlotsOptions{ASCII: ascii}
	var lines []string
	add := func(s string) {
		s = asciiText(s, ascii)
		if width > 0 {
			s = cut(s, width, g.Ellipsis)
		}
		lines = append(lines, s)
	}

	if r.ProfileErr != nil {
		add("slot     Flink refuses the slots: " + r.ProfileErr.Error())
	} else {
		p := r.Profile
		add(fmt.Sprintf("slot     1 of %d · managed %s · network %s · task heap %s · CPU %s",
			p.Slots, sizeWithBytes(p.Managed, opts.Bytes), sizeWithBytes(p.Network, opts.Bytes), sizeWithBytes(p.TaskHeap, opts.Bytes), p.CPUCores))
	}

	switch {
	case r.SharesErr != nil:
		add("managed  refused: " + r.SharesErr.Error())
	case len(r.Shares) == 0:
		add("managed  no consumer (uses: none)")
	default:
		parts := make([]string, 0, len(r.Shares))
		for _, s := range r.Shares {
			parts = append(parts, fmt.Sprintf("%s %s %s %s", s.Consumer, slotsPercent(s.Fraction), g.Arrow, sizeWithBytes(s.PerSlot, opts.Bytes)))
		}
		add("managed  " + strings.Join(parts, " · "))
	}

	switch {
	case r.RocksDBErr != nil:
		add("rocksdb  refused: " + r.RocksDBErr.Error())
	case r.RocksDB != nil && r.RocksDB.Rule == memmodel.RocksDBUnbounded:
		add("rocksdb  ! unbounded: no cache or write buffer limit")
	case r.RocksDB != nil:
		rb := r.RocksDB
		scope := ""
		if rb.Scope == "taskmanager" {
			scope = " per TM"
		}
		add(fmt.Sprintf("rocksdb  %s%s %s · cache %s · write buffers %s · high-prio %s",
			rb.Rule, scope, sizeWithBytes(rb.Budget, opts.Bytes), sizeWithBytes(rb.BlockCache, opts.Bytes), sizeWithBytes(rb.WriteBufferManager, opts.Bytes), sizeWithBytes(rb.HighPriorityPool, opts.Bytes)))
	}

	switch n := r.Network; {
	case r.NetworkErr != nil:
		add("network  " + r.NetworkErr.Error())
	case n.Required == nil:
		add(fmt.Sprintf("network  %d buffers of %s available", n.Available, sizeWithBytes(n.SegmentSize, opts.Bytes)))
	case n.Short() > 0:
		add(fmt.Sprintf("network  ! %d buffers required, %d available: %d short", *n.Required, n.Available, n.Short()))
		if len(n.Fixes) > 0 {
			add("         fix: " + n.Fixes[0].Description)
		}
	default:
		add(fmt.Sprintf("network  %d buffers required %s %d available", *n.Required, g.AtMost, n.Available))
	}

	for _, nt := range r.Notices {
		mark := "- "
		if nt.Warning {
			mark = "! "
		}
		add(mark + nt.Message())
	}
	return strings.Join(lines, "\n")
}

// slotsPercent prints a fraction as a percentage with up to one decimal
// ("70 %", "41.2 %").
func slotsPercent(f float64) string { return strings.TrimSuffix(percentOf(f), ".0") + " %" }

func slotsRatio(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func slotsCount(n int) string { return strconv.Itoa(n) + " " + plural(n, "slot") }

func slotsIndent(rows [][]string) [][]string {
	for _, r := range rows {
		r[0] = "  " + r[0]
	}
	return rows
}
