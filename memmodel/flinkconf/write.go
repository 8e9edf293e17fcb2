package flinkconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// beforeRename runs after the temporary file is complete and before it
// replaces the target; tests make it fail to check that nothing changes.
var beforeRename = func(tmpName string) error { return nil }

// stdout is where WriteFile writes for "-"; tests replace it.
var stdout io.Writer = os.Stdout

// ErrChanged is returned, wrapped in an *Error, by UpdateFile when the file
// no longer holds what was read from it: another writer got there first.
var ErrChanged = errors.New("file changed since it was read")

// lockWait is how long UpdateFile waits for another writer's lock.
var lockWait = 10 * time.Second

// WriteFile writes data to path without ever damaging what is there:
//
//   - "-" is standard output.
//   - A regular file (also behind a symbolic link) is replaced atomically:
//     data goes into a temporary file in the same directory, is synced, and
//     is renamed over the file, keeping its owner, group and mode. Readers
//     see the old file or the new one, never a part. Without force an
//     existing file is left alone and the error wraps ErrExists.
//   - A file with several hard links, or one whose owner cannot be kept, is
//     written in place once the temporary file holds the complete new
//     content, so that every link sees the change.
//   - A FIFO, a terminal, /dev/null, /dev/stdout or a path that reaches
//     such a file through links is a stream: data is written through to it,
//     never renamed over it, and force is not needed.
//   - A block device, socket or directory is refused.
//
// On any failure the existing file is unchanged. Failures other than
// ErrExists are *Error.
func WriteFile(path string, data []byte, force bool) error {
	if path == "-" {
		if _, err := stdout.Write(data); err != nil {
			return &Error{Path: path, Msg: "cannot write to standard output: " + err.Error()}
		}
		return nil
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			return &Error{Path: path, Msg: "is a symbolic link to a file that does not exist; give the link's target path, or remove the link"}
		}
		return createNew(path, data)
	case err != nil:
		return writeError(path, err)
	case info.IsDir():
		return &Error{Path: path, Msg: "is a directory; give a file name to write"}
	case !info.Mode().IsRegular():
		if msg := unwritable(info.Mode()); msg != "" {
			return &Error{Path: path, Msg: msg}
		}
		return writeThrough(path, data)
	case throughSpecial(path):
		// /dev/stdout redirected to a file: the shell owns that file, so
		// append to what it opened instead of replacing it.
		return writeThrough(path, data)
	case !force:
		return &fs.PathError{Op: "write", Path: path, Err: ErrExists}
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return writeError(path, err)
	}
	return replaceRegular(path, target, data, info)
}

// unwritable says why a special file is refused, or "" for a stream
// (FIFO, character device).
func unwritable(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0, m&fs.ModeCharDevice != 0:
		return ""
	case m&fs.ModeDevice != 0:
		return "is a block device; writing a configuration there would destroy its contents, so give a file name"
	case m&fs.ModeSocket != 0:
		return "is a socket; give a file name to write"
	}
	return "is not a regular file; give a file name to write"
}

// throughSpecial reports whether path is, or reaches through symbolic
// links, a name that stands for an open file of this process, such as
// /dev/stdout or /proc/self/fd/1.
func throughSpecial(path string) bool {
	p := path
	for i := 0; i < 40; i++ {
		abs, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		if isDescriptorName(abs) {
			return true
		}
		li, err := os.Lstat(abs)
		if err != nil || li.Mode()&fs.ModeSymlink == 0 {
			return false
		}
		next, err := os.Readlink(abs)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(next) {
			next = filepath.Join(filepath.Dir(abs), next)
		}
		p = next
	}
	return false
}

// isDescriptorName reports whether an absolute path names a descriptor:
// /dev/stdout, /dev/stderr, /dev/fd/N or /proc/PID/fd/N.
func isDescriptorName(p string) bool {
	switch {
	case p == "/dev/stdout", p == "/dev/stderr", strings.HasPrefix(p, "/dev/fd/"):
		return true
	case strings.HasPrefix(p, "/proc/"):
		parts := strings.Split(p, "/") // "", "proc", PID, "fd", N
		return len(parts) == 5 && parts[3] == "fd"
	}
	return false
}

// writeThrough writes data to a stream (a FIFO, a device, an inherited
// descriptor) without creating, truncating or renaming anything.
func writeThrough(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return writeError(path, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil {
		return writeError(path, werr)
	}
	if cerr != nil {
		return writeError(path, cerr)
	}
	return nil
}

// tempFile writes data to a new synced temporary file next to target and
// returns its name; on failure nothing is left behind.
func tempFile(path, target string, data []byte, prepare func(*os.File) error) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return "", writeError(path, err)
	}
	name := tmp.Name()
	fail := func(err error) (string, error) {
		tmp.Close()
		os.Remove(name)
		return "", writeError(path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := prepare(tmp); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return "", writeError(path, err)
	}
	if err := beforeRename(name); err != nil {
		os.Remove(name)
		return "", writeError(path, err)
	}
	return name, nil
}

