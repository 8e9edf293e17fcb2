package memmodel

import "testing"

func TestConfiguredValueFollowsDeprecatedKeys(t *testing.T) {
	o := LookupOption(TMManagedSize)
	cases := []struct {
		cfg       Config
		value, by string
		ok        bool
	}{
		{Config{}, "", "", false},
		{Config{"taskmanager.memory.size": "1g"}, "1g", "taskmanager.memory.size", true},
		{Config{"taskmanager.memory.size": "1g", "taskmanager.memory.managed.size": "2g"}, "2g", "taskmanager.memory.managed.size", true},
	}
	for _, c := range cases {
		v, k, ok := ConfiguredValue(o, c.cfg)
		if v != c.value || k != c.by || ok != c.ok {
			t.Errorf("ConfiguredValue(%v) = %q, %q, %v; want %q, %q, %v", c.cfg, v, k, ok, c.value, c.by, c.ok)
		}
	}
}

func TestBufferCountOfTheDefault(t *testing.T) {
	in := Input{Role: TaskManager, Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	l, err := Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	// 0.1 × 1280 MiB of Flink memory in 32 KiB segments.
	if n, ok := BufferCount(&l, in.Config); !ok || n != 4096 {
		t.Errorf("BufferCount = %d, %v; want 4096", n, ok)
	}
	in.Config["taskmanager.memory.segment-size"] = "64kb"
	if n, ok := BufferCount(&l, in.Config); !ok || n != 2048 {
		t.Errorf("with 64 KiB segments: %d, %v; want 2048", n, ok)
	}
	in.Config["taskmanager.memory.segment-size"] = "nonsense"
	if _, ok := BufferCount(&l, in.Config); ok {
		t.Error("an unreadable segment size gives a count")
	}
}

func TestDecidingOption(t *testing.T) {
	in := Input{Role: TaskManager, Line: LatestLine, Config: Config{"taskmanager.memory.process.size": "1728m"}}
	l, err := Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range map[Component]OptionID{Managed: TMManagedFraction, Network: TMNetworkFraction,
		FrameworkHeap: TMFrameworkHeap, TaskHeap: TMTaskHeap, Metaspace: TMMetaspace, Overhead: TMOverheadFraction} {
		if got := DecidingOption(&l, c); got != want {
			t.Errorf("DecidingOption(%s) = %s, want %s", c, LookupOption(got).Key, LookupOption(want).Key)
		}
	}
}
