package abci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cairnchain/cairn/abci/state"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// GenesisFunc writes a chain's genesis (InitChain's app_state_bytes) into st.
type GenesisFunc func(appState []byte, st starknet.State) error

// StarknetEngineConfig configures StarknetEngine.
type StarknetEngineConfig struct {
	// ChainID is the Starknet chain id felt transactions are signed for.
	ChainID felt.Felt
	// FeeToken is the ERC-20 fees are paid in.
	FeeToken felt.Felt
	// Constants are the execution limits and gas costs.
	Constants starknet.VersionedConstants
	// Genesis applies the genesis app state.
	Genesis GenesisFunc
}

// StarknetEngine is the Engine over execution/starknet's Executor and
// canonical transaction encoding.
type StarknetEngine struct {
	cfg  StarknetEngineConfig
	exec *starknet.Executor
}

var _ Engine = (*StarknetEngine)(nil)

// NewStarknetEngine returns the engine; exec runs the transactions.
func NewStarknetEngine(cfg StarknetEngineConfig, exec *starknet.Executor) (*StarknetEngine, error) {
	switch {
	case cfg.ChainID.IsZero():
		return nil, fmt.Errorf("%w: chain id is zero", ErrInvalidConfig)
	case cfg.Genesis == nil:
		return nil, fmt.Errorf("%w: no genesis function", ErrInvalidConfig)
	case cfg.Constants.L2GasPerStep == 0:
		return nil, fmt.Errorf("%w: versioned constants unset", ErrInvalidConfig)
	case exec == nil:
		return nil, fmt.Errorf("%w: no executor", ErrInvalidConfig)
	}
	return &StarknetEngine{cfg: cfg, exec: exec}, nil
}

// snTx is a decoded Starknet transaction with its hash.
type snTx struct {
	tx    starknet.Transaction
	hash  felt.Felt
	steps uint64
}

func (t *snTx) Hash() felt.Felt   { return t.hash }
func (t *snTx) Sender() felt.Felt { return t.tx.SenderAddress() }
func (t *snTx) Nonce() felt.Felt  { return t.tx.TxNonce() }
func (t *snTx) StepBound() uint64 { return t.steps }

// DecodeTx decodes canonical bytes and rejects anything that does not
// re-encode to the same bytes.
func (e *StarknetEngine) DecodeTx(b []byte) (Tx, error) {
	tx, err := starknet.DecodeTx(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedTx, err)
	}
	if !bytes.Equal(starknet.EncodeTx(tx), b) {
		return nil, fmt.Errorf("%w: not the canonical encoding", ErrMalformedTx)
	}
	return &snTx{tx: tx, hash: tx.Hash(e.cfg.ChainID), steps: e.stepBound(tx)}, nil
}

// stepBound is the validation budget plus what the L2 gas bound buys, capped
// at the protocol's execution limit.
func (e *StarknetEngine) stepBound(tx starknet.Transaction) uint64 {
	c := e.cfg.Constants
	steps := c.MaxValidateSteps
	if v, ok := tx.(interface{ V3() *starknet.V3Fields }); ok {
		steps += min(v.V3().ResourceBounds.L2Gas.MaxAmount/c.L2GasPerStep, c.MaxExecuteSteps)
	}
	return steps
}

// Genesis applies the configured genesis function.
func (e *StarknetEngine) Genesis(appState []byte, st *state.Overlay) error {
	return e.cfg.Genesis(appState, StarknetState{st})
}

func (e *StarknetEngine) blockContext(blk *BlockInfo) starknet.BlockContext {
	p := blk.GasPrices
	return starknet.BlockContext{
		Number: blk.Number, Timestamp: blk.Timestamp, SequencerAddress: blk.Sequencer, ChainID: e.cfg.ChainID,
		GasPrices: starknet.GasPrices{
			L1GasWei: p.L1GasWei, L1GasFri: p.L1GasFri, L1DataGasWei: p.L1DataGasWei,
			L1DataGasFri: p.L1DataGasFri, L2GasWei: p.L2GasWei, L2GasFri: p.L2GasFri,
		},
		FeeTokenAddress: e.cfg.FeeToken,
		BlockHashes:     blk.BlockHash,
		Constants:       e.cfg.Constants,
	}
}

// Validate runs the executor's validation (nonce, bounds, balance, the
// account's __validate__) keeping no change.
func (e *StarknetEngine) Validate(st *state.Overlay, blk *BlockInfo, tx Tx) error {
	t, ok := tx.(*snTx)
	if !ok {
		return fmt.Errorf("%w: foreign transaction type %T", ErrMalformedTx, tx)
	}
	return mapExecError(e.exec.Validate(StarknetState{st}, e.blockContext(blk), t.tx))
}

