// Package model owns the interactive explorer's state, key bindings, undo
// history and Update loop. It calls memmodel for every recompute and view
// for every frame.
package model

import (
	"errors"

	"github.com/flinkmem/flinkmem/memmodel"
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
	// Theme is "auto", "light" or "dark".
	Theme string
	// ASCII draws with plain ASCII instead of block glyphs.
	ASCII bool
}

// Run starts the explorer in the terminal's alternate screen and returns
// when the user quits. The terminal is restored on every exit path.
func Run(opts Options) error {
	_ = opts
	return errors.New("the interactive explorer is not built yet")
}
