package flinkconf

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestShapes(t *testing.T) {
	tests := []struct {
		file           string
		opt            Options
		format, syntax Format
		shape          string
		line           string // Source.Line when LineFrom is set
		config         memmodel.Config
		notices        []string
		limits         []string // "path bytes-or-factor"
		imageDefaults  bool
	}{
		{file: "configmap.yaml", format: ConfigMap, syntax: ConfigYAML, shape: "ConfigMap flink-config, data.config.yaml",
			config: memmodel.Config{"taskmanager.memory.process.size": "4096m", "jobmanager.memory.process.size": "1600m", "taskmanager.numberOfTaskSlots": "2", "jobmanager.rpc.address": "flink-jobmanager"}},
		{file: "configmap-flink-conf.yaml", format: ConfigMap, syntax: FlinkConf, shape: "ConfigMap flink-config, data.flink-conf.yaml",
			config:  memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.memory.managed.fraction": `"0.2"`, "taskmanager.numberOfTaskSlots": "2", "jobmanager.rpc.address": "flink-jobmanager", "blob.server.port": "6124"},
			notices: []string{"010:quoted-value"}},
		{file: "compose-list.yml", format: Compose, syntax: FlinkConf, shape: "docker-compose service taskmanager", line: "1.17", imageDefaults: true,
			config: memmodel.Config{"taskmanager.memory.process.size": "3g", "taskmanager.numberOfTaskSlots": "2", "jobmanager.rpc.address": "jobmanager"},
			limits: []string{"services.taskmanager.mem_limit 2147483648"}},
		{file: "compose-list.yml", opt: Options{Role: memmodel.JobManager}, format: Compose, syntax: FlinkConf, shape: "docker-compose service jobmanager", line: "1.17", imageDefaults: true,
			config: memmodel.Config{"jobmanager.memory.process.size": "1600m", "jobmanager.rpc.address": "jobmanager"}},
		{file: "compose-map.yml", format: Compose, syntax: FlinkConf, shape: "docker-compose service tm", line: "2.0", imageDefaults: true,
			config: memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.memory.managed.fraction": "0.3", "jobmanager.rpc.address": "jm"},
			limits: []string{"services.tm.deploy.resources.limits.memory 4294967296"}},
		{file: "compose-map.yml", opt: Options{Service: "jm", Role: memmodel.JobManager}, format: Compose, syntax: FlinkConf, shape: "docker-compose service jm", line: "2.0", imageDefaults: true,
			config: memmodel.Config{"jobmanager.rpc.address": "jm"}},
		{file: "flink.env", format: EnvFile, syntax: FlinkConf, shape: "FLINK_PROPERTIES", imageDefaults: true,
			config: memmodel.Config{"taskmanager.memory.process.size": "2g", "taskmanager.numberOfTaskSlots": "4"}},
		{file: "deployment-v1_15.yaml", format: FlinkDeployment, syntax: ConfigYAML, shape: "FlinkDeployment big-tm", line: "1.15",
			config:  memmodel.Config{"taskmanager.memory.process.size": "16g", "jobmanager.memory.process.size": "1600m", "taskmanager.numberOfTaskSlots": "4"},
			notices: []string{"014:resource-memory", "018:resource-memory"},
			limits:  []string{"spec.jobManager pod ×1", "spec.taskManager pod ×1"}},
		{file: "deployment-resources.yaml", format: FlinkDeployment, syntax: ConfigYAML, shape: "FlinkDeployment requests-limits", line: "2.0",
			config:  memmodel.Config{"taskmanager.memory.process.size": "4g", "jobmanager.memory.process.size": "2g", "taskmanager.numberOfTaskSlots": "2"},
			notices: []string{"014:resource-memory", "019:resource-memory"},
			limits:  []string{"spec.jobManager pod ×1", "spec.taskManager.resources.limits.memory ×0.75"}},
		{file: "deployment-decimal.yaml", format: FlinkDeployment, syntax: ConfigYAML, shape: "FlinkDeployment fractional", line: "1.20",
			config:  memmodel.Config{"taskmanager.memory.process.size": "2684354560.0", "jobmanager.memory.process.size": "1600m"},
			notices: []string{"009:resource-memory", "012:resource-memory"},
			limits:  []string{"spec.jobManager pod ×1", "spec.taskManager pod ×1"}},
		{file: "deployment-misindented.yaml", format: FlinkDeployment, syntax: ConfigYAML, shape: "FlinkDeployment misindented", line: "1.19",
			config:  memmodel.Config{"taskmanager.memory.process.size": "2g"},
			notices: []string{"011:resource-misplaced", "012:resource-misplaced"}},
		{file: "bluegreen.yaml", format: FlinkDeployment, syntax: ConfigYAML, shape: "FlinkBlueGreenDeployment bg-pipeline (its template)", line: "1.20",
			config:  memmodel.Config{"taskmanager.memory.process.size": "6g", "jobmanager.memory.process.size": "2g", "taskmanager.numberOfTaskSlots": "2", "taskmanager.memory.managed.fraction": "0.25", "kubernetes.taskmanager.memory.limit-factor": "1.25"},
			notices: []string{"018:resource-memory", "021:resource-memory"},
			limits:  []string{"spec.template.spec.jobManager pod ×1", "spec.template.spec.taskManager pod ×1.25"}},
		{file: "multidoc.yaml", format: ConfigMap, syntax: FlinkConf, shape: "ConfigMap flink-config, data.flink-conf.yaml",
			config:  memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "2"},
			notices: []string{"010:document-chosen"}},
	}
	for _, tt := range tests {
		t.Run(tt.file+tt.opt.Service, func(t *testing.T) {
			tt.opt.Line = memmodel.Line1_20
			src, err := LoadWith("testdata/"+tt.file, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if src.Format != tt.format || src.Syntax != tt.syntax || src.Shape != tt.shape || src.ImageDefaults != tt.imageDefaults {
				t.Errorf("format %v, syntax %v, shape %q, image defaults %v; want %v, %v, %q, %v", src.Format, src.Syntax, src.Shape, src.ImageDefaults, tt.format, tt.syntax, tt.shape, tt.imageDefaults)
			}
			line := ""
			if src.FileLineFrom != "" {
				line = src.FileLine.String()
			}
			if line != tt.line {
				t.Errorf("line %q (from %q), want %q", line, src.FileLineFrom, tt.line)
			}
			if !reflect.DeepEqual(src.Config, tt.config) {
				t.Errorf("config %v\nwant %v", src.Config, tt.config)
			}
			if got := noticeCodes(src.Notices); !reflect.DeepEqual(got, tt.notices) && (len(got) > 0 || len(tt.notices) > 0) {
				t.Errorf("notices %v, want %v", got, tt.notices)
			}
			var limits []string
			for _, l := range src.Limits {
				if l.Factor > 0 {
					limits = append(limits, l.Path+" ×"+strings.TrimRight(strings.TrimRight(strconvF(l.Factor), "0"), "."))
				} else {
					limits = append(limits, l.Path+" "+itoa(l.Bytes))
				}
			}
			if !reflect.DeepEqual(limits, tt.limits) && (len(limits) > 0 || len(tt.limits) > 0) {
				t.Errorf("limits %v, want %v", limits, tt.limits)
			}
		})
	}
}

