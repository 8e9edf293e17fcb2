package flinkconf

import (
	"errors"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

type kv = memmodel.KeyValue

// updateCase is one Update call on a file given as text: want is the
// updated file, or, for a refusal, empty and msg a part of the error.
type updateCase struct {
	name, file, in string
	set            []kv
	unset          []string
	want, msg      string
}

// update parses c's file and applies c's change to it.
func (c updateCase) update(t *testing.T) ([]byte, error) {
	t.Helper()
	src := mustParse(t, Parse, c.file, []byte(c.in))
	return Update(src, c.set, c.unset)
}

func TestUpdate(t *testing.T) {
	tests := []updateCase{
		{
			name: "flink-conf.yaml: replace, remove, append",
			file: "flink-conf.yaml",
			in: `# Memory
taskmanager.memory.process.size: 1728m   # total
taskmanager.numberOfTaskSlots: 2

taskmanager.memory.managed.fraction: 0.4
taskmanager.memory.managed.fraction: 0.3
rest.address: localhost
broken line
`,
			set:   []kv{{Key: "taskmanager.memory.process.size", Value: "2g"}, {Key: "taskmanager.memory.managed.fraction", Value: "0.25"}, {Key: "taskmanager.memory.network.max", Value: "512m"}},
			unset: []string{"taskmanager.numberOfTaskSlots", "not.there"},
			want: `# Memory
taskmanager.memory.process.size: 2g   # total

taskmanager.memory.managed.fraction: 0.4
taskmanager.memory.managed.fraction: 0.25
rest.address: localhost
broken line
taskmanager.memory.network.max: 512m
`,
		},
		{
			name: "flink-conf.yaml: CRLF and no final newline",
			file: "flink-conf.yaml",
			in:   "a: 1\r\ntaskmanager.memory.process.size: 1g",
			set:  []kv{{Key: "taskmanager.memory.process.size", Value: "2g"}, {Key: "b", Value: "2"}},
			want: "a: 1\r\ntaskmanager.memory.process.size: 2g\r\nb: 2\r\n",
		},
		{
			name:  "flink-conf.yaml: remove every duplicate",
			file:  "flink-conf.yaml",
			in:    "k: 1\nx: y\nk: 2\n",
			unset: []string{"k"},
			want:  "x: y\n",
		},
		{
			name: "config.yaml: nested, flat, new keys, emptied blocks",
			file: "config.yaml",
			in: `# top comment
env:
  java:
    opts:
      all: -Dfoo=bar

taskmanager:
  numberOfTaskSlots: 2   # slots
  memory:
    process:
      # total
      size: 1728m
    managed.fraction: 0.4

  # trailing comment inside taskmanager
jobmanager.memory.process.size: 1600m
rest:
  address: localhost
nulled:
`,
			set: []kv{
				{Key: "taskmanager.memory.process.size", Value: "2g"},
				{Key: "jobmanager.memory.process.size", Value: "2048m"},
				{Key: "taskmanager.memory.network.max", Value: "1g"},
				{Key: "taskmanager.memory.managed.fraction", Value: "0.25"},
				{Key: "nulled", Value: "x"},
				{Key: "parallelism.default", Value: "4"},
				{Key: "taskmanager.memory.jvm-overhead.fraction", Value: "1e-1"},
			},
			unset: []string{"rest.address", "env.java.opts.all"},
			want: `# top comment

taskmanager:
  numberOfTaskSlots: 2   # slots
  memory:
    process:
      # total
      size: 2g
    managed.fraction: 0.25
    network.max: 1g
    jvm-overhead.fraction: '1e-1'

  # trailing comment inside taskmanager
jobmanager.memory.process.size: 2048m
nulled: x
parallelism.default: 4
`,
		},
		{
			name: "config.yaml: quoted and tagged values keep their line",
			file: "config.yaml",
			in:   "a: \"x\"   # c\nb: 'it''s'\nc: !!str 5\n",
			set:  []kv{{Key: "a", Value: "a: b"}, {Key: "b", Value: "plain"}, {Key: "c", Value: "6"}},
			want: "a: 'a: b'   # c\nb: plain\nc: 6\n",
		},
		{
			name: "config.yaml: deepest block, and flat when the name is taken",
			file: "config.yaml",
			in:   "taskmanager:\n  memory:\n    size: 1g\n  heap: 1\n",
			set:  []kv{{Key: "taskmanager.memory.size.extra", Value: "v"}, {Key: "taskmanager.heap.size", Value: "2g"}},
			want: "taskmanager:\n  memory:\n    size: 1g\n    size.extra: v\n  heap: 1\n  heap.size: 2g\n",
		},
		{
			name:  "config.yaml: insert into a block whose next line is removed",
			file:  "config.yaml",
			in:    "taskmanager:\n  memory:\n    process:\n      size: 1728m   # pod\ntaskmanager.memory.managed.fraction: 0.4\nparallelism.default: 1\n",
			set:   []kv{{Key: "taskmanager.memory.process.size", Value: "8g"}, {Key: "taskmanager.memory.flink.size", Value: "7g"}},
			unset: []string{"taskmanager.memory.managed.fraction"},
			want:  "taskmanager:\n  memory:\n    process:\n      size: 8g   # pod\n    flink.size: 7g\nparallelism.default: 1\n",
		},
		{
			name: "config.yaml: empty file",
			file: "config.yaml",
			in:   "",
			set:  []kv{{Key: "taskmanager.memory.process.size", Value: "1728m"}},
			want: "taskmanager.memory.process.size: 1728m\n",
		},
		{
			name: "FlinkDeployment: resource memory and flinkConfiguration",
			file: "deployment.yaml",
			in: `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
spec:
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: "4"
    taskmanager.memory.managed.fraction: "0.2"
  taskManager:
    resource:
      memory: "2Gi"
      cpu: 2
`,
			set:   []kv{{Key: "taskmanager.memory.process.size", Value: "3g"}, {Key: "taskmanager.memory.managed.fraction", Value: "0.3"}, {Key: "taskmanager.memory.network.max", Value: "256m"}},
			unset: []string{"taskmanager.numberOfTaskSlots"},
			want: `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
spec:
  flinkConfiguration:
    taskmanager.memory.managed.fraction: "0.3"
    taskmanager.memory.network.max: "256m"
  taskManager:
    resource:
      memory: "3g"
      cpu: 2
`,
		},
		{
			name: "FlinkDeployment: creates flinkConfiguration",
			file: "deployment.yaml",
			in:   "kind: FlinkDeployment\nspec:\n  image: flink:2.1\n  taskManager:\n    replicas: 2\n# end\n",
			set:  []kv{{Key: "taskmanager.memory.process.size", Value: "4g"}},
			want: "kind: FlinkDeployment\nspec:\n  image: flink:2.1\n  taskManager:\n    replicas: 2\n  flinkConfiguration:\n    taskmanager.memory.process.size: \"4g\"\n# end\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.update(t)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Update =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestUpdateShippedConfig changes the memory of the shipped-shape
// config.yaml and checks that every other line is untouched.
func TestUpdateShippedConfig(t *testing.T) {
	data := readTestdata(t, "config-1.19.yaml")
	src := mustParse(t, ParseConfigYAML, "config.yaml", data)
	got, err := Update(src, []kv{{Key: "taskmanager.memory.process.size", Value: "4g"}, {Key: "taskmanager.memory.managed.size", Value: "1g"}},
		[]string{"taskmanager.memory.managed.fraction"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(data), "      size: 1728m\n    managed.fraction: 0.4   # a flat key inside a nested block\n",
		"      size: 4g\n    managed.size: 1g\n", 1)
	if want == string(data) {
		t.Fatal("test data changed; update the expected edit")
	}
	if string(got) != want {
		t.Errorf("Update changed more than the memory lines:\n%s", got)
	}
}

func TestUpdateRefuses(t *testing.T) {
	tests := []updateCase{
		{"flat value with hash", "flink-conf.yaml", "a: 1\n", []kv{{Key: "a", Value: "x#y"}}, nil, "", "starts a comment"},
		{"flat empty value", "flink-conf.yaml", "a: 1\n", []kv{{Key: "a", Value: ""}}, nil, "", "empty value"},
		{"flow mapping", "config.yaml", "taskmanager: {memory.process.size: 1g}\n", []kv{{Key: "taskmanager.memory.process.size", Value: "2g"}}, nil, "", "flow mapping"},
		{"anchored value", "config.yaml", "a: &x 1g\nb: *x\n", []kv{{Key: "a", Value: "2g"}}, nil, "", "anchor"},
		{"block scalar", "config.yaml", "a: |\n  x\n", []kv{{Key: "a", Value: "y"}}, nil, "", "block scalar"},
		{"set and unset", "config.yaml", "a: 1\n", []kv{{Key: "a", Value: "2"}}, []string{"a"}, "", "both set and removed"},
		{"twice", "config.yaml", "a: 1\n", []kv{{Key: "a", Value: "2"}, {Key: "a", Value: "3"}}, nil, "", "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.update(t)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("Update error = %v, want one saying %q", err, tt.msg)
			}
		})
	}
}
