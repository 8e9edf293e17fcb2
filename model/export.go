package model

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/key"
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

// exportState is the export panel: the chosen format and key set, the
// preview, and a file waiting for permission to be overwritten.
type exportState struct {
	format  int
	pinned  bool
	preview viewport.Model
	// data is what would be written; empty when the export failed.
	data []byte
	// problem explains why there is nothing to write.
	problem string
	// notes list keys the export spells differently from the input.
	notes   []string
	pending string
}

func newExportState() exportState {
	return exportState{preview: viewport.New(40, 10)}
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
	m.setMode(modeExport)
	m.refreshExport()
}

// refreshExport recomputes what the export would write.
func (m *Model) refreshExport() {
	e := &m.exp
	f := exportFormats[e.format]
	e.data, e.problem, e.notes = nil, "", nil
	if _, err := memmodel.ParseExportFormat(string(f.format), m.in.Line); err != nil {
		e.problem = err.Error()
	} else if res, err := memmodel.Export(m.in, memmodel.ExportOptions{Pinned: e.pinned}); err != nil {
		e.problem = "Nothing to export: " + err.Error()
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
}

// exportView draws the panel body w×h: format and key-set choices,
// notes, the preview, and the file name field or overwrite question.
func (m *Model) exportView(w, h int) string {
	e := &m.exp
	g := m.styles.Glyphs
	var formats []string
	for i, f := range exportFormats {
		if i == e.format {
			formats = append(formats, m.styles.Selected.Render("["+f.label+"]"))
		} else {
			formats = append(formats, " "+f.label+" ")
		}
	}
	minimal, pinned := "[minimal]", " pinned "
	explain := "only the options you set"
	if e.pinned {
		minimal, pinned = " minimal ", "[pinned]"
		explain = "every size written out, so no default can move it"
	}
	if e.format == 3 {
		explain = "the flags Flink derives (minimal and pinned give the same flags)"
	}
	head := []string{
		"format " + strings.Join(formats, ""),
		"keys   " + minimal + pinned + "  " + m.styles.Dim.Render(explain),
	}
	for _, n := range e.notes {
		head = append(head, m.styles.Dim.Render(g.Flag+" "+n))
	}
	head = append(head, m.styles.Dim.Render(strings.Repeat(g.RulerFill, max(w, 1))))
	var foot []string
	switch m.mode {
	case modePath:
		foot = append(foot, "write to "+m.input.View())
	case modeConfirm:
		foot = append(foot, m.styles.Error.Render(e.pending+" exists. Overwrite it? (y/n)"))
	}
	ph := max(h-len(head)-len(foot), 1)
	e.preview.Width, e.preview.Height = w, ph
	body := e.preview.View()
	if e.problem != "" {
		body = m.styles.Error.Render(strings.Join(wrapText(e.problem, w), "\n"))
	}
	return strings.Join(append(append(head, body), foot...), "\n")
}

// wrapText breaks plain text at spaces into lines of at most w cells.
func wrapText(s string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > w {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

// exportKey handles a key in the export panel, its path field, or the
// overwrite question.
func (m *Model) exportKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	e := &m.exp
	switch m.mode {
	case modePath:
		switch {
		case key.Matches(msg, k.Accept):
			path := strings.TrimSpace(m.input.Value())
			if path == "" {
				m.setStatus(view.StatusError, "type a file name first")
				return nil
			}
			m.input.Blur()
			m.setMode(modeExport)
			return writeCmd(path, e.data, false)
		case key.Matches(msg, k.Cancel):
			m.input.Blur()
			m.setMode(modeExport)
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	case modeConfirm:
		switch {
		case key.Matches(msg, k.Yes):
			path := e.pending
			e.pending = ""
			m.setMode(modeExport)
			return writeCmd(path, e.data, true)
		case key.Matches(msg, k.No):
			m.setStatus(view.StatusInfo, "kept "+e.pending+" as it was")
			e.pending = ""
			m.setMode(modeExport)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		m.setMode(modeMain)
	case key.Matches(msg, k.Format):
		dir := 1
		if msg.String() == "left" {
			dir = -1
		}
		e.format = (e.format + dir + len(exportFormats)) % len(exportFormats)
		m.refreshExport()
	case key.Matches(msg, k.Pinned):
		e.pinned = !e.pinned
		m.refreshExport()
	case key.Matches(msg, k.Write):
		if e.data == nil {
			m.setStatus(view.StatusError, "nothing to write: "+e.problem)
			return nil
		}
		m.input.SetValue(exportFormats[e.format].file)
		m.input.CursorEnd()
		m.input.Placeholder = "file name"
		m.input.Width = 40
		m.input.CharLimit = 0
		m.setMode(modePath)
		return m.input.Focus()
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
	}
	return nil
}

// handleWritten reports a write, or asks before overwriting an existing
// file.
func (m *Model) handleWritten(msg writtenMsg) {
	switch {
	case errors.Is(msg.err, flinkconf.ErrExists):
		m.exp.pending = msg.path
		m.setMode(modeConfirm)
	case msg.err != nil:
		m.setStatus(view.StatusError, "could not write "+msg.path+": "+msg.err.Error())
	default:
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
// over SSH. Inside tmux the sequence is passed through to the outer
// terminal.
func copyCmd(w io.Writer, text string, tmux bool) tea.Cmd {
	return func() tea.Msg {
		_, err := io.WriteString(w, osc52(text, tmux))
		return copiedMsg{n: len(text), err: err}
	}
}

// osc52 is the escape sequence that puts text on the system clipboard.
func osc52(text string, tmux bool) string {
	seq := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
	if tmux {
		return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
	}
	return seq
}
