package model

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/view"
)

// exportFormat is one format of the export panel.
type exportFormat struct {
	format memmodel.ExportFormat
	label  string
	// file is the name the path field proposes.
	file string
}

var exportFormats = []exportFormat{
	{memmodel.ExportFlinkConf, "flink-conf.yaml", "flink-conf.yaml"},
	{memmodel.ExportConfigYAML, "config.yaml", "config.yaml"},
	{memmodel.ExportDynamic, "-D list", "dynamic-properties.txt"},
	{memmodel.ExportJVMArgs, "JVM flags", "jvm-flags.txt"},
	{memmodel.ExportK8s, "FlinkDeployment", "flinkdeployment.yaml"},
}

// exportStep is where the export panel is: the preview, the file name
// field, or the question before overwriting a file.
type exportStep uint8

const (
	exportPreview exportStep = iota
	exportPath
	exportConfirm
)

// exportPanel is the export panel: the chosen format and key set, the
// preview, the file name field and a file waiting for permission to be
// overwritten.
type exportPanel struct {
	step    exportStep
	format  int
	pinned  bool
	preview viewport.Model
	path    textinput.Model
	// data is what would be written; empty when the export failed.
	data []byte
	// problem explains why there is nothing to write.
	problem string
	// notes list keys the export spells differently from the input.
	notes   []string
	pending string
}

func newExportPanel() exportPanel {
	return exportPanel{preview: viewport.New(40, 10), path: newField()}
}

// writtenMsg reports the outcome of writing an export.
type writtenMsg struct {
	path  string
	err   error
	force bool
	n     int
}

// copiedMsg reports the outcome of sending an export to the clipboard.
type copiedMsg struct {
	n   int
	err error
}

// openExport shows the export panel, starting with the file format the
// line reads.
func (m *Model) openExport() {
	if m.exp.format == 0 && !m.in.Line.ReadsFlinkConfYAML() {
		m.exp.format = 1
	}
	m.exp.step = exportPreview
	m.open(panelExport)
	m.exp.refresh(m.fullInput())
}

// refresh recomputes what the export would write.
func (e *exportPanel) refresh(in memmodel.Input) {
	f := exportFormats[e.format]
	e.data, e.problem, e.notes = nil, "", nil
	if _, err := memmodel.ParseExportFormat(string(f.format), in.Line); err != nil {
		e.problem = err.Error()
	} else if res, err := memmodel.Export(in, memmodel.ExportOptions{Pinned: e.pinned}); err != nil {
		e.problem = "Flink would refuse this configuration (esc, then pick a fix): " + err.Error()
	} else {
		for _, mg := range res.Migrations {
			e.notes = append(e.notes, mg.String())
		}
		switch f.format {
		case memmodel.ExportFlinkConf:
			e.data = flinkconf.FormatFlinkConf(res.Options)
		case memmodel.ExportConfigYAML:
			e.data = flinkconf.FormatConfigYAML(res.Options)
		case memmodel.ExportDynamic:
			e.data = flinkconf.FormatDynamic(res.Options)
		case memmodel.ExportJVMArgs:
			e.data = []byte(res.Layout.JVMArgs() + "\n")
		case memmodel.ExportK8s:
			e.data = flinkconf.FormatFlinkDeployment(res.Options)
		}
	}
	if e.problem != "" {
		e.preview.SetContent(e.problem)
	} else {
		e.preview.SetContent(string(e.data))
	}
	// New content starts at its top: an offset kept from other content
	// could hide the keys that matter.
	e.preview.GotoTop()
}

