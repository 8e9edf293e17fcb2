package flinkconf

import (
	"errors"
	"fmt"
	"io"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Deliver puts the export where the user asked: onto w when neither write
// nor update names a file; into the new file write (an existing one only
// with force); or back into update, the file the export was read from.
// kind names the format in the note. It returns what to tell the user on
// success, "" when the export went to w.
func (ex *Exported) Deliver(w io.Writer, write, update string, force bool, kind memmodel.ExportFormat) (string, error) {
	switch {
	case ex.Unchanged:
		return update + " already holds these options; nothing written", nil
	case update == "" && write == "":
		if _, err := w.Write(ex.Data); err != nil {
			return "", fmt.Errorf("writing the export: %v", err)
		}
		return "", nil
	}
	path, done := write, fmt.Sprintf("wrote %s (%s, %d options)", write, kind, len(ex.Options))
	if update != "" {
		path, force, done = update, true, "updated "+update
	}
	if err := WriteFile(path, ex.Data, force); errors.Is(err, ErrExists) {
		return "", fmt.Errorf("%s already exists; pass --force to overwrite it", path)
	} else if err != nil {
		return "", err
	}
	return done, nil
}
