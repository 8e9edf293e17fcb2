package view

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

// slotsCase resolves a TaskManager and runs the per-slot analysis on it.
func slotsCase(t testing.TB, line memmodel.Line, cfg memmodel.Config, uses memmodel.Uses, job *memmodel.JobShape) memmodel.SlotReport {
	t.Helper()
	in := memmodel.Input{Role: memmodel.TaskManager, Line: line, Config: cfg}
	l, err := memmodel.Resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	return memmodel.AnalyzeSlots(in, &l, uses, job)
}

// fourSlots is the shipped TaskManager with 4 slots, RocksDB and Python,
// and a job of parallelism 500 that needs 6008 buffers where 4096 exist.
func fourSlots(t testing.TB) memmodel.SlotReport {
	return slotsCase(t, memmodel.Line1_20,
		memmodel.Config{"taskmanager.memory.process.size": "1728m", "taskmanager.numberOfTaskSlots": "4"},
		memmodel.Uses{RocksDB: true, Python: true}, &memmodel.JobShape{Parallelism: 500, AllToAll: 1})
}

func TestSlotsPanel(t *testing.T) {
	got := SlotsPanel(fourSlots(t), 0, false)
	want := strings.Join([]string{
		"slot     1 of 4 · managed 128 MiB · network 32 MiB · task heap 96 MiB · CPU 1",
		"managed  STATE_BACKEND 70 % → 89.6 MiB · PYTHON 30 % → 38.4 MiB",
		"rocksdb  managed 89.6 MiB · cache 74.667 MiB · write buffers 29.867 MiB · high-prio 7.467 MiB",
		"network  ! 6008 buffers required, 4096 available: 1912 short",
		"         fix: raise taskmanager.memory.network.min to 192256k",
		`! the job needs about 6008 network buffers per TaskManager when its tasks start but there are only 4096 (128 MiB of network memory / 32 KiB): 1912 short; Flink fails the tasks with "Insufficient number of network buffers"; give network memory at least 187.75 MiB`,
	}, "\n")
	if got != want {
		t.Errorf("SlotsPanel =\n%s\nwant\n%s", got, want)
	}
}

func TestSlotsPanelFits(t *testing.T) {
	r := slotsCase(t, memmodel.Line1_20, memmodel.Config{"taskmanager.memory.process.size": "1728m"},
		memmodel.Uses{}, &memmodel.JobShape{Parallelism: 100, SlotsPerTM: 4, AllToAll: 1})
	got := SlotsPanel(r, 0, true)
	want := strings.Join([]string{
		"slot     1 of 1 | managed 512 MiB | network 128 MiB | task heap 384 MiB | CPU 1",
		"managed  no consumer (uses: none)",
		"network  1208 buffers required <= 4096 available",
		"- each slot has 512 MiB of managed memory but the job has no consumer for it (no RocksDB, batch operators or Python): it stays idle; set taskmanager.memory.managed.size to 0 to give it to the task heap, or say which consumers the job has",
	}, "\n")
	if got != want {
		t.Errorf("SlotsPanel =\n%s\nwant\n%s", got, want)
	}
}

func TestSlotsPanelWidth(t *testing.T) {
	r := fourSlots(t)
	for _, ascii := range []bool{false, true} {
		for width := 8; width <= 140; width += 11 {
			out := SlotsPanel(r, width, ascii)
			for _, line := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(line); n > width {
					t.Errorf("width %d: line of %d runes: %q", width, n, line)
				}
			}
			if ascii && !isASCII(out) {
				t.Errorf("width %d: ASCII panel has other characters: %q", width, out)
			}
		}
	}
	if got := SlotsPanel(r, 30, false); !strings.HasPrefix(got, "slot     1 of 4 · managed 128…\n") {
		t.Errorf("cut panel starts %q", strings.SplitN(got, "\n", 2)[0])
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestSlotsReport(t *testing.T) {
	got := SlotsReport(fourSlots(t), SlotsOptions{Profile: true})
	golden.Contains(t, "report", got,
		"Per slot   4 slots, each: task heap 96 MiB, task off-heap 0 B, managed 128 MiB, network 32 MiB, CPU 1\n",
		"Managed memory per slot (128 MiB) · consumers: rocksdb,python\n",
		"  STATE_BACKEND      70   70 %  89.6 MiB  RocksDB state backend\n",
		"  PYTHON             30   30 %  38.4 MiB  Python UDF workers\n",
		"RocksDB · rule managed: STATE_BACKEND's share of each slot's managed memory\n",
		"  block cache           74.667 MiB  budget × (3 − 0.5) / 3\n",
		"  write buffer manager  29.867 MiB  budget × 2 × 0.5 / 3, charged to the cache\n",
		"  available  4096  128 MiB of network memory\n",
		"  required   6008  1502 per slot × 4 slots; 1912 short: needs 187.75 MiB of network memory\n",
		"    1 × output of an all-to-all exchange (500 subpartitions): 501 buffers each\n",
		"    1 × input gate of an all-to-all exchange (500 channels): 1001 buffers each\n",
		"    [1] raise taskmanager.memory.network.min to 192256k (the task heap shrinks from 384 MiB to 324.25 MiB)\n",
		"    [2] raise taskmanager.memory.process.size to 1828m and taskmanager.memory.network.min to 192256k (keeps the task heap at 384 MiB)\n",
		"    [4] lower taskmanager.network.memory.read-buffer.required-per-gate.max to 523 (",
		"every channel remote (an upper bound)",
		"  ! the job needs about 6008 network buffers",
		" [network-buffers-insufficient]\n",
	)
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "  !") && !strings.HasPrefix(line, "    [") && utf8.RuneCountInString(line) > 100 {
			t.Errorf("assumption or table line over 100 columns: %q", line)
		}
	}
	if ascii := SlotsReport(fourSlots(t), SlotsOptions{Profile: true, ASCII: true}); !isASCII(ascii) || !strings.Contains(ascii, "budget x (3 - 0.5) / 3") {
		t.Errorf("ASCII report:\n%s", ascii)
	}
	if bytes := SlotsReport(fourSlots(t), SlotsOptions{Bytes: true}); !strings.Contains(bytes, "74.667 MiB (78293675 bytes)") || strings.Contains(bytes, "Per slot") {
		t.Errorf("report with bytes:\n%s", bytes)
	}
}

