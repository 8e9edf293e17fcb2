package flinkconf

import (
	"bytes"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

// The official Flink image reads the FLINK_PROPERTIES environment
// variable, Flink options as "key: value" one per line, and lets them win
// over the configuration file the image ships. flinkmem reads that text with
// the flat flink-conf.yaml rules and lets callers layer it over the default
// preset of the line, Flink's shipped file (see Source.ImageDefaults).

const flinkProperties = "FLINK_PROPERTIES"

// javaOptsEnv is the environment variable whose JVM options Flink's
// scripts add to every process they start.
const javaOptsEnv = "FLINK_ENV_JAVA_OPTS"

// composeService is one service of a docker-compose file.
type composeService struct {
	name string
	node *yaml.Node
	cmd  string // first word of the command
}

// command returns the first word of a service's command (string or list).
func command(svc *yaml.Node) string {
	_, c := mapValue(svc, "command")
	switch {
	case c == nil:
		return ""
	case c.Kind == yaml.ScalarNode:
		f := strings.Fields(c.Value)
		if len(f) > 0 {
			return f[0]
		}
	case c.Kind == yaml.SequenceNode && len(c.Content) > 0:
		if first := deref(c.Content[0]); first != nil && first.Kind == yaml.ScalarNode {
			return first.Value
		}
	}
	return ""
}

// pickService chooses the service to read: --service, else the one whose
// command starts the role's process, else the one named after the role.
func pickService(name string, services *yaml.Node, opt Options) (composeService, []Notice, error) {
	var all []composeService
	for i := 0; i+1 < len(services.Content); i += 2 {
		k := deref(services.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		svc := deref(services.Content[i+1])
		all = append(all, composeService{name: k.Value, node: svc, cmd: command(svc)})
	}
	var names []string
	for _, s := range all {
		names = append(names, s.name)
	}
	if opt.Service != "" {
		for _, s := range all {
			if s.name == opt.Service {
				return s, nil, nil
			}
		}
		return composeService{}, nil, &Error{Path: name, Msg: fmt.Sprintf("no service %q in this compose file; its services are %s", opt.Service, strings.Join(names, ", "))}
	}
	want := []string{"taskmanager"}
	if opt.Role == memmodel.JobManager {
		want = []string{"jobmanager", "standalone-job"}
	}
	var match []composeService
	for _, s := range all {
		for _, w := range want {
			if s.cmd == w {
				match = append(match, s)
			}
		}
	}
	if len(match) == 0 {
		for _, s := range all {
			if s.name == want[0] {
				match = append(match, s)
			}
		}
	}
	switch {
	case len(match) == 0:
		return composeService{}, nil, &Error{Path: name, Msg: fmt.Sprintf("no service runs %s (command: %s) and none is named so; its services are %s, so pick one with --service NAME", want[0], want[0], strings.Join(names, ", "))}
	case len(match) > 1:
		var ns []string
		for _, s := range match {
			ns = append(ns, s.name)
		}
		return match[0], []Notice{{Line: match[0].node.Line, Code: NoticeDocumentChosen,
			Message: fmt.Sprintf("services %s all run %s; reading %s (pick another with --service NAME)", strings.Join(ns, ", "), want[0], match[0].name)}}, nil
	}
	return match[0], nil, nil
}

// composeEnv finds FLINK_PROPERTIES in a service's environment, in map
// form (FLINK_PROPERTIES: |) or list form (- FLINK_PROPERTIES=...). It
// returns the value, the node it is in and the text before the value
// inside that node ("FLINK_PROPERTIES=" in list form).
func composeEnv(svc *yaml.Node) (string, *yaml.Node, bool) {
	return composeVariable(svc, flinkProperties)
}

// composeVariable finds one variable of a service's environment, in map
// or list form, as composeEnv does.
func composeVariable(svc *yaml.Node, variable string) (string, *yaml.Node, bool) {
	_, env := mapValue(svc, "environment")
	switch {
	case env == nil:
	case env.Kind == yaml.MappingNode:
		if _, v := mapValue(env, variable); v != nil && v.Kind == yaml.ScalarNode {
			return v.Value, v, true
		}
	case env.Kind == yaml.SequenceNode:
		for _, item := range env.Content {
			item = deref(item)
			if item == nil || item.Kind != yaml.ScalarNode {
				continue
			}
			if rest, ok := strings.CutPrefix(item.Value, variable+"="); ok {
				return rest, item, true
			}
		}
	}
	return "", nil, false
}

// composeVar matches compose's ${VAR} and $VAR interpolation.
var composeVar = regexp.MustCompile(`\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)`)

// parseCompose reads one service of a docker-compose file.
func parseCompose(name string, data []byte, root *yaml.Node, opt Options) (*Source, error) {
	_, services := mapValue(root, "services")
	svc, notices, err := pickService(name, services, opt)
	if err != nil {
		return nil, err
	}
	base := "services." + svc.name
	text, node, found := composeEnv(svc.node)
	var src *Source
	if found {
		if src, err = ParseFlinkProperties(name, padded(node, text)); err != nil {
			return nil, err
		}
		placeNotices(src, node)
		if m := composeVar.FindString(text); m != "" {
			src.Notices = append(src.Notices, Notice{Line: node.Line, Code: NoticeComposeVariable,
				Message: fmt.Sprintf("%s of %s holds %s, which compose fills in from the environment when it starts; it is read here as written", flinkProperties, base, m)})
		}
	} else {
		src = &Source{Path: name, Config: memmodel.Config{}}
		msg := fmt.Sprintf("%s sets no %s in its environment, so the image's shipped configuration applies unchanged", base, flinkProperties)
		if k, _ := mapValue(svc.node, "env_file"); k != nil {
			msg += "; its env_file is not read here, so give that file with -c if it sets " + flinkProperties
		}
		src.Notices = append(src.Notices, Notice{Line: svc.node.Line, Code: NoticeNoProperties, Message: msg})
	}
	if opt.Service != "" && (opt.Role == memmodel.JobManager) != (svc.cmd == "jobmanager" || svc.cmd == "standalone-job") && svc.cmd != "" {
		src.Notices = append(src.Notices, Notice{Line: svc.node.Line, Code: NoticeDocumentChosen,
			Message: fmt.Sprintf("%s runs %s, but the %s is resolved from it; add or drop --jobmanager to match", base, svc.cmd, opt.Role.Title())})
	}
	src.Notices = append(notices, src.Notices...)
	// Flink's scripts append FLINK_ENV_JAVA_OPTS to the JVM options; a
	// service that sets it decides the JVM flags as much as its
	// configuration does.
	src.JavaOptsEnv, _, src.JavaOptsEnvSet = composeVariable(svc.node, javaOptsEnv)
	src.Format, src.Syntax, src.Data = Compose, FlinkConf, data
	src.Shape = "docker-compose service " + svc.name
	src.ImageDefaults = true
	if _, img := mapValue(svc.node, "image"); img != nil && img.Kind == yaml.ScalarNode {
		if l, v, ok := imageLine(img.Value); ok {
			src.FileLine, src.FileLineFrom = l, base+".image "+img.Value
		} else if v != "" {
			src.Notices = append(src.Notices, Notice{Line: img.Line, Code: NoticeFlinkVersion,
				Message: fmt.Sprintf("%s.image %s names Flink %s, which is not a line flinkmem knows", base, img.Value, v)})
		}
	}
	role := memmodel.TaskManager
	if svc.cmd == "jobmanager" || svc.cmd == "standalone-job" || opt.Service == "" && opt.Role == memmodel.JobManager {
		role = memmodel.JobManager
	}
	for _, p := range [][]string{{"deploy", "resources", "limits", "memory"}, {"mem_limit"}} {
		n := svc.node
		for _, k := range p {
			_, n = mapValue(n, k)
		}
		if n == nil || n.Kind != yaml.ScalarNode || isNullNode(n) {
			continue
		}
		path := base + "." + strings.Join(p, ".")
		b, ok := dockerBytes(n.Value)
		if !ok {
			src.Notices = append(src.Notices, Notice{Line: n.Line, Code: NoticePodLimit,
				Message: fmt.Sprintf("%s = %s is not a memory size docker reads (a number with b, k, m or g)", path, n.Value)})
			continue
		}
		src.Limits = append(src.Limits, Limit{Role: role, Path: path, Value: n.Value, Bytes: b, Line: n.Line})
	}
	return src, nil
}

// dockerBytes reads a memory size as docker does: a number, possibly with
// a fraction, and an optional unit b, k, m, g, t or p (any case, an
// optional trailing "b"), binary multiples.
func dockerBytes(s string) (int64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, unit := s[:i], strings.TrimSpace(s[i:])
	if num == "" {
		return 0, false
	}
	if len(unit) == 2 && unit[1] == 'b' {
		unit = unit[:1]
	}
	shift := map[string]uint{"": 0, "b": 0, "k": 10, "m": 20, "g": 30, "t": 40, "p": 50}
	sh, ok := shift[unit]
	if !ok {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), sh)))
	v := new(big.Int).Quo(r.Num(), r.Denom())
	if !v.IsInt64() {
		return 0, false
	}
	return v.Int64(), true
}

