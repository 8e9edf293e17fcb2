package model

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// mode is what the keyboard is talking to.
type mode uint8

const (
	modeMain    mode = iota
	modeEdit         // the text field of the selected option
	modeExplain      // the explanation panel
	modePresets      // the preset picker
	modeExport       // the export panel
	modePath         // the export panel's file name field
	modeConfirm      // asking before overwriting a file
)

// snapshot is one undoable state: everything a change can alter.
type snapshot struct {
	cfg            memmodel.Config
	line           memmodel.Line
	source, preset string
	baseline       memmodel.Config
	uses           memmodel.Uses
	job            memmodel.JobShape
}

// Model is the explorer's state. Update changes it; View draws the frame
// Update last rendered.
type Model struct {
	keys   KeyMap
	help   help.Model
	styles view.Styles
	width  int
	height int

	in     memmodel.Input
	layout memmodel.Layout
	err    error
	fixes  []memmodel.Fix
	slots  *memmodel.SlotReport

	source   string
	preset   string
	baseline memmodel.Config

	// uses are the managed-memory consumers switched on in the Job group
	// (or by --uses); the analysis adds those the configuration declares.
	uses memmodel.Uses
	// job is the job's shape as given in the Job group; a parallelism
	// below 1 means none was given, so there is no network estimate.
	job memmodel.JobShape

	options  []memmodel.Option
	selected int
	scroll   int
	// peek is how far the pane is scrolled past the last row, to read the
	// per-slot panel on a small terminal.
	peek  int
	exact bool

	mode       mode
	input      textinput.Model
	beforeEdit snapshot
	editing    memmodel.Option
	// editingJob is the Job row in the text field when onJobEdit is set.
	editingJob jobField
	onJobEdit  bool
	editNote   string
	editBad    bool

	undo, redo []snapshot

	// explainComponent is set when the explanation is about a clicked
	// component rather than the selected option.
	explainComponent *memmodel.Component

	presetList []presets.Preset
	picker     list.Model

	exp exportState

	status     string
	statusKind view.StatusKind

	screen view.Screen
	// clipboard receives the OSC 52 sequence of a copy: the terminal.
	// tmux says the terminal is tmux, which must pass the sequence on.
	clipboard io.Writer
	tmux      bool
}

// New builds the explorer for a starting configuration, drawing with st.
func New(opts Options, st view.Styles) Model {
	in := opts.Input
	in.Config = cloneConfig(in.Config)
	m := Model{
		keys:      DefaultKeyMap(),
		help:      help.New(),
		styles:    st,
		in:        in,
		source:    opts.Source,
		preset:    opts.Preset,
		baseline:  cloneConfig(in.Config),
		uses:      opts.Uses,
		job:       memmodel.JobShape{AllToAll: defaultAllToAll, Forward: defaultForward},
		clipboard: opts.Clipboard,
		tmux:      opts.InTmux,
	}
	if opts.Job != nil {
		m.job = *opts.Job
	}
	if m.clipboard == nil {
		m.clipboard = os.Stdout
	}
	if m.source == "" && m.preset != "" {
		m.source = "preset " + m.preset
	}
	m.help.ShortSeparator = " · "
	if st.ASCII {
		m.help.ShortSeparator = " | "
		m.help.Ellipsis = "..."
	}
	m.input = textinput.New()
	m.input.Prompt = ""
	// A steady cursor: a blinking one would redraw the screen twice a
	// second for nothing, which is noise over SSH.
	m.input.Cursor.SetMode(cursor.CursorStatic)
	m.exp = newExportState()
	m.recompute()
	m.selectOption(processOption(in.Role))
	m.setMode(modeMain)
	m.render()
	return m
}

// processOption is the option that sets a role's total process size,
// where the cursor starts.
func processOption(role memmodel.Role) memmodel.OptionID {
	if role == memmodel.JobManager {
		return memmodel.JMProcessSize
	}
	return memmodel.TMProcessSize
}

// Init starts nothing: the explorer waits for keys.
func (m Model) Init() tea.Cmd { return nil }

// View returns the frame Update rendered last.
func (m Model) View() string { return m.screen.Text }

// Input returns the configuration as currently shown (with an edit in
// progress applied).
func (m Model) Input() memmodel.Input { return m.in }

// Result returns the current layout and, when Flink would refuse the
// configuration, the reason.
func (m Model) Result() (memmodel.Layout, error) { return m.layout, m.err }

