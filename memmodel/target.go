package memmodel

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TargetKind names what a solver target asks for: one component, a JVM
// limit, a per-slot share or a buffer count.
type TargetKind uint8

// Target kinds. TargetNone is the zero value: no target (SolveRequest uses
// it for "nothing to maximize").
const (
	TargetNone TargetKind = iota
	// TargetTaskHeap: the TaskManager's task heap.
	TargetTaskHeap
	// TargetJVMHeap: -Xmx (TaskManager: framework + task heap; JobManager:
	// its heap).
	TargetJVMHeap
	// TargetManaged: the TaskManager's managed memory.
	TargetManaged
	// TargetManagedPerSlot: one slot's managed memory.
	TargetManagedPerSlot
	// TargetRocksDBPerSlot: one slot's RocksDB budget (fixed-per-tm: the
	// TaskManager's budget divided by its slots).
	TargetRocksDBPerSlot
	// TargetNetwork: the TaskManager's network memory.
	TargetNetwork
	// TargetNetworkBuffers: network buffers (network memory / segment
	// size); Want counts buffers, not bytes.
	TargetNetworkBuffers
	// TargetTaskOffHeap: the TaskManager's task off-heap memory.
	TargetTaskOffHeap
	// TargetMetaspace: -XX:MaxMetaspaceSize (both roles).
	TargetMetaspace
	// TargetOffHeap: the JobManager's off-heap memory.
	TargetOffHeap
	numTargetKinds
)

var targetNames = [numTargetKinds]string{"", "task-heap", "jvm-heap", "managed", "managed-per-slot",
	"rocksdb-per-slot", "network", "network-buffers", "task-off-heap", "metaspace", "off-heap"}

// String returns the name the command line uses ("task-heap").
func (k TargetKind) String() string {
	if k < numTargetKinds {
		return targetNames[k]
	}
	return "?"
}

// Counts reports whether the target counts buffers rather than bytes.
func (k TargetKind) Counts() bool { return k == TargetNetworkBuffers }

// AppliesTo reports whether a role has the target.
func (k TargetKind) AppliesTo(role Role) bool {
	switch k {
	case TargetJVMHeap, TargetMetaspace:
		return true
	case TargetOffHeap:
		return role == JobManager
	case TargetNone:
		return false
	}
	return role == TaskManager && k < numTargetKinds
}

// TargetKinds lists the targets a role has, in the order help texts show
// them.
func TargetKinds(role Role) []TargetKind {
	var out []TargetKind
	for k := TargetTaskHeap; k < numTargetKinds; k++ {
		if k.AppliesTo(role) {
			out = append(out, k)
		}
	}
	return out
}