func TestComposeServiceNotices(t *testing.T) {
	data := []byte("services:\n  tm:\n    image: flink:1.18\n    command: taskmanager\n    env_file: flink.env\n  jm:\n    command: jobmanager\n")
	src, err := ParseWith("docker-compose.yml", data, Options{Line: memmodel.LatestLine})
	if err != nil {
		t.Fatal(err)
	}
	if got := noticeCodes(src.Notices); !reflect.DeepEqual(got, []string{"003:no-flink-properties"}) || !strings.Contains(src.Notices[0].Message, "env_file") || len(src.Config) != 0 || !src.ImageDefaults {
		t.Errorf("tm without FLINK_PROPERTIES: %v %+v", got, src.Notices)
	}
	src, err = ParseWith("docker-compose.yml", data, Options{Line: memmodel.LatestLine, Service: "jm"})
	if err != nil {
		t.Fatal(err)
	}
	if got := noticeCodes(src.Notices); len(got) != 2 || !strings.Contains(src.Notices[1].Message, "add or drop --jobmanager") {
		t.Errorf("jm as TaskManager: %+v", src.Notices)
	}
}

func TestShapeErrors(t *testing.T) {
	tests := []struct {
		file string
		opt  Options
		want []string
	}{
		{"sessionjob.yaml", Options{}, []string{"FlinkSessionJob wordcount has no memory settings of its own", "FlinkDeployment session-cluster"}},
		{"helm-values.yaml", Options{}, []string{"no Flink configuration found", "top-level keys replicaCount, image, resources, flink", "Helm values", "a ConfigMap with data.config.yaml"}},
		{"unknown-kind.yaml", Options{}, []string{"no Flink configuration found (kind: StatefulSet kafka)", "FlinkDeployment"}},
		{"compose-map.yml", Options{Service: "kafka"}, []string{`no service "kafka"`, "jm, tm"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := LoadWith("testdata/"+tt.file, tt.opt)
			e := wantError(t, tt.file, err)
			for _, w := range tt.want {
				if !strings.Contains(e.Error(), w) {
					t.Errorf("%s\nshould contain %q", e.Error(), w)
				}
			}
		})
	}
}

