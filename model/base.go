package model

import (
	"sort"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/presets"
)

// A session started without a file or a preset stands on the default
// preset, as the command line's -D does: its total sizes apply only while
// the user's own keys size no process. Once the user sizes a process
// (a total, the JobManager heap, a legacy heap, or task heap with managed
// memory), the preset's total for it is dropped in the same change, so
// that 4g of Flink memory never sits silently beside the preset's 1728m
// process.

// defaultBase is the default preset's configuration, or nil when the
// embedded presets cannot be read (then no base is trimmed).
func defaultBase() memmodel.Config {
	p, err := presets.Get("default")
	if err != nil {
		return nil
	}
	return p.Config(memmodel.TaskManager)
}

// trimBase drops from cfg the base's total sizes that the user's own keys
// replace, key being the one the user is setting (it is the user's even
// when its value equals the base's). It returns the keys dropped and the
// processes whose size the user now gives.
func trimBase(cfg, base memmodel.Config, key string) (dropped, roles []string) {
	if base == nil {
		return nil, nil
	}
	standing, own := memmodel.Config{}, memmodel.Config{}
	for k, v := range cfg {
		if b, ok := base[k]; ok && b == v && k != key {
			standing[k] = v
		} else {
			own[k] = v
		}
	}
	kept, roles := presets.TrimBase(standing, own)
	for k := range standing {
		if _, ok := kept[k]; !ok {
			delete(cfg, k)
			dropped = append(dropped, k)
		}
	}
	sort.Strings(dropped)
	return dropped, roles
}

// ownKeys records that the user set key and that dropped no longer apply:
// the base keeps only what still stands in for the user. The map is
// replaced, never changed in place, as undo keeps the old one.
func (m *Model) ownKeys(key string, dropped []string, roles []string) {
	if m.base == nil {
		return
	}
	next := cloneConfig(m.base)
	delete(next, key)
	for _, k := range dropped {
		delete(next, k)
	}
	m.base = next
	if len(roles) > 0 {
		m.source = baseSource(m.source, roles)
	}
}

// baseSource is the header's source once the user sized processes of
// their own on the default base: "preset default as base, TaskManager
// size set here", keeping what followed (" + 1 -D option").
func baseSource(source string, roles []string) string {
	label, rest, _ := strings.Cut(source, " + ")
	if rest != "" {
		rest = " + " + rest
	}
	if !strings.Contains(label, " as base") {
		label = "preset default as base"
	}
	for _, r := range roles {
		if !strings.Contains(label, r+" size") {
			label += ", " + r + " size set here"
		}
	}
	return label + rest
}

// droppedWords says which of the base's keys a change dropped, for the
// status line.
func droppedWords(dropped []string) string {
	if len(dropped) == 0 {
		return ""
	}
	return " · the default preset's " + strings.Join(dropped, " and ") + " no longer applies: your size replaces it"
}

// noteHeap keeps the heap of the configuration shown when Flink accepts
// it: a change the user makes (not a value half typed) that then breaks
// it gets fixes that keep this heap (memmodel.FixesKeeping).
func (m *Model) noteHeap() {
	if m.err == nil {
		m.heaps[roleIndex(m.in.Role)] = heapOf(&m.layout)
	}
}

// roleIndex indexes per-process arrays.
func roleIndex(r memmodel.Role) int {
	if r == memmodel.JobManager {
		return 1
	}
	return 0
}

// heapOf is the heap left for user code, which fixes try to keep: a
// TaskManager's task heap, a JobManager's JVM heap.
func heapOf(l *memmodel.Layout) memmodel.MemorySize {
	if l.Role == memmodel.JobManager {
		return l.Size[memmodel.JobManagerHeap]
	}
	return l.Size[memmodel.TaskHeap]
}
