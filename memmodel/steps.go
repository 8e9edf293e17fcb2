package memmodel

import (
	"strconv"
	"strings"
)

// StepTotal names the total a derivation step fixes, if any.
type StepTotal uint8

// Totals a step can fix.
const (
	StepNoTotal StepTotal = iota
	StepTotalFlink
	StepTotalProcess
)

// Step is one move of Flink's derivation of a layout, in the order Flink
// makes it for the configuration's mode, for teaching: the rule, this
// configuration's numbers and what is known once the step is done. A
// refused configuration's last step is the one that fails.
type Step struct {
	// N counts from 1; Of is the number of steps.
	N, Of int
	// Title names what the step decides ("JVM overhead").
	Title string
	// Formula is the rule in words, the same for every configuration of
	// the mode.
	Formula string
	// Numbers is the rule applied to this configuration, worded as
	// `flinkmem explain` words it.
	Numbers string
	// Adds lists the components the step sizes, in bar order; Total is
	// the total it fixes.
	Adds  []Component
	Total StepTotal
	// Reads lists the options the step reads: editing one of them changes
	// this step and every later one.
	Reads []OptionID

	// Size holds the components known once the step is done; Shown has
	// bit c set for each of them. TotalFlink and TotalProcess are 0 while
	// unknown.
	Size         [numComponents]MemorySize
	Shown        uint16
	TotalFlink   MemorySize
	TotalProcess MemorySize

	// Refused marks the failing step of a refused configuration, with the
	// check Flink applies and the message with its numbers.
	Refused bool
	Check   Check
	Reason  string
	Keys    []string
}

// Caption is the step's heading: "Step N of M: title".
func (s *Step) Caption() string {
	return "Step " + strconv.Itoa(s.N) + " of " + strconv.Itoa(s.Of) + ": " + s.Title
}

// Has reports whether component c is known once the step is done.
func (s *Step) Has(c Component) bool { return s.Shown&(1<<c) != 0 }

// Adding reports whether the step sizes component c.
func (s *Step) Adding(c Component) bool {
	for _, a := range s.Adds {
		if a == c {
			return true
		}
	}
	return false
}

// Steps resolves a configuration and returns the steps of its derivation.
func Steps(in Input) []Step {
	r := trace(in)
	return r.steps()
}

// StepReading returns the index of the first step that reads the option
// with key (a current, deprecated or legacy key), or -1 when no step
// reads it. Editing that option restarts a step-through from there.
func StepReading(steps []Step, key string, line Line) int {
	id, _, ok := optionForKey(key, line)
	if !ok {
		return -1
	}
	for i := range steps {
		for _, o := range steps[i].Reads {
			if o == id {
				return i
			}
		}
	}
	return -1
}

// traced is a resolution kept with its resolver, so that a refused
// configuration still shows how every component it reached was derived.
type traced struct {
	r   resolver
	ok  bool
	rej *Rejection
}

func trace(in Input) *traced {
	t := new(traced)
	t.r.init(in)
	if in.Role == JobManager {
		t.ok = t.r.jobManager()
	} else {
		t.ok = t.r.taskManager()
	}
	if !t.ok {
		// The same error Resolve returns, so that the numbers agree.
		_, err := Resolve(in)
		t.rej, _ = err.(*Rejection)
		if t.rej == nil {
			t.rej = t.r.failing()
		}
	}
	return t
}

// stepKind is one kind of derivation step.
type stepKind uint8

const (
	kStartProcess stepKind = iota
	kStartFlink
	kComponent // one component, read or derived
	kFixed     // framework heap, framework off-heap and task off-heap
	kFlinkFromProcess
	kFlinkSum
	kProcessSum
)

type plannedStep struct {
	kind stepKind
	c    Component
}

