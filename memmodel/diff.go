package memmodel

import (
	"sort"
	"strconv"
)

// The diff compares two configurations, or one configuration on two Flink
// lines: component by component, JVM limit by JVM limit, and key by key
// (defaults and meanings that changed between the lines, keys the second
// no longer reads), with the notices that are new and, for an upgrade,
// what the migration must do.

// ChangeKind tells a component row from a total or a JVM limit.
type ChangeKind uint8

// Change kinds.
const (
	ChangeComponent ChangeKind = iota
	ChangeTotal
	ChangeJVM
)

// Change is one size before and after.
type Change struct {
	Kind ChangeKind
	// Component is set for ChangeComponent rows.
	Component Component
	// Name is the resolve JSON's field name ("task_heap", "total_process",
	// "jvm_direct"); Label the name people read.
	Name, Label string
	From, To    MemorySize
	// Delta is To − From in bytes.
	Delta int64
}

// Percent is the change relative to From, in percent; 0 when From is 0.
func (c Change) Percent() float64 {
	if c.From == 0 {
		return 0
	}
	return float64(c.Delta) * 100 / float64(c.From)
}

// Key change kinds, as the diff JSON writes them.
const (
	KeyDefaultChanged = "default-changed"
	KeyMeaningChanged = "meaning-changed"
	KeyNoLongerRead   = "no-longer-read"
	KeyRemoved        = "removed"
)

// KeyChange is one option whose default, meaning or reading differs
// between the two sides.
type KeyChange struct {
	Key    string
	Change string
	Detail string
	// Set tells whether the configuration sets the key.
	Set bool
}

// FlagChange is one JVM flag that differs; From or To is "" when the flag
// is absent on that side.
type FlagChange struct {
	Flag     string
	From, To string
}

// Diff is the comparison of two resolutions.
type Diff struct {
	From, To             Input
	FromLayout, ToLayout Layout
	// FromErr and ToErr are the resolutions' errors (*Rejection).
	FromErr, ToErr error
	// Changes lists every component of both roles, then the totals and the
	// JVM limits; empty unless both sides resolve.
	Changes []Change
	Keys    []KeyChange
	// NewNotices are the second side's notices the first does not have;
	// NewSlotNotices the same for the per-slot analysis of a TaskManager
	// (for the consumers CompareUses was given).
	NewNotices     []Notice
	NewSlotNotices []SlotNotice
	JVM            []FlagChange
	// Migrations say how the first configuration's deprecated and legacy
	// keys are written on the second line; Migrated is what the migrated
	// configuration resolves to there (MigratedErr when refused). Both are
	// empty unless the lines differ.
	Migrations  []Migration
	Migrated    Layout
	MigratedErr error
	// NeedsConfigYAML is set when the first line reads flink-conf.yaml and
	// the second does not: the file must become a config.yaml.
	NeedsConfigYAML bool
}

// Upgrade reports whether the two sides are on different lines.
func (d *Diff) Upgrade() bool { return d.From.Line != d.To.Line }

// Compare resolves both inputs and compares them.
func Compare(from, to Input) Diff { return CompareUses(from, to, Uses{}) }

// CompareUses is Compare with the job's managed-memory consumers, so that
// the per-slot findings (a consumer left without managed memory, RocksDB
// unbounded) are compared too.
func CompareUses(from, to Input, uses Uses) Diff {
	d := Diff{From: from, To: to}
	d.FromLayout, d.FromErr = Resolve(from)
	d.ToLayout, d.ToErr = Resolve(to)
	if d.FromErr == nil && d.ToErr == nil {
		d.Changes = changes(&d.FromLayout, &d.ToLayout)
		d.JVM = flagChanges(&d.FromLayout, &d.ToLayout)
	}
	if d.ToErr == nil {
		d.NewNotices = newNotices(d.FromLayout.Notices(), d.ToLayout.Notices())
	}
	if d.FromErr == nil && d.ToErr == nil && from.Role == TaskManager && to.Role == TaskManager {
		a := AnalyzeSlots(from, &d.FromLayout, uses.Or(UsesFromConfig(from.Config)), nil)
		b := AnalyzeSlots(to, &d.ToLayout, uses.Or(UsesFromConfig(to.Config)), nil)
		for _, n := range b.Notices {
			found := false
			for _, m := range a.Notices {
				found = found || (m.Code == n.Code && m.Key == n.Key)
			}
			if !found {
				d.NewSlotNotices = append(d.NewSlotNotices, n)
			}
		}
	}
	d.Keys = keyChanges(from, to)
	if from.Line != to.Line {
		var migrated Config
		migrated, d.Migrations = Migrate(from.Config, from.Line, from.Deployment)
		in := to
		in.Config = migrated
		for k, v := range to.Config {
			if _, was := from.Config[k]; !was || from.Config[k] != v {
				in.Config[k] = v
			}
		}
		d.Migrated, d.MigratedErr = Resolve(in)
		d.NeedsConfigYAML = from.Line.ReadsFlinkConfYAML() && !to.Line.ReadsFlinkConfYAML()
	}
	return d
}

