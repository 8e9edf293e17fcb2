package diagnose

import (
	"fmt"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Part is one component of a limit with its size and the keys that set it.
type Part struct {
	Component memmodel.Component
	Bytes     memmodel.MemorySize
	Keys      []string
}

// LimitInfo is the limit a finding hit, in this configuration's bytes.
type LimitInfo struct {
	// Flag is the JVM flag or the name of the limit
	// ("-XX:MaxDirectMemorySize", "network memory").
	Flag  string
	Bytes memmodel.MemorySize
	Parts []Part
}

// Finding is one recognised symptom, answered from the configuration.
type Finding struct {
	Symptom  Symptom
	Title    string
	Evidence string
	// Count is how many lines of the evidence showed the symptom.
	Count int
	Role  memmodel.Role
	// RoleFromEvidence tells that the evidence itself named the role.
	RoleFromEvidence bool
	// FromEvidence is false for a refusal found in the configuration
	// alone (no line of evidence showed it).
	FromEvidence bool
	Limit        *LimitInfo
	// Observations compare the numbers of the message with the
	// configuration, and say what is assumed.
	Observations []string
	// NeededBytes is how much more the limit must hold, when the message
	// says; NeededBuffers the network buffers the pool must have.
	NeededBytes   memmodel.MemorySize
	NeededBuffers int64
	Keys          []string
	Fixes         []Fix
	Advice        []string
	Metric        string
	// Check and Refusal describe a refused configuration.
	Check   memmodel.Check
	Refusal string
}

// Report is the answer to a piece of evidence.
type Report struct {
	Role     memmodel.Role
	Line     memmodel.Line
	Findings []Finding
	Notices  []string
}

// Recognised reports whether any line of evidence showed a symptom.
func (r *Report) Recognised() bool {
	for _, f := range r.Findings {
		if f.FromEvidence {
			return true
		}
	}
	return false
}

// Diagnose answers the hits with the configuration in: for each symptom
// the limit, the components that make it, what the message's numbers say,
// and verified fixes. Hits of the same symptom and role are merged; the
// one with the most numbers is kept as the evidence.
func Diagnose(in memmodel.Input, hits []Hit) Report {
	rep := Report{Role: in.Role, Line: in.Line}
	d := diagnoser{in: in, rep: &rep, layouts: map[memmodel.Role]resolved{}}
	type key struct {
		s Symptom
		r RoleHint
	}
	index := map[key]int{}
	var merged []Hit
	var counts []int
	for _, h := range hits {
		k := key{h.Symptom, h.Role}
		n := h.Count
		if n < 1 {
			n = 1
		}
		if i, ok := index[k]; ok {
			counts[i] += n
			if len(h.Numbers) > len(merged[i].Numbers) {
				merged[i] = h
			}
			continue
		}
		index[k] = len(merged)
		merged = append(merged, h)
		counts = append(counts, n)
	}
	sortStable(merged, counts)
	refusalSeen, aboutRole := false, len(merged) == 0
	for i, h := range merged {
		f := d.answer(h)
		f.Count = counts[i]
		if f.Symptom == IllegalConfiguration && f.Role == in.Role {
			refusalSeen = true
		}
		aboutRole = aboutRole || f.Role == in.Role
		rep.Findings = append(rep.Findings, f)
	}
	poolFirst(rep.Findings)
	// The configuration's own refusal matters when the evidence is about
	// its role (or there is no evidence of anything).
	if res := d.layout(in.Role); res.err != nil && !refusalSeen && aboutRole {
		rep.Findings = append(rep.Findings, d.refusal(Hit{Symptom: IllegalConfiguration}, in.Role, false))
	}
	return rep
}

func sortStable(h []Hit, counts []int) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && rank(h[j].Symptom) < rank(h[j-1].Symptom); j-- {
			h[j], h[j-1] = h[j-1], h[j]
			counts[j], counts[j-1] = counts[j-1], counts[j]
		}
	}
}

type resolved struct {
	l   memmodel.Layout
	err error
}

type diagnoser struct {
	in      memmodel.Input
	rep     *Report
	layouts map[memmodel.Role]resolved
}

func (d *diagnoser) input(role memmodel.Role) memmodel.Input {
	in := d.in
	in.Role = role
	return in
}

func (d *diagnoser) layout(role memmodel.Role) resolved {
	if r, ok := d.layouts[role]; ok {
		return r
	}
	l, err := memmodel.Resolve(d.input(role))
	d.layouts[role] = resolved{l, err}
	return d.layouts[role]
}

func (d *diagnoser) notice(format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	for _, n := range d.rep.Notices {
		if n == msg {
			return
		}
	}
	d.rep.Notices = append(d.rep.Notices, msg)
}

// roleFor decides which process a hit is about.
func (d *diagnoser) roleFor(h Hit, e Entry) (memmodel.Role, bool) {
	role, known := h.Role.Role()
	switch {
	case e.TaskManagerOnly:
		if d.in.Role == memmodel.JobManager {
			d.notice("%s only happens on a TaskManager; that finding uses the TaskManager configuration", e.Title)
		}
		return memmodel.TaskManager, true
	case !known:
		return d.in.Role, false
	case role != d.in.Role:
		if role == memmodel.JobManager && !d.in.Line.HasJobManagerModel() {
			d.notice("the evidence comes from the JobManager, which has no memory model in Flink %s; the TaskManager configuration is used", d.in.Line)
			return memmodel.TaskManager, false
		}
		d.notice("the evidence names the %s, not the %s the configuration was read for; its findings use the %s configuration", role.Title(), d.in.Role.Title(), role.Title())
	}
	return role, true
}

