package flinkconf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	a, b := filepath.Join(dir, "a.svg"), filepath.Join(dir, "b.svg")
	if err := WriteNew([]NewFile{{a, []byte("A")}, {b, []byte("B")}}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(b); string(data) != "B" {
		t.Errorf("b.svg holds %q", data)
	}
	// One existing file stops the whole batch before anything is written.
	c := filepath.Join(dir, "c.svg")
	err := WriteNew([]NewFile{{c, []byte("C")}, {a, []byte("new")}})
	if !errors.Is(err, ErrExists) || !strings.HasPrefix(err.Error(), a+" already exists; nothing was written") {
		t.Errorf("WriteNew over a.svg: %v", err)
	}
	if _, err := os.Stat(c); err == nil {
		t.Error("c.svg was written although a.svg exists")
	}
	if data, _ := os.ReadFile(a); string(data) != "A" {
		t.Errorf("a.svg was overwritten: %q", data)
	}
}
