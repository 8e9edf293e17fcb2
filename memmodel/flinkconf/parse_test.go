package flinkconf

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// noticeCodes lists "line:code" for each notice, to compare compactly.
func noticeCodes(ns []Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%03d:%s", n.Line, n.Code))
	}
	return out
}

func TestParseShippedFlinkConf(t *testing.T) {
	src := mustParse(t, ParseFlinkConf, "flink-conf.yaml", readTestdata(t, "flink-conf-1.17.yaml"))
	want := memmodel.Config{
		"jobmanager.rpc.address":                 "localhost",
		"jobmanager.rpc.port":                    "6123",
		"jobmanager.bind-host":                   "localhost",
		"jobmanager.memory.process.size":         "1600m",
		"taskmanager.bind-host":                  "localhost",
		"taskmanager.host":                       "localhost",
		"taskmanager.memory.process.size":        "1728m",
		"taskmanager.numberOfTaskSlots":          "1",
		"parallelism.default":                    "1",
		"jobmanager.execution.failover-strategy": "region",
		"rest.address":                           "localhost",
		"rest.bind-address":                      "localhost",
	}
	if !reflect.DeepEqual(src.Config, want) {
		t.Errorf("Config = %v\nwant %v", src.Config, want)
	}
	wantKeys := []string{"jobmanager.rpc.address", "jobmanager.rpc.port", "jobmanager.bind-host", "jobmanager.memory.process.size",
		"taskmanager.bind-host", "taskmanager.host", "taskmanager.memory.process.size", "taskmanager.numberOfTaskSlots",
		"parallelism.default", "jobmanager.execution.failover-strategy", "rest.address", "rest.bind-address"}
	if !reflect.DeepEqual(src.Keys, wantKeys) {
		t.Errorf("Keys = %v\nwant %v", src.Keys, wantKeys)
	}
	// "# fs.default-scheme" is a comment; nothing in the shipped file is
	// ignored or suspicious.
	if len(src.Notices) != 0 {
		t.Errorf("notices on the shipped file: %v", src.Notices)
	}
	if src.Format != FlinkConf || src.Format.String() != "flink-conf.yaml" {
		t.Errorf("Format = %v", src.Format)
	}
}

func TestParseShippedConfigYAML(t *testing.T) {
	src := mustParse(t, ParseConfigYAML, "config.yaml", readTestdata(t, "config-1.19.yaml"))
	wantKeys := []string{
		"env.java.opts.all",
		"jobmanager.bind-host", "jobmanager.rpc.address", "jobmanager.rpc.port", "jobmanager.memory.process.size", "jobmanager.execution.failover-strategy",
		"taskmanager.bind-host", "taskmanager.host", "taskmanager.numberOfTaskSlots", "taskmanager.memory.process.size", "taskmanager.memory.managed.fraction",
		"parallelism.default", "taskmanager.memory.network.max", "pipeline.jars", "rest.address", "rest.bind-address",
	}
	if !reflect.DeepEqual(src.Keys, wantKeys) {
		t.Errorf("Keys = %v\nwant %v", src.Keys, wantKeys)
	}
	want := map[string]string{
		"env.java.opts.all":                   "--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED",
		"jobmanager.rpc.port":                 "6123",
		"jobmanager.memory.process.size":      "1600m",
		"taskmanager.numberOfTaskSlots":       "2",
		"taskmanager.memory.process.size":     "1728m",
		"taskmanager.memory.managed.fraction": "0.4",
		"taskmanager.memory.network.max":      "1gb",
		"pipeline.jars":                       "file:///opt/a.jar;file:///opt/b.jar",
		"rest.bind-address":                   "localhost",
	}
	for k, v := range want {
		if got := src.Config[k]; got != v {
			t.Errorf("Config[%s] = %q, want %q", k, got, v)
		}
	}
	if len(src.Config) != len(wantKeys) {
		t.Errorf("Config has %d keys, want %d", len(src.Config), len(wantKeys))
	}
	if len(src.Notices) != 0 {
		t.Errorf("notices on the shipped file: %v", src.Notices)
	}
	// The shipped file resolves to Flink's default 1728m TaskManager.
	l, err := memmodel.Resolve(memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: src.Config})
	if err != nil {
		t.Fatal(err)
	}
	if l.TotalProcess != 1728*memmodel.MiB {
		t.Errorf("total process = %s, want 1728m", l.TotalProcess)
	}
}

