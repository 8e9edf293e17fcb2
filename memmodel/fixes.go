package memmodel

// Fix is one concrete change that makes a refused configuration resolve.
// Every fix offered has been verified by resolving the edited config.
type Fix struct {
	// Set lists keys to set and their new values, in a stable order.
	Set []KeyValue
	// Unset lists keys to remove.
	Unset []string
	// Description says what the fix does, in a few words
	// ("raise taskmanager.memory.process.size to 2845m").
	Description string
	// Note says what the fix leaves, when a user should know ("valid, but
	// leaves 0.25 MiB task heap"); empty otherwise.
	Note string
	// Result is the layout the fixed configuration resolves to.
	Result Layout
}

// Apply returns a copy of cfg with the fix applied.
func (f Fix) Apply(cfg Config) Config {
	out := make(Config, len(cfg)+len(f.Set))
	for k, v := range cfg {
		out[k] = v
	}
	for _, k := range f.Unset {
		delete(out, k)
	}
	for _, kv := range f.Set {
		out[kv.Key] = kv.Value
	}
	return out
}

// Fixes computes fixes for a configuration that Resolve refused with err.
// It returns nil when err is not a *Rejection or no change of value cures it.
func Fixes(in Input, err error) []Fix {
	rej, ok := err.(*Rejection)
	if !ok {
		return nil
	}
	return computeFixes(in, rej)
}

func computeFixes(in Input, rej *Rejection) []Fix {
	_ = in
	_ = rej
	return nil
}
