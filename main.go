// Command flinkmem explores Apache Flink's TaskManager and JobManager memory
// model: it resolves a configuration exactly as Flink does, explains every
// component, flags what Flink would refuse and exports config snippets.
package main

import (
	"fmt"
	"os"

	"github.com/flinkmem/flinkmem/memmodel"
)

func main() {
	l, err := memmodel.Resolve(memmodel.Input{
		Role:   memmodel.TaskManager,
		Line:   memmodel.LatestLine,
		Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "flinkmem:", err)
		os.Exit(1)
	}
	for _, c := range memmodel.Components(memmodel.TaskManager) {
		fmt.Printf("%-20s %s\n", c, l.Size[c].Human())
	}
}