// changes lists every component either side has, then the totals and the
// JVM limits.
func changes(a, b *Layout) []Change {
	var out []Change
	seen := [numComponents]bool{}
	add := func(kind ChangeKind, c Component, name, label string, from, to MemorySize) {
		out = append(out, Change{Kind: kind, Component: c, Name: name, Label: label, From: from, To: to, Delta: int64(to) - int64(from)})
	}
	for _, l := range [2]*Layout{a, b} {
		for _, c := range Components(l.Role) {
			if !seen[c] {
				seen[c] = true
				add(ChangeComponent, c, c.JSONName(), c.String(), a.Size[c], b.Size[c])
			}
		}
	}
	add(ChangeTotal, 0, "total_flink", "Total Flink", a.TotalFlink, b.TotalFlink)
	add(ChangeTotal, 0, "total_process", "Total process", a.TotalProcess, b.TotalProcess)
	add(ChangeJVM, 0, "jvm_heap", "JVM heap (-Xmx)", a.JVMHeap(), b.JVMHeap())
	add(ChangeJVM, 0, "jvm_direct", "JVM direct (-XX:MaxDirectMemorySize)", directLimit(a), directLimit(b))
	add(ChangeJVM, 0, "jvm_metaspace", "JVM metaspace (-XX:MaxMetaspaceSize)", a.JVMMetaspace(), b.JVMMetaspace())
	return out
}

// directLimit is -XX:MaxDirectMemorySize, or 0 when the process gets none.
func directLimit(l *Layout) MemorySize {
	if l.Role == JobManager && !l.DirectMemoryLimit {
		return 0
	}
	return l.JVMDirect()
}

