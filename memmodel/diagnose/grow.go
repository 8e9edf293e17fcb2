package diagnose

import (
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Fix is a verified change of the configuration with what it costs.
type Fix struct {
	memmodel.Fix
	// Cost says what the change takes from elsewhere: the process grows,
	// or at the same size another component shrinks.
	Cost string
}

// maxGrowFixes bounds the fixes of one finding.
const maxGrowFixes = 4

// grower builds fixes that give one component at least a target size.
type grower struct {
	in     memmodel.Input
	base   memmodel.Layout
	comp   memmodel.Component
	target memmodel.MemorySize
	fixes  []Fix
}

// sizeKey is the option that sets a component's size explicitly.
func sizeKey(c memmodel.Component, role memmodel.Role) string {
	switch c {
	case memmodel.FrameworkHeap:
		return "taskmanager.memory.framework.heap.size"
	case memmodel.TaskHeap:
		return "taskmanager.memory.task.heap.size"
	case memmodel.Managed:
		return "taskmanager.memory.managed.size"
	case memmodel.FrameworkOffHeap:
		return "taskmanager.memory.framework.off-heap.size"
	case memmodel.TaskOffHeap:
		return "taskmanager.memory.task.off-heap.size"
	case memmodel.Network:
		return "taskmanager.memory.network.min"
	case memmodel.Metaspace:
		return rolePrefix(role) + "jvm-metaspace.size"
	case memmodel.Overhead:
		return rolePrefix(role) + "jvm-overhead.min"
	case memmodel.JobManagerHeap:
		return "jobmanager.memory.heap.size"
	case memmodel.JobManagerOffHeap:
		return "jobmanager.memory.off-heap.size"
	}
	return ""
}

// maxKey is the option capping a min/max component, "" otherwise.
func maxKey(c memmodel.Component, role memmodel.Role) string {
	switch c {
	case memmodel.Network:
		return "taskmanager.memory.network.max"
	case memmodel.Overhead:
		return rolePrefix(role) + "jvm-overhead.max"
	}
	return ""
}

func rolePrefix(role memmodel.Role) string {
	if role == memmodel.JobManager {
		return "jobmanager.memory."
	}
	return "taskmanager.memory."
}

// totalKeys are the total-size options the configuration sets, process
// size first.
func totalKeys(cfg memmodel.Config, role memmodel.Role) []string {
	var keys []string
	for _, k := range []string{rolePrefix(role) + "process.size", rolePrefix(role) + "flink.size"} {
		if _, ok := cfg[k]; ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// mib rounds a size up to whole mebibytes, the way a person writes it.
func mib(m memmodel.MemorySize) memmodel.MemorySize {
	q := (m + memmodel.MiB - 1) / memmodel.MiB
	return q * memmodel.MiB
}

// try resolves a candidate and keeps it when the component reaches the
// target.
func (g *grower) try(fx memmodel.Fix) bool { return g.tryKeeping(fx, false) }

// tryKeeping is try; with keep, a candidate that shrinks another
// component is refused, as the fix promises to grow the process instead.
func (g *grower) tryKeeping(fx memmodel.Fix, keep bool) bool {
	if len(g.fixes) >= maxGrowFixes {
		return false
	}
	for _, have := range g.fixes {
		if have.Description == fx.Description {
			return false
		}
	}
	in := g.in
	in.Config = fx.Apply(g.in.Config)
	l, err := memmodel.Resolve(in)
	if err != nil || l.Size[g.comp] < g.target {
		return false
	}
	if keep && g.shrinksOther(&l) {
		return false
	}
	if in.Role == memmodel.TaskManager {
		if _, err := l.Slot(); err != nil {
			return false
		}
	}
	fx.Result = l
	g.fixes = append(g.fixes, Fix{Fix: fx, Cost: cost(&g.base, &l, g.comp)})
	return true
}

// setComponent sets the component's own option (and its max where it
// caps) to the target.
func (g *grower) setComponent() []memmodel.KeyValue {
	role := g.in.Role
	v := mib(g.target).String()
	set := []memmodel.KeyValue{{Key: sizeKey(g.comp, role), Value: v}}
	if mk := maxKey(g.comp, role); mk != "" {
		set = append(set, memmodel.KeyValue{Key: mk, Value: v})
	}
	return set
}

// withGrownTotals raises every configured total by the component's growth,
// rounded up to whole MiB, or exactly when exact is set (a configuration
// that pins every size leaves no room for rounding).
func (g *grower) withGrownTotals(set []memmodel.KeyValue, exact bool) []memmodel.KeyValue {
	delta := mib(g.target) - g.base.Size[g.comp]
	outsideFlink := g.comp == memmodel.Metaspace || g.comp == memmodel.Overhead
	for _, k := range totalKeys(g.in.Config, g.in.Role) {
		cur := g.base.TotalProcess
		if strings.HasSuffix(k, "flink.size") {
			if outsideFlink {
				continue
			}
			cur = g.base.TotalFlink
		}
		total := cur + delta
		if !exact {
			total = mib(total)
		}
		set = append(set, memmodel.KeyValue{Key: k, Value: total.String()})
	}
	return set
}

// keepOthers: set the component and grow the process so that no other
// component shrinks: with one total configured, the smallest such total is
// searched (fractions of the total grow with it); otherwise the totals
// grow by the component's growth.
func (g *grower) keepOthers() {
	if len(totalKeys(g.in.Config, g.in.Role)) == 1 {
		g.growTotalWith(g.setComponent(), true)
		return
	}
	set := g.withGrownTotals(g.setComponent(), false)
	if !g.tryKeeping(memmodel.Fix{Set: set, Description: describe(set)}, true) {
		set = g.withGrownTotals(g.setComponent(), true)
		g.tryKeeping(memmodel.Fix{Set: set, Description: describe(set)}, true)
	}
}

// sameTotal: set the component; the totals stay, so others shrink.
func (g *grower) sameTotal() {
	if len(totalKeys(g.in.Config, g.in.Role)) == 0 {
		return
	}
	set := g.setComponent()
	g.try(memmodel.Fix{Set: set, Description: describe(set) + " at the same total size"})
}

// growTotal searches the smallest total size, in whole MiB, at which the
// component reaches the target by itself (components derived from
// fractions grow with the total).
func (g *grower) growTotal() { g.growTotalWith(nil, false) }

// growTotalWith searches the smallest total, in whole MiB, at which the
// configuration with extra set reaches the target (and, with keep, no
// other component shrinks), and offers extra plus that total.
func (g *grower) growTotalWith(extra []memmodel.KeyValue, keep bool) {
	keys := totalKeys(g.in.Config, g.in.Role)
	if len(keys) != 1 {
		return
	}
	k := keys[0]
	cur := g.base.TotalProcess
	if strings.HasSuffix(k, "flink.size") {
		cur = g.base.TotalFlink
	}
	with := func(v memmodel.MemorySize) []memmodel.KeyValue {
		return append(append([]memmodel.KeyValue{}, extra...), memmodel.KeyValue{Key: k, Value: v.String()})
	}
	ok := func(v memmodel.MemorySize) bool {
		in := g.in
		in.Config = memmodel.Fix{Set: with(v)}.Apply(g.in.Config)
		l, err := memmodel.Resolve(in)
		if err != nil || l.Size[g.comp] < g.target {
			return false
		}
		return !keep || !g.shrinksOther(&l)
	}
	lo, hi := mib(cur), mib(cur)
	for step := memmodel.MiB; !ok(hi); step *= 2 {
		if hi > 64*memmodel.TiB {
			return
		}
		lo = hi
		hi = mib(cur) + step
	}
	for hi-lo > memmodel.MiB {
		mid := mib(lo + (hi-lo)/2)
		if mid >= hi {
			break
		}
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	set := with(hi)
	g.tryKeeping(memmodel.Fix{Set: set, Description: describe(set)}, keep)
}

func describe(set []memmodel.KeyValue) string {
	parts := make([]string, len(set))
	for i, kv := range set {
		parts[i] = kv.Key + ": " + kv.Value
	}
	return "set " + strings.Join(parts, ", ")
}

// cost describes what a fix changes besides the component it grows.
func cost(old, new *memmodel.Layout, comp memmodel.Component) string {
	var others []string
	for _, c := range memmodel.Components(old.Role) {
		if c == comp || old.Size[c] == new.Size[c] {
			continue
		}
		others = append(others, strings.ToLower(c.String())+" "+signed(new.Size[c]-old.Size[c]))
	}
	grow := new.Size[comp] - old.Size[comp]
	var b strings.Builder
	b.WriteString(strings.ToLower(comp.String()) + " " + signed(grow))
	if d := new.TotalProcess - old.TotalProcess; d != 0 {
		b.WriteString("; the process grows by " + d.Human() + " to " + new.TotalProcess.Human())
	} else {
		b.WriteString("; same process size")
	}
	if len(others) > 0 {
		b.WriteString("; " + strings.Join(others, ", "))
	}
	return b.String()
}

func signed(m memmodel.MemorySize) string {
	if m < 0 {
		return "−" + (-m).Human()
	}
	return "+" + m.Human()
}

// growFixes returns verified fixes that give comp at least target bytes,
// in the order an expert tries them for the symptom.
func growFixes(in memmodel.Input, base memmodel.Layout, comp memmodel.Component, target memmodel.MemorySize) []Fix {
	g := grower{in: in, base: base, comp: comp, target: target}
	switch comp {
	case memmodel.TaskHeap, memmodel.JobManagerHeap:
		g.growTotal()
		g.keepOthers()
	case memmodel.Managed:
		g.sameTotal()
		g.growTotal()
		g.keepOthers()
	case memmodel.Network:
		g.sameTotal()
		g.keepOthers()
		g.growTotal()
	default:
		g.keepOthers()
		g.sameTotal()
	}
	return g.fixes
}

// itoa formats an int64.
func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// shrinksOther reports whether l has less of any component but the one
// grown than the layout the fix starts from.
func (g *grower) shrinksOther(l *memmodel.Layout) bool {
	for _, c := range memmodel.Components(l.Role) {
		if c != g.comp && l.Size[c] < g.base.Size[c] {
			return true
		}
	}
	return false
}
