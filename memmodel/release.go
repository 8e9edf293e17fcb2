package memmodel

import "fmt"

// release describes one Line value: the patch releases it covers and how
// the tool's model of it is verified.
type release struct {
	name    string  // what --flink accepts and the tool prints
	series  string  // the line, "1.11"
	patches []uint8 // released patch numbers covered, ascending
	// open marks a line that was still maintained when the table was
	// written: later patch numbers are accepted as the same code.
	open bool
	// folder is the conformance folder whose vectors the release's results
	// must reproduce: those Flink's own code at this release produced, or,
	// where there are none (verified is set), those of the release it is
	// modelled on.
	folder string
	// verified says how the model of the release is checked.
	verified string
}

// releases is the table behind Line. Patch lists are the Flink release
// archive (apache/flink-web docs/data/release_archive.yml @ aa5b0b18,
// 2024-10-17; 1.11.5, 1.12.6, 1.13.4 and 1.14.1 were never published).
// The boundaries inside a line and their sources:
//   - 1.10.0 | 1.10.1: FLINK-16406 raised the TaskManager metaspace default
//     from 96m to 256m; listed in the 1.10.1 announcement (flink-web
//     docs/content/posts/2020-05-12-release-1.10.1.md @ 1bd371b2).
//   - 1.11.0–1.11.1 | 1.11.2: FLINK-18993 fixed the JobManager sanity check
//     that passes total Flink memory where off-heap belongs; fix version
//     1.11.2 (flink-web 2020-09-17-release-1.11.2.md @ 1bd371b2, and the
//     Jira changelog aw-was-here/eco-release-metadata
//     FLINK/1.11.2/CHANGELOG.1.11.2.md @ a3ad76f5).
//   - 1.11.2 | 1.11.3: FLINK-20171 wraps configuration errors ("TaskManager
//     memory configuration failed: …"); apache/flink#14083 opened
//     2020-11-16, after 1.11.2 (2020-09-17), and the release-1.11.3 tag
//     wraps (conformance folder flink-1.11.3).
//   - 1.12.0–1.12.1 | 1.12.2: FLINK-21158 adds metaspace and overhead
//     min/max to the TaskManager dynamic configs; fix version 1.12.2
//     (flink-web 2021-03-03-release-1.12.2.md @ 1bd371b2, apache/flink#14778).
//   - 1.13 | 1.14: FLINK-22505 cuts CPU values and slot shares to 8
//     decimals; apache/flink#15815 opened 2021-04-30, after the 1.13.0
//     release candidate; no 1.13.x announcement lists it, the 1.14 branch
//     point cuts (conformance folder flink-1.16, which it reproduces).
//
// The Flink code each boundary changes: FLINK-16406 the default of
// TaskManagerOptions.JVM_METASPACE; FLINK-18993 the sanity check in
// JobManagerFlinkMemoryUtils (apache/flink#13198 passes the off-heap size
// as its third argument instead of total Flink memory); FLINK-20171 the
// try/catch around TaskExecutorProcessUtils#processSpecFromConfig and
// JobManagerProcessUtils#processSpecFromConfigWithNewOptionToInterpretLegacyHeap;
// FLINK-21158 TaskExecutorProcessUtils#generateDynamicConfigsStr;
// FLINK-22505 the scale of flink-core's Resource (CPUResource). Between
// minor lines the differences (1.11's JobManager without dynamic configs,
// the slot count and external-resources joining the TaskManager process
// specification in 1.13, 1.10's untrimmed slot share) are read from the
// vectors of each release's own code.
var releases = [numLines]release{
	Line1_10_0: {name: "1.10.0", series: "1.10", patches: []uint8{0}, folder: "flink-1.10.0"},
	Line1_10:   {name: "1.10", series: "1.10", patches: []uint8{1, 2, 3}, folder: "flink-1.10.3"},
	Line1_11_0: {name: "1.11.0", series: "1.11", patches: []uint8{0, 1}, folder: "flink-1.11.0"},
	Line1_11_2: {name: "1.11.2", series: "1.11", patches: []uint8{2}, folder: "flink-1.11.3",
		verified: "no vectors of its own: the 1.11.0 code with FLINK-18993 fixed (its pull request read) and errors not yet wrapped (FLINK-20171 came in 1.11.3); its results must equal the flink-1.11.3 vectors"},
	Line1_11:   {name: "1.11", series: "1.11", patches: []uint8{3, 4, 6}, folder: "flink-1.11.3"},
	Line1_12_0: {name: "1.12.0", series: "1.12", patches: []uint8{0, 1}, folder: "flink-1.12.0"},
	Line1_12:   {name: "1.12", series: "1.12", patches: []uint8{2, 3, 4, 5, 7}, folder: "flink-1.12.2"},
	Line1_13:   {name: "1.13", series: "1.13", patches: []uint8{0, 1, 2, 3, 5, 6}, folder: "flink-1.13.0"},
	Line1_14: {name: "1.14", series: "1.14", patches: []uint8{0, 2, 3, 4, 5, 6}, folder: "flink-1.16",
		verified: "vectors of flink-1.16: a build at the 1.14 branch point produces exactly them"},
	Line1_15: {name: "1.15", series: "1.15", patches: []uint8{0, 1, 2, 3, 4}, folder: "flink-1.16",
		verified: "vectors of flink-1.16: a build at the 1.15 branch point produces exactly them"},
	Line1_16: {name: "1.16", series: "1.16", patches: []uint8{0, 1, 2, 3}, folder: "flink-1.16"},
	Line1_17: {name: "1.17", series: "1.17", patches: []uint8{0, 1, 2}, folder: "flink-1.20",
		verified: "vectors of flink-1.20: a build at the 1.17 branch point produces exactly them"},
	Line1_18: {name: "1.18", series: "1.18", patches: []uint8{0, 1}, folder: "flink-1.20",
		verified: "vectors of flink-1.20: a build at the 1.18 branch point produces exactly them"},
	Line1_19: {name: "1.19", series: "1.19", patches: []uint8{0, 1}, open: true, folder: "flink-1.20",
		verified: "vectors of flink-1.20: a build at the 1.19 branch point produces exactly them"},
	Line1_20: {name: "1.20", series: "1.20", patches: []uint8{0}, open: true, folder: "flink-1.20"},
	Line2_0:  {name: "2.0", series: "2.0", patches: []uint8{0}, open: true, folder: "flink-2.0"},
	Line2_1: {name: "2.1", series: "2.1", patches: []uint8{0}, open: true, folder: "flink-2.0",
		verified: "no vectors of its own: its release notes (docs/content/release-notes/flink-2.1.md @ 16ffc02b) and memory code show no change against 2.0; its results must equal the flink-2.0 vectors"},
	Line2_2: {name: "2.2", series: "2.2", patches: []uint8{0}, open: true, folder: "flink-2.0",
		verified: "no vectors of its own: its release notes (docs/content/release-notes/flink-2.2.md @ 150de70e) and memory code show no change against 2.0; its results must equal the flink-2.0 vectors"},
	Line2_3: {name: "2.3", series: "2.3", patches: []uint8{0}, open: true, folder: "flink-2.0",
		verified: "no vectors of its own: its release notes (docs/content/release-notes/flink-2.3.md @ 11ee3f31) and memory code show no change against 2.0; its results must equal the flink-2.0 vectors"},
}

