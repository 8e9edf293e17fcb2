//go:build unix

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
	"sync"
	"syscall"
	"testing"
)

// These tests never let a path resolve to a real device: every link points
// at a FIFO, a pipe or a file the test made (CI runs as root, where a
// mistake could replace /dev/null).

// testUID and testGID are an owner no real account has.
const testUID, testGID = 54321, 54322

func stat(t *testing.T, path string) *syscall.Stat_t {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t)
}

func mustWrite(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask-proof
		t.Fatal(err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteKeepsOwnerAndMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flink-conf.yaml")
	mustWrite(t, path, "a: 1\n", 0o640)
	root := os.Geteuid() == 0
	if root {
		if err := os.Chown(path, testUID, testGID); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("not root: the owner is the test's own, so only the mode is checked for a change")
	}
	before := stat(t, path)
	for _, write := range []func() error{
		func() error { return WriteFile(path, []byte("a: 2\n"), true) },
		func() error { return UpdateFile(path, []byte("a: 3\n"), []byte("a: 2\n")) },
	} {
		if err := write(); err != nil {
			t.Fatal(err)
		}
		after := stat(t, path)
		if after.Uid != before.Uid || after.Gid != before.Gid || after.Mode&0o7777 != 0o640 {
			t.Errorf("owner %d:%d mode %o, want %d:%d mode 640", after.Uid, after.Gid, after.Mode&0o7777, before.Uid, before.Gid)
		}
	}
	if got := readString(t, path); got != "a: 3\n" {
		t.Errorf("content %q", got)
	}
	if root && before.Uid != testUID {
		t.Errorf("chown did not take: %d", before.Uid)
	}
}

func TestWriteHardLinksInPlace(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "config.yaml"), filepath.Join(dir, "config-link.yaml")
	mustWrite(t, path, "a: 1\n", 0o600)
	if err := os.Link(path, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	ino := stat(t, path).Ino
	if err := UpdateFile(path, []byte("a: 2\nb: 3\n"), []byte("a: 1\n")); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, other); got != "a: 2\nb: 3\n" {
		t.Errorf("the other link reads %q", got)
	}
	if stat(t, path).Ino != ino || stat(t, path).Nlink != 2 {
		t.Error("the file was replaced instead of written in place")
	}
	// Shorter content truncates.
	if err := WriteFile(other, []byte("a: 4\n"), true); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, path); got != "a: 4\n" {
		t.Errorf("after a shorter write %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// fifo makes a FIFO and starts reading it; the returned function waits for
// what was read.
func fifo(t *testing.T, path string) func() string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(path) // blocks until the writer opens
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	return func() string { return <-got }
}

func TestWriteFIFOAndLinksToIt(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe")
	link := filepath.Join(dir, "link")
	for i, target := range []string{pipe, link} {
		name := filepath.Base(target)
		t.Run(name, func(t *testing.T) {
			if i == 0 {
				wait := fifo(t, pipe)
				if err := WriteFile(pipe, []byte("a: 1\n"), false); err != nil {
					t.Fatalf("no --force needed for a FIFO: %v", err)
				}
				if got := wait(); got != "a: 1\n" {
					t.Errorf("read %q", got)
				}
			} else {
				if info, err := os.Lstat(pipe); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
					t.Skip("no FIFO to link to")
				}
				if err := os.Symlink(pipe, link); err != nil {
					t.Fatal(err)
				}
				got := make(chan string, 1)
				go func() {
					f, _ := os.Open(pipe)
					b, _ := io.ReadAll(f)
					f.Close()
					got <- string(b)
				}()
				if err := WriteFile(link, []byte("a: 2\n"), true); err != nil {
					t.Fatal(err)
				}
				if s := <-got; s != "a: 2\n" {
					t.Errorf("read %q", s)
				}
			}
			if info, _ := os.Lstat(pipe); info.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the FIFO became %v", info.Mode())
			}
		})
	}
	if info, _ := os.Lstat(link); info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link became %v", info.Mode())
	}
}

