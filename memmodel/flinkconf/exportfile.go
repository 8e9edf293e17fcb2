package flinkconf

import "github.com/flinkmem/flinkmem/memmodel"

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
// the memory keys the export replaces.
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
		if res.Covers(k) && !set[k] {
			unset = append(unset, k)
		}
	}
	return Update(src, changes, unset)
}
