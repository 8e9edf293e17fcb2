package diagnose

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// TestFlinkHumanMatchesFlink checks the formatter against every size
// Flink printed in the conformance vectors' messages and logs.
func TestFlinkHumanMatchesFlink(t *testing.T) {
	files, _ := filepath.Glob("../testdata/conformance/*/*.jsonl")
	re := regexp.MustCompile(`(\d+\.\d{3}[kmgt]b) \((\d+) bytes\)`)
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			if seen[m[0]] {
				continue
			}
			seen[m[0]] = true
			b, err := strconv.ParseInt(m[2], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got := FlinkHuman(memmodel.MemorySize(b)); got != m[0] {
				t.Errorf("FlinkHuman(%d) = %q, Flink printed %q", b, got, m[0])
			}
		}
	}
	if len(seen) < 500 {
		t.Fatalf("only %d distinct sizes checked", len(seen))
	}
	for b, want := range map[int64]string{0: "0 bytes", 1024: "1024 bytes", 1025: "1.001kb (1025 bytes)"} {
		if got := FlinkHuman(memmodel.MemorySize(b)); got != want {
			t.Errorf("FlinkHuman(%d) = %q, want %q", b, got, want)
		}
	}
}
