package memmodel

import (
	"strings"
	"testing"
)

// TestCompareNetworkMaxUpgrade: at 16g the network cap of 1.16 (1g) gives
// way to 1.17's unlimited default, so network grows to 10% of 14.75g and
// the task heap pays for it.
func TestCompareNetworkMaxUpgrade(t *testing.T) {
	cfg := Config{"taskmanager.memory.process.size": "16g"}
	d := Compare(Input{Line: Line1_16, Config: cfg}, Input{Line: Line1_20, Config: cfg})
	if d.FromErr != nil || d.ToErr != nil {
		t.Fatal(d.FromErr, d.ToErr)
	}
	net, _ := d.ChangeOf("network")
	if net.From != GiB || net.To != 1583769214 || net.Delta != 1583769214-int64(GiB) {
		t.Errorf("network %d → %d (Δ %d)", net.From, net.To, net.Delta)
	}
	heap, _ := d.ChangeOf("task_heap")
	if heap.Delta != -net.Delta {
		t.Errorf("task heap Δ %d, want %d", heap.Delta, -net.Delta)
	}
	found := false
	for _, k := range d.Keys {
		if k.Key == "taskmanager.memory.network.max" && k.Change == KeyDefaultChanged && strings.Contains(k.Detail, "1g in 1.16, unlimited in 1.20") {
			found = true
		}
	}
	if !found {
		t.Errorf("network.max default change missing: %+v", d.Keys)
	}
	if len(d.JVM) != 3 || d.JVM[2].Flag != "-XX:MaxDirectMemorySize" || d.JVM[2].To != "1717986942" {
		t.Errorf("JVM flag changes %+v", d.JVM)
	}
	checkDeltas(t, &d)
}

// TestCompareLegacyKeysTo2 : 2.0 stops reading the legacy heap key, so the
// same file is refused; the migration maps it to process.size and the
// migrated configuration resolves as before.
func TestCompareLegacyKeysTo2(t *testing.T) {
	cfg := Config{"taskmanager.heap.size": "4g", "taskmanager.network.numberOfBuffers": "4096"}
	from := Input{Line: Line1_20, Deployment: Container, Config: cfg}
	to := from
	to.Line = Line2_0
	d := Compare(from, to)
	if d.FromErr != nil {
		t.Fatal(d.FromErr)
	}
	if rej, ok := d.ToErr.(*Rejection); !ok || rej.Check != CheckNoMemoryConfigured {
		t.Fatalf("to: %v", d.ToErr)
	}
	var gone []string
	for _, k := range d.Keys {
		if k.Change == KeyNoLongerRead {
			gone = append(gone, k.Key)
		}
	}
	if strings.Join(gone, ",") != "taskmanager.heap.size,taskmanager.network.numberOfBuffers" {
		t.Errorf("no-longer-read keys %v", gone)
	}
	if d.MigratedErr != nil || !SameSizes(&d.Migrated, &d.FromLayout) {
		t.Errorf("migrated: %v %v", d.MigratedErr, d.Migrated.Size)
	}
	if !d.NeedsConfigYAML || len(d.Migrations) != 3 {
		t.Errorf("config.yaml %v, migrations %v", d.NeedsConfigYAML, d.Migrations)
	}
}

// checkDeltas asserts that every row's delta is To − From and that the
// component deltas add up to the change of the total process size.
func checkDeltas(t *testing.T, d *Diff) {
	t.Helper()
	var sum int64
	for _, c := range d.Changes {
		if int64(c.From)+c.Delta != int64(c.To) {
			t.Fatalf("%s: %d + %d ≠ %d", c.Name, c.From, c.Delta, c.To)
		}
		if c.Kind == ChangeComponent {
			sum += c.Delta
		}
	}
	if d.From.Role == d.To.Role && len(d.Changes) > 0 {
		total, _ := d.ChangeOf("total_process")
		if sum != total.Delta {
			t.Fatalf("component deltas add up to %d, the process changes by %d", sum, total.Delta)
		}
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("taskmanager.memory.process.size=16g", "taskmanager.memory.process.size=16g", uint8(7), uint8(11), false)
	f.Add("taskmanager.memory.flink.size=2g", "taskmanager.memory.flink.size=3g\x00taskmanager.memory.managed.fraction=0.2", uint8(13), uint8(13), false)
	f.Add("jobmanager.memory.process.size=1600m", "jobmanager.memory.heap.size=1g", uint8(4), uint8(12), true)
	f.Fuzz(func(t *testing.T, a, b string, la, lb uint8, jm bool) {
		role := TaskManager
		if jm {
			role = JobManager
		}
		from := Input{Role: role, Line: Line(la % uint8(numLines)), Config: decodeConfig(a)}
		to := Input{Role: role, Line: Line(lb % uint8(numLines)), Config: decodeConfig(b)}
		d := Compare(from, to)
		checkDeltas(t, &d)
	})
}

// BenchmarkCompareLines diffs one configuration on 1.16 and 2.1.
func BenchmarkCompareLines(b *testing.B) {
	cfg := Config{"taskmanager.memory.process.size": "16g", "taskmanager.heap.size": "8g"}
	from, to := Input{Line: Line1_16, Deployment: Container, Config: cfg}, Input{Line: Line2_1, Deployment: Container, Config: cfg}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d := Compare(from, to)
		if d.FromErr != nil {
			b.Fatal(d.FromErr)
		}
	}
}
