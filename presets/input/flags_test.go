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

func TestExportKindAndEvidence(t *testing.T) {
	if k, err := (&Export{}).Kind(memmodel.Line1_18, nil); err != nil || k != memmodel.ExportFlinkConf {
		t.Errorf("default format on 1.18: %q, %v", k, err)
	}
	if _, err := (&Export{Format: "config-yaml"}).Kind(memmodel.Line1_18, nil); err == nil || !strings.HasPrefix(err.Error(), "--format: ") {
		t.Errorf("config.yaml on 1.18: %v", err)
	}
	if k, err := (&Export{Update: "x.yaml", Format: "toml"}).Kind(memmodel.LatestLine, nil); err != nil || k != "" {
		t.Errorf("--update keeps the file's format: %q, %v", k, err)
	}
	e := Evidence{Log: "-"}
	if _, _, err := e.OpenLog(strings.NewReader(""), "-"); err == nil {
		t.Error("--log - and -c - both read standard input, and pass")
	}
	if _, _, err := (&Evidence{Log: "/nonexistent/flink.log"}).OpenLog(nil, ""); err == nil || !strings.HasPrefix(err.Error(), "--log: ") {
		t.Errorf("a missing log: %v", err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	e.Register(fs)
	args := Solve(fs)
	if err := fs.Parse([]string{"heap", "--target", "task-heap=1g", "oom"}); err != nil {
		t.Fatal(err)
	}
	texts, err := e.Texts(fs)
	if err != nil || strings.Join(texts, "|") != "heap|oom" || len(args.Targets) != 1 {
		t.Errorf("texts %q, targets %v, %v", texts, args.Targets, err)
	}
}
