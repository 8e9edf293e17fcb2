package presets

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Lesson turns a preset into a short class exercise: where to look, one
// change to make, what the class should then see, and a question to ask.
type Lesson struct {
	// Look says what to point at once the preset is loaded.
	Look string `yaml:"look"`
	// Change says what to change, in words; Set and Unset are that
	// change as options, so that it can be applied and checked.
	Change string            `yaml:"change"`
	Set    map[string]string `yaml:"set"`
	Unset  []string          `yaml:"unset"`
	// Expect says what the change does.
	Expect string `yaml:"expect"`
	// Question is for the class.
	Question string `yaml:"question"`
}

// Empty reports whether the lesson has no text at all.
func (l Lesson) Empty() bool {
	return l.Look == "" && l.Change == "" && l.Expect == "" && l.Question == ""
}

// Complete reports whether every part of the lesson is written.
func (l Lesson) Complete() bool {
	return l.Look != "" && l.Change != "" && l.Expect != "" && l.Question != "" && (len(l.Set) > 0 || len(l.Unset) > 0)
}

// Apply returns the preset's configuration with the lesson's change made.
func (l Lesson) Apply(cfg memmodel.Config) memmodel.Config {
	out := make(memmodel.Config, len(cfg)+len(l.Set))
	for k, v := range cfg {
		out[k] = v
	}
	for _, k := range l.Unset {
		delete(out, k)
	}
	for k, v := range l.Set {
		out[k] = v
	}
	return out
}

func (l Lesson) clone() Lesson {
	c := l
	c.Set = cloneMap(l.Set)
	c.Unset = append([]string(nil), l.Unset...)
	return c
}

// Course returns the presets that take part in the teaching course, in
// course order: the workload presets first, then the training presets
// from the plainest refusal to the subtlest.
func Course() ([]Preset, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	if err := checkCourse(all); err != nil {
		return nil, err
	}
	var list []Preset
	for _, p := range all {
		if p.Course > 0 {
			list = append(list, p)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Course < list[j].Course })
	return list, nil
}

// Neighbour returns the preset delta places from name in the course (1
// the next, -1 the previous), and false at either end or when name is not
// in the course.
func Neighbour(name string, delta int) (Preset, bool) {
	course, err := Course()
	if err != nil {
		return Preset{}, false
	}
	for i, p := range course {
		if p.Name == name {
			if j := i + delta; j >= 0 && j < len(course) {
				return course[j], true
			}
			return Preset{}, false
		}
	}
	return Preset{}, false
}

// checkCourse reports course positions that are not 1, 2, 3 … without
// gaps or repeats, and presets in the course without a complete lesson.
func checkCourse(all []Preset) error {
	var in []Preset
	for _, p := range all {
		if p.Course < 0 {
			return fmt.Errorf("preset %s: course %d; give a position from 1, or leave it out", p.Name, p.Course)
		}
		if p.Course > 0 {
			in = append(in, p)
		} else if !p.Lesson.Empty() {
			return fmt.Errorf("preset %s has a lesson but no course position; add course: N", p.Name)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return in[i].Course < in[j].Course })
	for i, p := range in {
		if p.Course != i+1 {
			return fmt.Errorf("preset %s: course position %d, but the course needs position %d next (positions run 1, 2, 3 … once each)", p.Name, p.Course, i+1)
		}
		if !p.Lesson.Complete() {
			return fmt.Errorf("preset %s: its lesson needs look, change (with set or unset), expect and question", p.Name)
		}
	}
	return nil
}

// CourseHandout is the Handout of the course, or why the course cannot
// be read.
func CourseHandout() (string, error) {
	course, err := Course()
	if err != nil {
		return "", err
	}
	return Handout(course), nil
}

// Handout writes the course as Markdown for a printed handout: one
// heading per preset with its description, the lesson, the facts and the
// documentation links.
func Handout(course []Preset) string {
	var b strings.Builder
	b.WriteString("# Flink memory, step by step: a course in " + fmt.Sprint(len(course)) + " presets\n\n")
	b.WriteString("Load each preset with `flinkmem --preset NAME` (add `--flink LINE` for the older lines a preset names), " +
		"press `s` to step through its derivation and `L` for its lesson. `flinkmem render --preset NAME --steps` prints the steps. " +
		"The numbers are those of the newest Flink line a preset applies to.\n")
	for _, p := range course {
		b.WriteString("\n## " + fmt.Sprint(p.Course) + ". " + p.Title + "\n\n")
		kind := "workload"
		if p.Training {
			kind = "training: Flink refuses it with `" + string(p.Check) + "`"
		}
		b.WriteString("Preset `" + p.Name + "` · " + p.TargetRole().Title() + " · " + kind)
		if len(p.Lines) > 0 {
			b.WriteString(" · Flink " + strings.Join(p.Lines, ", "))
		}
		b.WriteString("\n\n" + oneLine(p.Description) + "\n\n")
		l := p.Lesson
		b.WriteString("- **Look at:** " + oneLine(l.Look) + "\n")
		b.WriteString("- **Change:** " + oneLine(l.Change) + changeCode(l) + "\n")
		b.WriteString("- **Expect:** " + oneLine(l.Expect) + "\n")
		b.WriteString("- **Ask the class:** " + oneLine(l.Question) + "\n")
		if len(p.Facts) > 0 {
			b.WriteString("\nFacts:\n\n")
			for _, f := range p.Facts {
				b.WriteString("- " + oneLine(f) + "\n")
			}
		}
		for _, d := range append([]string{p.Docs}, p.See...) {
			if d != "" {
				b.WriteString("\nDocs: <" + d + ">\n")
			}
		}
	}
	return b.String()
}

// Edits lists the lesson's change as edits, quoted with quote: "set
// " + quote(key: value) for each key set, in key order, then "remove " +
// quote(key) for each key removed.
func (l Lesson) Edits(quote func(string) string) []string {
	keys := make([]string, 0, len(l.Set))
	for k := range l.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, "set "+quote(k+": "+l.Set[k]))
	}
	for _, k := range l.Unset {
		out = append(out, "remove "+quote(k))
	}
	return out
}

// changeCode writes the lesson's change as options: ` (set `k: v`; remove `k`)`.
func changeCode(l Lesson) string {
	parts := l.Edits(func(s string) string { return "`" + s + "`" })
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// oneLine folds whitespace, so that folded YAML text reads as one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
