package presets

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// relatedOption is a Flink key outside the memory model that a preset may
// set because it decides who uses the memory: the state backend, RocksDB's
// memory control, the runtime mode, the managed-memory consumer weights.
// The resolver does not read these keys, so presets check them here.
type relatedOption struct {
	// since and until bound the lines that read the key (inclusive).
	since, until memmodel.Line
	// check validates a raw value for one line; nil error means Flink
	// accepts it.
	check func(value string, line memmodel.Line) error
}

// related lists the non-memory keys a preset may set.
var related = map[string]relatedOption{
	// The state backend under its 1.17+ key; older lines read
	// state.backend, so presets using this key claim 1.17 and later.
	"state.backend.type": {since: memmodel.Line1_17, until: memmodel.LatestLine,
		check: oneOf("hashmap", "rocksdb")},
	"state.backend.rocksdb.memory.managed": {since: memmodel.Line1_10_0, until: memmodel.LatestLine,
		check: isBool},
	"state.backend.rocksdb.memory.fixed-per-slot": {since: memmodel.Line1_10_0, until: memmodel.LatestLine,
		check: isSize},
	"state.backend.rocksdb.memory.fixed-per-tm": {since: memmodel.Line1_17, until: memmodel.LatestLine,
		check: isSize},
	"state.backend.rocksdb.memory.write-buffer-ratio": {since: memmodel.Line1_10_0, until: memmodel.LatestLine,
		check: openUnitInterval},
	"state.backend.rocksdb.memory.high-prio-pool-ratio": {since: memmodel.Line1_10_0, until: memmodel.LatestLine,
		check: openUnitInterval},
	// FLIP-134 brought the runtime mode in 1.12.
	"execution.runtime-mode": {since: memmodel.Line1_12_0, until: memmodel.LatestLine,
		check: oneOf("STREAMING", "BATCH", "AUTOMATIC")},
	// FLIP-141 brought consumer weights in 1.12; 1.13 split DATAPROC.
	memmodel.ManagedConsumerWeightsKey: {since: memmodel.Line1_12_0, until: memmodel.LatestLine,
		check: checkConsumerWeights},
	"parallelism.default": {since: memmodel.Line1_10_0, until: memmodel.LatestLine,
		check: positiveInt},
}

func oneOf(values ...string) func(string, memmodel.Line) error {
	return func(v string, _ memmodel.Line) error {
		for _, ok := range values {
			if v == ok {
				return nil
			}
		}
		return fmt.Errorf("value %q is not one of %s", v, strings.Join(values, ", "))
	}
}

func isBool(v string, _ memmodel.Line) error {
	if v != "true" && v != "false" {
		return fmt.Errorf("value %q is not true or false", v)
	}
	return nil
}

func isSize(v string, _ memmodel.Line) error {
	_, err := memmodel.ParseMemorySize(v)
	return err
}

func openUnitInterval(v string, _ memmodel.Line) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0 && f < 1) {
		return fmt.Errorf("value %q is not a number above 0 and below 1", v)
	}
	return nil
}

func positiveInt(v string, _ memmodel.Line) error {
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 1 {
		return fmt.Errorf("value %q is not a whole number of at least 1", v)
	}
	return nil
}

// consumerTypes lists the managed-memory consumer types a line knows. A
// preset that sets the weights must name every one of them: Flink reserves
// nothing for a type left out, and a job that needs it then fails.
func consumerTypes(line memmodel.Line) []string {
	switch {
	case line < memmodel.Line1_12.First():
		return nil
	case line.Series() == "1.12":
		return []string{"DATAPROC", "PYTHON"}
	default:
		return []string{"OPERATOR", "STATE_BACKEND", "PYTHON"}
	}
}

// acceptsDataproc reports whether a 1.13+ line still reads DATAPROC as the
// fallback for OPERATOR and STATE_BACKEND. 2.0 dropped the constant, so
// presets do not rely on it there.
func acceptsDataproc(line memmodel.Line) bool {
	return line >= memmodel.Line1_12.First() && line < memmodel.Line2_0
}

func checkConsumerWeights(v string, line memmodel.Line) error {
	// Only the standard-YAML config.yaml knows the flow-map spelling; the
	// flat flink-conf.yaml of older lines reads K:v,K:v alone.
	if strings.HasPrefix(strings.TrimSpace(v), "{") && !line.ReadsConfigYAML() {
		return fmt.Errorf("weights %q use the {K: v} spelling, which Flink %s does not read; write K:v,K:v", v, line)
	}
	weights, err := parseWeights(v)
	if err != nil {
		return err
	}
	known := consumerTypes(line)
	for name, w := range weights {
		ok := false
		for _, k := range known {
			ok = ok || k == name
		}
		if !ok && !(name == "DATAPROC" && acceptsDataproc(line)) {
			return fmt.Errorf("consumer %s is not known to Flink %s (it knows %s)", name, line, strings.Join(known, ", "))
		}
		if w < 0 {
			return fmt.Errorf("consumer %s has weight %d; Flink refuses negative weights when the job starts", name, w)
		}
	}
	for _, k := range known {
		if _, ok := weights[k]; !ok {
			return fmt.Errorf("consumer %s is missing; Flink %s then reserves no managed memory for it", k, line)
		}
	}
	return nil
}

// parseWeights reads a consumer-weights map in either spelling Flink
// accepts (memmodel reads it as Flink does); presets also refuse an
// unclosed flow map and an empty map, which Flink would read as a name
// or as no weights.
func parseWeights(v string) (map[string]int, error) {
	s := strings.TrimSpace(v)
	if strings.HasPrefix(s, "{") && !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("weights %q open a { map but do not close it", v)
	}
	entries, err := memmodel.ParseConsumerWeights(v, memmodel.LatestLine)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("weights %q name no consumer", v)
	}
	out := make(map[string]int, len(entries))
	for _, e := range entries {
		out[e.Name] = e.Weight
	}
	return out, nil
}

// checkType checks a raw value against an option's type the way Flink
// reads it, staying on the strict side of Java's number syntax: presets
// are written by us, so plain decimal forms are all they need.
func checkType(t memmodel.OptionType, v string) error {
	switch t {
	case memmodel.TypeSize:
		_, err := memmodel.ParseMemorySize(v)
		return err
	case memmodel.TypeFraction, memmodel.TypeDouble:
		bits := 64
		if t == memmodel.TypeFraction {
			bits = 32
		}
		f, err := strconv.ParseFloat(v, bits)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("value %q is not a finite decimal number", v)
		}
	case memmodel.TypeInt:
		if _, err := strconv.ParseInt(v, 10, 32); err != nil {
			return fmt.Errorf("value %q is not a whole number that fits Java's int", v)
		}
	case memmodel.TypeBool:
		return isBool(strings.ToLower(v), 0)
	}
	return nil
}