// View draws the panel over the main screen.
func (e *exportPanel) View(m *Model, f *view.Frame) {
	w, h := view.OverlaySize(*f, *m.styles)
	v := view.ExportView{Format: e.format, Pinned: e.pinned, JVMFlags: exportFormats[e.format].format == memmodel.ExportJVMArgs,
		Notes: e.notes, Problem: e.problem}
	for _, ef := range exportFormats {
		v.Formats = append(v.Formats, ef.label)
	}
	switch e.step {
	case exportPath:
		v.Field = e.path.View()
	case exportConfirm:
		v.Question = e.pending + " exists. Overwrite it? (y/n)"
	}
	v.Preview = func(w, h int) (string, bool, bool) {
		e.preview.Width, e.preview.Height = w, h
		return e.preview.View(), !e.preview.AtTop(), !e.preview.AtBottom()
	}
	f.Overlay = &view.Overlay{Title: "Export", Body: view.ExportPanel(v, w, h, *m.styles)}
}

// Keys are the bindings of the panel's current step.
func (e *exportPanel) Keys(m *Model) panelKeys {
	k := m.keys
	back := relabel(k.Cancel, "esc", "back")
	switch e.step {
	case exportPath:
		write, quit := relabel(k.Accept, "enter", "write the file"), ctrlCQuit(k)
		return panelKeys{short: []key.Binding{write, back, quit}, keep: []key.Binding{quit, write, back},
			full: [][]key.Binding{{write, back}, {quit}}}
	case exportConfirm:
		yes, no, quit := relabel(k.Yes, "y", "overwrite"), relabel(k.No, "n", "keep the file"), ctrlCQuit(k)
		return panelKeys{short: []key.Binding{yes, no, quit}, keep: []key.Binding{quit, yes, no},
			full: [][]key.Binding{{yes, no}, {quit}}}
	}
	format := relabel(k.Format, "f/←→", "format")
	pinned := relabel(k.Pinned, "m", "minimal/pinned")
	write := relabel(k.Write, "w", "write file")
	cp := relabel(k.Copy, "c", "copy")
	move := relabel(k.Move, "↑↓", "scroll")
	back = relabel(k.Cancel, "esc", "back")
	back.SetKeys("esc", "q")
	quit := ctrlCQuit(k)
	return panelKeys{
		short: []key.Binding{move, format, pinned, write, cp, back, k.Help, quit},
		keep:  []key.Binding{quit, back, write, cp, format, k.Help, pinned, move},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom, back}, {format, pinned, write, cp}, {k.Help, quit}},
	}
}

// TakesText reports whether the file name is being typed.
func (e *exportPanel) TakesText(*Model) bool { return e.step == exportPath }

// Update handles a key in the panel, its path field, or the overwrite
// question; the mouse wheel scrolls the preview.
func (e *exportPanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	key, ok := msg.(tea.KeyMsg)
	if !ok {
		if mm, ok := msg.(tea.MouseMsg); ok && e.step == exportPreview {
			switch mm.Button {
			case tea.MouseButtonWheelUp:
				e.preview.ScrollUp(3)
			case tea.MouseButtonWheelDown:
				e.preview.ScrollDown(3)
			}
			return nil
		}
		if e.step == exportPath {
			var cmd tea.Cmd
			e.path, cmd = e.path.Update(msg)
			return cmd
		}
		return nil
	}
	switch e.step {
	case exportPath:
		return e.pathKey(m, key)
	case exportConfirm:
		return e.confirmKey(m, key)
	}
	return e.previewKey(m, key)
}

func (e *exportPanel) pathKey(m *Model, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Accept):
		path := strings.TrimSpace(e.path.Value())
		if path == "" {
			m.setStatus(view.StatusError, "type a file name first")
			return nil
		}
		e.path.Blur()
		e.step = exportPreview
		return writeCmd(path, e.data, false)
	case key.Matches(msg, m.keys.Cancel):
		e.path.Blur()
		e.step = exportPreview
		return nil
	}
	var cmd tea.Cmd
	e.path, cmd = e.path.Update(msg)
	return cmd
}

func (e *exportPanel) confirmKey(m *Model, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		path := e.pending
		e.pending = ""
		e.step = exportPreview
		return writeCmd(path, e.data, true)
	case key.Matches(msg, m.keys.No):
		m.setStatus(view.StatusInfo, "kept "+e.pending+" as it was")
		e.pending = ""
		e.step = exportPreview
	}
	return nil
}

