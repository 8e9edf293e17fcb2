package memmodel

import (
	"reflect"
	"testing"
)

func TestMergeConfigs(t *testing.T) {
	preset := Config{"taskmanager.memory.process.size": "1728m", ManagedConsumerWeightsKey: "OPERATOR:70,STATE_BACKEND:70,PYTHON:30"}
	file := Config{"taskmanager.memory.process.size": "4g", ManagedConsumerWeightsKey + ".PYTHON": "10"}
	defines := Config{"taskmanager.numberOfTaskSlots": "2"}
	got := MergeConfigs(preset, nil, file, defines)
	want := Config{"taskmanager.memory.process.size": "4g", ManagedConsumerWeightsKey + ".PYTHON": "10", "taskmanager.numberOfTaskSlots": "2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MergeConfigs = %v, want %v", got, want)
	}
	// The flat form replaces the nested form below it too.
	got = MergeConfigs(got, Config{ManagedConsumerWeightsKey: "OPERATOR:1"})
	if _, ok := got[ManagedConsumerWeightsKey+".PYTHON"]; ok || got[ManagedConsumerWeightsKey] != "OPERATOR:1" {
		t.Errorf("flat weights over nested: %v", got)
	}
	if preset["taskmanager.memory.process.size"] != "1728m" || len(file) != 2 {
		t.Errorf("MergeConfigs changed its layers: %v %v", preset, file)
	}
}
