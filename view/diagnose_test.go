package view

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

func diagnoseDefault(t *testing.T, text string) diagnose.Report {
	t.Helper()
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"}}
	ev, err := diagnose.Scan(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return diagnose.Diagnose(in, ev.Hits)
}

func TestDiagnoseReportText(t *testing.T) {
	rep := diagnoseDefault(t, "java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory (allocated: 268435000, limit: 268435458)")
	out := strings.Join(strings.Fields(DiagnoseReport(&rep)), " ")
	for _, want := range []string{
		"1. direct-oom: JVM direct memory exhausted (TaskManager)",
		"Limit:    -XX:MaxDirectMemorySize 268435458 (256 MiB) = framework off-heap 128 MiB + task off-heap 0 B + network 128 MiB",
		"Needed:   1023.553 KiB more (1048118 bytes)",
		"1. set taskmanager.memory.task.off-heap.size: 64m, taskmanager.memory.process.size: 1857m",
		"-D taskmanager.memory.task.off-heap.size=64m -D taskmanager.memory.process.size=1857m",
		"Watch:    Status.JVM.Memory.Direct.MemoryUsed",
	} {
		if want = strings.Join(strings.Fields(want), " "); !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestDiagnoseDocJSON(t *testing.T) {
	rep := diagnoseDefault(t, "java.io.IOException: Insufficient number of network buffers: required 65, but only 32 available. The total number of network buffers is currently set to 4096 of 32768 bytes each.")
	data, err := json.Marshal(NewDiagnoseDoc(&rep))
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	f := back["findings"].([]any)[0].(map[string]any)
	if back["schema"].(float64) != 1 || f["symptom"] != "network-buffers" || f["needed_buffers"].(float64) != 4129 ||
		f["limit"].(map[string]any)["parts"].([]any)[0].(map[string]any)["component"] != "network" {
		t.Fatalf("json: %s", data)
	}
	if len(f["fixes"].([]any)) == 0 || f["fixes"].([]any)[0].(map[string]any)["cost"] == "" {
		t.Fatalf("fixes: %s", data)
	}
}
