package diagnose

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// A YARN kill report carries the process tree with Flink's command line:
// its JVM flags and dynamic configs pin the configuration the container
// really ran with.
func TestDiagnosisUsesTheConfigurationOfTheEvidence(t *testing.T) {
	ran := resolveT(t, tmInput(memmodel.Config{"taskmanager.memory.process.size": "4g", "taskmanager.numberOfTaskSlots": "2"}))
	log := "Container [pid=122806,containerID=container_e10_1634010428940_125776_01_000003] is running beyond physical memory limits. Current usage: 4.2 GB of 4 GB physical memory used; 6.2 GB of 8.4 GB virtual memory used. Killing container.\n" +
		"Dump of the process-tree for container_e10_1634010428940_125776_01_000003 :\n" +
		"\t|- 122920 122806 122806 122806 (java) 1926809 110163 6567804928 1048262 /usr/local/jdk8/bin/java " + ran.JVMArgs() +
		" -Dlog.file=/x/taskmanager.log org.apache.flink.yarn.YarnTaskExecutorRunner " + ran.DynamicConfigsString() + "\n"
	ev, err := Scan(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	a := Diagnosis(defaultTM().Input(), true, ev, nil)
	f := a.Report.Findings[0]
	if f.Symptom != ContainerKilled || f.Limit.Bytes != ran.TotalProcess || !strings.HasPrefix(a.Report.Notices[0], "no -c, -D or --preset given") {
		t.Fatalf("finding %+v, notices %v", f, a.Report.Notices)
	}
	if f.NeededBytes == 0 || len(f.Fixes) == 0 {
		t.Fatalf("no need or fixes: %+v", f)
	}
	// With a configuration given, the evidence's sizes only inform.
	a = Diagnosis(defaultTM().Input(), false, ev, nil)
	if a.Report.Findings[0].Limit.Bytes != 1728*memmodel.MiB {
		t.Fatalf("given configuration not used: %+v", a.Report.Findings[0].Limit)
	}
	// A lone number is explained.
	ev, _ = Collect([]string{"268435458"}, nil)
	if a = Diagnosis(defaultTM().Input(), true, ev, []string{"268435458"}); a.Number == nil || !a.Recognised() {
		t.Fatalf("number: %+v", a)
	}
}
