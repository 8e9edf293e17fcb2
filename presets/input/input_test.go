package input

import (
	"flag"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/flinkconf"
)

func load(t *testing.T, stdin string, args ...string) (*Loaded, error) {
	t.Helper()
	var f Flags
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f.Load(strings.NewReader(stdin))
}

func TestLoad(t *testing.T) {
	in, err := load(t, "taskmanager.memory.process.size: 4g\nstate.backend.type: rocksdb\n", "-c", "-", "-D", "taskmanager.memory.proces.size=1g", "--deployment", "container")
	if err != nil {
		t.Fatal(err)
	}
	if in.Input.Config["taskmanager.memory.process.size"] != "4g" || in.Input.Deployment != memmodel.Container || !in.Uses.RocksDB || in.FlagUses.RocksDB {
		t.Errorf("input: %+v", in)
	}
	if len(in.Notices) != 1 || in.Notices[0].Code != "unknown-key" || in.Source != "flink-conf.yaml from standard input + 1 -D option" {
		t.Errorf("notices %+v, source %q", in.Notices, in.Source)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--deployment", "cloud"}, `--deployment "cloud": use standalone`},
		{[]string{"--flink", "3.0"}, "--flink:"},
		{[]string{"--uses", "gpu"}, "--uses:"},
		{[]string{"--preset", "nope"}, "--preset: unknown preset"},
	} {
		if _, err := load(t, "", tt.args...); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q…", tt.args, err, tt.want)
		}
	}
	in, err = load(t, "", "--preset", "train-legacy-heap-mb-negative")
	if err != nil || in.Input.Line != memmodel.Line1_20 || len(in.Said) != 1 {
		t.Errorf("a preset for older lines: %+v, %v", in, err)
	}
	in, err = load(t, "", "--preset", "train-legacy-heap-mb-negative", "--flink", "2.0")
	if err != nil || len(in.Notices) != 1 || in.Notices[0].Code != NoticePresetOtherLine {
		t.Errorf("a preset for other lines than the chosen one: %+v, %v", in, err)
	}
}

// A -D RocksDB size is judged with the layers below it: it means nothing
// only while the file (or preset) leaves RocksDB's memory bounded.
func TestDefineRocksDBSizeJudgedWithTheFile(t *testing.T) {
	const define = "state.backend.rocksdb.block.cache-size=256m"
	for _, tc := range []struct {
		file string
		want bool
	}{
		{"taskmanager.memory.process.size: 4g\nstate.backend.type: rocksdb\n", true},
		{"taskmanager.memory.process.size: 4g\nstate.backend.type: rocksdb\nstate.backend.rocksdb.memory.managed: false\n", false},
	} {
		in, err := load(t, tc.file, "-c", "-", "-D", define)
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, n := range in.Notices {
			got = got || n.Code == flinkconf.NoticeRocksDBIgnored
		}
		if got != tc.want {
			t.Errorf("file %q with -D %s: rocksdb-key-ignored notice %v, want %v (%+v)", tc.file, define, got, tc.want, in.Notices)
		}
	}
}
