package memmodel

import "strings"

// mapOptionKeys are the map-typed options the engine reads. Flink reads a
// map option from its own key or, when that is not set, from the keys below
// it ("….consumer-weights.PYTHON: 30"); config.yaml's nested and flow maps
// flatten to such keys, and the engine reads both forms.
var mapOptionKeys = []string{ManagedConsumerWeightsKey}

// MergeConfigs layers configurations the way a deployment stacks them:
// each layer overrides the ones before it (Flink's defaults < preset <
// file < -D), key by key, except that a map option is replaced as a whole:
// a layer that sets it in either form, its own key or keys below it,
// removes both forms from the layers below. The result is a fresh Config;
// the layers are not changed, and nil layers are skipped.
func MergeConfigs(layers ...Config) Config {
	out := Config{}
	for _, layer := range layers {
		out.merge(layer)
	}
	return out
}

// merge copies one layer over c, replacing map options whole.
func (c Config) merge(layer Config) {
	for _, key := range mapOptionKeys {
		if !setsMapOption(layer, key) {
			continue
		}
		for k := range c {
			if k == key || strings.HasPrefix(k, key+".") {
				delete(c, k)
			}
		}
	}
	for k, v := range layer {
		c[k] = v
	}
}

// setsMapOption reports whether cfg sets the map option key in either form.
func setsMapOption(cfg Config, key string) bool {
	if _, ok := cfg[key]; ok {
		return true
	}
	for k := range cfg {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}
