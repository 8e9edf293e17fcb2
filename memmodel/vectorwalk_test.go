package memmodel

import (
	"path/filepath"
	"testing"
)

// eachVector calls check with every conformance vector, the file it
// stands in and the input it describes on the line whose code produced
// it, and returns how many vectors it visited. It fails the test when
// there are no vectors or a folder names no known line.
func eachVector(t *testing.T, check func(file string, v vector, in Input)) int {
	t.Helper()
	files, err := filepath.Glob("testdata/conformance/flink-*/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors found: %v", err)
	}
	n := 0
	for _, file := range files {
		line, ok := conformanceLines[filepath.Base(filepath.Dir(file))]
		if !ok {
			t.Fatalf("unknown conformance folder for %s", file)
		}
		for _, v := range loadVectors(t, file) {
			check(file, v, vectorInput(v, line))
			n++
		}
	}
	return n
}
