package memmodel

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseExportFormat(t *testing.T) {
	tests := []struct {
		name    string
		line    Line
		want    ExportFormat
		wantErr string
	}{
		{"flink-conf", Line1_20, ExportFlinkConf, ""},
		{"flink-conf", Line1_10_0, ExportFlinkConf, ""},
		{"flink-conf", Line2_0, "", "does not read flink-conf.yaml"},
		{"flink-conf", Line2_1, "", "export as config-yaml"},
		{"config-yaml", Line2_1, ExportConfigYAML, ""},
		{"config-yaml", Line1_19, ExportConfigYAML, ""},
		{"config-yaml", Line1_18, "", "arrived in 1.19"},
		{"dynamic", Line1_11, ExportDynamic, ""},
		{"jvm-args", Line2_1, ExportJVMArgs, ""},
		{"k8s", Line1_16, ExportK8s, ""},
		{" k8s ", Line1_16, ExportK8s, ""},
		{"yaml", Line2_1, "", `unknown export format "yaml": use one of flink-conf, config-yaml, dynamic, jvm-args, k8s`},
		{"", Line2_1, "", "unknown export format"},
	}
	for _, tt := range tests {
		got, err := ParseExportFormat(tt.name, tt.line)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseExportFormat(%q, %s) = %q, %v; want error containing %q", tt.name, tt.line, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseExportFormat(%q, %s) = %q, %v; want %q", tt.name, tt.line, got, err, tt.want)
		}
	}
}

func TestMigrate(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		line     Line
		d        Deployment
		want     Config
		wantFrom []string // keys the migrations mention, in order
	}{
		{
			name: "current keys and other keys pass through",
			cfg:  Config{"taskmanager.memory.process.size": "1728 mb", "state.backend.type": "rocksdb"},
			line: Line2_1,
			want: Config{"taskmanager.memory.process.size": "1728 mb", "state.backend.type": "rocksdb"},
		},
		{
			name:     "deprecated key becomes the current key",
			cfg:      Config{"taskmanager.memory.size": "512m", "taskmanager.network.memory.fraction": "0.2"},
			line:     Line2_1,
			want:     Config{"taskmanager.memory.managed.size": "512m", "taskmanager.memory.network.fraction": "0.2"},
			wantFrom: []string{"taskmanager.memory.size", "taskmanager.network.memory.fraction"},
		},
		{
			name:     "deprecated key is dropped when the current key is set",
			cfg:      Config{"taskmanager.network.memory.min": "1g", "taskmanager.memory.network.min": "128m"},
			line:     Line1_20,
			want:     Config{"taskmanager.memory.network.min": "128m"},
			wantFrom: []string{"taskmanager.network.memory.min"},
		},
		{
			name:     "legacy TaskManager heap is total Flink memory when standalone",
			cfg:      Config{"taskmanager.heap.size": "2048 mb"},
			line:     Line1_20,
			want:     Config{"taskmanager.memory.flink.size": "2g"},
			wantFrom: []string{"taskmanager.heap.size"},
		},
		{
			name:     "legacy TaskManager heap is the process size in a container",
			cfg:      Config{"taskmanager.heap.mb": "3000"},
			line:     Line1_16,
			d:        Container,
			want:     Config{"taskmanager.memory.process.size": "3000m"},
			wantFrom: []string{"taskmanager.heap.mb"},
		},
		{
			name:     "the size key beats the mb key",
			cfg:      Config{"taskmanager.heap.size": "1g", "taskmanager.heap.mb": "3000"},
			line:     Line1_20,
			want:     Config{"taskmanager.memory.flink.size": "1g"},
			wantFrom: []string{"taskmanager.heap.mb", "taskmanager.heap.size"},
		},
		{
			name:     "legacy heap is dropped when its target is set",
			cfg:      Config{"jobmanager.heap.size": "1g", "jobmanager.memory.heap.size": "2g"},
			line:     Line1_20,
			want:     Config{"jobmanager.memory.heap.size": "2g"},
			wantFrom: []string{"jobmanager.heap.size"},
		},
		{
			name:     "legacy JobManager heap in a container is the process size",
			cfg:      Config{"jobmanager.heap.size": "1600m"},
			line:     Line1_11,
			d:        Container,
			want:     Config{"jobmanager.memory.process.size": "1600m"},
			wantFrom: []string{"jobmanager.heap.size"},
		},
		{
			name: "a legacy value Flink refuses stays, so the refusal stays",
			cfg:  Config{"taskmanager.heap.mb": "-5"},
			line: Line1_20,
			want: Config{"taskmanager.heap.mb": "-5"},
		},
		{
			name:     "2.x drops legacy keys it does not read",
			cfg:      Config{"taskmanager.heap.size": "1g", "taskmanager.network.numberOfBuffers": "4096", "jobmanager.heap.mb": "bad"},
			line:     Line2_0,
			want:     Config{},
			wantFrom: []string{"jobmanager.heap.mb", "taskmanager.heap.size", "taskmanager.network.numberOfBuffers"},
		},
		{
			name:     "network buffers become a fixed network size",
			cfg:      Config{"taskmanager.network.numberOfBuffers": "4096", "taskmanager.memory.segment-size": "64kb"},
			line:     Line1_20,
			want:     Config{"taskmanager.memory.network.min": "256m", "taskmanager.memory.network.max": "256m", "taskmanager.memory.segment-size": "64kb"},
			wantFrom: []string{"taskmanager.network.numberOfBuffers", "taskmanager.network.numberOfBuffers"},
		},
		{
			name:     "network buffers are dropped when a network option is set",
			cfg:      Config{"taskmanager.network.numberOfBuffers": "4096", "taskmanager.network.memory.max": "1g"},
			line:     Line1_16,
			want:     Config{"taskmanager.memory.network.max": "1g"},
			wantFrom: []string{"taskmanager.network.memory.max", "taskmanager.network.numberOfBuffers"},
		},
		{
			name: "network buffers with a segment size Flink refuses stay",
			cfg:  Config{"taskmanager.network.numberOfBuffers": "4096", "taskmanager.memory.segment-size": "3000"},
			line: Line1_20,
			want: Config{"taskmanager.network.numberOfBuffers": "4096", "taskmanager.memory.segment-size": "3000"},
		},
		{
			name: "1.10 has no JobManager model: its legacy heap key is left alone",
			cfg:  Config{"jobmanager.heap.size": "1g"},
			line: Line1_10,
			want: Config{"jobmanager.heap.size": "1g"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, migs := Migrate(tt.cfg, tt.line, tt.d)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Migrate(%v) = %v; want %v", tt.cfg, got, tt.want)
			}
			var from []string
			for _, m := range migs {
				from = append(from, m.From)
				if m.String() == "" || m.Why == "" {
					t.Errorf("migration %+v has no explanation", m)
				}
			}
			if !reflect.DeepEqual(from, tt.wantFrom) {
				t.Errorf("migrations mention %v; want %v (%v)", from, tt.wantFrom, migs)
			}
		})
	}
}

