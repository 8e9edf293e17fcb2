package flinkconf

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel"
)

// confDir makes a conf/ directory holding the named testdata files.
func confDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, from := range files {
		if err := os.WriteFile(filepath.Join(dir, name), readTestdata(t, from), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadDirectory(t *testing.T) {
	both := map[string]string{"flink-conf.yaml": "flink-conf-1.17.yaml", "config.yaml": "config-1.19.yaml"}
	flatOnly := map[string]string{"flink-conf.yaml": "flink-conf-1.17.yaml"}
	stdOnly := map[string]string{"config.yaml": "config-1.19.yaml"}
	tests := []struct {
		name     string
		files    map[string]string
		line     memmodel.Line
		want     string // file read, or "" for an error
		ignored  string // file a notice must name as ignored
		errorMsg string
	}{
		{"1.18 reads flink-conf.yaml", both, memmodel.Line1_18, "flink-conf.yaml", "config.yaml", ""},
		{"1.18 without flink-conf.yaml", stdOnly, memmodel.Line1_18, "", "", "reads only flink-conf.yaml"},
		{"1.20 prefers flink-conf.yaml", both, memmodel.Line1_20, "flink-conf.yaml", "config.yaml", ""},
		{"1.20 falls back to config.yaml", stdOnly, memmodel.Line1_20, "config.yaml", "", ""},
		{"1.19 with only flink-conf.yaml", flatOnly, memmodel.Line1_19, "flink-conf.yaml", "", ""},
		{"2.1 reads config.yaml", both, memmodel.Line2_1, "config.yaml", "flink-conf.yaml", ""},
		{"2.1 refuses flink-conf.yaml", flatOnly, memmodel.Line2_1, "", "", "flinkmem export --format config-yaml"},
		{"empty directory", nil, memmodel.Line1_20, "", "", "no flink-conf.yaml or config.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := confDir(t, tt.files)
			src, err := Load(dir, tt.line)
			if tt.want == "" {
				var e *Error
				if !errors.As(err, &e) || !strings.Contains(e.Msg, tt.errorMsg) {
					t.Fatalf("Load = %v, want an error saying %q", err, tt.errorMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(src.Path) != tt.want {
				t.Errorf("read %s, want %s", src.Path, tt.want)
			}
			wantFormat := FlinkConf
			if tt.want == "config.yaml" {
				wantFormat = ConfigYAML
			}
			if src.Format != wantFormat {
				t.Errorf("Format = %v, want %v", src.Format, wantFormat)
			}
			var named bool
			for _, n := range src.Notices {
				named = named || n.Code == NoticeFileIgnored && strings.Contains(n.Message, tt.ignored)
			}
			if tt.ignored != "" && !named {
				t.Errorf("no notice that %s is ignored: %v", tt.ignored, src.Notices)
			}
			if tt.ignored == "" && len(src.Notices) != 0 {
				t.Errorf("unexpected notices: %v", src.Notices)
			}
		})
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.yaml", nil)
	src, err := Load(empty, memmodel.Line1_20)
	if err != nil || len(src.Config) != 0 {
		t.Errorf("empty file: %v, %v", src, err)
	}
	named := write("prod.yaml", readTestdata(t, "config-1.19.yaml"))
	if src, err := Load(named, memmodel.Line2_1); err != nil || src.Format != ConfigYAML || src.Config["taskmanager.memory.process.size"] != "1728m" {
		t.Errorf("content detection: %v, %v", src, err)
	}
	big := write("big.yaml", bytes.Repeat([]byte("# padding line\n"), MaxFileSize/15+1))
	errorCases := []struct {
		path, msg string
	}{
		{filepath.Join(dir, "missing.yaml"), "no such file"},
		{big, "larger than 10 MiB"},
		{write("garbage.bin", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}), "binary content"},
		{write("config.yaml", []byte("a: [1\n")), "YAML syntax error"},
	}
	for _, tt := range errorCases {
		_, err := Load(tt.path, memmodel.Line1_20)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Error(), tt.msg) || e.Path != tt.path {
			t.Errorf("Load(%s) = %v, want an *Error naming the file and saying %q", filepath.Base(tt.path), err, tt.msg)
		}
	}
	if os.Geteuid() != 0 { // root reads anything
		locked := write("locked.yaml", []byte("a: 1\n"))
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(locked, memmodel.Line1_20); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("unreadable file: %v", err)
		}
	}
}

func TestLoadStdin(t *testing.T) {
	old := stdin
	defer func() { stdin = old }()
	stdin = bytes.NewReader(readTestdata(t, "deployment-2gi.yaml"))
	src, err := Load("-", memmodel.Line1_20)
	if err != nil {
		t.Fatal(err)
	}
	if src.Path != "-" || src.Format != FlinkDeployment || src.Config[tmProcessKey] != "2g" {
		t.Errorf("stdin: %+v", src)
	}
	stdin = bytes.NewReader(bytes.Repeat([]byte("a"), MaxFileSize+1))
	if _, err := Load("-", memmodel.Line1_20); err == nil || !strings.Contains(err.Error(), "<stdin>: larger than") {
		t.Errorf("oversized stdin: %v", err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := WriteFile(path, []byte("a: 1\n"), false); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "a: 1\n")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("new file mode = %v, want 0644", info.Mode().Perm())
	}

	// No clobbering without force.
	err := WriteFile(path, []byte("a: 2\n"), false)
	if !errors.Is(err, ErrExists) {
		t.Errorf("WriteFile over an existing file = %v, want ErrExists", err)
	}
	assertFile(t, path, "a: 1\n")

	// With force the content is replaced and the permissions kept.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("a: 3\n"), true); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "a: 3\n")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after overwrite = %v, want 0600", info.Mode().Perm())
	}

	// A symbolic link is followed: the file it names is replaced.
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("a: 4\n"), true); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link itself was replaced")
	}
	assertFile(t, path, "a: 4\n")

	// A failure just before the rename leaves the old file and no
	// temporary file behind.
	beforeRename = func(string) error { return errors.New("disk full") }
	err = WriteFile(path, []byte("half"), true)
	beforeRename = func(string) error { return nil }
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "unchanged") {
		t.Errorf("failed write = %v", err)
	}
	assertFile(t, path, "a: 4\n")
	assertOnly(t, dir, "config.yaml", "link.yaml")

	// A missing directory fails cleanly.
	if err := WriteFile(filepath.Join(dir, "nope", "x.yaml"), []byte("x"), false); !errors.As(err, &e) || !strings.Contains(e.Msg, "does not exist") {
		t.Errorf("missing directory: %v", err)
	}
	// A directory is not overwritten.
	if err := WriteFile(dir, []byte("x"), true); !errors.As(err, &e) {
		t.Errorf("directory target: %v", err)
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o755); err != nil {
			t.Fatal(err)
		}
		old := filepath.Join(ro, "flink-conf.yaml")
		if err := os.WriteFile(old, []byte("old: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		if err := WriteFile(old, []byte("new: 1\n"), true); !errors.As(err, &e) {
			t.Errorf("read-only directory: %v", err)
		}
		assertFile(t, old, "old: 1\n")
	}
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", filepath.Base(path), got, want)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
