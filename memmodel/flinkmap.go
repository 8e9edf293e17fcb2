package memmodel

import (
	"sort"
	"strings"
)

// Map-typed option values (the managed-memory consumer weights), read the
// way Flink reads them from flink-conf.yaml and config.yaml.

// mapEntry is one key/value pair of a map-typed option, in written order.
type mapEntry struct{ Key, Value string }

// prefixEntries collects the entries of a map option written as keys
// below its own, sorted by name; nil when there are none.
func prefixEntries(cfg Config, key string) []mapEntry {
	var out []mapEntry
	for k, v := range cfg {
		if name, ok := strings.CutPrefix(k, key+"."); ok && name != "" {
			out = append(out, mapEntry{name, v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// parseConsumerMap reads a map option as Flink does. Lines reading
// config.yaml first try the value as a YAML map and fall back to the flat
// form when it is not one. On failure it returns the offending item.
func parseConsumerMap(raw string, yaml bool) ([]mapEntry, string, bool) {
	if yaml {
		if entries, ok := parseYAMLMap(raw); ok {
			return entries, "", true
		}
	}
	items, ok := splitFlinkList(raw, ',')
	if !ok {
		return nil, raw, false
	}
	entries := make([]mapEntry, 0, len(items))
	for _, item := range items {
		kv, ok := splitFlinkList(item, ':')
		if !ok || len(kv) != 2 {
			return nil, item, false
		}
		for _, e := range entries {
			if e.Key == kv[0] {
				// Flink collects the pairs into a map and refuses duplicates.
				return nil, item, false
			}
		}
		entries = append(entries, mapEntry{kv[0], kv[1]})
	}
	return entries, "", true
}

// splitFlinkList splits s at delim the way Flink splits list and map
// values: single- or double-quoted parts may hold the delimiter (a doubled
// quote stands for itself), unquoted parts are trimmed, and empty parts are
// dropped. ok is false for an unclosed quote or text right after a quote.
func splitFlinkList(s string, delim byte) ([]string, bool) {
	var out []string
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == delim || c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				b.WriteByte(s[j])
				j++
			}
			if !closed {
				return nil, false
			}
			// Only spaces may stand between a closing quote and the delimiter.
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if j < len(s) && s[j] != delim {
				return nil, false
			}
			out = append(out, b.String())
			i = j
		default:
			j := strings.IndexByte(s[i:], delim)
			if j < 0 {
				j = len(s)
			} else {
				j += i
			}
			if part := strings.TrimSpace(s[i:j]); part != "" {
				out = append(out, part)
			}
			i = j
		}
	}
	return out, true
}

// parseYAMLMap reads the two map forms config.yaml allows for a value: a
// flow map "{K: V, K: V}" and block lines "K: V". It handles plain and
// quoted scalars, which is all a weight map needs; anything else is "not a
// map" and falls back to the flat form, as Flink falls back.
func parseYAMLMap(raw string) ([]mapEntry, bool) {
	s := strings.TrimSpace(raw)
	var items []string
	switch {
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
		items = splitOutsideQuotes(s[1:len(s)-1], ',')
		if items == nil {
			return nil, false
		}
	case strings.Contains(s, "\n"):
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				items = append(items, line)
			}
		}
	default:
		return nil, false
	}
	entries := make([]mapEntry, 0, len(items))
	for _, item := range items {
		k, v, ok := splitYAMLPair(item)
		if !ok {
			return nil, false
		}
		for _, e := range entries {
			if e.Key == k {
				return nil, false // YAML refuses duplicate keys
			}
		}
		entries = append(entries, mapEntry{k, v})
	}
	return entries, true
}

// splitOutsideQuotes splits s at delim where it is not inside single or
// double quotes, keeping the quotes and dropping blank parts; nil when a
// quote is not closed.
func splitOutsideQuotes(s string, delim byte) []string {
	parts := []string{}
	var quote byte
	start := 0
	for i := 0; i <= len(s); i++ {
		switch {
		case i == len(s) || (quote == 0 && s[i] == delim):
			if i == len(s) && quote != 0 {
				return nil
			}
			if part := strings.TrimSpace(s[start:i]); part != "" {
				parts = append(parts, part)
			}
			start = i + 1
		case quote == 0 && (s[i] == '\'' || s[i] == '"'):
			quote = s[i]
		case s[i] == quote:
			quote = 0
		}
	}
	return parts
}

// splitYAMLPair splits "key: value" at the first colon outside quotes that
// is followed by a space (or ends the item), unquoting either side.
func splitYAMLPair(item string) (string, string, bool) {
	var quote byte
	for i := 0; i < len(item); i++ {
		switch {
		case quote == 0 && (item[i] == '\'' || item[i] == '"'):
			quote = item[i]
			continue
		case item[i] == quote:
			quote = 0
			continue
		case quote != 0:
			continue
		}
		if item[i] == ':' && (i+1 == len(item) || item[i+1] == ' ' || item[i+1] == '\t') {
			k := unquoteYAML(strings.TrimSpace(item[:i]))
			v := unquoteYAML(strings.TrimSpace(item[i+1:]))
			if k == "" {
				return "", "", false
			}
			return k, v, true
		}
	}
	return "", "", false
}

func unquoteYAML(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// WeightEntry is one NAME:weight pair of a consumer-weights value, as
// written.
type WeightEntry struct {
	Name   string
	Weight int
}

// ParseConsumerWeights reads a taskmanager.memory.managed.consumer-weights
// value the way a line reads it: the flat "OPERATOR:70,PYTHON:30", or on
// lines that read config.yaml also the YAML map "{OPERATOR: 70}". It
// returns the pairs in written order and checks only the form: names are
// not checked against the line's consumers, and negative weights are
// returned as written (ConsumerWeights refuses them as Flink does). The
// error is a *Rejection with CheckIntegerUnparsable naming the entry or
// weight that cannot be read.
func ParseConsumerWeights(raw string, line Line) ([]WeightEntry, error) {
	entries, bad, ok := parseConsumerMap(raw, line.ReadsConfigYAML())
	if !ok {
		return nil, consumerRejection(CheckIntegerUnparsable, line, bad)
	}
	out := make([]WeightEntry, 0, len(entries))
	for _, e := range entries {
		v, ok := parseJavaInt(e.Value)
		if !ok {
			return nil, consumerRejection(CheckIntegerUnparsable, line, e.Value)
		}
		out = append(out, WeightEntry{Name: e.Key, Weight: int(v)})
	}
	return out, nil
}