// flagChanges lists the JVM flags that differ.
func flagChanges(a, b *Layout) []FlagChange {
	type flag struct{ name, value string }
	flags := func(l *Layout) [4]flag {
		heap := l.JVMHeap().Bytes()
		f := [4]flag{{"-Xmx", itoa(heap)}, {"-Xms", itoa(heap)}, {"-XX:MaxDirectMemorySize", ""}, {"-XX:MaxMetaspaceSize", itoa(l.JVMMetaspace().Bytes())}}
		if l.Role == TaskManager || l.DirectMemoryLimit {
			f[2].value = itoa(l.JVMDirect().Bytes())
		}
		return f
	}
	fa, fb := flags(a), flags(b)
	var out []FlagChange
	for i := range fa {
		if fa[i].value != fb[i].value {
			out = append(out, FlagChange{Flag: fa[i].name, From: fa[i].value, To: fb[i].value})
		}
	}
	return out
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// newNotices lists the notices of b that a does not have (same code, key
// and component).
func newNotices(a, b []Notice) []Notice {
	var out []Notice
	for _, n := range b {
		found := false
		for _, m := range a {
			found = found || (m.Code == n.Code && m.Key == n.Key && m.Component == n.Component)
		}
		if !found {
			out = append(out, n)
		}
	}
	return out
}

// meaningChange is a key whose meaning changed with a line.
type meaningChange struct {
	key    string
	role   Role
	since  Line
	detail string
}

var meaningChanges = []meaningChange{
	{ManagedConsumerWeightsKey, TaskManager, Line1_13, "1.13 split DATAPROC into OPERATOR and STATE_BACKEND (default OPERATOR:70,STATE_BACKEND:70,PYTHON:30); a DATAPROC weight still counts for both where they are not named"},
	{BuffersPerChannelKey, TaskManager, Line1_17, "from 1.17 an input gate requires at most " + RequiredPerGateMaxKey + " buffers; the exclusive buffers above that become optional"},
	{RocksDBFixedPerTMKey, TaskManager, Line1_17, "read from 1.17 on: one RocksDB budget outside managed memory, shared by the TaskManager's slots"},
}

// keyChanges lists the keys whose default or meaning differs between the
// two lines, and the configured keys the second line no longer reads.
func keyChanges(from, to Input) []KeyChange {
	var out []KeyChange
	set := func(k string) bool { _, ok := from.Config[k]; return ok }
	if from.Line != to.Line {
		lo, hi := from.Line, to.Line
		if lo > hi {
			lo, hi = hi, lo
		}
		for id := OptionID(0); id < numOptions; id++ {
			o := options[id]
			if o.Role != to.Role && o.Role != from.Role {
				continue
			}
			a, okA := Default(id, from.Line)
			b, okB := Default(id, to.Line)
			if okA && okB && a != b {
				out = append(out, KeyChange{Key: o.Key, Change: KeyDefaultChanged, Set: set(o.Key),
					Detail: "default " + defaultWords(a) + " in " + from.Line.String() + ", " + defaultWords(b) + " in " + to.Line.String() + setWords(set(o.Key))})
			}
			if o.Legacy && from.Line.ReadsLegacyKeys() != to.Line.ReadsLegacyKeys() && !set(o.Key) {
				out = append(out, KeyChange{Key: o.Key, Change: KeyRemoved, Detail: "2.0 removed it (not set here)"})
			}
		}
		if from.Role == TaskManager && (from.Line < Line1_12.First()) == (to.Line < Line1_12.First()) {
			if a, b := defaultConsumerWeights(from.Line), defaultConsumerWeights(to.Line); a != b {
				out = append(out, KeyChange{Key: ManagedConsumerWeightsKey, Change: KeyDefaultChanged, Set: set(ManagedConsumerWeightsKey),
					Detail: "default " + a + " in " + from.Line.String() + ", " + b + " in " + to.Line.String() + setWords(set(ManagedConsumerWeightsKey))})
			}
		}
		for _, m := range meaningChanges {
			if m.role == to.Role && lo < m.since && m.since <= hi {
				out = append(out, KeyChange{Key: m.key, Change: KeyMeaningChanged, Set: set(m.key), Detail: m.detail + meaningWords(set(m.key))})
			}
		}
	}
	for k := range to.Config {
		if why := notReadReason(k, to.Line, to.Role); why != "" && set(k) && readsKey(from, k) {
			out = append(out, KeyChange{Key: k, Change: KeyNoLongerRead, Set: true, Detail: "Flink " + to.Line.String() + " ignores it: " + why})
		}
	}
	if from.Line.ReadsLegacyKeys() && !to.Line.ReadsLegacyKeys() {
		for _, k := range []string{BuffersPerChannelKey, SortShuffleMinParallelismKey} {
			if set(k) && to.Role == TaskManager {
				out = append(out, KeyChange{Key: k, Change: KeyNoLongerRead, Set: true, Detail: "2.0 removed it; Flink " + to.Line.String() + " ignores it"})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Change < out[j].Change
	})
	return out
}

// readsKey reports whether the input's line reads the key.
func readsKey(in Input, key string) bool { return notReadReason(key, in.Line, in.Role) == "" }

func defaultWords(v string) string {
	if v == MaxMemorySize.FlinkBytes() {
		return "unlimited"
	}
	return v
}

func setWords(set bool) string {
	if set {
		return " (set here, so the change has no effect on this configuration)"
	}
	return " (not set here: the layout follows the new default)"
}

func meaningWords(set bool) string {
	if set {
		return " (set here)"
	}
	return ""
}

// ChangeOf returns the change row with the given JSON name.
func (d *Diff) ChangeOf(name string) (Change, bool) {
	for _, c := range d.Changes {
		if c.Name == name {
			return c, true
		}
	}
	return Change{}, false
}
