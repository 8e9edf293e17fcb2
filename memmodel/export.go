package memmodel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ExportFormat is a kind of snippet `flinkmem export` writes.
type ExportFormat string

// Export formats.
const (
	// ExportFlinkConf: flat flink-conf.yaml lines (Flink 1.x).
	ExportFlinkConf ExportFormat = "flink-conf"
	// ExportConfigYAML: nested config.yaml (Flink 1.19 and later).
	ExportConfigYAML ExportFormat = "config-yaml"
	// ExportDynamic: a list of -D key=value options.
	ExportDynamic ExportFormat = "dynamic"
	// ExportJVMArgs: the JVM memory flags Flink derives.
	ExportJVMArgs ExportFormat = "jvm-args"
	// ExportK8s: a FlinkDeployment fragment for the Kubernetes operator.
	ExportK8s ExportFormat = "k8s"
)

// ExportFormats lists every export format, in the order help texts show
// them.
func ExportFormats() []ExportFormat {
	return []ExportFormat{ExportFlinkConf, ExportConfigYAML, ExportDynamic, ExportJVMArgs, ExportK8s}
}

// ParseExportFormat reads a format name and refuses a file format the line
// does not read, so that an export never produces a file Flink ignores.
func ParseExportFormat(name string, line Line) (ExportFormat, error) {
	f := ExportFormat(strings.TrimSpace(name))
	switch f {
	case ExportFlinkConf:
		if !line.ReadsFlinkConfYAML() {
			return "", fmt.Errorf("format flink-conf: Flink %s does not read flink-conf.yaml any more (2.0 removed it); export as config-yaml instead", line)
		}
	case ExportConfigYAML:
		if !line.ReadsConfigYAML() {
			return "", fmt.Errorf("format config-yaml: Flink %s does not read config.yaml (it arrived in 1.19); export as flink-conf instead", line)
		}
	case ExportDynamic, ExportJVMArgs, ExportK8s:
	default:
		names := make([]string, 0, 5)
		for _, f := range ExportFormats() {
			names = append(names, string(f))
		}
		return "", fmt.Errorf("unknown export format %q: use one of %s", name, strings.Join(names, ", "))
	}
	return f, nil
}

// Migration records one key that an export writes differently from how
// the configuration spelled it.
type Migration struct {
	// From is the key as the configuration wrote it.
	From string
	// To is the key written instead, and Value its value; To is empty when
	// From is dropped.
	To, Value string
	// Why says in a few words why the key changed.
	Why string
}

// String describes the migration in one line.
func (m Migration) String() string {
	if m.To == "" {
		return m.From + " is not written: " + m.Why
	}
	return m.From + " is written as " + m.To + ": " + m.Value + " (" + m.Why + ")"
}

// Migrate rewrites a configuration in the current spelling of a line:
// deprecated keys become their current key (or are dropped when the
// current key is set too, as Flink then ignores them); for a line that
// still reads them, the legacy heap keys become the option Flink maps them
// to for the deployment, and taskmanager.network.numberOfBuffers becomes
// an equal network min and max; a line that no longer reads the legacy
// keys gets them dropped. A legacy value Flink would refuse is kept as it
// is, so that resolving the result still refuses it. Keys that are not
// memory options pass through unchanged. The result resolves on the line
// exactly as cfg does.
func Migrate(cfg Config, line Line, d Deployment) (Config, []Migration) {
	out := make(Config, len(cfg))
	var migs []Migration
	for k, v := range cfg {
		o, ok := OptionByKey(k)
		if !ok || o.Key == k {
			out[k] = v
			continue
		}
		if _, set := cfg[o.Key]; set {
			migs = append(migs, Migration{From: k, Why: "deprecated, and " + o.Key + " is set, so Flink ignores it"})
			continue
		}
		out[o.Key] = v
		migs = append(migs, Migration{From: k, To: o.Key, Value: v, Why: "deprecated key"})
	}
	tmTarget, jmTarget := TMFlinkSize, JMHeap
	if d == Container {
		tmTarget, jmTarget = TMProcessSize, JMProcessSize
	}
	migs = migrateLegacyHeap(out, line, TMLegacyHeapSize, TMLegacyHeapMB, tmTarget, migs)
	if line.HasJobManagerModel() {
		migs = migrateLegacyHeap(out, line, JMLegacyHeapSize, JMLegacyHeapMB, jmTarget, migs)
	}
	migs = migrateLegacyBuffers(out, line, migs)
	sortMigrations(migs)
	return out, migs
}

