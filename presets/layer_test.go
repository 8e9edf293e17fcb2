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
	_, err = Layer(Layers{Preset: "none", Role: memmodel.JobManager, RoleChosen: true, Line: memmodel.Line1_10})
	wantError(t, "JobManager on 1.10: Layer", err, "jobmanager.heap.size")
}

func TestLayerDefaultBase(t *testing.T) {
	tests := []struct {
		dynamic []memmodel.KeyValue
		dropped []string
	}{
		{[]memmodel.KeyValue{{Key: "env.java.opts.taskmanager", Value: "-XX:+UseG1GC"}}, nil},
		{[]memmodel.KeyValue{{Key: "taskmanager.memory.flink.size", Value: "4g"}}, []string{"taskmanager.memory.process.size"}},
		{[]memmodel.KeyValue{{Key: "taskmanager.memory.task.heap.size", Value: "1g"}}, nil},
		{[]memmodel.KeyValue{{Key: "taskmanager.memory.task.heap.size", Value: "1g"}, {Key: "taskmanager.memory.managed.size", Value: "1g"}},
			[]string{"taskmanager.memory.process.size"}},
		{[]memmodel.KeyValue{{Key: "jobmanager.memory.heap.size", Value: "2g"}}, []string{"jobmanager.memory.process.size"}},
	}
	for _, tt := range tests {
		l, err := Layer(Layers{Dynamic: tt.dynamic, Line: memmodel.LatestLine})
		if err != nil || !l.Base || l.Implicit || l.Preset != "default" {
			t.Fatalf("%v: %+v, %v", tt.dynamic, l, err)
		}
		for _, k := range []string{"taskmanager.memory.process.size", "jobmanager.memory.process.size"} {
			_, kept := l.Input.Config[k]
			if drop := strings.Contains(strings.Join(tt.dropped, " "), k); kept == drop {
				t.Errorf("%v: %s kept %v", tt.dynamic, k, kept)
			}
		}
		if want := len(tt.dropped) > 0; strings.Contains(l.Source, "size from -D") != want {
			t.Errorf("%v: source %q", tt.dynamic, l.Source)
		}
	}
	if l, _ := Layer(Layers{Preset: "none", Dynamic: []memmodel.KeyValue{{Key: "a", Value: "b"}}}); len(l.Input.Config) != 1 || l.Base {
		t.Errorf("--preset none is not empty: %+v", l)
	}
}
