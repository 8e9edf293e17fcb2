package model

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// Step sizes. Fractions stop at maxFraction: Flink accepts a fraction only
// below 1, and 0.99 is the last two-decimal value it takes, so stepping
// never produces a value Flink refuses for being 1 or more (a typed value
// is taken as typed, and may be refused).
const (
	sizeStep          = 64 * memmodel.MiB
	sizeStepCoarse    = 512 * memmodel.MiB
	fractionStep      = 0.05
	fractionCoarse    = 0.1
	maxFraction       = 0.99
	coresStep         = 0.5
	coresStepCoarse   = 2
	slotsStep         = 1
	slotsStepCoarse   = 4
	buffersStep       = 1024
	buffersStepCoarse = 8192
)

// startEdit opens the text field on the selected option, holding its
// configured value (empty when unset, with the default as placeholder).
func (m *Model) startEdit() tea.Cmd {
	o := m.Selected()
	if o.Key == "" {
		return nil
	}
	m.edit.before = m.snapshot()
	m.edit.option = o
	m.edit.onJob = false
	v, _, _ := memmodel.ConfiguredValue(o, m.in.Config)
	m.edit.input.SetValue(v)
	m.edit.input.CursorEnd()
	m.edit.input.Placeholder = ""
	if d, ok := memmodel.Default(o.ID, m.in.Line); ok {
		m.edit.input.Placeholder = "default " + d
	}
	// The field replaces the value and resolved columns; keep it inside
	// them on narrow terminals.
	width := 20
	if m.width < 80 {
		width = 12
	}
	return m.openEditField(width, 64, typeHint(o))
}

// openEditField shows the text field, width columns wide and taking at
// most limit characters, with note (what the field accepts) beside it.
func (m *Model) openEditField(width, limit int, note string) tea.Cmd {
	m.edit.input.Width, m.edit.input.CharLimit = width, limit
	m.edit.note, m.edit.bad = note, false
	m.open(panelEdit)
	return m.edit.input.Focus()
}

// typeHint says what the field accepts.
func typeHint(o memmodel.Option) string {
	tail := " · an empty field unsets it · enter keeps · esc cancels"
	switch o.Type {
	case memmodel.TypeSize:
		return o.Key + ": a size such as 1728m, 2g, 512 mb or 1073741824 (bytes)" + tail
	case memmodel.TypeFraction:
		return o.Key + ": a fraction, at least 0 and below 1, such as 0.4" + tail
	case memmodel.TypeInt:
		return o.Key + ": a whole number" + tail
	case memmodel.TypeDouble:
		return o.Key + ": a number such as 2 or 1.5" + tail
	}
	return o.Key + ": true or false" + tail
}

// editPanel is the text field on the selected option or count row,
// drawn in place of the row's value.
type editPanel struct {
	input textinput.Model
	// before is the state when the edit started: esc returns to it, and
	// it is what undo restores once the edit is kept.
	before snapshot
	option memmodel.Option
	// job is the Job row in the field when onJob is set.
	job   jobField
	onJob bool
	// note says what the field takes, or what is wrong with its text:
	// bad when Flink cannot read it, refused when Flink would refuse it.
	note         string
	bad, refused bool
	// ret is the panel the field returns to: the main screen, or the
	// step-through when the edit started there.
	ret panelID
}

