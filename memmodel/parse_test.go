package memmodel

import (
	"strings"
	"testing"
)

func TestParseDeployment(t *testing.T) {
	for s, want := range map[string]Deployment{"": Standalone, "standalone": Standalone, "Container": Container} {
		if d, err := ParseDeployment(s); err != nil || d != want {
			t.Errorf("ParseDeployment(%q) = %v, %v", s, d, err)
		}
	}
	if _, err := ParseDeployment("yarn"); err == nil || !strings.HasPrefix(err.Error(), `"yarn": use standalone`) {
		t.Errorf("ParseDeployment(yarn): %v", err)
	}
}

func TestJobShapeCheck(t *testing.T) {
	for _, tt := range []struct {
		j        JobShape
		slotsSet bool
		want     string
	}{
		{JobShape{Parallelism: 4}, false, ""},
		{JobShape{Parallelism: 0}, false, "parallelism 0:"},
		{JobShape{Parallelism: 1, AllToAll: -1}, false, "exchanges -1:"},
		{JobShape{Parallelism: 1, Forward: -2}, false, "forward -2:"},
		{JobShape{Parallelism: 1}, true, "slots 0:"},
	} {
		err := tt.j.Check(tt.slotsSet)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.HasPrefix(err.Error(), tt.want)) {
			t.Errorf("%+v.Check(%v) = %v, want %q", tt.j, tt.slotsSet, err, tt.want)
		}
	}
}
