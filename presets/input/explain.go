package input

import (
	"flag"
	"fmt"

	"github.com/flinkmem/flinkmem/memmodel"
	"github.com/flinkmem/flinkmem/memmodel/diagnose"
	"github.com/flinkmem/flinkmem/view"
)

// Number is explain's --number: a size or JVM flag to explain against the
// resolved layout instead of the whole explanation.
type Number struct {
	text string
	n    memmodel.MemorySize
	flag string
}

// NumberFlag declares --number on fs.
func NumberFlag(fs *flag.FlagSet) *Number {
	n := new(Number)
	fs.StringVar(&n.text, "number", "", "")
	return n
}

// Check refuses a --number that is neither a size nor a JVM memory flag.
func (n *Number) Check() error {
	if n.text == "" {
		return nil
	}
	var err error
	if n.n, n.flag, err = diagnose.ParseNumber(n.text); err != nil {
		return fmt.Errorf("--number: %v", err)
	}
	return nil
}

// Explain is what explain prints for l: the explanation of --number when
// it is given, otherwise the components' explanation with the JVM command
// line Flink would launch (with FLINK_ENV_JAVA_OPTS).
func (n *Number) Explain(in *Loaded, l *memmodel.Layout, exact bool) string {
	if n.text != "" {
		return view.NumberReport(l, diagnose.ExplainNumber(l, n.n), n.flag)
	}
	env, envSet := in.JavaOptsEnv()
	return view.ExplainReport(l, in.ReportOptions(exact)) + view.JVMSections(in.Input, l, env, envSet)
}
