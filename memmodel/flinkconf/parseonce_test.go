package flinkconf

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestFileParsedOnce(t *testing.T) {
	flat := []byte(strings.Repeat("taskmanager.numberOfTaskSlots: 2\n", 100))
	nested := []byte("taskmanager:\n  memory:\n    process.size: 2g\n")
	deployment := readTestdata(t, "deployment-2gi.yaml")
	for _, tt := range []struct {
		name  string
		data  []byte
		parse int
	}{
		{"settings.conf", flat, 0},
		{"flink-conf.yaml", flat, 0},
		{"settings.yaml", nested, 1},
		{"config.yaml", nested, 1},
		{"deploy.yaml", deployment, 1},
	} {
		before := yamlDecodes
		if _, err := Parse(tt.name, tt.data); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := yamlDecodes - before; got != tt.parse {
			t.Errorf("%s: %d YAML parses, want %d", tt.name, got, tt.parse)
		}
	}
}

func TestConfigYAMLTooLarge(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= maxYAMLNodes; i++ {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	_, err := ParseConfigYAML("config.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "too large") || strings.Contains(err.Error(), "alias") {
		t.Errorf("err = %v, want a too-large error", err)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	_, err = ParseConfigYAML("config.yaml", []byte(bomb))
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Errorf("err = %v, want an alias error", err)
	}
}

func BenchmarkParseFlatUnderOtherName(b *testing.B) {
	data := []byte(strings.Repeat("taskmanager.numberOfTaskSlots: 2\n# comment\n", 5000))
	for _, name := range []string{"flink-conf.yaml", "settings.conf"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Parse(name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadFlatUnderOtherName reads a large flat file the way the
// command line does, under its own name and under another: both read and
// parse it once.
func BenchmarkReadFlatUnderOtherName(b *testing.B) {
	data := []byte(strings.Repeat("taskmanager.numberOfTaskSlots: 2\n# comment\n", 50000))
	dir := b.TempDir()
	for _, name := range []string{"flink-conf.yaml", "settings.conf"} {
		path := dir + "/" + name
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Read(path, ReadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
