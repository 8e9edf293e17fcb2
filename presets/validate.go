package presets

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/flinkmem/flinkmem/memmodel"
)

// MinTaskHeap is the least task heap an ordinary preset may leave on every
// line it claims. A configuration Flink accepts with a few MiB of task heap
// is valid but useless for running a job, and a preset must be useful.
const MinTaskHeap = 128 * memmodel.MiB

var namePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// Validate checks everything a preset promises. Every preset needs a
// lower-case name (training ones start with TrainingPrefix), a title, a
// description, a documentation link, lines that parse, and options that are
// real Flink keys read by every line it claims, with values of the right
// type; ordinary presets use current keys only. Both processes must be
// configured, so that neither screen opens refused for a reason the preset
// is not about. Then each claimed line is resolved (standalone deployment):
// an ordinary preset must be accepted for the TaskManager and the JobManager
// and leave at least MinTaskHeap of task heap and a valid slot profile; a
// training preset must be refused for its role with exactly its Check,
// while the other process is accepted. The error lists every problem found.
func (p Preset) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if !namePattern().MatchString(p.Name) {
		add("name %q must be lower-case words joined by hyphens", p.Name)
	}
	if p.Training != strings.HasPrefix(p.Name, TrainingPrefix) {
		add("name %q: training presets, and only they, start with %q", p.Name, TrainingPrefix)
	}
	if strings.TrimSpace(p.Title) == "" {
		add("title is empty")
	}
	if strings.TrimSpace(p.Description) == "" {
		add("description is empty")
	}
	if !strings.HasPrefix(p.Docs, "https://") {
		add("docs %q is not an https link to the Flink documentation", p.Docs)
	}
	for _, s := range p.See {
		if !strings.HasPrefix(s, "https://") {
			add("see entry %q is not an https link", s)
		}
	}
	if len(p.Facts) == 0 {
		add("facts are missing; say what the values rest on")
	}
	if len(p.Options) == 0 {
		add("options are empty; a preset must set the TaskManager")
	}
	if len(p.JobManager) == 0 {
		add("jobmanager options are empty; set at least jobmanager.memory.process.size so the JobManager screen resolves")
	}
	if p.Training {
		if p.Check == "" {
			add("training preset has no check")
		} else if p.Check.IsUnparsable() {
			add("check %s is about an unreadable value; training presets teach sizes that do not fit", p.Check)
		}
	} else {
		if p.Check != "" {
			add("check %s is set on an ordinary preset; only training presets carry one", p.Check)
		}
		if p.Role != "" {
			add("role %q is set on an ordinary preset; only training presets are about one process", p.Role)
		}
	}

	lines, err := p.ClaimedLines()
	if err != nil {
		add("%v", err)
	} else if len(lines) == 0 {
		add("lines match no Flink line")
	}
	if p.TargetRole() == memmodel.JobManager {
		for _, l := range lines {
			if !l.HasJobManagerModel() {
				add("lines: a JobManager preset cannot claim %s, which has no JobManager memory model", l)
			}
		}
	}

	for _, k := range sortedKeys(p.Options) {
		for _, msg := range p.checkOption(memmodel.TaskManager, k, p.Options[k], lines) {
			add("options: %s", msg)
		}
	}
	for _, k := range sortedKeys(p.JobManager) {
		for _, msg := range p.checkOption(memmodel.JobManager, k, p.JobManager[k], lines) {
			add("jobmanager: %s", msg)
		}
	}

	// Resolution only means something once every value is readable.
	if len(problems) == 0 {
		problems = append(problems, p.checkResolutions(lines)...)
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("preset %q: %s", p.Name, strings.Join(problems, "; "))
}

