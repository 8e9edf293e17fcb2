package input

import (
	"errors"
	"flag"
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Network are the flags of `flinkmem network`: the job's shape and
// --slots, the slots it fills in each TaskManager.
type Network struct {
	Job *memmodel.JobShape
	fs  *flag.FlagSet
}

// NetworkFlags declares the job-shape flags and --slots on fs.
func NetworkFlags(fs *flag.FlagSet) *Network {
	n := &Network{Job: Job(fs), fs: fs}
	fs.IntVar(&n.Job.SlotsPerTM, "slots", 0, "")
	return n
}

// Check refuses a job without its shape, a shape Flink cannot run, an
// unknown output format and --jobmanager (network buffers are the
// TaskManagers'), in that order.
func (n *Network) Check(f *Flags, output string) error {
	switch {
	case !Given(n.fs, "parallelism") || !Given(n.fs, "exchanges"):
		return errors.New("give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)")
	case n.Job.Check(Given(n.fs, "slots")) != nil:
		return fmt.Errorf("--%v", n.Job.Check(Given(n.fs, "slots")))
	case CheckOutput(output) != nil:
		return CheckOutput(output)
	case f.JobManager:
		return errors.New("--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager")
	}
	return nil
}

// Prepare refuses a JobManager input and runs the job in batch mode when
// the configuration says so.
func (n *Network) Prepare(in *Loaded) error {
	if in.Input.Role != memmodel.TaskManager {
		return errors.New("network buffers belong to the TaskManagers, but the input is about the JobManager; choose a TaskManager preset or configuration")
	}
	n.Job.Batch = n.Job.Batch || memmodel.BatchRuntimeMode(in.Input.Config)
	return nil
}

// SlotsNote is what to tell the user when --slots differs from the slots
// the TaskManager is sized for; "" when it does not.
func (n *Network) SlotsNote(l *memmodel.Layout) string {
	s := n.Job.SlotsPerTM
	if s <= 0 || s == l.Slots {
		return ""
	}
	return fmt.Sprintf("--slots %d fills %d slots of a TaskManager configured with taskmanager.numberOfTaskSlots %d; its memory and per-slot shares stay those of %d slots (add -D taskmanager.numberOfTaskSlots=%d to size it for %d)",
		s, s, l.Slots, l.Slots, s, s)
}