func TestWriteThroughDescriptorLinks(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd here")
	}
	dir := t.TempDir()
	// A link to a descriptor that is a pipe of the test's own: written
	// through, the link stays.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	link := filepath.Join(dir, "stdout-link")
	if err := os.Symlink(fmt.Sprintf("/proc/self/fd/%d", w.Fd()), link); err != nil {
		t.Fatal(err)
	}
	// CI runs as root: write only once the link is known to end at the
	// test's own pipe, never at a device.
	if info, err := os.Stat(link); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the link does not end at the test's pipe: %v %v", info, err)
	}
	if err := WriteFile(link, []byte("a: 1\n"), true); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if b, _ := io.ReadAll(r); string(b) != "a: 1\n" {
		t.Errorf("pipe read %q", b)
	}
	if info, _ := os.Lstat(link); info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link became %v", info.Mode())
	}
	// A descriptor that is a regular file of the test's own (standard
	// output redirected to a file): appended to, never replaced.
	out := filepath.Join(dir, "out.txt")
	mustWrite(t, out, "head\n", 0o644)
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ino := stat(t, out).Ino
	desc := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if info, err := os.Stat(desc); err != nil || info.Sys().(*syscall.Stat_t).Ino != ino {
		t.Fatalf("%s is not the test's own out.txt: %v", desc, err)
	}
	if err := WriteFile(desc, []byte("a: 2\n"), false); err != nil {
		t.Fatalf("no 'already exists' for a descriptor: %v", err)
	}
	if got := readString(t, out); got != "head\na: 2\n" || stat(t, out).Ino != ino {
		t.Errorf("out.txt = %q (replaced: %v)", got, stat(t, out).Ino != ino)
	}
}

func TestWriteSymlinkToRegularFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "link.yaml")
	mustWrite(t, target, "a: 1\n", 0o600)
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("a: 2\n"), false); !errors.Is(err, ErrExists) {
		t.Errorf("without force: %v", err)
	}
	if err := WriteFile(link, []byte("a: 2\n"), true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.Readlink(link); got != "real.yaml" {
		t.Errorf("link now points to %q", got)
	}
	if readString(t, target) != "a: 2\n" || stat(t, target).Mode&0o777 != 0o600 {
		t.Errorf("target %q mode %o", readString(t, target), stat(t, target).Mode&0o777)
	}
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(filepath.Join(dir, "missing"), dangling); err != nil {
		t.Fatal(err)
	}
	var e *Error
	if err := WriteFile(dangling, []byte("x"), true); !errors.As(err, &e) || !strings.Contains(e.Msg, "does not exist") {
		t.Errorf("dangling link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a file appeared behind the dangling link")
	}
}

func TestWriteStdoutAndSpecialModes(t *testing.T) {
	var buf bytes.Buffer
	old := stdout
	stdout = &buf
	defer func() { stdout = old }()
	if err := WriteFile("-", []byte("a: 1\n"), false); err != nil || buf.String() != "a: 1\n" {
		t.Errorf("-: %v %q", err, buf.String())
	}
	for mode, refused := range map[fs.FileMode]bool{fs.ModeNamedPipe: false, fs.ModeDevice | fs.ModeCharDevice: false, fs.ModeDevice: true, fs.ModeSocket: true} {
		if got := unwritable(mode) != ""; got != refused {
			t.Errorf("mode %v refused = %v", mode, got)
		}
	}
	for p, want := range map[string]bool{"/dev/stdout": true, "/dev/fd/1": true, "/proc/self/fd/1": true, "/proc/42/fd/3": true, "/dev/shm/flink.yaml": false, "/proc/self/status": false} {
		if isDescriptorName(p) != want {
			t.Errorf("isDescriptorName(%q) = %v", p, !want)
		}
	}
}

func TestUpdateFileRefusesAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	mustWrite(t, path, "a: 2\n", 0o644)
	err := UpdateFile(path, []byte("a: 3\n"), []byte("a: 1\n"))
	var e *Error
	if !errors.Is(err, ErrChanged) || !errors.As(err, &e) || !strings.Contains(e.Msg, "changed since it was read") {
		t.Fatalf("err = %v", err)
	}
	if readString(t, path) != "a: 2\n" {
		t.Error("the file was written")
	}
}

// TestConcurrentUpdatesLoseNothing runs two updates of the same file at
// once, many times: each appends its own line to what it read. Every
// update that reports success must be in the file, and the other must
// report ErrChanged.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flink-conf.yaml")
	mustWrite(t, path, "a: 0\n", 0o644)
	for round := 0; round < 200; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		lines := make([]string, 2)
		start := make(chan struct{})
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				orig, err := os.ReadFile(path)
				if err != nil {
					errs[w] = err
					return
				}
				lines[w] = fmt.Sprintf("k%d.%d: v\n", round, w)
				errs[w] = UpdateFile(path, append(append([]byte{}, orig...), lines[w]...), orig)
			}()
		}
		close(start)
		wg.Wait()
		final := readString(t, path)
		for w := 0; w < 2; w++ {
			switch {
			case errs[w] == nil && !strings.Contains(final, lines[w]):
				t.Fatalf("round %d: update %d reported success but its line is lost:\n%s", round, w, final)
			case errs[w] != nil && !errors.Is(errs[w], ErrChanged):
				t.Fatalf("round %d: update %d: %v", round, w, errs[w])
			case errs[w] != nil && strings.Contains(final, lines[w]):
				t.Fatalf("round %d: update %d failed but wrote", round, w)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("round %d: both updates failed", round)
		}
	}
}
