// Package model owns the interactive explorer's state, key bindings, undo
// history and Update loop. It calls memmodel for every recompute and view
// for every frame.
package model

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// Options is what the command line hands to the interactive explorer.
type Options struct {
	// Input is the starting configuration after layering (defaults <
	// preset < file < -D), with role, line and deployment.
	Input memmodel.Input
	// Source says where the configuration came from, for the header
	// ("preset default", "file conf/config.yaml", "flags").
	Source string
	// Preset is the name of the preset the config started from, if any.
	Preset string
	// Uses are the job's managed-memory consumers from --uses; they start
	// the Job group's switches. Consumers the configuration declares
	// (state.backend.type: rocksdb, execution.runtime-mode: BATCH) count
	// without them.
	Uses memmodel.Uses
	// Notices are the findings about the input: lines and keys of a file
	// or of -D options that Flink does not read, a preset meant for other
	// lines. They often explain a refusal, so they belong next to it.
	Notices []view.ReportNote
	// DefaultBase says the default preset stands in for input the user did
	// not give (no -c and no --preset): a total size the user then sets
	// replaces the preset's, as -D does (see presets.TrimBase).
	DefaultBase bool
	// JavaOptsEnv is the FLINK_ENV_JAVA_OPTS the process would get, when
	// JavaOptsEnvSet (the input file sets it, or flinkmem's environment
	// does); the diagnose panel reads the JVM command line from it.
	JavaOptsEnv    string
	JavaOptsEnvSet bool
	// Job is the job's starting shape, for the network buffer estimate;
	// nil starts without one (one all-to-all exchange, no forward one,
	// until a parallelism is given). SlotsPerTM 0 fills the configured
	// taskmanager.numberOfTaskSlots.
	Job *memmodel.JobShape
	// Theme is "auto", "light", "dark" or "projector" (high contrast for
	// the terminal's background, light or dark).
	Theme string
	// ASCII draws with plain ASCII instead of block glyphs.
	ASCII bool
	// Clipboard receives the OSC 52 sequence that copies an export; nil
	// means standard output, the terminal.
	Clipboard io.Writer
	// InTmux wraps OSC 52 so that tmux passes it to the outer terminal;
	// Run sets it from the environment.
	InTmux bool
}

// Run starts the explorer in the terminal's alternate screen and returns
// when the user quits. The terminal is restored on every exit path: a
// quit, SIGINT or SIGTERM, and a panic, which is then returned as an
// error.
func Run(opts Options) error {
	r := lipgloss.NewRenderer(os.Stdout)
	if err := decideBackground(r, opts.Theme, os.Getenv("NO_COLOR") != ""); err != nil {
		return err
	}
	if os.Getenv("TMUX") != "" {
		opts.InTmux = true
	}
	st := view.NewStyles(r, opts.ASCII)
	if opts.Theme == "projector" {
		st = view.ProjectorStyles(r, opts.ASCII)
	}
	m := New(opts, st)
	m.live = true
	return runProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion())
}

// decideBackground settles light or dark before the program takes the
// terminal: asking the terminal later would race with Bubble Tea for its
// answer. The question is skipped when the theme is explicit or there is
// no colour to choose. Bubbles' own components draw with the default
// renderer, so it is told the same.
func decideBackground(r *lipgloss.Renderer, theme string, noColor bool) error {
	var dark bool
	switch theme {
	case "dark":
		dark = true
	case "light":
		dark = false
	case "", "auto", "projector":
		if noColor || r.ColorProfile() == termenv.Ascii {
			dark = true
		} else {
			dark = r.HasDarkBackground()
		}
	default:
		return fmt.Errorf("unknown theme %q: use auto, light, dark or projector", theme)
	}
	r.SetHasDarkBackground(dark)
	lipgloss.SetHasDarkBackground(dark)
	return nil
}

// crash records a panic caught inside the program.
type crash struct {
	value any
	stack []byte
}

// guard wraps the model so that a panic in Update or View ends the
// program cleanly: Bubble Tea restores the terminal, and Run reports the
// panic as an error afterwards instead of printing into the alternate
// screen.
type guard struct {
	inner tea.Model
	crash *crash
}

// Init starts the wrapped model.
func (g guard) Init() tea.Cmd { return g.inner.Init() }

// Update forwards to the wrapped model, turning a panic into a quit.
func (g guard) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	if g.crash.value != nil {
		return g, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash.value, g.crash.stack = r, debug.Stack()
			next, cmd = g, tea.Quit
		}
	}()
	g.inner, cmd = g.inner.Update(msg)
	return g, cmd
}

// View draws the wrapped model; after a panic it asks for a key, whose
// Update then quits.
func (g guard) View() (out string) {
	if g.crash.value != nil {
		return "flinkmem stopped on an internal error; press any key"
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash.value, g.crash.stack = r, debug.Stack()
			out = "flinkmem stopped on an internal error; press any key"
		}
	}()
	return g.inner.View()
}

// runProgram runs a model with the given options and reports a caught
// panic as an error once the terminal is back to normal.
func runProgram(m tea.Model, opts ...tea.ProgramOption) error {
	c := &crash{}
	_, err := tea.NewProgram(guard{inner: m, crash: c}, opts...).Run()
	if c.value != nil {
		return fmt.Errorf("the explorer stopped on an internal error (the terminal has been restored; please report this): %v\n%s", c.value, c.stack)
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return fmt.Errorf("the explorer stopped on an internal error (the terminal has been restored; please report this): %w", err)
	}
	return err
}
