package flinkconf

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/flinkmem/flinkmem/memmodel"
)

// checkText refuses data that is not text (a NUL byte, or more than a
// tenth control or non-UTF-8 bytes), so that a binary file gets one clear
// error instead of a page of notices. Flink decodes its files as UTF-8 and
// replaces invalid bytes, so a few stray bytes (a Latin-1 comment) pass and
// are replaced the same way.
func checkText(name string, data []byte) (string, error) {
	if i := strings.IndexByte(string(data), 0); i >= 0 {
		return "", &Error{Path: name, Msg: fmt.Sprintf("binary content (a NUL byte at offset %d); this is not a Flink configuration file", i)}
	}
	bad := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size == 1) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			bad++
		}
		i += size
	}
	if bad >= 4 && bad*10 > len(data) {
		return "", &Error{Path: name, Msg: fmt.Sprintf("binary content (%d control or non-UTF-8 bytes); this is not a Flink configuration file", bad)}
	}
	return strings.ToValidUTF8(string(data), "\ufffd"), nil
}

// edit replaces data[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// applyEdits applies non-overlapping edits to a copy of data. An insertion
// (an empty span) at the offset where a removal starts goes first.
func applyEdits(data []byte, edits []edit) []byte {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	out := make([]byte, 0, len(data)+64)
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue // overlapping edits are never generated; skip defensively
		}
		out = append(out, data[pos:e.start]...)
		out = append(out, e.text...)
		pos = e.end
	}
	return append(out, data[pos:]...)
}

// memoryPrefixes are the key prefixes under which an unknown key is most
// likely a misspelt memory option.
var memoryPrefixes = []string{"taskmanager.memory.", "jobmanager.memory.", "taskmanager.network.", "taskmanager.heap.", "jobmanager.heap."}

