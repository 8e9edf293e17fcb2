package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// The Job group of the options pane holds what the per-slot analysis needs
// from the job rather than from Flink's configuration: which consumers use
// managed memory, and the shape its network buffers follow. Its rows come
// after the options, under the same cursor.

// jobField is one row of the Job group.
type jobField uint8

const (
	jobRocksDB jobField = iota
	jobPython
	jobOperators
	jobParallelism
	jobAllToAll
	jobForward
	jobBatch
	numJobFields
)

// Defaults of the job shape: one keyBy, no unchained forward exchange.
const (
	defaultAllToAll = 1
	defaultForward  = 0
	// maxJobCount bounds typed counts: Flink holds them in a Java int.
	maxJobCount = math.MaxInt32
)

// Steps of the shape's counts: parallelism by 1 (coarse 100), exchanges
// by 1 (coarse 4).
const (
	parallelismStep       = 1
	parallelismStepCoarse = 100
	exchangeStep          = 1
	exchangeStepCoarse    = 4
)

// label names the row in the pane.
func (f jobField) label() string {
	return [...]string{"RocksDB state", "Python UDFs", "batch operators", "parallelism",
		"all-to-all exchanges", "forward exchanges", "batch execution"}[f]
}

// toggle reports whether the row is switched rather than typed.
func (f jobField) toggle() bool {
	return f != jobParallelism && f != jobAllToAll && f != jobForward
}

// jobRows reports whether the pane has a Job group: the per-slot analysis
// is a TaskManager's.
func (m *Model) jobRows() int {
	if m.in.Role != memmodel.TaskManager {
		return 0
	}
	return int(numJobFields)
}

// rowCount is the number of rows under the cursor: options, then Job rows.
func (m *Model) rowCount() int { return len(m.options) + m.jobRows() }

// selectedJob returns the Job row under the cursor, if the cursor is on one.
func (m *Model) selectedJob() (jobField, bool) {
	i := m.selected - len(m.options)
	if i < 0 || i >= m.jobRows() {
		return 0, false
	}
	return jobField(i), true
}

// selectJob puts the cursor on a Job row.
func (m *Model) selectJob(f jobField) bool {
	if int(f) >= m.jobRows() {
		return false
	}
	m.selected = len(m.options) + int(f)
	return true
}

// effectiveUses is the consumers the analysis counts: the toggles and
// --uses, and what Flink's own keys say.
func (m *Model) effectiveUses() memmodel.Uses {
	return m.uses.Or(memmodel.UsesFromConfig(m.in.Config))
}

// jobShape is the shape handed to the network estimate; nil until a
// parallelism is given. Batch exchanges also follow execution.runtime-mode.
func (m *Model) jobShape() *memmodel.JobShape {
	if m.job.Parallelism < 1 {
		return nil
	}
	j := m.job
	j.Batch = j.Batch || memmodel.BatchRuntimeMode(m.in.Config)
	return &j
}

// fromConfig returns the key that turns a row on from the configuration,
// when one does; the toggle then cannot turn it off.
func (m *Model) fromConfig(f jobField) (string, bool) {
	cfg := m.in.Config
	switch f {
	case jobRocksDB:
		if memmodel.UsesFromConfig(cfg).RocksDB {
			if _, ok := cfg["state.backend.type"]; ok {
				return "state.backend.type", true
			}
			return "state.backend", true
		}
	case jobOperators, jobBatch:
		if memmodel.BatchRuntimeMode(cfg) {
			return "execution.runtime-mode", true
		}
	}
	return "", false
}

// jobState is the field a row edits: a toggle's switch or a count row's
// value (the other is nil). It is the one place that ties the rows to the
// job shape and the consumers.
func (m *Model) jobState(f jobField) (*bool, *int) {
	switch f {
	case jobRocksDB:
		return &m.uses.RocksDB, nil
	case jobPython:
		return &m.uses.Python, nil
	case jobOperators:
		return &m.uses.Operators, nil
	case jobBatch:
		return &m.job.Batch, nil
	case jobParallelism:
		return nil, &m.job.Parallelism
	case jobAllToAll:
		return nil, &m.job.AllToAll
	}
	return nil, &m.job.Forward
}

// toggleOf is the switch of a toggle row; nil for a count row.
func (m *Model) toggleOf(f jobField) *bool {
	p, _ := m.jobState(f)
	return p
}

// countOf is the value of a count row.
func (m *Model) countOf(f jobField) *int {
	_, n := m.jobState(f)
	return n
}

