package memmodel

import (
	"errors"
	"testing"
)

func TestCheckValue(t *testing.T) {
	tests := []struct {
		id    OptionID
		raw   string
		check Check
	}{
		{TMProcessSize, "1728m", ""},
		{TMProcessSize, "1.5g", CheckSizeUnknownUnit},
		{TMProcessSize, "", CheckSizeEmpty},
		{TMManagedFraction, "0.4", ""},
		{TMManagedFraction, "1.5", ""}, // readable; Resolve refuses the range
		{TMManagedFraction, "40%", CheckFloatUnparsable},
		{TMCPUCores, "1e308", ""},
		{TMCPUCores, "two", CheckDoubleUnparsable},
		{TMNumSlots, "4 ", CheckIntegerUnparsable},
		{TMNumSlots, "+4", ""},
		{JMDirectMemoryLimit, "TRUE", ""},
		{JMDirectMemoryLimit, "yes", CheckBooleanUnparsable},
	}
	for _, tt := range tests {
		err := CheckValue(tt.id, tt.raw)
		if tt.check == "" {
			if err != nil {
				t.Errorf("CheckValue(%s, %q) = %v", options[tt.id].Key, tt.raw, err)
			}
			continue
		}
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Check != tt.check || ve.Key != options[tt.id].Key {
			t.Errorf("CheckValue(%s, %q) = %v, want %s", options[tt.id].Key, tt.raw, err, tt.check)
		}
	}
	if v, err := ParseFraction("0.1"); err != nil || v != float64(float32(0.1)) {
		t.Errorf("ParseFraction(0.1) = %v, %v", v, err)
	}
}
