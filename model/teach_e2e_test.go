package model

import (
	"fmt"
	"strings"
	"testing"
)

// TestTrainerInTmux walks what a trainer does with the real binary at
// 100×30: load the next preset of the course, read its lesson, step
// through its derivation, go on to a training preset that Flink refuses
// and step to the refusal.
func TestTrainerInTmux(t *testing.T) {
	s, dir, bin := startTmux(t, "teach")
	command := fmt.Sprintf("env NO_COLOR=1 TERM=xterm-256color %s --preset default", bin)
	s.start(dir, command)

	s.keys(true, "n")
	s.waitText("lesson 2 of 30: container")
	s.keys(true, "L")
	lesson := s.waitText("Lesson 2 of 30: container")
	for _, want := range []string{"Look ", "Change ", "Expect ", "Ask "} {
		if !strings.Contains(lesson, want) {
			t.Errorf("the lesson lacks %q:\n%s", want, lesson)
		}
	}
	s.keys(true, "s")
	s.waitText("Step 1 of 8: start from Total Process")
	s.keys(false, "Right", "Space")
	step3 := s.waitText("Step 3 of 8: JVM metaspace")
	if !strings.Contains(step3, "the default of taskmanager.memory.jvm-metaspace.size") {
		t.Errorf("step 3 lacks its numbers:\n%s", step3)
	}
	s.keys(false, "Left")
	s.waitText("Step 2 of 8: JVM overhead")
	s.keys(false, "Escape")
	s.waitFor("the main screen", func(scr string) bool {
		return !strings.Contains(scr, "Step 2 of 8") && strings.Contains(scr, "OPTIONS")
	})

	// Lessons 8 to 10 are refusals; the step-through of lesson 10 ends on
	// Flink's check.
	for i := 0; i < 8; i++ {
		s.keys(true, "n")
	}
	s.waitText("lesson 10 of 30: train-process-too-small")
	s.keys(true, "s")
	s.keys(false, "Right", "Right", "Right")
	refused := s.waitText("Step 4 of 4: Total Flink: refused")
	if !strings.Contains(refused, "Flink refuses: metaspace-and-overhead-exceed-total-process") {
		t.Errorf("the last step does not show the refusal:\n%s", refused)
	}
	s.keys(false, "Escape")
	s.keys(true, "q")
}
