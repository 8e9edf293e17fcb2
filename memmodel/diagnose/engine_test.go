package diagnose

import (
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func tmInput(cfg memmodel.Config) memmodel.Input {
	return memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: cfg}
}

func diagnoseText(in memmodel.Input, text string) Report {
	var hits []Hit
	for _, line := range splitLines(text) {
		hits = append(hits, Recognise(line)...)
	}
	return Diagnose(in, hits)
}

func TestDiagnoseDump(t *testing.T) {
	in := tmInput(memmodel.Config{"taskmanager.memory.process.size": "1728m"})
	for _, w := range wordings {
		rep := diagnoseText(in, w.line)
		for _, f := range rep.Findings {
			t.Logf("%s %s role=%v limit=%+v need=%v/%d obs=%q", w.name, f.Symptom, f.Role, f.Limit, f.NeededBytes, f.NeededBuffers, f.Observations)
			for _, fx := range f.Fixes {
				t.Logf("    fix %s | %s", fx.Description, fx.Cost)
			}
		}
		t.Logf("   notices %q", rep.Notices)
	}
}
