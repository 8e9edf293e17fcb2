package flinkconf

import "testing"

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
