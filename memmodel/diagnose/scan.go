package diagnose

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/flinkmem/flinkmem/memmodel"
)

// MaxLine is the longest line the scanner reads whole; the rest of a
// longer line is skipped, so that memory stays flat on any input.
const MaxLine = 64 * 1024

// maxJSON bounds a REST response read whole.
const maxJSON = 16 << 20

// Evidence is what a scan of a log, a message or a REST response found.
type Evidence struct {
	// Hits are the recognised symptoms, one per symptom and role, with
	// Count lines each.
	Hits []Hit
	// Import holds the sizes the input states.
	Import Imported
	// Lines is the number of lines read; Binary those skipped as binary,
	// Long those cut at MaxLine.
	Lines, Binary, Long int64
}

// Notices describe what the scan skipped.
func (e *Evidence) Notices() []string {
	var n []string
	if e.Binary > 0 {
		n = append(n, fmt.Sprintf("%d line(s) hold binary data and were skipped", e.Binary))
	}
	if e.Long > 0 {
		n = append(n, fmt.Sprintf("%d line(s) were longer than %d KiB; only their start was read", e.Long, MaxLine/1024))
	}
	return n
}

// ErrEmpty is returned for evidence with no text at all.
var ErrEmpty = errors.New("the evidence is empty: paste an error message, or give a log with --log FILE (or - for standard input)")

// Scan reads evidence line by line: it recognises symptoms and collects
// the sizes the input states (memory configuration trees, JVM flags,
// dynamic configs). A REST response (input starting with '{') is read as
// JSON. Memory use does not grow with the input.
func Scan(r io.Reader) (Evidence, error) {
	br := bufio.NewReaderSize(r, MaxLine)
	first, err := br.Peek(1)
	if len(first) == 0 {
		if err != nil && err != io.EOF {
			return Evidence{}, err
		}
		return Evidence{}, ErrEmpty
	}
	if b, _ := br.Peek(64); bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n\ufeff"), []byte("{")) {
		return scanJSON(br)
	}
	var ev Evidence
	s := scanner{ev: &ev, index: map[hitKey]int{}}
	for {
		line, long, err := readLine(br)
		if len(line) > 0 || err == nil {
			ev.Lines++
			if long {
				ev.Long++
			}
			s.line(line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return ev, err
		}
	}
	if ev.Lines == 0 || (len(ev.Hits) == 0 && ev.Import.Empty() && ev.Binary == ev.Lines) {
		if ev.Binary > 0 {
			return ev, errors.New("the evidence is binary data, not a log or a message")
		}
	}
	return ev, nil
}

func scanJSON(br *bufio.Reader) (Evidence, error) {
	data, err := io.ReadAll(io.LimitReader(br, maxJSON+1))
	if err != nil {
		return Evidence{}, err
	}
	if len(data) > maxJSON {
		return Evidence{}, fmt.Errorf("the JSON input is larger than %d MiB; a REST response is a few KiB", maxJSON>>20)
	}
	im, err := ReadREST(data)
	if err != nil {
		return Evidence{}, err
	}
	return Evidence{Import: im, Lines: int64(bytes.Count(data, []byte("\n")) + 1)}, nil
}

// readLine returns the next line without its ending; a line longer than
// the buffer is cut, and long tells so.
func readLine(br *bufio.Reader) (line []byte, long bool, err error) {
	line, err = br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long = true
		line = append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('\n')
		}
	}
	line = bytes.TrimRight(line, "\r\n")
	return line, long, err
}

type hitKey struct {
	s Symptom
	r RoleHint
}

type scanner struct {
	ev    *Evidence
	index map[hitKey]int
	tree  treeState
}

func (s *scanner) line(raw []byte) {
	loadTables()
	if bytes.IndexByte(raw, 0) >= 0 || !utf8.Valid(raw) {
		s.ev.Binary++
		return
	}
	// Most log lines hold nothing of interest: dismiss them before any
	// string is made.
	if !s.tree.active && gateScan(lineGate, raw) == 0 && !bytes.Contains(raw, []byte("-X")) &&
		!bytes.Contains(raw, []byte("-D")) && !bytes.Contains(raw, []byte("Memory configuration")) {
		return
	}
	line := string(raw)
	im := &s.ev.Import
	switch {
	case strings.Contains(line, "Final TaskExecutor Memory configuration:"):
		im.startTree(&s.tree, memmodel.TaskManager, "TaskExecutor memory tree")
		return
	case strings.Contains(line, "Final Master Memory configuration:"), strings.Contains(line, "Final JobManager Memory configuration:"):
		im.startTree(&s.tree, memmodel.JobManager, "JobManager memory tree")
		return
	}
	if s.tree.active {
		if im.treeLine(&s.tree, line) {
			return
		}
		s.tree.active = false
	}
	im.flagsAndDynamic(line)
	for _, h := range Recognise(line) {
		k := hitKey{h.Symptom, h.Role}
		if i, ok := s.index[k]; ok {
			have := &s.ev.Hits[i]
			have.Count++
			if len(h.Numbers) > len(have.Numbers) {
				h.Count = have.Count
				*have = h
			}
			continue
		}
		h.Count = 1
		s.index[k] = len(s.ev.Hits)
		s.ev.Hits = append(s.ev.Hits, h)
	}
}
