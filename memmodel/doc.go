// Package memmodel is Apache Flink's memory model for TaskManagers and
// JobManagers, rewritten in Go: given the options of a configuration it
// derives the same sizes, JVM flags and refusals as Flink does, byte for
// byte, for every Flink line from 1.10.0 to the latest (the conformance
// vectors in testdata were produced by Flink's own code).
//
// It mirrors three of Flink's classes. ProcessMemoryUtils holds what both
// processes share: reading the options, metaspace and JVM overhead
// around total Flink memory, and fractions clamped to a range
// (resolve.go). TaskExecutorFlinkMemoryUtils splits a TaskManager's total
// Flink memory into heap, managed, network and off-heap memory
// (resolve_taskmanager.go); JobManagerFlinkMemoryUtils splits a
// JobManager's into heap and off-heap (resolve_jobmanager.go).
//
// The flow is one call and its result:
//
//	Config ──Resolve──▶ Layout        sizes, provenance, notices, JVM flags
//	               └──▶ *Rejection    the check Flink fails, with its numbers
//	                        └─Fixes─▶ []Fix  verified edits that resolve
//
// A Config is the raw key/value options as Flink receives them. Resolve
// reads them through the options table (options.go), which declares once
// per option its key, deprecated keys, the component it decides, its
// default on each line and the lines that read it. A refusal names a
// Check; the checks table (checks.go) gives each check its title, its
// message and its fix plan (fixes.go and fixplans.go), every fix being
// checked by resolving the edited configuration.
//
// Around the core sit analyses of a resolved TaskManager: how a slot's
// managed memory is shared by its consumers (consumers.go), RocksDB's
// budget (rocksdb.go) and network buffers (netbuffers.go); and the export
// of a configuration in a line's current spelling (export.go).
//
// The package uses the standard library only. Resolve builds no strings
// and allocates nothing when the configuration resolves; messages are made
// when asked for.
package memmodel
