package flinkconf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestDeliver(t *testing.T) {
	ex := &Exported{Data: []byte("a: 1\n")}
	ex.Options = []memmodel.KeyValue{{Key: "a", Value: "1"}}
	var out bytes.Buffer
	if done, err := ex.Deliver(&out, "", "", false, memmodel.ExportConfigYAML); err != nil || done != "" || out.String() != "a: 1\n" {
		t.Errorf("to stdout: %q, %v, wrote %q", done, err, out.String())
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	done, err := ex.Deliver(&out, path, "", false, memmodel.ExportConfigYAML)
	if data, _ := os.ReadFile(path); err != nil || done != "wrote "+path+" (config-yaml, 1 options)" || string(data) != "a: 1\n" {
		t.Errorf("-w: %q, %v, file %q", done, err, data)
	}
	if _, err := ex.Deliver(&out, path, "", false, memmodel.ExportConfigYAML); err == nil || !strings.HasSuffix(err.Error(), "already exists; pass --force to overwrite it") {
		t.Errorf("-w over an existing file: %v", err)
	}
	ex.Data = []byte("a: 2\n")
	if done, err := ex.Deliver(&out, "", path, false, ""); err != nil || done != "updated "+path {
		t.Errorf("--update: %q, %v", done, err)
	}
	if data, _ := os.ReadFile(path); string(data) != "a: 2\n" {
		t.Errorf("--update wrote %q", data)
	}
	ex.Unchanged = true
	if done, err := ex.Deliver(&out, "", path, false, ""); err != nil || done != path+" already holds these options; nothing written" {
		t.Errorf("unchanged: %q, %v", done, err)
	}
}
