package flinkconf

import (
	"errors"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestExport(t *testing.T) {
	src := mustParse(t, Parse, "config.yaml", []byte("taskmanager.memory.process.size: 4g\nstate.backend.type: rocksdb\n"))
	file := &Input{Source: src, Line: memmodel.LatestLine}
	in := memmodel.Input{Line: memmodel.LatestLine, Config: src.Config}
	ex, err := Export(in, file, memmodel.ExportDynamic, memmodel.ExportOptions{})
	if err != nil || string(ex.Data) != "-D taskmanager.memory.process.size=4g\n-D state.backend.type=rocksdb\n" {
		t.Errorf("dynamic export: %q, %v", ex.Data, err)
	}
	ex, err = Export(in, file, "", memmodel.ExportOptions{KeepDefaults: true})
	if err != nil || !ex.Unchanged {
		t.Errorf("update of a file that already holds the options: unchanged %v, %v\n%s", ex.Unchanged, err, ex.Data)
	}
	in.Config = memmodel.Config{"taskmanager.heap.size": "2g"}
	ex, err = Export(in, file, memmodel.ExportConfigYAML, memmodel.ExportOptions{})
	var rej *memmodel.Rejection
	if !errors.As(err, &rej) || len(ex.Migrations) == 0 || !strings.Contains(ex.Migrations[0].String(), "taskmanager.heap.size") {
		t.Errorf("refused export: %v, migrations %v", err, ex.Migrations)
	}
}