func targetList(role Role) string {
	var names []string
	for _, k := range TargetKinds(role) {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

// ParseTargetKind reads a target name for a role.
func ParseTargetKind(name string, role Role) (TargetKind, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for k := TargetTaskHeap; k < numTargetKinds; k++ {
		if targetNames[k] != n {
			continue
		}
		if !k.AppliesTo(role) {
			return TargetNone, fmt.Errorf("%q is not a %s target; the %s targets are %s", name, role.Title(), role.Title(), targetList(role))
		}
		return k, nil
	}
	return TargetNone, fmt.Errorf("unknown target %q; the %s targets are %s", name, role.Title(), targetList(role))
}

// Target is one requirement of the solver: the component (or count) must be
// at least Want.
type Target struct {
	Kind TargetKind
	// Want is bytes, or buffers for TargetNetworkBuffers.
	Want int64
}

// ParseTarget reads "NAME=VALUE": a size in Flink's syntax ("2g",
// "1536m") or, for network-buffers, a whole number of buffers. The value
// must be above zero.
func ParseTarget(s string, role Role) (Target, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return Target{}, fmt.Errorf("%q has no '=': write NAME=VALUE, such as task-heap=2g", s)
	}
	k, err := ParseTargetKind(name, role)
	if err != nil {
		return Target{}, err
	}
	t := Target{Kind: k}
	if k.Counts() {
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil || n <= 0 {
			return Target{}, fmt.Errorf("%s=%s: give a whole number of buffers above 0, such as %s=9000", name, value, k)
		}
		t.Want = n
		return t, nil
	}
	m, err := ParseMemorySize(value)
	if err != nil {
		return Target{}, fmt.Errorf("%s=%s: %v", name, value, err)
	}
	if m <= 0 {
		return Target{}, fmt.Errorf("%s=%s: a target must be above 0", name, value)
	}
	t.Want = int64(m)
	return t, nil
}

// FormatTargetValue formats a target's value or result for people: a size,
// or a number of buffers.
func FormatTargetValue(k TargetKind, v int64) string {
	if k.Counts() {
		return strconv.FormatInt(v, 10) + " buffers"
	}
	return MemorySize(v).Human()
}

// String returns "task-heap=2 GiB".
func (t Target) String() string { return t.Kind.String() + "=" + FormatTargetValue(t.Kind, t.Want) }

// ParseLimit reads a pod or machine memory limit: Flink's size syntax
// ("8g", "8192m", whose units are binary whatever their case) or a
// Kubernetes quantity: the binary suffixes Ki, Mi, Gi, Ti, Pi, Ei and the
// decimal ones M, G, T, P, E (powers of 1000, as in a pod spec). The
// result must be above zero.
func ParseLimit(s string) (MemorySize, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], t[i:]
	var mult float64
	switch unit {
	case "Ki", "Mi", "Gi", "Ti", "Pi", "Ei":
		mult = math.Ldexp(1, 10*(1+strings.IndexByte("KMGTPE", unit[0])))
	case "M", "G", "T", "P", "E":
		mult = math.Pow(1000, float64(2+strings.IndexByte("MGTPE", unit[0])))
	}
	if mult > 0 {
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || num == "" {
			return 0, fmt.Errorf("%q is not a memory size: write e.g. 8g, 8Gi or 8G", s)
		}
		b := v * mult
		if b >= float64(MaxMemorySize) {
			return 0, fmt.Errorf("%q is larger than 8 EiB", s)
		}
		if b < 1 {
			return 0, fmt.Errorf("%q: a limit must be above 0", s)
		}
		return MemorySize(b), nil
	}
	m, err := ParseMemorySize(t)
	if err != nil {
		var ve *ValueError
		if errors.As(err, &ve) {
			return 0, fmt.Errorf("%q is not a memory size: write e.g. 8g, 8Gi or 8G", s)
		}
		return 0, err
	}
	if m <= 0 {
		return 0, fmt.Errorf("%q: a limit must be above 0", s)
	}
	return m, nil
}

// TargetFor is the target that asks for a component: the task heap, the
// framework heap (as the JVM heap), managed, network, off-heap and
// metaspace have one; the JVM overhead and the framework off-heap do not.
func TargetFor(c Component) (TargetKind, bool) {
	switch c {
	case TaskHeap:
		return TargetTaskHeap, true
	case FrameworkHeap, JobManagerHeap:
		return TargetJVMHeap, true
	case Managed:
		return TargetManaged, true
	case Network:
		return TargetNetwork, true
	case TaskOffHeap:
		return TargetTaskOffHeap, true
	case Metaspace:
		return TargetMetaspace, true
	case JobManagerOffHeap:
		return TargetOffHeap, true
	}
	return TargetNone, false
}

// MeasureTarget returns what a layout Resolve returned for in gives for a
// target kind, as the solver measures it; false when the per-slot part it
// depends on is refused or absent.
func MeasureTarget(in Input, l *Layout, uses Uses, k TargetKind) (int64, bool) {
	s := solver{req: SolveRequest{Input: in, Uses: uses}, cfg: in.Config, seg: segmentSize(in.Config)}
	return s.metric(k, l)
}

// segmentSize is the configured network buffer size, or Flink's 32k.
func segmentSize(cfg Config) MemorySize {
	if raw, ok := cfg[SegmentSizeKey]; ok {
		if v, err := ParseMemorySize(raw); err == nil && v > 0 {
			return v
		}
	}
	return 32 * KiB
}

// SolveArgs are a solve request as the command line gives it: NAME=VALUE
// targets, keys to vary, a limit and the target to maximize, all text.
type SolveArgs struct {
	Targets, Vary []string
	Fit, Maximize string
}

// Request reads the arguments for a role into a SolveRequest (without its
// input, uses and job). The error is a *UsageError naming the argument.
func (a SolveArgs) Request(role Role) (SolveRequest, error) {
	req := SolveRequest{Vary: a.Vary}
	for _, t := range a.Targets {
		tg, err := ParseTarget(t, role)
		if err != nil {
			return req, &UsageError{"--target " + err.Error()}
		}
		req.Targets = append(req.Targets, tg)
	}
	if a.Fit != "" {
		limit, err := ParseLimit(a.Fit)
		if err != nil {
			return req, &UsageError{"--fit " + err.Error()}
		}
		req.Fit = limit
	}
	if a.Maximize != "" {
		k, err := ParseTargetKind(a.Maximize, role)
		if err != nil {
			return req, &UsageError{"--maximize: " + err.Error()}
		}
		req.Maximize = k
	}
	return req, nil
}