func TestMigrationString(t *testing.T) {
	cfg := Config{"taskmanager.heap.size": "4g"}
	_, migs := Migrate(cfg, Line2_1, Standalone)
	if len(migs) != 1 {
		t.Fatalf("Migrate(%v) gave %v; want one migration", cfg, migs)
	}
	want := "taskmanager.heap.size is not written: Flink 2.1 no longer reads it; to keep its meaning set taskmanager.memory.flink.size: 4g"
	if got := migs[0].String(); got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
	_, migs = Migrate(Config{"taskmanager.memory.size": "1g"}, Line1_20, Standalone)
	want = "taskmanager.memory.size is written as taskmanager.memory.managed.size: 1g (deprecated key)"
	if got := migs[0].String(); got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
}

func TestExportMinimal(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		opts ExportOptions
		want []KeyValue
	}{
		{
			name: "Flink's shipped config drops the default slot count",
			in: Input{Line: Line2_1, Config: Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "1",
				"jobmanager.memory.process.size": "1600m", "parallelism.default": "1"}},
			want: []KeyValue{{"taskmanager.memory.process.size", "1728m"}, {"jobmanager.memory.process.size", "1600m"}},
		},
		{
			name: "an update keeps what the user wrote",
			in: Input{Line: Line2_1, Config: Config{"taskmanager.memory.process.size": "1728 mb", "taskmanager.numberOfTaskSlots": "1",
				"taskmanager.memory.managed.fraction": "0.4"}},
			opts: ExportOptions{KeepDefaults: true},
			want: []KeyValue{{"taskmanager.memory.process.size", "1728 mb"}, {"taskmanager.memory.managed.fraction", "0.4"}, {"taskmanager.numberOfTaskSlots", "1"}},
		},
		{
			name: "a default spelled differently is still a default",
			in: Input{Line: Line1_20, Config: Config{"taskmanager.memory.flink.size": "1280m", "taskmanager.memory.framework.heap.size": "131072 kb",
				"taskmanager.memory.network.max": "9223372036854775807", "taskmanager.memory.managed.fraction": "0.4f"}},
			want: []KeyValue{{"taskmanager.memory.flink.size", "1280m"}},
		},
		{
			name: "1.16's network max default differs from 1.20's",
			in:   Input{Line: Line1_16, Config: Config{"taskmanager.memory.flink.size": "1280m", "taskmanager.memory.network.max": "9223372036854775807b"}},
			want: []KeyValue{{"taskmanager.memory.flink.size", "1280m"}, {"taskmanager.memory.network.max", "9223372036854775807b"}},
		},
		{
			name: "deprecated and legacy keys are migrated",
			in:   Input{Line: Line1_20, Config: Config{"taskmanager.heap.size": "2g", "taskmanager.memory.size": "512m", "jobmanager.heap.mb": "1024"}},
			want: []KeyValue{{"taskmanager.memory.flink.size", "2g"}, {"taskmanager.memory.managed.size", "512m"}, {"jobmanager.memory.heap.size", "1g"}},
		},
		{
			name: "a JobManager export carries the TaskManager keys",
			in:   Input{Role: JobManager, Line: Line2_0, Config: Config{"jobmanager.memory.flink.size": "1g", "taskmanager.memory.process.size": "4g"}},
			want: []KeyValue{{"taskmanager.memory.process.size", "4g"}, {"jobmanager.memory.flink.size", "1g"}},
		},
		{
			name: "1.10 writes no JobManager keys",
			in:   Input{Line: Line1_10, Config: Config{"taskmanager.memory.process.size": "2g", "jobmanager.memory.process.size": "1g"}},
			want: []KeyValue{{"taskmanager.memory.process.size", "2g"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Export(tt.in, tt.opts)
			if err != nil {
				t.Fatalf("Export: %v", err)
			}
			if !reflect.DeepEqual(res.Options, tt.want) {
				t.Errorf("Options = %v; want %v", res.Options, tt.want)
			}
		})
	}
}

