package diagnose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// NumberMatch is one way the components of a layout add up to a number.
type NumberMatch struct {
	// Name is what the sum is known as ("-XX:MaxDirectMemorySize"), or ""
	// for a plain sum.
	Name       string
	Components []memmodel.Component
}

// NumberReport explains a number against a layout.
type NumberReport struct {
	Bytes   memmodel.MemorySize
	Matches []NumberMatch
	// Nearest lists the limits with their distance when nothing matches.
	Nearest []string
}

// namedSets are the sums of components Flink passes or logs under a name.
func namedSets(l *memmodel.Layout) map[string][]memmodel.Component {
	all := memmodel.Components(l.Role)
	var flink []memmodel.Component
	for _, c := range all {
		if c != memmodel.Metaspace && c != memmodel.Overhead {
			flink = append(flink, c)
		}
	}
	m := map[string][]memmodel.Component{
		"-XX:MaxMetaspaceSize": {memmodel.Metaspace},
		"total Flink memory":   flink,
		"total process memory": all,
	}
	if l.Role == memmodel.JobManager {
		m["-Xmx / -Xms (JVM heap)"] = []memmodel.Component{memmodel.JobManagerHeap}
		if l.DirectMemoryLimit {
			m["-XX:MaxDirectMemorySize"] = []memmodel.Component{memmodel.JobManagerOffHeap}
		}
		return m
	}
	m["-Xmx / -Xms (JVM heap)"] = []memmodel.Component{memmodel.FrameworkHeap, memmodel.TaskHeap}
	m["-XX:MaxDirectMemorySize"] = []memmodel.Component{memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network}
	m["total off-heap memory (managed + JVM direct)"] = []memmodel.Component{memmodel.Managed, memmodel.FrameworkOffHeap, memmodel.TaskOffHeap, memmodel.Network}
	return m
}

// maskOf is the set of non-zero components in cs.
func maskOf(l *memmodel.Layout, cs []memmodel.Component) uint {
	var m uint
	for _, c := range cs {
		if l.Size[c] != 0 {
			m |= 1 << c
		}
	}
	return m
}

func sumOf(l *memmodel.Layout, cs []memmodel.Component) memmodel.MemorySize {
	var s memmodel.MemorySize
	for _, c := range cs {
		s += l.Size[c]
	}
	return s
}

// ExplainNumber tells which sums of a layout's components equal n, the
// named ones (JVM flags, totals) first; when none does, how far n is from
// each limit.
func ExplainNumber(l *memmodel.Layout, n memmodel.MemorySize) NumberReport {
	rep := NumberReport{Bytes: n}
	comps := memmodel.Components(l.Role)
	named := namedSets(l)
	names := make([]string, 0, len(named))
	for k := range named {
		names = append(names, k)
	}
	sort.Strings(names)
	seen := map[uint]bool{}
	for mask := uint(1); mask < 1<<len(comps); mask++ {
		var sum memmodel.MemorySize
		var parts []memmodel.Component
		for i, c := range comps {
			if mask&(1<<i) != 0 {
				sum += l.Size[c]
				parts = append(parts, c)
			}
		}
		if sum != n || seen[mask] {
			continue
		}
		// A zero component adds nothing; keep the sums without it.
		zero := false
		for _, c := range parts {
			if l.Size[c] == 0 && len(parts) > 1 {
				zero = true
			}
		}
		if zero {
			continue
		}
		seen[mask] = true
		name := ""
		for _, k := range names {
			if maskOf(l, named[k]) == maskOf(l, parts) {
				name = k
			}
		}
		rep.Matches = append(rep.Matches, NumberMatch{Name: name, Components: parts})
	}
	sort.SliceStable(rep.Matches, func(i, j int) bool {
		a, b := rep.Matches[i], rep.Matches[j]
		if (a.Name != "") != (b.Name != "") {
			return a.Name != ""
		}
		return len(a.Components) < len(b.Components)
	})
	if len(rep.Matches) > 8 {
		rep.Matches = rep.Matches[:8]
	}
	if len(rep.Matches) == 0 {
		for _, k := range names {
			d := n - sumOf(l, named[k])
			rel := "above"
			if d < 0 {
				d, rel = -d, "below"
			}
			rep.Nearest = append(rep.Nearest, fmt.Sprintf("%s %s %s (%d)", d.Human(), rel, k, sumOf(l, named[k])))
		}
	}
	return rep
}

// ParseNumber reads a lone number or JVM flag: "268435458",
// "-XX:MaxDirectMemorySize=268435458", "-Xmx536870902", "256m".
func ParseNumber(s string) (memmodel.MemorySize, string, error) {
	s = strings.TrimSpace(s)
	flag := ""
	if m := jvmFlag().FindStringSubmatch(s); m != nil && strings.HasPrefix(s, m[1]) {
		flag = strings.TrimSuffix(m[1], "=")
		s = strings.TrimPrefix(s, m[1])
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		if v < 0 {
			return 0, flag, fmt.Errorf("%q is negative; a memory size is a count of bytes", s)
		}
		return memmodel.MemorySize(v), flag, nil
	}
	m, err := memmodel.ParseMemorySize(s)
	if err != nil {
		return 0, flag, fmt.Errorf("%q is not a number of bytes, a size such as 256m, or a JVM flag such as -XX:MaxDirectMemorySize=268435458", s)
	}
	return m, flag, nil
}