// plan lists the steps of the mode in Flink's order.
func (t *traced) plan() []plannedStep {
	l := &t.r.l
	comp := func(c Component) plannedStep { return plannedStep{kind: kComponent, c: c} }
	tail := []plannedStep{comp(Metaspace), comp(Overhead), {kind: kProcessSum}}
	if l.Role == JobManager {
		switch l.Mode {
		case ModeFineGrained:
			return append([]plannedStep{comp(JobManagerHeap), comp(JobManagerOffHeap), {kind: kFlinkSum}}, tail...)
		case ModeTotalFlink:
			return append([]plannedStep{{kind: kStartFlink}, comp(JobManagerOffHeap), comp(JobManagerHeap)}, tail...)
		}
		return []plannedStep{{kind: kStartProcess}, comp(Overhead), comp(Metaspace), {kind: kFlinkFromProcess},
			comp(JobManagerOffHeap), comp(JobManagerHeap)}
	}
	split := []plannedStep{comp(Managed), comp(Network), {kind: kFixed}, comp(TaskHeap)}
	if t.r.contains(TMTaskHeap) {
		split = []plannedStep{{kind: kFixed}, comp(TaskHeap), comp(Managed), comp(Network)}
	}
	switch l.Mode {
	case ModeFineGrained:
		return append([]plannedStep{comp(TaskHeap), comp(Managed), {kind: kFixed}, comp(Network), {kind: kFlinkSum}}, tail...)
	case ModeTotalFlink:
		return append(append([]plannedStep{{kind: kStartFlink}}, split...), tail...)
	}
	return append([]plannedStep{{kind: kStartProcess}, comp(Overhead), comp(Metaspace), {kind: kFlinkFromProcess}}, split...)
}

func (p plannedStep) adds() []Component {
	switch p.kind {
	case kComponent:
		return []Component{p.c}
	case kFixed:
		return []Component{FrameworkHeap, FrameworkOffHeap, TaskOffHeap}
	}
	return nil
}

func (p plannedStep) total() StepTotal {
	switch p.kind {
	case kStartFlink, kFlinkFromProcess, kFlinkSum:
		return StepTotalFlink
	case kStartProcess, kProcessSum:
		return StepTotalProcess
	}
	return StepNoTotal
}

// failsAt is the component a check is about when Flink checks it after
// the component is already sized.
func failsAt(c Check) (Component, bool) {
	switch c {
	case CheckDerivedNetworkOutOfRange, CheckDerivedNetworkMismatchLegacy, CheckNetworkMinGreaterThanMax,
		CheckNetworkFractionOutOfRange, CheckSegmentSizeTooSmall, CheckSegmentSizeNotPowerOfTwo, CheckSegmentSizeExceedsInt:
		return Network, true
	case CheckDerivedOverheadOutOfRange, CheckOverheadMinGreaterThanMax, CheckOverheadFractionOutOfRange,
		CheckProcessLessThanFlinkPlusMetaspace:
		return Overhead, true
	case CheckManagedFractionOutOfRange:
		return Managed, true
	}
	return 0, false
}

// done reports whether the resolution got past step i of the plan.
func (t *traced) done(plan []plannedStep, i int) bool {
	l := &t.r.l
	p := plan[i]
	for _, c := range p.adds() {
		if t.r.known&(1<<c) == 0 {
			return false
		}
	}
	switch {
	case p.total() == StepNoTotal,
		p.total() == StepTotalFlink && l.TotalFlink > 0,
		p.total() == StepTotalProcess && l.TotalProcess > 0:
		return true
	}
	// A total of 0 B was still reached when a later step got further.
	for _, q := range plan[i+1:] {
		for _, c := range q.adds() {
			if t.r.known&(1<<c) != 0 {
				return true
			}
		}
	}
	return false
}

func (t *traced) steps() []Step {
	var plan []plannedStep
	if t.ok || t.rej.Check != CheckNoMemoryConfigured {
		plan = t.plan()
	}
	fail := len(plan)
	if !t.ok {
		bad, hasBad := failsAt(t.rej.Check)
		for i, p := range plan {
			if !t.done(plan, i) || (hasBad && p.kind == kComponent && p.c == bad) {
				fail = i
				break
			}
		}
		plan = plan[:fail]
	}
	out := make([]Step, 0, len(plan)+1)
	var state Step
	for _, p := range plan {
		s := t.describe(p)
		t.advance(&state, p)
		s.Size, s.Shown, s.TotalFlink, s.TotalProcess = state.Size, state.Shown, state.TotalFlink, state.TotalProcess
		out = append(out, s)
	}
	if !t.ok {
		out = append(out, t.refusal(fail, state))
	}
	for i := range out {
		out[i].N, out[i].Of = i+1, len(out)
	}
	return out
}

