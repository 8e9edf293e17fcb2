package flinkconf

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

// Options say how to read a file whose shape holds more than one
// configuration.
type Options struct {
	// Line decides which file Flink reads when there are two: in a conf/
	// directory, or a ConfigMap holding both config.yaml and
	// flink-conf.yaml.
	Line memmodel.Line
	// Role picks the docker-compose service to read: the one whose command
	// is taskmanager (the zero value) or jobmanager.
	Role memmodel.Role
	// Service names the docker-compose service to read, overriding Role.
	Service string
}

// Notice codes of the deployment shapes.
const (
	// NoticeDocumentChosen: a file of several YAML documents; says which
	// one holds the Flink configuration.
	NoticeDocumentChosen = "document-chosen"
	// NoticeFlinkVersion: the file names a Flink version (spec.flinkVersion,
	// an image tag) that is not a line flinkmem knows.
	NoticeFlinkVersion = "flink-version"
	// NoticeResourceMisplaced: memory or cpu written beside resource: instead
	// of under it, which the operator ignores.
	NoticeResourceMisplaced = "resource-misplaced"
	// NoticePodLimit: how a pod's memory limit relates to the process size.
	NoticePodLimit = "pod-memory-limit"
	// NoticeComposeVariable: a compose value holds ${VAR}, which compose
	// fills in from the environment when it starts.
	NoticeComposeVariable = "compose-variable"
	// NoticeNoProperties: a compose service or env file without
	// FLINK_PROPERTIES; the image's shipped configuration applies as is.
	NoticeNoProperties = "no-flink-properties"
)

// shapesRead lists what ParseWith understands, for error messages.
const shapesRead = "flinkmem reads flink-conf.yaml, config.yaml, a FlinkDeployment or FlinkBlueGreenDeployment, a ConfigMap with data.config.yaml or data.flink-conf.yaml, a docker-compose file whose services set FLINK_PROPERTIES, or an env file with FLINK_PROPERTIES"

// LoadWith is Load with options for the shapes that hold several
// configurations (docker-compose services, a ConfigMap with two files).
func LoadWith(path string, opt Options) (*Source, error) {
	return load(path, opt)
}

// ParseWith parses data named name. The base name flink-conf.yaml selects
// Flink's legacy flat rules and config.yaml standard YAML. Any other name
// (and "-") is read by content, parsed once:
//
//   - an env file (KEY=VALUE lines) setting FLINK_PROPERTIES;
//   - text without YAML nesting: a flink-conf.yaml;
//   - YAML documents: the first one holding Flink configuration, which is a
//     FlinkDeployment (or a bare spec fragment), a FlinkBlueGreenDeployment's
//     template, a ConfigMap with data.config.yaml or data.flink-conf.yaml,
//     a docker-compose file, or a config.yaml with Flink keys.
//
// Anything else — a FlinkSessionJob, a kind it does not know, a Helm values
// file — is an *Error naming what was found.
func ParseWith(name string, data []byte, opt Options) (*Source, error) {
	switch strings.ToLower(filepath.Base(name)) {
	case "flink-conf.yaml", "flink-conf.yml":
		if !isManifest(data) {
			return ParseFlinkConf(name, data)
		}
	case "config.yaml", "config.yml":
		if !isManifest(data) {
			return ParseConfigYAML(name, data)
		}
	}
	// The cheap checks come first, so that a flat file is read once.
	if isEnvFile(data) {
		return ParseEnvFile(name, data)
	}
	if !looksNested(data) {
		return ParseFlinkConf(name, data)
	}
	docs, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	return readDocs(name, data, docs, opt)
}

// manifestKind matches the top-level kind of a Kubernetes resource
// flinkmem reads.
var manifestKind = regexp.MustCompile(`(?m)^kind:[ \t]*["']?(ConfigMap|FlinkDeployment|FlinkBlueGreenDeployment|FlinkSessionJob)["']?[ \t]*(#.*)?\r?$`)

// isManifest reports whether data is a Kubernetes resource flinkmem reads,
// which stays one also when saved as config.yaml.
func isManifest(data []byte) bool {
	return bytes.Contains(data, []byte("apiVersion:")) && bytes.Contains(data, []byte("kind:")) && manifestKind.Match(data)
}

// docShape is what one YAML document is.
type docShape int

const (
	shapeOther docShape = iota
	shapeDeployment
	shapeBlueGreen
	shapeConfigMap
	shapeCompose
	shapeSessionJob
	shapeFragment
	shapeFlat
	shapeConfig
)

// docInfo describes one document of a file.
type docInfo struct {
	root  *yaml.Node
	shape docShape
	what  string // "FlinkDeployment basic", "kind: Service (web)", ...
}

