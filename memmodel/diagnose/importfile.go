package diagnose

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/flinkmem/flinkmem/memmodel"
)

// FileImport is a configuration rebuilt from a log or a REST response.
type FileImport struct {
	Config memmodel.Config
	Role   memmodel.Role
	// Label says where it came from ("TaskManager log flink-tm.log").
	Label string
	// Notes say what the source was and what it implies.
	Notes []string
}

// sniffSize is how much of an input is looked at to tell a log from a
// configuration file.
const sniffSize = 1 << 20

// ImportFile reads path ("-" reads stdin) as a log or a saved REST
// response when its start looks like one (see LooksImportable) and
// rebuilds the pinned configuration that reproduces its sizes for line.
// When the input is a configuration file instead, it returns nil and a
// reader that still yields the whole of stdin (for "-"), so the caller
// can read it as one.
func ImportFile(path string, stdin io.Reader, line memmodel.Line) (*FileImport, io.Reader, error) {
	var r *bufio.Reader
	name := "standard input"
	if path == "-" {
		r = bufio.NewReaderSize(stdin, sniffSize)
	} else {
		fi, err := os.Stat(path)
		if err != nil || fi.IsDir() || !fi.Mode().IsRegular() {
			return nil, stdin, nil // the configuration reader explains the problem
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, stdin, nil
		}
		defer f.Close()
		r = bufio.NewReaderSize(f, sniffSize)
		name = path
	}
	head, _ := r.Peek(sniffSize)
	if !LooksImportable(head) {
		if path == "-" {
			return nil, r, nil
		}
		return nil, stdin, nil
	}
	ev, err := Scan(r)
	if err != nil && !errors.Is(err, ErrEmpty) {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	if ev.Import.Empty() || !ev.Import.Pins() {
		return nil, nil, fmt.Errorf("%s looks like a log but states no memory configuration: give a log with the \"Final TaskExecutor Memory configuration\" tree, the start scripts' -D dynamic configs, or a saved REST response of GET /taskmanagers/<id>", name)
	}
	cfg, notes, err := ev.Import.Config(line)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	imp := &FileImport{Config: cfg, Role: ev.Import.Role, Notes: notes, Label: ev.Import.Role.Title() + " sizes read from " + name}
	return imp, nil, nil
}
