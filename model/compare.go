package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// Targets and the baseline. t on a component's row sets a target for it
// ("at least 2g task heap"); the solver's answer is shown as a fix that
// enter applies (u undoes it), and every edit re-checks the targets. d pins
// the current layout as the baseline the screen compares with; v then
// shows what an upgrade does.

// targetPanel is the field for a target's value and then the solution.
type targetPanel struct {
	input textinput.Model
	kind  memmodel.TargetKind
	// solved is set once the targets were solved: sol holds the answer,
	// or reason why there is none.
	solved bool
	sol    *memmodel.Solution
	reason string
}

// openTarget starts a target for the component of the selected row.
func (m *Model) openTarget() tea.Cmd {
	if m.err != nil {
		m.setStatus(view.StatusInfo, "Flink refuses this configuration: fix it first, then set targets")
		return nil
	}
	c, ok := view.ComponentOf(m.Selected().ID)
	kind, hasTarget := memmodel.TargetFor(c)
	if _, onJob := m.selectedJob(); onJob || !ok || !hasTarget || !kind.AppliesTo(m.in.Role) {
		m.setStatus(view.StatusInfo, "t sets a target on a component's row: task heap, managed, network, task off-heap, metaspace, JVM heap (JobManager: heap, off-heap)")
		return nil
	}
	p := &m.target
	p.kind, p.solved, p.sol, p.reason = kind, false, nil, ""
	if p.input.Prompt != "" || p.input.Width == 0 {
		p.input = newField()
	}
	v := memmodel.MemorySize(0)
	for _, t := range m.targets {
		if t.Kind == kind {
			v = memmodel.MemorySize(t.Want)
		}
	}
	if v == 0 {
		got, _ := memmodel.MeasureTarget(m.in, &m.layout, m.effectiveUses(), kind)
		v = memmodel.MemorySize(got)
	}
	p.input.SetValue(v.MebibytesCeil())
	p.input.CursorEnd()
	p.input.Width, p.input.CharLimit = 16, 32
	m.open(panelTarget)
	return p.input.Focus()
}

