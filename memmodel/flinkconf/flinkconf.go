// Package flinkconf reads and writes Flink's configuration files: the legacy
// flat flink-conf.yaml, the standard-YAML config.yaml of Flink 1.19 and
// later, and the Kubernetes operator's FlinkDeployment resource.
//
// Reading turns each file into a memmodel.Config of raw string values, the
// way Flink itself would hand them to its memory resolver, plus notices about
// what Flink would silently ignore or misread. Writing produces snippets in
// each format, and Update edits a file in place, keeping every comment, blank
// line and unrelated key.
//
// How values from config.yaml become strings. Flink 1.19+ loads config.yaml
// with a YAML 1.2 (core schema) parser, flattens nested mappings into dotted
// keys and keeps each leaf as the Java object the parser made: a String,
// Integer, Long, BigInteger, Double or Boolean. An option reads that object
// with its own converter, for a memory size MemorySize.parse(o.toString()).
// This package reproduces that: integers become their decimal value ("0x10"
// reads 16), booleans "true" or "false", and for the options the memory model
// reads a float becomes what the option's type makes of it (Java's
// Double.toString for sizes and doubles, the nearest Java float for
// fractions). For other keys a float keeps its YAML text. A null leaf (an
// empty value, "~", "null") leaves the key unset, with a notice, because
// Flink's loader refuses null values.
//
// Lists and maps. Flink flattens every mapping, also one written in flow
// style ({k1: v1}), so a map never reaches a value: {k1: v1} under key a
// becomes the key a.k1. Flink keeps a list as its YAML flow text
// ("[a, b, c]") and parses that text again when a list option reads it,
// falling back to the legacy "a;b;c" form. Config holds lists in the legacy
// form (items joined with ";", an item holding ";" or a quote single-quoted,
// a map item written "k1:v1,k2:v2"), which every Flink line reads alike and
// which -D and flink-conf.yaml accept unchanged.
package flinkconf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
)

// Format is the kind of a configuration source.
type Format int

// Formats Flink and its Kubernetes operator read. The constants carry no
// "Format" prefix because the writers FormatFlinkConf, FormatConfigYAML and
// FormatFlinkDeployment already use those names.
const (
	// FlinkConf is the legacy flat flink-conf.yaml (Flink 1.20 and
	// earlier): one "key: value" per line.
	FlinkConf Format = iota
	// ConfigYAML is the standard-YAML config.yaml (Flink 1.19 and later),
	// where keys may be nested.
	ConfigYAML
	// FlinkDeployment is a Kubernetes operator FlinkDeployment resource
	// (also the template of a FlinkBlueGreenDeployment).
	FlinkDeployment
	// ConfigMap is a Kubernetes ConfigMap whose data holds a config.yaml or
	// flink-conf.yaml; Syntax says which.
	ConfigMap
	// Compose is a docker-compose file: the FLINK_PROPERTIES of one
	// service, over the image's shipped configuration.
	Compose
	// EnvFile is an environment file (KEY=VALUE lines) holding
	// FLINK_PROPERTIES, or the process environment itself.
	EnvFile
)