// knownKeys lists every key memmodel reads on any line, deprecated and
// legacy keys included, sorted.
var knownKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	for _, line := range memmodel.Lines() {
		for _, role := range []memmodel.Role{memmodel.TaskManager, memmodel.JobManager} {
			for _, o := range memmodel.Options(role, line) {
				seen[o.Key] = true
				for _, d := range o.Deprecated {
					seen[d] = true
				}
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
})

// otherFlinkKeys are real Flink keys under the memory prefixes that the
// memory model does not read; they must not be "corrected".
var otherFlinkKeys = map[string]bool{
	"taskmanager.memory.min-segment-size":                       true,
	"taskmanager.memory.starting-segment-size":                  true,
	"taskmanager.memory.managed.consumer-weights":               true,
	"taskmanager.memory.framework.off-heap.batch-shuffle.size":  true,
	"taskmanager.memory.jvm-metaspace.max":                      true,
	"taskmanager.network.memory.buffers-per-channel":            true,
	"taskmanager.network.memory.floating-buffers-per-gate":      true,
	"taskmanager.network.memory.max-buffers-per-channel":        true,
	"taskmanager.network.memory.max-overdraft-buffers-per-gate": true,
	"taskmanager.network.memory.buffer-debloat.enabled":         true,
	"taskmanager.network.memory.buffer-debloat.target":          true,
	"taskmanager.network.memory.buffer-debloat.period":          true,
	"taskmanager.network.memory.buffer-debloat.samples":         true,
	"taskmanager.network.sort-shuffle.min-buffers":              true,
	"taskmanager.network.sort-shuffle.min-parallelism":          true,
	"taskmanager.network.blocking-shuffle.type":                 true,
	"taskmanager.network.compression.codec":                     true,
	"taskmanager.network.bind-policy":                           true,
	"taskmanager.network.detailed-metrics":                      true,
	"taskmanager.network.request-backoff.initial":               true,
	"taskmanager.network.request-backoff.max":                   true,
	"jobmanager.memory.jvm-metaspace.max":                       true,
}

// SuggestKey returns the known memory option key closest to an unknown key
// that looks like one ("taskmanager.memory.proces.size" →
// "taskmanager.memory.process.size"). The candidates are every key the
// memory model reads on any Flink line, deprecated and legacy keys included.
// A key under a memory prefix (taskmanager.memory., jobmanager.memory.,
// taskmanager.network., taskmanager.heap., jobmanager.heap.) may be up to 3
// edits away, any other key up to 2 (which catches "taskmanger.memory…").
// A known key, or one that is close to nothing, gives false.
func SuggestKey(key string) (string, bool) {
	if key == "" || otherFlinkKeys[key] {
		return "", false
	}
	keys := knownKeys()
	if i := sort.SearchStrings(keys, key); i < len(keys) && keys[i] == key {
		return "", false
	}
	lower := strings.ToLower(key)
	limit := 2
	for _, p := range memoryPrefixes {
		if strings.HasPrefix(lower, p) {
			limit = 3
			break
		}
	}
	// Every candidate starts with taskmanager. or jobmanager.; a key whose
	// first part is far from both cannot be close to any of them.
	head, _, _ := strings.Cut(lower, ".")
	if editDistance(head, "taskmanager", limit) > limit && editDistance(head, "jobmanager", limit) > limit {
		return "", false
	}
	best, bestDist := "", limit+1
	for _, k := range keys {
		if d := editDistance(key, k, bestDist-1); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" || bestDist*4 > len(key) {
		return "", false
	}
	return best, true
}

// editDistance is the Levenshtein distance between a and b in bytes. It
// returns max+1 as soon as the distance must exceed max; only the band of
// cells within max of the diagonal is computed.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	const inf = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
		if j > max {
			prev[j] = inf
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := i-max, i+max
		if lo < 1 {
			lo = 1
		}
		if hi > len(b) {
			hi = len(b)
		}
		cur[0] = i
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := inf
		if lo == 1 {
			rowMin = i
		}
		for j := lo; j <= hi; j++ {
			v := prev[j-1]
			if a[i-1] != b[j-1] {
				v++
			}
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > max {
		return max + 1
	}
	return prev[len(b)]
}

// jvmMemoryFlags are the JVM options Flink derives from the memory options
// and passes on the command line itself.
var jvmMemoryFlags = []string{"-Xmx", "-Xms", "-XX:MaxDirectMemorySize", "-XX:MaxMetaspaceSize"}

// addKeyNotices adds the findings every format shares: likely typos of
// memory options and JVM memory flags in env.java.opts*. lines gives the
// line of each key (0 when unknown).
func addKeyNotices(src *Source, lines map[string]int) {
	for _, k := range src.Keys {
		v, ok := src.Config[k]
		if !ok {
			continue
		}
		if _, known := memmodel.OptionByKey(k); !known {
			if n, ok := unknownMemoryKey(k); ok {
				n.Line = lines[k]
				if s, ok := SuggestKey(k); ok {
					n.Code, n.Message = NoticeUnknownKey, fmt.Sprintf("%s is not a Flink memory option, so Flink ignores it; did you mean %s?", k, s)
				}
				src.Notices = append(src.Notices, n)
			} else if s, ok := SuggestKey(k); ok {
				src.Notices = append(src.Notices, Notice{Line: lines[k], Key: k, Code: NoticeUnknownKey,
					Message: fmt.Sprintf("%s is not a Flink memory option, so Flink ignores it; did you mean %s?", k, s)})
			}
		}
		if n, ok := rocksDBIgnored(k, src.Config); ok {
			n.Line = lines[k]
			src.Notices = append(src.Notices, n)
		}
		if strings.HasPrefix(k, "env.java.opts") || strings.HasPrefix(k, "env.java.default-opts") {
			if flags := jvmFlagsIn(v); len(flags) > 0 {
				src.Notices = append(src.Notices, Notice{Line: lines[k], Key: k, Code: NoticeJVMMemoryFlag,
					Message: fmt.Sprintf("%s sets %s; Flink sets -Xmx/-Xms, -XX:MaxDirectMemorySize and -XX:MaxMetaspaceSize itself from the memory options, and a flag here overrides them; remove it and size the memory options instead", k, strings.Join(flags, " "))})
			}
		}
	}
}

// jvmFlagsIn returns the JVM memory flags among the whitespace- or
// ';'-separated words of opts.
func jvmFlagsIn(opts string) []string {
	var found []string
	for _, w := range strings.FieldsFunc(opts, func(r rune) bool {
		return r == ';' || r == ' ' || r == '\t' || r == '\'' || r == '"' || r == '[' || r == ']' || r == ','
	}) {
		for _, f := range jvmMemoryFlags {
			if strings.HasPrefix(w, f) {
				found = append(found, w)
				break
			}
		}
	}
	return found
}
