package memmodel

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestNetworkBuffersHugeShapes: a job shape far beyond any real job gets
// a clear error (parallelism above Flink's maximum) or saturated counts,
// never a negative number of buffers.
func TestNetworkBuffersHugeShapes(t *testing.T) {
	in := Input{Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	_, err := NetworkBuffers(in, nil, &JobShape{Parallelism: math.MaxInt, AllToAll: math.MaxInt})
	if err == nil || !strings.Contains(err.Error(), "32768") {
		t.Errorf("parallelism %d: err = %v; want a refusal naming Flink's maximum 32768", math.MaxInt, err)
	}
	if _, err := NetworkBuffers(in, nil, &JobShape{Parallelism: MaxParallelism + 1}); err == nil {
		t.Errorf("parallelism %d accepted", MaxParallelism+1)
	}
	for _, line := range []Line{Line1_16, Line1_20, LatestLine} {
		for _, batch := range []bool{false, true} {
			in.Line = line
			est, err := NetworkBuffers(in, nil, &JobShape{Parallelism: MaxParallelism, AllToAll: math.MaxInt, Forward: math.MaxInt, Batch: batch})
			if err != nil {
				t.Fatalf("%v batch=%v: %v", line, batch, err)
			}
			if est.Required == nil || *est.Required <= 0 || est.PerSlot <= 0 {
				t.Errorf("%v batch=%v: required %v, per slot %d; want positive counts", line, batch, est.Required, est.PerSlot)
			}
			for _, p := range est.Pools {
				if p.Required <= 0 || p.Count <= 0 || p.Channels <= 0 {
					t.Errorf("%v batch=%v: pool %+v has a count that is not positive", line, batch, p)
				}
			}
			if est.NetworkNeeded <= 0 {
				t.Errorf("%v batch=%v: network needed %d", line, batch, est.NetworkNeeded)
			}
		}
	}
}

func TestJobShapeErrors(t *testing.T) {
	in := Input{Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	for _, job := range []JobShape{{Parallelism: 0}, {Parallelism: MaxParallelism + 1}, {Parallelism: 2, SlotsPerTM: -1}, {Parallelism: 2, AllToAll: -1}} {
		_, err := NetworkBuffers(in, nil, &job)
		if !errors.Is(err, ErrJobShape) || strings.HasPrefix(err.Error(), "impossible") {
			t.Errorf("%+v: err = %v; want an ErrJobShape in plain words", job, err)
		}
	}
}