// String returns the file name or resource kind the format stands for.
func (f Format) String() string {
	switch f {
	case FlinkConf:
		return "flink-conf.yaml"
	case ConfigYAML:
		return "config.yaml"
	case FlinkDeployment:
		return "FlinkDeployment"
	case ConfigMap:
		return "ConfigMap"
	case Compose:
		return "docker-compose"
	case EnvFile:
		return "FLINK_PROPERTIES"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Notice is a non-fatal finding about a file: a line Flink ignores, a key
// given twice, a likely typo. Line is 0 when the finding is not tied to a
// line; Key is the option concerned, if any; Code is one of the Notice*
// constants.
type Notice struct {
	Line    int
	Key     string
	Code    string
	Message string
}

// Notice codes. They are stable so that scripts may match them.
const (
	// NoticeLineIgnored: a flink-conf.yaml line without ": " that Flink
	// skips.
	NoticeLineIgnored = "line-ignored"
	// NoticeEmptyValue: a flink-conf.yaml key without a value; Flink skips
	// the line, so the key stays unset.
	NoticeEmptyValue = "empty-value"
	// NoticeDuplicateKey: a flink-conf.yaml key given more than once; the
	// last one wins.
	NoticeDuplicateKey = "duplicate-key"
	// NoticeQuotedValue: a flink-conf.yaml value wrapped in quotes, which
	// the legacy parser keeps as part of the value.
	NoticeQuotedValue = "quoted-value"
	// NoticeByteOrderMark: the file starts with a byte-order mark, which
	// the legacy parser reads as part of the first key.
	NoticeByteOrderMark = "byte-order-mark"
	// NoticeNullValue: a config.yaml key whose value is null; it is left
	// unset here, and Flink refuses to load the file.
	NoticeNullValue = "null-value"
	// NoticeFloatRange: a YAML float given for a fraction lies outside the
	// range of a Java float, which Flink refuses.
	NoticeFloatRange = "float-out-of-range"
	// NoticeUnknownKey: a key that looks like a misspelt memory option.
	NoticeUnknownKey = "unknown-key"
	// NoticeJVMMemoryFlag: a JVM memory flag in env.java.opts*, which
	// overrides the sizes Flink derives.
	NoticeJVMMemoryFlag = "jvm-memory-flag"
	// NoticeResourceMemory: how a FlinkDeployment's resource memory was
	// read (Flink size syntax or Kubernetes quantity).
	NoticeResourceMemory = "resource-memory"
	// NoticeResourceOverride: spec.flinkConfiguration sets a process size
	// that the resource memory of the same spec replaces.
	NoticeResourceOverride = "resource-memory-overrides-config"
	// NoticeFileIgnored: a conf/ directory holds a file the chosen Flink
	// line does not read.
	NoticeFileIgnored = "file-ignored"
)

// Source is a parsed configuration file.
type Source struct {
	// JavaOptsEnv is FLINK_ENV_JAVA_OPTS as the file sets it for the
	// process (a docker-compose service's environment), when
	// JavaOptsEnvSet; otherwise the environment flinkmem runs in decides.
	JavaOptsEnv    string
	JavaOptsEnvSet bool
	// Path is the file read: the path as given, "-" for standard input, or
	// for a conf/ directory the file inside it that the Flink line reads.
	Path   string
	Format Format
	// Config maps flattened dotted keys to Flink's raw string form of each
	// value.
	Config memmodel.Config
	// Keys lists the keys in file order (first occurrence).
	Keys    []string
	Notices []Notice
	// Data holds the original bytes, so that Update can edit them in place.
	Data []byte

	// Syntax is the rule set the configuration text follows: FlinkConf
	// (flat lines: flink-conf.yaml, FLINK_PROPERTIES, a ConfigMap's
	// data.flink-conf.yaml) or ConfigYAML (config.yaml, a ConfigMap's
	// data.config.yaml, a FlinkDeployment's flinkConfiguration).
	Syntax Format
	// Shape names what was read for headers and notes, e.g. "ConfigMap
	// flink-config, data.config.yaml" or "docker-compose service
	// taskmanager"; empty for a plain configuration file.
	Shape string
	// FileLine is the Flink line the file itself names (a
	// FlinkDeployment's spec.flinkVersion, a compose service's image tag)
	// when FileLineFrom is not empty; FileLineFrom says where, e.g.
	// "spec.flinkVersion v1_15".
	FileLine     memmodel.Line
	FileLineFrom string
	// ImageDefaults is set when the configuration is applied on top of the
	// Flink image's shipped configuration (FLINK_PROPERTIES), which callers
	// take from the default preset of the line.
	ImageDefaults bool
	// Limits are the container memory limits found next to the
	// configuration (compose mem_limit, a pod's memory limit).
	Limits []Limit
	// Origins records, for a key the file sets indirectly (a
	// FlinkDeployment's resource memory), where and how it was written,
	// so that a refusal can name what the user wrote.
	Origins map[string]Origin
}

// Origin is where a key's value came from when the file does not spell
// the key itself.
type Origin struct {
	// Path is the field, e.g. "spec.taskManager.resource.memory".
	Path string
	// Value is the text the user wrote there.
	Value string
	// Line is its line in the file (0 when unknown).
	Line int
	// Problem is set when the operator's conversion makes a value Flink
	// refuses: it says why, in words that name Path and Value.
	Problem string
}

// Limit is a container memory limit for one process.
type Limit struct {
	// Role is the process the limit applies to.
	Role memmodel.Role
	// Path names the field, e.g. "services.taskmanager.mem_limit".
	Path string
	// Value is the text written there, Bytes the limit as the container
	// runtime reads it.
	Value string
	Bytes int64
	// Factor, when above 0, makes the limit relative: Factor × the process
	// size, as Flink sizes a Kubernetes pod's limit (the operator sets the
	// factor to limits ÷ requests); Bytes is then 0.
	Factor float64
	// Line is the field's line in the file (0 when unknown).
	Line int
}

// Of returns the limit for a process of the given size.
func (l Limit) Of(process memmodel.MemorySize) memmodel.MemorySize {
	if l.Factor > 0 {
		return memmodel.MemorySize(float64(process) * l.Factor)
	}
	return memmodel.MemorySize(l.Bytes)
}

// Exceeds returns a message when a process of the given size does not fit
// the limit, and "" when it fits.
func (l Limit) Exceeds(process memmodel.MemorySize) string {
	limit := l.Of(process)
	if process <= limit {
		return ""
	}
	over := process - limit
	key := tmProcessKey
	if l.Role == memmodel.JobManager {
		key = jmProcessKey
	}
	return fmt.Sprintf("the %s process size %s is %s above the container memory limit %s = %s, which is %s; the container is killed when the process grows to its planned size, so lower %s or raise the limit",
		l.Role.Title(), process.HumanExact(), over.Human(), l.Path, l.Value, limit.HumanExact(), key)
}

// Error is a problem reading or writing a file: missing, unreadable, not a
// configuration, a YAML syntax error, a duplicate key, too large. Line and
// Column are 1-based and 0 when unknown.
type Error struct {
	Path         string
	Line, Column int
	Msg          string
	// Err, when set, is a sentinel such as ErrChanged that callers may test
	// with errors.Is.
	Err error
}

// Unwrap returns the sentinel error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Error renders the problem on one line: "path:line:column: message".
// Control characters (from a file name or a key) are shown escaped.
func (e *Error) Error() string {
	name := e.Path
	if name == "-" || name == "" {
		name = "<stdin>"
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		return oneLine(fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Column, e.Msg))
	case e.Line > 0:
		return oneLine(fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg))
	}
	return oneLine(name + ": " + e.Msg)
}

// oneLine escapes control characters so that s prints on one line.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029
}

// finish makes every notice message print on one line.
func (s *Source) finish() *Source {
	for i := range s.Notices {
		s.Notices[i].Message = oneLine(s.Notices[i].Message)
	}
	return s
}

// ErrExists is returned, wrapped in an *os.PathError, by WriteFile when the
// target exists and force is false.
var ErrExists = errors.New("file exists (overwriting needs force)")
