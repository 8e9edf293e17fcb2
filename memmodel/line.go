package memmodel

import (
	"fmt"
	"strconv"
	"strings"
)

// Line is a Flink release line as users name it. Lines that share memory
// code share behaviour; the distinctions that matter are exposed as methods
// rather than compared by number at call sites.
type Line uint8

// The Flink lines the tool knows. Line1_10_0 is the first release of the
// memory model (metaspace default 96m); Line1_10 stands for 1.10.1 to 1.10.x.
const (
	Line1_10_0 Line = iota
	Line1_10
	Line1_11
	Line1_12
	Line1_13
	Line1_14
	Line1_15
	Line1_16
	Line1_17
	Line1_18
	Line1_19
	Line1_20
	Line2_0
	Line2_1
	numLines
)

// LatestLine is the default line for new configurations.
const LatestLine = Line2_1

var lineNames = [numLines]string{
	"1.10.0", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16",
	"1.17", "1.18", "1.19", "1.20", "2.0", "2.1",
}

// Lines lists every known line, oldest first.
func Lines() []Line {
	out := make([]Line, numLines)
	for i := range out {
		out[i] = Line(i)
	}
	return out
}

// String returns the line's name, e.g. "1.20".
func (l Line) String() string {
	if l < numLines {
		return lineNames[l]
	}
	return "Line(" + strconv.Itoa(int(l)) + ")"
}

// ParseLine reads a line name or a release version: "1.20", "1.20.1",
// "2.0.0", "1.10.0" (its own line) and "1.10.3" (line 1.10) are accepted.
func ParseLine(s string) (Line, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "v"), "flink-")
	if t == "1.10.0" {
		return Line1_10_0, nil
	}
	parts := strings.Split(t, ".")
	if len(parts) >= 2 && len(parts) <= 3 {
		ok := true
		for _, p := range parts {
			if _, err := strconv.ParseUint(p, 10, 16); err != nil {
				ok = false
			}
		}
		if ok {
			name := parts[0] + "." + parts[1]
			for i, n := range lineNames {
				if n == name {
					return Line(i), nil
				}
			}
		}
	}
	return 0, fmt.Errorf("unknown Flink line %q: use one of %s (a patch version such as 1.20.1 selects its line)", s, strings.Join(lineNames[:], ", "))
}

// HasJobManagerModel reports whether the line has the JobManager memory
// model (FLIP-116, from 1.11).
func (l Line) HasJobManagerModel() bool { return l >= Line1_11 }

// ReadsLegacyKeys reports whether the line still reads the legacy heap keys
// (taskmanager.heap.*, jobmanager.heap.*) and
// taskmanager.network.numberOfBuffers; 2.0 removed them.
func (l Line) ReadsLegacyKeys() bool { return l < Line2_0 }

// ReadsFlinkConfYAML reports whether the line reads the legacy flat
// flink-conf.yaml (every 1.x line); 2.0 reads only config.yaml.
func (l Line) ReadsFlinkConfYAML() bool { return l < Line2_0 }

// ReadsConfigYAML reports whether the line reads the standard-YAML
// config.yaml (1.19 and later).
func (l Line) ReadsConfigYAML() bool { return l >= Line1_19 }

// NetworkMaxUnlimited reports whether taskmanager.memory.network.max
// defaults to unlimited (1.17 and later) rather than 1g.
func (l Line) NetworkMaxUnlimited() bool { return l >= Line1_17 }

// legacyCode reports whether the line runs the 1.10 resolver, whose
// errors are not wrapped and whose per-slot view differs.
func (l Line) legacyCode() bool { return l <= Line1_10 }

// conformanceFamily names the conformance folder whose Flink code the line
// runs.
func (l Line) conformanceFamily() string {
	switch {
	case l <= Line1_10:
		return "flink-1.10.0"
	case l <= Line1_16:
		return "flink-1.16"
	case l <= Line1_20:
		return "flink-1.20"
	default:
		return "flink-2.0"
	}
}
