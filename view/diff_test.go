package view

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

func TestDiffReportNetworkMax(t *testing.T) {
	cfg := memmodel.Config{"taskmanager.memory.process.size": "16g"}
	d := memmodel.Compare(memmodel.Input{Line: memmodel.Line1_16, Config: cfg}, memmodel.Input{Line: memmodel.Line1_20, Config: cfg})
	got := strings.Join(strings.Fields(DiffReport(&d, DiffOptions{Width: 40})), " ")
	golden.Contains(t, "report", got,
		"TaskManager · Flink 1.16 → 1.20 · standalone",
		"Network 1 GiB 1.475 GiB +486.4 MiB +47.5%",
		"-XX:MaxDirectMemorySize 1207959552 → 1717986942",
		"taskmanager.memory.network.max — default changed: default 1g in 1.16, unlimited in 1.20",
	)
	bars := DiffBars(&d.FromLayout, &d.ToLayout, "Flink 1.16", "Flink 1.20", 40)
	if len(bars[0]) != len(bars[1]) || !strings.Contains(bars[2], "^") {
		t.Errorf("bars:\n%s", strings.Join(bars, "\n"))
	}
	j := NewDiffJSON(&d, nil, nil)
	for _, c := range j.Changes {
		if c.Component == "network" && (c.From != 1<<30 || c.Delta != 510027390) {
			t.Errorf("network %d, delta %d", c.From, c.Delta)
		}
	}
}

func TestSolveReport(t *testing.T) {
	req := memmodel.SolveRequest{Input: memmodel.Input{Line: memmodel.Line2_1, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"}},
		Targets: []memmodel.Target{{Kind: memmodel.TargetTaskHeap, Want: int64(2 * memmodel.GiB)}}}
	sol, err := memmodel.Solve(req)
	if err != nil {
		t.Fatal(err)
	}
	got := SolveReport(&sol, SolveOptions{})
	golden.Contains(t, "report", got, "smallest taskmanager.memory.process.size", "taskmanager.memory.process.size: 5405m  (was 1728m)", "task-heap     2 GiB  2 GiB  met", "Smallest: one MiB less does not do")
	js := NewSolveJSON(&sol, 0)
	if js.Solution.Set["taskmanager.memory.process.size"] != "5405m" || len(js.Targets) != 1 || !js.Targets[0].Met {
		t.Errorf("json %+v", js)
	}
}

// TestGhostStripScale: the baseline's strip and the bar share one scale,
// so a smaller baseline draws a shorter strip.
func TestGhostStripScale(t *testing.T) {
	resolve := func(size string) memmodel.Layout {
		l, err := memmodel.Resolve(memmodel.Input{Line: memmodel.Line1_17, Config: memmodel.Config{"taskmanager.memory.process.size": size}})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	cur, base := resolve("20g"), resolve("16g")
	curW, baseW := barScale(&cur, &base, 100)
	if curW != 100 || baseW != 80 {
		t.Fatalf("barScale = %d, %d; want 100, 80", curW, baseW)
	}
	strip := GhostStrip(&base, baseW, 100, StaticStyles(false, false))
	if got := strings.TrimRight(strip, " "); len(got) != 80 || !strings.HasPrefix(got, "fT") || !strings.HasSuffix(got, "v") {
		t.Errorf("strip %q (%d cells)", got, len(got))
	}
	if got := deltaText(cur.Size[memmodel.Network], base.Size[memmodel.Network], UnicodeGlyphs()); got != "+409.6 MiB" {
		t.Errorf("network Δ %q", got)
	}
}
