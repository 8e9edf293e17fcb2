package view

import (
	"errors"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// The JSON output of `flinkmem resolve -o json` and `flinkmem network -o
// json`, schema 1. Field names are those of the conformance vectors'
// expect objects; encoding/json keeps the struct order, so the order of
// the fields below is the order of the output.

// Outcome is one resolution as the command line reports it: the model's
// outcome and the findings about the input (a file's notices, a preset
// meant for other lines), listed after the resolver's notices.
type Outcome struct {
	memmodel.Outcome
	Notes []ReportNote
	// Source says where the configuration came from, as the text
	// reports' "Input:" line does (which preset was the base, which file,
	// how many -D options).
	Source string
	// JVMCommand is the JVM command line Flink would launch (see
	// diagnose.Command); empty, ResolveJSON works it out without
	// FLINK_ENV_JAVA_OPTS.
	JVMCommand string
}

// jsonHead opens every object: the schema version, whether Flink accepts
// the input, and which input it is (process, line, deployment, where the
// configuration came from).
type jsonHead struct {
	Schema     int    `json:"schema"`
	OK         bool   `json:"ok"`
	Role       string `json:"role"`
	Flink      string `json:"flink"`
	Deployment string `json:"deployment"`
	Input      string `json:"input"`
}

func head(ok bool, in memmodel.Input, source string) jsonHead {
	return jsonHead{Schema: 1, OK: ok, Role: in.Role.String(), Flink: in.Line.String(), Deployment: in.Deployment.String(), Input: source}
}

// jsonNotice is a notice with its severity, "info" or "warning".
type jsonNotice struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type jsonSlot struct {
	Slots       int    `json:"slots"`
	CPUCores    string `json:"cpu_cores"`
	TaskHeap    int64  `json:"task_heap"`
	TaskOffHeap int64  `json:"task_off_heap"`
	Managed     int64  `json:"managed"`
	Network     int64  `json:"network"`
}

type jsonTaskManager struct {
	jsonHead
	Mode             string         `json:"mode"`
	FrameworkHeap    int64          `json:"framework_heap"`
	TaskHeap         int64          `json:"task_heap"`
	FrameworkOffHeap int64          `json:"framework_off_heap"`
	TaskOffHeap      int64          `json:"task_off_heap"`
	Network          int64          `json:"network"`
	Managed          int64          `json:"managed"`
	JVMMetaspace     int64          `json:"jvm_metaspace"`
	JVMOverhead      int64          `json:"jvm_overhead"`
	TotalFlink       int64          `json:"total_flink"`
	TotalProcess     int64          `json:"total_process"`
	JVMHeap          int64          `json:"jvm_heap"`
	JVMDirect        int64          `json:"jvm_direct"`
	CPUCores         string         `json:"cpu_cores"`
	NumSlots         *int           `json:"num_slots,omitempty"` // absent before 1.13, whose process spec has no slot count
	Slot             *jsonSlot      `json:"slot,omitempty"`
	SlotError        *jsonPartError `json:"slot_error,omitempty"`
	jsonSlotParts
	JVMArgs        string       `json:"jvm_args"`
	DynamicConfigs string       `json:"dynamic_configs"`
	JVMCommand     string       `json:"jvm_command"`
	Notices        []jsonNotice `json:"notices"`
}

// jsonSlotParts is the per-slot analysis in resolve's JSON. Each part is
// null when Flink refuses it, and its _error field then says why; when the
// slots themselves are refused, slot_error says why and the managed-memory
// parts are null without an error of their own.
type jsonSlotParts struct {
	ManagedConsumers      []jsonShare      `json:"managed_consumers"`
	ManagedConsumersError *jsonPartError   `json:"managed_consumers_error,omitempty"`
	RocksDB               *jsonRocksDB     `json:"rocksdb"`
	RocksDBError          *jsonPartError   `json:"rocksdb_error,omitempty"`
	NetworkBuffers        *jsonNetwork     `json:"network_buffers"`
	NetworkBuffersError   *jsonPartError   `json:"network_buffers_error,omitempty"`
	SlotNotices           []jsonSlotNotice `json:"slot_notices"`
}

// jsonShare is one consumer's share of a slot's managed memory.
type jsonShare struct {
	Consumer string  `json:"consumer"`
	Weight   int     `json:"weight"`
	Fraction float64 `json:"fraction"`
	Bytes    int64   `json:"bytes"`
}

// jsonRocksDB is RocksDB's budget: per slot, or per TaskManager when the
// scope says so (fixed-per-tm).
type jsonRocksDB struct {
	Rule               string `json:"rule"`
	Scope              string `json:"scope"`
	Budget             int64  `json:"budget"`
	BlockCache         int64  `json:"block_cache"`
	WriteBufferManager int64  `json:"write_buffer_manager"`
	HighPriorityPool   int64  `json:"high_priority_pool"`
}

// jsonNetwork is the network buffers of one TaskManager; required is null
// without a job shape.
type jsonNetwork struct {
	SegmentSize int64  `json:"segment_size"`
	Available   int64  `json:"available"`
	Required    *int64 `json:"required"`
	Assumptions string `json:"assumptions"`
}

// jsonPartError is why Flink refuses a part; check is empty when the
// engine has no code for it. slot_error always carries its check.
type jsonPartError struct {
	Check   string `json:"check,omitempty"`
	Message string `json:"message"`
}

// jsonSlotNotice is a finding of the per-slot analysis; warning marks
// failures and unbounded memory.
type jsonSlotNotice struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Warning bool   `json:"warning"`
}