// scalarAt returns the scalar value at a dotted path of mapping keys.
func scalarAt(n *yaml.Node, path ...string) string {
	for _, p := range path {
		_, n = mapValue(n, p)
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// kindShapes are the Kubernetes kinds read, by their kind: field.
var kindShapes = map[string]docShape{
	"FlinkDeployment":          shapeDeployment,
	"FlinkBlueGreenDeployment": shapeBlueGreen,
	"FlinkSessionJob":          shapeSessionJob,
	"ConfigMap":                shapeConfigMap,
}

// classify tells what a document is.
func classify(root *yaml.Node) docInfo {
	d := docInfo{root: root}
	if root == nil {
		d.what = "an empty document"
		return d
	}
	if root.Kind != yaml.MappingNode {
		d.what = "a YAML " + map[yaml.Kind]string{yaml.SequenceNode: "list", yaml.ScalarNode: "scalar"}[root.Kind]
		if root.Kind == yaml.ScalarNode {
			d.shape = shapeFlat
		}
		return d
	}
	name := scalarAt(root, "metadata", "name")
	named := func(s string) string {
		if name != "" {
			return s + " " + name
		}
		return s
	}
	if _, k := mapValue(root, "kind"); k != nil && k.Kind == yaml.ScalarNode {
		d.what = named(k.Value)
		sh, known := kindShapes[k.Value]
		switch {
		case !known:
			d.what = named("kind: " + k.Value)
		case sh == shapeConfigMap && configMapFiles(root) == nil:
			d.what += " without data.config.yaml or data.flink-conf.yaml"
		default:
			d.shape = sh
		}
		return d
	}
	if _, s := mapValue(root, "services"); s != nil && s.Kind == yaml.MappingNode {
		d.shape, d.what = shapeCompose, "a docker-compose file"
		return d
	}
	if isDeployment(root, true) {
		d.shape, d.what = shapeFragment, "a FlinkDeployment spec"
		return d
	}
	nested := false
	for i := 1; i < len(root.Content); i += 2 {
		if v := deref(root.Content[i]); v != nil && v.Kind == yaml.MappingNode {
			nested = true
		}
	}
	switch {
	case !nested:
		d.shape, d.what = shapeFlat, "a flat configuration"
	case hasFlinkRoot(root):
		d.shape, d.what = shapeConfig, "a config.yaml"
	default:
		d.what = "a YAML mapping with top-level keys " + topKeys(root, 6)
		if looksLikeHelm(root) {
			d.what += " (a Helm values file?)"
		}
	}
	return d
}

// flinkRoots are the first segments of Flink option keys: a nested YAML
// mapping using none of them is not a Flink configuration.
var flinkRoots = map[string]bool{
	"taskmanager": true, "jobmanager": true, "env": true, "state": true, "execution": true, "rest": true,
	"parallelism": true, "high-availability": true, "kubernetes": true, "metrics": true, "pipeline": true,
	"security": true, "web": true, "blob": true, "akka": true, "pekko": true, "cluster": true,
	"restart-strategy": true, "table": true, "io": true, "fs": true, "heartbeat": true, "resourcemanager": true,
	"slot": true, "yarn": true, "python": true, "classloader": true, "jobstore": true, "queryable-state": true,
	"historyserver": true, "checkpointing": true, "process": true, "client": true, "deployment": true,
	"sql-gateway": true, "slotmanager": true, "containerized": true, "zookeeper": true, "recovery": true,
	"s3": true, "s3a": true, "fs.s3a": true, "state.backend": true, "job": true, "scheduler-mode": true,
	"jobmanager.rpc": true, "local": true, "tmp": true, "akka.ask": true, "blocklist": true, "rpc": true,
	"sql-client": true, "gs": true, "oss": true, "azure": true, "traces": true, "events": true, "plugin": true,
	"hadoop": true, "fs.s3": true, "pipeline.jars": true,
}

// hasFlinkRoot reports whether a mapping has a key whose first segment
// starts a Flink option.
func hasFlinkRoot(root *yaml.Node) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := deref(root.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		head, _, _ := strings.Cut(k.Value, ".")
		if flinkRoots[head] {
			return true
		}
	}
	return false
}

// topKeys lists up to n top-level keys of a mapping.
func topKeys(root *yaml.Node, n int) string {
	var keys []string
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := deref(root.Content[i]); k != nil && k.Kind == yaml.ScalarNode {
			keys = append(keys, k.Value)
		}
	}
	if len(keys) > n {
		return strings.Join(keys[:n], ", ") + ", …"
	}
	return strings.Join(keys, ", ")
}

