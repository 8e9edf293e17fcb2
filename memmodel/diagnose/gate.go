package diagnose

import "sync"

// gate finds, in one pass over a line, which of the literals the patterns
// require it contains; a log line that holds none of them is dismissed
// without running any expression. Literals are at least two bytes long.
type gate struct {
	lits  []string
	index map[string]int
	// first maps the first two bytes of a literal to 1 + its group in
	// groups; 0 means no literal starts so.
	first  [1 << 16]uint8
	groups [][]int
}

func newGate() *gate {
	return &gate{index: map[string]int{}}
}

// mask registers literals and returns their bits.
func (g *gate) mask(lits []string) uint64 {
	var m uint64
	for _, s := range lits {
		i, ok := g.index[s]
		if !ok {
			if len(s) < 2 || len(g.lits) == 64 {
				panic("diagnose: bad gate literal " + s)
			}
			i = len(g.lits)
			g.lits = append(g.lits, s)
			g.index[s] = i
			k := uint16(s[0])<<8 | uint16(s[1])
			if g.first[k] == 0 {
				g.groups = append(g.groups, nil)
				g.first[k] = uint8(len(g.groups))
			}
			gi := g.first[k] - 1
			g.groups[gi] = append(g.groups[gi], i)
		}
		m |= 1 << i
	}
	return m
}

// scan returns the bits of the literals the line contains.
func (g *gate) scan(line string) uint64 { return gateScan(g, line) }

func gateScan[T string | []byte](g *gate, line T) uint64 {
	var m uint64
	for i := 0; i+1 < len(line); i++ {
		k := uint16(line[i])<<8 | uint16(line[i+1])
		gi := g.first[k]
		if gi == 0 {
			continue
		}
		for _, li := range g.groups[gi-1] {
			lit := g.lits[li]
			if m&(1<<li) == 0 && len(line)-i >= len(lit) && string(line[i:i+len(lit)]) == lit {
				m |= 1 << li
			}
		}
	}
	return m
}

// lineGate is shared by the symptom patterns and the refusal wordings;
// loadTables makes it.
var lineGate *gate

// loadTables compiles the symptom patterns and refusal wordings and fills
// lineGate with their literals, on first use: a command that reads no
// evidence does not pay for them at start-up. Every scan calls it first.
var loadTables = sync.OnceFunc(func() {
	lineGate = newGate()
	patterns = buildPatterns()
	refusals = buildRefusals()
	illegalBit = lineGate.mask([]string{"IllegalConfigurationException"})
})