func TestParseFlinkConfQuirks(t *testing.T) {
	src := mustParse(t, ParseFlinkConf, "flink-conf.yaml", readTestdata(t, "quirks-flink-conf.yaml"))
	want := memmodel.Config{
		"taskmanager.memory.process.size": "2g",     // the later duplicate wins
		"taskmanager.memory.managed.size": "'512m'", // quotes stay in the value
		"taskmanager.memory.proces.size":  "4g",
		"env.java.opts.taskmanager":       "-XX:+UseG1GC -Xmx1g -XX:MaxDirectMemorySize=256m",
		"rest.address":                    "host", // '#' starts a comment anywhere
	}
	if !reflect.DeepEqual(src.Config, want) {
		t.Errorf("Config = %v\nwant %v", src.Config, want)
	}
	wantNotices := []string{
		"003:empty-value",   // taskmanager.numberOfTaskSlots:
		"004:line-ignored",  // no separator
		"005:line-ignored",  // key:value without a space
		"006:duplicate-key", // process.size again
		"007:quoted-value",
		"010:line-ignored", // empty key
		"008:unknown-key",
		"009:jvm-memory-flag",
	}
	if got := noticeCodes(src.Notices); !reflect.DeepEqual(got, wantNotices) {
		t.Errorf("notices = %v\nwant %v", got, wantNotices)
	}
	for _, n := range src.Notices {
		switch n.Code {
		case NoticeDuplicateKey:
			if !strings.Contains(n.Message, "line 2") || !strings.Contains(n.Message, "line 6") {
				t.Errorf("duplicate notice should name both lines: %s", n.Message)
			}
		case NoticeLineIgnored:
			if !strings.HasPrefix(n.Message, fmt.Sprintf("line %d ignored", n.Line)) {
				t.Errorf("ignored-line notice should start with its line: %s", n.Message)
			}
		case NoticeUnknownKey:
			if !strings.Contains(n.Message, "did you mean taskmanager.memory.process.size") {
				t.Errorf("typo notice: %s", n.Message)
			}
		case NoticeJVMMemoryFlag:
			if !strings.Contains(n.Message, "-Xmx1g -XX:MaxDirectMemorySize=256m") || strings.Contains(n.Message, "G1GC") {
				t.Errorf("JVM flag notice should name exactly the memory flags: %s", n.Message)
			}
		}
	}
}

func TestParseFlinkConfLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want memmodel.Config
	}{
		{"spaces around key", "  a.b   :  1g  \n", memmodel.Config{"a.b": "1g"}},
		{"value with colon-space", "k: a: b\n", memmodel.Config{"k": "a: b"}},
		{"tab after colon is not a separator", "k:\tv\n", memmodel.Config{}},
		{"CR line ends", "a: 1\rb: 2\r", memmodel.Config{"a": "1", "b": "2"}},
		{"CRLF line ends", "a: 1\r\nb: 2\r\n", memmodel.Config{"a": "1", "b": "2"}},
		{"no final newline", "a: 1", memmodel.Config{"a": "1"}},
		{"empty file", "", memmodel.Config{}},
		{"comments only", "# a: 1\n\n   # b: 2\n", memmodel.Config{}},
		{"hash in value", "k: a#b\n", memmodel.Config{"k": "a"}},
		{"control chars trimmed like Java", "k: \x0b1g\x0c\n", memmodel.Config{"k": "1g"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ParseFlinkConf("flink-conf.yaml", []byte(tt.in))
			if tt.name == "tab after colon is not a separator" {
				// A single ignored line and nothing else is "not a
				// configuration".
				wantError(t, "ParseFlinkConf", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(src.Config, tt.want) {
				t.Errorf("ParseFlinkConf(%q).Config = %v, want %v", tt.in, src.Config, tt.want)
			}
		})
	}
}

func TestParseConfigYAMLValues(t *testing.T) {
	tests := []struct {
		in   string
		key  string
		want string // "<unset>" when the key must be absent
	}{
		{"taskmanager.memory.process.size: 1728m", "taskmanager.memory.process.size", "1728m"},
		{"taskmanager.memory.process.size: 1073741824", "taskmanager.memory.process.size", "1073741824"},
		{"taskmanager.memory.process.size: 0x40000000", "taskmanager.memory.process.size", "1073741824"},
		{"taskmanager.memory.process.size: 0o17", "taskmanager.memory.process.size", "15"},
		{"taskmanager.memory.process.size: 010", "taskmanager.memory.process.size", "10"}, // YAML 1.2: no octal
		{"taskmanager.memory.process.size: +5", "taskmanager.memory.process.size", "5"},
		{"taskmanager.memory.process.size: 1_000", "taskmanager.memory.process.size", "1_000"}, // a string in 1.2
		{"taskmanager.memory.process.size: 99999999999999999999", "taskmanager.memory.process.size", "99999999999999999999"},
		{"taskmanager.memory.process.size: 1e3", "taskmanager.memory.process.size", "1000.0"}, // Double.toString
		{"taskmanager.memory.process.size: 1.5", "taskmanager.memory.process.size", "1.5"},
		{"taskmanager.memory.process.size: '1e3'", "taskmanager.memory.process.size", "1e3"},
		{"taskmanager.memory.process.size: \" 512m \"", "taskmanager.memory.process.size", " 512m "},
		{"taskmanager.memory.process.size: !!str 5", "taskmanager.memory.process.size", "5"},
		{"taskmanager.memory.process.size: ~", "taskmanager.memory.process.size", "<unset>"},
		{"taskmanager.memory.process.size:", "taskmanager.memory.process.size", "<unset>"},
		{"taskmanager.memory.process.size: null", "taskmanager.memory.process.size", "<unset>"},
		{"taskmanager.memory.process.size: ''", "taskmanager.memory.process.size", ""},
		{"taskmanager.memory.managed.fraction: 0.4", "taskmanager.memory.managed.fraction", "0.4"},
		{"taskmanager.memory.managed.fraction: .25", "taskmanager.memory.managed.fraction", "0.25"},
		{"taskmanager.memory.managed.fraction: 1e-1", "taskmanager.memory.managed.fraction", "0.1"},
		{"taskmanager.memory.managed.fraction: 0.1000000000000000055511151231257827", "taskmanager.memory.managed.fraction", "0.1"},
		{"taskmanager.memory.managed.fraction: 0", "taskmanager.memory.managed.fraction", "0"},
		{"taskmanager.memory.managed.fraction: 0x1p-2", "taskmanager.memory.managed.fraction", "0x1p-2"}, // a string; Java reads the hex float
		{"taskmanager.cpu.cores: 1e1", "taskmanager.cpu.cores", "10.0"},
		{"taskmanager.cpu.cores: 1.0E-8", "taskmanager.cpu.cores", "1.0E-8"},
		{"taskmanager.cpu.cores: .inf", "taskmanager.cpu.cores", "Infinity"},
		{"taskmanager.cpu.cores: .NaN", "taskmanager.cpu.cores", "NaN"},
		{"jobmanager.memory.enable-jvm-direct-memory-limit: True", "jobmanager.memory.enable-jvm-direct-memory-limit", "true"},
		{"jobmanager.memory.enable-jvm-direct-memory-limit: FALSE", "jobmanager.memory.enable-jvm-direct-memory-limit", "false"},
		{"jobmanager.memory.enable-jvm-direct-memory-limit: yes", "jobmanager.memory.enable-jvm-direct-memory-limit", "yes"}, // not a bool in 1.2
		{"other.key: 1.50", "other.key", "1.50"},                                                                             // floats keep their text outside the memory model
		{"list: [a, 'b;c', \"it's\", 1, {k: v}]", "list", "a;'b;c';'it''s';1;k:v"},
		{"list:\n  - -Xss1m\n  - -Dx=y", "list", "-Xss1m;-Dx=y"},
		{"list: []", "list", ""},
		{"a: {b: 1}", "a.b", "1"}, // Flink flattens flow mappings too
		{"a: {}", "a", "<unset>"},
		{"base: &m 1g\ntaskmanager.memory.process.size: *m", "taskmanager.memory.process.size", "1g"},
		{"1: x", "1", "x"},
		{"010: x", "10", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			src := mustParse(t, ParseConfigYAML, "config.yaml", []byte(tt.in+"\n"))
			got, ok := src.Config[tt.key]
			if !ok {
				got = "<unset>"
			}
			if got != tt.want {
				t.Errorf("ParseConfigYAML(%q)[%s] = %q, want %q", tt.in, tt.key, got, tt.want)
			}
		})
	}
}

