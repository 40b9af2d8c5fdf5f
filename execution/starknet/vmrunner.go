package starknet

import (
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// vmRunner runs CASM entry points on Cairn's Cairo VM (execution/cairo).
// The VM's CASM entry-point runner has not landed yet; until it does every
// contract call fails with ErrUnexpected, which aborts the transaction (it is
// never turned into a REVERTED receipt).
type vmRunner struct{}

func (vmRunner) run(f *callFrame, class *Class, ep *EntryPoint, calldata []felt.Felt) (runOutcome, error) {
	return runOutcome{}, fmt.Errorf("%w: CASM entry point %s of class %s: the Cairo VM's CASM runner is not available yet",
		ErrUnexpected, ep.Selector.Hex(), f.classHash.Hex())
}
