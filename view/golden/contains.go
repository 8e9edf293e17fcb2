package golden

import (
	"strings"
	"testing"
)

// Contains checks that got holds each of wants, for output only some of
// whose lines a test pins down. A miss fails the test, naming what was
// searched (a report, the screen) and showing it in full.
func Contains(t testing.TB, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}
