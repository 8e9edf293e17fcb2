package memmodel

import "testing"

func TestSeverity(t *testing.T) {
	for code, want := range map[NoticeCode]Severity{
		NoticeClampedToMin: SeverityInfo, NoticeJMOffHeapDerived: SeverityInfo,
		NoticeKeyNotRead: SeverityWarning, NoticeDeprecatedKey: SeverityWarning, NoticeCode("new-code"): SeverityWarning,
	} {
		if got := code.Severity(); got != want {
			t.Errorf("%s: severity %s, want %s", code, got, want)
		}
	}
	// Flink's shipped configuration raises the JVM overhead to its min:
	// information, not a warning.
	l, err := Resolve(Input{Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range l.Notices() {
		if n.Code.Severity() != SeverityInfo {
			t.Errorf("default configuration: %s is a warning", n.Code)
		}
	}
}
