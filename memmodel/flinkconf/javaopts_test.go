package flinkconf

import (
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// A compose service's FLINK_ENV_JAVA_OPTS reaches the Source in map and
// list form; a service without it leaves flinkmem's own environment to
// decide.
func TestComposeJavaOptsEnv(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
		set              bool
	}{
		{"map", "services:\n  tm:\n    command: taskmanager\n    environment:\n      FLINK_ENV_JAVA_OPTS: -Xss512k\n", "-Xss512k", true},
		{"list", "services:\n  tm:\n    command: taskmanager\n    environment:\n      - FLINK_ENV_JAVA_OPTS=-Xmx2g -Xss1m\n", "-Xmx2g -Xss1m", true},
		{"absent", "services:\n  tm:\n    command: taskmanager\n    environment:\n      - FLINK_PROPERTIES=taskmanager.memory.process.size: 2g\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := ParseWith("docker-compose.yml", []byte(tc.yaml), Options{Role: memmodel.TaskManager})
			if err != nil {
				t.Fatal(err)
			}
			if src.JavaOptsEnv != tc.want || src.JavaOptsEnvSet != tc.set {
				t.Errorf("FLINK_ENV_JAVA_OPTS = %q, %v; want %q, %v", src.JavaOptsEnv, src.JavaOptsEnvSet, tc.want, tc.set)
			}
		})
	}
}