// Update takes the value, then applies or keeps the solution.
func (p *targetPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	if !isKey {
		return nil
	}
	switch {
	case key.Matches(km, m.keys.Cancel):
		p.input.Blur()
		m.open(panelMain)
		if p.solved {
			m.setStatus(view.StatusInfo, "target kept without applying the solution")
		}
		return nil
	case key.Matches(km, m.keys.Accept) && p.solved:
		m.open(panelMain)
		if p.sol != nil {
			m.applySolution(p.sol)
		}
		return nil
	case key.Matches(km, m.keys.Accept):
		p.setTarget(m)
		return nil
	case p.solved:
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(km)
	return cmd
}

// setTarget reads the field: a size sets the target (an empty field
// removes it), then the targets are solved.
func (p *targetPanel) setTarget(m *Model) {
	raw := strings.TrimSpace(p.input.Value())
	kept := m.targets[:0:0]
	for _, t := range m.targets {
		if t.Kind != p.kind {
			kept = append(kept, t)
		}
	}
	if raw == "" {
		m.targets = kept
		m.checkTargets()
		m.open(panelMain)
		m.setStatus(view.StatusInfo, "target "+p.kind.String()+" removed")
		return
	}
	want, err := memmodel.ParseMemorySize(raw)
	if err != nil || want <= 0 {
		m.setStatus(view.StatusError, "a target is a size above 0, such as 2g or 1536m")
		return
	}
	m.targets = append(kept, memmodel.Target{Kind: p.kind, Want: int64(want)})
	m.checkTargets()
	p.input.Blur()
	if m.targetsMet() {
		m.open(panelMain)
		m.setStatus(view.StatusOK, "target "+p.kind.String()+" at least "+want.Human()+" set; the configuration already meets every target")
		return
	}
	p.solved = true
	sol, err := memmodel.Solve(memmodel.SolveRequest{Input: m.in, Targets: m.roleTargets(), Uses: m.effectiveUses()})
	if err != nil {
		p.reason = err.Error()
		return
	}
	p.sol = &sol
}

// applySolution applies a solution as one undoable fix.
func (m *Model) applySolution(sol *memmodel.Solution) {
	fx := memmodel.Fix{Set: sol.Set, Unset: sol.Unset}
	m.applyChange(fx)
	m.setStatus(view.StatusOK, "applied the solution: "+view.FixEdits(fx)+" (u undoes it)")
}

// View shows the field, then the solution over the main screen.
func (p *targetPanel) View(m *Model, f *view.Frame) {
	title := "Target: " + p.kind.String() + " at least"
	for _, t := range m.targets {
		if p.solved && t.Kind == p.kind {
			title += " " + memmodel.FormatTargetValue(t.Kind, t.Want)
		}
	}
	f.Overlay = &view.Overlay{Title: title}
	w, _ := view.OverlaySize(*f, *m.styles)
	if !p.solved {
		field := p.input.View()
		if !m.styles.Color {
			field = "[" + field + "]"
		}
		f.Overlay.Body = view.Wrap(title+" "+field+"\n\nA size such as 2g or 1536m; an empty field removes the target. "+
			"enter solves: the smallest configuration that meets every target, found by resolving it.", w)
		return
	}
	if p.sol == nil {
		f.Overlay.Body = view.Wrap("No configuration meets the targets: "+p.reason+"\n\nesc keeps the target.", w)
		return
	}
	body := view.SolveReport(p.sol, view.SolveOptions{})
	f.Overlay.Body = view.Wrap(body+"\nenter applies this as a fix (u undoes it) · esc keeps the target without applying it", w)
}

// Keys are the target panel's bindings.
func (p *targetPanel) Keys(m *Model) panelKeys {
	accept := relabel(m.keys.Accept, "enter", "solve")
	if p.solved {
		accept = relabel(m.keys.Accept, "enter", "apply the solution")
	}
	cancel := relabel(m.keys.Cancel, "esc", "close")
	quit := ctrlCQuit(m.keys)
	return panelKeys{short: []key.Binding{accept, cancel, quit}, keep: []key.Binding{quit, accept, cancel},
		full: [][]key.Binding{{accept, cancel}, {quit}}}
}

// TakesText is true while the value is typed.
func (p *targetPanel) TakesText(*Model) bool { return !p.solved }

// roleTargets are the targets that apply to the role shown.
func (m *Model) roleTargets() []memmodel.Target {
	var out []memmodel.Target
	for _, t := range m.targets {
		if t.Kind.AppliesTo(m.in.Role) {
			out = append(out, t)
		}
	}
	return out
}

// checkTargets measures the targets on the current layout; a target an
// edit broke is flagged on the status line.
func (m *Model) checkTargets() {
	before := m.targetResults
	m.targetResults = nil
	if m.err != nil {
		return
	}
	for _, t := range m.roleTargets() {
		got, ok := memmodel.MeasureTarget(m.in, &m.layout, m.effectiveUses(), t.Kind)
		r := memmodel.TargetResult{Target: t, Got: got, Met: ok && got >= t.Want}
		m.targetResults = append(m.targetResults, r)
		for _, b := range before {
			if b.Target == t && b.Met && !r.Met {
				m.targetWarning = "this change breaks the target " + t.Kind.String() + " at least " +
					memmodel.FormatTargetValue(t.Kind, t.Want) + " (now " + memmodel.FormatTargetValue(t.Kind, got) + "): t on its row solves it again"
			}
		}
	}
}

// targetsMet reports whether every target of the role is met.
func (m *Model) targetsMet() bool {
	for _, r := range m.targetResults {
		if !r.Met {
			return false
		}
	}
	return m.err == nil
}

// toggleBaseline pins the current layout as the baseline, or clears it.
func (m *Model) toggleBaseline() {
	if m.pinned != nil {
		m.pinned = nil
		m.setStatus(view.StatusInfo, "baseline cleared")
		return
	}
	if m.err != nil {
		m.setStatus(view.StatusInfo, "Flink refuses this configuration: there is no layout to pin")
		return
	}
	l := m.layout
	m.pinned, m.pinnedIn = &l, m.in
	m.pinnedIn.Config = cloneConfig(m.in.Config)
	m.setStatus(view.StatusOK, "baseline pinned: the bar shows it above, the table a Δ column; v compares another Flink line; d clears it")
}

// pinnedLayout is the pinned layout when it is of the role shown.
func (m *Model) pinnedLayout() *memmodel.Layout {
	if m.pinned == nil || m.pinned.Role != m.in.Role {
		return nil
	}
	return m.pinned
}

// upgradeWords summarises, after v, what the line change does against the
// baseline: the components that move and the keys the line stops reading.
func (m *Model) upgradeWords() string {
	if m.pinnedLayout() == nil {
		return ""
	}
	d := memmodel.CompareUses(m.pinnedIn, m.in, m.effectiveUses())
	if d.ToErr != nil {
		return "Flink " + m.in.Line.String() + " refuses the baseline's configuration; the fixes are listed"
	}
	var parts []string
	for _, c := range d.Changes {
		if c.Kind == memmodel.ChangeComponent && c.Delta != 0 {
			sign := "+"
			size := memmodel.MemorySize(c.Delta)
			if c.Delta < 0 {
				sign, size = m.styles.Glyphs.Minus, -size
			}
			parts = append(parts, strings.ToLower(c.Label)+" "+sign+size.Human())
		}
	}
	for _, k := range d.Keys {
		if k.Change == memmodel.KeyNoLongerRead {
			parts = append(parts, k.Key+" no longer read")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "the same layout")
	}
	return "Flink " + m.in.Line.String() + " vs baseline " + d.From.Line.String() + ": " + strings.Join(parts, ", ")
}