func TestOperatorRefusalNamesTheResource(t *testing.T) {
	src, err := LoadWith("testdata/deployment-decimal.yaml", Options{Line: memmodel.LatestLine})
	if err != nil {
		t.Fatal(err)
	}
	o := src.Origins[tmProcessKey]
	if o.Path != "spec.taskManager.resource.memory" || o.Value != "2.5Gi" || o.Line != 12 {
		t.Fatalf("origin = %+v", o)
	}
	for _, w := range []string{`spec.taskManager.resource.memory: "2.5Gi"`, "2684354560.0", "write 2560m"} {
		if !strings.Contains(o.Problem, w) {
			t.Errorf("problem %q should contain %q", o.Problem, w)
		}
	}
	if strings.Contains(o.Problem, "not accepted") {
		t.Errorf("the operator accepts Kubernetes units; problem says otherwise: %s", o.Problem)
	}
	if src.Origins[jmProcessKey].Problem != "" {
		t.Errorf("1600m is fine, got problem %q", src.Origins[jmProcessKey].Problem)
	}
}

func TestLimitExceeds(t *testing.T) {
	abs := Limit{Role: memmodel.TaskManager, Path: "services.tm.mem_limit", Value: "2g", Bytes: 2 << 30}
	if msg := abs.Exceeds(3 << 30); !strings.Contains(msg, "1 GiB") || !strings.Contains(msg, "services.tm.mem_limit = 2g") || !strings.Contains(msg, "taskmanager.memory.process.size") {
		t.Errorf("3g over a 2g limit: %q", msg)
	}
	if msg := abs.Exceeds(2 << 30); msg != "" {
		t.Errorf("2g in a 2g limit: %q", msg)
	}
	rel := Limit{Role: memmodel.JobManager, Factor: 0.75, Path: "x", Value: "3G"}
	if rel.Of(4<<30) != 3<<30 || rel.Exceeds(4<<30) == "" || !strings.Contains(rel.Exceeds(4<<30), "jobmanager.memory.process.size") {
		t.Errorf("factor limit: %v %q", rel.Of(4<<30), rel.Exceeds(4<<30))
	}
}