// newField is a text field without prompt and with a steady cursor: a
// blinking one would redraw the screen twice a second for nothing, which
// is noise over SSH.
func newField() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// Update handles a key while the text field has the focus. Every key
// that changes the text previews the value: a value Flink can read is
// resolved at once; one it cannot read is explained and leaves the last
// preview on screen.
func (p *editPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	km, isKey := msg.(tea.KeyMsg)
	switch {
	case !isKey:
		if _, mouse := msg.(tea.MouseMsg); mouse {
			return nil
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd
	case key.Matches(km, m.keys.Accept):
		if p.onJob {
			m.commitJobEdit()
			return nil
		}
		m.commitEdit()
		return nil
	case key.Matches(km, m.keys.Cancel):
		p.input.Blur()
		p.onJob = false
		m.restore(p.before)
		m.closeEdit(false)
		m.setStatus(view.StatusInfo, "edit cancelled")
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(km)
	if p.onJob {
		m.previewJob()
		return cmd
	}
	m.preview()
	return cmd
}

// View puts the field on the selected row and its note on the status
// line.
func (p *editPanel) View(m *Model, f *view.Frame) {
	f.Editor = p.input.View()
	if !m.styles.Color {
		// Without colour the cursor cannot show; brackets at least show
		// which field is being typed into.
		f.Editor = "[" + f.Editor + "]"
	}
	if p.note != "" {
		f.Status = p.note
		f.StatusKind = view.StatusInfo
		if p.bad || p.refused {
			f.StatusKind = view.StatusError
		}
	}
}

// Keys are the field's bindings: letters type, so only ctrl+c quits.
func (p *editPanel) Keys(m *Model) panelKeys {
	accept := relabel(m.keys.Accept, "enter", "keep the value")
	cancel := relabel(m.keys.Cancel, "esc", "cancel")
	quit := ctrlCQuit(m.keys)
	return panelKeys{short: []key.Binding{accept, cancel, quit}, keep: []key.Binding{quit, accept, cancel},
		full: [][]key.Binding{{accept, cancel}, {quit}}}
}

// TakesText is true: characters go into the field.
func (p *editPanel) TakesText(*Model) bool { return true }

// editedConfig is the configuration before the edit with the field's
// value in place of the option (and of its deprecated spellings); an
// empty field removes the option.
func (m *Model) editedConfig(v string) memmodel.Config {
	cfg, _, _ := m.edited(v)
	return cfg
}

// edited is editedConfig with the base's keys that the value replaces
// dropped (trimBase), which it returns with the processes now sized.
func (m *Model) edited(v string) (cfg memmodel.Config, dropped, roles []string) {
	cfg = cloneConfig(m.edit.before.cfg)
	for _, k := range m.edit.option.Deprecated {
		delete(cfg, k)
	}
	if strings.TrimSpace(v) == "" {
		delete(cfg, m.edit.option.Key)
	} else {
		cfg[m.edit.option.Key] = v
		dropped, roles = trimBase(cfg, m.edit.before.base, m.edit.option.Key)
	}
	return cfg, dropped, roles
}

func (m *Model) preview() {
	v := m.edit.input.Value()
	if strings.TrimSpace(v) != "" {
		if err := memmodel.CheckValue(m.edit.option.ID, v); err != nil {
			m.edit.note, m.edit.bad = err.Error(), true
			return
		}
	}
	m.edit.note, m.edit.bad, m.edit.refused = typeHint(m.edit.option), false, false
	if strings.TrimSpace(v) == "" {
		m.edit.note = m.edit.option.Key + ": empty · enter unsets it (back to default or derived) · esc cancels"
	}
	cfg := m.editedConfig(v)
	if m.err == nil {
		// A half-typed value (the 8 of 8g) is often one Flink refuses.
		// Swapping the layout for the refusal would move the row being
		// typed in; the last layout Flink accepts stays on screen and the
		// status line says what is wrong.
		if err := resolves(m.in, cfg); err != nil {
			m.edit.note, m.edit.refused = refusedWhileTyping(m.edit.option.Key, v, err), true
			return
		}
	}
	m.in.Config = cfg
	m.recompute()
}

// resolves reports why Flink would refuse the input with cfg, or nil.
func resolves(in memmodel.Input, cfg memmodel.Config) error {
	in.Config = cfg
	l, err := memmodel.Resolve(in)
	if err == nil && in.Role == memmodel.TaskManager {
		_, err = l.Slot()
	}
	return err
}

// refusedWhileTyping says that the value in the field would be refused,
// and what enter then does.
func refusedWhileTyping(key, v string, err error) string {
	why := err.Error()
	var rej *memmodel.Rejection
	if errors.As(err, &rej) {
		why = rej.Check.Title() + " (" + string(rej.Check) + ")"
	}
	if strings.TrimSpace(v) == "" {
		v = "unset"
	}
	return key + " = " + v + ": Flink would refuse this: " + why + " · keep typing, or enter keeps it and lists the fixes"
}

// commitEdit keeps the typed value as typed, even one Flink cannot read:
// the refusal then says exactly what Flink would say.
func (m *Model) commitEdit() {
	m.edit.input.Blur()
	var dropped, roles []string
	m.in.Config, dropped, roles = m.edited(m.edit.input.Value())
	m.recompute()
	m.closeEdit(true)
	if configsEqual(m.in.Config, m.edit.before.cfg) {
		m.setStatus(view.StatusInfo, "unchanged")
		return
	}
	m.ownKeys(m.edit.option.Key, dropped, roles)
	m.record(m.edit.before)
	switch {
	case m.err != nil:
		m.setStatus(view.StatusError, "Flink would refuse this; pick a fix with 1-9, edit again, or u to undo"+droppedWords(dropped))
	case strings.TrimSpace(m.edit.input.Value()) == "":
		m.setStatus(view.StatusInfo, "unset "+m.edit.option.Key)
	default:
		m.setStatus(view.StatusOK, m.edit.option.Key+" = "+m.edit.input.Value()+droppedWords(dropped))
	}
}

// step moves the selected option by one step (or a coarse one) in dir,
// from its configured value, else what the resolver derived for it, else
// its default.
func (m *Model) step(dir int, coarse bool) {
	if f, ok := m.selectedJob(); ok {
		m.stepJob(f, dir, coarse)
		return
	}
	o := m.Selected()
	if o.Key == "" {
		return
	}
	value, note := m.stepped(o, dir, coarse)
	if note != "" {
		m.setStatus(view.StatusInfo, note)
	}
	if value == "" {
		return
	}
	dropped := m.setValue(o, value)
	if note == "" {
		m.setStatus(view.StatusInfo, o.Key+" = "+value+dropped)
	}
}

// stepped computes the stepped value, or "" with a note when there is no
// step to take.
func (m *Model) stepped(o memmodel.Option, dir int, coarse bool) (string, string) {
	raw, _, set := memmodel.ConfiguredValue(o, m.in.Config)
	def, hasDef := memmodel.Default(o.ID, m.in.Line)
	switch o.Type {
	case memmodel.TypeSize:
		base, ok := memmodel.MemorySize(0), false
		if set {
			if s, err := memmodel.ParseMemorySize(raw); err == nil {
				base, ok = s, true
			}
		}
		if !ok {
			// A derived size is rarely whole (383.99 MiB); round it to
			// the MiB so that a step lands on a size people write.
			if d, found := m.derivedSize(o); found {
				base, ok = (d+memmodel.MiB/2)/memmodel.MiB*memmodel.MiB, true
			}
		}
		if !ok && hasDef {
			if s, err := memmodel.ParseMemorySize(def); err == nil {
				base, ok = s, true
			}
		}
		if base == memmodel.MaxMemorySize && dir < 0 {
			return "", o.Key + " is unlimited: press enter to type a size"
		}
		d := sizeStep
		if coarse {
			d = sizeStepCoarse
		}
		switch {
		case dir > 0 && base > memmodel.MaxMemorySize-d:
			return "", o.Key + " is at Flink's largest size"
		case dir > 0:
			base += d
		case base <= d:
			if base == 0 {
				return "", o.Key + " is already 0"
			}
			base = 0
		default:
			base -= d
		}
		return base.String(), ""
	case memmodel.TypeFraction:
		f := 0.0
		if v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); set && err == nil {
			f = v
		} else if v, err := strconv.ParseFloat(def, 64); hasDef && err == nil {
			f = v
		}
		d := fractionStep
		if coarse {
			d = fractionCoarse
		}
		next := math.Round((f+float64(dir)*d)*100) / 100
		next = math.Max(0, math.Min(next, maxFraction))
		if next == f {
			if dir > 0 {
				return "", o.Key + " is at 0.99, the last step below 1 (Flink refuses a fraction of 1 or more)"
			}
			return "", o.Key + " is already 0"
		}
		note := ""
		if next == maxFraction && dir > 0 {
			note = o.Key + " = 0.99: stepping stops below 1, which Flink refuses"
		}
		return strconv.FormatFloat(next, 'f', -1, 64), note
	case memmodel.TypeInt:
		n := 0
		if v, err := strconv.Atoi(strings.TrimSpace(raw)); set && err == nil {
			n = v
		} else if v, err := strconv.Atoi(def); hasDef && err == nil {
			n = v
		}
		d := slotsStep
		if coarse {
			d = slotsStepCoarse
		}
		switch o.ID {
		case memmodel.TMLegacyNetworkBuffers:
			d = buffersStep
			if coarse {
				d = buffersStepCoarse
			}
		case memmodel.TMLegacyHeapMB, memmodel.JMLegacyHeapMB:
			d = int(sizeStep / memmodel.MiB)
			if coarse {
				d = int(sizeStepCoarse / memmodel.MiB)
			}
		}
		next := max(n+dir*d, 0)
		if next == n {
			return "", o.Key + " is already 0"
		}
		return strconv.Itoa(next), ""
	case memmodel.TypeDouble:
		f := 0.0
		if v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); set && err == nil {
			f = v
		} else if m.err == nil {
			f = m.layout.CPUCores
		}
		d := coresStep
		if coarse {
			d = coresStepCoarse
		}
		next := math.Max(0, math.Round((f+float64(dir)*d)*100)/100)
		if next == f {
			return "", o.Key + " is already 0"
		}
		return strconv.FormatFloat(next, 'f', -1, 64), ""
	}
	// A boolean flips whichever way it is stepped.
	cur := strings.EqualFold(strings.TrimSpace(raw), "true")
	if !set {
		cur = strings.EqualFold(def, "true")
	}
	return strconv.FormatBool(!cur), ""
}

// derivedSize is what the resolver made of a size option that is not
// set: the total or component it stands for.
func (m *Model) derivedSize(o memmodel.Option) (memmodel.MemorySize, bool) {
	if m.err != nil {
		return 0, false
	}
	switch o.ID {
	case memmodel.TMProcessSize, memmodel.JMProcessSize:
		return m.layout.TotalProcess, true
	case memmodel.TMFlinkSize, memmodel.JMFlinkSize:
		return m.layout.TotalFlink, true
	case memmodel.TMFrameworkHeap, memmodel.TMTaskHeap, memmodel.TMManagedSize, memmodel.TMFrameworkOffHeap,
		memmodel.TMTaskOffHeap, memmodel.TMMetaspace, memmodel.JMHeap, memmodel.JMOffHeap, memmodel.JMMetaspace:
		c, _ := memmodel.ComponentOf(o.ID)
		return m.layout.Size[c], true
	}
	return 0, false
}

func configsEqual(a, b memmodel.Config) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
