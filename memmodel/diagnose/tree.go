package diagnose

import (
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Tree renders a layout as Flink logs it at start ("Final TaskExecutor
// Memory configuration:" and its tree; for a JobManager the shorter
// "Final Master Memory configuration:" tree), each line with the given
// prefix (a log prefix such as "INFO  [] - ").
func Tree(l *memmodel.Layout, prefix string) string {
	var b strings.Builder
	row := func(label string, m memmodel.MemorySize) {
		b.WriteString(prefix + label + FlinkHuman(m) + "\n")
	}
	if l.Role == memmodel.JobManager {
		b.WriteString(prefix + "Final Master Memory configuration:\n")
		row("  Total Process Memory: ", l.TotalProcess)
		row("    Total Flink Memory: ", l.TotalFlink)
		row("      JVM Heap:         ", l.Size[memmodel.JobManagerHeap])
		row("      Off-heap:         ", l.Size[memmodel.JobManagerOffHeap])
		row("    JVM Metaspace:      ", l.Size[memmodel.Metaspace])
		row("    JVM Overhead:       ", l.Size[memmodel.Overhead])
		return b.String()
	}
	b.WriteString(prefix + "Final TaskExecutor Memory configuration:\n")
	row("  Total Process Memory:          ", l.TotalProcess)
	row("    Total Flink Memory:          ", l.TotalFlink)
	row("      Total JVM Heap Memory:     ", l.JVMHeap())
	row("        Framework:               ", l.Size[memmodel.FrameworkHeap])
	row("        Task:                    ", l.Size[memmodel.TaskHeap])
	row("      Total Off-heap Memory:     ", l.Size[memmodel.Managed]+l.JVMDirect())
	row("        Managed:                 ", l.Size[memmodel.Managed])
	row("        Total JVM Direct Memory: ", l.JVMDirect())
	row("          Framework:             ", l.Size[memmodel.FrameworkOffHeap])
	row("          Task:                  ", l.Size[memmodel.TaskOffHeap])
	row("          Network:               ", l.Size[memmodel.Network])
	row("    JVM Metaspace:               ", l.Size[memmodel.Metaspace])
	row("    JVM Overhead:                ", l.Size[memmodel.Overhead])
	return b.String()
}
