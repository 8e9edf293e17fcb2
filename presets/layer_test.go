package presets

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestLayer(t *testing.T) {
	def, err := Get("default")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Layer(Layers{Line: memmodel.LatestLine})
	if err != nil || !l.Implicit || l.Preset != "default" || l.Source != "preset default (no -c, -D or --preset given)" ||
		len(l.Input.Config) != len(def.Options)+len(def.JobManager) {
		t.Fatalf("no input: %+v, %v", l, err)
	}
	l, err = Layer(Layers{Preset: "default", Line: memmodel.LatestLine, File: memmodel.Config{"taskmanager.numberOfTaskSlots": "3"}, FileLabel: "file x",
		Dynamic: []memmodel.KeyValue{{Key: "taskmanager.numberOfTaskSlots", Value: "5"}, {Key: "taskmanager.memory.process.size", Value: "2g"}}})
	if err != nil || l.Implicit || l.Source != "preset default + file x + 2 -D options" ||
		l.Input.Config["taskmanager.numberOfTaskSlots"] != "5" || l.Input.Config["taskmanager.memory.process.size"] != "2g" {
		t.Fatalf("layers: %+v, %v", l, err)
	}
	if _, err := Layer(Layers{Preset: "nope"}); err == nil || !strings.HasPrefix(err.Error(), "--preset: unknown preset") {
		t.Errorf("unknown preset: %v", err)
	}
	if _, err := Layer(Layers{Preset: "none", Role: memmodel.JobManager, RoleChosen: true, Line: memmodel.Line1_10}); err == nil || !strings.Contains(err.Error(), "jobmanager.heap.size") {
		t.Errorf("JobManager on 1.10: %v", err)
	}
}
