package model

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// javaOpts is FLINK_ENV_JAVA_OPTS for the process explored.
type javaOpts struct {
	value string
	set   bool
}

// Model is the explorer's state. Update changes it and routes keys to the
// active panel (panel.go); View draws each state once (draw.go).
type Model struct {
	// keys, help and styles are set up once and shared by the copies of
	// the model; an Update copies the model, so it is kept small.
	keys    KeyMap
	help    *help.Model
	styles  *view.Styles
	showAll bool
	// helpScroll is the first line of the full help shown.
	helpScroll int
	width      int
	height     int

	in       memmodel.Input
	javaOpts javaOpts
	layout   memmodel.Layout
	err      error
	fixes    []memmodel.Fix
	slots    *memmodel.SlotReport
	// slotsDue is set when slots is to be computed on first use.
	slotsDue bool

	source   string
	preset   string
	baseline memmodel.Config
	// notices are the findings about the input the session started from
	// (keys and lines Flink does not read); a refusal shows them first.
	notices []view.ReportNote
	// base holds the default preset's keys that still stand in for the
	// user's own, when the session started on it (see trimBase); nil
	// otherwise.
	base memmodel.Config
	// heaps are the task heap and the JobManager heap of the last
	// configuration each process resolved with, for the fixes of a later
	// refusal (memmodel.FixesKeeping); 0 while unknown.
	heaps [2]memmodel.MemorySize

	// uses are the managed-memory consumers switched on in the Job group
	// (or by --uses); the analysis adds those the configuration declares.
	uses memmodel.Uses
	// job is the job's shape as given in the Job group; a parallelism
	// below 1 means none was given, so there is no network estimate.
	job memmodel.JobShape

	options  []memmodel.Option
	paneKey  paneKey
	selected int
	scroll   int
	// peek is how far the pane is scrolled past the last row, to read the
	// per-slot panel on a small terminal.
	peek  int
	exact bool

	// rest holds the keys the memory model does not read, set aside so
	// that a keystroke costs the same however large the file.
	rest memmodel.Config

	undo, redo []step
	// historyFull is set when a change dropped the oldest undo step.
	historyFull bool

	// active is the panel the keyboard talks to; the others keep their
	// state (the picker's cursor, the export format) while closed.
	active  panelID
	main    mainPanel
	edit    *editPanel
	explain explainPanel
	// presets is read on first use.
	presets *presetPanel
	exp     *exportPanel
	diag    diagnosePanel
	quitAsk quitPanel
	// written is the configuration last written to a file: quitting
	// after that loses nothing.
	written memmodel.Config
	target  targetPanel
	stepper stepPanel
	lesson  lessonPanel

	// targets are the explorer's targets (t); targetResults what the
	// layout gives for those of the role shown.
	targets       []memmodel.Target
	targetResults []memmodel.TargetResult
	// targetWarning says which target the last change broke, for the
	// status line.
	targetWarning string
	// pinned is the baseline d pinned, with the input it came from; nil
	// when none is pinned.
	pinned   *memmodel.Layout
	pinnedIn memmodel.Input

	status     string
	statusKind view.StatusKind

	screen view.Screen
	// version names this state (every Update gets a new one); drawn is
	// the frame drawn last, shared by the copies of the model.
	version uint64
	drawn   *drawn
	// live is set when a terminal runs the explorer: View then draws at
	// most once a frame, so that held or queued keys draw once.
	live bool
	// clipboard receives the OSC 52 sequence of a copy: the terminal.
	// tmux says the terminal is tmux, which must pass the sequence on.
	clipboard io.Writer
	tmux      bool
}

