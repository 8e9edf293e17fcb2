package flinkconf

import (
	"fmt"
	"os"

	"github.com/flinkmem/flinkmem/memmodel"
)

// ReadInput reads what the command line's input flags name: the file path
// names (as Read does), or with o.Env the FLINK_PROPERTIES environment
// variable, over the image's shipped configuration. It returns nil for
// neither. o.Service needs a docker-compose file, and o.Env no path.
func ReadInput(path string, o ReadOptions) (*Input, error) {
	switch {
	case o.Env && path != "":
		return nil, fmt.Errorf("--env reads FLINK_PROPERTIES from the environment; drop -c (or give -c an env file)")
	case o.Service != "" && path == "":
		return nil, fmt.Errorf("--service picks a service of a docker-compose file; give the file with -c")
	case o.Env:
		lookup := o.LookupEnv
		if lookup == nil {
			lookup = os.LookupEnv
		}
		props, set := lookup(flinkProperties)
		src, err := ParseFlinkProperties(flinkProperties, props)
		if err != nil {
			return nil, err
		}
		if !set {
			src.Notices = append(src.Notices, Notice{Code: NoticeNoProperties, Message: "FLINK_PROPERTIES is not set in the environment, so the image's shipped configuration applies unchanged"})
		}
		line := o.Line
		if !o.LineGiven {
			line = memmodel.LatestLine
		}
		return &Input{Source: src.finish(), Line: line, Label: "FLINK_PROPERTIES from the environment"}, nil
	case path == "":
		return nil, nil
	}
	in, err := Read(path, o)
	if err != nil {
		return nil, err
	}
	if o.Service != "" && in.Format != Compose {
		return nil, fmt.Errorf("--service picks a service of a docker-compose file, and %s is a %s; drop --service", path, in.Format)
	}
	return in, nil
}

// LimitNotices resolves cfg and compares its process size with the
// container memory limits of the input (see Source.LimitNotices); nil for
// a nil input, one without limits, or a configuration Flink refuses.
func (in *Input) LimitNotices(cfg memmodel.Input) []Notice {
	if in == nil || len(in.Limits) == 0 {
		return nil
	}
	l, err := memmodel.Resolve(cfg)
	if err != nil {
		return nil
	}
	return in.Source.LimitNotices(l.Role, l.TotalProcess)
}

// ResourceProblem is Source.ResourceProblem, "" for a nil input.
func (in *Input) ResourceProblem(role memmodel.Role) string {
	if in == nil || in.Source == nil {
		return ""
	}
	return in.Source.ResourceProblem(role)
}
