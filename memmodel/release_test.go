package memmodel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel/conformance"
)

func TestParseLineReleases(t *testing.T) {
	cases := []struct {
		in   string
		want Line
	}{
		{"1.10.0", Line1_10_0}, {"1.10", Line1_10}, {"1.10.1", Line1_10}, {"1.10.3", Line1_10},
		{"1.11.0", Line1_11_0}, {"1.11.1", Line1_11_0}, {"1.11.2", Line1_11_2}, {"1.11.3", Line1_11}, {"1.11", Line1_11}, {"1.11.6", Line1_11},
		{"1.12.0", Line1_12_0}, {"1.12.1", Line1_12_0}, {"1.12.2", Line1_12}, {"1.12", Line1_12}, {"flink-1.12.7", Line1_12},
		{"1.13.0", Line1_13}, {"v1.14.6", Line1_14}, {"1.20.1", Line1_20}, {"1.20.9", Line1_20},
		{"2.0", Line2_0}, {"2.1.1", Line2_1}, {"2.2", Line2_2}, {"2.3", Line2_3}, {" 2.3.0 ", Line2_3},
	}
	for _, c := range cases {
		if got, err := ParseLine(c.in); err != nil || got != c.want {
			t.Errorf("ParseLine(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	never := map[string]string{
		"1.10.7": "1.10.0, 1.10.1, 1.10.2, 1.10.3",
		"1.11.5": "1.11.0, 1.11.1, 1.11.2, 1.11.3, 1.11.4, 1.11.6",
		"1.14.1": "1.14.0, 1.14.2",
		"1.18.2": "1.18.0, 1.18.1",
	}
	for in, listed := range never {
		_, err := ParseLine(in)
		if err == nil || !strings.Contains(err.Error(), "never released") || !strings.Contains(err.Error(), listed) {
			t.Errorf("ParseLine(%q) = %v; want it refused, listing %s", in, err, listed)
		}
	}
	for _, bad := range []string{"1.9", "1.9.3", "2.4", "1", "1.20.x", "01.20", "latest", ""} {
		if _, err := ParseLine(bad); err == nil || !strings.Contains(err.Error(), "1.11.0, 1.11.2, 1.11") {
			t.Errorf("ParseLine(%q) = %v; want an unknown-line error listing the releases", bad, err)
		}
	}
}

func TestLineOrderAndRanges(t *testing.T) {
	lines := Lines()
	if len(lines) != int(numLines) || lines[0] != Line1_10_0 || lines[len(lines)-1] != LatestLine {
		t.Fatalf("Lines() = %v", lines)
	}
	for _, l := range lines {
		if got, err := ParseLine(l.String()); err != nil || got != l {
			t.Errorf("ParseLine(%q) = %v, %v; want the value back", l, got, err)
		}
		if l.First() > l || l.Last() < l || l.First().Series() != l.Series() || l.Last().Series() != l.Series() {
			t.Errorf("%v: First %v, Last %v", l, l.First(), l.Last())
		}
	}
	for _, odd := range []Line{numLines, 200, 255} {
		if odd.First() != odd || odd.Last() != odd || odd.Releases() == "" || odd.Verification() != "" || odd.ConformanceFolder() != "" {
			t.Errorf("Line(%d): First %v, Last %v", odd, odd.First(), odd.Last())
		}
	}
	if Line1_12_0.Last() != Line1_12 || Line1_11.First() != Line1_11_0 || Line1_10.First() != Line1_10_0 || Line1_20.First() != Line1_20 {
		t.Error("First/Last do not span the line")
	}
	if from, to, err := ParseLineRange("1.11"); err != nil || from != Line1_11_0 || to != Line1_11 {
		t.Errorf("ParseLineRange(1.11) = %v..%v, %v", from, to, err)
	}
	if from, to, err := ParseLineRange("1.11.1"); err != nil || from != Line1_11_0 || to != Line1_11_0 {
		t.Errorf("ParseLineRange(1.11.1) = %v..%v, %v", from, to, err)
	}
	if got := Line1_12.Releases(); got != "1.12.2 – 1.12.7" {
		t.Errorf("Line1_12.Releases() = %q", got)
	}
	if got := Line1_20.Releases(); got != "1.20.0 and later patches" {
		t.Errorf("Line1_20.Releases() = %q", got)
	}
	if !Line1_11_0.HasJobManagerModel() || Line1_10.HasJobManagerModel() {
		t.Error("the JobManager model starts with 1.11.0")
	}
}

// TestReleaseBoundariesMatchVectors checks the patch-level distinctions
// against what Flink's own code did at each release.
func TestReleaseBoundariesMatchVectors(t *testing.T) {
	files, err := conformance.Files(conformanceRoot)
	if err != nil {
		t.Fatal(err)
	}
	folders := map[string]bool{}
	for _, file := range files {
		line, err := ParseLine(conformance.Release(file))
		if err != nil {
			t.Fatal(err)
		}
		folder := filepath.Base(filepath.Dir(file))
		folders[folder] = true
		if line.ConformanceFolder() != folder {
			t.Errorf("%s runs as %v, whose folder is %q", folder, line, line.ConformanceFolder())
		}
		wrapped, tmDynamic, slots := 0, 0, 0
		for _, v := range loadVectors(t, file) {
			if w, _ := v.Expect["wrappers"].([]any); len(w) > 0 {
				for _, c := range w {
					if c == "tm-memory-configuration-failed" || c == "jm-memory-configuration-failed" {
						wrapped++
					}
				}
			}
			if v.Accepted() && v.Role == "taskmanager" {
				tmDynamic = strings.Count(v.Expect["dynamic_configs"].(string), "-D ")
				if _, ok := v.Expect["num_slots"]; ok {
					slots++
				}
			}
		}
		role := TaskManager
		if strings.HasPrefix(filepath.Base(file), "jm") {
			role = JobManager
		}
		if (wrapped > 0) != line.WrapsErrors(role) {
			t.Errorf("%s: %d wrapped errors; WrapsErrors(%v) = %v", file, wrapped, role, line.WrapsErrors(role))
		}
		if strings.HasPrefix(filepath.Base(file), "tm") {
			want := 8
			if line.tmDynamicJVMSizes() {
				want += 3
			}
			if line.SlotsInProcessSpec() {
				want += 2
			}
			if tmDynamic != want {
				t.Errorf("%s: Flink writes %d TaskManager dynamic configs; %v writes %d", file, tmDynamic, line, want)
			}
			if (slots > 0) != line.SlotsInProcessSpec() {
				t.Errorf("%s: %d vectors with num_slots; SlotsInProcessSpec() = %v", file, slots, line.SlotsInProcessSpec())
			}
		}
	}
	for _, l := range Lines() {
		if f := l.ConformanceFolder(); f != "" && !folders[f] {
			t.Errorf("%v names folder %s, which holds no vectors", l, f)
		}
	}
}

// TestReadmeReleases keeps the README's table of supported releases equal
// to the release table.
func TestReadmeReleases(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| `--flink` | releases | how the tool's model is verified |\n|---|---|---|\n")
	for _, l := range Lines() {
		b.WriteString("| `" + l.String() + "` | " + l.Releases() + " | " + l.Verification() + " |\n")
	}
	want := b.String()
	if !strings.Contains(string(data), want) {
		t.Errorf("README's release table is out of date; it should read:\n%s", want)
	}
}

// TestJobManagerSanityCheckBug reproduces FLINK-18993 on 1.11.0/1.11.1 and
// its fix in 1.11.2.
func TestJobManagerSanityCheckBug(t *testing.T) {
	cfg := Config{"jobmanager.memory.heap.size": "1g", "jobmanager.memory.off-heap.size": "128m", "jobmanager.memory.flink.size": "1152m"}
	_, err := Resolve(Input{Role: JobManager, Line: Line1_11_0, Config: cfg})
	rej, ok := err.(*Rejection)
	if !ok || rej.Check != CheckJMHeapPlusOffHeapMismatchFlink {
		t.Fatalf("1.11.0: err = %v; want %s", err, CheckJMHeapPlusOffHeapMismatchFlink)
	}
	if msg := rej.Error(); !strings.Contains(msg, "FLINK-18993") || !strings.Contains(msg, "1 GiB") || !strings.Contains(msg, "1.125 GiB") {
		t.Errorf("1.11.0 message = %q", msg)
	}
	for _, l := range []Line{Line1_11_2, Line1_11, Line1_20} {
		got, err := Resolve(Input{Role: JobManager, Line: l, Config: cfg})
		if err != nil || got.TotalFlink != 1152*MiB {
			t.Errorf("%v: %v, total Flink %v; want it accepted at 1152m", l, err, got.TotalFlink)
		}
	}
	// A zero heap passes the broken check, and the off-heap size is then
	// never compared with total Flink memory.
	zero := Config{"jobmanager.memory.heap.size": "0", "jobmanager.memory.off-heap.size": "128m", "jobmanager.memory.flink.size": "1g"}
	got, err := Resolve(Input{Role: JobManager, Line: Line1_11_0, Config: zero})
	if err != nil || got.TotalFlink != 128*MiB {
		t.Errorf("1.11.0 with heap 0: %v, total Flink %v; want accepted at 128m", err, got.TotalFlink)
	}
	if _, err := Resolve(Input{Role: JobManager, Line: Line1_11_2, Config: zero}); err == nil {
		t.Error("1.11.2 with heap 0: accepted; want the mismatch refused")
	}
}