// advance records what a step makes known.
func (t *traced) advance(s *Step, p plannedStep) {
	l := &t.r.l
	for _, c := range p.adds() {
		s.Size[c] = l.Size[c]
		s.Shown |= 1 << c
	}
	switch p.total() {
	case StepTotalFlink:
		s.TotalFlink = l.TotalFlink
	case StepTotalProcess:
		s.TotalProcess = l.TotalProcess
	}
}

// refusal is the failing step: the step Flink was taking, what it
// checked and the numbers.
func (t *traced) refusal(fail int, before Step) Step {
	s := Step{Refused: true, Check: t.rej.Check, Reason: t.rej.Error(), Keys: t.rej.Keys()}
	full := t.plan()
	if t.rej.Check != CheckNoMemoryConfigured && fail < len(full) {
		d := t.describe(full[fail])
		s.Title, s.Formula, s.Adds, s.Total, s.Reads = d.Title+": refused", d.Formula, d.Adds, d.Total, d.Reads
	} else {
		s.Title = "refused"
		switch {
		case t.rej.Check == CheckNoMemoryConfigured:
			s.Formula = "Flink needs a size to start from before it can derive anything"
		case t.r.in.Role == TaskManager:
			s.Formula = "once the memory is laid out, Flink checks the slots and CPU cores"
		default:
			s.Formula = "once the memory is laid out, Flink reads the JobManager's remaining options"
		}
		for _, k := range s.Keys {
			if id, _, ok := optionForKey(k, t.r.in.Line); ok {
				s.Reads = append(s.Reads, id)
			}
		}
	}
	s.Size, s.Shown, s.TotalFlink, s.TotalProcess = before.Size, before.Shown, before.TotalFlink, before.TotalProcess
	// What the resolution reached inside the failing step still shows,
	// so that the red segment has its numbers.
	for _, c := range s.Adds {
		if t.r.known&(1<<c) != 0 {
			s.Size[c] = t.r.l.Size[c]
			s.Shown |= 1 << c
		}
	}
	return s
}

// roleIDs are the options a role reads for metaspace, overhead and totals.
type roleIDs struct{ meta, ovMin, ovMax, ovFrac, process, flink, legacySize, legacyMB OptionID }

func (t *traced) ids() roleIDs {
	if t.r.in.Role == JobManager {
		return roleIDs{JMMetaspace, JMOverheadMin, JMOverheadMax, JMOverheadFraction, JMProcessSize, JMFlinkSize, JMLegacyHeapSize, JMLegacyHeapMB}
	}
	return roleIDs{TMMetaspace, TMOverheadMin, TMOverheadMax, TMOverheadFraction, TMProcessSize, TMFlinkSize, TMLegacyHeapSize, TMLegacyHeapMB}
}

