package memmodel

import (
	"math"
	"testing"
)

// TestExportedAPIDoesNotPanic calls the exported API with values no
// resolution produces: out-of-range enums, extreme sizes, hand-built
// layouts.
func TestExportedAPIDoesNotPanic(t *testing.T) {
	sizes := []MemorySize{math.MinInt64, -1, 0, 1, MaxMemorySize}
	for _, m := range sizes {
		_ = m.String() + m.Human() + m.HumanExact() + m.FlinkBytes() + m.MebibytesCeil() + m.MebibytesFloor()
	}
	if got := MemorySize(math.MinInt64).Human(); got != "-8 EiB" {
		t.Errorf("Human(MinInt64) = %q", got)
	}
	for i := 0; i < 300; i++ {
		_ = Group(i).String() + Base(i).String() + Component(i).String() + Component(i).JSONName() +
			OptionType(i).String() + Role(i).String() + Deployment(i).String() + Mode(i).Name(Role(i)) + Line(i).String()
		_ = LookupOption(OptionID(i))
		_, _ = Default(OptionID(i), Line(i))
		_ = CheckValue(OptionID(i), "x")
		_ = Options(Role(i), Line(i))
		_ = Check("x").Title()
	}
	for _, cpu := range []float64{math.NaN(), math.Inf(1), -1, 0, 1e308} {
		l := Layout{CPUCores: cpu, Slots: 3, Line: Line(99)}
		_ = l.CPUCoresString() + l.JVMArgs() + l.DynamicConfigsString()
		_, _ = l.Slot()
		_ = l.Notices()
	}
	for _, in := range []Input{{Role: Role(7), Line: Line(200), Deployment: Deployment(9)}, {Config: Config{"": ""}}} {
		_, err := Resolve(in)
		_ = Fixes(in, err)
	}
	_ = Fixes(Input{}, nil)
	_ = Fix{}.Apply(nil)
	_ = (&Rejection{}).Error()
	_ = (&ValueError{}).Error()
	_ = Notice{}.Message()
	_ = FormatFraction(math.NaN()) + FormatJavaNumber(math.Inf(-1), 32)
}
