package memmodel

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseConsumerWeights(t *testing.T) {
	want := []WeightEntry{{"OPERATOR", 70}, {"STATE_BACKEND", -1}, {"PYTHON", 30}}
	for _, c := range []struct {
		raw  string
		line Line
	}{
		{"OPERATOR:70,STATE_BACKEND:-1,PYTHON:30", Line1_13},
		{" OPERATOR : 70 , STATE_BACKEND:-1,PYTHON:30 ", Line1_18},
		{"{OPERATOR: 70, STATE_BACKEND: -1, PYTHON: 30}", Line1_19},
	} {
		got, err := ParseConsumerWeights(c.raw, c.line)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseConsumerWeights(%q, %v) = %v, %v; want %v", c.raw, c.line, got, err, want)
		}
	}
	for _, raw := range []string{"OPERATOR=70", "OPERATOR:seventy", "OPERATOR:70,OPERATOR:30", "{OPERATOR: 70, PYTHON: 30}"} {
		_, err := ParseConsumerWeights(raw, Line1_18)
		var rej *Rejection
		if !errors.As(err, &rej) || rej.Check != CheckIntegerUnparsable || rej.Key != ManagedConsumerWeightsKey {
			t.Errorf("ParseConsumerWeights(%q, 1.18) = %v; want an integer-unparsable rejection", raw, err)
		}
	}
}
