package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const root = "../testdata/conformance"

func TestLoadAll(t *testing.T) {
	files, err := LoadAll(root)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range files {
		counts[f.Release] += len(f.Vectors)
		if f.Release != Release(f.Path) || !strings.HasPrefix(filepath.Base(filepath.Dir(f.Path)), "flink-"+f.Release) {
			t.Errorf("%s: release %q", f.Path, f.Release)
		}
	}
	// The 1.10 folders hold only the TaskManager inputs; the others all
	// inputs, so that a diff between folders shows what changed.
	for release, want := range map[string]int{"1.10.0": 3087, "1.10.3": 3087, "1.11.0": 3981, "1.13.0": 3981, "2.0": 3981} {
		if counts[release] != want {
			t.Errorf("flink-%s holds %d vectors; want %d", release, counts[release], want)
		}
	}
	v := files[0].Vectors[0]
	if v.ID != "hand-tm-default-flink-conf-1728m" || !v.Accepted() || v.Check() != "" || v.Config["taskmanager.memory.process.size"] != "1728m" {
		t.Errorf("first vector = %+v", v)
	}
	if n, ok := v.Int("total_process"); !ok || n != 1811939328 {
		t.Errorf("total_process = %d, %v", n, ok)
	}
	if _, ok := v.Int("cpu_cores"); ok {
		t.Error("cpu_cores (a string) read as an integer")
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Files(t.TempDir()); err == nil {
		t.Error("a folder without vectors gave no error")
	}
	dir := filepath.Join(t.TempDir(), "flink-9.9")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "tm.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\": \"a\"}\n{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "tm.jsonl:2") {
		t.Errorf("Load of a broken line: %v; want the file and line", err)
	}
}
