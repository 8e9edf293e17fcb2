package memmodel

import (
	"fmt"
	"strings"
)

// ParseDeployment reads a deployment name: "standalone" (or "") or
// "container", the YARN and Kubernetes case; any case. The error quotes
// the name and lists the choices.
func ParseDeployment(s string) (Deployment, error) {
	switch strings.ToLower(s) {
	case "", "standalone":
		return Standalone, nil
	case "container":
		return Container, nil
	}
	return Standalone, fmt.Errorf("%q: use standalone, or container for YARN and Kubernetes", s)
}

// Check refuses a job shape no job has. Its errors start with the field
// as the command line's flags name it ("parallelism 0: …"); slotsSet says
// SlotsPerTM was given (0 then is not "the configuration's").
func (j JobShape) Check(slotsSet bool) error {
	switch {
	case j.Parallelism < 1:
		return fmt.Errorf("parallelism %d: the job's parallelism is at least 1", j.Parallelism)
	case j.AllToAll < 0:
		return fmt.Errorf("exchanges %d: give the number of all-to-all exchanges, 0 or more", j.AllToAll)
	case j.Forward < 0:
		return fmt.Errorf("forward %d: give the number of unchained forward exchanges, 0 or more", j.Forward)
	case slotsSet && j.SlotsPerTM < 1:
		return fmt.Errorf("slots %d: a TaskManager has at least 1 slot (leave it out to use taskmanager.numberOfTaskSlots)", j.SlotsPerTM)
	}
	return nil
}
