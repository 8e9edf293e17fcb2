package input

import (
	"bytes"
	"flag"
	"testing"

	"github.com/flinkmem/flinkmem/memmodel/diagnose"
)

func TestCommandFlagChecks(t *testing.T) {
	_, _, parseErr := diagnose.ParseNumber("lots")
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"theme", CheckTheme("blue"), `--theme "blue": use auto, light, dark or projector`},
		{"width", CheckWidth(9, 10), "--width 9: give at least 10 columns"},
		{"number", (&Number{text: "lots"}).Check(), "--number: " + parseErr.Error()},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, tt.err, tt.want)
		}
	}
	if err := CheckTheme("projector"); err != nil {
		t.Errorf("--theme projector: %v", err)
	}
	if err := CheckWidth(10, 10); err != nil {
		t.Errorf("--width 10: %v", err)
	}
}

func TestRenderOptions(t *testing.T) {
	var buf bytes.Buffer
	opts, err := (&Render{Color: "always", ASCII: true}).Options(&buf)
	if err != nil || opts.Width != 100 || !opts.Color || !opts.ASCII {
		t.Errorf("not a terminal: %+v, %v; want width 100, colour, ASCII", opts, err)
	}
	if opts, _ := (&Render{Color: "auto", Width: 70}).Options(&buf); opts.Width != 70 || opts.Color {
		t.Errorf("--width 70 --color auto off a terminal: %+v", opts)
	}
	for r, want := range map[Render]string{
		{Color: "sometimes"}:        `--color "sometimes": use always, never or auto`,
		{Color: "never", Width: -1}: "--width -1: give a positive number of columns",
	} {
		if _, err := r.Options(&buf); err == nil || err.Error() != want {
			t.Errorf("%+v: %v, want %q", r, err, want)
		}
	}
}

func TestNetworkCheck(t *testing.T) {
	for _, tt := range []struct {
		args []string
		f    Flags
		want string
	}{
		{[]string{"--parallelism", "4"}, Flags{}, "give the job's shape: --parallelism N and --exchanges K (the all-to-all exchanges, such as keyBy, in one pipeline)"},
		{[]string{"--parallelism", "4", "--exchanges", "1", "-o", "yaml"}, Flags{}, `-o "yaml": use text or json`},
		{[]string{"--parallelism", "4", "--exchanges", "1"}, Flags{JobManager: true}, "--jobmanager: network buffers belong to the TaskManagers; drop --jobmanager"},
		{[]string{"--parallelism", "4", "--exchanges", "1"}, Flags{}, ""},
	} {
		fs := flag.NewFlagSet("network", flag.ContinueOnError)
		fs.SetOutput(new(bytes.Buffer))
		n, output := NetworkFlags(fs), Output(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		err := n.Check(&tt.f, *output)
		if (err == nil) != (tt.want == "") || (err != nil && err.Error() != tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
}