// Execute runs the transaction; a failing __execute__ is a reverted Outcome.
func (e *StarknetEngine) Execute(st *state.Overlay, blk *BlockInfo, tx Tx) (*Outcome, error) {
	t, ok := tx.(*snTx)
	if !ok {
		return nil, fmt.Errorf("%w: foreign transaction type %T", ErrMalformedTx, tx)
	}
	r, err := e.exec.Execute(StarknetState{st}, e.blockContext(blk), t.tx)
	if err != nil {
		return nil, mapExecError(err)
	}
	enc, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%w: encode receipt: %w", errInternal, err)
	}
	h := HashTx{
		Hash: t.hash, Signature: t.tx.TxSignature(), ActualFee: r.ActualFee.Amount,
		Reverted: r.ExecutionStatus == starknet.StatusReverted, RevertReason: r.RevertReason,
		L1Gas: r.ExecutionResources.L1Gas, L1DataGas: r.ExecutionResources.L1DataGas,
	}
	for _, ev := range r.Events {
		h.Events = append(h.Events, HashEvent{From: ev.FromAddress, Keys: ev.Keys, Data: ev.Data})
	}
	for _, m := range r.MessagesSent {
		h.Messages = append(h.Messages, HashMessage{From: m.FromAddress, To: m.ToAddress, Payload: m.Payload})
	}
	return &Outcome{Hashing: h, Receipt: enc, Reverted: h.Reverted, Steps: r.ExecutionResources.L2Gas / e.cfg.Constants.L2GasPerStep}, nil
}

// mapExecError wraps an executor error with the sentinel that picks the
// result code, keeping the original in the chain.
func mapExecError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, starknet.ErrMalformedTx):
		return fmt.Errorf("%w: %w", ErrMalformedTx, err)
	case errors.Is(err, starknet.ErrInvalidNonce):
		return fmt.Errorf("%w: %w", ErrInvalidNonce, err)
	case errors.Is(err, starknet.ErrValidationFailure):
		return fmt.Errorf("%w: %w", ErrValidation, err)
	case errors.Is(err, starknet.ErrInsufficientResources):
		return fmt.Errorf("%w: %w", ErrResources, err)
	case errors.Is(err, starknet.ErrInsufficientBalance):
		return fmt.Errorf("%w: %w", ErrBalance, err)
	case errors.Is(err, starknet.ErrUnexpected):
		return fmt.Errorf("%w: %w", errInternal, err)
	}
	return err
}

// StarknetState adapts a state overlay to execution/starknet's State:
// classes are stored in the engine's canonical class encoding.
type StarknetState struct{ O *state.Overlay }

var _ starknet.State = StarknetState{}

// ClassHashAt implements starknet.StateReader.
func (s StarknetState) ClassHashAt(addr felt.Address) (felt.ClassHash, error) {
	return s.O.ClassHashAt(addr)
}

// NonceAt implements starknet.StateReader.
func (s StarknetState) NonceAt(addr felt.Address) (felt.Felt, error) { return s.O.Nonce(addr) }

// StorageAt implements starknet.StateReader.
func (s StarknetState) StorageAt(addr felt.Address, key felt.Felt) (felt.Felt, error) {
	return s.O.StorageAt(addr, key)
}

// Class implements starknet.StateReader.
func (s StarknetState) Class(h felt.ClassHash) (*starknet.Class, error) {
	b, err := s.O.Class(h)
	if errors.Is(err, state.ErrNotFound) {
		return nil, fmt.Errorf("class %s: %w", h.Hex(), starknet.ErrClassHashNotFound)
	}
	if err != nil {
		return nil, err
	}
	c, err := starknet.DecodeClass(b)
	if err != nil {
		return nil, fmt.Errorf("%w: stored class %s: %w", starknet.ErrUnexpected, h.Hex(), err)
	}
	return c, nil
}

// CompiledClassHash implements starknet.StateReader; a class without a
// compiled class hash is not declared.
func (s StarknetState) CompiledClassHash(h felt.ClassHash) (felt.Felt, error) {
	v, err := s.O.CompiledClassHash(h)
	if err != nil {
		return felt.Zero, err
	}
	if v.IsZero() {
		return felt.Zero, fmt.Errorf("class %s: %w", h.Hex(), starknet.ErrClassHashNotFound)
	}
	return v, nil
}

// SetClassHashAt implements starknet.StateWriter.
func (s StarknetState) SetClassHashAt(addr felt.Address, h felt.ClassHash) error {
	return s.O.SetClassHashAt(addr, h)
}

// SetNonce implements starknet.StateWriter.
func (s StarknetState) SetNonce(addr felt.Address, nonce felt.Felt) error {
	return s.O.SetNonce(addr, nonce)
}

// SetStorage implements starknet.StateWriter.
func (s StarknetState) SetStorage(addr felt.Address, key, value felt.Felt) error {
	return s.O.SetStorage(addr, key, value)
}

// DeclareClass implements starknet.StateWriter.
func (s StarknetState) DeclareClass(h felt.ClassHash, compiled felt.Felt, class *starknet.Class) error {
	if err := s.O.SetClass(h, starknet.EncodeClass(class)); err != nil {
		return err
	}
	return s.O.SetCompiledClassHash(h, compiled)
}