func TestExportRoles(t *testing.T) {
	res, err := Export(Input{Line: Line1_10_0, Config: Config{"taskmanager.memory.process.size": "2g", "jobmanager.heap.size": "1g"}}, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Roles, []Role{TaskManager}) {
		t.Errorf("Roles = %v; want only the TaskManager", res.Roles)
	}
	if res.Covers("jobmanager.heap.size") || !res.Covers("taskmanager.heap.size") || res.Covers("state.backend.type") {
		t.Errorf("Covers is wrong for a TaskManager-only export")
	}
	if len(res.Migrations) != 1 || res.Migrations[0].From != "jobmanager.heap.size" || !strings.Contains(res.Migrations[0].Why, "no JobManager memory model") {
		t.Errorf("Migrations = %v; want a note that 1.10 has no JobManager model", res.Migrations)
	}
}

func TestExportPinned(t *testing.T) {
	in := Input{Line: Line2_1, Config: Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "1", "jobmanager.memory.process.size": "1600m"}}
	res, err := Export(in, ExportOptions{Pinned: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []KeyValue{
		{"taskmanager.memory.process.size", "1728m"},
		{"taskmanager.memory.flink.size", "1280m"},
		{"taskmanager.memory.framework.heap.size", "128m"},
		{"taskmanager.memory.task.heap.size", "402653174b"},
		{"taskmanager.memory.managed.size", "536870920b"},
		{"taskmanager.memory.framework.off-heap.size", "128m"},
		{"taskmanager.memory.task.off-heap.size", "0b"},
		{"taskmanager.memory.network.min", "134217730b"},
		{"taskmanager.memory.network.max", "134217730b"},
		{"taskmanager.memory.jvm-metaspace.size", "256m"},
		{"taskmanager.memory.jvm-overhead.min", "192m"},
		{"taskmanager.memory.jvm-overhead.max", "192m"},
		{"taskmanager.numberOfTaskSlots", "1"},
		{"jobmanager.memory.process.size", "1600m"},
	}
	if !reflect.DeepEqual(res.Options, want) {
		t.Errorf("pinned Options =\n%v\nwant\n%v", res.Options, want)
	}
	if res.Layout.Mode != ModeFineGrained || res.Layout.JVMArgs() != "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456" {
		t.Errorf("pinned layout: mode %v, JVM args %s", res.Layout.Mode, res.Layout.JVMArgs())
	}
	// A pinned export keeps its layout on a line with other defaults.
	old, err := Resolve(Input{Line: Line1_10_0, Config: configOf(res.Options)})
	if err != nil || !SameSizes(&old, &res.Layout) {
		t.Errorf("pinned options resolve differently on 1.10.0: %v", err)
	}

	jm, err := Export(Input{Role: JobManager, Line: Line1_20, Config: Config{"jobmanager.memory.process.size": "1600m", "jobmanager.memory.enable-jvm-direct-memory-limit": "TRUE"}}, ExportOptions{Pinned: true})
	if err != nil {
		t.Fatal(err)
	}
	wantJM := []KeyValue{
		{"jobmanager.memory.process.size", "1600m"},
		{"jobmanager.memory.flink.size", "1152m"},
		{"jobmanager.memory.heap.size", "1g"},
		{"jobmanager.memory.off-heap.size", "128m"},
		{"jobmanager.memory.jvm-metaspace.size", "256m"},
		{"jobmanager.memory.jvm-overhead.min", "192m"},
		{"jobmanager.memory.jvm-overhead.max", "192m"},
		{"jobmanager.memory.enable-jvm-direct-memory-limit", "true"},
	}
	if !reflect.DeepEqual(jm.Options, wantJM) {
		t.Errorf("pinned JobManager Options =\n%v\nwant\n%v", jm.Options, wantJM)
	}
}

func TestExportRefused(t *testing.T) {
	_, err := Export(Input{Line: Line2_1, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}}, ExportOptions{})
	var rej *Rejection
	if !errors.As(err, &rej) || rej.Check != CheckDerivedTaskHeapNegative {
		t.Errorf("Export of a refused config: %v; want a %s rejection", err, CheckDerivedTaskHeapNegative)
	}
	_, err = Export(Input{Line: Line2_1, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.numberOfTaskSlots": "0", "taskmanager.cpu.cores": "2"}}, ExportOptions{})
	if !errors.As(err, &rej) || rej.Check != CheckSlotsLessThanOne {
		t.Errorf("Export of a TaskManager without slots: %v; want a %s rejection", err, CheckSlotsLessThanOne)
	}
	// 2.1 does not read the legacy key, so nothing is configured.
	_, err = Export(Input{Line: Line2_1, Config: Config{"taskmanager.heap.size": "2g"}}, ExportOptions{})
	if !errors.As(err, &rej) || rej.Check != CheckNoMemoryConfigured {
		t.Errorf("Export of a legacy-only config for 2.1: %v; want a %s rejection", err, CheckNoMemoryConfigured)
	}
}

// TestExportConformance exports every conformance vector minimal and
// pinned on the line that produced it: accepted vectors must export
// options in the line's current spelling that resolve to exactly the sizes
// Flink derived; refused ones must be refused with Flink's check.
func TestExportConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/flink-*/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors found: %v", err)
	}
	accepted := 0
	for _, file := range files {
		line := conformanceLines[filepath.Base(filepath.Dir(file))]
		failed := 0
		for _, v := range loadVectors(t, file) {
			in := vectorInput(v, line)
			msg := checkExport(in, v)
			if msg == "" {
				if v.Expect["ok"] == true {
					accepted++
				}
				continue
			}
			if failed++; failed <= 10 {
				t.Errorf("%s %s: %s\n  config: %v", file, v.ID, msg, v.Config)
			}
		}
		if failed > 10 {
			t.Errorf("%s: %d more failures", file, failed-10)
		}
	}
	if accepted < 9000 {
		t.Errorf("only %d accepted vectors exported; the vector files look incomplete", accepted)
	}
}

