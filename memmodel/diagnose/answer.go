package diagnose

import "github.com/flinkmem/flinkmem/memmodel"

// Answer is what `flinkmem diagnose` prints: a report, or for a lone
// number or JVM flag its explanation.
type Answer struct {
	Report Report
	// Number, Layout and Flag are set when the evidence was a lone number
	// or flag, explained against Layout.
	Number *NumberReport
	Layout *memmodel.Layout
	Flag   string
}

// Recognised reports whether the evidence was answered: a symptom was
// recognised, or a lone number explained.
func (a *Answer) Recognised() bool { return a.Number != nil || a.Report.Recognised() }

// Diagnosis answers collected evidence with a configuration. When the
// configuration was not given (implicit: the default preset stands in)
// and the evidence states a whole layout (a memory tree, dynamic configs),
// that layout is used instead. texts are the evidence's text arguments:
// a single one that is a number or a JVM flag and shows no symptom is
// explained as a number.
func Diagnosis(in memmodel.Input, implicit bool, ev Evidence, texts []string) Answer {
	var lead []string
	if implicit && ev.Import.Pins() {
		if cfg, notes, err := ev.Import.Config(in.Line); err == nil {
			in.Config, in.Role = cfg, ev.Import.Role
			lead = append([]string{"no -c, -D or --preset given: using the sizes the evidence states"}, notes...)
		}
	}
	a := Answer{Report: Diagnose(in, ev.Hits)}
	a.Report.Notices = append(append(lead, a.Report.Notices...), ev.Notices()...)
	if a.Report.Recognised() || len(ev.Hits) > 0 || len(texts) != 1 || ev.Lines > 1 {
		return a
	}
	n, flag, err := ParseNumber(texts[0])
	if err != nil {
		return a
	}
	if l, err := memmodel.Resolve(in); err == nil {
		r := ExplainNumber(&l, n)
		a.Number, a.Layout, a.Flag = &r, &l, flag
	}
	return a
}

// UsedEvidenceConfig reports whether Diagnosis would take the
// configuration from the evidence.
func UsedEvidenceConfig(implicit bool, ev *Evidence) bool {
	return implicit && ev.Import.Pins()
}
