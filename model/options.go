package model

import (
	"sync"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/view"
)

// The options the pane lists change only with the role, the line, and
// which legacy keys are set; listing them anew on every keystroke was a
// held key's largest cost.

// paneKey is what the pane's option list depends on.
type paneKey struct {
	role   memmodel.Role
	line   memmodel.Line
	legacy uint64 // which of the line's legacy options are set
}

// lineOptions caches memmodel.Options per role and line.
var lineOptions sync.Map // map[paneKey][]memmodel.Option, legacy 0

// paneKeyOf is the pane key of an input.
func paneKeyOf(in memmodel.Input) paneKey {
	k := paneKey{role: in.Role, line: in.Line}
	all, ok := lineOptions.Load(k)
	if !ok {
		all, _ = lineOptions.LoadOrStore(k, memmodel.Options(in.Role, in.Line))
	}
	bit := uint64(1)
	for _, o := range all.([]memmodel.Option) {
		if !o.Legacy {
			continue
		}
		if _, _, set := memmodel.ConfiguredValue(o, in.Config); set {
			k.legacy |= bit
		}
		bit <<= 1
	}
	return k
}

// refreshOptions lists the pane's options again when what they depend on
// changed.
func (m *Model) refreshOptions() {
	if k := paneKeyOf(m.in); k != m.paneKey || m.options == nil {
		m.options = view.VisibleOptions(m.in.Role, m.in.Line, m.in.Config)
		m.paneKey = k
	}
}
