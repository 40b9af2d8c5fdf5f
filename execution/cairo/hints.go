package cairo

import (
	"fmt"
)

// compileHints turns a program's hints into executable hints by pc:
// structured CASM hints as loaded, Cairo 0 Python hints through the
// whitelist of known code strings. An unknown hint is an error naming it.
func compileHints(p *Program) (map[int][]Hint, error) {
	out := map[int][]Hint{}
	for pc, hs := range p.casmHints {
		out[pc] = hs
	}
	for _, pc := range p.hintPCs() {
		for i, h := range p.Hints[pc] {
			ch, err := compileCairo0Hint(p, h)
			if err != nil {
				return nil, fmt.Errorf("hint %d at pc %d: %w", i, pc, err)
			}
			out[pc] = append(out[pc], ch)
		}
	}
	return out, nil
}