// looksLikeHelm reports whether a mapping has the keys Helm charts' values
// files usually have.
func looksLikeHelm(root *yaml.Node) bool {
	for _, k := range []string{"replicaCount", "nameOverride", "fullnameOverride", "serviceAccount", "podAnnotations", "imagePullSecrets", "ingress"} {
		if key, _ := mapValue(root, k); key != nil {
			return true
		}
	}
	return false
}

// classifyDocs tells what every document is; the items of a kind: List
// (as kubectl get -o yaml prints) count as documents of their own.
func classifyDocs(docs []*yaml.Node) []docInfo {
	var infos []docInfo
	for _, d := range docs {
		root := docRoot(d)
		_, items := mapValue(root, "items")
		if scalarAt(root, "kind") == "List" && items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				info := classify(deref(it))
				info.what = "List item " + info.what
				infos = append(infos, info)
			}
			continue
		}
		infos = append(infos, classify(root))
	}
	return infos
}

// readDocs reads the document of a YAML file that holds Flink
// configuration.
func readDocs(name string, data []byte, docs []*yaml.Node, opt Options) (*Source, error) {
	if len(docs) == 0 {
		return ParseFlinkConf(name, data)
	}
	infos := classifyDocs(docs)
	chosen := -1
	for i, d := range infos {
		switch d.shape {
		case shapeDeployment, shapeBlueGreen, shapeConfigMap, shapeCompose:
			chosen = i
		}
		if chosen >= 0 {
			break
		}
	}
	if chosen < 0 && len(infos) == 1 {
		switch infos[0].shape {
		case shapeFragment, shapeConfig:
			chosen = 0
		case shapeFlat:
			return ParseFlinkConf(name, data)
		}
	}
	if chosen < 0 {
		return nil, notConfig(name, infos)
	}
	d := infos[chosen]
	var src *Source
	var err error
	switch d.shape {
	case shapeDeployment, shapeFragment:
		src, err = parseDeployment(name, data, d.root, "spec", d.what)
	case shapeBlueGreen:
		_, tmpl := mapValue(d.root, "spec")
		_, tmpl = mapValue(tmpl, "template")
		src, err = parseDeployment(name, data, tmpl, "spec.template.spec", d.what+" (its template)")
	case shapeConfigMap:
		src, err = parseConfigMap(name, d.root, d.what, opt)
	case shapeCompose:
		src, err = parseCompose(name, data, d.root, opt)
	default:
		src, err = parseConfigRoot(name, data, d.root)
	}
	if err != nil {
		return nil, err
	}
	addChosenNotice(src, infos, chosen)
	return src.finish(), nil
}

// addChosenNotice says which document of several was read.
func addChosenNotice(src *Source, infos []docInfo, chosen int) {
	if len(infos) < 2 {
		return
	}
	var others []string
	for i, o := range infos {
		if i != chosen {
			others = append(others, o.what)
		}
	}
	line := 0
	if r := infos[chosen].root; r != nil {
		line = r.Line
	}
	src.Notices = append([]Notice{{Line: line, Code: NoticeDocumentChosen,
		Message: fmt.Sprintf("document %d of %d (%s) holds the Flink configuration and is the one read; the others (%s) are not", chosen+1, len(infos), infos[chosen].what, strings.Join(others, "; "))}}, src.Notices...)
}

// notConfig words the error for a file without Flink configuration.
func notConfig(name string, infos []docInfo) *Error {
	for _, d := range infos {
		if d.shape == shapeSessionJob {
			target := scalarAt(d.root, "spec", "deploymentName")
			if target == "" {
				target = "named in spec.deploymentName"
			}
			return &Error{Path: name, Msg: fmt.Sprintf("%s has no memory settings of its own: it runs a job on the session cluster of the FlinkDeployment %s, whose taskManager and flinkConfiguration size the memory; read that FlinkDeployment instead", d.what, target)}
		}
	}
	var found []string
	for i, d := range infos {
		w := d.what
		if len(infos) > 1 {
			w = fmt.Sprintf("document %d: %s", i+1, w)
		}
		found = append(found, w)
	}
	return &Error{Path: name, Msg: "no Flink configuration found (" + strings.Join(found, "; ") + "); " + shapesRead}
}

// parseConfigRoot reads a config.yaml held by a document already decoded.
func parseConfigRoot(name string, data []byte, root *yaml.Node) (*Source, error) {
	t, err := buildTree(name, root, "")
	if err != nil {
		return nil, err
	}
	return t.source(name, ConfigYAML, data), nil
}

