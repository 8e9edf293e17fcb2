// Package view renders flinkmem's screens and reports as pure functions of
// plain data: no terminal access, no globals, no bubbletea.
package view

import "github.com/flinkmem/flinkmem/memmodel"

// StaticOptions controls a one-off rendering for docs and slides.
type StaticOptions struct {
	Width int
	Color bool
	ASCII bool
}

// Static renders the bar, rulers and legend of a resolved (or refused)
// configuration once, for `flinkmem render`.
func Static(in memmodel.Input, opts StaticOptions) string {
	_ = in
	_ = opts
	return ""
}
