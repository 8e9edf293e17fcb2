package flinkconf

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/flinkmem/flinkmem/memmodel"
	"gopkg.in/yaml.v3"
)

const (
	tmProcessKey = "taskmanager.memory.process.size"
	jmProcessKey = "jobmanager.memory.process.size"
)

// mapValue returns the value of key in mapping m (following aliases), or
// nil.
func mapValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := deref(m.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i], deref(m.Content[i+1])
		}
	}
	return nil, nil
}

// isDeployment reports whether a document's root is a FlinkDeployment, or
// a fragment holding only its spec.
func isDeployment(root *yaml.Node, fragmentOK bool) bool {
	if _, kind := mapValue(root, "kind"); kind != nil && kind.Kind == yaml.ScalarNode {
		return kind.Value == "FlinkDeployment"
	}
	if !fragmentOK {
		return false
	}
	_, spec := mapValue(root, "spec")
	for _, k := range []string{"flinkConfiguration", "taskManager", "jobManager"} {
		if _, v := mapValue(spec, k); v != nil {
			return true
		}
	}
	return false
}

// resourceMemory finds where the operator takes a process's memory from:
// spec.<role>.resources.requests.memory when the newer resources field is
// set (operators that know it prefer it, and then ignore resource), else
// spec.<role>.resource.memory. specPath is the path of spec itself.
func resourceMemory(spec *yaml.Node, specPath, role string) (path string, key, value *yaml.Node) {
	_, r := mapValue(spec, role)
	if _, res := mapValue(r, "resources"); res != nil && !isNullNode(res) {
		_, req := mapValue(res, "requests")
		k, v := mapValue(req, "memory")
		return specPath + "." + role + ".resources.requests.memory", k, v
	}
	_, res := mapValue(r, "resource")
	k, v := mapValue(res, "memory")
	return specPath + "." + role + ".resource.memory", k, v
}

// findDeployment finds the FlinkDeployment spec in a file's documents: a
// FlinkDeployment, a FlinkBlueGreenDeployment's template, or (in a file of
// one document) a bare spec fragment. It returns the spec, its path, what
// every document is and the index of the one read (-1 when none is).
func findDeployment(docs []*yaml.Node) (spec *yaml.Node, specPath string, infos []docInfo, chosen int) {
	infos = classifyDocs(docs)
	for i, info := range infos {
		switch {
		case info.shape == shapeDeployment || info.shape == shapeFragment && len(infos) == 1:
			_, spec = mapValue(info.root, "spec")
			return spec, "spec", infos, i
		case info.shape == shapeBlueGreen:
			_, t := mapValue(info.root, "spec")
			_, t = mapValue(t, "template")
			_, spec = mapValue(t, "spec")
			infos[i].what += " (its template)"
			return spec, "spec.template.spec", infos, i
		}
	}
	return nil, "", infos, -1
}

// ParseFlinkDeployment parses a Kubernetes operator FlinkDeployment (in a
// stream of several documents, the first FlinkDeployment or
// FlinkBlueGreenDeployment, whose template is read; a bare spec fragment is
// accepted too). spec.flinkConfiguration, flat or nested, gives the keys;
// the TaskManager's and JobManager's resource memory become
// taskmanager.memory.process.size and jobmanager.memory.process.size, read
// as the operator reads them: Flink's size syntax first, then a Kubernetes
// quantity. The resource memory wins over a process size in
// flinkConfiguration, as it does in the operator. spec.flinkVersion sets
// Source.Line, and memory limits (spec.<role>.resources.limits.memory)
// become Source.Limits.
func ParseFlinkDeployment(name string, data []byte) (*Source, error) {
	docs, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	spec, specPath, infos, chosen := findDeployment(docs)
	if chosen < 0 {
		return nil, &Error{Path: name, Msg: "no FlinkDeployment in this file (no document with kind: FlinkDeployment or FlinkBlueGreenDeployment, nor a spec with flinkConfiguration, taskManager or jobManager)"}
	}
	src, err := parseDeploymentSpec(name, data, spec, specPath, infos[chosen].what)
	if err != nil {
		return nil, err
	}
	addChosenNotice(src, infos, chosen)
	return src.finish(), nil
}

// parseDeployment reads the spec under holder (a FlinkDeployment, or a
// blue-green template); specPath is where that spec sits.
func parseDeployment(name string, data []byte, holder *yaml.Node, specPath, what string) (*Source, error) {
	_, spec := mapValue(holder, "spec")
	return parseDeploymentSpec(name, data, spec, specPath, what)
}

