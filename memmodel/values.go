package memmodel

// CheckValue reports whether Flink can read raw as the value of an option,
// with the same rules the resolver applies (Java's parsers, Flink's size
// syntax). It returns nil or a *ValueError naming the rule broken. It does
// not judge ranges (a fraction of 1.5 reads fine and is refused later, by
// Resolve, with its own check).
func CheckValue(id OptionID, raw string) error {
	if id >= numOptions {
		return nil
	}
	key := options[id].Key
	switch options[id].Type {
	case TypeSize:
		if _, c := parseMemorySize(raw); c != "" {
			return &ValueError{Check: c, Key: key, Value: raw}
		}
	case TypeFraction:
		if _, ok := parseJavaNumber(raw, 32); !ok {
			return &ValueError{Check: CheckFloatUnparsable, Key: key, Value: raw}
		}
	case TypeDouble:
		if _, ok := parseJavaNumber(raw, 64); !ok {
			return &ValueError{Check: CheckDoubleUnparsable, Key: key, Value: raw}
		}
	case TypeInt:
		if _, ok := parseJavaInt(raw); !ok {
			return &ValueError{Check: CheckIntegerUnparsable, Key: key, Value: raw}
		}
	case TypeBool:
		if _, ok := parseJavaBool(raw); !ok {
			return &ValueError{Check: CheckBooleanUnparsable, Key: key, Value: raw}
		}
	}
	return nil
}

// ParseFraction reads a fraction as Flink does (a Java float, widened).
func ParseFraction(raw string) (float64, error) {
	v, ok := parseJavaNumber(raw, 32)
	if !ok {
		return 0, &ValueError{Check: CheckFloatUnparsable, Value: raw}
	}
	return v, nil
}
