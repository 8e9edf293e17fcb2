package memmodel

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// declaredChecks reads the package's source for every constant of type
// Check, so that a check added without a table entry fails the test.
func declaredChecks(t *testing.T) map[Check]string {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	out := map[Check]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Check" {
					continue
				}
				for i, n := range vs.Names {
					lit := vs.Values[i].(*ast.BasicLit)
					out[Check(strings.Trim(lit.Value, `"`))] = n.Name
				}
			}
		}
	}
	return out
}

// TestCheckTable fails when a check lacks its title, its message or its
// fix plan (or an explicit reason for having none), or when the table and
// the declared constants disagree.
func TestCheckTable(t *testing.T) {
	declared := declaredChecks(t)
	if len(declared) < 40 {
		t.Fatalf("found only %d Check constants in the source", len(declared))
	}
	inTable := map[Check]bool{}
	for _, c := range AllChecks() {
		if inTable[c] {
			t.Errorf("%s declared twice", c)
		}
		inTable[c] = true
		if _, ok := declared[c]; !ok {
			t.Errorf("%s is in the table but no constant declares it", c)
		}
		spec, _ := c.spec()
		if spec.title == "" || spec.title == string(c) {
			t.Errorf("%s: no title", c)
		}
		if spec.unparsable == (spec.message != nil) {
			t.Errorf("%s: needs a message builder (or, for an unreadable value, the value's message) — not both", c)
		}
		if (spec.plan == nil) == (spec.noFix == "") {
			t.Errorf("%s: needs a fix plan or a reason for having none, not both", c)
		}
		if spec.noFix != c.NoAutomaticFix() {
			t.Errorf("%s: NoAutomaticFix = %q", c, c.NoAutomaticFix())
		}
		r := &Rejection{Check: c, Key: "k", Raw: "x", keys: [6]string{"a", "b"}, nKeys: 2}
		if msg := r.Error(); !strings.Contains(msg, string(c)) && !spec.unparsable && c != CheckNoMemoryConfigured {
			t.Errorf("%s: message %q does not name its code", c, msg)
		}
	}
	for c, name := range declared {
		if !inTable[c] {
			t.Errorf("%s (%s) has no entry in the checks table", name, c)
		}
	}
}

// TestChecksMatchConformance compares the table with the codes of
// CHECKS.md: every code Flink reaches from a configuration this tool takes
// is in the table, and every table code that is Flink's is listed there.
func TestChecksMatchConformance(t *testing.T) {
	path := filepath.Join("testdata", "conformance", "CHECKS.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|[^|]*\\|[^|]*\\| ([0-9]+) \\|(.*)\\|$")
	listed := map[Check]bool{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		c := Check(m[1])
		listed[c] = true
		wrapper := strings.Contains(m[3], "*(wrapper)*")
		notTaken := strings.Contains(m[3], "not taken by this tool") || strings.Contains(m[3], "*(unreachable)*") ||
			strings.Contains(m[3], "*(unreachable:")
		if _, ok := c.spec(); !ok && !wrapper && !notTaken {
			t.Errorf("CHECKS.md lists %s (%s vectors), which the checks table lacks", c, m[2])
		}
	}
	if len(listed) < 40 {
		t.Fatalf("read only %d codes from %s", len(listed), path)
	}
	for _, c := range AllChecks() {
		if !listed[c] && !strings.HasPrefix(string(c), "managed-consumer-") {
			t.Errorf("%s is in the checks table but not in CHECKS.md", c)
		}
	}
}
