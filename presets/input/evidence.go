package input

import (
	"flag"
	"io"

	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

// SaysConfig reports whether the evidence Gather read states the
// configuration, which then stands in for missing input (see
// diagnose.Diagnosis).
func (e *Evidence) SaysConfig(in *Loaded) bool {
	return diagnose.UsedEvidenceConfig(in.Implicit, &e.found)
}

// Diagnose answers the evidence Gather read (see diagnose.Diagnosis) with
// this input, its notices joining the report's.
func (l *Loaded) Diagnose(e *Evidence) diagnose.Answer {
	a := diagnose.Diagnosis(l.Input, l.Implicit, e.found, e.texts)
	for _, n := range l.Notices {
		a.Report.Notices = append(a.Report.Notices, n.Message)
	}
	return a
}

// Gather reads the evidence of a diagnosis, for Loaded.Diagnose: the
// texts after fs's flags and the log --log names (config is -c's path,
// which must not read standard input too), after checking output, the -o
// format.
func (e *Evidence) Gather(fs *flag.FlagSet, stdin io.Reader, config, output string) error {
	texts, err := e.Texts(fs)
	if err != nil {
		return err
	}
	if err := CheckOutput(output); err != nil {
		return err
	}
	log, done, err := e.OpenLog(stdin, config)
	if err != nil {
		return err
	}
	defer done()
	e.texts = texts
	e.found, err = diagnose.Collect(texts, log)
	return err
}
