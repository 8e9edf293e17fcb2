package model

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flinkmem/flinkmem/view/golden"
)

// tmuxSession drives the real flinkmem binary inside a private tmux
// server, the way a person at a terminal would.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	return string(out), err
}

// keys sends tmux key names (Enter, C-u, Escape) or, with literal, text.
func (s *tmuxSession) keys(literal bool, keys ...string) {
	s.t.Helper()
	args := []string{"send-keys", "-t", "e2e"}
	if literal {
		args = append(args, "-l")
	}
	if out, err := s.tmux(append(args, keys...)...); err != nil {
		s.t.Fatalf("send-keys %v: %v: %s", keys, err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, _ := s.tmux("capture-pane", "-p", "-t", "e2e")
	return out
}

// waitFor polls the screen until cond holds, failing with the last screen
// after a few seconds.
func (s *tmuxSession) waitFor(what string, cond func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		if cond(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; the screen shows:\n%s", what, scr)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (s *tmuxSession) waitText(text string) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q", text), func(scr string) bool { return strings.Contains(scr, text) })
}

// startTmux skips in -short mode or without tmux (outside CI), builds the
// binary into a temporary directory and returns a private tmux server
// that is killed when the test ends, the directory and the binary.
func startTmux(t *testing.T, name string) (s *tmuxSession, dir, bin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed (CI installs it; apt-get install tmux to run this test)")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "flinkmem")
	build := exec.Command("go", "build", "-o", bin, "github.com/flinkmem/flinkmem")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s = &tmuxSession{t: t, socket: fmt.Sprintf("flinkmem-%s-%d", name, os.Getpid())}
	t.Cleanup(func() { _, _ = s.tmux("kill-server") })
	return s, dir, bin
}

// start opens the tmux session "e2e" at 100×30 in dir, running command,
// and waits for the explorer's default screen.
func (s *tmuxSession) start(dir, command string) {
	s.t.Helper()
	if out, err := s.tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-c", dir, command); err != nil {
		s.t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	s.waitText("Total Process 1.688 GiB (1728m)")
}

// TestEndToEndInTmux builds the binary, runs it in tmux at 100×30 and
// checks what a user sees: switching RocksDB on fills the per-slot panel,
// the bar redraws after an edit, a refusal appears and a fix clears it, an
// export file is written, q quits.
func TestEndToEndInTmux(t *testing.T) {
	s, dir, bin := startTmux(t, "e2e")
	command := fmt.Sprintf("env NO_COLOR=1 TERM=xterm-256color %s --preset default --flink 2.1", bin)
	s.start(dir, command)
	first := s.screen()
	if !strings.Contains(first, "[TaskManager]") || !strings.Contains(first, "› Totals    taskmanager.memory.process.size") {
		t.Errorf("the first screen does not start on the process size:\n%s", first)
	}

	// The preset list, typed in one burst: p / rock enter enter loads
	// rocksdb; q in the list closes it; reopened, the list is unfiltered
	// and on rocksdb, so enter loads rocksdb again.
	s.keys(true, "p/rock")
	s.keys(false, "Enter", "Enter")
	s.waitText("loaded preset rocksdb")
	s.keys(true, "pq")
	s.waitFor("the list to close", func(scr string) bool { return !strings.Contains(scr, "Presets:") && strings.Contains(scr, "OPTIONS") })
	s.keys(true, "p")
	list := s.waitText("Presets:")
	if strings.Contains(list, "Filter:") || !strings.Contains(list, "› rocksdb") {
		t.Errorf("the reopened list is filtered or not on rocksdb:\n%s", list)
	}
	s.keys(false, "Escape")
	// (A key right after Escape would read as alt+key: wait first.)
	s.waitFor("the list to close", func(scr string) bool { return !strings.Contains(scr, "Presets:") })
	s.keys(true, "u")
	s.waitText("undone")
	s.waitText("preset default")

	// The wheel over the options pane scrolls and never edits: three
	// wheel-downs (SGR mouse reports) over the process size's row.
	row := 0
	for i, l := range strings.Split(s.waitText("preset default"), "\n") {
		if strings.Contains(l, "taskmanager.memory.process.size") {
			row = i + 1
		}
	}
	wheel := fmt.Sprintf("\x1b[<65;30;%dM", row)
	s.keys(true, wheel+wheel+wheel)
	time.Sleep(300 * time.Millisecond)
	if scr := s.screen(); !strings.Contains(scr, "unmodified") || !strings.Contains(scr, "Total Process 1.688 GiB (1728m)") {
		t.Errorf("the wheel changed the configuration:\n%s", scr)
	}
	s.keys(false, "PPage", "PPage", "PPage", "PPage")
	s.waitText("› Totals    taskmanager.memory.process.size")

	// The Job rows: J goes there, space switches RocksDB on and the
	// per-slot panel splits the slot's managed memory for it; u switches
	// it off again, and the cursor goes back up to the process size.
	s.keys(true, "J")
	s.keys(false, "Space")
	rocks := s.waitText("rocksdb  managed 512 MiB · cache 426.667 MiB · write buffers 170.667 MiB · high-prio 42.667 MiB")
	golden.Contains(t, "after switching RocksDB on the screen", rocks, "managed  STATE_BACKEND 100 % → 512 MiB", "RocksDB state: on", "› Job       RocksDB state")
	s.keys(true, "u")
	s.waitFor("RocksDB to be switched off", func(scr string) bool {
		return strings.Contains(scr, "undone") && !strings.Contains(scr, "rocksdb  managed")
	})
	s.keys(false, "PPage", "PPage", "PPage", "PPage")
	s.waitText("› Totals    taskmanager.memory.process.size")

	// An edit redraws the bar and its rulers.
	s.keys(false, "Enter", "C-u")
	s.keys(true, "4g")
	s.waitText("Total Process 4 GiB (4g)")
	s.keys(false, "Enter")
	s.waitText("taskmanager.memory.process.size = 4g")

	// A size Flink refuses crosses the bar out and lists fixes.
	s.keys(false, "Enter", "C-u")
	s.keys(true, "300m")
	s.keys(false, "Enter")
	// (While it is typed the refusal is on the status line only; enter
	// keeps it and crosses the bar out.)
	refused := s.waitText("Flink would not start this TaskManager")
	if !strings.Contains(refused, "metaspace-and-overhead-exceed-total-process") {
		t.Errorf("the refusal does not name its check:\n%s", refused)
	}
	if !strings.Contains(refused, "[1] raise taskmanager.memory.process.size") {
		t.Errorf("no numbered fix on the refusal screen:\n%s", refused)
	}
	if strings.Contains(refused, "Total Process") {
		t.Errorf("the refusal screen still shows the old rulers:\n%s", refused)
	}

	// Fix 1 clears the refusal.
	s.keys(true, "1")
	fixed := s.waitFor("the fix to clear the refusal", func(scr string) bool {
		return strings.Contains(scr, "applied fix 1") && !strings.Contains(scr, "Flink would not start")
	})
	if !strings.Contains(fixed, "Total Process") {
		t.Errorf("no rulers after the fix:\n%s", fixed)
	}

	// The export is written to a file in the working directory.
	s.keys(true, "e")
	s.waitText("format ")
	s.keys(true, "w")
	s.waitText("write to")
	s.keys(false, "C-u")
	s.keys(true, "exported.yaml")
	s.keys(false, "Enter")
	s.waitText("wrote exported.yaml")
	data, err := os.ReadFile(filepath.Join(dir, "exported.yaml"))
	if err != nil {
		t.Fatalf("export file: %v", err)
	}
	if !strings.Contains(string(data), "taskmanager:") || !strings.Contains(string(data), "size:") {
		t.Errorf("export file holds:\n%s", data)
	}

	// q quits and the session ends with the program.
	s.keys(false, "Escape")
	s.waitFor("the main screen", func(scr string) bool { return !strings.Contains(scr, "write to") && strings.Contains(scr, "OPTIONS") })
	s.keys(true, "q")
	// The session was written to a file: q quits at once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := s.tmux("has-session", "-t", "e2e"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the screen shows:\n%s", s.screen())
		}
		time.Sleep(40 * time.Millisecond)
	}

	// SIGTERM ends the program and leaves the shell's screen as it was.
	// The last session's end shuts the first tmux server down; a fresh
	// socket keeps the next session from racing that shutdown.
	s.socket += "-2"
	shell := fmt.Sprintf("sh -c 'echo before; %s; echo exit=$?; sleep 30'", command)
	s.start(dir, shell)
	// A change never written asks before q quits; n goes back.
	s.keys(true, "+q")
	s.waitText("Quit without exporting?")
	s.keys(true, "n")
	s.waitFor("the question to close", func(scr string) bool { return !strings.Contains(scr, "Quit without exporting?") })
	pane, err := s.tmux("list-panes", "-t", "e2e", "-F", "#{pane_pid}")
	if err != nil {
		t.Fatalf("list-panes: %v", err)
	}
	out, err := exec.Command("pgrep", "-P", strings.TrimSpace(pane), "-f", bin).Output()
	if err != nil {
		t.Fatalf("finding the flinkmem process under pane %s: %v", strings.TrimSpace(pane), err)
	}
	pid := strings.Fields(string(out))[0]
	if out, err := exec.Command("kill", "-TERM", pid).CombinedOutput(); err != nil {
		t.Fatalf("kill -TERM %s: %v: %s", pid, err, out)
	}
	after := s.waitText("exit=")
	if strings.Contains(after, "OPTIONS") || !strings.Contains(after, "before") {
		t.Errorf("after SIGTERM the alternate screen was not left:\n%s", after)
	}
}
