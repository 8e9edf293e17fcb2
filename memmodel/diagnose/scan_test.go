package diagnose

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// logReader serves a generated TaskManager log of n bytes: ordinary lines
// with an error every so often, so that a scan of any size can be tested
// without a file. It samples the heap as it goes.
type logReader struct {
	left    int64
	buf     []byte
	i       int
	served  int64
	maxHeap uint64
}

var logChunk = func() []byte {
	var b bytes.Buffer
	for i := 0; i < 2000; i++ {
		b.WriteString("2025-03-26 11:50:40,534 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - Receive slot request 7f3a for job 9c2e from resource manager with leader id 0000.\n")
		if i == 1000 {
			b.WriteString("java.io.IOException: Insufficient number of network buffers: required 65, but only 32 available. The total number of network buffers is currently set to 4096 of 32768 bytes each.\n")
		}
	}
	return b.Bytes()
}()

func (r *logReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p, logChunk[r.i:])
	if int64(n) > r.left {
		n = int(r.left)
	}
	r.i = (r.i + n) % len(logChunk)
	r.left -= int64(n)
	before := r.served
	r.served += int64(n)
	if before>>24 != r.served>>24 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > r.maxHeap {
			r.maxHeap = ms.HeapAlloc
		}
	}
	return n, nil
}

func TestScanLargeLogFlatMemory(t *testing.T) {
	size := int64(256 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	r := &logReader{left: size}
	ev, err := Scan(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Hits) != 1 || ev.Hits[0].Symptom != NetworkBuffers || ev.Hits[0].Count < 100 {
		t.Fatalf("hits: %+v", ev.Hits)
	}
	if grown := int64(r.maxHeap) - int64(base); grown > 16<<20 {
		t.Fatalf("heap grew by %d MiB while scanning %d MiB", grown>>20, size>>20)
	}
}

// BenchmarkScan1GB scans a generated 1 GB log.
func BenchmarkScan1GB(b *testing.B) {
	for i := 0; i < b.N; i++ {
		r := &logReader{left: 1 << 30}
		if _, err := Scan(r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(1 << 30)
}

func TestScanBadInput(t *testing.T) {
	if _, err := Scan(strings.NewReader("")); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Scan(bytes.NewReader([]byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, '\n', 0xff, 0xfe})); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary: %v", err)
	}
	long := strings.Repeat("x", 3*MaxLine) + " java.lang.OutOfMemoryError: Metaspace\njava.lang.OutOfMemoryError: Java heap space\n"
	ev, err := Scan(strings.NewReader(long))
	if err != nil || ev.Long != 1 || len(ev.Hits) != 1 || ev.Hits[0].Symptom != HeapOOM || len(ev.Notices()) != 1 {
		t.Errorf("long line: %+v %v", ev, err)
	}
	if _, err := Scan(strings.NewReader(`{"memoryConfiguration": {"taskHeap": -1}}`)); err == nil {
		t.Error("negative REST size accepted")
	}
	if _, err := Scan(strings.NewReader(`{"foo": 1}`)); err == nil || !strings.Contains(err.Error(), "memoryConfiguration") {
		t.Errorf("JSON without memoryConfiguration: %v", err)
	}
}

func FuzzScan(f *testing.F) {
	for _, w := range wordings {
		f.Add(w.line)
	}
	f.Add("INFO  [] - Final TaskExecutor Memory configuration:\nINFO  [] -   Total Process Memory:          1.688gb (1811939328 bytes)\nINFO  [] -         Task:                    384.000mb (99999999999999999999 bytes)\n")
	f.Add("BASH_JAVA_UTILS_EXEC_RESULT:-Xmx99999999999999999999 -D taskmanager.memory.task.heap.size=-1b\n")
	f.Add(`{"memoryConfiguration":{"taskHeap":1e400}}`)
	f.Fuzz(func(t *testing.T, s string) {
		ev, err := Scan(strings.NewReader(s))
		if err != nil {
			return
		}
		rep := Diagnose(defaultTM().Input(), ev.Hits)
		_ = rep.Recognised()
		if ev.Import.Pins() {
			_, _, _ = ev.Import.Config(defaultTM().Input().Line)
		}
	})
}
