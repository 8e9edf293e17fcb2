package flinkconf

import "github.com/flinkmem/flinkmem/memmodel"

// Severity is the notice's severity. A file's notices are warnings (a line
// or key Flink does not read, a value it reads differently from how it
// looks, a process above its container's limit), except those that only
// say how the file was read: how a FlinkDeployment's resource memory was
// read, which document or service was read, where the Flink line came
// from, and a container limit the process fits.
func (n Notice) Severity() memmodel.Severity {
	return NoticeSeverity(n.Code)
}

// infoCodes are the notices that only say how the file was read.
var infoCodes = map[string]bool{
	NoticeResourceMemory:  true,
	NoticeDocumentChosen:  true,
	NoticeContainerLimit:  true,
	NoticeLineFromFile:    true,
	NoticeNoProperties:    true,
	NoticeComposeVariable: true,
}

// NoticeSeverity is the severity of a notice code of this package.
func NoticeSeverity(code string) memmodel.Severity {
	if infoCodes[code] {
		return memmodel.SeverityInfo
	}
	return memmodel.SeverityWarning
}
