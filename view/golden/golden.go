// Package golden compares test output with golden files, for the tests of
// every package (the command's transcripts, view's reports, the explorer's
// screens). One -update flag, registered here, rewrites them all:
//
//	go test ./... -update
//
// Contains is the lighter check, for output a test pins down only in
// part; Frame checks that a screen fills the terminal exactly. Only tests
// import this package.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with the output the tests produce")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// Check compares got with the golden file at path. With -update it writes
// got there instead (creating the directory); without it, a missing file
// or a difference fails the test, showing both texts.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (rerun with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