func TestSlotsReportRefusalsAndUnbounded(t *testing.T) {
	r := slotsCase(t, memmodel.Line1_16,
		memmodel.Config{"taskmanager.memory.process.size": "1728m", memmodel.RocksDBManagedKey: "false"},
		memmodel.Uses{RocksDB: true}, nil)
	got := SlotsReport(r, SlotsOptions{})
	golden.Contains(t, "report", got,
		"RocksDB · rule unbounded: NOT bounded by Flink\n",
		"  no shared cache or write buffer manager",
		"  required: give the job's shape",
		"  ! RocksDB memory is NOT bounded",
		"[rocksdb-unbounded]\n",
		"  - RocksDB does not take managed memory",
	)

	r = slotsCase(t, memmodel.Line1_20,
		memmodel.Config{"taskmanager.memory.process.size": "1728m", memmodel.ManagedConsumerWeightsKey: "STATE_BACKEND:-1"},
		memmodel.Uses{RocksDB: true}, nil)
	got = SlotsReport(r, SlotsOptions{})
	if !strings.Contains(got, "Managed memory per slot (512 MiB) · consumers: rocksdb\n  Flink refuses the job when it starts: ") ||
		!strings.Contains(got, "(managed-consumer-weight-negative)") ||
		!strings.Contains(got, "RocksDB\n  Flink refuses the job when it starts: ") {
		t.Errorf("refused weights:\n%s", got)
	}
	if panel := SlotsPanel(r, 0, false); !strings.Contains(panel, "managed  refused: ") || !strings.Contains(panel, "rocksdb  refused: ") {
		t.Errorf("refused panel:\n%s", panel)
	}
}

func TestTextHelpers(t *testing.T) {
	got := wrap("aaa bbb ccc -XX:MaxDirectMemorySize=1 e", 12, "  ")
	want := []string{"aaa bbb ccc", "  -XX:MaxDir", "  ectMemoryS", "  ize=1 e"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q; want %q", got, want)
	}
	// A hyphen is no place to break a line.
	if got := wrap("run with no-op flags", 9, ""); strings.Join(got, "|") != "run with|no-op|flags" {
		t.Errorf("wrap broke at a hyphen: %q", got)
	}
	if got := cut("abcdef", 4, "..."); got != "a..." {
		t.Errorf("cut = %q", got)
	}
	if got := fit("ab", 4, UnicodeGlyphs()); got != "ab  " {
		t.Errorf("fit = %q", got)
	}
	if got := plural(1, "slot") + " " + plural(2, "slot"); got != "slot slots" {
		t.Errorf("plural = %q", got)
	}
	if got := slotsPercent(0.412) + " " + slotsPercent(0.7) + " " + percent(memmodel.MiB, 4*memmodel.MiB); got != "41.2 % 70 % 25.0%" {
		t.Errorf("percentages = %q", got)
	}
	if got := asciiText("a × b → c ≤ ∞", true); got != "a x b -> c <= unlimited" {
		t.Errorf("asciiText = %q", got)
	}
}

func BenchmarkSlotsPanel(b *testing.B) {
	r := fourSlots(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = SlotsPanel(r, 80, false)
	}
}

func BenchmarkSlotsReport(b *testing.B) {
	r := fourSlots(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = SlotsReport(r, SlotsOptions{Profile: true})
	}
}

// A scroll marker never stands in for a digit: 10977 must not read 1097▼.
func TestMarkEndKeepsDigits(t *testing.T) {
	st := StaticStyles(false, false)
	if got := markEnd("buffers 10977", "▼", st); got != "buffers 109…▼" {
		t.Errorf("markEnd over text = %q", got)
	}
	if got := markEnd("buffers 10977 ", "▼", st); got != "buffers 10977▼" {
		t.Errorf("markEnd over a space = %q", got)
	}
}
