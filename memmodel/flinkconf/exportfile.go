package flinkconf

import (
	"bytes"

	"github.com/flinkmem/flinkmem/memmodel"
)

// DefaultExportFormat is config.yaml when the line reads it and the input
// (nil without a file) is not a flink-conf.yaml the line also reads;
// flink-conf.yaml otherwise.
func DefaultExportFormat(line memmodel.Line, in *Input) memmodel.ExportFormat {
	if line.ReadsConfigYAML() && (in == nil || in.Format != FlinkConf || !line.ReadsFlinkConfYAML()) {
		return memmodel.ExportConfigYAML
	}
	return memmodel.ExportFlinkConf
}

// FormatExport renders an export in a format; jvm-args is the JVM flags
// of the exported layout.
func FormatExport(f memmodel.ExportFormat, res *memmodel.ExportResult) []byte {
	switch f {
	case memmodel.ExportFlinkConf:
		return FormatFlinkConf(res.Options)
	case memmodel.ExportConfigYAML:
		return FormatConfigYAML(res.Options)
	case memmodel.ExportDynamic:
		return FormatDynamic(res.Options)
	case memmodel.ExportK8s:
		return FormatFlinkDeployment(res.Options)
	}
	return []byte(res.Layout.JVMArgs() + "\n")
}

// UpdateExport writes an export back into the file it was read from (see
// Update): it sets the exported options that change, keeping the spelling
// of a value the file already holds ("2048m" stays "2048m"), and removes
// the memory keys and the other keys the model reads that the export
// replaces.
func UpdateExport(src *Source, res *memmodel.ExportResult) ([]byte, error) {
	set := map[string]bool{}
	var changes []memmodel.KeyValue
	for _, kv := range res.Options {
		set[kv.Key] = true
		if old, ok := src.Config[kv.Key]; !ok || old != kv.Value {
			changes = append(changes, kv)
		}
	}
	var unset []string
	for _, k := range src.Keys {
		// A model key the export left out was replaced by another layer
		// (a consumer weights map set in its other form).
		if (res.Covers(k) || memmodel.IsModelKey(k)) && !set[k] {
			unset = append(unset, k)
		}
	}
	return Update(src, changes, unset)
}

// Exported is an export ready to write.
type Exported struct {
	memmodel.ExportResult
	// Data is what to write: the export in its format, or for an update
	// the file with the options written back; Unchanged says the update
	// changes nothing.
	Data      []byte
	Unchanged bool
}

// Export exports in (see memmodel.Export) in format kind or, when kind is
// "", back into file, the file in was read from (see UpdateExport). When
// Flink would refuse in, the error is the *memmodel.Rejection and the
// result still lists the migrations, which often explain why.
func Export(in memmodel.Input, file *Input, kind memmodel.ExportFormat, opts memmodel.ExportOptions) (Exported, error) {
	res, err := memmodel.Export(in, opts)
	ex := Exported{ExportResult: res}
	switch {
	case err != nil:
		return ex, err
	case kind != "":
		ex.Data = FormatExport(kind, &res)
		return ex, nil
	}
	if ex.Data, err = UpdateExport(file.Source, &res); err != nil {
		return ex, err
	}
	ex.Unchanged = bytes.Equal(ex.Data, file.Data)
	return ex, nil
}