type jsonJobManager struct {
	jsonHead
	Mode                     string       `json:"mode"`
	JVMHeap                  int64        `json:"jvm_heap"`
	OffHeap                  int64        `json:"off_heap"`
	JVMMetaspace             int64        `json:"jvm_metaspace"`
	JVMOverhead              int64        `json:"jvm_overhead"`
	TotalFlink               int64        `json:"total_flink"`
	TotalProcess             int64        `json:"total_process"`
	DirectMemoryLimitEnabled bool         `json:"direct_memory_limit_enabled"`
	JVMArgs                  string       `json:"jvm_args"`
	DynamicConfigs           string       `json:"dynamic_configs"`
	JVMCommand               string       `json:"jvm_command"`
	Notices                  []jsonNotice `json:"notices"`
}

// jsonFix is one verified fix; bare_minimum marks a fix that only makes
// the configuration valid (it leaves almost no task heap), listed last.
type jsonFix struct {
	Set         map[string]string `json:"set"`
	Unset       []string          `json:"unset"`
	Description string            `json:"description"`
	Note        string            `json:"note,omitempty"`
	BareMinimum bool              `json:"bare_minimum,omitempty"`
}

// jsonRejected is a configuration Flink refuses; notices are the findings
// about the input (keys and lines not read), which often explain why.
type jsonRejected struct {
	jsonHead
	Notices []jsonNotice `json:"notices"`
	Check   string       `json:"check"`
	Keys    []string     `json:"keys"`
	Message string       `json:"message"`
	Fixes   []jsonFix    `json:"fixes"`
}

