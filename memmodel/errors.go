package memmodel

// ValueError reports a single value that cannot be read as its option's
// type. Check says which of Flink's rules it breaks.
type ValueError struct {
	Check Check
	// Key is the option key the value was given for ("" when parsed on its
	// own, as by ParseMemorySize).
	Key   string
	Value string
}

// Error describes the value and what was expected.
func (e *ValueError) Error() string { return valueMessage(e.Check, e.Key, e.Value) }

// Rejection is a configuration Flink would refuse to start with (it throws
// an IllegalConfigurationException, or for a few checks an
// IllegalArgumentException or ArithmeticException). It carries the check
// code, the keys involved and the numbers that were known when the check
// failed; Error renders them in plain words.
type Rejection struct {
	Check Check
	Role  Role
	Line  Line
	// Deployment and Config echo the input, so that fixes can be computed
	// from the rejection alone.
	Deployment Deployment

	// Key is the option whose value failed (for an unparsable value, the
	// key as written, possibly a deprecated one) or the main option to
	// change.
	Key string
	// Raw is the raw value of Key when it could not be read.
	Raw string

	// Partial holds the components and totals derived before the check
	// failed; Known has bit c set for each component c in it.
	Partial PartialLayout
	Known   uint16

	// Value is the offending derived size (a sum, a remainder, a total);
	// Limit is what it had to fit (a total, or [Min, Max]).
	Value    MemorySize
	Limit    MemorySize
	Min, Max MemorySize
	Fraction float64

	keys  [6]string
	nKeys uint8
}

// PartialLayout is what a refused resolution had derived when a check
// failed: plain numbers, so that a rejection stays small and cheap.
type PartialLayout struct {
	Mode         Mode
	Size         [numComponents]MemorySize
	TotalFlink   MemorySize
	TotalProcess MemorySize
	// NetworkSource and NetworkClamp tell how network memory was derived.
	NetworkSource Source
	NetworkClamp  Clamp
}

func partialOf(l *Layout) PartialLayout {
	return PartialLayout{Mode: l.Mode, Size: l.Size, TotalFlink: l.TotalFlink, TotalProcess: l.TotalProcess,
		NetworkSource: l.Origin[Network].Source, NetworkClamp: l.Origin[Network].Clamp}
}

// Keys lists the option keys involved, most relevant first.
func (r *Rejection) Keys() []string { return r.keys[:r.nKeys] }

func (r *Rejection) addKey(k string) {
	for _, have := range r.keys[:r.nKeys] {
		if have == k {
			return
		}
	}
	if int(r.nKeys) < len(r.keys) {
		r.keys[r.nKeys] = k
		r.nKeys++
	}
}

// Has reports whether component c was derived before the failure.
func (r *Rejection) Has(c Component) bool { return r.Known&(1<<c) != 0 }

// Error renders the rejection in plain words: what Flink checks, the
// numbers involved and which keys to change.
func (r *Rejection) Error() string { return rejectionMessage(r) }