// New builds the explorer for a starting configuration, drawing with st.
func New(opts Options, st view.Styles) Model {
	hm := help.New()
	in := opts.Input
	var rest memmodel.Config
	in.Config, rest = splitConfig(in.Config)
	m := Model{
		keys:      DefaultKeyMap(),
		help:      &hm,
		styles:    &st,
		in:        in,
		source:    opts.Source,
		preset:    opts.Preset,
		baseline:  cloneConfig(in.Config),
		rest:      rest,
		notices:   opts.Notices,
		uses:      opts.Uses,
		job:       memmodel.JobShape{AllToAll: defaultAllToAll, Forward: defaultForward},
		clipboard: opts.Clipboard,
		drawn:     &drawn{},
		tmux:      opts.InTmux,
		javaOpts:  javaOpts{opts.JavaOptsEnv, opts.JavaOptsEnvSet},
	}
	if opts.Job != nil {
		m.job = *opts.Job
	}
	if opts.DefaultBase {
		m.base = defaultBase()
	}
	if m.clipboard == nil {
		m.clipboard = os.Stdout
	}
	if m.source == "" && m.preset != "" {
		m.source = "preset " + m.preset
	}
	// The help line in the theme's own colours: bubbles' defaults are too
	// faint to read on a projector.
	hs := &m.help.Styles
	hs.ShortKey, hs.FullKey = st.HelpKey, st.HelpKey
	hs.ShortDesc, hs.FullDesc, hs.ShortSeparator, hs.FullSeparator, hs.Ellipsis = st.HelpDesc, st.HelpDesc, st.HelpDesc, st.HelpDesc, st.HelpDesc
	m.help.ShortSeparator = " · "
	if st.ASCII {
		m.help.ShortSeparator = " | "
		m.help.Ellipsis = "..."
	}
	m.edit = &editPanel{input: newField()}
	exp := newExportPanel()
	m.exp = &exp
	m.diag = newDiagnosePanel()
	m.recompute()
	m.noteHeap()
	m.selectOption(processOption(in.Role))
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

// View draws the current state, or returns the frame already drawn for
// it.
func (m Model) View() string { return m.draw() }

// Input returns the configuration as currently shown (with an edit in
// progress applied).
func (m Model) Input() memmodel.Input { return m.fullInput() }

// Result returns the current layout and, when Flink would refuse the
// configuration, the reason.
func (m Model) Result() (memmodel.Layout, error) { return m.layout, m.err }

// Fixes returns the fixes the fix keys apply: a refused configuration's,
// or, when the job's network buffers fall short, the network's.
func (m Model) Fixes() []memmodel.Fix { return m.offeredFixes() }

// Slots returns the per-slot analysis of a resolved TaskManager, with the
// job's consumers and shape; nil otherwise.
func (m Model) Slots() *memmodel.SlotReport { return m.slotReport() }

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
// outcome of a command (a file written, text copied). ctrl+c quits from
// everywhere; everything else is the active panel's to interpret.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.adopt()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Quit
		}
		if m.tooSmall() {
			// Nothing on screen to act on: only help and quitting work.
			switch {
			case key.Matches(msg, m.keys.Help):
				m.showAll = !m.showAll
			case key.Matches(msg, m.keys.Quit):
				cmd = m.quit()
			}
			break
		}
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
		if m.showAll && !m.panel().TakesText(&m) && m.helpKey(msg) {
			break
		}
		m.status = ""
		cmd = m.panel().Update(&m, msg)
		if m.historyFull {
			m.historyFull = false
			m.status += fmt.Sprintf(" · undo keeps the last %d changes: the oldest was dropped", maxHistory)
		}
	case tea.MouseMsg:
		switch {
		case m.tooSmall():
		case m.showAll:
			// The wheel scrolls the full help while it is open.
			if msg.Button == tea.MouseButtonWheelUp {
				m.helpScroll -= 3
			} else if msg.Button == tea.MouseButtonWheelDown {
				m.helpScroll += 3
			}
		default:
			cmd = m.panel().Update(&m, msg)
		}
	case writtenMsg:
		m.handleWritten(msg)
	case copiedMsg:
		m.copied(msg)
	case redrawMsg:
		m.drawn.pending, m.drawn.force = false, true
		return m, nil
	default:
		cmd = m.panel().Update(&m, msg)
	}
	if m.targetWarning != "" {
		// A broken target outweighs what the change itself reported.
		m.setStatus(view.StatusError, m.targetWarning)
		m.targetWarning = ""
	}
	return m, m.settle(cmd)
}

// burst reports a message holding several typed characters that are
// commands rather than text.
func (m *Model) burst(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && len(msg.Runes) >= 2 && !msg.Paste && !m.panel().TakesText(m)
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
		m.fixes = memmodel.FixesKeeping(m.in, m.err, m.heaps[roleIndex(m.in.Role)])
	}
	// The per-slot analysis waits until something reads it: a held key
	// recomputes many times for one frame.
	m.slotsDue = m.err == nil && m.in.Role == memmodel.TaskManager
	m.refreshOptions()
	m.checkTargets()
	switch {
	case onJob && m.selectJob(selJob):
	case !hadSel || !m.selectOption(sel):
		m.selected = max(0, min(m.selected, m.rowCount()-1))
	}
}

