package flinkconf

import (
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestUpdateMigratedKeyTakesTheOldPlace(t *testing.T) {
	tests := []struct {
		name, in, want string
		ch             Changes
	}{
		{"flink-conf.yaml",
			"jobmanager.rpc.address: jm\ntaskmanager.heap.size: 1024m # sized for the 4 GB boxes\ntaskmanager.numberOfTaskSlots: 2\n",
			"jobmanager.rpc.address: jm\ntaskmanager.memory.flink.size: 1g # sized for the 4 GB boxes (replaces taskmanager.heap.size)\ntaskmanager.numberOfTaskSlots: 2\n",
			Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.flink.size", Value: "1g"}}, Unset: []string{"taskmanager.heap.size"},
				Replaces: map[string]string{"taskmanager.memory.flink.size": "taskmanager.heap.size"}}},
		{"flink-conf.yaml",
			"  taskmanager.network.numberOfBuffers: 4096\r\nparallelism.default: 1\r\n",
			"  taskmanager.memory.network.min: 128m # replaces taskmanager.network.numberOfBuffers\r\n  taskmanager.memory.network.max: 128m # replaces taskmanager.network.numberOfBuffers\r\nparallelism.default: 1\r\n",
			Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.network.min", Value: "128m"}, {Key: "taskmanager.memory.network.max", Value: "128m"}}, Unset: []string{"taskmanager.network.numberOfBuffers"},
				Replaces: map[string]string{"taskmanager.memory.network.min": "taskmanager.network.numberOfBuffers", "taskmanager.memory.network.max": "taskmanager.network.numberOfBuffers"}}},
		{"config.yaml",
			"taskmanager:\n  numberOfTaskSlots: 2\n  heap:\n    size: 1024m   # old boxes\nrest.port: 8081\n",
			"taskmanager:\n  numberOfTaskSlots: 2\n  memory.flink.size: 1g   # old boxes (replaces taskmanager.heap.size)\nrest.port: 8081\n",
			Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.flink.size", Value: "1g"}}, Unset: []string{"taskmanager.heap.size"},
				Replaces: map[string]string{"taskmanager.memory.flink.size": "taskmanager.heap.size"}}},
		{"config.yaml",
			"taskmanager.heap.size: 1024m\nrest.port: 8081\n",
			"taskmanager.memory.flink.size: 1g # replaces taskmanager.heap.size\nrest.port: 8081\n",
			Changes{Set: []memmodel.KeyValue{{Key: "taskmanager.memory.flink.size", Value: "1g"}}, Unset: []string{"taskmanager.heap.size"},
				Replaces: map[string]string{"taskmanager.memory.flink.size": "taskmanager.heap.size"}}},
	}
	for _, tt := range tests {
		src, err := Parse(tt.name, []byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
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
