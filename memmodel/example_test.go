package memmodel_test

import (
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
)

func ExampleResolve() {
	l, err := memmodel.Resolve(memmodel.Input{
		Role:   memmodel.TaskManager,
		Line:   memmodel.Line1_20,
		Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Size[memmodel.TaskHeap].Human(), l.Size[memmodel.Managed].Human())
	fmt.Println(l.JVMArgs())
	// Output:
	// 384 MiB 512 MiB
	// -Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456
}

func ExampleFixes() {
	in := memmodel.Input{Line: memmodel.Line1_20, Config: memmodel.Config{
		"taskmanager.memory.process.size":        "2g",
		"taskmanager.memory.framework.heap.size": "1g",
	}}
	_, err := memmodel.Resolve(in)
	for _, fx := range memmodel.Fixes(in, err) {
		if fx.Note != "" {
			fmt.Println(fx.Description, "—", fx.Note)
		} else {
			fmt.Println(fx.Description)
		}
	}
	// Output:
	// raise taskmanager.memory.process.size to 3698m — keeps 384.1 MiB task heap
	// unset taskmanager.memory.framework.heap.size (back to the default 128m)
	// raise taskmanager.memory.process.size to 2845m — bare minimum: leaves only 255.981 KiB task heap
	// lower taskmanager.memory.framework.heap.size to 665m — bare minimum: leaves only 614.388 KiB task heap
	// lower taskmanager.memory.managed.fraction to 0.17 — bare minimum: leaves only 6.656 MiB task heap
}

func ExampleMemorySize_String() {
	for _, s := range []string{"1728m", "1 gb", "134217728", "32 KiBiBytes"} {
		m, _ := memmodel.ParseMemorySize(s)
		fmt.Println(m, m.Human())
	}
	// Output:
	// 1728m 1.688 GiB
	// 1g 1 GiB
	// 128m 128 MiB
	// 32k 32 KiB
}