// setValue sets the selected option to a raw value as one undoable change.
// The value replaces any deprecated spelling of the key, and on the
// default base a total the user gives replaces the preset's (trimBase):
// the words returned say so.
func (m *Model) setValue(o memmodel.Option, value string) string {
	before := m.snapshot()
	cfg := cloneConfig(m.in.Config)
	for _, k := range o.Deprecated {
		delete(cfg, k)
	}
	cfg[o.Key] = value
	dropped, roles := trimBase(cfg, m.base, o.Key)
	if before.cfg[o.Key] == value && len(before.cfg) == len(cfg) {
		return ""
	}
	m.in.Config = cfg
	m.ownKeys(o.Key, dropped, roles)
	m.recompute()
	m.record(before)
	return droppedWords(dropped)
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
	if _, _, ok := memmodel.ConfiguredValue(o, m.in.Config); !ok {
		m.setStatus(view.StatusInfo, o.Key+" is not set")
		return
	}
	before := m.snapshot()
	cfg := cloneConfig(m.in.Config)
	delete(cfg, o.Key)
	for _, k := range o.Deprecated {
		delete(cfg, k)
	}
	m.in.Config = cfg
	m.recompute()
	m.record(before)
	m.setStatus(view.StatusInfo, "unset "+o.Key)
}

// applyChange applies fx to the configuration as one undoable change.
func (m *Model) applyChange(fx memmodel.Fix) {
	before := m.snapshot()
	m.in.Config = fx.Apply(m.in.Config)
	m.recompute()
	m.record(before)
}

// applyFix applies a listed fix, numbered from 0: a refusal's, or the
// network's when the job's buffers fall short.
func (m *Model) applyFix(i int) {
	fixes := m.offeredFixes()
	if i < 0 || i >= len(fixes) {
		return
	}
	fx := fixes[i]
	m.applyChange(fx)
	msg := fmt.Sprintf("applied fix %d: %s (u undoes it)", i+1, fx.Description)
	if m.networkShort() {
		m.setStatus(view.StatusError, msg+"; "+shortWords(m.slotReport().Network.Short(), len(m.networkFixes())))
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
	m.noteHeap()
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
	from := i
	i = (i + dir + len(lines)) % len(lines)
	before := m.snapshot()
	m.in.Line = lines[i]
	m.recompute()
	m.record(before)
	msg := "Flink " + lines[i].String()
	if r := lines[i].Releases(); r != lines[i].String() {
		msg += ": " + r
	}
	switch {
	case dir > 0 && i < from:
		msg += " (round from " + lines[from].String() + ", the newest line, to the oldest)"
	case dir < 0 && i > from:
		msg += " (round from " + lines[from].String() + ", the oldest line, to the newest)"
	}
	m.setStatus(view.StatusInfo, msg)
	if words := m.upgradeWords(); words != "" {
		m.setStatus(view.StatusInfo, words)
	}
}

// tooSmall reports a terminal too small to draw the explorer in.
func (m *Model) tooSmall() bool {
	return m.width > 0 && (m.width < view.MinWidth || m.height < view.MinHeight)
}

func (m *Model) setStatus(k view.StatusKind, s string) {
	m.status, m.statusKind = s, k
}

// modified reports whether the configuration differs from where it came
// from.
func (m *Model) modified() bool {
	return !configsEqual(m.in.Config, m.baseline)
}

// render builds the frame and draws it, keeping the scroll the view
// settled on and the clickable regions for the mouse.
func (m *Model) render() {
	f := m.frame()
	p := m.panel()
	keys := p.Keys(m)
	m.help.Width = m.width
	f.Help = m.shortHelp(keys)
	p.View(m, &f)
	if m.showAll {
		f.Overlay = &view.Overlay{Tall: true}
		w, h := view.OverlaySize(f, *m.styles)
		f.Overlay.Title, f.Overlay.Body = m.helpWindow(m.fullHelp(keys, w, h), h)
	}
	m.screen = view.Render(f, *m.styles)
	m.scroll, m.peek = m.screen.Scroll-m.screen.Peek, m.screen.Peek
	m.drawn.keep(m)
}

// frame gathers the plain data the view draws.
func (m *Model) frame() view.Frame {
	return view.Frame{
		Width: m.width, Height: m.height,
		Input:      m.in,
		Layout:     m.layout,
		Err:        m.err,
		Fixes:      m.fixes,
		Slots:      m.slotReport(),
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
		Baseline:   m.pinnedLayout(),
		Targets:    m.targetResults,
		InputNotes: m.notices,
	}
}

func cloneConfig(c memmodel.Config) memmodel.Config {
	out := make(memmodel.Config, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}
