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
// set, else spec.<role>.resource.memory.
func resourceMemory(spec *yaml.Node, role string) (path string, key, value *yaml.Node) {
	_, r := mapValue(spec, role)
	if _, res := mapValue(r, "resources"); res != nil && !isNullNode(res) {
		_, req := mapValue(res, "requests")
		k, v := mapValue(req, "memory")
		return "spec." + role + ".resources.requests.memory", k, v
	}
	_, res := mapValue(r, "resource")
	k, v := mapValue(res, "memory")
	return "spec." + role + ".resource.memory", k, v
}

// ParseFlinkDeployment parses a Kubernetes operator FlinkDeployment (in a
// stream of several documents, the first FlinkDeployment; a bare spec
// fragment is accepted too). spec.flinkConfiguration, flat or nested, gives
// the keys; the TaskManager's and JobManager's resource memory become
// taskmanager.memory.process.size and jobmanager.memory.process.size, read
// as the operator reads them: Flink's size syntax first, then a Kubernetes
// quantity. The resource memory wins over a process size in
// flinkConfiguration, as it does in the operator.
func ParseFlinkDeployment(name string, data []byte) (*Source, error) {
	if _, err := checkText(name, data); err != nil {
		return nil, err
	}
	docs, err := decodeYAML(name, data)
	if err != nil {
		return nil, err
	}
	var root *yaml.Node
	for _, d := range docs {
		if r := docRoot(d); isDeployment(r, false) {
			root = r
			break
		}
	}
	if root == nil && len(docs) == 1 && isDeployment(docRoot(docs[0]), true) {
		root = docRoot(docs[0])
	}
	if root == nil {
		return nil, &Error{Path: name, Msg: "no FlinkDeployment in this file (no document with kind: FlinkDeployment, nor a spec with flinkConfiguration, taskManager or jobManager)"}
	}
	_, spec := mapValue(root, "spec")
	_, fc := mapValue(spec, "flinkConfiguration")
	if fc != nil && !isNullNode(fc) && fc.Kind != yaml.MappingNode {
		return nil, &Error{Path: name, Line: fc.Line, Column: fc.Column, Msg: "spec.flinkConfiguration is not a mapping of Flink keys to values"}
	}
	t, err := buildTree(name, fc, "")
	if err != nil {
		return nil, err
	}
	src := t.source(name, FlinkDeployment, data)
	for _, p := range []struct{ role, key, title string }{
		{"jobManager", jmProcessKey, "JobManager"},
		{"taskManager", tmProcessKey, "TaskManager"},
	} {
		path, _, v := resourceMemory(spec, p.role)
		if v == nil || isNullNode(v) {
			continue
		}
		if v.Kind != yaml.ScalarNode {
			return nil, &Error{Path: name, Line: v.Line, Column: v.Column, Msg: path + " is not a single value such as 2048m or 2Gi"}
		}
		value, how := operatorMemory(v.Value)
		msg := fmt.Sprintf("%s %q %s → %s = %s", path, v.Value, how, p.key, value)
		src.Notices = append(src.Notices, Notice{Line: v.Line, Key: p.key, Code: NoticeResourceMemory, Message: msg})
		if old, ok := src.Config[p.key]; ok {
			if old != value {
				src.Notices = append(src.Notices, Notice{Line: t.leaves[p.key].keyN.Line, Key: p.key, Code: NoticeResourceOverride,
					Message: fmt.Sprintf("spec.flinkConfiguration sets %s = %s, but the operator replaces it with %s from %s; set the %s size in one place only", p.key, old, value, path, p.title)})
			}
		} else {
			src.Keys = append(src.Keys, p.key)
		}
		src.Config[p.key] = value
	}
	return src.finish(), nil
}

// operatorMemory reads a resource memory value as the Flink Kubernetes
// operator does (FlinkConfigBuilder.parseResourceMemoryString): Flink's
// MemorySize syntax first; when that fails, the text is trimmed, stripped of
// whitespace, upper-cased, a trailing "B" dropped and a trailing "I" turned
// into "i", then read as a fabric8 Kubernetes Quantity whose numerical
// amount (a Java BigDecimal) is handed to Flink as text. It returns the
// value for the process size key and how it was read.
func operatorMemory(s string) (value, how string) {
	if m, err := memmodel.ParseMemorySize(s); err == nil {
		how = "is read with Flink's size syntax: " + m.HumanExact()
		if !strings.ContainsAny(javaTrim(s), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			how += " (a number without unit means bytes)"
		} else if k, ok := kubernetesBytes(javaTrim(s)); ok && k.Cmp(big.NewInt(int64(m))) != 0 {
			how += fmt.Sprintf(" (not %s bytes, as Kubernetes would read it; the pod is sized by Flink's reading)", k)
		}
		return m.String(), how
	}
	text, n, ok := fabric8Amount(s)
	switch {
	case !ok:
		return s, "is neither Flink size syntax nor a Kubernetes quantity; the operator refuses it (write e.g. 2048m or 2Gi)"
	case n == nil:
		hint := ""
		if exact, whole := exactQuantity(s); whole && exact.IsInt64() && exact.Sign() >= 0 {
			hint = fmt.Sprintf("; write %s instead", memmodel.MemorySize(exact.Int64()).String())
		}
		return text, fmt.Sprintf("is not Flink size syntax; the operator reads it as a Kubernetes quantity but hands Flink %q, which Flink cannot read (it takes whole bytes only), so the resource is refused%s", text, hint)
	case !n.IsInt64():
		return text, fmt.Sprintf("is not Flink size syntax; the operator reads it as a Kubernetes quantity, %s bytes, more than Flink can represent", text)
	}
	m := memmodel.MemorySize(n.Int64())
	return m.String(), fmt.Sprintf("is not Flink size syntax; the operator reads it as a Kubernetes quantity: %s", m.HumanExact())
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
	if unit <= 0 {
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
