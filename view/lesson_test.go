package view

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestLessonLines(t *testing.T) {
	l := Lesson{Name: "default", Title: "Flink's shipped configuration", Description: "What a fresh   Flink ships.",
		Course: 1, Of: 30, Look: "The order on the bar.", Change: "Raise the process size to 4096m (set `taskmanager.memory.process.size: 4096m`).",
		Expect: "Metaspace stays at 256 MiB.", Question: "Which parts did not grow?", Facts: []string{"One fact."},
		Docs: []string{"https://nightlies.apache.org/flink/flink-docs-stable/docs/deployment/memory/mem_setup/"}}
	st := StaticStyles(false, false)
	got := strings.Join(LessonLines(l, 60, st), "\n")
	want := `Lesson 1 of 30: default — Flink's shipped configuration
What a fresh Flink ships.

Look     The order on the bar.
Change   Raise the process size to 4096m (set
         ` + "`taskmanager.memory.process.size: 4096m`" + `).
Expect   Metaspace stays at 256 MiB.
Ask      Which parts did not grow?

Facts
  - One fact.
Docs
         https://nightlies.apache.org/flink/flink-docs-stabl
         e/docs/deployment/memory/mem_setup/`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bare := LessonLines(Lesson{Name: "none", Check: "no-memory-configured"}, 60, st)
	if len(bare) != 2 || ansi.Strip(bare[1]) != "Flink refuses it on purpose: no-memory-configured" {
		t.Errorf("bare lesson: %q", bare)
	}
}