func TestParseConfigYAMLNullNotice(t *testing.T) {
	src := mustParse(t, ParseConfigYAML, "config.yaml", []byte("a: 1\ntaskmanager:\n  memory:\n    process.size:\n"))
	if got := noticeCodes(src.Notices); !reflect.DeepEqual(got, []string{"004:null-value"}) {
		t.Errorf("notices = %v", got)
	}
	if _, ok := src.Config["taskmanager.memory.process.size"]; ok {
		t.Error("a null value must leave the key unset")
	}
}

func TestParseConfigYAMLErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		msg       string
	}{
		{"syntax on line 1", "a: b: c\n", 1, 0, "YAML syntax error"},
		{"unclosed list", "a: 1\nb: 2\nc: [1, 2\nd: 4\n", 3, 0, "YAML syntax error"}, // where the list starts
		{"bad indentation", "a: 1\nb:\n  c: 1\n d: 2\n", 4, 0, "YAML syntax error"},
		{"tab indentation", "a:\n\tb: 1\n", 2, 0, "YAML syntax error"},
		{"duplicate in one mapping", "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key a (first set at line 1, column 1)"},
		{"duplicate after flattening", "taskmanager.memory.process.size: 1g\ntaskmanager:\n  memory:\n    process:\n      size: 2g\n", 5, 7, "duplicate key taskmanager.memory.process.size (first set at line 1, column 1)"},
		{"duplicate nested blocks", "a:\n  b: 1\na:\n  c: 2\n", 3, 1, "duplicate key a"},
		{"two documents", "a: 1\n---\nb: 2\n", 0, 0, "more than one YAML document"},
		{"top-level list", "- a\n- b\n", 1, 1, "not a mapping"},
		{"top-level scalar", "just text\n", 1, 1, "not a mapping"},
		{"complex key", "? [a, b]\n: 1\n", 1, 3, "Flink option keys are plain strings"},
		{"unknown tag", "a: !foo 1\n", 1, 4, "unknown YAML tag !foo"},
		{"bad int tag", "a: !!int x\n", 1, 4, "is not a YAML integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfigYAML("config.yaml", []byte(tt.in))
			e := wantError(t, "ParseConfigYAML", err)
			if tt.line != 0 && (e.Line != tt.line || e.Column != tt.col) {
				t.Errorf("position = %d:%d, want %d:%d (%v)", e.Line, e.Column, tt.line, tt.col, e)
			}
			if !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", e.Error(), tt.msg)
			}
		})
	}
}