// Fixes returns the fixes the fix keys apply: a refused configuration's,
// or, when the job's network buffers fall short, the network's.
func (m Model) Fixes() []memmodel.Fix { return m.offeredFixes() }

// Slots returns the per-slot analysis of a resolved TaskManager, with the
// job's consumers and shape; nil otherwise.
func (m Model) Slots() *memmodel.SlotReport { return m.slots }

// Uses returns the consumers the per-slot analysis counts: those switched
// on in the Job group (or by --uses) and those the configuration declares.
func (m Model) Uses() memmodel.Uses { return m.effectiveUses() }

// Job returns the job's shape as the network estimate gets it, or nil
// when no parallelism was given.
func (m Model) Job() *memmodel.JobShape { return m.jobShape() }

// offeredFixes are the fixes listed on screen, numbered from 1.
func (m *Model) offeredFixes() []memmodel.Fix {
	if m.err != nil {
		return m.fixes
	}
	return m.networkFixes()
}

// Selected returns the option under the cursor.
func (m Model) Selected() memmodel.Option {
	if m.selected < len(m.options) {
		return m.options[m.selected]
	}
	return memmodel.Option{}
}

// Status returns the status line's message.
func (m Model) Status() string { return m.status }

// Update handles one message: a resize, a key, a mouse event or the
// outcome of a command (a file written, text copied).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
	case tea.KeyMsg:
		if m.burst(msg) {
			// Keys typed faster than the terminal is read arrive as one
			// message; outside a text field each is its own command.
			var cmds []tea.Cmd
			var next tea.Model = m
			for _, r := range msg.Runes {
				next, cmd = next.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return next, tea.Batch(cmds...)
		}
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		cmd = m.handleKey(msg)
	case tea.MouseMsg:
		m.handleMouse(msg)
	case writtenMsg:
		m.handleWritten(msg)
	case copiedMsg:
		if msg.err != nil {
			m.setStatus(view.StatusError, "could not copy: "+msg.err.Error())
		} else {
			m.setStatus(view.StatusOK, fmt.Sprintf("sent %d bytes to the clipboard (OSC 52; the terminal must allow it)", msg.n))
		}
	default:
		cmd = m.forward(msg)
	}
	m.render()
	return m, cmd
}

// burst reports a message holding several typed characters that are
// commands rather than text.
func (m *Model) burst(msg tea.KeyMsg) bool {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return false
	}
	switch m.mode {
	case modeEdit, modePath:
		return false
	case modePresets:
		return m.picker.FilterState() != list.Filtering
	}
	return true
}

// forward passes other messages (cursor blinks, list filtering results) to
// the component that has the focus.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.mode {
	case modeEdit, modePath:
		m.input, cmd = m.input.Update(msg)
	case modePresets:
		m.picker, cmd = m.picker.Update(msg)
	}
	return cmd
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeEdit:
		return m.editKey(msg)
	case modePresets:
		return m.presetKey(msg)
	case modeExport, modePath, modeConfirm:
		return m.exportKey(msg)
	case modeExplain:
		switch {
		case key.Matches(msg, m.keys.Cancel), key.Matches(msg, m.keys.Explain):
			m.setMode(modeMain)
			return nil
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
			return nil
		case key.Matches(msg, m.keys.Up):
			m.explainComponent = nil
			m.move(-1)
			return nil
		case key.Matches(msg, m.keys.Down):
			m.explainComponent = nil
			m.move(1)
			return nil
		}
		return nil
	}
	k := m.keys
	m.status = ""
	if !key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDn, k.Fix) {
		m.peek = 0
	}
	switch {
	case key.Matches(msg, k.Up):
		m.scrollRows(-1)
	case key.Matches(msg, k.Down):
		m.scrollRows(1)
	case key.Matches(msg, k.PageUp):
		m.scrollRows(-10)
	case key.Matches(msg, k.PageDn):
		m.scrollRows(10)
	case key.Matches(msg, k.Edit):
		if f, ok := m.selectedJob(); ok {
			if f.toggle() {
				m.toggleJob(f)
				return nil
			}
			m.startJobEdit(f)
			return m.input.Focus()
		}
		return m.startEdit()
	case key.Matches(msg, k.Toggle):
		if f, ok := m.selectedJob(); ok && f.toggle() {
			m.toggleJob(f)
		} else {
			m.setStatus(view.StatusInfo, "space switches the Job rows: RocksDB state, Python UDFs, batch operators, batch execution (J goes there)")
		}
	case key.Matches(msg, k.Job):
		if !m.selectJob(jobRocksDB) {
			m.setStatus(view.StatusInfo, "the Job rows feed the per-slot analysis of a TaskManager: tab switches to it")
		}
	case key.Matches(msg, k.Step):
		m.step(1, false)
	case key.Matches(msg, k.StepDown):
		m.step(-1, false)
	case key.Matches(msg, k.Coarse):
		m.step(1, true)
	case key.Matches(msg, k.CoarseDn):
		m.step(-1, true)
	case key.Matches(msg, k.Unset):
		m.unset()
	case key.Matches(msg, k.Fix):
		m.applyFix(int(msg.Runes[0] - '1'))
	case key.Matches(msg, k.Presets):
		m.openPresets()
	case key.Matches(msg, k.Export):
		m.openExport()
	case key.Matches(msg, k.Explain):
		if _, onJob := m.selectedJob(); !onJob && m.Selected().Key == "" {
			m.setStatus(view.StatusInfo, "no option to explain on this line")
			return nil
		}
		m.explainComponent = nil
		m.setMode(modeExplain)
	case key.Matches(msg, k.Role):
		m.switchRole()
	case key.Matches(msg, k.Line):
		m.switchLine(1)
	case key.Matches(msg, k.LineBack):
		m.switchLine(-1)
	case key.Matches(msg, k.Undo):
		m.undoChange()
	case key.Matches(msg, k.Redo):
		m.redoChange()
	case key.Matches(msg, k.Bytes):
		m.exact = !m.exact
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Cancel):
		m.help.ShowAll = false
	}
	return nil
}

