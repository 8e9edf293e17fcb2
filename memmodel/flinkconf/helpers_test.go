package flinkconf

import (
	"errors"
	"strings"
	"testing"
)

// mustParse reads data named name with parse (Parse or one of the
// format-specific readers) and stops the test when it fails.
func mustParse(t testing.TB, parse func(string, []byte) (*Source, error), name string, data []byte) *Source {
	t.Helper()
	src, err := parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// wantError stops the test unless err is an *Error on one line (the
// command line prints it after the file name), and returns it.
func wantError(t testing.TB, what string, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: err = %v (%T), want *Error", what, err, err)
	}
	if strings.ContainsAny(e.Error(), "\n\r") {
		t.Fatalf("%s: error spans lines: %q", what, e.Error())
	}
	return e
}
