package view

import (
	"sort"
	"strconv"

	"github.com/flinkmem/flinkmem/memmodel"
)

// VisibleOptions lists the options the pane shows for a role and line, in
// display order: every option the line reads, except legacy keys, which
// appear only when the configuration contains them.
func VisibleOptions(role memmodel.Role, line memmodel.Line, cfg memmodel.Config) []memmodel.Option {
	var out []memmodel.Option
	for _, o := range memmodel.Options(role, line) {
		if o.Legacy {
			if _, _, ok := ConfiguredValue(o, cfg); !ok {
				continue
			}
		}
		out = append(out, o)
	}
	// Keep each group together (the segment size belongs with the
	// network options) without otherwise changing Flink's order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}

// ConfiguredValue is memmodel.ConfiguredValue, for the view's callers.
func ConfiguredValue(o memmodel.Option, cfg memmodel.Config) (value, key string, ok bool) {
	return memmodel.ConfiguredValue(o, cfg)
}

// defaultText returns an option's default as people read it ("∞" for an
// unlimited size) and false when it has none.
func defaultText(o memmodel.Option, line memmodel.Line, g Glyphs) (string, bool) {
	d, ok := memmodel.Default(o.ID, line)
	if !ok {
		return "", false
	}
	if o.Type == memmodel.TypeSize {
		if m, err := memmodel.ParseMemorySize(d); err == nil && m == memmodel.MaxMemorySize {
			return g.Unlimited, true
		}
	}
	return d, true
}

// ComponentOf returns the component an option determines, and false for
// options that set a total or no memory at all (slots, CPU cores).
func ComponentOf(id memmodel.OptionID) (memmodel.Component, bool) { return memmodel.ComponentOf(id) }

// optionComponent is the component an option decides (see ComponentOf).
func optionComponent(id memmodel.OptionID) memmodel.Component {
	c, _ := memmodel.ComponentOf(id)
	return c
}

// OptionFor returns the option a click on a component selects: the one
// that decided its size in this layout (a fraction when a fraction did),
// else the option that sets it directly.
func OptionFor(l *memmodel.Layout, c memmodel.Component) memmodel.OptionID {
	return memmodel.DecidingOption(l, c)
}

// resolvedText is what the resolver derived for an option, in people's
// units; flagged marks a bound that clamped a fraction.
func resolvedText(o memmodel.Option, l *memmodel.Layout, cfg memmodel.Config, exact bool, g Glyphs) (text string, flagged bool) {
	size := func(m memmodel.MemorySize) string { return sizeText(m, exact) }
	_, _, set := ConfiguredValue(o, cfg)
	ignored := func() (string, bool) {
		if set {
			return "not used", false
		}
		return "", false
	}
	switch o.ID {
	case memmodel.TMProcessSize, memmodel.JMProcessSize:
		return size(l.TotalProcess), false
	case memmodel.TMFlinkSize, memmodel.JMFlinkSize:
		return size(l.TotalFlink), false
	case memmodel.TMFrameworkHeap, memmodel.TMTaskHeap, memmodel.TMManagedSize, memmodel.TMFrameworkOffHeap,
		memmodel.TMTaskOffHeap, memmodel.TMMetaspace, memmodel.JMHeap, memmodel.JMOffHeap, memmodel.JMMetaspace:
		return size(l.Size[optionComponent(o.ID)]), false
	case memmodel.TMManagedFraction, memmodel.TMNetworkFraction, memmodel.TMOverheadFraction, memmodel.JMOverheadFraction:
		c := optionComponent(o.ID)
		p := l.Origin[c]
		if p.Source != memmodel.SourceFraction {
			return ignored()
		}
		s := size(l.Size[c])
		if c == memmodel.Network {
			if n, ok := memmodel.BufferCount(l, cfg); ok {
				s += " · " + strconv.FormatInt(n, 10) + " buffers"
			}
		}
		if p.Clamp != memmodel.ClampNone {
			return s + " " + g.Flag + " clamped", true
		}
		return s, false
	case memmodel.TMNetworkMin, memmodel.TMOverheadMin, memmodel.JMOverheadMin:
		if l.Origin[optionComponent(o.ID)].Clamp == memmodel.ClampMin {
			return g.Flag + " applies", true
		}
	case memmodel.TMNetworkMax, memmodel.TMOverheadMax, memmodel.JMOverheadMax:
		if l.Origin[optionComponent(o.ID)].Clamp == memmodel.ClampMax {
			return g.Flag + " applies", true
		}
	case memmodel.TMSegmentSize:
		if n, ok := memmodel.BufferCount(l, cfg); ok {
			return strconv.FormatInt(n, 10) + " buffers", false
		}
	case memmodel.TMNumSlots:
		return strconv.Itoa(l.Slots), false
	case memmodel.TMCPUCores:
		return l.CPUCoresString() + " cores", false
	case memmodel.JMDirectMemoryLimit:
		if l.DirectMemoryLimit {
			return "-XX:MaxDirectMemorySize on", false
		}
		return "no direct limit", false
	}
	return "", false
}

// paneLine is one line of a pane with what a click on it selects.
type paneLine struct {
	text string
	hit  Hit
}

// optionLines renders the options pane w cells wide: a heading, then one
// row per option with its configured value (or dimmed default) and what
// the resolver derived, then the Job rows. Group names sit in a left
// column when there is room, else on lines of their own.
func optionLines(f *Frame, w int, st Styles) []paneLine {
	g := st.Glyphs
	cfg := f.Input.Config
	var l *memmodel.Layout
	if f.Err == nil {
		l = &f.Layout
	}
	involved := map[string]bool{}
	if rej, ok := f.Err.(*memmodel.Rejection); ok {
		for _, k := range rej.Keys() {
			involved[k] = true
		}
		if rej.Key != "" {
			involved[rej.Key] = true
		}
	}
	keyW, valW := 0, 6
	type cell struct {
		value  string
		styled string
		via    string
	}
	cells := make([]cell, len(f.Options))
	for i, o := range f.Options {
		keyW = max(keyW, width(o.Key))
		v, via, ok := ConfiguredValue(o, cfg)
		switch {
		case ok:
			if v == "" {
				v = `""`
			}
			cells[i] = cell{value: v, styled: st.pt.value.on(v)}
			if via != o.Key {
				cells[i].via = via
			}
		default:
			if d, ok := defaultText(o, f.Input.Line, g); ok {
				cells[i] = cell{value: "(" + d + ")", styled: st.pt.dim.on("(" + d + ")")}
			} else {
				cells[i] = cell{value: g.Unset, styled: st.pt.dim.on(g.Unset)}
			}
		}
		valW = max(valW, width(cells[i].value))
	}
	for _, r := range f.Job {
		keyW = max(keyW, width(r.Label))
		v := r.Value
		if r.Default && v != "" {
			v = "(" + v + ")"
		}
		valW = max(valW, width(v))
	}
	valW = min(valW, 16)
	const groupW = 10
	inline := w >= 2+groupW+keyW+1+valW+1+14
	keyCol := w - 2 - 1 - valW - 1 - 12
	if inline {
		keyCol -= groupW
	}
	keyCol = max(min(keyW, keyCol), 12)
	resW := w - 2 - keyCol - 1 - valW - 1
	if inline {
		resW -= groupW
	}
	cols := paneColumns{w: w, inline: inline, groupW: groupW, keyCol: keyCol, valW: valW, resW: resW}
	head := "  "
	if inline {
		head += fit("OPTIONS", groupW, g) + fit("", keyCol, g)
	} else {
		head += fit("OPTIONS", keyCol, g)
	}
	head += " " + fit("VALUE", valW, g) + " " + "RESOLVED"
	out := []paneLine{{text: st.pt.heading.on(fit(head, w, g))}}
	var lastGroup memmodel.Group = 255
	for i, o := range f.Options {
		newGroup := o.Group != lastGroup
		lastGroup = o.Group
		if newGroup && !inline {
			out = append(out, paneLine{text: st.pt.group.on(fit(o.Group.String(), w, g))})
		}
		marker := "  "
		keyStyle := st.pt.key
		flagged := involved[o.Key] || (cells[i].via != "" && involved[cells[i].via])
		if flagged {
			marker = st.pt.err.on(g.Flag) + " "
			keyStyle = st.pt.involved
		}
		if i == f.Selected {
			// The cursor and the flag each keep a cell: a flagged row
			// under the cursor still shows its flag.
			if flagged {
				marker = st.pt.selected.on(g.Cursor) + st.pt.err.on(g.Flag)
			} else {
				marker = st.pt.selected.on(g.Cursor) + " "
				keyStyle = st.pt.selected
			}
		}
		line := marker
		if inline {
			name := ""
			if newGroup {
				name = o.Group.String()
			}
			line += st.pt.group.on(fit(name, groupW, g))
		}
		line += keyStyle.on(fit(o.Key, keyCol, g)) + " "
		if i == f.Selected && f.Editor != "" {
			line += fit(f.Editor, valW+1+resW, g)
		} else {
			val := cells[i].styled
			if width(cells[i].value) > valW {
				val = st.pt.value.on(fit(cells[i].value, valW, g))
			}
			line += fit(val, valW, g) + " "
			res := ""
			if l != nil {
				text, flagged := resolvedText(o, l, cfg, f.ExactBytes, g)
				if flagged {
					res = st.pt.warn.on(text)
				} else {
					res = st.pt.resolved.on(text)
				}
			}
			if cells[i].via != "" {
				res += st.pt.dim.on(" via " + cells[i].via)
			}
			line += fit(res, resW, g)
		}
		out = append(out, paneLine{text: fit(line, w, g), hit: Hit{Kind: HitOption, Index: i}})
	}
	return append(out, jobLines(f, cols, st)...)
}

// paneColumns is how the options pane splits its width: an optional
// group column (inline), then the key, the value and what was resolved.
type paneColumns struct {
	w                          int
	inline                     bool
	groupW, keyCol, valW, resW int
}
