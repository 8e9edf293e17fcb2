//go:build !unix

package flinkconf

import (
	"io/fs"
	"os"
)

// links is the number of hard links of a file; unknown here, so 1.
func links(fs.FileInfo) uint64 { return 1 }

// keepOwner has nothing to keep where files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }

// tryLock has no advisory lock to take here; the content check in
// UpdateFile still guards against most lost updates.
func tryLock(*os.File) (bool, error) { return true, nil }