func TestParseFlinkDeployment(t *testing.T) {
	tests := []struct {
		file    string
		want    memmodel.Config
		notices []string
	}{
		{"deployment-2gi.yaml", memmodel.Config{
			"taskmanager.numberOfTaskSlots":       "4",
			"taskmanager.memory.managed.fraction": "0.2",
			"jobmanager.memory.process.size":      "2g",
			"taskmanager.memory.process.size":     "2g",
		}, []string{"007:document-chosen", "020:resource-memory", "024:resource-memory"}},
		{"deployment-2g.yaml", memmodel.Config{
			"taskmanager.numberOfTaskSlots":   "2",
			"state.backend.type":              "rocksdb",
			"jobmanager.memory.process.size":  "1g",
			"taskmanager.memory.process.size": "2g",
		}, []string{"013:resource-memory", "017:resource-memory"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			for _, parse := range []func(string, []byte) (*Source, error){ParseFlinkDeployment, Parse} {
				src := mustParse(t, parse, tt.file, readTestdata(t, tt.file))
				if src.Format != FlinkDeployment {
					t.Errorf("Format = %v", src.Format)
				}
				if !reflect.DeepEqual(src.Config, tt.want) {
					t.Errorf("Config = %v\nwant %v", src.Config, tt.want)
				}
				if got := noticeCodes(src.Notices); !reflect.DeepEqual(got, tt.notices) {
					t.Errorf("notices = %v, want %v", got, tt.notices)
				}
			}
		})
	}
	// Both spellings give the same 2 GiB TaskManager.
	a, _ := ParseFlinkDeployment("a", readTestdata(t, "deployment-2gi.yaml"))
	b, _ := ParseFlinkDeployment("b", readTestdata(t, "deployment-2g.yaml"))
	if a.Config[tmProcessKey] != b.Config[tmProcessKey] {
		t.Errorf("2Gi = %s but 2g = %s", a.Config[tmProcessKey], b.Config[tmProcessKey])
	}
	if msg := a.Notices[2].Message; !strings.Contains(msg, "Kubernetes quantity") || !strings.Contains(msg, "2147483648 bytes") {
		t.Errorf("2Gi notice should say it was read as a Kubernetes quantity: %s", msg)
	}
	if msg := b.Notices[1].Message; !strings.Contains(msg, "Flink's size syntax") {
		t.Errorf("2g notice should say it was read with Flink's syntax: %s", msg)
	}
}

func TestParseFlinkDeploymentVariants(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want memmodel.Config
		code string // a notice code that must appear
	}{
		{"resources requests win over resource",
			"kind: FlinkDeployment\nspec:\n  taskManager:\n    resource:\n      memory: 1g\n    resources:\n      requests:\n        memory: 3Gi\n      limits:\n        memory: 4Gi\n",
			memmodel.Config{tmProcessKey: "3g"}, NoticeResourceMemory},
		{"resource memory overrides flinkConfiguration",
			"kind: FlinkDeployment\nspec:\n  flinkConfiguration:\n    taskmanager.memory.process.size: 4g\n  taskManager:\n    resource:\n      memory: 2g\n",
			memmodel.Config{tmProcessKey: "2g"}, NoticeResourceOverride},
		{"spec fragment without kind",
			"spec:\n  taskManager:\n    resource:\n      memory: \"1728m\"\n",
			memmodel.Config{tmProcessKey: "1728m"}, NoticeResourceMemory},
		{"nested flinkConfiguration",
			"kind: FlinkDeployment\nspec:\n  flinkConfiguration:\n    taskmanager:\n      memory:\n        managed.fraction: \"0.3\"\n",
			memmodel.Config{"taskmanager.memory.managed.fraction": "0.3"}, ""},
		{"fractional quantity is refused by the operator",
			"kind: FlinkDeployment\nspec:\n  taskManager:\n    resource:\n      memory: 1.5Gi\n",
			memmodel.Config{tmProcessKey: "1610612736.0"}, NoticeResourceMemory},
		{"plain number is bytes",
			"kind: FlinkDeployment\nspec:\n  jobManager:\n    resource:\n      memory: 2048\n",
			memmodel.Config{jmProcessKey: "2k"}, NoticeResourceMemory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mustParse(t, ParseFlinkDeployment, "d.yaml", []byte(tt.in))
			if !reflect.DeepEqual(src.Config, tt.want) {
				t.Errorf("Config = %v, want %v", src.Config, tt.want)
			}
			found := tt.code == ""
			for _, n := range src.Notices {
				found = found || n.Code == tt.code
			}
			if !found {
				t.Errorf("no %s notice in %v", tt.code, src.Notices)
			}
		})
	}
	if _, err := ParseFlinkDeployment("x.yaml", []byte("kind: ConfigMap\ndata: {}\n")); err == nil {
		t.Error("a file without a FlinkDeployment must be an error")
	}
}

