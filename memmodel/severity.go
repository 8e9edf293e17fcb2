package memmodel

// Severity says how much a notice matters. Information is what Flink
// itself logs at INFO (a fraction clamped to its min, an off-heap size
// derived from the totals); a warning is something that likely differs
// from what the user meant (a key that is not read, a deprecated key, JVM
// flags that override Flink's, RocksDB memory without a bound). `flinkmem
// check --strict` fails on warnings only.
//
// The zero value is SeverityWarning, so a finding nobody classified
// counts rather than passes.
type Severity uint8

// Severities.
const (
	SeverityWarning Severity = iota
	SeverityInfo
)

// String is "warning" or "info", as the JSON output spells them.
func (s Severity) String() string {
	if s == SeverityInfo {
		return "info"
	}
	return "warning"
}

// infoNotices are the resolver's notices Flink logs as information: the
// configuration means what the user wrote, Flink only says how it applied
// it.
var infoNotices = map[NoticeCode]bool{
	NoticeClampedToMin:     true,
	NoticeClampedToMax:     true,
	NoticeFractionIgnored:  true,
	NoticeJMOffHeapDerived: true,
}

// Severity is the notice code's severity; codes not classified as
// information are warnings.
func (c NoticeCode) Severity() Severity {
	if infoNotices[c] {
		return SeverityInfo
	}
	return SeverityWarning
}

// Severity is a per-slot notice's severity: its Warning flag.
func (n SlotNotice) Severity() Severity {
	if n.Warning {
		return SeverityWarning
	}
	return SeverityInfo
}
