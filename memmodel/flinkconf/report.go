package flinkconf

import (
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Notice codes of the findings that need a resolved process size.
const (
	// NoticeContainerLimit: a container memory limit and how the process
	// size fits it.
	NoticeContainerLimit = "container-memory-limit"
	// NoticeContainerLimitExceeded: the process size is above the
	// container's memory limit, so the container is killed when the
	// process grows to its size. A warning.
	NoticeContainerLimitExceeded = "container-memory-limit-exceeded"
	// NoticeLineFromFile: the Flink line was taken from the file (its
	// spec.flinkVersion or image tag).
	NoticeLineFromFile = "flink-line-from-file"
)

// LimitNotices compares the process size of role with the container memory
// limits the file sets for that role: one notice per limit, a warning when
// the process does not fit.
func (s *Source) LimitNotices(role memmodel.Role, process memmodel.MemorySize) []Notice {
	var out []Notice
	for _, l := range s.Limits {
		if l.Role != role {
			continue
		}
		if msg := l.Exceeds(process); msg != "" {
			out = append(out, Notice{Line: l.Line, Code: NoticeContainerLimitExceeded, Message: msg})
			continue
		}
		limit := l.Of(process)
		if l.Factor > 0 && l.Line == 0 {
			// No limit is written: Flink derives the pod's from the
			// process size, so the process always fits.
			out = append(out, Notice{Line: l.Line, Code: NoticeContainerLimit,
				Message: fmt.Sprintf("%s memory limit: %s, so %s for the %s process size %s", l.Path, l.Value, limit.HumanExact(), role.Title(), process.Human())})
			continue
		}
		out = append(out, Notice{Line: l.Line, Code: NoticeContainerLimit,
			Message: fmt.Sprintf("container memory limit: %s = %s, which is %s; the %s process size %s fits with %s to spare", l.Path, l.Value, limit.HumanExact(), role.Title(), process.HumanExact(), (limit - process).Human())})
	}
	return out
}

// ResourceProblem returns, when the operator's conversion of the role's
// resource memory gives a value Flink refuses, the refusal in terms of
// what the user wrote (the field and its value); "" otherwise.
func (s *Source) ResourceProblem(role memmodel.Role) string {
	key := tmProcessKey
	if role == memmodel.JobManager {
		key = jmProcessKey
	}
	return s.Origins[key].Problem
}

// LineNotice says that the Flink line comes from the file; ok is false
// when the file names none.
func (s *Source) LineNotice() (Notice, bool) {
	if s.FileLineFrom == "" {
		return Notice{}, false
	}
	return Notice{Code: NoticeLineFromFile,
		Message: fmt.Sprintf("resolving for Flink %s, the line %s names (--flink chooses another)", s.FileLine, s.FileLineFrom)}, true
}

// ExportReplaces maps each key an export writes in place of a legacy key
// to that legacy key, for Changes.Replaces.
func ExportReplaces(res *memmodel.ExportResult) map[string]string {
	out := map[string]string{}
	for _, m := range res.Migrations {
		if m.To != "" && m.From != m.To {
			if _, taken := out[m.To]; !taken {
				out[m.To] = m.From
			}
		}
	}
	return out
}
