package presets

import (
	"strconv"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// TestCourseWalk walks the course: positions run 1…n, the workload presets
// come first, every preset has a complete lesson, and the lesson's change
// does what it promises: a training preset is refused with its check
// before and accepted after, a workload preset stays accepted.
func TestCourseWalk(t *testing.T) {
	course := mustList(t, Course)
	all := mustList(t, All)
	if len(course) != len(all) {
		t.Errorf("course has %d presets of %d", len(course), len(all))
	}
	training := false
	for i, p := range course {
		if p.Course != i+1 {
			t.Errorf("%s at position %d claims %d", p.Name, i+1, p.Course)
		}
		if p.Training {
			training = true
		} else if training {
			t.Errorf("workload preset %s comes after a training preset", p.Name)
		}
		if !p.Lesson.Complete() {
			t.Errorf("%s: incomplete lesson %+v", p.Name, p.Lesson)
		}
		lines, err := p.ClaimedLines()
		if err != nil || len(lines) == 0 {
			t.Fatalf("%s: lines %v, %v", p.Name, lines, err)
		}
		role := p.TargetRole()
		for _, line := range lines {
			if role == memmodel.JobManager && !line.HasJobManagerModel() {
				continue
			}
			before := memmodel.Input{Role: role, Line: line, Config: p.Config(role)}
			_, errBefore := memmodel.Resolve(before)
			if p.Training {
				rej, ok := errBefore.(*memmodel.Rejection)
				if !ok || rej.Check != p.Check {
					t.Errorf("%s on %s: before the change %v, want check %s", p.Name, line, errBefore, p.Check)
				}
			}
			after := before
			after.Config = p.Lesson.Apply(before.Config)
			if _, err := memmodel.Resolve(after); err != nil {
				t.Errorf("%s on %s: the lesson's change leaves it refused: %v", p.Name, line, err)
			}
		}
		for _, k := range p.Lesson.Unset {
			if _, ok := p.Config(role)[k]; !ok {
				t.Errorf("%s: the lesson removes %s, which the preset does not set", p.Name, k)
			}
		}
	}
	if _, ok := Neighbour(course[len(course)-1].Name, 1); ok {
		t.Error("a preset after the last")
	}
	if n, ok := Neighbour(course[0].Name, 1); !ok || n.Name != course[1].Name {
		t.Errorf("next of %s: %s %v", course[0].Name, n.Name, ok)
	}
	if n, ok := Neighbour(course[1].Name, -1); !ok || n.Name != course[0].Name {
		t.Errorf("previous of %s: %s %v", course[1].Name, n.Name, ok)
	}
	if _, ok := Neighbour(course[0].Name, -1); ok {
		t.Error("a preset before the first")
	}
	if _, ok := Neighbour("no-such-preset", 1); ok {
		t.Error("a neighbour of an unknown preset")
	}
}

func TestCheckCourse(t *testing.T) {
	lesson := Lesson{Look: "l", Change: "c", Set: map[string]string{"k": "v"}, Expect: "e", Question: "q"}
	for _, tc := range []struct {
		name string
		list []Preset
		want string
	}{
		{"gap", []Preset{{Name: "a", Course: 1, Lesson: lesson}, {Name: "b", Course: 3, Lesson: lesson}}, "position 3, but the course needs position 2"},
		{"repeat", []Preset{{Name: "a", Course: 1, Lesson: lesson}, {Name: "b", Course: 1, Lesson: lesson}}, "position 1, but the course needs position 2"},
		{"no lesson", []Preset{{Name: "a", Course: 1}}, "its lesson needs look"},
		{"lesson only", []Preset{{Name: "a", Lesson: lesson}}, "no course position"},
		{"negative", []Preset{{Name: "a", Course: -2}}, "course -2"},
	} {
		wantError(t, tc.name+": checkCourse", checkCourse(tc.list), tc.want)
	}
	if err := checkCourse([]Preset{{Name: "a", Course: 1, Lesson: lesson}, {Name: "b"}}); err != nil {
		t.Error(err)
	}
}

func TestHandout(t *testing.T) {
	course := mustList(t, Course)
	md := Handout(course)
	pos := 0
	for _, p := range course {
		head := "\n## " + strconv.Itoa(p.Course) + ". " + p.Title + "\n"
		i := strings.Index(md, head)
		if i < pos {
			t.Fatalf("heading %q missing or out of order", head)
		}
		pos = i
		next := len(md)
		if j := strings.Index(md[i+1:], "\n## "); j >= 0 {
			next = i + 1 + j
		}
		section := md[i:next]
		for _, want := range []string{"`" + p.Name + "`", oneLine(p.Lesson.Look), oneLine(p.Lesson.Question), oneLine(p.Lesson.Expect), p.Docs} {
			if !strings.Contains(section, want) {
				t.Errorf("%s: section lacks %q", p.Name, want)
			}
		}
	}
	if strings.Count(md, "\n## ") != len(course) || !strings.HasPrefix(md, "# ") {
		t.Errorf("handout has %d sections for %d presets", strings.Count(md, "\n## "), len(course))
	}
	if !strings.Contains(md, "set `taskmanager.memory.process.size: 4096m`") || !strings.Contains(md, "remove `taskmanager.memory.flink.size`") {
		t.Error("handout does not spell out the changes")
	}
}

// A lesson's change never edits the preset it came from.
func TestLessonApplyCopies(t *testing.T) {
	cfg := memmodel.Config{"a": "1", "b": "2"}
	got := Lesson{Set: map[string]string{"a": "3"}, Unset: []string{"b"}}.Apply(cfg)
	if got["a"] != "3" || len(got) != 1 || cfg["a"] != "1" || cfg["b"] != "2" {
		t.Errorf("Apply: %v, original %v", got, cfg)
	}
}
