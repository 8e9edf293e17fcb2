package flinkconf

import (
	"fmt"
	"os"
	"path/filepath"
)

// NewFile is a file to create: its path and its content.
type NewFile struct {
	Path string
	Data []byte
}

// WriteNew creates every file, or none when one of them already exists:
// it first checks that no path exists (the error then wraps ErrExists and
// names the path) and only then creates the missing directories and writes
// each file as WriteFile does, without overwriting. For pictures and
// handouts, which nobody wants replaced by surprise.
func WriteNew(files []NewFile) error {
	for _, f := range files {
		if _, err := os.Lstat(f.Path); err == nil {
			return existsError(f.Path)
		}
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		if err := WriteFile(f.Path, f.Data, false); err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return nil
}

// existsError names a file WriteNew will not replace; it wraps ErrExists.
type existsError string

func (e existsError) Error() string {
	return string(e) + " already exists; nothing was written (choose another name or an empty directory)"
}

func (e existsError) Unwrap() error { return ErrExists }
