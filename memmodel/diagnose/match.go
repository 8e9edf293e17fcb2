package diagnose

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// RoleHint is the process a piece of evidence says it came from.
type RoleHint uint8

// Role hints.
const (
	RoleUnknown RoleHint = iota
	RoleTaskManager
	RoleJobManager
)

// Role converts a known hint to memmodel's role.
func (h RoleHint) Role() (memmodel.Role, bool) {
	switch h {
	case RoleTaskManager:
		return memmodel.TaskManager, true
	case RoleJobManager:
		return memmodel.JobManager, true
	}
	return memmodel.TaskManager, false
}

// Hit is one recognised piece of evidence.
type Hit struct {
	Symptom Symptom
	// Evidence is the matched line, shortened for display.
	Evidence string
	Role     RoleHint
	// Numbers are the values the message carries, by name: requested,
	// allocated, limit (direct memory); required, available, total,
	// segment_size (network buffers); required_mb, allocated_mb,
	// missing_mb (network pool); pages, remaining_pages, bytes,
	// remaining_bytes (managed memory); usage, container_limit, beyond
	// (containers).
	Numbers map[string]int64
	// Absurd lists numbers in the message that do not fit in 64 bits.
	Absurd []string
	// Checks are the check codes an IllegalConfigurationException wording
	// maps to (several when Flink uses one wording for several checks).
	Checks []memmodel.Check
	// Key is the option a refusal names, when it names one.
	Key string
	// Count is how many lines showed this hit (0 counts as 1).
	Count int
}

// pattern recognises one wording.
type pattern struct {
	symptom Symptom
	// must holds the gate bits of the literals of which the line must
	// contain one before the expression is tried, which keeps a large log
	// cheap to scan.
	must uint64
	re   *regexp.Regexp
	role RoleHint
}

const num = `(\d[\d,]*)`

func p(s Symptom, role RoleHint, must, expr string) pattern {
	return pattern{s, lineGate.mask(strings.Split(must, "|")), regexp.MustCompile(expr), role}
}

// patterns are tried in order; a line may match several symptoms.
var patterns []pattern

func buildPatterns() []pattern {
	return []pattern{
		// Flink's enriched texts name the role.
		p(DirectOOM, RoleTaskManager, "out-of-memory error", `Direct buffer memory\. The direct out-of-memory error has occurred\. This can mean two things: either job\(s\) require`),
		p(DirectOOM, RoleJobManager, "out-of-memory error", `Direct buffer memory\. The direct out-of-memory error has occurred\. This can mean two things: either Flink Master requires`),
		p(MetaspaceOOM, RoleTaskManager, "out-of-memory error", `Metaspace\. The metaspace out-of-memory error has occurred\. This can mean two things: either the job requires`),
		p(MetaspaceOOM, RoleJobManager, "out-of-memory error", `Metaspace\. The metaspace out-of-memory error has occurred\. This can mean two things: either Flink Master requires`),
		p(HeapOOM, RoleJobManager, "out-of-memory error", `Java heap space\. A heap space-related out-of-memory error has occurred\. This can mean two things: either Flink Master`),
		// The JVM's own texts.
		p(NetworkSegments, RoleTaskManager, "memory segments", `(?i)Could not allocate enough memory segments for (?:NetworkBufferPool|GlobalBufferPool) \(required \(MB\)\s*:\s*`+named("required_mb")+`, allocated \(MB\)\s*:\s*`+named("allocated_mb")+`, missing \(MB\)\s*:\s*`+named("missing_mb")),
		p(DirectOOM, RoleUnknown, "Cannot reserve", `Cannot reserve `+named("requested")+` bytes of direct buffer memory \(allocated: `+named("allocated")+`, limit: `+named("limit")+`\)`),
		p(DirectOOM, RoleUnknown, "Direct buffer memory", `OutOfMemoryError: Direct buffer memory|Cause: Direct buffer memory`),
		p(MetaspaceOOM, RoleUnknown, "OutOfMemoryError", `OutOfMemoryError: (?:Metaspace|Compressed class space)`),
		p(GCOverhead, RoleUnknown, "OutOfMemoryError", `OutOfMemoryError: GC overhead limit exceeded`),
		p(ArraySize, RoleUnknown, "OutOfMemoryError", `OutOfMemoryError: Requested array size exceeds VM limit`),
		p(HeapOOM, RoleUnknown, "OutOfMemoryError", `OutOfMemoryError: Java heap space`),
		p(NativeThread, RoleUnknown, "OutOfMemoryError", `OutOfMemoryError: unable to create (?:new )?native thread`),
		// Network buffers: current, 1.x before the configuration hint, and
		// the exclusive-buffer timeout.
		p(NetworkBuffers, RoleTaskManager, "network buffers", `Insufficient number of network buffers: required `+named("required")+`, but only `+named("available")+` available\. The total number of network buffers is currently set to `+named("total")+` of `+named("segment_size")+` bytes each`),
		p(NetworkBuffers, RoleTaskManager, "network buffers", `Insufficient number of network buffers: required `+named("required")+`, but only `+named("available")+` of `+named("total")+` available`),
		p(NetworkBuffers, RoleTaskManager, "network buffers", `Insufficient number of network buffers: required `+named("required")+`, but only `+named("available")+` available`),
		p(NetworkBuffers, RoleTaskManager, "network buffers", `Timeout triggered when requesting exclusive buffers: The total number of network buffers is currently set to `+named("total")+` of `+named("segment_size")+` bytes each`),
		// Managed memory.
		p(ManagedMemory, RoleTaskManager, "Could not allocate", `Could not allocate `+named("pages")+` pages(?:\. Only `+named("remaining_pages")+` pages are remaining)?`),
		p(ManagedMemory, RoleTaskManager, "Could not allocate", `Could not allocate `+named("bytes")+` bytes, only `+named("remaining_bytes")+` bytes are remaining`),
		// Containers. Virtual memory first: its lines also mention physical use.
		p(VmemKilled, RoleUnknown, "virtual memory|VIRTUAL", `(?i)is running beyond virtual memory limits|beyond the '?VIRTUAL'? memory limit`),
		p(ContainerKilled, RoleUnknown, "physical memory|PHYSICAL", `is running beyond physical memory limits\. Current usage: `+sizeGroup("usage")+` of `+sizeGroup("container_limit")+` physical memory used`),
		p(ContainerKilled, RoleUnknown, "physical memory|PHYSICAL", `is running `+named("beyond")+`B beyond the '?PHYSICAL'? memory limit\. Current usage: `+sizeGroup("usage")+` of `+sizeGroup("container_limit")+` physical memory used`),
		p(ContainerKilled, RoleUnknown, "physical memory|PHYSICAL", `is running `+named("beyond")+`B beyond the '?PHYSICAL'? memory limit`),
		p(ContainerKilled, RoleUnknown, "OOMKilled|oomkilled|137|cgroup out of memory", `(?i)\bOOMKilled\b|\bexit(?:ed with)? ?code:?\s*\(?137\b|exitCode[=:] ?137\b|Memory cgroup out of memory`),
	}
}

