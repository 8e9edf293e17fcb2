package diagnose

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestCollect(t *testing.T) {
	ev, err := Collect([]string{"java.lang.OutOfMemoryError:", "Metaspace"}, strings.NewReader("java.lang.OutOfMemoryError: Java heap space\n"))
	if err != nil || len(ev.Hits) != 2 || ev.Hits[0].Symptom != MetaspaceOOM || ev.Hits[1].Symptom != HeapOOM {
		t.Fatalf("%+v %v", ev.Hits, err)
	}
	if _, err := Collect(nil, nil); err != ErrEmpty {
		t.Fatalf("no evidence: %v", err)
	}
}

func TestOptionNotes(t *testing.T) {
	kvs := []memmodel.KeyValue{{Key: "env.java.opts.taskmanager", Value: "-Xmx8g -XX:MaxRAMPercentage=75 -Dfoo=bar"},
		{Key: "taskmanager.memory.process.size", Value: "-Xmx1g"}, {Key: "env.java.opts.jobmanager", Value: "-XX:MaxMetaspaceSize=1g"}}
	notes := OptionNotes(kvs, "-XX:MaxDirectMemorySize=2g")
	var got []string
	for _, n := range notes {
		got = append(got, n.Code+" "+n.Source+" "+n.Word)
	}
	want := "memory-flag-override env.java.opts.taskmanager -Xmx8g|ram-percentage-ignored env.java.opts.taskmanager -XX:MaxRAMPercentage=75|memory-flag-override env.java.opts.jobmanager -XX:MaxMetaspaceSize=1g|memory-flag-override FLINK_ENV_JAVA_OPTS -XX:MaxDirectMemorySize=2g"
	if strings.Join(got, "|") != want {
		t.Fatalf("notes:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if !strings.Contains(notes[2].Message, "jobmanager.memory.jvm-metaspace.size") {
		t.Errorf("jm metaspace: %s", notes[2].Message)
	}
}