// parseDeploymentSpec reads a FlinkDeployment spec.
func parseDeploymentSpec(name string, data []byte, spec *yaml.Node, specPath, what string) (*Source, error) {
	_, fc := mapValue(spec, "flinkConfiguration")
	if fc != nil && !isNullNode(fc) && fc.Kind != yaml.MappingNode {
		return nil, &Error{Path: name, Line: fc.Line, Column: fc.Column, Msg: specPath + ".flinkConfiguration is not a mapping of Flink keys to values"}
	}
	t, err := buildTree(name, fc, "")
	if err != nil {
		return nil, err
	}
	src := t.source(name, FlinkDeployment, data)
	src.Syntax, src.Shape, src.Origins = ConfigYAML, what, map[string]Origin{}
	if _, v := mapValue(spec, "flinkVersion"); v != nil && v.Kind == yaml.ScalarNode && !isNullNode(v) {
		if l, ok := lineOfVersion(v.Value); ok {
			src.FileLine, src.FileLineFrom = l, specPath+".flinkVersion "+v.Value
		} else {
			src.Notices = append(src.Notices, Notice{Line: v.Line, Code: NoticeFlinkVersion,
				Message: fmt.Sprintf("%s.flinkVersion %s is not a Flink line flinkmem knows (flinkmem version lists them)", specPath, v.Value)})
		}
	}
	misplacedResource(src, spec, specPath)
	for _, p := range []struct {
		role  memmodel.Role
		field string
		key   string
	}{
		{memmodel.JobManager, "jobManager", jmProcessKey},
		{memmodel.TaskManager, "taskManager", tmProcessKey},
	} {
		if err := deploymentRole(src, t, spec, specPath, p.field, p.key, p.role); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// deploymentRole reads one process's resource memory and memory limit.
func deploymentRole(src *Source, t *yamlTree, spec *yaml.Node, specPath, field, key string, role memmodel.Role) error {
	name := src.Path
	_, r := mapValue(spec, field)
	_, resources := mapValue(r, "resources")
	newStyle := resources != nil && !isNullNode(resources)
	if newStyle {
		if _, old := mapValue(r, "resource"); old != nil && !isNullNode(old) {
			src.Notices = append(src.Notices, Notice{Line: old.Line, Code: NoticeResourceMemory,
				Message: fmt.Sprintf("%s.%s.resource is ignored while %s.%s.resources is set (operators that know resources prefer it; older ones read only resource), so keep one of the two", specPath, field, specPath, field)})
		}
		podLimit(src, resources, specPath+"."+field+".resources", role)
	}
	path, _, v := resourceMemory(spec, specPath, field)
	if v == nil || isNullNode(v) {
		if newStyle {
			src.Notices = append(src.Notices, Notice{Line: resources.Line, Code: NoticeResourceMemory,
				Message: fmt.Sprintf("%s has no memory request, so the operator takes no %s size from it; set %s", path[:strings.LastIndex(path, ".requests")], role.Title(), path)})
		}
		return nil
	}
	if v.Kind != yaml.ScalarNode {
		return &Error{Path: name, Line: v.Line, Column: v.Column, Msg: path + " is not a single value such as 2048m or 2Gi"}
	}
	value, how, problem := operatorMemory(v.Value)
	src.Notices = append(src.Notices, Notice{Line: v.Line, Key: key, Code: NoticeResourceMemory,
		Message: fmt.Sprintf("%s %q %s → %s = %s", path, v.Value, how, key, value)})
	o := Origin{Path: path, Value: v.Value, Line: v.Line}
	if problem {
		o.Problem = fmt.Sprintf("%s: %q %s", path, v.Value, how)
	}
	src.Origins[key] = o
	factorLimit(src, specPath+"."+field, role)
	if old, ok := src.Config[key]; ok {
		if old != value {
			src.Notices = append(src.Notices, Notice{Line: t.leaves[key].keyN.Line, Key: key, Code: NoticeResourceOverride,
				Message: fmt.Sprintf("%s.flinkConfiguration sets %s = %s, but the operator replaces it with %s from %s; set the %s size in one place only", specPath, key, old, value, path, role.Title())})
		}
	} else {
		src.Keys = append(src.Keys, key)
	}
	src.Config[key] = value
	return nil
}

// misplacedResource notices memory or cpu written one level too high
// (beside resource: instead of under it), which the operator ignores.
func misplacedResource(src *Source, spec *yaml.Node, specPath string) {
	if k, _ := mapValue(spec, "resource"); k != nil {
		src.Notices = append(src.Notices, Notice{Line: k.Line, Code: NoticeResourceMisplaced,
			Message: fmt.Sprintf("%s.resource is not read: the operator takes resources per process, from %s.taskManager.resource and %s.jobManager.resource; indent it under taskManager: or jobManager:", specPath, specPath, specPath)})
	}
	for _, field := range []string{"jobManager", "taskManager"} {
		_, r := mapValue(spec, field)
		for _, f := range []string{"memory", "cpu"} {
			if k, _ := mapValue(r, f); k != nil {
				src.Notices = append(src.Notices, Notice{Line: k.Line, Code: NoticeResourceMisplaced,
					Message: fmt.Sprintf("%s.%s.%s is not read: the operator takes it from %s.%s.resource.%s, so it is ignored; indent it under resource:", specPath, field, f, specPath, field, f)})
			}
		}
	}
}

// operatorMemory reads a resource memory value as the Flink Kubernetes
// operator does (FlinkConfigBuilder.parseResourceMemoryString): Flink's
// MemorySize syntax first; when that fails, the text is trimmed, stripped of
// whitespace, upper-cased, a trailing "B" dropped and a trailing "I" turned
// into "i", then read as a fabric8 Kubernetes Quantity whose numerical
// amount (a Java BigDecimal) is handed to Flink as text. It returns the
// value for the process size key, how it was read, and whether Flink or the
// operator refuses it.
func operatorMemory(s string) (value, how string, problem bool) {
	if m, err := memmodel.ParseMemorySize(s); err == nil {
		how = "is read with Flink's size syntax: " + m.HumanExact()
		if !strings.ContainsAny(javaTrim(s), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			how += " (a number without unit means bytes)"
		} else if k, ok := kubernetesBytes(javaTrim(s)); ok && k.Cmp(big.NewInt(int64(m))) != 0 {
			rel := "less"
			if k.Cmp(big.NewInt(int64(m))) > 0 {
				rel = "more"
			}
			how += fmt.Sprintf("; Kubernetes itself reads %s as %s bytes, %s than the %s Flink plans to use, so a pod limit written %s does not match the process (write %s in both places)", javaTrim(s), k, rel, m.Human(), javaTrim(s), kubernetesSpelling(m))
		}
		return m.String(), how, false
	}
	text, n, ok := fabric8Amount(s)
	switch {
	case !ok:
		return s, "is neither Flink size syntax nor a Kubernetes quantity; the operator refuses it (write e.g. 2048m or 2Gi)", true
	case n == nil:
		hint := ""
		if exact, whole := exactQuantity(s); whole && exact.IsInt64() && exact.Sign() >= 0 {
			hint = fmt.Sprintf("; write %s instead", memmodel.MemorySize(exact.Int64()).String())
		}
		return text, fmt.Sprintf("is not Flink size syntax, so the operator reads it as a Kubernetes quantity and hands Flink %q, a decimal Flink cannot read as a size (it takes whole bytes), and the deployment fails%s", text, hint), true
	case !n.IsInt64():
		return text, fmt.Sprintf("is not Flink size syntax; the operator reads it as a Kubernetes quantity, %s bytes, more than Flink can represent", text), true
	}
	m := memmodel.MemorySize(n.Int64())
	return m.String(), fmt.Sprintf("is not Flink size syntax; the operator reads it as a Kubernetes quantity: %s", m.HumanExact()), false
}

// kubernetesSpelling writes a size in Kubernetes binary units ("2Gi"),
// which Kubernetes and the operator both read as the same bytes.
func kubernetesSpelling(m memmodel.MemorySize) string {
	for _, u := range []struct {
		s     string
		shift uint
	}{{"Ti", 40}, {"Gi", 30}, {"Mi", 20}, {"Ki", 10}} {
		if int64(m)%(int64(1)<<u.shift) == 0 {
			return fmt.Sprintf("%d%s", int64(m)>>u.shift, u.s)
		}
	}
	return fmt.Sprintf("%d", int64(m))
}

// decimal is a Java BigDecimal: unscaled × 10^-scale.
type decimal struct {
	unscaled *big.Int
	scale    int
}

// String renders d as Java's BigDecimal.toString does.
func (d decimal) String() string {
	coeff := new(big.Int).Abs(d.unscaled).String()
	sign := ""
	if d.unscaled.Sign() < 0 {
		sign = "-"
	}
	adjusted := -d.scale + len(coeff) - 1
	if d.scale >= 0 && adjusted >= -6 {
		if d.scale == 0 {
			return sign + coeff
		}
		if len(coeff) > d.scale {
			return sign + coeff[:len(coeff)-d.scale] + "." + coeff[len(coeff)-d.scale:]
		}
		return sign + "0." + strings.Repeat("0", d.scale-len(coeff)) + coeff
	}
	out := coeff[:1]
	if len(coeff) > 1 {
		out += "." + coeff[1:]
	}
	exp := strconv.Itoa(adjusted)
	if adjusted >= 0 {
		exp = "+" + exp
	}
	return sign + out + "E" + exp
}

// round16 rounds v to 16 significant digits (MathContext.DECIMAL64,
// half-even), as BigDecimal.pow with that context does.
func round16(v *big.Int) decimal {
	digits := len(v.String())
	if digits <= 16 {
		return decimal{v, 0}
	}
	drop := digits - 16
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(drop)), nil)
	q, r := new(big.Int).QuoRem(v, div, new(big.Int))
	twice := new(big.Int).Lsh(r, 1)
	if c := twice.Cmp(div); c > 0 || c == 0 && q.Bit(0) == 1 {
		q.Add(q, big.NewInt(1))
	}
	return decimal{q, -drop}
}