func (e *exportPanel) previewKey(m *Model, msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel, k.Quit):
		// q closes the panel: only ctrl+c quits from a panel.
		m.open(panelMain)
	case key.Matches(msg, k.Help):
		m.showAll = true
	case key.Matches(msg, k.Format):
		dir := 1
		if msg.String() == "left" {
			dir = -1
		}
		e.format = (e.format + dir + len(exportFormats)) % len(exportFormats)
		e.refresh(m.fullInput())
	case key.Matches(msg, k.Pinned):
		e.pinned = !e.pinned
		e.refresh(m.fullInput())
	case key.Matches(msg, k.Write):
		if e.data == nil {
			m.setStatus(view.StatusError, "nothing to write: "+e.problem)
			return nil
		}
		e.path.SetValue(exportFormats[e.format].file)
		e.path.CursorEnd()
		e.path.Placeholder = "file name"
		e.path.Width = 40
		e.path.CharLimit = 0
		e.step = exportPath
		return e.path.Focus()
	case key.Matches(msg, k.Copy):
		if e.data == nil {
			m.setStatus(view.StatusError, "nothing to copy: "+e.problem)
			return nil
		}
		return copyCmd(m.clipboard, string(e.data), m.tmux)
	case key.Matches(msg, k.Up):
		e.preview.ScrollUp(1)
	case key.Matches(msg, k.Down):
		e.preview.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		e.preview.PageUp()
	case key.Matches(msg, k.PageDn):
		e.preview.PageDown()
	case key.Matches(msg, k.Top):
		e.preview.GotoTop()
	case key.Matches(msg, k.Bottom):
		e.preview.GotoBottom()
	}
	return nil
}

// handleWritten reports a write, or asks before overwriting an existing
// file.
func (m *Model) handleWritten(msg writtenMsg) {
	switch {
	case errors.Is(msg.err, flinkconf.ErrExists):
		m.exp.pending = msg.path
		m.exp.step = exportConfirm
		m.open(panelExport)
	case msg.err != nil:
		m.setStatus(view.StatusError, "could not write "+msg.path+": "+msg.err.Error())
	default:
		m.written = cloneConfig(m.in.Config)
		m.setStatus(view.StatusOK, fmt.Sprintf("wrote %s (%d bytes)", msg.path, msg.n))
	}
}

// writeCmd writes data to path atomically, refusing to replace an
// existing file unless force is set.
func writeCmd(path string, data []byte, force bool) tea.Cmd {
	return func() tea.Msg {
		err := flinkconf.WriteFile(path, data, force)
		return writtenMsg{path: path, err: err, force: force, n: len(data)}
	}
}

// copyCmd sends text to the terminal's clipboard with OSC 52, which works
// over SSH. Inside tmux the sequence is wrapped for tmux to pass it on to
// the outer terminal.
func copyCmd(w io.Writer, text string, tmux bool) tea.Cmd {
	return func() tea.Msg {
		seq := osc52.New(text)
		if tmux {
			seq = seq.Tmux()
		}
		_, err := seq.WriteTo(w)
		return copiedMsg{n: len(text), err: err}
	}
}

// copied reports a copy for what it is: a sequence sent to the terminal,
// which may or may not put it on the clipboard; nothing tells us which.
func (m *Model) copied(msg copiedMsg) {
	switch {
	case msg.err != nil:
		m.setStatus(view.StatusError, "could not copy: "+msg.err.Error()+"; w writes a file instead")
	case m.tmux:
		m.setStatus(view.StatusInfo, fmt.Sprintf("sent %d bytes as an OSC 52 copy through tmux; it reaches the clipboard only if tmux "+
			"passes it on (set -g set-clipboard on, or set -g allow-passthrough on); w writes a file instead", msg.n))
	default:
		m.setStatus(view.StatusInfo, fmt.Sprintf("sent %d bytes as an OSC 52 copy; it reaches the clipboard only if the terminal "+
			"allows OSC 52; w writes a file instead", msg.n))
	}
}
