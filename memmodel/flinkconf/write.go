package flinkconf

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// beforeRename runs after the temporary file is complete and before it
// replaces the target; tests make it fail to check that nothing changes.
var beforeRename = func(tmpName string) error { return nil }

// WriteFile writes data to path atomically: into a temporary file in the
// same directory, synced to disk, then renamed over path, so that readers
// see either the old file or the new one, never a part; on any failure the
// temporary file is removed and the old file is untouched. An existing
// file keeps its permissions (a new one gets 0644), and a symbolic link is
// followed so that the file it points to is replaced, not the link.
//
// Without force, an existing path is left alone and the error wraps
// ErrExists (errors.Is(err, ErrExists)); other failures are *Error.
func WriteFile(path string, data []byte, force bool) error {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	perm := fs.FileMode(0o644)
	info, err := os.Stat(target)
	switch {
	case err == nil && info.IsDir():
		return &Error{Path: path, Msg: "is a directory; give a file name to write"}
	case err == nil && !force:
		return &fs.PathError{Op: "write", Path: path, Err: ErrExists}
	case err == nil:
		perm = info.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return writeError(path, err)
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return writeError(path, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return writeError(path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return writeError(path, err)
	}
	if err := tmp.Sync(); err != nil {
		return writeError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return writeError(path, err)
	}
	if err := beforeRename(tmpName); err != nil {
		return writeError(path, err)
	}
	if force {
		err = os.Rename(tmpName, target)
	} else {
		// A hard link fails when target appeared meanwhile, which a
		// rename would silently replace.
		if err = os.Link(tmpName, target); err == nil {
			os.Remove(tmpName)
		} else if errors.Is(err, fs.ErrExist) {
			err = &fs.PathError{Op: "write", Path: path, Err: ErrExists}
		} else if _, statErr := os.Stat(target); errors.Is(statErr, fs.ErrNotExist) {
			// The file system has no hard links: fall back to rename.
			err = os.Rename(tmpName, target)
		}
	}
	if err != nil {
		if errors.Is(err, ErrExists) {
			return err
		}
		return writeError(path, err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename itself durable; not all systems allow it
		d.Close()
	}
	return nil
}

// writeError words a failed write for a user.
func writeError(path string, err error) *Error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	msg := "cannot write: " + err.Error()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = "cannot write: the directory does not exist; create it first"
	case errors.Is(err, fs.ErrPermission):
		msg = "cannot write: permission denied; check the directory's permissions"
	}
	return &Error{Path: path, Msg: msg + " (the existing file, if any, is unchanged)"}
}
