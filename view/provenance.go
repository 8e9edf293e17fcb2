package view

import "github.com/flinkmem/flinkmem/memmodel"

// provenance is the one wording of where a component's size came from:
// brief for the screen's table (short keys, no numbers), or full for the
// reports (whole keys, the base and the bound with their sizes). clamped
// is true when a fraction was moved to its min or max.
func provenance(l *memmodel.Layout, c memmodel.Component, g Glyphs, full bool) (words string, clamped bool) {
	p := l.Origin[c]
	switch p.Source {
	case memmodel.SourceExplicit:
		o, known := memmodel.OptionByKey(p.Key)
		switch {
		case full:
			return "set by " + p.Key, false
		case known && o.Key != p.Key:
			return "set via " + p.Key + " (deprecated)", false
		case known && o.Legacy:
			return "from legacy " + p.Key, false
		case p.Key == "":
			return "set", false
		}
		return "set (" + shortKey(p.Key) + ")", false
	case memmodel.SourceFraction:
		clamped = p.Clamp != memmodel.ClampNone
		if !full {
			s := fractionFormula(p, g, false)
			switch p.Clamp {
			case memmodel.ClampMin:
				return s + ", raised to min " + p.Min.Human(), true
			case memmodel.ClampMax:
				return s + ", capped at max " + p.Max.Human(), true
			}
			return s + " (" + shortKey(p.Key) + ")", false
		}
		s := fractionText(p) + " " + g.Times + " " + p.Base.String() + " " + p.BaseSize.Human()
		switch p.Clamp {
		case memmodel.ClampMin:
			s += " = " + p.Unclamped.Human() + ", raised to its minimum " + p.Min.Human()
		case memmodel.ClampMax:
			s += " = " + p.Unclamped.Human() + ", capped at its maximum " + p.Max.Human()
		default:
			if c == memmodel.Network || c == memmodel.Overhead {
				s += ", inside [" + p.Min.Human() + ", " + p.Max.Human() + "]"
			}
		}
		return s + " (" + p.Key + ")", clamped
	case memmodel.SourceRemainder:
		if full {
			return "the rest of " + remainderTotal(c) + " " + p.Total.Human(), false
		}
		return "rest of " + remainderOf(l, c, p), false
	case memmodel.SourceLegacyBuffers:
		if full {
			return "legacy " + p.Key + " " + g.Times + " segment size", false
		}
		return "numberOfBuffers " + g.Times + " segment size", false
	}
	return "default", false
}
