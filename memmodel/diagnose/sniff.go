package diagnose

import (
	"bytes"
	"regexp"
	"sync"
)

// logLine matches the start of a log line: a timestamp, or log4j's
// console prefix without one.
var logLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|(INFO|WARN|ERROR|DEBUG) +\[)`)
})

// LooksImportable reports whether the start of an input is a Flink log, a
// piece of one (a memory configuration tree, the start scripts' output)
// or a saved REST response, rather than a configuration file. A
// configuration never holds these markers.
func LooksImportable(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if bytes.HasPrefix(t, []byte("{")) {
		return bytes.Contains(head, []byte(`"memoryConfiguration"`)) || bytes.Contains(head, []byte(`"taskHeap"`))
	}
	for _, m := range [][]byte{[]byte("Memory configuration:"), []byte("BASH_JAVA_UTILS_EXEC_RESULT:"), []byte("-D taskmanager.memory."), []byte("-D jobmanager.memory.")} {
		if bytes.Contains(head, m) {
			return true
		}
	}
	return logLine().Match(head)
}