// move moves the cursor by n rows, stopping at the ends.
func (m *Model) move(n int) {
	m.selected = max(0, min(m.selected+n, m.rowCount()-1))
}

// scrollRows moves the cursor by n rows; past the last row it scrolls the
// pane on, to what follows the rows, and back before the cursor moves up.
func (m *Model) scrollRows(n int) {
	switch {
	case n > 0 && m.selected == m.rowCount()-1:
		m.peek += n
	case n < 0 && m.peek > 0:
		m.peek = max(m.peek+n, 0)
	default:
		m.peek = 0
		m.move(n)
	}
}

// selectOption puts the cursor on an option, if the pane shows it.
func (m *Model) selectOption(id memmodel.OptionID) bool {
	for i, o := range m.options {
		if o.ID == id {
			m.selected = i
			return true
		}
	}
	return false
}

// recompute resolves the configuration and refreshes everything derived
// from it. A TaskManager whose slots Flink refuses counts as refused:
// Flink would not start it either.
func (m *Model) recompute() {
	sel := m.Selected().ID
	selJob, onJob := m.selectedJob()
	hadSel := m.selected < len(m.options)
	m.layout, m.err = memmodel.Resolve(m.in)
	if m.err == nil && m.in.Role == memmodel.TaskManager {
		if _, err := m.layout.Slot(); err != nil {
			m.err = err
		}
	}
	m.fixes = nil
	m.slots = nil
	if m.err != nil {
		m.fixes = memmodel.Fixes(m.in, m.err)
	} else if m.in.Role == memmodel.TaskManager {
		r := memmodel.AnalyzeSlots(m.in, &m.layout, m.effectiveUses(), m.jobShape())
		m.slots = &r
	}
	m.options = view.VisibleOptions(m.in.Role, m.in.Line, m.in.Config)
	switch {
	case onJob && m.selectJob(selJob):
	case !hadSel || !m.selectOption(sel):
		m.selected = max(0, min(m.selected, m.rowCount()-1))
	}
}

// snapshot captures the undoable state.
func (m *Model) snapshot() snapshot {
	return snapshot{cfg: cloneConfig(m.in.Config), line: m.in.Line, source: m.source, preset: m.preset, baseline: m.baseline,
		uses: m.uses, job: m.job}
}

func (m *Model) restore(s snapshot) {
	m.in.Config = cloneConfig(s.cfg)
	m.in.Line = s.line
	m.source, m.preset, m.baseline = s.source, s.preset, s.baseline
	m.uses, m.job = s.uses, s.job
	m.recompute()
}

// change records the state before a change for undo; the caller then
// changes the configuration and recomputes.
func (m *Model) change(before snapshot) {
	m.undo = append(m.undo, before)
	m.redo = nil
}

