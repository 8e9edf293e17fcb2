package memmodel

// ConfiguredValue returns the raw value a configuration gives an option
// and the key it was found under: the option's own key, or else the first
// deprecated key Flink would consult.
func ConfiguredValue(o Option, cfg Config) (value, key string, ok bool) {
	if v, ok := cfg[o.Key]; ok {
		return v, o.Key, true
	}
	for _, k := range o.Deprecated {
		if v, ok := cfg[k]; ok {
			return v, k, true
		}
	}
	return "", "", false
}

// BufferCount is the number of network buffers a TaskManager layout
// has: its network memory over the configured (or default) segment size.
// It is false when the segment size cannot be read.
func BufferCount(l *Layout, cfg Config) (int64, bool) {
	o := LookupOption(TMSegmentSize)
	raw, _, ok := ConfiguredValue(o, cfg)
	if !ok {
		raw, _ = Default(o.ID, l.Line)
	}
	seg, err := ParseMemorySize(raw)
	if err != nil || seg <= 0 {
		return 0, false
	}
	return int64(l.Size[Network] / seg), true
}

// DecidingOption is the option that decided a component's size in a
// layout: the fraction when a fraction did, else the option that sets the
// component directly (JVM overhead's fraction for the overhead).
func DecidingOption(l *Layout, c Component) OptionID {
	p := l.Origin[c]
	if p.Source == SourceFraction {
		if o, ok := OptionByKey(p.Key); ok {
			return o.ID
		}
	}
	if id, ok := SizingOption(l.Role, c); ok {
		return id
	}
	if l.Role == JobManager {
		return JMOverheadFraction
	}
	return TMOverheadFraction
}
