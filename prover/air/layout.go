package air

import "fmt"

// Layout names an AIR column layout and the builtins it proves.
type Layout struct {
	// Name is the layout's name in the public input.
	Name string
	// RangeCheckRatio is the number of trace rows per range_check builtin
	// instance; 0 means the layout has no range_check builtin.
	RangeCheckRatio int
}

var layouts = []Layout{
	{Name: "plain"},
	{Name: "small", RangeCheckRatio: 8},
}

// Layouts returns the supported layouts.
func Layouts() []Layout { return append([]Layout(nil), layouts...) }

// LayoutByName returns the named layout or ErrUnsupportedLayout.
func LayoutByName(name string) (Layout, error) {
	for _, l := range layouts {
		if l.Name == name {
			return l, nil
		}
	}
	return Layout{}, fmt.Errorf("%w: %q", ErrUnsupportedLayout, name)
}

// hasSegment reports whether this layout proves a memory segment of that
// name (other builtin segments are accepted only empty). Output needs no AIR
// of its own: its cells are public memory.
func (l Layout) hasSegment(name string) bool {
	switch name {
	case SegProgram, SegExecution, SegOutput:
		return true
	case SegRangeCheck:
		return l.RangeCheckRatio > 0
	}
	return false
}
