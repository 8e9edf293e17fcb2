package presets

import "github.com/flinkmem/flinkmem/memmodel"

// Target is where a preset is about to be loaded: the process and Flink
// line in use, and whether the user chose each explicitly (a flag such as
// --jobmanager or --flink, or a file that only one line reads). An explicit
// choice is kept; a default one may follow the preset.
type Target struct {
	Role       memmodel.Role
	Line       memmodel.Line
	RoleChosen bool
	LineChosen bool
}

// Placement is the process and line a preset is resolved for, and what
// loading it changed, so that each front end can say so in its own words.
type Placement struct {
	Role memmodel.Role
	Line memmodel.Line
	// RoleSwitched: the preset is about another process (a JobManager
	// preset, or a training preset refused for the other process).
	RoleSwitched bool
	// LineSwitched: the preset does not claim the line in use, which was
	// not chosen explicitly, so Line is the newest line it claims.
	LineSwitched bool
	// OtherLine: the preset does not claim Line, which was chosen
	// explicitly and is kept.
	OtherLine bool
}

// Place is the one policy both the command line and the explorer follow
// when a preset is loaded. A JobManager preset, and a training preset,
// switch to the process they are about; a preset that does not claim the
// line in use switches to the newest line it claims. Explicit choices are
// kept: the role when it was chosen, the line when it was chosen (then
// OtherLine says the preset is meant for other lines).
func (p Preset) Place(t Target) Placement {
	pl := Placement{Role: t.Role, Line: t.Line}
	if !t.RoleChosen && (p.Training || p.TargetRole() == memmodel.JobManager) && p.TargetRole() != t.Role {
		pl.Role, pl.RoleSwitched = p.TargetRole(), true
	}
	if p.AppliesTo(t.Line) {
		return pl
	}
	if lines, err := p.ClaimedLines(); err == nil && len(lines) > 0 && !t.LineChosen {
		pl.Line, pl.LineSwitched = lines[len(lines)-1], true
		return pl
	}
	pl.OtherLine = true
	return pl
}
