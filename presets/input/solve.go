package input

import (
	"flag"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// Solver are the flags of `flinkmem solve`: the solver's own (see Solve)
// and the job's shape, which counts only when --parallelism or
// --exchanges is given.
type Solver struct {
	Args *memmodel.SolveArgs
	Job  *memmodel.JobShape
	fs   *flag.FlagSet
}

// SolverFlags declares the solver's and the job-shape flags on fs.
func SolverFlags(fs *flag.FlagSet) *Solver {
	return &Solver{Args: Solve(fs), Job: Job(fs), fs: fs}
}

// Request checks the flags and makes them a request for the process f
// asks for; Loaded.Solve fills in the configuration.
func (s *Solver) Request(f *Flags) (memmodel.SolveRequest, error) {
	req, err := s.Args.Request(f.Role())
	if err == nil && (Given(s.fs, "parallelism") || Given(s.fs, "exchanges")) {
		req.Job = s.Job
	}
	return req, err
}

// Solve solves req for this input (a job in batch mode when the
// configuration says so) and examines the solution, whose consumers
// include RocksDB when the solution serves it.
func (l *Loaded) Solve(req memmodel.SolveRequest) (memmodel.Solution, view.Outcome, error) {
	req.Input, req.Uses = l.Input, l.Uses
	if req.Job != nil {
		req.Job.Batch = req.Job.Batch || memmodel.BatchRuntimeMode(l.Input.Config)
	}
	sol, err := memmodel.Solve(req)
	if err != nil {
		return sol, view.Outcome{}, err
	}
	uses := l.Uses.Or(memmodel.Uses{RocksDB: sol.ServesRocksDB()})
	return sol, l.With(sol.Input, uses, l.Notices).Examine(req.Job), nil
}
