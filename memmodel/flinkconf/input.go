package flinkconf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/flinkmem/flinkmem/memmodel"
)

// NoticeFileNotRead: the chosen Flink line does not read the kind of file
// given (flink-conf.yaml on 2.x, config.yaml before 1.19).
const NoticeFileNotRead = "file-not-read"

// ReadOptions say how Read chooses the Flink line a file is read for.
type ReadOptions struct {
	// Line is the line the user chose; LineGiven says they chose one.
	// Without a choice the file decides (see GuessLine).
	Line      memmodel.Line
	LineGiven bool
	// Stdin is what the path "-" reads.
	Stdin io.Reader
	// Migrating reads a conf/ directory that holds only files Line no
	// longer reads as the lines that do read it, instead of failing: an
	// export is how such a directory moves to a newer line.
	Migrating bool
}

// Input is a configuration file read for a resolution.
type Input struct {
	*Source
	// Line is the line to resolve for: the chosen one, or without a choice
	// 1.20 for a flink-conf.yaml and the latest line otherwise.
	Line memmodel.Line
	// Label names the input for report headers: "file conf/config.yaml",
	// "FlinkDeployment deploy.yaml", "config.yaml from standard input".
	Label string
}

// Read reads path (a file, a conf/ directory, or "-" for o.Stdin) the way
// the command line does: without a chosen line, a directory is read the
// way the newest line that reads its files would read it, and a
// flink-conf.yaml is resolved for 1.20, the last line that reads it.
func Read(path string, o ReadOptions) (*Input, error) {
	src, err := read(path, o)
	if err != nil {
		return nil, err
	}
	in := &Input{Source: src, Line: o.Line}
	if !o.LineGiven {
		in.Line = memmodel.LatestLine
		if src.Format == FlinkConf {
			in.Line = memmodel.Line1_20
		}
	}
	switch {
	case path == "-":
		in.Label = src.Format.String() + " from standard input"
	case src.Format == FlinkDeployment:
		in.Label = "FlinkDeployment " + src.Path
	default:
		in.Label = "file " + src.Path
	}
	return in, nil
}

func read(path string, o ReadOptions) (*Source, error) {
	if path == "-" {
		r := o.Stdin
		if r == nil {
			r = stdin
		}
		data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %v", err)
		}
		if len(data) > MaxFileSize {
			return nil, fmt.Errorf("standard input holds more than %d MiB; a Flink configuration is a few kilobytes, so check what is piped in", MaxFileSize>>20)
		}
		return Parse("-", data)
	}
	line := o.Line
	if !o.LineGiven {
		line = GuessLine(path)
	}
	src, err := Load(path, line)
	if err == nil && !o.LineGiven && src.Format == FlinkConf && line != memmodel.Line1_20 {
		src, err = Load(path, memmodel.Line1_20)
	}
	if err != nil && o.Migrating && o.LineGiven {
		if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
			if old, oerr := Load(path, GuessLine(path)); oerr == nil {
				return old, nil
			}
		}
	}
	return src, err
}

// GuessLine picks the line to read a path with when no line is chosen:
// 1.20 for a flink-conf.yaml, or a conf/ directory without config.yaml;
// otherwise the latest line.
func GuessLine(path string) memmodel.Line {
	if filepath.Base(path) == "flink-conf.yaml" {
		return memmodel.Line1_20
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "config.yaml")); err != nil {
			return memmodel.Line1_20
		}
	}
	return memmodel.LatestLine
}

// LocatedNotices are the file's notices, each message led by the file and line it
// is about ("conf/flink-conf.yaml:3: …"), followed by a notice when
// in.Line does not read this kind of file.
func (in *Input) LocatedNotices() []Notice {
	name := in.Path
	if name == "-" {
		name = "standard input"
	}
	out := make([]Notice, 0, len(in.Source.Notices)+1)
	for _, n := range in.Source.Notices {
		if n.Line > 0 {
			n.Message = name + ":" + strconv.Itoa(n.Line) + ": " + n.Message
		}
		out = append(out, n)
	}
	switch {
	case in.Format == FlinkConf && !in.Line.ReadsFlinkConfYAML():
		out = append(out, Notice{Code: NoticeFileNotRead,
			Message: "Flink " + in.Line.String() + " does not read flink-conf.yaml (2.0 removed it); export this configuration as config.yaml"})
	case in.Format == ConfigYAML && !in.Line.ReadsConfigYAML():
		out = append(out, Notice{Code: NoticeFileNotRead,
			Message: "Flink " + in.Line.String() + " does not read config.yaml (it arrived in 1.19); use flink-conf.yaml"})
	}
	return out
}
