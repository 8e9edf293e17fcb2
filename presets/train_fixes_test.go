package presets

import (
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// trainingLine is the line a training preset is shown on: the latest one
// it applies to.
func trainingLine(t *testing.T, p Preset) memmodel.Line {
	t.Helper()
	line := memmodel.LatestLine
	for !p.AppliesTo(line) {
		if line == 0 {
			t.Fatalf("%s applies to no line", p.Name)
		}
		line--
	}
	return line
}

// TestTrainingFirstFix pins the first fix offered for each training
// preset: the one an expert would try first.
func TestTrainingFirstFix(t *testing.T) {
	want := map[string]string{
		"train-explicit-parts-exceed-flink-size":   "raise taskmanager.memory.flink.size to 2368m",
		"train-framework-heap-too-big":             "raise taskmanager.memory.process.size to 3698m — keeps 384.1 MiB task heap",
		"train-jm-heap-above-flink":                "raise jobmanager.memory.flink.size to 2048m",
		"train-jm-heap-off-heap-flink-mismatch":    "unset jobmanager.memory.flink.size (Flink then adds heap and off-heap itself)",
		"train-jm-off-heap-too-big":                "raise jobmanager.memory.process.size to 3698m — keeps 1 GiB JVM heap",
		"train-legacy-buffers-disagree":            "unset taskmanager.network.numberOfBuffers (network memory then follows taskmanager.memory.network.*)",
		"train-legacy-buffers-negative":            "unset taskmanager.network.numberOfBuffers (network memory then follows taskmanager.memory.network.*)",
		"train-legacy-heap-mb-negative":            "unset taskmanager.heap.mb, and set taskmanager.memory.process.size to 1728m",
		"train-managed-fraction-as-percent":        "write taskmanager.memory.managed.fraction as 0.4 (a fraction, not a percentage)",
		"train-network-fraction-too-big":           "set taskmanager.memory.network.fraction to 0.1",
		"train-network-min-above-max":              "lower taskmanager.memory.network.min to 128m",
		"train-network-squeezed-out":               "raise taskmanager.memory.flink.size to 1344m",
		"train-no-size-configured":                 "set taskmanager.memory.managed.size to 512m (with the task heap it sizes the TaskManager)",
		"train-overhead-fraction-negative":         "write taskmanager.memory.jvm-overhead.fraction as 0.1 (without the minus sign)",
		"train-overhead-min-above-max":             "lower taskmanager.memory.jvm-overhead.min to 1024m",
		"train-process-below-flink-plus-metaspace": "raise taskmanager.memory.process.size to 1728m",
		"train-process-far-above-flink":            "lower taskmanager.memory.process.size to 2560m",
		"train-process-too-small":                  "raise taskmanager.memory.process.size to 1728m — keeps 384 MiB task heap",
		"train-segment-size-not-power-of-two":      "set taskmanager.memory.segment-size to 32k",
		"train-segment-size-too-big":               "set taskmanager.memory.segment-size to 32k",
		"train-segment-size-too-small":             "set taskmanager.memory.segment-size to 32k",
		"train-task-heap-too-big":                  "raise taskmanager.memory.process.size to 2774m",
		"train-zero-task-slots":                    "set taskmanager.numberOfTaskSlots to 1",
	}
	ps := mustList(t, Training)
	for _, p := range ps {
		role := p.TargetRole()
		line := trainingLine(t, p)
		in := memmodel.Input{Role: role, Line: line, Config: p.Config(role)}
		_, err := memmodel.Resolve(in)
		fixes := memmodel.Fixes(in, err)
		got := "(no fix)"
		if len(fixes) > 0 {
			got = fixes[0].Description
			if fixes[0].Note != "" {
				got += " — " + fixes[0].Note
			}
		}
		for _, fx := range fixes {
			seen := map[string]bool{}
			for _, k := range append(append([]string{}, fx.Unset...), keysOf(fx.Set)...) {
				if seen[k] {
					t.Errorf("%s: fix %q edits %s twice", p.Name, fx.Description, k)
				}
				seen[k] = true
			}
		}
		t.Logf("%s (%s %s): %s", p.Name, role, line, got)
		if w, ok := want[p.Name]; !ok || w != got {
			t.Errorf("%s: first fix %q; want %q", p.Name, got, w)
		}
	}
}

func keysOf(kvs []memmodel.KeyValue) []string {
	out := make([]string, len(kvs))
	for i, kv := range kvs {
		out[i] = kv.Key
	}
	return out
}
