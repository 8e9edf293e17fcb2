package flinkconf

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// FuzzParse checks that no input makes Parse panic, that every failure is
// a one-line *Error, and that a parsed file can be updated or refused
// cleanly. Run it with
//
//	go test ./memmodel/flinkconf -run '^$' -fuzz FuzzParse -fuzzminimizetime 2s
//
// (without a short minimize time the fuzzer spends a minute shrinking each
// new input and reports 0 execs/sec meanwhile).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"flink-conf-1.17.yaml", "config-1.19.yaml", "quirks-flink-conf.yaml", "deployment-2gi.yaml", "deployment-2g.yaml",
		"configmap.yaml", "compose-list.yml", "compose-map.yml", "flink.env", "bluegreen.yaml", "multidoc.yaml", "deployment-resources.yaml"} {
		f.Add("x.yaml", readTestdata(f, name))
	}
	f.Add("config.yaml", []byte("a: b: c\n"))
	f.Add("config.yaml", []byte("a: &x [*x]\n"))
	f.Add("flink-conf.yaml", []byte("a: 1\r\n#\n: x\nb:c\n"))
	f.Add("-", []byte("kind: FlinkDeployment\nspec:\n  taskManager:\n    resource:\n      memory: 1.5Gi\n"))
	f.Add("-", []byte("\xef\xbb\xbfk: v\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		src, err := Parse(name, data)
		if err != nil {
			wantError(t, "Parse", err)
			return
		}
		for _, n := range src.Notices {
			if strings.ContainsAny(n.Message, "\n\r") {
				t.Fatalf("notice spans lines: %q", n.Message)
			}
		}
		for k := range src.Config {
			found := false
			for _, key := range src.Keys {
				found = found || key == k
			}
			if !found {
				t.Fatalf("Config key %q missing from Keys", k)
			}
		}
		out, err := Update(src, []memmodel.KeyValue{{Key: "taskmanager.memory.process.size", Value: "2g"}}, []string{"taskmanager.numberOfTaskSlots"})
		if err != nil {
			wantError(t, "Update", err)
			return
		}
		// Read back with the source's format: content detection may see
		// the edited file differently (a line Flink skipped is gone).
		parse := map[Format]func(string, []byte) (*Source, error){FlinkConf: ParseFlinkConf, ConfigYAML: ParseConfigYAML, FlinkDeployment: ParseFlinkDeployment}[src.Format]
		again, err := parse(name, out)
		if err != nil {
			t.Fatalf("updated file does not parse: %v\n%s", err, out)
		}
		if v := again.Config["taskmanager.memory.process.size"]; v != "2g" {
			t.Fatalf("updated process size = %q", v)
		}
	})
}

func BenchmarkParseConfigYAML(b *testing.B) {
	benchParse(b, "config-1.19.yaml", "config.yaml", ParseConfigYAML)
}

func BenchmarkParseFlinkConf(b *testing.B) {
	benchParse(b, "flink-conf-1.17.yaml", "flink-conf.yaml", ParseFlinkConf)
}

// benchParse measures parse on the testdata file, read under name.
func benchParse(b *testing.B, file, name string, parse func(string, []byte) (*Source, error)) {
	data := readTestdata(b, file)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(name, data); err != nil {
			b.Fatal(err)
		}
	}
}
