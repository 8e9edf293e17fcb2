package flinkconf

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

func TestReadInput(t *testing.T) {
	env := func(v string, set bool) func(string) (string, bool) {
		return func(k string) (string, bool) {
			if k != "FLINK_PROPERTIES" {
				t.Errorf("looked up %s", k)
			}
			return v, set
		}
	}
	in, err := ReadInput("", ReadOptions{Env: true, LookupEnv: env("taskmanager.memory.process.size: 3g\n", true)})
	if err != nil || in.Config["taskmanager.memory.process.size"] != "3g" || !in.ImageDefaults || in.Line != memmodel.LatestLine || in.Label != "FLINK_PROPERTIES from the environment" {
		t.Fatalf("%v %+v", err, in)
	}
	in, err = ReadInput("", ReadOptions{Env: true, Line: memmodel.Line1_18, LineGiven: true, LookupEnv: env("", false)})
	if err != nil || len(in.Config) != 0 || in.Line != memmodel.Line1_18 || len(in.Notices) != 1 || in.Notices[0].Code != NoticeNoProperties {
		t.Fatalf("unset: %v %+v", err, in)
	}
	if in, err := ReadInput("", ReadOptions{}); in != nil || err != nil {
		t.Errorf("no input: %v %v", in, err)
	}
	for _, tt := range []struct {
		path string
		o    ReadOptions
		want string
	}{
		{"testdata/flink.env", ReadOptions{Env: true}, "drop -c"},
		{"", ReadOptions{Service: "tm"}, "give the file with -c"},
		{"testdata/configmap.yaml", ReadOptions{Service: "tm"}, "is a ConfigMap; drop --service"},
	} {
		if _, err := ReadInput(tt.path, tt.o); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %+v: %v", tt.path, tt.o, err)
		}
	}
	var none *Input
	if ns := none.LimitNotices(memmodel.Input{}); ns != nil {
		t.Errorf("nil input: %v", ns)
	}
	in, err = ReadInput("testdata/compose-list.yml", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := memmodel.Input{Role: memmodel.TaskManager, Line: in.Line, Config: in.Config}
	if ns := in.LimitNotices(cfg); len(ns) != 1 || ns[0].Code != NoticeContainerLimitExceeded {
		t.Errorf("3g in a 2g container: %+v", ns)
	}
}

func TestDeliverDashAndChangedFile(t *testing.T) {
	var out strings.Builder
	ex := &Exported{Data: []byte("a: 1\n")}
	if done, err := ex.Deliver(&out, "-", "", false, memmodel.ExportConfigYAML); err != nil || done != "" || out.String() != "a: 1\n" {
		t.Errorf("-w -: %q %v %q", done, err, out.String())
	}
	path := t.TempDir() + "/config.yaml"
	if err := os.WriteFile(path, []byte("b: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ex = &Exported{Data: []byte("a: 1\n"), From: &Source{Path: path, Data: []byte("b: 1\n")}}
	if _, err := ex.Deliver(&out, "", path, false, ""); !errors.Is(err, ErrChanged) {
		t.Errorf("update of a changed file: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "b: 2\n" {
		t.Errorf("the changed file was overwritten: %q", got)
	}
}