func (m *Model) undoChange() {
	if len(m.undo) == 0 {
		m.setStatus(view.StatusInfo, "nothing to undo")
		return
	}
	m.redo = append(m.redo, m.snapshot())
	s := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	m.restore(s)
	m.setStatus(view.StatusInfo, fmt.Sprintf("undone (%d more to undo)", len(m.undo)))
}

func (m *Model) redoChange() {
	if len(m.redo) == 0 {
		m.setStatus(view.StatusInfo, "nothing to redo")
		return
	}
	m.undo = append(m.undo, m.snapshot())
	s := m.redo[len(m.redo)-1]
	m.redo = m.redo[:len(m.redo)-1]
	m.restore(s)
	m.setStatus(view.StatusInfo, fmt.Sprintf("redone (%d more to redo)", len(m.redo)))
}

// setValue sets the selected option to a raw value as one undoable change.
// The value replaces any deprecated spelling of the key.
func (m *Model) setValue(o memmodel.Option, value string) {
	before := m.snapshot()
	cfg := cloneConfig(m.in.Config)
	for _, k := range o.Deprecated {
		delete(cfg, k)
	}
	cfg[o.Key] = value
	if before.cfg[o.Key] == value && len(before.cfg) == len(cfg) {
		return
	}
	m.change(before)
	m.in.Config = cfg
	m.recompute()
}

// unset removes the selected option (and its deprecated spellings), or
// returns a Job row to its default.
func (m *Model) unset() {
	if f, ok := m.selectedJob(); ok {
		m.unsetJob(f)
		return
	}
	o := m.Selected()
	if o.Key == "" {
		return
	}
	if _, _, ok := view.ConfiguredValue(o, m.in.Config); !ok {
		m.setStatus(view.StatusInfo, o.Key+" is not set")
		return
	}
	before := m.snapshot()
	cfg := cloneConfig(m.in.Config)
	delete(cfg, o.Key)
	for _, k := range o.Deprecated {
		delete(cfg, k)
	}
	m.change(before)
	m.in.Config = cfg
	m.recompute()
	m.setStatus(view.StatusInfo, "unset "+o.Key)
}

// applyFix applies a listed fix, numbered from 0: a refusal's, or the
// network's when the job's buffers fall short.
func (m *Model) applyFix(i int) {
	fixes := m.offeredFixes()
	if i < 0 || i >= len(fixes) {
		return
	}
	fx := fixes[i]
	m.change(m.snapshot())
	m.in.Config = fx.Apply(m.in.Config)
	m.recompute()
	msg := fmt.Sprintf("applied fix %d: %s (u undoes it)", i+1, fx.Description)
	if m.networkShort() {
		m.setStatus(view.StatusError, msg+"; "+shortWords(m.slots.Network.Short(), len(m.networkFixes())))
		return
	}
	m.setStatus(view.StatusOK, msg)
}

func (m *Model) switchRole() {
	if m.in.Role == memmodel.TaskManager {
		m.in.Role = memmodel.JobManager
	} else {
		m.in.Role = memmodel.TaskManager
	}
	m.selected = 0
	m.scroll = 0
	m.recompute()
	m.selectOption(processOption(m.in.Role))
}

func (m *Model) switchLine(dir int) {
	lines := memmodel.Lines()
	i := 0
	for j, l := range lines {
		if l == m.in.Line {
			i = j
		}
	}
	i = (i + dir + len(lines)) % len(lines)
	m.change(m.snapshot())
	m.in.Line = lines[i]
	m.recompute()
	m.setStatus(view.StatusInfo, "Flink "+lines[i].String())
}

func (m *Model) setStatus(k view.StatusKind, s string) {
	m.status, m.statusKind = s, k
}

// modified reports whether the configuration differs from where it came
// from.
func (m *Model) modified() bool {
	return !configsEqual(m.in.Config, m.baseline)
}