func named(name string) string { return `(?P<` + name + `>\d[\d,]*)` }

// sizeGroup matches YARN's human sizes ("2.1 GB", "1.5 MB", "512 B").
func sizeGroup(name string) string { return `(?P<` + name + `>\d+(?:\.\d+)? ?[KMGTP]?B)` }

// maxEvidence bounds the evidence text kept per hit.
const maxEvidence = 400

// Recognise returns the symptoms one line of evidence shows, most specific
// first. A line matches at most once per symptom.
func Recognise(line string) []Hit {
	loadTables()
	present := lineGate.scan(line)
	if present == 0 {
		return nil
	}
	var hits []Hit
	seen := map[Symptom]bool{}
	for _, pt := range patterns {
		if seen[pt.symptom] || present&pt.must == 0 {
			continue
		}
		m := pt.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		seen[pt.symptom] = true
		h := Hit{Symptom: pt.symptom, Evidence: shorten(line), Role: pt.role}
		for i, name := range pt.re.SubexpNames() {
			if name == "" || m[i] == "" {
				continue
			}
			v, ok := parseNumber(m[i])
			if !ok {
				h.Absurd = append(h.Absurd, name+"="+m[i])
				continue
			}
			if h.Numbers == nil {
				h.Numbers = map[string]int64{}
			}
			h.Numbers[name] = v
		}
		if h.Role == RoleUnknown {
			h.Role = roleOfLine(line)
		}
		hits = append(hits, h)
	}
	if h, ok := refusalWith(line, present); ok {
		hits = append(hits, h)
	}
	sortHits(hits)
	return hits
}

func sortHits(h []Hit) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && rank(h[j].Symptom) < rank(h[j-1].Symptom); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

// roleOfLine guesses the role from what a line names, and only where the
// text says so: an option of one role, or a class only one role runs.
func roleOfLine(line string) RoleHint {
	tm := strings.Contains(line, "taskmanager.memory.") || strings.Contains(line, "TaskExecutor") || strings.Contains(line, "taskexecutor")
	jm := strings.Contains(line, "jobmanager.memory.") || strings.Contains(line, "Flink Master") || strings.Contains(line, "ClusterEntrypoint")
	switch {
	case tm && !jm:
		return RoleTaskManager
	case jm && !tm:
		return RoleJobManager
	}
	return RoleUnknown
}

func shorten(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxEvidence {
		return s
	}
	cut := maxEvidence
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// parseNumber reads a whole number or a YARN size ("2.1 GB") as bytes. It
// fails for numbers beyond 64 bits.
func parseNumber(s string) (int64, bool) {
	s = strings.ReplaceAll(s, ",", "")
	if strings.HasSuffix(s, "B") {
		return parseYarnSize(s)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// parseYarnSize reads Hadoop's human sizes, which use binary units.
func parseYarnSize(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(s, "B"))
	mult := 1.0
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		case 'P':
			mult = 1 << 50
		}
		if mult != 1 {
			s = strings.TrimSpace(s[:n-1])
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f*mult >= math.MaxInt64 {
		return 0, false
	}
	return int64(f * mult), true
}