// ParseFlinkProperties reads the text of a FLINK_PROPERTIES variable (one
// "key: value" per line, the flat flink-conf.yaml rules) named name. The
// Source it returns sits on top of the image's shipped configuration
// (ImageDefaults is set).
func ParseFlinkProperties(name, text string) (*Source, error) {
	src := &Source{Path: name, Config: memmodel.Config{}}
	if strings.TrimSpace(text) != "" {
		var err error
		if src, err = ParseFlinkConf(name, []byte(text)); err != nil {
			return nil, err
		}
	}
	src.Format, src.Syntax, src.ImageDefaults = EnvFile, FlinkConf, true
	src.Shape = flinkProperties
	return src, nil
}

// envLine matches the start of FLINK_PROPERTIES in an env file.
var envLine = regexp.MustCompile(`(?m)^[ \t]*(export[ \t]+)?FLINK_PROPERTIES=`)

// isEnvFile reports whether data is an env file (KEY=VALUE lines) that sets
// FLINK_PROPERTIES, rather than YAML.
func isEnvFile(data []byte) bool {
	return bytes.Contains(data, []byte(flinkProperties+"=")) && envLine.Match(data) && !bytes.Contains(data, []byte("services:"))
}

// ParseEnvFile reads FLINK_PROPERTIES from an env file: KEY=VALUE lines,
// "#" comments, an optional "export ", and values in double or single
// quotes that may span lines (as compose's .env files allow).
func ParseEnvFile(name string, data []byte) (*Source, error) {
	text, err := checkText(name, data)
	if err != nil {
		return nil, err
	}
	loc := envLine.FindStringIndex(text)
	if loc == nil {
		src, _ := ParseFlinkProperties(name, "")
		src.Data = data
		src.Notices = append(src.Notices, Notice{Code: NoticeNoProperties, Message: "the file sets no " + flinkProperties + ", so the image's shipped configuration applies unchanged"})
		return src.finish(), nil
	}
	first := strings.Count(text[:loc[1]], "\n") // lines before the value's first line
	rest := text[loc[1]:]
	var value string
	switch {
	case rest != "" && (rest[0] == '"' || rest[0] == '\''):
		q := rest[0]
		end := -1
		for i := 1; i < len(rest); i++ {
			if q == '"' && rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == q {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, &Error{Path: name, Line: first + 1, Msg: fmt.Sprintf("%s opens a %c quote that is never closed", flinkProperties, q)}
		}
		value = rest[1:end]
		if q == '"' {
			value = strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`).Replace(value)
		}
	default:
		value, _, _ = strings.Cut(rest, "\n")
	}
	src, err := ParseFlinkProperties(name, strings.Repeat("\n", first)+value)
	if err != nil {
		return nil, err
	}
	src.Data = data
	return src.finish(), nil
}