// migrateLegacyHeap maps a legacy heap key onto target the way Flink does
// when the target is not set itself; the size key beats the .mb key.
func migrateLegacyHeap(cfg Config, line Line, sizeID, mbID, target OptionID, migs []Migration) []Migration {
	sizeKey, mbKey, targetKey := options[sizeID].Key, options[mbID].Key, options[target].Key
	rawSize, hasSize := cfg[sizeKey]
	rawMB, hasMB := cfg[mbKey]
	if !hasSize && !hasMB {
		return migs
	}
	if _, set := cfg[targetKey]; set {
		for _, k := range [2]string{sizeKey, mbKey} {
			if _, ok := cfg[k]; ok {
				delete(cfg, k)
				migs = append(migs, Migration{From: k, Why: "legacy key, ignored because " + targetKey + " is set"})
			}
		}
		return migs
	}
	var value string
	from := sizeKey
	if hasSize {
		if v, check := parseMemorySize(rawSize); check == "" {
			value = v.String()
		}
		if hasMB {
			delete(cfg, mbKey)
			migs = append(migs, Migration{From: mbKey, Why: "legacy key, ignored because " + sizeKey + " is set"})
		}
	} else {
		from = mbKey
		if mb, ok := parseJavaInt(rawMB); ok && mb >= 0 {
			value = MemorySize(int64(mb) << 20).String()
		}
	}
	if !line.ReadsLegacyKeys() {
		delete(cfg, from)
		why := "Flink " + line.String() + " no longer reads it"
		if value != "" {
			why += "; to keep its meaning set " + targetKey + ": " + value
		}
		return append(migs, Migration{From: from, Why: why})
	}
	if value == "" {
		// Flink refuses the value; keep it so that the refusal stays.
		return migs
	}
	delete(cfg, from)
	cfg[targetKey] = value
	return append(migs, Migration{From: from, To: targetKey, Value: value, Why: "legacy key, read as " + targetKey + " for this deployment"})
}

// migrateLegacyBuffers turns taskmanager.network.numberOfBuffers into a
// fixed network size when it is in effect, and drops it otherwise.
func migrateLegacyBuffers(cfg Config, line Line, migs []Migration) []Migration {
	key := options[TMLegacyNetworkBuffers].Key
	raw, ok := cfg[key]
	if !ok {
		return migs
	}
	for _, id := range [3]OptionID{TMNetworkMin, TMNetworkMax, TMNetworkFraction} {
		if _, set := cfg[options[id].Key]; set {
			delete(cfg, key)
			why := "legacy key, ignored because " + options[id].Key + " is set"
			if !line.ReadsLegacyKeys() {
				why = "Flink " + line.String() + " no longer reads it"
			}
			return append(migs, Migration{From: key, Why: why})
		}
	}
	size, valid := legacyBufferBytes(raw, cfg)
	if !line.ReadsLegacyKeys() {
		delete(cfg, key)
		why := "Flink " + line.String() + " no longer reads it"
		if valid {
			why += "; to keep its meaning set taskmanager.memory.network.min and taskmanager.memory.network.max: " + size.String()
		}
		return append(migs, Migration{From: key, Why: why})
	}
	if !valid {
		return migs
	}
	delete(cfg, key)
	v := size.String()
	cfg[options[TMNetworkMin].Key] = v
	cfg[options[TMNetworkMax].Key] = v
	why := "legacy key: buffers × segment size, written as a fixed network size"
	return append(migs,
		Migration{From: key, To: options[TMNetworkMin].Key, Value: v, Why: why},
		Migration{From: key, To: options[TMNetworkMax].Key, Value: v, Why: why})
}

// legacyBufferBytes is numberOfBuffers × segment size when Flink accepts
// both values.
func legacyBufferBytes(rawBuffers string, cfg Config) (MemorySize, bool) {
	buffers, ok := parseJavaInt(rawBuffers)
	if !ok || buffers < 0 {
		return 0, false
	}
	seg := 32 * KiB
	if rawSegment, set := cfg[options[TMSegmentSize].Key]; set {
		var check Check
		if seg, check = parseMemorySize(rawSegment); check != "" {
			return 0, false
		}
	}
	if seg > 1<<31-1 || seg < 4096 || seg&(seg-1) != 0 {
		return 0, false
	}
	return MemorySize(int64(buffers) * int64(seg)), true
}