func TestOperatorMemory(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2048m", "2g"},     // Flink syntax
		{"2g", "2g"},        // Flink syntax
		{"2G", "2g"},        // Flink syntax is case-insensitive: 2 GiB, not 2e9
		{"500M", "500m"},    // likewise
		{"2Gi", "2g"},       // Kubernetes: 2 × 2^30
		{"512Mi", "512m"},   // Kubernetes
		{"2GiB", "2g"},      // trailing B dropped, I lower-cased
		{" 2 Gi ", "2g"},    // whitespace removed
		{"2gi", "2g"},       // upper-cased first
		{"2e9", "1953125k"}, // decimal exponent: 2,000,000,000 bytes
		{"2E3", "2000b"},
		{"3P", "2929687500000k"},
		{"1.5Gi", "1610612736.0"}, // BigDecimal keeps the scale; Flink cannot read it
		{"1.5G", "1500000000.0"},
		{"2E", "2.000000000000000E+18"}, // 10^18 is rounded to 16 digits by DECIMAL64
		{"-1Gi", "-1073741824"},
		{"abc", "abc"},
		{"1.5k", "1.5k"}, // K is no quantity suffix
		{"", ""},
	}
	for _, tt := range tests {
		got, how, _ := operatorMemory(tt.in)
		if got != tt.want {
			t.Errorf("operatorMemory(%q) = %q (%s), want %q", tt.in, got, how, tt.want)
		}
	}
}

func TestParseDetection(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format
	}{
		{"settings.yaml", "a.b: 1\nc: 2\n", FlinkConf},
		{"settings.yaml", "taskmanager:\n  b: 1\n", ConfigYAML},
		{"-", "kind: FlinkDeployment\nspec: {}\n", FlinkDeployment},
		{"x", "a: *bad yaml: :\nb: 2\n", FlinkConf},
		{"conf/flink-conf.yaml", "a:\n  b: 1\n", FlinkConf}, // the name decides
		{"/etc/flink/config.yaml", "a.b: 1\n", ConfigYAML},
	}
	for _, tt := range tests {
		src, err := Parse(tt.name, []byte(tt.in))
		if err != nil {
			if tt.name == "conf/flink-conf.yaml" {
				continue // "a:" alone is no key, and "  b: 1" is one
			}
			t.Fatalf("Parse(%s): %v", tt.name, err)
		}
		if src.Format != tt.want {
			t.Errorf("Parse(%s, %q).Format = %v, want %v", tt.name, tt.in, src.Format, tt.want)
		}
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00garbage"), "binary content"},
		{"control noise", []byte(strings.Repeat("\x01\x02\x03a", 50)), "binary content"},
		{"prose", []byte("This is a letter.\nIt has no options.\n"), "does not look like a Flink configuration"},
	}
	for _, tt := range tests {
		for _, parse := range []func(string, []byte) (*Source, error){Parse, ParseFlinkConf, ParseConfigYAML, ParseFlinkDeployment} {
			_, err := parse(tt.name, tt.data)
			wantError(t, tt.name, err)
		}
		if _, err := Parse(tt.name, tt.data); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%s) = %v, want %q", tt.name, err, tt.msg)
		}
	}
	// An empty file is a valid, empty configuration in every format
	// that allows it.
	for _, parse := range []func(string, []byte) (*Source, error){Parse, ParseFlinkConf, ParseConfigYAML} {
		src, err := parse("empty", nil)
		if err != nil || len(src.Config) != 0 {
			t.Errorf("empty file: %v, %v", src, err)
		}
	}
	// A Latin-1 byte in a comment is replaced, as Java's decoder does.
	src, err := Parse("flink-conf.yaml", []byte("# caf\xe9\na: 1\n"))
	if err != nil || src.Config["a"] != "1" {
		t.Errorf("Latin-1 comment: %v, %v", src, err)
	}
}