// setMode switches what the keyboard talks to and enables the bindings
// that apply there, so that the help always lists exactly what works.
// While a text field has the focus no bare-letter binding is active: q
// types a q.
func (m *Model) setMode(md mode) {
	m.mode = md
	k := DefaultKeyMap()
	all := []*key.Binding{&k.Move, &k.StepBoth, &k.Up, &k.Down, &k.Edit, &k.Step, &k.StepDown, &k.Coarse, &k.CoarseDn,
		&k.Unset, &k.Toggle, &k.Job, &k.Fix, &k.Presets, &k.Export, &k.Explain, &k.Role, &k.Line, &k.LineBack,
		&k.Undo, &k.Redo, &k.Bytes, &k.Help, &k.Quit, &k.Accept, &k.Cancel, &k.Format, &k.Pinned,
		&k.Write, &k.Copy, &k.Yes, &k.No, &k.PageUp, &k.PageDn}
	for _, b := range all {
		b.SetEnabled(false)
	}
	on := func(bs ...*key.Binding) {
		for _, b := range bs {
			b.SetEnabled(true)
		}
	}
	ctrlCOnly := func() {
		k.Quit.SetKeys("ctrl+c")
		k.Quit.SetHelp("ctrl+c", "quit")
		on(&k.Quit)
	}
	switch md {
	case modeMain:
		for _, b := range k.mainBindings() {
			b.SetEnabled(true)
		}
		on(&k.PageUp, &k.PageDn, &k.Move, &k.StepBoth)
		k.Fix.SetEnabled(len(m.offeredFixes()) > 0)
		if m.help.ShowAll {
			on(&k.Cancel)
			k.Cancel.SetHelp("esc", "less help")
		}
	case modeEdit:
		on(&k.Accept, &k.Cancel)
		k.Accept.SetHelp("enter", "keep the value")
		k.Cancel.SetHelp("esc", "cancel")
		ctrlCOnly()
	case modeExplain:
		on(&k.Move, &k.Up, &k.Down, &k.Cancel, &k.Help, &k.Quit)
		k.Cancel.SetKeys("esc", "x")
		k.Cancel.SetHelp("esc/x", "close")
	case modePresets:
		on(&k.Accept, &k.Cancel)
		k.Accept.SetHelp("enter", "load the preset (u undoes it)")
		k.Cancel.SetHelp("esc", "back")
		k.Move.SetHelp("↑↓", "choose")
		k.Move.SetEnabled(true)
		k.Format.SetKeys("/")
		k.Format.SetHelp("/", "filter")
		k.Format.SetEnabled(true)
		ctrlCOnly()
	case modeExport:
		on(&k.Format, &k.Pinned, &k.Write, &k.Copy, &k.Cancel, &k.Move, &k.Up, &k.Down, &k.PageUp, &k.PageDn, &k.Quit)
		k.Move.SetHelp("↑↓", "scroll")
		k.Format.SetHelp("f/←→", "format")
		k.Pinned.SetHelp("m", "minimal/pinned")
		k.Write.SetHelp("w", "write file")
		k.Copy.SetHelp("c", "copy")
		k.Cancel.SetHelp("esc", "back")
	case modePath:
		on(&k.Accept, &k.Cancel)
		k.Accept.SetHelp("enter", "write the file")
		k.Cancel.SetHelp("esc", "back")
		ctrlCOnly()
	case modeConfirm:
		on(&k.Yes, &k.No)
		k.Yes.SetHelp("y", "overwrite")
		k.No.SetHelp("n", "keep the file")
		ctrlCOnly()
	}
	m.keys = k
}

// render builds the frame and draws it, keeping the scroll the view
// settled on and the clickable regions for the mouse.
func (m *Model) render() {
	if m.mode == modeMain {
		// The fix keys come and go with the refusal and with short
		// network buffers.
		m.keys.Fix.SetEnabled(len(m.offeredFixes()) > 0)
		if f, ok := m.selectedJob(); ok && f.toggle() {
			m.keys.Edit.SetHelp("enter/space", "toggle")
		} else {
			m.keys.Edit.SetHelp("enter", "edit")
		}
		m.keys.Cancel.SetEnabled(m.help.ShowAll)
		m.keys.Cancel.SetHelp("esc", "less help")
		if m.in.Role == memmodel.TaskManager {
			m.keys.Role.SetHelp("tab", "JobManager")
		} else {
			m.keys.Role.SetHelp("tab", "TaskManager")
		}
	}
	f := m.frame()
	if m.help.ShowAll {
		f.Overlay = &view.Overlay{Tall: true}
		w, h := view.OverlaySize(f, m.styles)
		f.Overlay.Title = "All keys · steps: 64 MiB or 0.05, coarse 512 MiB or 0.1 · ? or esc closes"
		f.Overlay.Body = m.fullHelp(w, h)
	}
	switch m.mode {
	case modeExplain:
		f.Overlay = &view.Overlay{}
		w, _ := view.OverlaySize(f, m.styles)
		f.Overlay.Title, f.Overlay.Body = m.explanation(w)
	case modePresets:
		w, h := view.OverlaySize(f, m.styles)
		m.picker.SetSize(w, h)
		f.Overlay = &view.Overlay{Title: "Presets: load a starting configuration", Body: m.picker.View()}
	case modeExport, modePath, modeConfirm:
		w, h := view.OverlaySize(f, m.styles)
		f.Overlay = &view.Overlay{Title: "Export", Body: m.exportView(w, h)}
	}
	m.screen = view.Render(f, m.styles)
	m.scroll, m.peek = m.screen.Scroll-m.screen.Peek, m.screen.Peek
}