// sortMigrations orders migrations by source key, so that output is stable
// whatever the map order.
func sortMigrations(m []Migration) {
	for i := 1; i < len(m); i++ {
		for j := i; j > 0 && migrationLess(m[j], m[j-1]); j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
}

func migrationLess(a, b Migration) bool {
	if a.From != b.From {
		return a.From < b.From
	}
	return a.To < b.To
}

// ExportOptions chooses what an export writes.
type ExportOptions struct {
	// Pinned writes every component of the resolved role as an explicit
	// size, so the layout cannot drift with another line's defaults.
	// Otherwise the export is minimal: the options the configuration sets.
	Pinned bool
	// KeepDefaults keeps options set to exactly their default in a minimal
	// export (an update of a user's file keeps what the user wrote);
	// otherwise they are left out, as they add nothing.
	KeepDefaults bool
}

// ExportResult is what an export writes and what it resolves to.
type ExportResult struct {
	// Options are the memory options to write, in the current spelling of
	// the line: TaskManager options first, each role in option order, the
	// keys outside the memory options that the model reads (ModelKeys)
	// after the TaskManager's.
	Options []KeyValue
	// Roles are the roles whose memory options the export covers: the
	// resolved role, and the other one when the line has its model. An
	// update replaces the memory keys of these roles and no others.
	Roles []Role
	// Layout is what Options resolve to for the input's role; its sizes
	// equal those of the input's configuration.
	Layout Layout
	// Migrations lists the keys written differently from the input.
	Migrations []Migration
}

// Covers reports whether key is a memory option (current, deprecated or
// legacy) of a role the export covers.
func (r *ExportResult) Covers(key string) bool {
	o, ok := OptionByKey(key)
	if !ok {
		return false
	}
	for _, role := range r.Roles {
		if o.Role == role {
			return true
		}
	}
	return false
}

// errExportDrift reports an export whose options would not resolve to the
// input's layout; Export checks this so that it can never write such a file.
var errExportDrift = errors.New("the exported options would not resolve to the configuration's layout, so nothing is exported; please report this with the configuration")

// Export works out the memory options to write for a configuration on
// in.Line: migrated to the line's current keys (see Migrate), minimal or
// pinned. It fails with the *Rejection when Flink would refuse the
// configuration for in.Role (including a TaskManager whose slots Flink
// refuses), and checks that the options it returns resolve to the same
// sizes as the input before returning them.
func Export(in Input, opts ExportOptions) (ExportResult, error) {
	cfg, migs := Migrate(in.Config, in.Line, in.Deployment)
	res := ExportResult{Migrations: migs}
	// The refusal is reported for the configuration as written, so that it
	// names the user's keys and Flink's check.
	want, err := Resolve(in)
	if err != nil {
		return res, err
	}
	if in.Role == TaskManager {
		if _, err := want.Slot(); err != nil {
			return res, err
		}
	}
	for _, role := range [2]Role{TaskManager, JobManager} {
		if role == JobManager && !in.Line.HasJobManagerModel() {
			for _, m := range jobManagerKeys(cfg) {
				res.Migrations = append(res.Migrations, Migration{From: m, Why: "Flink " + in.Line.String() + " has no JobManager memory model (it starts with 1.11)"})
			}
			continue
		}
		res.Roles = append(res.Roles, role)
		if role == in.Role && opts.Pinned {
			res.Options = append(res.Options, pinnedOptions(&want, cfg)...)
		} else {
			res.Options = append(res.Options, minimalOptions(Input{Role: role, Line: in.Line, Deployment: in.Deployment, Config: cfg}, opts.KeepDefaults)...)
		}
		if role == TaskManager {
			// The state backend, runtime mode, consumer weights … decide
			// how a slot's memory is used; leaving them out would change
			// what the exported configuration means.
			res.Options = append(res.Options, ModelKeys(cfg)...)
		}
	}
	out := make(Config, len(res.Options))
	for _, kv := range res.Options {
		out[kv.Key] = kv.Value
	}
	got, err := Resolve(Input{Role: in.Role, Line: in.Line, Deployment: in.Deployment, Config: out})
	if err != nil || !SameSizes(&got, &want) {
		return res, errExportDrift
	}
	res.Layout = got
	return res, nil
}

// jobManagerKeys lists the JobManager memory keys a configuration sets, in
// key order.
func jobManagerKeys(cfg Config) []string {
	var keys []string
	for k := range cfg {
		if o, ok := OptionByKey(k); ok && o.Role == JobManager {
			keys = append(keys, k)
		}
	}
	sortStrings(keys)
	return keys
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// minimalOptions is what the (migrated) configuration sets for a role,
// without the options set to their default when leaving them out changes
// nothing.
func minimalOptions(in Input, keepDefaults bool) []KeyValue {
	var all, trimmed []KeyValue
	for _, o := range Options(in.Role, in.Line) {
		v, ok := in.Config[o.Key]
		if !ok {
			continue
		}
		kv := KeyValue{o.Key, v}
		all = append(all, kv)
		if !equalsDefault(o, v, in.Line) {
			trimmed = append(trimmed, kv)
		}
	}
	if keepDefaults || len(trimmed) == len(all) || !resolveSame(in, all, trimmed) {
		return all
	}
	return trimmed
}

// resolveSame reports whether two option sets resolve to the same sizes
// for the role; two refusals do not count as the same.
func resolveSame(in Input, a, b []KeyValue) bool {
	la, errA := Resolve(Input{Role: in.Role, Line: in.Line, Deployment: in.Deployment, Config: configOf(a)})
	lb, errB := Resolve(Input{Role: in.Role, Line: in.Line, Deployment: in.Deployment, Config: configOf(b)})
	return errA == nil && errB == nil && SameSizes(&la, &lb)
}

func configOf(kvs []KeyValue) Config {
	c := make(Config, len(kvs))
	for _, kv := range kvs {
		c[kv.Key] = kv.Value
	}
	return c
}

// equalsDefault reports whether a raw value means exactly the option's
// default on the line.
func equalsDefault(o Option, raw string, line Line) bool {
	def, ok := Default(o.ID, line)
	if !ok {
		return false
	}
	switch o.Type {
	case TypeSize:
		a, ca := parseMemorySize(raw)
		b, cb := parseMemorySize(def)
		return ca == "" && cb == "" && a == b
	case TypeFraction, TypeDouble:
		bits := 64
		if o.Type == TypeFraction {
			bits = 32
		}
		a, okA := parseJavaNumber(raw, bits)
		b, okB := parseJavaNumber(def, bits)
		return okA && okB && a == b
	case TypeInt:
		a, okA := parseJavaInt(raw)
		b, okB := parseJavaInt(def)
		return okA && okB && a == b
	case TypeBool:
		a, okA := parseJavaBool(raw)
		b, okB := parseJavaBool(def)
		return okA && okB && a == b
	}
	return false
}

// pinnedOptions writes every component of a resolved layout as an explicit
// size. Both totals are written as well: they make network and JVM
// overhead remainders, so no fraction is multiplied and the sizes come back
// exactly; equal min and max hold the remainders in range.
func pinnedOptions(l *Layout, cfg Config) []KeyValue {
	var kvs []KeyValue
	add := func(id OptionID, v string) { kvs = append(kvs, KeyValue{options[id].Key, v}) }
	keep := func(id OptionID) {
		if v, ok := cfg[options[id].Key]; ok {
			add(id, v)
		}
	}
	process, flink := TMProcessSize, TMFlinkSize
	if l.Role == JobManager {
		process, flink = JMProcessSize, JMFlinkSize
	}
	add(process, l.TotalProcess.String())
	if l.Role == TaskManager || !l.Line.JobManagerSanityCheckBug() { // 1.11.0 refuses heap, off-heap and Flink size together
		add(flink, l.TotalFlink.String())
	}
	// Every component is pinned through its size option or both of its
	// bounds, in table order; fractions are left out, as they would only
	// derive the same sizes again.
	for i := range options {
		o := &options[i]
		if o.Role != l.Role || o.Legacy {
			continue
		}
		switch o.Aspect {
		case AspectSize, AspectMin, AspectMax:
			add(o.ID, l.Size[o.Component].String())
		}
	}
	if l.Role == JobManager {
		if _, set := cfg[options[JMDirectMemoryLimit].Key]; set || l.DirectMemoryLimit {
			add(JMDirectMemoryLimit, strconv.FormatBool(l.DirectMemoryLimit))
		}
		return kvs
	}
	// The segment size decides how many buffers the network memory holds,
	// not its size; keep what the user chose.
	keep(TMSegmentSize)
	add(TMNumSlots, strconv.Itoa(l.Slots))
	keep(TMCPUCores)
	return kvs
}

// SameSizes reports whether two layouts of the same role have the same
// components, totals, CPU cores, slots and JVM direct memory limit — all
// that decides what Flink starts — whatever mode or provenance produced
// them.
func SameSizes(a, b *Layout) bool {
	if a.Role != b.Role || a.Size != b.Size || a.TotalFlink != b.TotalFlink || a.TotalProcess != b.TotalProcess {
		return false
	}
	if a.Role == JobManager {
		return a.DirectMemoryLimit == b.DirectMemoryLimit
	}
	return a.Slots == b.Slots && a.CPUCoresString() == b.CPUCoresString()
}