// describe words one planned step for this configuration.
func (t *traced) describe(p plannedStep) Step {
	l := &t.r.l
	ids := t.ids()
	h := func(m MemorySize) string { return m.Human() }
	s := Step{Adds: p.adds(), Total: p.total()}
	switch p.kind {
	case kStartProcess, kStartFlink:
		id, name := ids.process, "Total Process"
		size := l.TotalProcess
		if p.kind == kStartFlink {
			id, name, size = ids.flink, "Total Flink", l.TotalFlink
		}
		key := t.r.keyOf(id)
		s.Title = "start from " + name
		s.Formula = name + " = " + key + ", the size Flink derives everything else from"
		s.Numbers = name + " = " + key + " = " + h(size)
		if raw, ok := t.r.in.Config[key]; ok && raw != size.Human() {
			s.Numbers = name + " = " + key + ": " + raw + " = " + h(size)
		}
		s.Reads = []OptionID{id, ids.legacySize, ids.legacyMB}
	case kFlinkFromProcess:
		s.Title = "Total Flink"
		s.Formula = "Total Flink = Total Process − JVM overhead − JVM metaspace"
		s.Numbers = "Total Flink = " + h(l.TotalProcess) + " − " + h(l.Size[Overhead]) + " − " + h(l.Size[Metaspace]) + " = " + h(l.TotalFlink)
	case kFlinkSum:
		var names, nums []string
		for _, c := range Components(l.Role) {
			if c != Metaspace && c != Overhead {
				names = append(names, strings.ToLower(c.String()))
				nums = append(nums, h(l.Size[c]))
			}
		}
		s.Title = "Total Flink"
		s.Formula = "Total Flink = " + strings.Join(names, " + ")
		s.Numbers = "Total Flink = " + strings.Join(nums, " + ") + " = " + h(l.TotalFlink)
		s.Reads = []OptionID{ids.flink}
	case kProcessSum:
		s.Title = "Total Process"
		s.Formula = "Total Process = Total Flink + JVM metaspace + JVM overhead"
		s.Numbers = "Total Process = " + h(l.TotalFlink) + " + " + h(l.Size[Metaspace]) + " + " + h(l.Size[Overhead]) + " = " + h(l.TotalProcess)
		if l.Origin[Overhead].Source == SourceRemainder {
			s.Formula = "Total Process = " + t.r.keyOf(ids.process) + ", as configured"
			s.Numbers = "Total Process = " + h(l.TotalProcess)
		}
	case kFixed:
		var nums []string
		for _, c := range s.Adds {
			nums = append(nums, c.String()+": "+t.numbers(c))
		}
		s.Title = "framework heap, framework off-heap, task off-heap"
		s.Formula = "each is read as configured, or takes its default"
		s.Numbers = strings.Join(nums, "; ")
		s.Reads = []OptionID{TMFrameworkHeap, TMFrameworkOffHeap, TMTaskOffHeap}
	case kComponent:
		s.Title = p.c.String()
		s.Formula = t.rule(p.c)
		s.Numbers = t.numbers(p.c)
		s.Reads = t.reads(p.c)
	}
	return s
}

// reads lists the options that decide a component.
func (t *traced) reads(c Component) []OptionID {
	ids := t.ids()
	switch c {
	case Metaspace:
		return []OptionID{ids.meta}
	case Overhead:
		return []OptionID{ids.ovMin, ids.ovMax, ids.ovFrac, ids.process}
	case Managed:
		return []OptionID{TMManagedSize, TMManagedFraction}
	case Network:
		return []OptionID{TMNetworkMin, TMNetworkMax, TMNetworkFraction, TMLegacyNetworkBuffers, TMSegmentSize}
	case TaskHeap:
		return []OptionID{TMTaskHeap}
	case JobManagerHeap:
		return []OptionID{JMHeap, JMLegacyHeapSize, JMLegacyHeapMB}
	case JobManagerOffHeap:
		return []OptionID{JMOffHeap}
	}
	return nil
}

// rule states how a component is decided in this resolution.
func (t *traced) rule(c Component) string {
	p := t.r.l.Origin[c]
	name := c.String()
	if t.r.known&(1<<c) == 0 {
		// The component was never reached: state the rule from the
		// options alone.
		p.Source = SourceDefault
		if c == TaskHeap && t.r.l.Role == TaskManager && !t.r.contains(TMTaskHeap) ||
			c == JobManagerHeap && t.r.l.Mode != ModeFineGrained {
			p.Source = SourceRemainder
		}
		if (c == Managed && !t.r.contains(TMManagedSize)) || c == Network || c == Overhead {
			p.Source = SourceFraction
			p.Inverse = c == Network && t.r.l.Mode == ModeFineGrained || c == Overhead && t.r.l.Mode != ModeTotalProcess
		}
	}
	bounds := ""
	if c == Network || c == Overhead {
		bounds = ", kept inside [" + shortKey(c, "min") + ", " + shortKey(c, "max") + "]"
	}
	switch p.Source {
	case SourceFraction:
		f := shortKey(c, "fraction")
		switch {
		case c == Overhead && p.Inverse:
			return name + " = " + f + "/(1 − " + f + ") × (Total Flink + JVM metaspace)" + bounds + ": the share " + f + " of the process that results"
		case c == Network && p.Inverse:
			return name + " = " + f + "/(1 − " + f + ") × (the other Flink components)" + bounds + ": the share " + f + " of Total Flink that results"
		case c == Overhead:
			return name + " = " + f + " × Total Process" + bounds
		}
		return name + " = " + f + " × Total Flink" + bounds
	case SourceRemainder:
		if c == Overhead {
			return name + " = Total Process − Total Flink − JVM metaspace; Flink checks that it lies inside [" + shortKey(c, "min") + ", " + shortKey(c, "max") + "]"
		}
		s := name + " = Total Flink − the other Flink components: what is left"
		if c == Network {
			s += "; Flink checks that it lies inside [network.min, network.max]"
		}
		return s
	case SourceLegacyBuffers:
		return name + " = taskmanager.network.numberOfBuffers × taskmanager.memory.segment-size"
	}
	if p.Source == SourceExplicit {
		return name + " = " + optionKeyOf(c, t.r.l.Role) + ", as configured"
	}
	return name + " = " + optionKeyOf(c, t.r.l.Role) + ", as configured or by default"
}

