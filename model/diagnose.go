package model

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/view"
)

// diagnosePanel takes an error message, a log line or a container event
// and shows what limit it hit in this configuration, with fixes that 1–9
// apply (each one undoable with u).
type diagnosePanel struct {
	input   textinput.Model
	editing bool
	// text is the evidence last diagnosed; report its diagnosis against
	// the current configuration (done again after every change).
	text   string
	report *diagnose.Report
}

func newDiagnosePanel() diagnosePanel {
	in := newField()
	in.CharLimit = 4096
	in.Placeholder = "java.lang.OutOfMemoryError: Direct buffer memory"
	return diagnosePanel{input: in}
}

// openDiagnose opens the panel with the field focused.
func (m *Model) openDiagnose() tea.Cmd {
	m.diag.editing = true
	m.open(panelDiagnose)
	return m.diag.input.Focus()
}

// rediagnose diagnoses the text against the current configuration.
func (p *diagnosePanel) rediagnose(m *Model) {
	if strings.TrimSpace(p.text) == "" {
		p.report = nil
		return
	}
	ev, err := diagnose.Scan(strings.NewReader(p.text))
	if err != nil {
		p.report = &diagnose.Report{Role: m.in.Role, Line: m.in.Line, Notices: []string{err.Error()}}
		return
	}
	rep := diagnose.Diagnose(m.in, ev.Hits)
	p.report = &rep
}

// Update edits the text, diagnoses it on enter, and applies fixes.
func (p *diagnosePanel) Update(m *Model, msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		if p.editing {
			var cmd tea.Cmd
			p.input, cmd = p.input.Update(msg)
			return cmd
		}
		return nil
	}
	k := m.keys
	if p.editing {
		switch {
		case km.Type == tea.KeyCtrlC:
			return tea.Quit
		case key.Matches(km, k.Cancel):
			p.editing = false
			p.input.Blur()
			if p.report == nil {
				m.open(panelMain)
			}
		case key.Matches(km, k.Accept):
			p.text = p.input.Value()
			p.editing = false
			p.input.Blur()
			p.rediagnose(m)
		default:
			var cmd tea.Cmd
			p.input, cmd = p.input.Update(km)
			return cmd
		}
		return nil
	}
	switch {
	case key.Matches(km, k.Cancel, k.Diagnose, k.Quit):
		// q closes the panel like esc: only ctrl+c quits from a panel.
		m.open(panelMain)
	case key.Matches(km, k.Edit):
		p.editing = true
		return p.input.Focus()
	case key.Matches(km, k.Undo):
		m.undoChange()
		p.rediagnose(m)
	case key.Matches(km, k.Redo):
		m.redoChange()
		p.rediagnose(m)
	case key.Matches(km, k.Fix):
		fixes := view.FlatFixes(p.report)
		i := int(km.Runes[0] - '1')
		if i < 0 || i >= len(fixes) {
			m.setStatus(view.StatusInfo, fmt.Sprintf("no fix %d here", i+1))
			return nil
		}
		fx := fixes[i]
		m.applyChange(fx.Fix)
		p.rediagnose(m)
		m.setStatus(view.StatusOK, fmt.Sprintf("applied fix %d: %s (u undoes it)", i+1, fx.Description))
	}
	return nil
}

// View draws the panel over the main screen; the bar stays visible above.
func (p *diagnosePanel) View(m *Model, f *view.Frame) {
	f.Overlay = &view.Overlay{Title: "Diagnose"}
	w, _ := view.OverlaySize(*f, *m.styles)
	p.input.Width = max(10, w-4)
	d := view.DiagnosePanelData{Field: p.input.View(), Editing: p.editing, Report: p.report}
	if m.err == nil {
		d.Layout = &m.layout
		jr := diagnose.AnalyzeJVM(m.in, &m.layout, m.javaOpts.value, m.javaOpts.set)
		d.JVM = &jr
		if m.in.Role == memmodel.TaskManager && m.in.Deployment == memmodel.Container {
			nb := diagnose.NativeEstimate(m.in, &m.layout, &jr)
			d.Native = &nb
		}
	}
	f.Overlay.Body = view.DiagnosePanel(d, w, *m.styles)
}

// Keys are the panel's bindings.
func (p *diagnosePanel) Keys(m *Model) panelKeys {
	k := m.keys
	if p.editing {
		accept := relabel(k.Accept, "enter", "diagnose")
		cancel := relabel(k.Cancel, "esc", "stop typing")
		quit := ctrlCQuit(k)
		return panelKeys{short: []key.Binding{accept, cancel, quit}, keep: []key.Binding{quit, accept, cancel},
			full: [][]key.Binding{{accept, cancel}, {quit}}}
	}
	fix := relabel(k.Fix, "1-9", "apply a fix")
	edit := relabel(k.Edit, "enter", "edit the text")
	cancel := relabel(k.Cancel, "esc/!/q", "close")
	quit := ctrlCQuit(k)
	return panelKeys{
		short: []key.Binding{fix, k.Undo, edit, cancel, quit},
		keep:  []key.Binding{quit, cancel, fix, k.Undo, edit},
		full:  [][]key.Binding{{fix, k.Undo, k.Redo}, {edit, cancel, quit}},
	}
}

// TakesText is true while the field has the focus.
func (p *diagnosePanel) TakesText(*Model) bool { return p.editing }
