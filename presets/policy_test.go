package presets

import (
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestPlace(t *testing.T) {
	jm := Preset{Name: "jm", Role: "jobmanager", Lines: []string{"1.11..1.20"}}
	tmTraining := Preset{Name: "t", Training: true}
	tests := []struct {
		name string
		p    Preset
		t    Target
		want Placement
	}{
		{"jobmanager preset on defaults", jm, Target{Role: memmodel.TaskManager, Line: memmodel.LatestLine},
			Placement{Role: memmodel.JobManager, Line: memmodel.Line1_20, RoleSwitched: true, LineSwitched: true}},
		{"chosen line is kept", jm, Target{Role: memmodel.TaskManager, Line: memmodel.LatestLine, LineChosen: true},
			Placement{Role: memmodel.JobManager, Line: memmodel.LatestLine, RoleSwitched: true, OtherLine: true}},
		{"chosen role is kept", tmTraining, Target{Role: memmodel.JobManager, Line: memmodel.Line1_20, RoleChosen: true},
			Placement{Role: memmodel.JobManager, Line: memmodel.Line1_20}},
		{"training preset switches back", tmTraining, Target{Role: memmodel.JobManager, Line: memmodel.Line1_20},
			Placement{Role: memmodel.TaskManager, Line: memmodel.Line1_20, RoleSwitched: true}},
	}
	for _, tt := range tests {
		if got := tt.p.Place(tt.t); got != tt.want {
			t.Errorf("%s: Place = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
