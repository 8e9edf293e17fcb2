package memmodel

import "testing"

var benchSink Layout

func benchmarkResolve(b *testing.B, in Input) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l, _ := Resolve(in)
		benchSink = l
	}
}

// BenchmarkResolveDefaultTaskManager resolves Flink's shipped TaskManager
// configuration.
func BenchmarkResolveDefaultTaskManager(b *testing.B) {
	benchmarkResolve(b, Input{Role: TaskManager, Line: LatestLine, Config: Config{
		"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "1"}})
}

// BenchmarkResolveDefaultJobManager resolves Flink's shipped JobManager
// configuration.
func BenchmarkResolveDefaultJobManager(b *testing.B) {
	benchmarkResolve(b, Input{Role: JobManager, Line: LatestLine, Config: Config{
		"jobmanager.memory.process.size": "1600m"}})
}

// BenchmarkResolveRejected resolves the configuration from SCREEN.md that
// Flink refuses (no room left for task heap).
func BenchmarkResolveRejected(b *testing.B) {
	benchmarkResolve(b, Input{Role: TaskManager, Line: Line1_20, Config: Config{
		"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}})
}

var stringSink string

// BenchmarkExplainJVMArgs builds the JVM flags of a resolved layout.
func BenchmarkExplainJVMArgs(b *testing.B) {
	l, _ := Resolve(Input{Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		stringSink = l.JVMArgs()
	}
}

// BenchmarkExplainDynamicConfigs builds Flink's sorted -D pairs.
func BenchmarkExplainDynamicConfigs(b *testing.B) {
	l, _ := Resolve(Input{Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		stringSink = l.DynamicConfigsString()
	}
}

// BenchmarkExplainRejectionMessage renders a rejection in words.
func BenchmarkExplainRejectionMessage(b *testing.B) {
	_, err := Resolve(Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		stringSink = err.Error()
	}
}

// BenchmarkExplainFixes computes and verifies the fixes of the screen
// sketch's rejected configuration.
func BenchmarkExplainFixes(b *testing.B) {
	in := Input{Line: Line1_20, Config: Config{"taskmanager.memory.process.size": "2g", "taskmanager.memory.framework.heap.size": "1g"}}
	_, err := Resolve(in)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if len(Fixes(in, err)) == 0 {
			b.Fatal("no fixes")
		}
	}
}
