package diagnose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/conformance"
)

type vector struct {
	ID         string
	Role       string
	Deployment string
	Config     memmodel.Config
	Expect     map[string]any
}

// eachVector calls fn with every conformance vector, raw, and the release
// whose code produced it.
func eachVector(t *testing.T, fn func(file string, line memmodel.Line, raw []byte)) {
	files, err := conformance.Files("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		line, err := memmodel.ParseLine(conformance.Release(f))
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			fn(f, line, raw)
		}
	}
}

// acceptedVectors calls fn for every accepted vector with its line.
func acceptedVectors(t *testing.T, fn func(v vector, line memmodel.Line, l memmodel.Layout)) int {
	n := 0
	eachVector(t, func(_ string, line memmodel.Line, raw []byte) {
		var v vector
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		if ok, _ := v.Expect["ok"].(bool); !ok {
			return
		}
		in := memmodel.Input{Role: memmodel.TaskManager, Line: line, Config: v.Config}
		if v.Role == "jobmanager" {
			in.Role = memmodel.JobManager
		}
		if v.Deployment == "container" {
			in.Deployment = memmodel.Container
		}
		l, err := memmodel.Resolve(in)
		if err != nil {
			t.Fatalf("%s: vector refused: %v", v.ID, err)
		}
		n++
		fn(v, line, l)
	})
	return n
}

// roundTrip scans text, rebuilds the configuration and checks that it
// resolves to exactly the layout's bytes.
func roundTrip(t *testing.T, id, text string, line memmodel.Line, want *memmodel.Layout) {
	t.Helper()
	ev, err := Scan(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%s: Scan: %v", id, err)
	}
	cfg, _, err := ev.Import.Config(line)
	if err != nil {
		t.Fatalf("%s: Config: %v\n%s", id, err, text)
	}
	got, err := memmodel.Resolve(memmodel.Input{Role: want.Role, Line: line, Config: cfg})
	if err != nil {
		t.Fatalf("%s: rebuilt configuration refused: %v", id, err)
	}
	for _, c := range memmodel.Components(want.Role) {
		if !ev.Import.Has[c] && (c == memmodel.Overhead || c == memmodel.Metaspace) {
			continue
		}
		if got.Size[c] != want.Size[c] {
			t.Fatalf("%s: %s differs: got %d, want %d", id, c, got.Size[c], want.Size[c])
		}
	}
	if got.Role == memmodel.JobManager && got.DirectMemoryLimit != want.DirectMemoryLimit && ev.Import.Flags != nil {
		t.Fatalf("%s: direct memory limit %v, want %v", id, got.DirectMemoryLimit, want.DirectMemoryLimit)
	}
	if got.TotalFlink != want.TotalFlink || (ev.Import.Has[memmodel.Overhead] && got.TotalProcess != want.TotalProcess) {
		t.Fatalf("%s: round trip differs:\n got %v %d %d\nwant %v %d %d", id, got.Size, got.TotalFlink, got.TotalProcess, want.Size, want.TotalFlink, want.TotalProcess)
	}
}

func TestImportTreeRoundTrip(t *testing.T) {
	n := acceptedVectors(t, func(v vector, line memmodel.Line, l memmodel.Layout) {
		if l.Role == memmodel.JobManager && !line.HasJobManagerModel() {
			return
		}
		text := "2025-03-26 11:50:40,100 INFO  org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Starting\n" +
			Tree(&l, "INFO  [] - ") + "\n2025-03-26 11:50:40,534 INFO  next line\n"
		roundTrip(t, v.ID+"/tree", text, line, &l)
	})
	if n < 9000 {
		t.Fatalf("only %d vectors", n)
	}
}

func TestImportDynamicConfigsRoundTrip(t *testing.T) {
	acceptedVectors(t, func(v vector, line memmodel.Line, l memmodel.Layout) {
		if l.Role == memmodel.JobManager && !line.HasJobManagerModel() {
			return
		}
		jvm, _ := v.Expect["jvm_args"].(string)
		dyn, _ := v.Expect["dynamic_configs"].(string)
		if dyn == "" && l.DynamicConfigsString() == "" {
			return // 1.11's JobManager gets no dynamic configs, and the model agrees
		}
		if jvm == "" || dyn == "" {
			t.Fatalf("%s: vector lacks jvm_args or dynamic_configs", v.ID)
		}
		text := "BASH_JAVA_UTILS_EXEC_RESULT:" + jvm + "\nBASH_JAVA_UTILS_EXEC_RESULT:" + dyn + "\n"
		roundTrip(t, v.ID+"/dynamic", text, line, &l)
	})
}

func TestImportRESTRoundTrip(t *testing.T) {
	acceptedVectors(t, func(v vector, line memmodel.Line, l memmodel.Layout) {
		if l.Role == memmodel.JobManager {
			return
		}
		text := fmt.Sprintf(`{"id":"tm-1","slotsNumber":%d,"memoryConfiguration":{"frameworkHeap":%d,"taskHeap":%d,"frameworkOffHeap":%d,"taskOffHeap":%d,"networkMemory":%d,"managedMemory":%d,"jvmMetaspace":%d,"jvmOverhead":%d,"totalFlinkMemory":%d,"totalProcessMemory":%d}}`,
			max(l.Slots, 1), l.Size[memmodel.FrameworkHeap], l.Size[memmodel.TaskHeap], l.Size[memmodel.FrameworkOffHeap], l.Size[memmodel.TaskOffHeap],
			l.Size[memmodel.Network], l.Size[memmodel.Managed], l.Size[memmodel.Metaspace], l.Size[memmodel.Overhead], l.TotalFlink, l.TotalProcess)
		roundTrip(t, v.ID+"/rest", text, line, &l)
	})
}

func TestLooksImportable(t *testing.T) {
	yes := []string{
		"INFO  [] - Final TaskExecutor Memory configuration:\n",
		"2025-03-26 11:50:40,534 INFO  org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Starting\n",
		"BASH_JAVA_UTILS_EXEC_RESULT:-Xmx536870902 -Xms536870902\n",
		`{"id":"x","memoryConfiguration":{"taskHeap":1}}`,
	}
	no := []string{"taskmanager.memory.process.size: 1728m\n", "taskmanager:\n  memory:\n    process:\n      size: 2g\n", `{"apiVersion": "flink.apache.org/v1beta1"}`, ""}
	for _, s := range yes {
		if !LooksImportable([]byte(s)) {
			t.Errorf("not importable: %q", s)
		}
	}
	for _, s := range no {
		if LooksImportable([]byte(s)) {
			t.Errorf("importable: %q", s)
		}
	}
}
