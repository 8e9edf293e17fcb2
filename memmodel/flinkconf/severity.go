package flinkconf

import "github.com/flinkmem/flinkmem/memmodel"

// Severity is the notice's severity. A file's notices are warnings (a line
// or key Flink does not read, a value it reads differently from how it
// looks), except the one that only says how a FlinkDeployment's resource
// memory was read.
func (n Notice) Severity() memmodel.Severity {
	return NoticeSeverity(n.Code)
}

// NoticeSeverity is the severity of a notice code of this package.
func NoticeSeverity(code string) memmodel.Severity {
	if code == NoticeResourceMemory {
		return memmodel.SeverityInfo
	}
	return memmodel.SeverityWarning
}
