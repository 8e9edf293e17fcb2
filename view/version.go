package view

import (
	"cmp"
	"runtime/debug"
)

// Version is what `flinkmem version` prints after "flinkmem ": release, the
// version set at build time, when there is one; otherwise what the Go
// toolchain recorded: the module version of `go install …@v1.2.3`, or the
// VCS revision of a local build ("devel-0123456789ab-dirty").
func Version(release string) string {
	bi, ok := debug.ReadBuildInfo()
	if release != "" || !ok {
		return cmp.Or(release, "devel")
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	for _, s := range bi.Settings { // vcs.revision comes before vcs.modified
		switch {
		case s.Key == "vcs.revision":
			v += "-" + s.Value[:min(len(s.Value), 12)]
		case s.Key == "vcs.modified" && s.Value == "true":
			v += "-dirty"
		}
	}
	return v
}
