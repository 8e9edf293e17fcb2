package input

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/flinkmem/flinkmem/view"
)

// Render are the flags of `flinkmem render`: --width, --color, --ascii.
type Render struct {
	Width int
	Color string
	ASCII bool
}

// Register declares the render flags on fs.
func (r *Render) Register(fs *flag.FlagSet) {
	fs.IntVar(&r.Width, "width", 0, "")
	fs.StringVar(&r.Color, "color", "auto", "")
	fs.BoolVar(&r.ASCII, "ascii", false, "")
}

// Options checks the flags and turns them into the drawing's options for
// w: its width when --width is not given, colour when --color auto and w
// is a terminal and NO_COLOR is not set.
func (r *Render) Options(w io.Writer) (view.StaticOptions, error) {
	tty, cols := view.Terminal(w)
	opts := view.StaticOptions{Width: r.Width, ASCII: r.ASCII,
		Color: r.Color == "always" || (r.Color == "auto" && tty && os.Getenv("NO_COLOR") == "")}
	switch {
	case r.Color != "always" && r.Color != "never" && r.Color != "auto":
		return opts, fmt.Errorf("--color %q: use always, never or auto", r.Color)
	case r.Width < 0:
		return opts, fmt.Errorf("--width %d: give a positive number of columns", r.Width)
	case r.Width == 0:
		opts.Width = cols
	}
	return opts, nil
}

// CheckTheme refuses an explorer theme other than auto, light, dark and
// projector.
func CheckTheme(theme string) error {
	if theme != "auto" && theme != "light" && theme != "dark" && theme != "projector" {
		return fmt.Errorf("--theme %q: use auto, light, dark or projector", theme)
	}
	return nil
}

// CheckWidth refuses a --width below min columns.
func CheckWidth(width, min int) error {
	if width < min {
		return fmt.Errorf("--width %d: give at least %d columns", width, min)
	}
	return nil
}