// createNew writes a file that does not exist yet. A hard link from the
// temporary file fails when the path appeared meanwhile, which a rename
// would silently replace.
func createNew(path string, data []byte) error {
	name, err := tempFile(path, path, data, func(f *os.File) error { return f.Chmod(0o644) })
	if err != nil {
		return err
	}
	err = os.Link(name, path)
	switch {
	case err == nil:
		os.Remove(name)
	case errors.Is(err, fs.ErrExist):
		os.Remove(name)
		return &fs.PathError{Op: "write", Path: path, Err: ErrExists}
	default:
		// A file system without hard links: rename, having checked that
		// the path is still free.
		if _, serr := os.Lstat(path); !errors.Is(serr, fs.ErrNotExist) {
			os.Remove(name)
			return writeError(path, err)
		}
		if err := os.Rename(name, path); err != nil {
			os.Remove(name)
			return writeError(path, err)
		}
	}
	syncDir(filepath.Dir(path))
	return nil
}

// replaceRegular replaces the regular file target (path as the user gave
// it) with data, keeping its owner, group and mode.
func replaceRegular(path, target string, data []byte, info fs.FileInfo) error {
	why := ""
	if n := links(info); n > 1 {
		why = fmt.Sprintf("it has %d hard links, which a rename would part", n)
	}
	name, err := tempFile(path, target, data, func(f *os.File) error {
		if err := keepOwner(f, info); err != nil && why == "" {
			why = "its owner cannot be given to a new file" // renaming would hand the file to us
		}
		return f.Chmod(info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
	})
	if err != nil {
		return err
	}
	if why == "" {
		if err := os.Rename(name, target); err != nil {
			os.Remove(name)
			return writeError(path, err)
		}
		syncDir(filepath.Dir(target))
		return nil
	}
	return writeInPlace(path, target, name, why, data)
}

// writeInPlace overwrites target with data after the temporary file name
// already holds it (why says why a rename would not do); if that fails
// part-way, the temporary file is kept and named so that the new content is
// not lost.
func writeInPlace(path, target, tmpName, why string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		os.Remove(tmpName)
		return &Error{Path: path, Msg: fmt.Sprintf("must be written in place (%s), and opening it for writing failed: %v; nothing was changed", why, unwrapOS(err))}
	}
	_, err = f.WriteAt(data, 0)
	if err == nil {
		err = f.Truncate(int64(len(data)))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &Error{Path: path, Msg: fmt.Sprintf("writing in place failed part-way (%v), so the file may be damaged; the complete new content is in %s", unwrapOS(err), tmpName)}
	}
	os.Remove(tmpName)
	return nil
}

// UpdateFile writes data over the regular file path, which was read as
// orig, the way WriteFile does with force. It holds an advisory lock on
// the file while it checks that the file still holds orig and replaces it,
// so that of two updates at once the second fails with ErrChanged (wrapped
// in an *Error) instead of silently undoing the first.
func UpdateFile(path string, data, orig []byte) error {
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.Open(path)
		if err != nil {
			return writeError(path, err)
		}
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return writeError(path, err)
		}
		if !info.Mode().IsRegular() {
			f.Close()
			return &Error{Path: path, Msg: "is not a regular file, so it cannot be updated in place"}
		}
		locked, err := tryLock(f)
		if err != nil {
			f.Close()
			return writeError(path, err)
		}
		if !locked {
			f.Close()
			if time.Now().After(deadline) {
				return &Error{Path: path, Msg: fmt.Sprintf("another process has held a lock on the file for %v; nothing was written, so try again once it is done", lockWait)}
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		// A writer that held the lock before may have renamed a new file
		// into place; lock that one instead.
		if now, err := os.Stat(path); err != nil || !os.SameFile(now, info) {
			f.Close()
			if err != nil {
				return writeError(path, err)
			}
			continue
		}
		err = updateLocked(path, f, info, data, orig)
		f.Close() // releases the lock
		return err
	}
}

// updateLocked checks and replaces a file whose lock f holds.
func updateLocked(path string, f *os.File, info fs.FileInfo, data, orig []byte) error {
	cur, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return writeError(path, err)
	}
	if !bytes.Equal(cur, orig) {
		return &Error{Path: path, Err: ErrChanged, Msg: "changed since it was read (another writer at the same time?); nothing was written, so run the command again"}
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return writeError(path, err)
	}
	return replaceRegular(path, target, data, info)
}

// syncDir makes a rename durable; not all systems allow it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// unwrapOS strips the path from an operating-system error.
func unwrapOS(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// writeError words a failed write for a user.
func writeError(path string, err error) *Error {
	err = unwrapOS(err)
	msg := "cannot write: " + err.Error()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = "cannot write: the directory does not exist; create it first"
	case errors.Is(err, fs.ErrPermission):
		msg = "cannot write: permission denied; check the file's and the directory's permissions"
	}
	return &Error{Path: path, Msg: msg + " (the existing file, if any, is unchanged)"}
}