// configMapFiles returns the data.config.yaml and data.flink-conf.yaml
// values of a ConfigMap, or nil when it has neither.
func configMapFiles(root *yaml.Node) map[string]*yaml.Node {
	_, data := mapValue(root, "data")
	files := map[string]*yaml.Node{}
	for _, f := range []string{"config.yaml", "flink-conf.yaml"} {
		if _, v := mapValue(data, f); v != nil {
			files[f] = v
		}
	}
	if len(files) == 0 {
		return nil
	}
	return files
}

// parseConfigMap reads the Flink configuration a ConfigMap carries, with
// the rules of the file it embeds. When both files are there, the line
// decides as in a conf/ directory.
func parseConfigMap(name string, root *yaml.Node, what string, opt Options) (*Source, error) {
	files := configMapFiles(root)
	file := "config.yaml"
	var notices []Notice
	if _, ok := files["config.yaml"]; !ok {
		file = "flink-conf.yaml"
	} else if _, both := files["flink-conf.yaml"]; both {
		other := "flink-conf.yaml"
		if opt.Line.ReadsFlinkConfYAML() {
			file, other = other, file
		}
		notices = append(notices, Notice{Code: NoticeFileIgnored,
			Message: fmt.Sprintf("data.%s ignored: the ConfigMap holds both files and Flink %s reads %s", other, opt.Line, file)})
	}
	v := files[file]
	if v.Kind != yaml.ScalarNode {
		return nil, &Error{Path: name, Line: v.Line, Column: v.Column, Msg: "data." + file + " is not a text value; a ConfigMap holds the file as a string (data." + file + ": |)"}
	}
	text := padded(v, v.Value)
	var src *Source
	var err error
	if file == "config.yaml" {
		src, err = ParseConfigYAML(name, []byte(text))
	} else {
		src, err = ParseFlinkConf(name, []byte(text))
	}
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Msg = "in data." + file + ": " + e.Msg
			if embeddedOffset(v) < 0 && e.Line > 0 {
				e.Line, e.Column = v.Line, 0
			}
		}
		return nil, err
	}
	placeNotices(src, v)
	src.Notices = append(notices, src.Notices...)
	src.Syntax = src.Format
	src.Format = ConfigMap
	src.Shape = what + ", data." + file
	return src, nil
}

// embeddedOffset is what to add to a line of a block scalar's text to get
// its line in the file; -1 when the text's lines do not map to the file's
// (a quoted or plain multi-line scalar).
func embeddedOffset(v *yaml.Node) int {
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return v.Line
	}
	return -1
}

// padded prefixes text embedded in a block scalar with blank lines, so
// that the line numbers a parser reports (also inside its messages) are
// the file's.
func padded(v *yaml.Node, text string) string {
	if off := embeddedOffset(v); off > 0 {
		return strings.Repeat("\n", off) + text
	}
	return text
}

// placeNotices ties the notices about embedded text that cannot be
// numbered by line to the value holding it.
func placeNotices(src *Source, v *yaml.Node) {
	if embeddedOffset(v) >= 0 {
		return
	}
	for i := range src.Notices {
		if src.Notices[i].Line > 0 {
			src.Notices[i].Line = v.Line
		}
	}
}

// imageLine reads the Flink line from an image reference such as
// "flink:1.17.2-scala_2.12-java11" or "apache/flink:2.0"; ok is false when
// the tag names no version.
func imageLine(image string) (memmodel.Line, string, bool) {
	ref := image
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		ref = ref[i+1:]
	}
	_, tag, ok := strings.Cut(ref, ":")
	if !ok {
		return 0, "", false
	}
	end := 0
	dots := 0
	for end < len(tag) && (tag[end] >= '0' && tag[end] <= '9' || tag[end] == '.') {
		if tag[end] == '.' {
			dots++
			if dots == 2 {
				break
			}
		}
		end++
	}
	v := strings.TrimSuffix(tag[:end], ".")
	if !strings.Contains(v, ".") {
		return 0, "", false
	}
	l, err := memmodel.ParseLine(v)
	if err != nil {
		return 0, v, false
	}
	return l, v, true
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lineOfVersion parses an operator FlinkVersion name ("v1_20").
func lineOfVersion(v string) (memmodel.Line, bool) {
	s := strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
	major, minor, ok := strings.Cut(s, "_")
	if !ok || !allDigits(major) || !allDigits(minor) || major == "" || minor == "" {
		return 0, false
	}
	if _, err := strconv.Atoi(minor); err != nil {
		return 0, false
	}
	l, err := memmodel.ParseLine(major + "." + minor)
	return l, err == nil
}