// quantityMultiple is fabric8's multiplier for a quantity's format.
func quantityMultiple(format string) (decimal, bool) {
	if strings.ContainsAny(format, "0123456789") && len(format) > 1 {
		exp, err := strconv.ParseInt(format[1:], 10, 32)
		if err != nil || exp > 1000 || exp < -1000 {
			return decimal{}, false
		}
		if exp < 0 {
			return decimal{big.NewInt(1), int(-exp)}, true
		}
		return round16(new(big.Int).Exp(big.NewInt(10), big.NewInt(exp), nil)), true
	}
	binary := map[string]int64{"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
	dec := map[string]int64{"k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
	if e, ok := binary[format]; ok {
		return round16(new(big.Int).Lsh(big.NewInt(1), uint(e))), true
	}
	if e, ok := dec[format]; ok {
		return round16(new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil)), true
	}
	switch format {
	case "":
		return decimal{big.NewInt(1), 0}, true
	case "n", "u", "m":
		return decimal{big.NewInt(1), map[string]int{"n": 9, "u": 6, "m": 3}[format]}, true
	}
	return decimal{}, false
}

// javaBigDecimal reads an amount as new BigDecimal(String) does (without
// an exponent, which a quantity's amount never holds).
func javaBigDecimal(s string) (decimal, bool) {
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole+frac == "" || !allDigits(whole) || !allDigits(frac) {
		return decimal{}, false
	}
	u, ok := new(big.Int).SetString(sign+whole+frac, 10)
	return decimal{u, len(frac)}, ok
}

// fabric8Amount emulates the operator's Kubernetes fallback. It returns the
// text handed to Flink, its whole number of bytes when that text is a plain
// integer Flink can read (nil when it is not), and false when the value is
// not a quantity at all.
func fabric8Amount(s string) (string, *big.Int, bool) {
	q := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, javaTrim(s)))
	q = strings.TrimSuffix(q, "B")
	if strings.HasSuffix(q, "I") {
		q = q[:len(q)-1] + "i"
	}
	if q == "" {
		return "", nil, false
	}
	if q[0] == '.' {
		q = "0" + q
	}
	unit := strings.IndexAny(q, "eEinumkKMGTP")
	if unit < 0 {
		unit = len(q)
	}
	amountText, format := q[:unit], q[unit:]
	if strings.ContainsAny(format, "0123456789") && isLetter(format[len(format)-1]) {
		return "", nil, false
	}
	amount, ok := javaBigDecimal(amountText)
	if !ok {
		return "", nil, false
	}
	mult, ok := quantityMultiple(format)
	if !ok {
		return "", nil, false
	}
	prod := decimal{new(big.Int).Mul(amount.unscaled, mult.unscaled), amount.scale + mult.scale}
	text := prod.String()
	if prod.scale != 0 || prod.unscaled.Sign() < 0 {
		return text, nil, true
	}
	return text, prod.unscaled, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// exactQuantity computes a quantity's exact value (ignoring the operator's