// shortKey names a component's min, max or fraction option the way the
// screen's formulas do ("jvm-overhead.fraction").
func shortKey(c Component, which string) string {
	switch c {
	case Network:
		return "network." + which
	case Overhead:
		return "jvm-overhead." + which
	}
	return "managed." + which
}

// optionKeyOf is the size option of a component read straight from the
// configuration.
func optionKeyOf(c Component, role Role) string {
	var id OptionID
	switch c {
	case FrameworkHeap:
		id = TMFrameworkHeap
	case TaskHeap:
		id = TMTaskHeap
	case Managed:
		id = TMManagedSize
	case FrameworkOffHeap:
		id = TMFrameworkOffHeap
	case TaskOffHeap:
		id = TMTaskOffHeap
	case Metaspace:
		id = TMMetaspace
		if role == JobManager {
			id = JMMetaspace
		}
	case JobManagerHeap:
		id = JMHeap
	case JobManagerOffHeap:
		id = JMOffHeap
	default:
		return strings.ToLower(c.String())
	}
	return options[id].Key
}

// numbers applies a component's rule to this configuration, in the words
// `flinkmem explain` uses.
func (t *traced) numbers(c Component) string {
	l := &t.r.l
	if t.r.known&(1<<c) == 0 {
		return "not reached"
	}
	p := l.Origin[c]
	h := func(m MemorySize) string { return m.Human() }
	switch p.Source {
	case SourceDefault:
		return "the default of " + p.Key + " on Flink " + l.Line.String() + " = " + h(l.Size[c])
	case SourceExplicit:
		return p.Key + " = " + h(l.Size[c])
	case SourceLegacyBuffers:
		return "legacy " + p.Key + " × taskmanager.memory.segment-size = " + h(l.Size[c])
	case SourceFraction:
		f := FormatFraction(p.Fraction)
		if p.Inverse {
			f += "/(1 − " + FormatFraction(p.Fraction) + ")"
		}
		s := f + " × " + h(p.BaseSize) + " = " + h(p.Unclamped)
		switch p.Clamp {
		case ClampMin:
			s += ", raised to its minimum " + h(p.Min)
		case ClampMax:
			s += ", capped at its maximum " + h(p.Max)
		default:
			if c == Network || c == Overhead {
				s += ", inside [" + h(p.Min) + ", " + h(p.Max) + "]"
			}
		}
		return s
	}
	// A remainder.
	names := []string{"Total Flink"}
	nums := []string{h(p.Total)}
	if c == Overhead {
		names = []string{"Total Process", "Total Flink", "JVM metaspace"}
		nums = []string{h(p.Total), h(l.TotalFlink), h(l.Size[Metaspace])}
	} else {
		for _, o := range Components(l.Role) {
			if o != c && o != Metaspace && o != Overhead {
				names = append(names, strings.ToLower(o.String()))
				nums = append(nums, h(l.Size[o]))
			}
		}
	}
	return strings.Join(names, " − ") + " = " + strings.Join(nums, " − ") + " = " + h(l.Size[c])
}