// toggled reports whether the user has a toggle row on.
func (m *Model) toggled(f jobField) bool {
	p := m.toggleOf(f)
	return p != nil && *p
}

// count returns a count row's value.
func (m *Model) count(f jobField) int { return *m.countOf(f) }

// defaultCount is a count row's value when nobody set it; parallelism has
// none (no shape, no estimate).
func defaultCount(f jobField) int {
	switch f {
	case jobAllToAll:
		return defaultAllToAll
	case jobForward:
		return defaultForward
	}
	return 0
}

// jobViewRows describes the Job rows for the view: value, whether it is a
// default, and what it comes to in the current analysis.
func (m *Model) jobViewRows() []view.JobRow {
	n := m.jobRows()
	if n == 0 {
		return nil
	}
	rows := make([]view.JobRow, n)
	for i := range rows {
		f := jobField(i)
		r := view.JobRow{Label: f.label()}
		key, fromCfg := m.fromConfig(f)
		switch {
		case f.toggle():
			r.Value, r.Default = "off", true
			if fromCfg || m.toggled(f) {
				r.Value, r.Default = "on", false
			}
		case f == jobParallelism && m.job.Parallelism < 1:
			// Empty: no shape given.
		default:
			r.Value = strconv.Itoa(m.count(f))
			r.Default = m.count(f) == defaultCount(f)
		}
		r.Note, r.Warn = m.jobNote(f)
		if fromCfg {
			via := "via " + key
			if r.Note != "" {
				via += " · " + r.Note
			}
			r.Note = via
		}
		rows[i] = r
	}
	return rows
}

// jobNote is what a row comes to: a consumer's managed memory per slot,
// the buffers the shape requires.
func (m *Model) jobNote(f jobField) (string, bool) {
	r := m.slotReport()
	if r == nil {
		return "", false
	}
	switch f {
	case jobRocksDB, jobPython, jobOperators:
		want := map[jobField]memmodel.Consumer{jobRocksDB: memmodel.ConsumerStateBackend, jobPython: memmodel.ConsumerPython,
			jobOperators: memmodel.ConsumerOperator}[f]
		for _, s := range r.Shares {
			if s.Consumer == want {
				size := s.PerSlot.Human()
				if m.exact {
					size = strconv.FormatInt(s.PerSlot.Bytes(), 10) + " B"
				}
				return size + " per slot (" + strings.TrimSuffix(strconv.FormatFloat(s.Fraction*100, 'f', 1, 64), ".0") + " %)", false
			}
		}
	case jobBatch:
		if m.job.Batch || memmodel.BatchRuntimeMode(m.in.Config) {
			return "blocking exchanges", false
		}
		return "streaming", false
	case jobParallelism:
		if m.job.Parallelism < 1 {
			return "no buffer estimate", false
		}
		n := r.Network
		if r.NetworkErr != nil || n.Required == nil {
			return "", false
		}
		if short := n.Short(); short > 0 {
			return fmt.Sprintf("%d buffers short", short), true
		}
		return fmt.Sprintf("%d of %d buffers", *n.Required, n.Available), false
	}
	return "", false
}

// toggleJob switches a toggle row as one undoable change. A row the
// configuration switches on (state.backend.type: rocksdb,
// execution.runtime-mode: BATCH) is switched off in the configuration:
// the state backend becomes hashmap, the runtime mode STREAMING.
func (m *Model) toggleJob(f jobField) {
	if key, ok := m.fromConfig(f); ok {
		before := m.snapshot()
		was := m.in.Config[key]
		cfg := cloneConfig(m.in.Config)
		if f == jobRocksDB {
			cfg[key] = "hashmap"
			m.uses.RocksDB = false
		} else {
			cfg[key] = "STREAMING"
			m.uses.Operators, m.job.Batch = false, false
		}
		m.in.Config = cfg
		m.recompute()
		m.record(before)
		m.jobStatus(fmt.Sprintf("%s: %s (was %s) · u undoes it", key, cfg[key], was))
		return
	}
	p := m.toggleOf(f)
	if p == nil {
		return
	}
	if key, value := m.configSwitch(f); key != "" && !*p {
		// Switched on in the configuration itself, so that an export
		// carries it.
		before := m.snapshot()
		cfg := cloneConfig(m.in.Config)
		was, had := cfg[key]
		cfg[key] = value
		m.in.Config = cfg
		m.recompute()
		m.record(before)
		msg := f.label() + ": on (" + key + ": " + value
		if had {
			msg += ", was " + was
		}
		m.jobStatus(msg + ") · u undoes it")
		return
	}
	before := m.snapshot()
	on := !*p
	*p = on
	m.recompute()
	m.record(before)
	m.jobStatus(f.label() + ": " + map[bool]string{true: "on", false: "off"}[on] + " (u undoes it)")
}

