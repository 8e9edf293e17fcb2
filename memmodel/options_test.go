package memmodel

import "testing"

// noDefault lists the options Flink declares without a default: a size
// that, when unset, the resolver derives or refuses.
var noDefault = map[OptionID]bool{
	TMProcessSize: true, TMFlinkSize: true, TMTaskHeap: true, TMManagedSize: true, TMCPUCores: true,
	TMLegacyHeapSize: true, TMLegacyHeapMB: true,
	JMProcessSize: true, JMFlinkSize: true, JMHeap: true, JMLegacyHeapSize: true, JMLegacyHeapMB: true,
}

// TestOptionTable walks the options table: every option is complete,
// its defaults cover every line that reads it and parse as its type, and
// every key it is read under leads back to it.
func TestOptionTable(t *testing.T) {
	seen := map[string]OptionID{}
	for id := OptionID(0); id < numOptions; id++ {
		o := LookupOption(id)
		if o.ID != id || o.Key == "" || o.Summary == "" {
			t.Errorf("option %d: incomplete entry %+v", id, o)
			continue
		}
		if o.Aspect == 0 {
			t.Errorf("%s: no aspect", o.Key)
		}
		if c, ok := ComponentOf(id); ok {
			found := false
			for _, rc := range Components(o.Role) {
				found = found || rc == c
			}
			if !found {
				t.Errorf("%s: component %v is not a %s component", o.Key, c, o.Role)
			}
		} else if o.Aspect != AspectTotal && o.Aspect != AspectCount {
			t.Errorf("%s: aspect %d but no component", o.Key, o.Aspect)
		}
		if o.Since > o.Until || o.Until > LatestLine {
			t.Errorf("%s: read from %v to %v", o.Key, o.Since, o.Until)
		}
		if o.Legacy != (o.Until < LatestLine) {
			t.Errorf("%s: legacy %v but read until %v", o.Key, o.Legacy, o.Until)
		}
		for i := 1; i < len(o.defaults); i++ {
			if o.defaults[i].from <= o.defaults[i-1].from {
				t.Errorf("%s: defaults not ordered by line", o.Key)
			}
		}
		if len(o.defaults) > 0 && o.defaults[0].from > o.Since {
			t.Errorf("%s: no default for %v, which reads it", o.Key, o.Since)
		}
		for line := o.Since; line <= o.Until; line++ {
			def, ok := Default(id, line)
			if ok == noDefault[id] {
				t.Errorf("%s on %v: Default = %q, %v; want a default: %v", o.Key, line, def, ok, !noDefault[id])
				continue
			}
			if ok {
				if err := CheckValue(id, def); err != nil {
					t.Errorf("%s on %v: default %q does not parse: %v", o.Key, line, def, err)
				}
			}
			if got, dep, ok := optionForKey(o.Key, line); !ok || got != id || dep {
				t.Errorf("optionForKey(%q, %v) = %v, %v, %v", o.Key, line, got, dep, ok)
			}
			for _, d := range o.Deprecated {
				if got, dep, ok := optionForKey(d, line); !ok || got != id || !dep {
					t.Errorf("optionForKey(%q, %v) = %v, %v, %v; want the deprecated key of %s", d, line, got, dep, ok, o.Key)
				}
			}
		}
		for line := Line(0); line < numLines; line++ {
			if _, _, ok := optionForKey(o.Key, line); ok != o.ReadBy(line) {
				t.Errorf("optionForKey(%q, %v) ok = %v, but ReadBy = %v", o.Key, line, ok, o.ReadBy(line))
			}
		}
		for _, k := range append([]string{o.Key}, o.Deprecated...) {
			if prev, dup := seen[k]; dup {
				t.Errorf("key %s declared by options %d and %d", k, prev, id)
			}
			seen[k] = id
			if got, ok := OptionByKey(k); !ok || got.ID != id {
				t.Errorf("OptionByKey(%q) = %v, %v; want option %d", k, got.ID, ok, id)
			}
		}
	}
}

// TestOptionsForComponents checks the component accessors against the
// components each role has: every component has a sizing option, and the
// options listed for it decide it.
func TestOptionsForComponents(t *testing.T) {
	for _, role := range []Role{TaskManager, JobManager} {
		for _, c := range Components(role) {
			ids := OptionsFor(role, c)
			if len(ids) == 0 {
				t.Errorf("%s %v: no options", role, c)
			}
			for _, id := range ids {
				if got, ok := ComponentOf(id); !ok || got != c || options[id].Legacy {
					t.Errorf("%s %v lists %s, which decides %v", role, c, options[id].Key, got)
				}
			}
			id, ok := SizingOption(role, c)
			if !ok || (options[id].Aspect != AspectSize && options[id].Aspect != AspectFraction) {
				t.Errorf("SizingOption(%s, %v) = %v, %v", role, c, id, ok)
			}
		}
	}
	if ids := OptionsFor(TaskManager, Network); len(ids) != 3 || ids[0] != TMNetworkMin || ids[1] != TMNetworkMax || ids[2] != TMNetworkFraction {
		t.Errorf("OptionsFor(TaskManager, Network) = %v; want min, max, fraction", ids)
	}
	if id, _ := SizingOption(TaskManager, Managed); id != TMManagedSize {
		t.Errorf("SizingOption(TaskManager, Managed) = %v; want the managed size", id)
	}
	if d, _ := Default(TMNetworkMax, Line1_16); d != "1g" {
		t.Errorf("network max on 1.16 defaults to %q; want 1g", d)
	}
	if d, _ := Default(TMNetworkMax, Line1_17); d != MaxMemorySize.FlinkBytes() {
		t.Errorf("network max on 1.17 defaults to %q; want unlimited", d)
	}
}

// TestShipped checks the values of Flink's shipped configuration: 1.10.0
// shipped 1568m, which its 96m metaspace left at the same 1280m of Flink
// memory that 1728m leaves from 1.10.1 on.
func TestShipped(t *testing.T) {
	for _, line := range Lines() {
		process, ok1 := Shipped(TMProcessSize, line)
		flink, ok2 := Shipped(TMFlinkSize, line)
		if !ok1 || !ok2 {
			t.Fatalf("%v: no shipped sizes", line)
		}
		l, err := Resolve(Input{Line: line, Config: Config{options[TMProcessSize].Key: process}})
		if err != nil || l.TotalFlink.String() != flink {
			t.Errorf("%v: shipped process size %s gives Flink memory %v (%v); the shipped flink size is %s", line, process, l.TotalFlink, err, flink)
		}
		if !line.HasJobManagerModel() {
			continue
		}
		jp, _ := Shipped(JMProcessSize, line)
		jf, _ := Shipped(JMFlinkSize, line)
		l, err = Resolve(Input{Role: JobManager, Line: line, Config: Config{options[JMProcessSize].Key: jp}})
		if err != nil || l.TotalFlink.String() != jf {
			t.Errorf("%v: shipped JobManager size %s gives Flink memory %v (%v); want %s", line, jp, l.TotalFlink, err, jf)
		}
	}
	if v, _ := Shipped(TMProcessSize, Line1_10_0); v != "1568m" {
		t.Errorf("1.10.0 shipped %s; want 1568m", v)
	}
}