// ResolveJSON is the object `flinkmem resolve -o json` prints for o.
func ResolveJSON(o Outcome) any {
	if o.Err != nil || o.Layout == nil {
		return rejectedJSON(o)
	}
	l := o.Layout
	cmd := o.JVMCommand
	if cmd == "" {
		cmd = diagnose.AnalyzeJVM(o.Input, l, "", false).Command
	}
	notices := notesJSON(Notes(l, o.Notes))
	if l.Role == memmodel.JobManager {
		return jsonJobManager{jsonHead: head(true, o.Input, o.Source),
			Mode: l.Mode.Name(l.Role), JVMHeap: l.Size[memmodel.JobManagerHeap].Bytes(), OffHeap: l.Size[memmodel.JobManagerOffHeap].Bytes(),
			JVMMetaspace: l.Size[memmodel.Metaspace].Bytes(), JVMOverhead: l.Size[memmodel.Overhead].Bytes(),
			TotalFlink: l.TotalFlink.Bytes(), TotalProcess: l.TotalProcess.Bytes(), DirectMemoryLimitEnabled: l.DirectMemoryLimit,
			JVMArgs: l.JVMArgs(), DynamicConfigs: l.DynamicConfigsString(), JVMCommand: cmd, Notices: notices}
	}
	out := jsonTaskManager{jsonHead: head(true, o.Input, o.Source),
		Mode:          l.Mode.Name(l.Role),
		FrameworkHeap: l.Size[memmodel.FrameworkHeap].Bytes(), TaskHeap: l.Size[memmodel.TaskHeap].Bytes(),
		FrameworkOffHeap: l.Size[memmodel.FrameworkOffHeap].Bytes(), TaskOffHeap: l.Size[memmodel.TaskOffHeap].Bytes(),
		Network: l.Size[memmodel.Network].Bytes(), Managed: l.Size[memmodel.Managed].Bytes(),
		JVMMetaspace: l.Size[memmodel.Metaspace].Bytes(), JVMOverhead: l.Size[memmodel.Overhead].Bytes(),
		TotalFlink: l.TotalFlink.Bytes(), TotalProcess: l.TotalProcess.Bytes(),
		JVMHeap: l.JVMHeap().Bytes(), JVMDirect: l.JVMDirect().Bytes(),
		CPUCores: l.CPUCoresString(),
		JVMArgs:  l.JVMArgs(), DynamicConfigs: l.DynamicConfigsString(), JVMCommand: cmd, Notices: notices}
	if l.Line.SlotsInProcessSpec() {
		out.NumSlots = &l.Slots
	}
	if s, err := l.Slot(); err != nil {
		out.SlotError = partError(err)
	} else {
		out.Slot = &jsonSlot{Slots: s.Slots, CPUCores: s.CPUCores, TaskHeap: s.TaskHeap.Bytes(), TaskOffHeap: s.TaskOffHeap.Bytes(),
			Managed: s.Managed.Bytes(), Network: s.Network.Bytes()}
	}
	if o.Slots != nil {
		out.jsonSlotParts = slotPartsJSON(o.Slots)
	}
	return out
}

// rejectedJSON is the object of a configuration Flink refuses.
func rejectedJSON(o Outcome) jsonRejected {
	in := o.Input
	out := jsonRejected{jsonHead: head(false, in, o.Source),
		Notices: notesJSON(o.Notes), Keys: []string{}, Fixes: []jsonFix{}}
	if o.Err != nil {
		out.Message = o.Err.Error()
	}
	var rej *memmodel.Rejection
	if errors.As(o.Err, &rej) {
		out.Check, out.Keys = string(rej.Check), append(out.Keys, rej.Keys()...)
	}
	for _, fx := range o.Fixes {
		out.Fixes = append(out.Fixes, fixJSON(fx))
	}
	return out
}

func notesJSON(notes []ReportNote) []jsonNotice {
	out := []jsonNotice{}
	for _, n := range notes {
		out = append(out, jsonNotice{Code: n.Code, Severity: n.Severity.String(), Message: n.Message})
	}
	return out
}

func fixJSON(fx memmodel.Fix) jsonFix {
	jf := jsonFix{Set: map[string]string{}, Unset: append([]string{}, fx.Unset...), Description: fx.Description, Note: fx.Note, BareMinimum: fx.BareMinimum}
	for _, kv := range fx.Set {
		jf.Set[kv.Key] = kv.Value
	}
	return jf
}

// slotPartsJSON converts the per-slot analysis.
func slotPartsJSON(r *memmodel.SlotReport) jsonSlotParts {
	var out jsonSlotParts
	if r.SharesErr == nil {
		out.ManagedConsumers = []jsonShare{}
		for _, s := range r.Shares {
			out.ManagedConsumers = append(out.ManagedConsumers, jsonShare{Consumer: string(s.Consumer), Weight: s.Weight, Fraction: s.Fraction, Bytes: s.PerSlot.Bytes()})
		}
	}
	if rb := r.RocksDB; rb != nil {
		out.RocksDB = &jsonRocksDB{Rule: string(rb.Rule), Scope: rb.Scope, Budget: rb.Budget.Bytes(), BlockCache: rb.BlockCache.Bytes(),
			WriteBufferManager: rb.WriteBufferManager.Bytes(), HighPriorityPool: rb.HighPriorityPool.Bytes()}
	}
	if r.NetworkErr == nil {
		out.NetworkBuffers = networkJSON(&r.Network)
	}
	for _, part := range r.Refusals() {
		pe := partError(part.Err)
		switch part.Part {
		case memmodel.PartManagedConsumers:
			out.ManagedConsumersError = pe
		case memmodel.PartRocksDB:
			out.RocksDBError = pe
		case memmodel.PartNetworkBuffers:
			out.NetworkBuffersError = pe
		}
	}
	out.SlotNotices = slotNoticesJSON(r.Notices)
	return out
}

