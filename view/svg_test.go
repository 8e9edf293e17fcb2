package view

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view/golden"
)

// wellFormed parses an SVG document with encoding/xml and returns its text
// and the names of its elements.
func wellFormed(t *testing.T, doc string) (text string, elements map[string]int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	elements = map[string]int{}
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			elements[v.Name.Local]++
			if v.Name.Local == "svg" && v.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("svg element in namespace %q", v.Name.Space)
			}
		case xml.CharData:
			b.Write(v)
			b.WriteByte('\n')
		}
	}
	return b.String(), elements
}

// noExternals fails on anything that would fetch or run something.
func noExternals(t *testing.T, doc string) {
	t.Helper()
	for _, bad := range []string{"<script", "<image", "@import", "href", "url(", "<foreignObject", "<style"} {
		if strings.Contains(doc, bad) {
			t.Errorf("SVG contains %q", bad)
		}
	}
}

func TestSVGDefaultTaskManager(t *testing.T) {
	in := memmodel.Input{Role: memmodel.TaskManager, Line: memmodel.Line1_20, Config: memmodel.Config{"taskmanager.memory.process.size": "1728m"}}
	l := mustResolve(t, in)
	for _, light := range []bool{false, true} {
		doc := SVG(Resolution{Input: in, Layout: *l}, SVGOptions{Light: light})
		text, els := wellFormed(t, doc)
		noExternals(t, doc)
		for _, c := range memmodel.Components(memmodel.TaskManager) {
			bytes := strconv.FormatInt(l.Size[c].Bytes(), 10)
			if !strings.Contains(text, c.String()+"\n") || !strings.Contains(text, bytes+"\n") {
				t.Errorf("light=%v: %s or its %s bytes missing", light, c, bytes)
			}
		}
		for _, want := range []string{strconv.FormatInt(l.TotalProcess.Bytes(), 10), strconv.FormatInt(l.TotalFlink.Bytes(), 10), l.JVMArgs()} {
			if !strings.Contains(text, want) {
				t.Errorf("light=%v: %q missing", light, want)
			}
		}
		// One rectangle for the background, one per non-empty segment,
		// one swatch per component.
		if els["rect"] != 1+7+8 {
			t.Errorf("light=%v: %d rects", light, els["rect"])
		}
		name := "default-taskmanager-dark"
		if light {
			name = "default-taskmanager-light"
		}
		checkSVGGolden(t, name, doc)
	}
}

// The dark and light variants draw each segment in the screen's colour
// for that background.
func TestSVGPalette(t *testing.T) {
	dark, light := paletteOf(false, false), paletteOf(true, false)
	if dark.bg == light.bg || dark.segment[memmodel.Managed] != "#6cc76c" || light.segment[memmodel.Managed] != "#2e8b3a" {
		t.Errorf("palettes: dark %+v light %+v", dark, light)
	}
	for _, light := range []bool{true, false} {
		p := paletteOf(light, true)
		bg, managed := projectorBackground.Dark, projectorTheme.segment[memmodel.Managed].Dark
		if light {
			bg, managed = projectorBackground.Light, projectorTheme.segment[memmodel.Managed].Light
		}
		if p.bg != bg || p.segment[memmodel.Managed] != managed {
			t.Errorf("projector light=%v: %+v", light, p)
		}
		for _, fg := range append([]string{p.fg, p.dim, p.err, p.accent}, p.segment[:]...) {
			if r, err := ContrastRatio(fg, p.bg); err != nil || r < 7 {
				t.Errorf("projector light=%v: %s on %s is %.2f:1", light, fg, p.bg, r)
			}
		}
	}
}

func TestSVGRefusedAndSteps(t *testing.T) {
	in := stepModes[4].in
	_, err := memmodel.Resolve(in)
	doc := SVG(Resolution{Input: in, Err: err, Fixes: memmodel.Fixes(in, err)}, SVGOptions{})
	text, _ := wellFormed(t, doc)
	noExternals(t, doc)
	if !strings.Contains(text, "derived-task-heap-negative") || !strings.Contains(text, "[1] ") {
		t.Errorf("refused SVG text:\n%s", text)
	}
	for _, m := range stepModes {
		steps := memmodel.Steps(m.in)
		for i := range steps {
			doc := StepSVG(m.in, steps, i, SVGOptions{Width: 800})
			text, _ := wellFormed(t, doc)
			noExternals(t, doc)
			if !strings.Contains(text, steps[i].Caption()) {
				t.Errorf("%s step %d: caption missing", m.name, i+1)
			}
			if m.name == "tm-process" && i == 4 {
				checkSVGGolden(t, "step-tm-process-5", doc)
			}
		}
		checkSVGGolden(t, "step-"+m.name+"-last", StepSVG(m.in, steps, len(steps)-1, SVGOptions{}))
	}
	files := StepSVGs(stepModes[0].in, SVGOptions{})
	if len(files) != 8 || files[0].Name != "step-01.svg" || files[7].Name != "step-08.svg" || !strings.Contains(files[7].SVG, "Step 8 of 8") {
		t.Errorf("StepSVGs: %d files, first %q", len(files), files[0].Name)
	}
	if StepSVG(in, nil, 0, SVGOptions{}) != "" {
		t.Error("StepSVG without steps drew something")
	}
}

// checkSVGGolden compares an SVG with testdata/svg/<name>.svg; the
// README shows default-taskmanager-dark.svg, so it is always the real
// renderer's output.
func checkSVGGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "svg", name+".svg"), []byte(got))
}

// The README shows the default TaskManager's SVG, which the golden above
// keeps equal to the renderer's output.
func TestReadmeShowsTheSVG(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "](view/testdata/svg/default-taskmanager-dark.svg)") {
		t.Error("README.md does not show view/testdata/svg/default-taskmanager-dark.svg")
	}
}

func TestPictureFlags(t *testing.T) {
	for _, tc := range []struct {
		format, theme, write string
		steps                bool
		want                 *SVGOptions
		err                  string
	}{
		{"text", "dark", "", false, nil, ""},
		{"text", "dark", "", true, nil, ""},
		{"svg", "dark", "", false, &SVGOptions{}, ""},
		{"svg", "light", "a.svg", false, &SVGOptions{Light: true}, ""},
		{"svg", "projector-light", "dir", true, &SVGOptions{Light: true, Projector: true}, ""},
		{"svg", "projector", "", true, nil, "name their directory with -w DIR"},
		{"svg", "sepia", "", false, nil, `--theme "sepia"`},
		{"png", "dark", "", false, nil, "rsvg-convert"},
		{"html", "dark", "", false, nil, `--format "html"`},
		{"text", "light", "", false, nil, "add --format svg"},
		{"text", "dark", "x", false, nil, "add --format svg"},
	} {
		got, err := PictureFlags(tc.format, tc.theme, tc.write, tc.steps)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%+v: error %v, want %q", tc, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%+v: %v", tc, err)
		case tc.err == "" && (got == nil) != (tc.want == nil), got != nil && *got != *tc.want:
			t.Errorf("%+v: %+v", tc, got)
		}
	}
}