// answer builds the finding of one hit.
func (d *diagnoser) answer(h Hit) Finding {
	e, _ := Lookup(h.Symptom)
	role, fromEvidence := d.roleFor(h, e)
	if h.Symptom == IllegalConfiguration {
		f := d.refusal(h, role, true)
		f.RoleFromEvidence = fromEvidence
		return f
	}
	ri := 0
	if role == memmodel.JobManager {
		ri = 1
	}
	advice := e.Advice
	if ri == 1 && e.JMAdvice != nil {
		advice = e.JMAdvice
	}
	f := Finding{Symptom: h.Symptom, Title: e.Title, Evidence: h.Evidence, Role: role, RoleFromEvidence: fromEvidence,
		FromEvidence: true, Keys: e.Keys[ri], Advice: advice, Metric: e.Metric[ri]}
	for _, a := range h.Absurd {
		f.Observations = append(f.Observations, "the message carries a number too large to be a real size ("+a+"); it is ignored")
	}
	res := d.layout(role)
	if res.err != nil {
		f.Observations = append(f.Observations, fmt.Sprintf("Flink would refuse this configuration for the %s, so its limits are unknown: %v", role.Title(), res.err))
		return f
	}
	l := res.l
	f.Limit = limitOf(e.Limit, &l)
	if f.Limit != nil {
		d.overridden(&f, role)
	}
	d.compare(&f, h, &l)
	return f
}

// refusal answers an IllegalConfigurationException, or a configuration
// that is refused without one.
func (d *diagnoser) refusal(h Hit, role memmodel.Role, fromEvidence bool) Finding {
	e, _ := Lookup(IllegalConfiguration)
	f := Finding{Symptom: IllegalConfiguration, Title: e.Title, Evidence: h.Evidence, Role: role, FromEvidence: fromEvidence}
	in := d.input(role)
	res := d.layout(role)
	rej, refused := res.err.(*memmodel.Rejection)
	switch {
	case refused && (len(h.Checks) == 0 || hasCheck(h.Checks, rej.Check) || !fromEvidence):
		f.Check = rej.Check
		f.Refusal = rej.Error()
		f.Keys = rej.Keys()
		for _, fx := range memmodel.Fixes(in, res.err) {
			c := "process size " + fx.Result.TotalProcess.Human()
			if fx.Note != "" {
				c += "; " + fx.Note
			}
			f.Fixes = append(f.Fixes, Fix{Fix: fx, Cost: c})
		}
		if !fromEvidence {
			f.Evidence = "(the configuration itself)"
		}
	case refused:
		f.Check = h.Checks[0]
		f.Observations = append(f.Observations, fmt.Sprintf("this configuration is refused too, but for another reason (%s): %s", rej.Check, rej.Error()))
	default:
		if len(h.Checks) > 0 {
			f.Check = h.Checks[0]
		}
		f.Observations = append(f.Observations, "this configuration resolves, so the message came from another configuration (or another Flink version); check the configuration the failing process really read")
	}
	if len(h.Checks) > 1 && f.Refusal == "" {
		f.Observations = append(f.Observations, "Flink uses this wording for several checks: "+joinChecks(h.Checks))
	}
	return f
}

func joinChecks(cs []memmodel.Check) string {
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += ", "
		}
		s += string(c)
	}
	return s
}

// poolFirst keeps a direct-memory finding that only repeats a network
// pool allocation failure from offering more off-heap memory: the pool is
// what failed, and the cure is the flag that overrode Flink's limit.
func poolFirst(fs []Finding) {
	pool := ""
	for _, f := range fs {
		if f.Symptom == NetworkSegments {
			pool = f.Evidence
		}
	}
	for i := range fs {
		if fs[i].Symptom == DirectOOM && pool != "" && fs[i].Evidence == pool {
			fs[i].Fixes = nil
			fs[i].Observations = []string{"the direct memory that ran out is the network buffer pool's (the finding above): Flink sizes -XX:MaxDirectMemorySize to hold the pool, so look for a flag or a local run that lowered the limit rather than adding off-heap memory"}
		}
	}
}

// overridden says when a JVM option of the configuration replaces the
// flag of the limit: then that option, not Flink's size, was the limit.
func (d *diagnoser) overridden(f *Finding, role memmodel.Role) {
	prefix := f.Limit.Flag
	if prefix != "-Xmx" && !strings.HasPrefix(prefix, "-XX:") {
		return
	}
	opts, _ := userOpts(d.in.Config, role, d.in.Line, "", false)
	for i := len(opts) - 1; i >= 0; i-- {
		if strings.HasPrefix(opts[i].Word, prefix) {
			f.Observations = append(f.Observations, fmt.Sprintf("%s sets %s, which replaces Flink's %s %d: that is the limit the process ran with; remove it and size the memory options instead",
				opts[i].Source, opts[i].Word, f.Limit.Flag, f.Limit.Bytes))
			return
		}
	}
}