func checkExport(in Input, v vector) string {
	want, err := Resolve(in)
	slotOK := true
	if err == nil && in.Role == TaskManager {
		_, slotErr := want.Slot()
		slotOK = slotErr == nil
	}
	for _, pinned := range []bool{false, true} {
		res, exportErr := Export(in, ExportOptions{Pinned: pinned})
		if err != nil || !slotOK {
			var rej *Rejection
			if !errors.As(exportErr, &rej) {
				return "refused by Resolve but Export gave " + errString(exportErr)
			}
			if err != nil && rej.Check != err.(*Rejection).Check {
				return "Export refused with " + string(rej.Check) + ", Resolve with " + string(err.(*Rejection).Check)
			}
			continue
		}
		if exportErr != nil {
			return "Export failed: " + exportErr.Error()
		}
		got, gotErr := Resolve(Input{Role: in.Role, Line: in.Line, Deployment: in.Deployment, Config: configOf(res.Options)})
		if gotErr != nil {
			return "exported options refused: " + gotErr.Error()
		}
		if !SameSizes(&got, &want) {
			return "exported options resolve to other sizes (pinned " + boolString(pinned) + ")"
		}
		if got.JVMArgs() != v.Expect["jvm_args"] {
			return "JVM args differ from Flink's: " + got.JVMArgs()
		}
		for _, kv := range res.Options {
			if IsModelKey(kv.Key) {
				if kv.Value != in.Config[kv.Key] {
					return "changed " + kv.Key + " to " + kv.Value
				}
				continue
			}
			o, ok := OptionByKey(kv.Key)
			if !ok || o.Key != kv.Key {
				return "wrote a deprecated or unknown key " + kv.Key
			}
			if o.Legacy && !in.Line.ReadsLegacyKeys() {
				return "wrote " + kv.Key + ", which the line does not read"
			}
			if pinned && o.Role == in.Role && o.Type == TypeFraction {
				return "a pinned export wrote the fraction " + kv.Key
			}
		}
	}
	return ""
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
