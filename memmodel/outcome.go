package memmodel

// Outcome is what the model says about one input: the layout, or the
// refusal with its verified fixes; for an accepted TaskManager also the
// per-slot analysis. Front ends render it; they do not derive it.
type Outcome struct {
	Input Input
	// Layout is the resolved layout; nil when Err is set.
	Layout *Layout
	// Err is the *Rejection when Flink would refuse Input, and Fixes its
	// verified fixes.
	Err   error
	Fixes []Fix
	// Slots is the per-slot analysis of an accepted TaskManager.
	Slots *SlotReport
}

// Examine resolves in and, for an accepted TaskManager, analyses its slots
// for the consumers uses names and the job shape (nil for none).
func Examine(in Input, uses Uses, job *JobShape) Outcome {
	o := Outcome{Input: in}
	l, err := Resolve(in)
	if err != nil {
		o.Err, o.Fixes = err, Fixes(in, err)
		return o
	}
	o.Layout = &l
	if l.Role == TaskManager {
		r := AnalyzeSlots(in, &l, uses, job)
		o.Slots = &r
	}
	return o
}

// SlotErr is why Flink refuses the TaskManager's slots although its memory
// resolves; nil otherwise.
func (o *Outcome) SlotErr() error {
	if o.Layout == nil || o.Layout.Role != TaskManager {
		return nil
	}
	_, err := o.Layout.Slot()
	return err
}

// Refused reports whether Flink refuses the input or its slots, or, with
// parts, a part of the per-slot analysis (a consumer weight, a RocksDB or
// network option).
func (o *Outcome) Refused(parts bool) bool {
	return o.Err != nil || o.SlotErr() != nil || (parts && o.Slots != nil && len(o.Slots.Refusals()) > 0)
}

// FixesFor are the verified fixes of a refusal of this outcome: its own
// (Err), its slots' or a per-slot part's.
func (o *Outcome) FixesFor(err error) []Fix {
	if err == o.Err {
		return o.Fixes
	}
	return Fixes(o.Input, err)
}
