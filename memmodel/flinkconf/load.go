package flinkconf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/flinkmem/flinkmem/memmodel"
)

// MaxFileSize is the largest file Load reads. Real Flink configurations
// are a few kilobytes; anything this large is not one.
const MaxFileSize = 10 << 20

// stdin is the reader Load uses for "-"; tests replace it.
var stdin io.Reader = os.Stdin

// Load reads a configuration: a flink-conf.yaml, a config.yaml, a
// FlinkDeployment, a Flink conf/ directory, or "-" for standard input.
// A file named flink-conf.yaml or config.yaml is parsed as such; any other
// file, and standard input, by content (see Parse).
//
// For a directory, line decides which file Flink itself reads: up to 1.18
// only flink-conf.yaml; 1.19 and 1.20 flink-conf.yaml when present (it wins)
// and config.yaml otherwise; from 2.0 only config.yaml. A directory holding
// only a file the line does not read is an error that says how to migrate.
// Files over 10 MiB are refused. Every failure is an *Error.
func Load(path string, line memmodel.Line) (*Source, error) {
	return load(path, Options{Line: line})
}

func load(path string, opt Options) (*Source, error) {
	line := opt.Line
	if path == "-" {
		data, err := readLimited("-", stdin)
		if err != nil {
			return nil, err
		}
		return ParseWith("-", data, opt)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	var notices []Notice
	if info.IsDir() {
		path, notices, err = chooseConfFile(path, line)
		if err != nil {
			return nil, err
		}
		if info, err = os.Stat(path); err != nil {
			return nil, fileError(path, err)
		}
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{Path: path, Msg: "not a regular file; give a configuration file or a Flink conf/ directory"}
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	data, err := readLimited(path, f)
	if err != nil {
		return nil, err
	}
	src, err := ParseWith(path, data, opt)
	if err != nil {
		return nil, err
	}
	src.Notices = append(notices, src.Notices...)
	return src, nil
}

// readLimited reads r, refusing more than MaxFileSize bytes.
func readLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fileError(name, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	return data, nil
}

func tooLarge(name string) *Error {
	return &Error{Path: name, Msg: fmt.Sprintf("larger than %d MiB; a Flink configuration is a few kilobytes, so check that this is the right file", MaxFileSize>>20)}
}

// fileError words an operating-system error for a user.
func fileError(path string, err error) *Error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Msg: "no such file or directory; check the path"}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: path, Msg: "permission denied; check the file's permissions"}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{Path: path, Msg: "cannot read: " + err.Error()}
}

// isFile reports whether path is an existing regular file (or a link to
// one).
func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// chooseConfFile picks the file of a conf/ directory that Flink line reads.
func chooseConfFile(dir string, line memmodel.Line) (string, []Notice, error) {
	flat := filepath.Join(dir, "flink-conf.yaml")
	std := filepath.Join(dir, "config.yaml")
	hasFlat, hasStd := isFile(flat), isFile(std)
	// take reads file; when other is there too, a notice says why it is not.
	take := func(file, other string, hasOther bool, why string) (string, []Notice, error) {
		if !hasOther {
			return file, nil, nil
		}
		return file, []Notice{{Code: NoticeFileIgnored, Message: fmt.Sprintf("%s ignored: %s", other, why)}}, nil
	}
	switch {
	case !line.ReadsConfigYAML():
		if hasFlat {
			return take(flat, std, hasStd, fmt.Sprintf("Flink %s reads only flink-conf.yaml (config.yaml arrived in 1.19)", line))
		}
		if hasStd {
			return "", nil, &Error{Path: dir, Msg: fmt.Sprintf("holds config.yaml but no flink-conf.yaml, and Flink %s reads only flink-conf.yaml (config.yaml arrived in 1.19); choose Flink 1.19 or later, or give the file itself", line)}
		}
	case line.ReadsFlinkConfYAML():
		if hasFlat {
			return take(flat, std, hasStd, fmt.Sprintf("when a conf/ directory holds both files, Flink %s reads flink-conf.yaml", line))
		}
		if hasStd {
			return std, nil, nil
		}
	default:
		if hasStd {
			return take(std, flat, hasFlat, fmt.Sprintf("Flink %s no longer reads flink-conf.yaml", line))
		}
		if hasFlat {
			return "", nil, &Error{Path: dir, Msg: fmt.Sprintf("holds only flink-conf.yaml, which Flink %s no longer reads; migrate it to config.yaml (for example with `flinkmem export --format config-yaml`, or Flink's bin/migrate-config-file.sh)", line)}
		}
	}
	return "", nil, &Error{Path: dir, Msg: "no flink-conf.yaml or config.yaml in this directory; give a Flink conf/ directory or a configuration file"}
}

// Parse parses data named name with the default Options (the latest
// line, the TaskManager); see ParseWith.
func Parse(name string, data []byte) (*Source, error) {
	return ParseWith(name, data, Options{Line: memmodel.LatestLine})
}

// looksNested reports whether a text uses YAML nesting: an indented
// key line, or a value that opens a flow mapping or sequence. Flat
// flink-conf.yaml files have neither.
func looksNested(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && bytes.IndexByte(t, ':') >= 0 {
			return true
		}
		if i := bytes.Index(t, []byte(": ")); i >= 0 {
			v := bytes.TrimSpace(t[i+2:])
			if len(v) > 0 && (v[0] == '{' || v[0] == '[') {
				return true
			}
		}
	}
	return false
}