// configSwitch is the key and value that switch a row on in Flink's
// configuration on the current line: the RocksDB state backend
// (state.backend.type from 1.17, state.backend before; the spelling
// already in the configuration wins), batch execution
// (execution.runtime-mode, from 1.12). "" when the row has none there.
func (m *Model) configSwitch(f jobField) (key, value string) {
	switch {
	case f == jobRocksDB:
		key = "state.backend.type"
		if _, ok := m.in.Config[key]; !ok {
			if _, old := m.in.Config["state.backend"]; old || m.in.Line < memmodel.Line1_17 {
				key = "state.backend"
			}
		}
		return key, "rocksdb"
	case f == jobBatch && m.in.Line >= memmodel.Line1_12.First():
		return "execution.runtime-mode", "BATCH"
	}
	return "", ""
}

// setCount sets a count row as one undoable change.
func (m *Model) setCount(f jobField, n int) {
	if n == m.count(f) {
		return
	}
	before := m.snapshot()
	*m.countOf(f) = n
	m.recompute()
	m.record(before)
}

// stepJob steps a count row (or switches a toggle row) in dir.
func (m *Model) stepJob(f jobField, dir int, coarse bool) {
	if f.toggle() {
		m.toggleJob(f)
		return
	}
	d := exchangeStep
	if coarse {
		d = exchangeStepCoarse
	}
	if f == jobParallelism {
		d = parallelismStep
		if coarse {
			d = parallelismStepCoarse
		}
	}
	cur := m.count(f)
	next := min(max(cur+dir*d, 0), maxJobCount)
	if f == jobParallelism && cur >= 1 && next < 1 {
		// Stepping down stops at 1; unset (del) drops the shape.
		next = 1
	}
	if f == jobParallelism && cur < 1 && dir > 0 {
		next = d
	}
	if next == cur {
		m.setStatus(view.StatusInfo, fmt.Sprintf("%s is already %d", f.label(), cur))
		return
	}
	m.setCount(f, next)
	m.jobStatus(fmt.Sprintf("%s = %d", f.label(), next))
}

// unsetJob returns a row to its default: a toggle off, the parallelism
// unset (no shape), an exchange count to its default.
func (m *Model) unsetJob(f jobField) {
	if key, ok := m.fromConfig(f); ok {
		// The key that switches it on goes, back to Flink's default.
		before := m.snapshot()
		cfg := cloneConfig(m.in.Config)
		delete(cfg, key)
		m.in.Config = cfg
		if f == jobRocksDB {
			m.uses.RocksDB = false
		} else {
			m.uses.Operators, m.job.Batch = false, false
		}
		m.recompute()
		m.record(before)
		m.jobStatus("unset " + key + " (u undoes it)")
		return
	}
	if f.toggle() {
		if !m.toggled(f) {
			m.setStatus(view.StatusInfo, f.label()+" is not switched on here")
			return
		}
		m.toggleJob(f)
		return
	}
	if m.count(f) == defaultCount(f) {
		m.setStatus(view.StatusInfo, f.label()+" is not set")
		return
	}
	m.setCount(f, defaultCount(f))
	if f == jobParallelism {
		m.setStatus(view.StatusInfo, "unset parallelism: no job shape, no network estimate")
		return
	}
	m.jobStatus(fmt.Sprintf("%s back to %d", f.label(), defaultCount(f)))
}

// jobStatus reports a change to the job; when the job's network buffers
// fall short it says so too, with how to fix it.
func (m *Model) jobStatus(msg string) {
	if m.networkShort() {
		m.setStatus(view.StatusError, msg+": "+shortWords(m.slotReport().Network.Short(), len(m.networkFixes())))
		return
	}
	m.setStatus(view.StatusOK, msg)
}

// networkShort reports whether the job's shape needs more network buffers
// than the TaskManager has.
func (m *Model) networkShort() bool {
	return m.err == nil && m.slotReport() != nil && m.slotReport().NetworkErr == nil && m.slotReport().Network.Short() > 0
}

// networkFixes are the verified fixes for short network buffers.
func (m *Model) networkFixes() []memmodel.Fix {
	if !m.networkShort() {
		return nil
	}
	return m.slotReport().Network.Fixes
}