// formatting) to suggest a spelling Flink reads; whole is false when it is
// not a whole number of bytes.
func exactQuantity(s string) (*big.Int, bool) {
	q := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	q = strings.TrimSuffix(q, "B")
	if strings.HasSuffix(q, "I") {
		q = q[:len(q)-1] + "i"
	}
	unit := strings.IndexAny(q, "EiKMGTP")
	if unit < 0 {
		unit = len(q)
	}
	amount, ok := new(big.Rat).SetString(q[:unit])
	if !ok {
		return nil, false
	}
	mult, ok := quantityMultiple(q[unit:])
	if !ok {
		return nil, false
	}
	m := new(big.Rat).SetInt(mult.unscaled)
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(mult.scale))), nil))
	if mult.scale > 0 {
		m.Quo(m, scale)
	} else {
		m.Mul(m, scale)
	}
	v := amount.Mul(amount, m)
	if !v.IsInt() {
		return nil, false
	}
	return v.Num(), true
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// kubernetesBytes reads s as Kubernetes itself reads a memory quantity
// (case-sensitive suffixes), to tell users when Flink's reading differs.
func kubernetesBytes(s string) (*big.Int, bool) {
	unit := strings.IndexAny(s, "eEinumkKMGTP")
	if unit < 0 {
		unit = len(s)
	}
	if unit == 0 {
		return nil, false
	}
	amount, ok := new(big.Rat).SetString(s[:unit])
	if !ok {
		return nil, false
	}
	mult, ok := quantityMultiple(s[unit:])
	if !ok || mult.scale != 0 {
		return nil, false
	}
	v := amount.Mul(amount, new(big.Rat).SetInt(mult.unscaled))
	if !v.IsInt() {
		return nil, false
	}
	return v.Num(), true
}