// checkOption checks one key and value of the given role's map against
// every claimed line.
func (p Preset) checkOption(role memmodel.Role, key, value string, lines []memmodel.Line) []string {
	var out []string
	if value == "" {
		return []string{fmt.Sprintf("%s has an empty value; Flink reads an empty value as a broken setting, so remove the key instead", key)}
	}
	if rel, ok := related[key]; ok {
		if role != memmodel.TaskManager {
			return []string{fmt.Sprintf("%s is a cluster or TaskManager key; move it under options", key)}
		}
		var unread []memmodel.Line
		for _, l := range lines {
			if l < rel.since || l > rel.until {
				unread = append(unread, l)
				continue
			}
			if err := rel.check(value, l); err != nil {
				out = append(out, fmt.Sprintf("%s on Flink %s: %v", key, l, err))
			}
		}
		return append(out, notRead(key, unread)...)
	}
	opt, ok := memmodel.OptionByKey(key)
	if !ok {
		return []string{fmt.Sprintf("%s is not a key this tool knows; check the spelling", key)}
	}
	if opt.Role != role {
		where := "options"
		if opt.Role == memmodel.JobManager {
			where = "jobmanager"
		}
		return []string{fmt.Sprintf("%s is a %s key; move it under %s", key, opt.Role.Title(), where)}
	}
	if !p.Training && (opt.Key != key || opt.Legacy) {
		out = append(out, fmt.Sprintf("%s is a deprecated or legacy key; ordinary presets use %s", key, opt.Key))
	}
	if err := checkType(opt.Type, value); err != nil {
		out = append(out, fmt.Sprintf("%s: %v", key, err))
	}
	var unread []memmodel.Line
	for _, l := range lines {
		// Lines without the JobManager model ignore its keys, as Flink
		// ignores any key it does not know.
		if role == memmodel.JobManager && !l.HasJobManagerModel() {
			continue
		}
		if !readsOption(role, l, opt.ID) {
			unread = append(unread, l)
		}
	}
	return append(out, notRead(key, unread)...)
}

func readsOption(role memmodel.Role, line memmodel.Line, id memmodel.OptionID) bool {
	for _, o := range memmodel.Options(role, line) {
		if o.ID == id {
			return true
		}
	}
	return false
}

// finding is one way a line's resolution breaks the preset's promise.
// Summary carries no line, so that the same finding on many lines is
// reported once; Detail is the engine's explanation for the first of them.
type finding struct {
	summary, detail string
}

// checkResolutions resolves the preset on every claimed line and reports
// each distinct finding once, with the lines it occurs on.
func (p Preset) checkResolutions(lines []memmodel.Line) []string {
	var order []string
	byLines := map[string][]string{}
	detail := map[string]string{}
	for _, l := range lines {
		for _, f := range p.checkResolution(l) {
			if _, seen := byLines[f.summary]; !seen {
				order = append(order, f.summary)
				detail[f.summary] = f.detail
			}
			byLines[f.summary] = append(byLines[f.summary], l.String())
		}
	}
	out := make([]string, 0, len(order))
	for _, s := range order {
		msg := fmt.Sprintf("Flink %s: %s", strings.Join(byLines[s], ", "), s)
		if d := detail[s]; d != "" {
			msg += fmt.Sprintf(" (Flink %s: %s)", byLines[s][0], d)
		}
		out = append(out, msg)
	}
	return out
}

// checkResolution resolves the preset on one line and reports what does not
// match its promise.
func (p Preset) checkResolution(line memmodel.Line) []finding {
	var out []finding
	cfg := p.Config(p.TargetRole())
	for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
		if role == memmodel.JobManager && !line.HasJobManagerModel() {
			continue
		}
		layout, err := memmodel.Resolve(memmodel.Input{Role: role, Line: line, Deployment: memmodel.Standalone, Config: cfg})
		var rej *memmodel.Rejection
		errors.As(err, &rej)
		if p.Training && role == p.TargetRole() {
			switch {
			case err == nil:
				out = append(out, finding{summary: fmt.Sprintf("the %s is accepted, but the preset must be refused with %s", role.Title(), p.Check)})
			case rej == nil:
				out = append(out, finding{fmt.Sprintf("the %s fails with an unexpected error", role.Title()), err.Error()})
			case rej.Check != p.Check:
				out = append(out, finding{fmt.Sprintf("the %s is refused with %s, not %s", role.Title(), rej.Check, p.Check), err.Error()})
			}
			continue
		}
		if err != nil {
			out = append(out, finding{fmt.Sprintf("the %s is refused", role.Title()), err.Error()})
			continue
		}
		if role != memmodel.TaskManager || p.Training {
			continue
		}
		if th := layout.Size[memmodel.TaskHeap]; th < MinTaskHeap {
			out = append(out, finding{fmt.Sprintf("the task heap is below the %s an ordinary preset must leave", MinTaskHeap.Human()), "task heap " + th.Human()})
		}
		if _, err := layout.Slot(); err != nil {
			out = append(out, finding{"the slot profile cannot be built", err.Error()})
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// notRead reports the claimed lines that do not read a key, in one message.
func notRead(key string, lines []memmodel.Line) []string {
	if len(lines) == 0 {
		return nil
	}
	names := make([]string, len(lines))
	for i, l := range lines {
		names[i] = l.String()
	}
	return []string{fmt.Sprintf("%s is not read by Flink %s; narrow the preset's lines", key, strings.Join(names, ", "))}
}