// frame gathers the plain data the view draws.
func (m *Model) frame() view.Frame {
	f := view.Frame{
		Width: m.width, Height: m.height,
		Input:      m.in,
		Layout:     m.layout,
		Err:        m.err,
		Fixes:      m.fixes,
		Slots:      m.slots,
		Options:    m.options,
		Job:        m.jobViewRows(),
		Selected:   m.selected,
		Scroll:     m.scroll,
		Peek:       m.peek,
		ExactBytes: m.exact,
		Source:     m.source,
		Modified:   m.modified(),
		Status:     m.status,
		StatusKind: m.statusKind,
	}
	if f.Status == "" && m.mode == modeMain && m.networkShort() {
		// Short buffers stay in sight even when the panel is scrolled
		// away.
		f.Status = shortWords(m.slots.Network.Short(), len(m.networkFixes()))
		if len(m.networkFixes()) > 0 {
			f.Status += " listed under PER SLOT"
		}
		f.StatusKind = view.StatusError
	}
	if m.mode == modeEdit {
		f.Editor = m.input.View()
		if !m.styles.Color {
			// Without colour the cursor cannot show; brackets at least
			// show which field is being typed into.
			f.Editor = "[" + f.Editor + "]"
		}
		if m.editNote != "" {
			f.Status = m.editNote
			f.StatusKind = view.StatusInfo
			if m.editBad {
				f.StatusKind = view.StatusError
			}
		}
	}
	m.help.Width = m.width
	f.Help = m.shortHelp()
	return f
}

// shortHelp renders the one-line help, dropping the least important
// entries until it fits the width (so "? all keys" and "q quit" stay).
func (m *Model) shortHelp() string {
	items := m.keys.ShortHelp()
	prio := m.keys.shortHelpPriority()
	h := m.help
	h.Width = 0
	for {
		s := h.ShortHelpView(items)
		if m.width <= 0 || ansi.StringWidth(s) <= m.width || len(items) <= 1 {
			return s
		}
		for i := len(prio) - 1; i >= 0; i-- {
			if j := indexOfBinding(items, prio[i]); j >= 0 {
				items = append(items[:j:j], items[j+1:]...)
				break
			}
			if i == 0 {
				items = items[:len(items)-1]
			}
		}
	}
}

// fullHelp lays every active binding out in up to four columns (more when
// they would not fit in h rows), as many as fit in w cells.
func (m *Model) fullHelp(w, h int) string {
	var all []key.Binding
	for _, col := range m.keys.FullHelp() {
		all = append(all, col...)
	}
	hm := m.help
	hm.Width = 0
	best := ""
	for cols := 1; cols <= len(all); cols++ {
		rows := (len(all) + cols - 1) / cols
		var groups [][]key.Binding
		for i := 0; i < len(all); i += rows {
			groups = append(groups, all[i:min(i+rows, len(all))])
		}
		out := hm.FullHelpView(groups)
		if lipgloss.Width(out) > w {
			break
		}
		best = out
		if cols >= 4 && rows <= h {
			break
		}
	}
	if best == "" {
		best = hm.FullHelpView([][]key.Binding{all})
	}
	return best
}

func indexOfBinding(bs []key.Binding, b key.Binding) int {
	for i, x := range bs {
		if x.Help() == b.Help() && x.Enabled() {
			return i
		}
	}
	return -1
}

// explanation is the explain panel's title and body for the selected
// option, or for a clicked component.
func (m *Model) explanation(w int) (string, string) {
	if f, ok := m.selectedJob(); ok && m.explainComponent == nil {
		return m.jobExplanation(f, w)
	}
	if m.explainComponent != nil && m.err == nil {
		return view.ExplainComponentPanel(*m.explainComponent, &m.layout, w, m.styles)
	}
	return view.ExplainOption(m.Selected(), m.in, &m.layout, m.err, w, m.styles)
}

func cloneConfig(c memmodel.Config) memmodel.Config {
	out := make(memmodel.Config, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}