// podLimit reads a process's memory limit from its Kubernetes resource
// requirements. With a memory request the operator turns the limit into
// Flink's limit factor (limits ÷ requests, as Kubernetes reads both), and
// Flink sizes the pod's limit as that factor × the process size; without
// one the limit is taken as written.
func podLimit(src *Source, resources *yaml.Node, path string, role memmodel.Role) {
	_, limits := mapValue(resources, "limits")
	_, lim := mapValue(limits, "memory")
	if lim == nil || lim.Kind != yaml.ScalarNode || isNullNode(lim) {
		return
	}
	limBytes, ok := kubernetesBytes(javaTrim(lim.Value))
	if !ok || !limBytes.IsInt64() || limBytes.Sign() <= 0 {
		src.Notices = append(src.Notices, Notice{Line: lim.Line, Code: NoticePodLimit,
			Message: fmt.Sprintf("%s.limits.memory = %s is not a whole number of bytes in Kubernetes units (e.g. 4Gi)", path, lim.Value)})
		return
	}
	l := Limit{Role: role, Path: path + ".limits.memory", Value: lim.Value, Bytes: limBytes.Int64(), Line: lim.Line}
	_, requests := mapValue(resources, "requests")
	if _, req := mapValue(requests, "memory"); req != nil && req.Kind == yaml.ScalarNode {
		if reqBytes, ok := kubernetesBytes(javaTrim(req.Value)); ok && reqBytes.Sign() > 0 {
			f, _ := new(big.Rat).SetFrac(limBytes, reqBytes).Float64()
			l.Bytes, l.Factor = 0, f
			l.Value = fmt.Sprintf("%s (limit factor %s ÷ %s = %s of the process size)", lim.Value, lim.Value, req.Value, strconv.FormatFloat(f, 'g', 4, 64))
		}
	}
	src.Limits = append(src.Limits, l)
}

// factorLimit adds the pod memory limit Flink sets on Kubernetes when the
// resource requirements give no limit of their own: the process size ×
// kubernetes.<role>.memory.limit-factor (default 1, so the limit is the
// process size).
func factorLimit(src *Source, path string, role memmodel.Role) {
	for _, l := range src.Limits {
		if l.Role == role {
			return
		}
	}
	key := "kubernetes." + role.String() + ".memory.limit-factor"
	f, value := 1.0, "1.0 (the default)"
	if v, ok := src.Config[key]; ok {
		parsed, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || parsed < 1 {
			return // Flink refuses it; the resolution does not depend on it
		}
		f, value = parsed, v
	}
	src.Limits = append(src.Limits, Limit{Role: role, Path: path + " pod", Value: "the process size × " + key + " " + value, Factor: f})
}