// Verification says how the tool's model of the release is checked: by
// conformance vectors that Flink's own code produced, or by reading the
// code and release notes.
func (l Line) Verification() string {
	if l >= numLines {
		return ""
	}
	r := releases[l]
	if r.verified != "" {
		return r.verified
	}
	return fmt.Sprintf("vectors from its own code (%s)", r.folder)
}

// ConformanceFolder names the conformance folder whose vectors the
// release's results must reproduce: its own code's, or, for a release
// modelled on another (see Verification), that release's.
func (l Line) ConformanceFolder() string {
	if l >= numLines {
		return ""
	}
	return releases[l].folder
}

// WrapsErrors reports whether Flink wraps a configuration error of the
// role in "TaskManager (JobManager) memory configuration failed: …":
// FLINK-20171 brought it in 1.11.3; the 2.0 JobManager, whose legacy heap
// mapping is gone, throws its errors unwrapped again (flink-2.0 vectors).
func (l Line) WrapsErrors(r Role) bool {
	if r == JobManager && l >= Line2_0 {
		return false
	}
	return l >= Line1_11
}

// SlotsInProcessSpec reports whether the TaskManager's process
// specification carries the slot count (1.13 and later): Flink then reads
// taskmanager.numberOfTaskSlots while resolving memory and passes it on as
// a dynamic config, together with external-resources.
func (l Line) SlotsInProcessSpec() bool { return l >= Line1_13 }

// jmDynamicConfigs reports whether the JobManager start-up passes its
// resolved sizes as dynamic configs (1.12 and later; 1.11 passes none).
func (l Line) jmDynamicConfigs() bool { return l >= Line1_12_0 }

// tmDynamicJVMSizes reports whether the TaskManager dynamic configs carry
// metaspace and overhead min/max (FLINK-21158, 1.12.2 and later).
func (l Line) tmDynamicJVMSizes() bool { return l >= Line1_12 }

// cpuEightDecimals reports whether CPU values and slot shares are cut to
// 8 decimals (FLINK-22505, 1.14 and later); before, a CPU value is Java's
// Double.toString of the input and a slot's share has 16 decimals (1.10
// prints all 16, from 1.11 on trailing zeros are dropped).
func (l Line) cpuEightDecimals() bool { return l >= Line1_14 }

// slotShareTrimmed reports whether a slot's CPU share drops trailing zeros
// ("1" rather than 1.10's "1.0000000000000000").
func (l Line) slotShareTrimmed() bool { return l >= Line1_11_0 }

// JobManagerSanityCheckBug reports the FLINK-18993 bug of 1.11.0 and
// 1.11.1: with JVM heap, off-heap and total Flink memory all set, Flink
// checks heap + total Flink (not off-heap) against total Flink, so it
// refuses any non-zero heap and never checks the off-heap size. A
// configuration written for such a release leaves total Flink memory out
// when it sets heap and off-heap.
func (l Line) JobManagerSanityCheckBug() bool { return l == Line1_11_0 }

// jmSanityBugMessage explains a refusal caused by the 1.11.0 sanity check
// bug; "" for any other rejection.
func jmSanityBugMessage(r *Rejection) string {
	if r.Check != CheckJMHeapPlusOffHeapMismatchFlink || !r.Line.JobManagerSanityCheckBug() {
		return ""
	}
	return fmt.Sprintf("with JVM heap, off-heap and total Flink memory all set, Flink %s refuses any heap above 0 even when the three add up: "+
		"its check adds the heap %s to total Flink memory %s instead of to the off-heap size %s (FLINK-18993, fixed in 1.11.2); "+
		"leave %s unset, or run 1.11.2 or later",
		r.Line.Releases(), r.Partial.Size[JobManagerHeap].Human(), r.Limit.Human(), r.Partial.Size[JobManagerOffHeap].Human(), r.Key)
}
