package input

import (
	"flag"
	"fmt"
	"io"

	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/presets"
	"github.com/flinkmem/flinkmem/view"
)

// Pictures holds `flinkmem render`'s teaching flags: --steps, --format,
// --theme and -w.
type Pictures struct {
	steps                bool
	format, theme, write string
}

// Register declares the flags on fs.
func (p *Pictures) Register(fs *flag.FlagSet) {
	fs.BoolVar(&p.steps, "steps", false, "")
	fs.StringVar(&p.format, "format", "text", "")
	fs.StringVar(&p.theme, "theme", "dark", "")
	fs.StringVar(&p.write, "w", "", "")
}

// Check refuses flags that do not go together, before anything is read.
func (p *Pictures) Check() error {
	_, err := view.PictureFlags(p.format, p.theme, p.write, p.steps)
	return err
}

// Render prints what render shows of an outcome to w: the static screen,
// the steps as text or an SVG; with -w it writes the SVG, or one per step,
// never over an existing file, and tells note what it wrote.
func (p *Pictures) Render(w io.Writer, note func(format string, a ...any), o view.Outcome, opts view.StaticOptions) error {
	svg, err := view.PictureFlags(p.format, p.theme, p.write, p.steps)
	switch {
	case err != nil:
		return err
	case svg == nil && p.steps:
		_, err = io.WriteString(w, view.StepsText(o, opts))
	case svg == nil:
		_, err = io.WriteString(w, view.StaticOutcome(o, opts))
	case p.write == "":
		_, err = io.WriteString(w, view.Pictures(o, *svg, false, "")[0].SVG)
	default:
		pictures := view.Pictures(o, *svg, p.steps, p.write)
		files := make([]flinkconf.NewFile, len(pictures))
		for i, pic := range pictures {
			files[i] = flinkconf.NewFile{Path: pic.Name, Data: []byte(pic.SVG)}
		}
		if err = flinkconf.WriteNew(files); err == nil {
			note("wrote %s", countOf(len(files), "picture")+" to "+p.write)
		}
	}
	return err
}

// countOf writes a count with its noun.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// PresetsText is what `flinkmem presets` prints: the presets, one a line
// (none right after default), or with lessons the course as a Markdown
// handout.
func PresetsText(lessons bool) (string, error) {
	if lessons {
		return presets.CourseHandout()
	}
	all, err := presets.All()
	if err != nil {
		return "", err
	}
	none, _ := presets.Get(presets.None)
	return view.PresetList(all, none), nil
}
