package memmodel

import (
	"fmt"
	"strconv"
	"strings"
)

// Line is a Flink release, or a run of consecutive patch releases whose
// memory code behaves the same. Values sort oldest first. A bare line
// constant (Line1_12) stands for the line's last patch release, the one
// users get today; the few patch releases that behave differently from it
// have their own constants (Line1_12_0 covers 1.12.0 and 1.12.1). The
// distinctions that matter are methods rather than comparisons at call
// sites; where code compares, "from line X on" is l >= X.First() and
// "before line X" is l < X.First().
type Line uint8

// The Flink releases the tool knows, oldest first. release.go records which
// patch releases each value covers and where each boundary comes from.
const (
	Line1_10_0 Line = iota // 1.10.0: TaskManager metaspace default 96m
	Line1_10               // 1.10.1 – 1.10.3
	Line1_11_0             // 1.11.0 – 1.11.1: JobManager sanity check compares the wrong numbers
	Line1_11_2             // 1.11.2: sanity check fixed, errors not yet wrapped
	Line1_11               // 1.11.3 – 1.11.6
	Line1_12_0             // 1.12.0 – 1.12.1: 8 TaskManager dynamic configs
	Line1_12               // 1.12.2 – 1.12.7
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
	Line2_2
	Line2_3
	numLines
)

// LatestLine is the newest released line, the default when nothing else
// decides (a flink-conf.yaml input defaults to 1.20, the last line that
// reads it).
const LatestLine = Line2_3

// Lines lists every known release group, oldest first.
func Lines() []Line {
	out := make([]Line, numLines)
	for i := range out {
		out[i] = Line(i)
	}
	return out
}

// String returns the name --flink accepts for the value: the line ("1.20")
// for a line's last patch releases, the first covered release ("1.11.0")
// for an earlier group.
func (l Line) String() string {
	if l < numLines {
		return releases[l].name
	}
	return "Line(" + strconv.Itoa(int(l)) + ")"
}

// Releases names the Flink releases the value covers, e.g. "1.12.2 – 1.12.7"
// or "1.20.0 and later patches".
func (l Line) Releases() string {
	if l >= numLines {
		return l.String()
	}
	r := releases[l]
	first := r.series + "." + strconv.Itoa(int(r.patches[0]))
	if r.open {
		return first + " and later patches"
	}
	last := r.series + "." + strconv.Itoa(int(r.patches[len(r.patches)-1]))
	if first == last {
		return first
	}
	return first + " – " + last
}

// Series is the line the value belongs to, e.g. "1.11" for Line1_11_0.
func (l Line) Series() string {
	if l >= numLines {
		return l.String()
	}
	return releases[l].series
}

// First is the earliest release group of l's line (Line1_11_0 for
// Line1_11), so that l >= X.First() reads "from line X on".
func (l Line) First() Line {
	for l > 0 && l < numLines && releases[l-1].series == releases[l].series {
		l--
	}
	return l
}

// Last is the latest release group of l's line (Line1_11 for Line1_11_0).
func (l Line) Last() Line {
	for l < numLines-1 && releases[l+1].series == releases[l].series {
		l++
	}
	return l
}

// ParseLine reads a line name or a release version: "1.20" (the line's last
// patch release), "1.20.1", "v2.0.0" or "flink-1.12.1". A patch release the
// line never had is refused with the list of those it had.
func ParseLine(s string) (Line, error) {
	l, _, err := parseRelease(s)
	return l, err
}

// ParseLineRange reads a line name or release version as the inclusive
// range of values it covers: "1.11" is Line1_11_0 to Line1_11 (every 1.11
// release), "1.11.1" only Line1_11_0.
func ParseLineRange(s string) (from, to Line, err error) {
	l, bare, err := parseRelease(s)
	if err != nil || !bare {
		return l, l, err
	}
	return l.First(), l.Last(), nil
}

// parseRelease finds the value for a version and tells whether it named a
// whole line.
func parseRelease(s string) (Line, bool, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "flink-"), "v")
	parts := strings.Split(t, ".")
	if len(parts) >= 2 && len(parts) <= 3 {
		nums := make([]uint64, len(parts))
		ok := true
		for i, p := range parts {
			n, err := strconv.ParseUint(p, 10, 8)
			if err != nil || (len(p) > 1 && p[0] == '0') {
				ok = false
			}
			nums[i] = n
		}
		series := strconv.FormatUint(nums[0], 10) + "." + strconv.FormatUint(nums[1], 10)
		if ok {
			if len(parts) == 2 {
				for i := int(numLines) - 1; i >= 0; i-- {
					if releases[i].series == series {
						return Line(i), true, nil
					}
				}
			} else if l, found, err := lineForPatch(series, uint8(nums[2])); found {
				return l, false, err
			}
		}
	}
	return 0, false, fmt.Errorf("unknown Flink line %q: use one of %s (a patch version such as 1.20.1 selects its release)", s, strings.Join(lineNames(), ", "))
}

// lineForPatch finds the value covering series.patch; found is false when
// the series is unknown, err set when the series never had that patch.
func lineForPatch(series string, patch uint8) (Line, bool, error) {
	var known []string
	for i := Line(0); i < numLines; i++ {
		r := releases[i]
		if r.series != series {
			continue
		}
		for _, p := range r.patches {
			if p == patch {
				return i, true, nil
			}
			known = append(known, series+"."+strconv.Itoa(int(p)))
		}
		if r.open && patch > r.patches[len(r.patches)-1] {
			return i, true, nil
		}
	}
	if known == nil {
		return 0, false, nil
	}
	return 0, true, fmt.Errorf("Flink %s.%d was never released: the %s line has %s", series, patch, series, strings.Join(known, ", "))
}

// lineNames lists the names --flink accepts for whole lines and for the
// patch releases that behave differently, oldest first.
func lineNames() []string {
	out := make([]string, numLines)
	for i := range out {
		out[i] = Line(i).String()
	}
	return out
}

// HasJobManagerModel reports whether the line has the JobManager memory
// model (FLIP-116, from 1.11).
func (l Line) HasJobManagerModel() bool { return l >= Line1_11_0 }

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

// legacyCode reports whether the line resolves a TaskManager as Flink did
// before 1.13: the slot count is not part of the process specification, so
// it is read only when taskmanager.cpu.cores is unset and an unreadable
// count fails only the per-slot profile.
func (l Line) legacyCode() bool { return !l.SlotsInProcessSpec() }