func TestDockerBytesAndImageLine(t *testing.T) {
	for in, want := range map[string]int64{"2g": 2 << 30, "512m": 512 << 20, "1.5G": 3 << 29, "1gb": 1 << 30, "1024": 1024, "64k": 64 << 10} {
		if got, ok := dockerBytes(in); !ok || got != want {
			t.Errorf("dockerBytes(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	if _, ok := dockerBytes("2Gi"); ok {
		t.Error("docker does not read 2Gi")
	}
	for in, want := range map[string]string{"flink:1.17.2-scala_2.12-java11": "1.17", "apache/flink:2.0.0-java17": "2.0", "registry:5000/flink:1.19": "1.19", "flink:1.10.0": "1.10"} {
		l, _, ok := imageLine(in)
		if !ok || !strings.HasPrefix(l.String(), want) {
			t.Errorf("imageLine(%q) = %v, %v; want %s", in, l, ok, want)
		}
	}
	for _, in := range []string{"flink", "flink:latest", "example/job:v3"} {
		if _, _, ok := imageLine(in); ok {
			t.Errorf("imageLine(%q) found a line", in)
		}
	}
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }
func itoa(i int64) string       { return strconv.FormatInt(i, 10) }

// TestShapesTruncatedNeverPanic reads every prefix of the shape fixtures:
// each is a file error or a Source, never a panic.
func TestShapesTruncatedNeverPanic(t *testing.T) {
	for _, f := range []string{"configmap.yaml", "compose-list.yml", "compose-map.yml", "flink.env", "deployment-resources.yaml", "bluegreen.yaml", "multidoc.yaml", "deployment-misindented.yaml"} {
		data := readTestdata(t, f)
		for cut := 0; cut <= len(data); cut += 3 {
			for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
				src, err := ParseWith(f, data[:cut], Options{Line: memmodel.Line1_20, Role: role})
				if err == nil && src == nil {
					t.Fatalf("%s[:%d]: nil source without error", f, cut)
				}
				var e *Error
				if err != nil && !errors.As(err, &e) {
					t.Fatalf("%s[:%d]: %T %v", f, cut, err, err)
				}
			}
		}
	}
}

func TestManifestNamedConfigYAML(t *testing.T) {
	data := readTestdata(t, "configmap.yaml")
	for _, name := range []string{"conf/config.yaml", "flink-conf.yaml"} {
		src, err := Parse(name, data)
		if err != nil || src.Format != ConfigMap || src.Config["taskmanager.memory.process.size"] != "4096m" {
			t.Errorf("%s: %v %+v", name, err, src)
		}
	}
	// A config.yaml that merely has a key named kind stays a config.yaml.
	src, err := Parse("config.yaml", []byte("kind: ConfigMap\ntaskmanager.memory.process.size: 2g\n"))
	if err != nil || src.Format != ConfigYAML {
		t.Errorf("plain config.yaml: %v %+v", err, src)
	}
}

func TestKubectlList(t *testing.T) {
	data := []byte(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: jm
  - apiVersion: flink.apache.org/v1beta1
    kind: FlinkDeployment
    metadata:
      name: listed
    spec:
      taskManager:
        resource:
          memory: 3g
`)
	for _, parse := range []func(string, []byte) (*Source, error){Parse, ParseFlinkDeployment} {
		src := mustParse(t, parse, "all.yaml", data)
		if src.Config["taskmanager.memory.process.size"] != "3g" || src.Shape != "List item FlinkDeployment listed" {
			t.Errorf("%+v", src)
		}
		if got := noticeCodes(src.Notices); len(got) == 0 || !strings.HasSuffix(got[0], "document-chosen") {
			t.Errorf("notices %v", got)
		}
	}
	src := mustParse(t, Parse, "all.yaml", data)
	out, err := Update(src, []memmodel.KeyValue{{Key: "taskmanager.memory.process.size", Value: "4g"}}, nil)
	if err != nil || !strings.Contains(string(out), `memory: "4g"`) {
		t.Errorf("update inside a List: %v\n%s", err, out)
	}
}

func TestDeploymentResourcesVariants(t *testing.T) {
	both := []byte("kind: FlinkDeployment\nspec:\n  taskManager:\n    resource:\n      memory: 8g\n    resources:\n      requests:\n        memory: 4Gi\n")
	src := mustParse(t, Parse, "d.yaml", both)
	if src.Config[tmProcessKey] != "4g" || len(src.Notices) < 1 || !strings.Contains(src.Notices[0].Message, "resource is ignored while spec.taskManager.resources is set") {
		t.Errorf("both: %v %+v", src.Config, src.Notices)
	}
	limitsOnly := []byte("kind: FlinkDeployment\nspec:\n  flinkConfiguration:\n    taskmanager.memory.process.size: 2g\n  taskManager:\n    resources:\n      limits:\n        memory: 3Gi\n")
	src = mustParse(t, Parse, "d.yaml", limitsOnly)
	if src.Config[tmProcessKey] != "2g" || len(src.Limits) != 1 || src.Limits[0].Bytes != 3<<30 || src.Limits[0].Factor != 0 {
		t.Errorf("limits only: %v %+v", src.Config, src.Limits)
	}
	found := false
	for _, n := range src.Notices {
		found = found || strings.Contains(n.Message, "has no memory request")
	}
	if !found {
		t.Errorf("limits only should say there is no request: %+v", src.Notices)
	}
}
