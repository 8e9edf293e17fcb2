package input

import (
	"io"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/view"
)

// Diff compares this input with the second configuration the To flags
// describe (stdin is what --to-config - reads) and returns the
// comparison with the text report's options.
func (t *To) Diff(in *Loaded, stdin io.Reader, exact bool, width int) (memmodel.Diff, view.DiffOptions, error) {
	to, what, err := t.Apply(in.Input, stdin)
	if err != nil {
		return memmodel.Diff{}, view.DiffOptions{}, err
	}
	d := memmodel.CompareUses(in.Input, to, in.Uses)
	opts := view.DiffOptions{ReportOptions: in.ReportOptions(exact), ToSource: "the same configuration " + strings.Join(what, ", "), Width: width}
	if d.ToErr != nil {
		opts.Fixes = memmodel.Fixes(to, d.ToErr)
	}
	if in.File != nil && in.File.Format == flinkconf.FlinkConf {
		opts.FlinkConfFile = in.File.Path
	}
	return d, opts, nil
}
