package memmodel

import (
	"errors"
	"reflect"
	"testing"
)

// badValue is one option value that a function must refuse with check.
type badValue struct {
	key, value string
	check      Check
}

// testBadValues runs each bad value through run and wants a rejection with
// its check that names its key, and quotes the value as written when the
// check is about a value that cannot be read.
func testBadValues(t *testing.T, tests []badValue, run func(key, value string) error) {
	t.Helper()
	for _, tt := range tests {
		err := run(tt.key, tt.value)
		var rej *Rejection
		if !errors.As(err, &rej) || rej.Check != tt.check || rej.Key != tt.key {
			t.Errorf("%s=%q: err = %v; want %s naming %s", tt.key, tt.value, err, tt.check, tt.key)
			continue
		}
		if tt.check.IsUnparsable() && rej.Raw != tt.value {
			t.Errorf("%s=%q: rejection quotes %q", tt.key, tt.value, rej.Raw)
		}
	}
}

// benchmarkOnLayout times step on the 1.20 TaskManager layout of cfg with
// RocksDB and Python in use: the analyses the explorer runs after Resolve.
func benchmarkOnLayout(b *testing.B, cfg Config, step func(l *Layout, cfg Config, uses Uses) error) {
	l := resolveTM(b, Line1_20, cfg)
	uses := Uses{RocksDB: true, Python: true}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := step(l, cfg, uses); err != nil {
			b.Fatal(err)
		}
	}
}

// testSlotNotices wants the codes of notices to be want, in order, and
// every notice to say something.
func testSlotNotices(t *testing.T, notices []SlotNotice, want []NoticeCode) {
	t.Helper()
	var codes []NoticeCode
	for _, n := range notices {
		codes = append(codes, n.Code)
		if n.Message() == "" {
			t.Errorf("notice %s has no message", n.Code)
		}
	}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("notices = %v; want %v", codes, want)
	}
}

// layoutCase is one analysis of the TaskManager layout of cfg on line,
// with the consumers in uses: what it must return and the codes of the
// notices it must give, in order.
type layoutCase[W any] struct {
	name    string
	line    Line
	cfg     Config
	uses    Uses
	want    W
	notices []NoticeCode
}

// testOnLayout runs analyse on each case's layout. Notices must all say
// something and, with keyed, name the option they are about.
func testOnLayout[W any](t *testing.T, cases []layoutCase[W], keyed bool, analyse func(*Layout, Config, Uses) (W, []SlotNotice, error)) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, notices, err := analyse(resolveTM(t, tt.line, tt.cfg), tt.cfg, tt.uses)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			testSlotNotices(t, notices, tt.notices)
			for _, n := range notices {
				if keyed && n.Key == "" {
					t.Errorf("notice %s names no key", n.Code)
				}
			}
		})
	}
}
