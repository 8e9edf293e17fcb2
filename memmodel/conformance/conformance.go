// Package conformance reads the conformance vectors: JSON lines, each a
// Flink configuration and what Flink's own resolver code made of it (see
// memmodel/testdata/conformance/README.md). It is the one loader shared by
// the tests of every package that checks itself against Flink; it imports
// only the standard library, so memmodel's own tests can use it.
package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Vector is one line of a conformance file. Numbers in Expect are
// json.Number, so that sizes up to 2^63−1 stay exact.
type Vector struct {
	ID   string `json:"id"`
	Role string `json:"role"` // "taskmanager" or "jobmanager"
	// Deployment is "container" (YARN, native Kubernetes) or "" for
	// standalone.
	Deployment string            `json:"deployment"`
	Config     map[string]string `json:"config"`
	Expect     map[string]any    `json:"expect"`
}

// Accepted reports whether Flink accepted the configuration.
func (v Vector) Accepted() bool { return v.Expect["ok"] == true }

// Check is the code of the check that refused the configuration, "" when
// Flink accepted it.
func (v Vector) Check() string {
	s, _ := v.Expect["check"].(string)
	return s
}

// Int reads an integer field of Expect (a size, a slot count); ok is false
// when the field is absent or not a whole number.
func (v Vector) Int(name string) (n int64, ok bool) {
	num, isNum := v.Expect[name].(json.Number)
	if !isNum {
		return 0, false
	}
	n, err := num.Int64()
	return n, err == nil
}

// Files lists the conformance files under root (a folder holding
// flink-<release>/ folders), sorted. It fails when there are none, so that
// a test cannot pass by checking nothing.
func Files(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "flink-*", "*.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no conformance files under %s", root)
	}
	sort.Strings(files)
	return files, nil
}

// Release is the Flink release whose code produced a file, read from its
// folder name: "1.16" for …/flink-1.16/tm.jsonl.
func Release(file string) string {
	return strings.TrimPrefix(filepath.Base(filepath.Dir(file)), "flink-")
}

// Load reads every vector of a file, in file order.
func Load(file string) ([]Vector, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Vector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var v Vector
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return out, nil
}

// File is one conformance file: its path, the release whose code produced
// it and its vectors.
type File struct {
	Path    string
	Release string
	Vectors []Vector
}

// LoadAll reads every conformance file under root (see Files), sorted by
// path.
func LoadAll(root string) ([]File, error) {
	paths, err := Files(root)
	if err != nil {
		return nil, err
	}
	out := make([]File, len(paths))
	for i, p := range paths {
		vs, err := Load(p)
		if err != nil {
			return nil, err
		}
		out[i] = File{Path: p, Release: Release(p), Vectors: vs}
	}
	return out, nil
}
