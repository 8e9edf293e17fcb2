package model

import (
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// maxHistory bounds the undo history: the oldest change is dropped
// beyond it, and the status line says so.
const maxHistory = 1000

// state is everything an undoable action may change besides the keys of
// the configuration: the process, the line, where the configuration came
// from, the job, and the cursor. The maps are never changed in place.
type state struct {
	role           memmodel.Role
	line           memmodel.Line
	source, preset string
	// baseline is what "modified" compares with; rest holds the keys
	// the memory model does not read (see memmodel.MayRead).
	baseline, rest memmodel.Config
	uses           memmodel.Uses
	job            memmodel.JobShape
	cursor         cursorAt
	// notices, base and heaps are the Model's fields of those names.
	notices []view.ReportNote
	base    memmodel.Config
	heaps   [2]memmodel.MemorySize
}

// cursorAt is where the cursor is: an option, or a Job row.
type cursorAt struct {
	option memmodel.OptionID
	job    jobField
	onJob  bool
	index  int
}

// snapshot is the state with a copy of the keys the memory model reads
// (a few dozen at most, however large the file): what an edit in
// progress returns to, and what a change is measured against.
type snapshot struct {
	state
	cfg memmodel.Config
}

// keyChange is one key an action changed, with its value on both sides.
type keyChange struct {
	key            string
	old, new       string
	hadOld, hasNew bool
}

// step is one undoable action: the keys it changed and the state before
// and after. The history stores steps, never copies of the configuration.
type step struct {
	before, after state
	keys          []keyChange
}

func (m *Model) state() state {
	s := state{role: m.in.Role, line: m.in.Line, source: m.source, preset: m.preset, baseline: m.baseline, rest: m.rest,
		uses: m.uses, job: m.job, cursor: cursorAt{index: m.selected}, notices: m.notices, base: m.base, heaps: m.heaps}
	if f, ok := m.selectedJob(); ok {
		s.cursor.job, s.cursor.onJob = f, true
	} else {
		s.cursor.option = m.Selected().ID
	}
	return s
}

func (m *Model) setState(s state) {
	m.in.Role, m.in.Line = s.role, s.line
	m.source, m.preset, m.baseline, m.rest = s.source, s.preset, s.baseline, s.rest
	m.uses, m.job = s.uses, s.job
	m.notices, m.base, m.heaps = s.notices, s.base, s.heaps
	m.recompute()
	switch {
	case s.cursor.onJob && m.selectJob(s.cursor.job):
	case !s.cursor.onJob && m.selectOption(s.cursor.option):
	default:
		m.selected = max(0, min(s.cursor.index, m.rowCount()-1))
	}
}

// snapshot captures the state before an action.
func (m *Model) snapshot() snapshot {
	return snapshot{state: m.state(), cfg: cloneConfig(m.in.Config)}
}

// restore returns to a snapshot, as when an edit is cancelled.
func (m *Model) restore(s snapshot) {
	m.in.Config = cloneConfig(s.cfg)
	m.setState(s.state)
}

// record adds the action that led from before to the current state to
// the history, as the keys it changed.
func (m *Model) record(before snapshot) {
	m.noteHeap()
	st := step{before: before.state, after: m.state()}
	for k, v := range before.cfg {
		if w, ok := m.in.Config[k]; !ok || w != v {
			st.keys = append(st.keys, keyChange{key: k, old: v, hadOld: true, new: w, hasNew: ok})
		}
	}
	for k, w := range m.in.Config {
		if _, ok := before.cfg[k]; !ok {
			st.keys = append(st.keys, keyChange{key: k, new: w, hasNew: true})
		}
	}
	m.undo = append(m.undo, st)
	m.redo = nil
	if len(m.undo) > maxHistory {
		m.undo = append(m.undo[:0:0], m.undo[len(m.undo)-maxHistory:]...)
		m.historyFull = true
	}
}

// replay applies a step's keys backwards (undo) or forwards (redo).
func (m *Model) replay(st step, back bool) {
	cfg := cloneConfig(m.in.Config)
	for _, c := range st.keys {
		v, ok := c.new, c.hasNew
		if back {
			v, ok = c.old, c.hadOld
		}
		if ok {
			cfg[c.key] = v
		} else {
			delete(cfg, c.key)
		}
	}
	m.in.Config = cfg
	if back {
		m.setState(st.before)
	} else {
		m.setState(st.after)
	}
}

func (m *Model) undoChange() { m.travel(&m.undo, &m.redo, true) }

func (m *Model) redoChange() { m.travel(&m.redo, &m.undo, false) }

// travel takes the last step off from, replays it backwards (undo) or
// forwards (redo), and puts it on to.
func (m *Model) travel(from, to *[]step, back bool) {
	what, done := "redo", "redone"
	if back {
		what, done = "undo", "undone"
	}
	if len(*from) == 0 {
		m.setStatus(view.StatusInfo, "nothing to "+what)
		return
	}
	st := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, st)
	m.replay(st, back)
	m.setStatus(view.StatusInfo, fmt.Sprintf("%s (%d more to %s)", done, len(*from), what))
}

// splitConfig separates the keys the memory model may read from the
// rest, so that a keystroke never walks a large file's other keys.
func splitConfig(cfg memmodel.Config) (read, rest memmodel.Config) {
	read, rest = memmodel.Config{}, memmodel.Config{}
	for k, v := range cfg {
		if memmodel.MayRead(k) {
			read[k] = v
		} else {
			rest[k] = v
		}
	}
	return read, rest
}

// fullInput is the input with the keys set aside put back, for exports
// and callers.
func (m *Model) fullInput() memmodel.Input {
	in := m.in
	if len(m.rest) == 0 {
		return in
	}
	in.Config = make(memmodel.Config, len(m.in.Config)+len(m.rest))
	for k, v := range m.rest {
		in.Config[k] = v
	}
	for k, v := range m.in.Config {
		in.Config[k] = v
	}
	return in
}
