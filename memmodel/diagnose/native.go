package diagnose

import (
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// NativeItem is one consumer of native memory that JVM overhead covers.
type NativeItem struct {
	What string
	// Typical is a usual amount; Upper what it can reach (Unbounded when
	// nothing caps it).
	Typical, Upper memmodel.MemorySize
	Unbounded      bool
	Note           string
}

// NativeBudget is a heuristic of what a TaskManager's JVM overhead must
// cover. The figures are rules of thumb, not measurements, and the budget
// says so.
type NativeBudget struct {
	Overhead       memmodel.MemorySize
	Items          []NativeItem
	Typical, Upper memmodel.MemorySize
	// Unbounded tells that some item has no cap.
	Unbounded   bool
	Assumptions []string
	Verdict     string
}

// defaultStack is the JVM's thread stack on 64-bit Linux.
const defaultStack = memmodel.MiB

// codeCache is the JVM's reserved code cache with tiered compilation.
const codeCache = 240 * memmodel.MiB

// NativeEstimate estimates what JVM overhead has to cover for a
// TaskManager: thread stacks, code cache, GC structures, malloc arenas,
// and RocksDB outside managed memory when its memory control is off or
// fixed per slot. It is a heuristic; Assumptions lists what it assumes.
func NativeEstimate(in memmodel.Input, l *memmodel.Layout, jvm *JVMReport) NativeBudget {
	b := NativeBudget{Overhead: l.Size[memmodel.Overhead]}
	stack := defaultStack
	if jvm != nil && jvm.StackSize > 0 {
		stack = jvm.StackSize
	}
	threads := estimatedThreads(l)
	b.Assumptions = append(b.Assumptions,
		fmt.Sprintf("about %d threads (150 of Flink's own plus 25 per slot; connectors and user code add more)", threads),
		fmt.Sprintf("thread stack %s (-Xss, 1 MiB by default on 64-bit Linux); stacks are reserved in full but touched only as deep as they run", stack.Human()))
	add := func(it NativeItem) {
		b.Items = append(b.Items, it)
		b.Typical += it.Typical
		if it.Unbounded {
			b.Unbounded = true
		} else {
			b.Upper += it.Upper
		}
	}
	st := stack * memmodel.MemorySize(threads)
	add(NativeItem{What: "thread stacks", Typical: st / 8, Upper: st, Note: fmt.Sprintf("%d threads × %s", threads, stack.Human())})
	add(NativeItem{What: "code cache (JIT)", Typical: 48 * memmodel.MiB, Upper: codeCache, Note: "-XX:ReservedCodeCacheSize, 240 MiB with tiered compilation"})
	heap := l.JVMHeap()
	add(NativeItem{What: "GC structures", Typical: mib(heap / 20), Upper: mib(heap / 10), Note: "remembered sets, card table and mark bitmaps: about 5–10 % of the heap with G1"})
	add(NativeItem{What: "JVM internals", Typical: 24 * memmodel.MiB, Upper: 64 * memmodel.MiB, Note: "symbols, class loading, compiler threads' arenas"})
	arena := NativeItem{What: "malloc arenas", Typical: 16 * memmodel.MiB, Unbounded: true,
		Note: "glibc keeps up to 8 arenas per CPU that grow with native allocation; MALLOC_ARENA_MAX=1 caps them (Flink's image uses jemalloc since 1.12)"}
	add(arena)
	rocks := rocksOutside(in.Config)
	if rocks != "" {
		add(NativeItem{What: "RocksDB outside managed memory", Unbounded: true, Note: rocks})
	}
	b.Assumptions = append(b.Assumptions, "typical figures are rules of thumb from common JVMs; measure with -XX:NativeMemoryTracking=summary and jcmd <pid> VM.native_memory")
	switch {
	case b.Typical > b.Overhead:
		b.Verdict = fmt.Sprintf("JVM overhead (%s) is below the typical native use (%s): a container kill is likely; raise %sjvm-overhead.min", b.Overhead.Human(), b.Typical.Human(), rolePrefix(l.Role))
	case b.Unbounded || b.Upper > b.Overhead:
		b.Verdict = fmt.Sprintf("JVM overhead (%s) covers the typical native use (%s) but not the worst case; watch the container's memory against its limit", b.Overhead.Human(), b.Typical.Human())
	default:
		b.Verdict = fmt.Sprintf("JVM overhead (%s) covers even the upper estimate (%s)", b.Overhead.Human(), b.Upper.Human())
	}
	return b
}

// rocksOutside says why RocksDB uses native memory outside managed
// memory, or "" when it stays inside.
func rocksOutside(cfg memmodel.Config) string {
	backend := strings.ToLower(strings.TrimSpace(cfg["state.backend.type"]))
	if backend == "" {
		backend = strings.ToLower(strings.TrimSpace(cfg["state.backend"]))
	}
	if !strings.Contains(backend, "rocksdb") {
		return ""
	}
	if v := strings.TrimSpace(cfg["state.backend.rocksdb.memory.fixed-per-slot"]); v != "" {
		return "state.backend.rocksdb.memory.fixed-per-slot (" + v + ") sizes RocksDB per slot, outside managed memory"
	}
	if strings.EqualFold(strings.TrimSpace(cfg["state.backend.rocksdb.memory.managed"]), "false") {
		return "state.backend.rocksdb.memory.managed is false: RocksDB's memory is not bounded by Flink at all"
	}
	return ""
}
