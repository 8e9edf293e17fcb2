package flinkconf

import (
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestLimitNotices(t *testing.T) {
	src, err := LoadWith("testdata/compose-list.yml", Options{Line: memmodel.LatestLine})
	if err != nil {
		t.Fatal(err)
	}
	ns := src.LimitNotices(memmodel.TaskManager, 3<<30)
	if len(ns) != 1 || ns[0].Code != NoticeContainerLimitExceeded || ns[0].Severity() != memmodel.SeverityWarning || ns[0].Line != 19 || !strings.Contains(ns[0].Message, "1 GiB above") {
		t.Errorf("3g in a 2g container: %+v", ns)
	}
	ns = src.LimitNotices(memmodel.TaskManager, 1728<<20)
	if len(ns) != 1 || ns[0].Code != NoticeContainerLimit || ns[0].Severity() != memmodel.SeverityInfo || !strings.Contains(ns[0].Message, "320 MiB to spare") {
		t.Errorf("1728m in a 2g container: %+v", ns)
	}
	if ns := src.LimitNotices(memmodel.JobManager, 3<<30); len(ns) != 0 {
		t.Errorf("the limit is the TaskManager's: %+v", ns)
	}
}

func TestExportReplaces(t *testing.T) {
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.heap.size": "1024m"}}
	res, err := memmodel.Export(in, memmodel.ExportOptions{KeepDefaults: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ExportReplaces(&res)["taskmanager.memory.flink.size"]; got != "taskmanager.heap.size" {
		t.Errorf("replaces = %v (migrations %v)", ExportReplaces(&res), res.Migrations)
	}
}

func TestLineNoticeAndResourceProblem(t *testing.T) {
	src, err := LoadWith("testdata/deployment-v1_15.yaml", Options{Line: memmodel.LatestLine})
	if err != nil {
		t.Fatal(err)
	}
	n, ok := src.LineNotice()
	if !ok || !strings.Contains(n.Message, "Flink 1.15") || !strings.Contains(n.Message, "spec.flinkVersion v1_15") {
		t.Errorf("line notice %+v", n)
	}
	if p := src.ResourceProblem(memmodel.TaskManager); p != "" {
		t.Errorf("16g has no problem: %s", p)
	}
	dec, err := LoadWith("testdata/deployment-decimal.yaml", Options{Line: memmodel.LatestLine})
	if err != nil {
		t.Fatal(err)
	}
	if p := dec.ResourceProblem(memmodel.TaskManager); !strings.Contains(p, "2.5Gi") || dec.ResourceProblem(memmodel.JobManager) != "" {
		t.Errorf("problems %q / %q", p, dec.ResourceProblem(memmodel.JobManager))
	}
}