func TestSuggestKey(t *testing.T) {
	// want is the suggestion, or "" when SuggestKey must offer none.
	tests := []struct {
		in, want string
	}{
		{"taskmanager.memory.proces.size", "taskmanager.memory.process.size"},
		{"taskmanager.memory.process.sizes", "taskmanager.memory.process.size"},
		{"taskmanager.memory.managed.fractoin", "taskmanager.memory.managed.fraction"},
		{"jobmanager.memory.heap.szie", "jobmanager.memory.heap.size"},
		{"taskmanager.network.memory.mx", "taskmanager.network.memory.max"}, // a deprecated key is a candidate
		{"taskmanger.memory.process.size", "taskmanager.memory.process.size"},
		{"Taskmanager.memory.process.size", "taskmanager.memory.process.size"},
		{"taskmanager.heap.mb", ""},                 // known legacy key
		{"taskmanager.memory.process.size", ""},     // known
		{"taskmanager.memory.min-segment-size", ""}, // a real Flink key the model does not read
		{"taskmanager.memory.something.else", ""},   // too far from anything
		{"rest.address", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := SuggestKey(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("SuggestKey(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
		}
	}
}

func TestJavaFloatingString(t *testing.T) {
	doubles := []struct {
		in   float64
		want string
	}{
		{0.4, "0.4"}, {1000, "1000.0"}, {1e7, "1.0E7"}, {9999999, "9999999.0"}, {1e-3, "0.001"}, {1e-4, "1.0E-4"},
		{123456789.5, "1.234567895E8"}, {-2.5, "-2.5"}, {0, "0.0"}, {1.0e-8, "1.0E-8"}, {math.Nextafter(0.3, 1), "0.30000000000000004"},
	}
	for _, tt := range doubles {
		if got := javaDoubleString(tt.in); got != tt.want {
			t.Errorf("javaDoubleString(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := javaFloatString(float32(0.1)); got != "0.1" {
		t.Errorf("javaFloatString(0.1f) = %q", got)
	}
	if got := javaFloatString(float32(1e10)); got != "1.0E10" {
		t.Errorf("javaFloatString(1e10f) = %q", got)
	}
}

func TestFormatters(t *testing.T) {
	kvs := []memmodel.KeyValue{
		{Key: "taskmanager.memory.process.size", Value: "1728m"},
		{Key: "taskmanager.memory.managed.fraction", Value: "0.4"},
		{Key: "taskmanager.numberOfTaskSlots", Value: "2"},
		{Key: "taskmanager.cpu.cores", Value: "1e3"},
		{Key: "jobmanager.memory.process.size", Value: "1600m"},
		{Key: "env.java.opts.all", Value: "-Dx=a b"},
		{Key: "a.b", Value: "1"},
		{Key: "a.b.c", Value: "true"},
		{Key: "jobmanager.memory.enable-jvm-direct-memory-limit", Value: "TRUE"},
	}
	wantYAML := `taskmanager:
  memory:
    process:
      size: 1728m
    managed:
      fraction: 0.4
  numberOfTaskSlots: 2
  cpu:
    cores: '1e3'
jobmanager:
  memory:
    process:
      size: 1600m
    enable-jvm-direct-memory-limit: 'TRUE'
env:
  java:
    opts:
      all: -Dx=a b
a:
  b: 1
  b.c: true
`
	if got := string(FormatConfigYAML(kvs)); got != wantYAML {
		t.Errorf("FormatConfigYAML =\n%s\nwant\n%s", got, wantYAML)
	}
	wantFlat := `taskmanager.memory.process.size: 1728m
taskmanager.memory.managed.fraction: 0.4
`
	if got := string(FormatFlinkConf(kvs[:2])); got != wantFlat {
		t.Errorf("FormatFlinkConf =\n%s\nwant\n%s", got, wantFlat)
	}
	wantDyn := `-D taskmanager.memory.process.size=1728m
-D 'env.java.opts.all=-Dx=a b'
-D 'k=it'\''s'
-D k2=
`
	dyn := []memmodel.KeyValue{kvs[0], kvs[5], {Key: "k", Value: "it's"}, {Key: "k2", Value: ""}}
	if got := string(FormatDynamic(dyn)); got != wantDyn {
		t.Errorf("FormatDynamic =\n%s\nwant\n%s", got, wantDyn)
	}
	wantK8s := `spec:
  flinkConfiguration:
    taskmanager.memory.managed.fraction: "0.4"
    taskmanager.numberOfTaskSlots: "2"
  jobManager:
    resource:
      memory: "1600m"
  taskManager:
    resource:
      memory: "1728m"
`
	k8s := []memmodel.KeyValue{kvs[0], kvs[1], kvs[2], {Key: "jobmanager.memory.process.size", Value: "1677721600b"}}
	if got := string(FormatFlinkDeployment(k8s)); got != wantK8s {
		t.Errorf("FormatFlinkDeployment =\n%s\nwant\n%s", got, wantK8s)
	}
	// The fragment reads back as the same configuration.
	src := mustParse(t, Parse, "fragment.yaml", []byte(wantK8s))
	want := memmodel.Config{"taskmanager.memory.managed.fraction": "0.4", "taskmanager.numberOfTaskSlots": "2", jmProcessKey: "1600m", tmProcessKey: "1728m"}
	if !reflect.DeepEqual(src.Config, want) {
		t.Errorf("fragment reads back as %v", src.Config)
	}
}

// TestEditDistanceBand compares the banded distance with the full table on
// every pair of a small word set.
func TestEditDistanceBand(t *testing.T) {
	full := func(a, b string) int {
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				c := 1
				if a[i-1] == b[j-1] {
					c = 0
				}
				d[i][j] = min(d[i-1][j-1]+c, d[i-1][j]+1, d[i][j-1]+1)
			}
		}
		return d[len(a)][len(b)]
	}
	words := []string{"", "a", "ab", "ba", "abc", "acb", "kitten", "sitting", "taskmanager", "taskmanger", "jobmanager", "tasmkanager", "xyz", "aaaa", "aaa"}
	for _, a := range words {
		for _, b := range words {
			want := full(a, b)
			for max := 0; max <= 4; max++ {
				got := editDistance(a, b, max)
				if want <= max && got != want || want > max && got != max+1 {
					t.Errorf("editDistance(%q, %q, %d) = %d, full distance %d", a, b, max, got, want)
				}
			}
		}
	}
}

// TestParseHostileYAML checks that alias tricks end in an error, quickly.
func TestParseHostileYAML(t *testing.T) {
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		laughs += string(i) + ": &" + string(i) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
	}
	for _, in := range []string{
		"a: &x {b: *x}\n",
		"a: &x\n  b: *x\n",
		"a: &x [*x]\n",
		laughs,
		strings.Repeat("{a: ", 200) + "1" + strings.Repeat("}", 200) + "\n",
	} {
		_, err := ParseConfigYAML("config.yaml", []byte(in))
		wantError(t, fmt.Sprintf("ParseConfigYAML(%.40q)", in), err)
	}
}

func TestParseFlinkConfManyIgnoredLines(t *testing.T) {
	src := mustParse(t, ParseFlinkConf, "flink-conf.yaml", []byte("a: 1\n"+strings.Repeat("junk\n", 200)))
	if len(src.Notices) != maxIgnoredNotices+1 || !strings.HasPrefix(src.Notices[maxIgnoredNotices].Message, "150 more lines ignored") {
		t.Errorf("%d notices, last %q", len(src.Notices), src.Notices[len(src.Notices)-1].Message)
	}
}

// TestBrokenNestedYAMLIsAnError keeps a broken config that relies on
// nesting from being read with the flat rules, which would drop its keys.
func TestBrokenNestedYAMLIsAnError(t *testing.T) {
	for _, text := range []string{
		"taskmanager:\n  memory: {process: {size: 2g}}\nfoo: [\n",
		"taskmanager.memory.process.size: 2g\nweights: {OPERATOR: 70\n",
	} {
		_, err := Parse("my-settings.yaml", []byte(text))
		var fe *Error
		if !errors.As(err, &fe) || fe.Line == 0 {
			t.Errorf("Parse(%q) = %v; want a YAML error with a line", text, err)
		}
	}
	// A flat file that is not valid YAML is still read with the flat rules.
	src, err := Parse("my-settings.yaml", []byte("taskmanager.memory.process.size: 2g\nenv.java.opts: -Dfoo=a: b\n"))
	if err != nil || src.Format != FlinkConf || src.Config["taskmanager.memory.process.size"] != "2g" {
		t.Errorf("flat file: %v %+v", err, src)
	}
}
