package flinkconf

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestUpdateMigratedKeyTakesTheOldPlace(t *testing.T) {
	// The legacy heap size becomes the Flink memory size, in its place.
	heapToFlink := Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.flink.size", Value: "1g"}}, Unset: []string{"taskmanager.heap.size"},
		Replaces: map[string]string{"taskmanager.memory.flink.size": "taskmanager.heap.size"}}
	tests := []struct {
		name, in, want string
		ch             Changes
	}{
		{"flink-conf.yaml",
			"jobmanager.rpc.address: jm\ntaskmanager.heap.size: 1024m # sized for the 4 GB boxes\ntaskmanager.numberOfTaskSlots: 2\n",
			"jobmanager.rpc.address: jm\ntaskmanager.memory.flink.size: 1g # sized for the 4 GB boxes (replaces taskmanager.heap.size)\ntaskmanager.numberOfTaskSlots: 2\n",
			heapToFlink},
		{"flink-conf.yaml",
			"  taskmanager.network.numberOfBuffers: 4096\r\nparallelism.default: 1\r\n",
			"  taskmanager.memory.network.min: 128m # replaces taskmanager.network.numberOfBuffers\r\n  taskmanager.memory.network.max: 128m # replaces taskmanager.network.numberOfBuffers\r\nparallelism.default: 1\r\n",
			Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.network.min", Value: "128m"}, {Key: "taskmanager.memory.network.max", Value: "128m"}}, Unset: []string{"taskmanager.network.numberOfBuffers"},
				Replaces: map[string]string{"taskmanager.memory.network.min": "taskmanager.network.numberOfBuffers", "taskmanager.memory.network.max": "taskmanager.network.numberOfBuffers"}}},
		{"config.yaml",
			"taskmanager:\n  numberOfTaskSlots: 2\n  heap:\n    size: 1024m   # old boxes\nrest.port: 8081\n",
			"taskmanager:\n  numberOfTaskSlots: 2\n  memory.flink.size: 1g   # old boxes (replaces taskmanager.heap.size)\nrest.port: 8081\n",
			heapToFlink},
		{"config.yaml",
			"taskmanager.heap.size: 1024m\nrest.port: 8081\n",
			"taskmanager.memory.flink.size: 1g # replaces taskmanager.heap.size\nrest.port: 8081\n",
			heapToFlink},
	}
	for _, tt := range tests {
		src := mustParse(t, Parse, tt.name, []byte(tt.in))
		out, err := UpdateChanges(src, tt.ch)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(out) != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, out, tt.want)
		}
		// Without Replaces the new key goes where new keys go.
		plain, err := Update(src, tt.ch.Set, tt.ch.Unset)
		if err != nil || string(plain) == tt.want {
			t.Errorf("%s: without Replaces: %v\n%s", tt.name, err, plain)
		}
	}
}

func TestUpdateOtherShapes(t *testing.T) {
	src, err := Load("testdata/bluegreen.yaml", memmodel.LatestLine)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Update(src, []memmodel.KeyValue{{Key: "taskmanager.memory.process.size", Value: "8g"}, {Key: "taskmanager.memory.network.max", Value: "1g"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := mustParse(t, Parse, "bluegreen.yaml", out)
	if got.Config["taskmanager.memory.process.size"] != "8g" || got.Config["taskmanager.memory.network.max"] != "1g" || got.Shape != src.Shape {
		t.Errorf("blue-green template after update: %v (%s)", got.Config, got.Shape)
	}
	cm, err := Load("testdata/configmap.yaml", memmodel.LatestLine)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Update(cm, []memmodel.KeyValue{{Key: "a", Value: "1"}}, nil); err == nil || !strings.Contains(err.Error(), "ConfigMap") || !strings.Contains(err.Error(), "cannot be updated in place") {
		t.Errorf("ConfigMap update: %v", err)
	}
}