func networkJSON(n *memmodel.NetworkEstimate) *jsonNetwork {
	return &jsonNetwork{SegmentSize: n.SegmentSize.Bytes(), Available: n.Available, Required: n.Required, Assumptions: n.Assumptions}
}

func partError(err error) *jsonPartError {
	pe := &jsonPartError{Message: err.Error()}
	var rej *memmodel.Rejection
	if errors.As(err, &rej) {
		pe.Check = string(rej.Check)
	}
	return pe
}

func slotNoticesJSON(notices []memmodel.SlotNotice) []jsonSlotNotice {
	out := []jsonSlotNotice{}
	for _, n := range notices {
		out = append(out, jsonSlotNotice{Code: string(n.Code), Message: n.Message(), Warning: n.Warning})
	}
	return out
}

// jsonJob is the job shape the network estimate was made for.
type jsonJob struct {
	Parallelism int  `json:"parallelism"`
	AllToAll    int  `json:"all_to_all"`
	Forward     int  `json:"forward"`
	SlotsPerTM  int  `json:"slots_per_taskmanager"`
	Batch       bool `json:"batch"`
}

// jsonPool is one kind of buffer pool of a slot.
type jsonPool struct {
	What     string `json:"what"`
	Output   bool   `json:"output"`
	Channels int64  `json:"channels"`
	Count    int64  `json:"count"`
	Required int64  `json:"required"`
}

// jsonNetworkReport is `flinkmem network -o json`: the estimate for one
// job shape, whether it fits and the verified fixes when it does not.
type jsonNetworkReport struct {
	jsonHead
	Job                 jsonJob          `json:"job"`
	NetworkBuffers      *jsonNetwork     `json:"network_buffers"`
	NetworkBuffersError *jsonPartError   `json:"network_buffers_error,omitempty"`
	Fits                bool             `json:"fits"`
	Short               int64            `json:"short"`
	SlotsUsed           int              `json:"slots_used"`
	PerSlot             int64            `json:"per_slot"`
	NetworkNeeded       int64            `json:"network_needed"`
	Pools               []jsonPool       `json:"pools"`
	Fixes               []jsonFix        `json:"fixes"`
	SlotNotices         []jsonSlotNotice `json:"slot_notices"`
}

// NetworkJSON is the object `flinkmem network -o json` prints for a job
// shape on an accepted TaskManager.
func NetworkJSON(l *memmodel.Layout, job *memmodel.JobShape, r *memmodel.SlotReport, source string) any {
	n := &r.Network
	slotsPerTM := job.SlotsPerTM
	if slotsPerTM == 0 {
		slotsPerTM = max(l.Slots, 1)
	}
	out := jsonNetworkReport{jsonHead: head(true, memmodel.Input{Role: l.Role, Line: l.Line, Deployment: l.Deployment}, source),
		Job:   jsonJob{Parallelism: job.Parallelism, AllToAll: job.AllToAll, Forward: job.Forward, SlotsPerTM: slotsPerTM, Batch: job.Batch},
		Pools: []jsonPool{}, Fixes: []jsonFix{}, SlotNotices: slotNoticesJSON(r.Notices)}
	if r.NetworkErr != nil {
		out.NetworkBuffersError = partError(r.NetworkErr)
		return out
	}
	out.NetworkBuffers = networkJSON(n)
	out.Fits = n.Short() == 0
	out.Short, out.SlotsUsed, out.PerSlot, out.NetworkNeeded = n.Short(), n.SlotsUsed, n.PerSlot, n.NetworkNeeded.Bytes()
	for _, p := range n.Pools {
		out.Pools = append(out.Pools, jsonPool{What: p.What, Output: p.Output, Channels: p.Channels, Count: p.Count, Required: p.Required})
	}
	for _, fx := range n.Fixes {
		out.Fixes = append(out.Fixes, fixJSON(fx))
	}
	return out
}
