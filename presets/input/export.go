package input

import (
	"errors"
	"fmt"
	"io"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
	"github.com/flinkmem/flinkmem/view"
)

// ExportNotices are the input's notices an export of kind prints, each
// with its code: all of them, except that a file the line does not read
// matters only to a flink-conf.yaml export.
func (l *Loaded) ExportNotices(kind memmodel.ExportFormat) []string {
	var out []string
	for _, n := range l.Notices {
		if n.Code != flinkconf.NoticeFileNotRead || kind == memmodel.ExportFlinkConf {
			out = append(out, fmt.Sprintf("%s [%s]", n.Message, n.Code))
		}
	}
	return out
}

// Exported is an export ready to deliver, with what to tell the user
// before it.
type Exported struct {
	flinkconf.Exported
	Kind memmodel.ExportFormat
	// Notices are the input's notices that matter to the export; they come
	// first, as a key or line Flink does not read is often why it refuses.
	Notices []string
	// Migrated says how deprecated and legacy keys were carried over.
	Migrated []string
	// Refusal is why Flink would refuse the input, with the verified
	// fixes; "" when Flink accepts it.
	Refusal string
}

// Export exports the input in format kind (see Kind) as the flags ask.
func (e *Export) Export(in *Loaded, kind memmodel.ExportFormat) (*Exported, error) {
	ex, err := flinkconf.Export(in.Input, in.File, kind, memmodel.ExportOptions{Pinned: e.Pinned, KeepDefaults: e.Update != ""})
	var rej *memmodel.Rejection
	if err != nil && !errors.As(err, &rej) {
		return nil, err
	}
	x := &Exported{Exported: ex, Kind: kind, Notices: in.ExportNotices(kind)}
	for _, m := range ex.Migrations {
		x.Migrated = append(x.Migrated, fmt.Sprint(m))
	}
	if rej != nil {
		x.Refusal = view.RejectionReport(rej, memmodel.Fixes(in.Input, err))
	}
	return x, nil
}

// Deliver writes the export where the flags say (see
// flinkconf.Exported.Deliver) and returns what to tell the user.
func (e *Export) Deliver(x *Exported, w io.Writer) (string, error) {
	return x.Exported.Deliver(w, e.Write, e.Update, e.Force, x.Kind)
}
