package input

import (
	"flag"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestExportCheck(t *testing.T) {
	for _, tt := range []struct {
		e    Export
		f    Flags
		want string
	}{
		{Export{Update: "x.yaml"}, Flags{Config: "y.yaml"}, "drop -c"},
		{Export{Update: "x.yaml", Write: "y"}, Flags{}, "drop -w"},
		{Export{Update: "x.yaml", Format: "dynamic"}, Flags{}, "drop --format"},
		{Export{Update: "-"}, Flags{}, "not standard input"},
		{Export{Force: true}, Flags{}, "only applies to -w"},
	} {
		if err := tt.e.Check(&tt.f); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.e, err, tt.want)
		}
	}
	f := Flags{}
	if err := (&Export{Update: "conf/config.yaml"}).Check(&f); err != nil || f.Config != "conf/config.yaml" {
		t.Errorf("--update does not become the input: %v, %q", err, f.Config)
	}
}

func TestTo(t *testing.T) {
	first := memmodel.Input{Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.process.size": "4g"}}
	if err := (&To{}).Check(); err == nil {
		t.Error("a comparison with nothing to change passes")
	}
	to := To{Flink: "2.0", Preset: "rocksdb", Defines: []memmodel.KeyValue{{Key: "taskmanager.memory.process.size", Value: "8g"}}}
	got, what, err := to.Apply(first, nil)
	if err != nil || got.Line != memmodel.Line2_0 || got.Config["taskmanager.memory.process.size"] != "8g" || got.Config["state.backend.type"] != "rocksdb" ||
		strings.Join(what, ", ") != "on Flink 2.0, with preset rocksdb, with the --to-D options (taskmanager.memory.process.size=8g)" {
		t.Errorf("Apply = %+v, %q, %v", got, what, err)
	}
	if first.Config["taskmanager.memory.process.size"] != "4g" {
		t.Error("Apply changed the first configuration")
	}
	if _, _, err := (&To{Flink: "1.20"}).Apply(first, nil); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("the same line: %v", err)
	}
}

func TestFlagHelpers(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	job, out := Job(fs), Output(fs)
	var s Strings
	fs.Var(&s, "target", "")
	if err := fs.Parse([]string{"--parallelism", "8", "-o", "json", "--target", "a", "--target", "b"}); err != nil {
		t.Fatal(err)
	}
	if job.Parallelism != 8 || *out != "json" || s.String() != "a b" || !Given(fs, "parallelism") || Given(fs, "exchanges") {
		t.Errorf("job %+v, output %q, targets %q", job, *out, s)
	}
	if CheckOutput("yaml") == nil || CheckOutput("text") != nil {
		t.Error("CheckOutput accepts yaml or refuses text")
	}
}
