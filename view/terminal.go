package view

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// Terminal reports whether w is a terminal and how many columns it has;
// a writer that is not a terminal gets 100 columns, a fair width for
// files, pipes and docs.
func Terminal(w io.Writer) (tty bool, width int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return false, 100
	}
	if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
		return true, cols
	}
	return true, 100
}
