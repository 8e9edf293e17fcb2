package flinkconf

import (
	"strings"
	"testing"
)

func TestDynamicNotices(t *testing.T) {
	d := Dynamic{
		{Key: "taskmanager.memory.proces.size", Value: "4g"},
		{Key: " taskmanager.memory.managed.fraction ", Value: " 0.5"},
		{Key: "env.java.opts.taskmanager", Value: "-Xmx8g"},
		{Key: "taskmanager.memory.process.size", Value: "4g"},
	}
	got := d.Notices()
	var codes []string
	for _, n := range got {
		codes = append(codes, n.Code)
		if !strings.HasPrefix(n.Message, "-D: ") {
			t.Errorf("message %q does not start with -D: ", n.Message)
		}
	}
	if strings.Join(codes, " ") != "key-spaces unknown-key jvm-memory-flag" {
		t.Fatalf("codes %v, notices %+v", codes, got)
	}
	if !strings.Contains(got[1].Message, "did you mean taskmanager.memory.process.size?") ||
		!strings.Contains(got[0].Message, "write -D taskmanager.memory.managed.fraction=0.5") {
		t.Errorf("messages: %q, %q", got[0].Message, got[1].Message)
	}
	if n := (Dynamic{{Key: "taskmanager.memory.process.size", Value: "4g"}}).Notices(); len(n) != 0 {
		t.Errorf("a known key gets notices: %+v", n)
	}
}