// shortWords says that the buffers fall short and how to act on it.
func shortWords(short int64, fixes int) string {
	s := fmt.Sprintf("%d network buffers short", short)
	if fixes == 0 {
		return s + ", see PER SLOT"
	}
	if fixes == 1 {
		return s + ", 1 applies the fix"
	}
	return s + fmt.Sprintf(", 1-%d applies a fix", min(fixes, 9))
}

// parseCount reads a typed count for a row, saying what is wrong in our
// words.
func parseCount(f jobField, v string) (int, error) {
	v = strings.TrimSpace(v)
	n, err := strconv.Atoi(v)
	least := 0
	if f == jobParallelism {
		least = 1
	}
	switch {
	case err != nil && strings.Trim(v, "0123456789") == "" && v != "":
		return 0, fmt.Errorf("%s %s is more than Flink can hold (at most %d)", f.label(), v, maxJobCount)
	case err != nil:
		return 0, fmt.Errorf("%s %q is not a whole number: type %s", f.label(), v, countHint(f))
	case n < least:
		return 0, fmt.Errorf("%s %d is too small: type %s", f.label(), n, countHint(f))
	case n > maxJobCount:
		return 0, fmt.Errorf("%s %d is more than Flink can hold (at most %d)", f.label(), n, maxJobCount)
	}
	return n, nil
}

// countHint says what a count row takes.
func countHint(f jobField) string {
	switch f {
	case jobParallelism:
		return "the parallelism of the job's vertices, 1 or more"
	case jobAllToAll:
		return "the all-to-all exchanges (keyBy, rebalance, broadcast) in one pipeline, 0 or more"
	}
	return "the forward exchanges Flink does not chain, 0 or more"
}

// startJobEdit opens the text field on a count row.
func (m *Model) startJobEdit(f jobField) tea.Cmd {
	m.edit.before = m.snapshot()
	m.edit.option = memmodel.Option{}
	m.edit.job, m.edit.onJob = f, true
	m.edit.input.SetValue("")
	if n := m.count(f); f != jobParallelism || n >= 1 {
		m.edit.input.SetValue(strconv.Itoa(n))
	}
	m.edit.input.CursorEnd()
	m.edit.input.Placeholder = ""
	if f != jobParallelism {
		m.edit.input.Placeholder = "default " + strconv.Itoa(defaultCount(f))
	}
	return m.openEditField(12, 12, jobTypeHint(f))
}

// jobTypeHint says what a count field accepts.
func jobTypeHint(f jobField) string {
	empty := "an empty field unsets it"
	if f != jobParallelism {
		empty = fmt.Sprintf("an empty field means %d", defaultCount(f))
	}
	return f.label() + ": " + countHint(f) + " · " + empty + " · enter keeps · esc cancels"
}

// previewJob applies the field's value to the shape while typing; a value
// that is not a count is explained and leaves the last preview on screen.
func (m *Model) previewJob() {
	f, v := m.edit.job, m.edit.input.Value()
	n := defaultCount(f)
	if strings.TrimSpace(v) != "" {
		var err error
		if n, err = parseCount(f, v); err != nil {
			m.edit.note, m.edit.bad = err.Error(), true
			return
		}
	}
	m.edit.note, m.edit.bad = jobTypeHint(f), false
	m.job = m.edit.before.job
	*m.countOf(f) = n
	m.recompute()
}

// commitJobEdit keeps the typed count, or the last count that could be
// read: a shape Flink cannot have is never kept.
func (m *Model) commitJobEdit() {
	m.edit.input.Blur()
	m.edit.onJob = false
	m.open(panelMain)
	f := m.edit.job
	if m.edit.bad {
		m.restore(m.edit.before)
		m.setStatus(view.StatusError, m.edit.note+"; the field was not kept")
		return
	}
	if m.job == m.edit.before.job {
		m.setStatus(view.StatusInfo, "unchanged")
		return
	}
	m.record(m.edit.before)
	if f == jobParallelism && m.job.Parallelism < 1 {
		m.setStatus(view.StatusInfo, "unset parallelism: no job shape, no network estimate")
		return
	}
	m.jobStatus(fmt.Sprintf("%s = %d", f.label(), m.count(f)))
}

// slotReport is the per-slot analysis of a resolved TaskManager, computed
// on first use after a change; nil otherwise.
func (m *Model) slotReport() *memmodel.SlotReport {
	if m.slotsDue {
		m.slotsDue = false
		r := memmodel.AnalyzeSlots(m.in, &m.layout, m.effectiveUses(), m.jobShape())
		m.slots = &r
	}
	return m.slots
}
