package starknet

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// Account entry point selectors (SRC-6).
var (
	selValidate       = crypto.Selector("__validate__")
	selExecute        = crypto.Selector("__execute__")
	selValidateDeploy = crypto.Selector("__validate_deploy__")
	selValidateDecl   = crypto.Selector("__validate_declare__")
	validMagic        = ShortString("VALID")
)

// Config configures an Executor.
type Config struct {
	// MaxClassBytes bounds a declared class's encoded size (0: MaxTxBytes).
	MaxClassBytes int
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config { return Config{MaxClassBytes: MaxTxBytes} }

// Validate checks the config.
func (c *Config) Validate() error {
	if c.MaxClassBytes < 0 || c.MaxClassBytes > MaxTxBytes {
		return fmt.Errorf("executor config: max class bytes %d outside [0, %d]", c.MaxClassBytes, MaxTxBytes)
	}
	return nil
}

// Executor executes Starknet transactions deterministically. It holds no
// state between calls and is safe for concurrent use on distinct states.
type Executor struct {
	cfg    Config
	log    zerolog.Logger
	runner entryPointRunner
}

// NewExecutor returns an executor running contract code on Cairn's Cairo VM.
func NewExecutor(cfg Config, log zerolog.Logger) (*Executor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.MaxClassBytes == 0 {
		cfg.MaxClassBytes = MaxTxBytes
	}
	return &Executor{cfg: cfg, log: log, runner: newVMRunner()}, nil
}

// txExec is one transaction's execution.
type txExec struct {
	e        *Executor
	runner   entryPointRunner
	st       *CachedState
	bc       *BlockContext
	tx       Transaction
	txHash   felt.Felt
	events   []Event
	messages []MessageToL1
	steps    uint64
	maxSteps uint64
	// syscallGas is the L2 gas charged by syscalls.
	syscallGas uint64
	// builtins counts the builtin instances all runs used, by name.
	builtins map[string]uint64
	estimate bool
	// skipValidate (estimation only) skips the validation entry point.
	skipValidate bool
	// trace, when set, collects the runs for the prover; lastCall is the
	// trace of the latest call made (for the syscall that made it).
	trace    *TxTrace
	lastCall *CallTrace
}

func (e *Executor) newTx(st StateReader, bc *BlockContext, tx Transaction) *txExec {
	x := &txExec{e: e, runner: e.runner, st: NewCachedState(st), bc: bc, tx: tx}
	if tx != nil {
		x.txHash = tx.Hash(bc.ChainID)
	}
	return x
}

// Validate is CheckTx: it checks the version, resource bounds against the
// block's prices, the nonce, the fee balance and runs the account's
// validation (for DEPLOY_ACCOUNT after deploying it), keeping no change.
func (e *Executor) Validate(st StateReader, bc BlockContext, tx Transaction) error {
	if err := bc.Validate(); err != nil {
		return err
	}
	x := e.newTx(st, &bc, tx)
	if err := x.precheck(); err != nil {
		return err
	}
	return x.validate()
}

// Execute runs tx (FinalizeBlock) and writes its effects into st. An error
// means the transaction is rejected and st is unchanged; a failing
// __execute__ instead gives a REVERTED receipt with the nonce incremented
// and the fee charged.
func (e *Executor) Execute(st State, bc BlockContext, tx Transaction) (*Receipt, error) {
	if err := bc.Validate(); err != nil {
		return nil, err
	}
	x := e.newTx(st, &bc, tx)
	rcpt, err := x.execute()
	if err != nil {
		return nil, err
	}
	if err := x.st.Commit(st); err != nil {
		return nil, fmt.Errorf("%w: commit tx %s: %w", ErrUnexpected, x.txHash.Hex(), err)
	}
	return rcpt, nil
}

// precheck validates what needs no contract code.
func (x *txExec) precheck() error {
	v3, err := v3Fields(x.tx)
	if err != nil {
		return err
	}
	if v3.Query && !x.estimate {
		return fmt.Errorf("%w: query version transactions are only for estimation", ErrUnsupportedTxVersion)
	}
	if err := v3.ResourceBounds.validate(); err != nil {
		return err
	}
	if !x.estimate {
		p := &x.bc.GasPrices
		for _, c := range []struct {
			name       string
			bound      *ResourceBound
			blockPrice *felt.Felt
		}{{"l1_gas", &v3.ResourceBounds.L1Gas, &p.L1GasFri}, {"l1_data_gas", &v3.ResourceBounds.L1DataGas, &p.L1DataGasFri}, {"l2_gas", &v3.ResourceBounds.L2Gas, &p.L2GasFri}} {
			if c.bound.MaxPricePerUnit.Cmp(c.blockPrice) < 0 {
				return fmt.Errorf("%w: %s max price %s below block price %s", ErrInsufficientResources, c.name, c.bound.MaxPricePerUnit.Text(10), c.blockPrice.Text(10))
			}
		}
	}
	sender := x.tx.SenderAddress()
	nonce, err := x.st.NonceAt(sender)
	if err != nil {
		return fmt.Errorf("%w: nonce of %s: %w", ErrUnexpected, sender.Hex(), err)
	}
	if want := x.tx.TxNonce(); !want.Equal(&nonce) {
		return fmt.Errorf("%w: account %s nonce is %s, transaction has %s", ErrInvalidNonce, sender.Hex(), nonce.Text(10), want.Text(10))
	}
	if !x.estimate {
		bal, err := Balance(x.st, x.bc.FeeTokenAddress, sender)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUnexpected, err)
		}
		if maxFee := v3.ResourceBounds.MaxFee(v3.Tip); bal.Cmp(maxFee) < 0 {
			return fmt.Errorf("%w: balance %s, max fee %s", ErrInsufficientBalance, bal, maxFee)
		}
	}
	if d, ok := x.tx.(*DeclareV3); ok {
		return x.precheckDeclare(d)
	}
	return nil
}

func v3Fields(tx Transaction) (*V3Fields, error) {
	switch t := tx.(type) {
	case *InvokeV3:
		return &t.V3Fields, nil
	case *DeployAccountV3:
		return &t.V3Fields, nil
	case *DeclareV3:
		return &t.V3Fields, nil
	case nil:
		return nil, fmt.Errorf("%w: nil transaction", ErrMalformedTx)
	}
	v := tx.Version()
	return nil, fmt.Errorf("%w: %s v%s", ErrUnsupportedTxVersion, tx.Type(), v.Text(10))
}

func (x *txExec) precheckDeclare(d *DeclareV3) error {
	if d.Class == nil {
		return fmt.Errorf("%w: DECLARE without its CASM class", ErrMalformedTx)
	}
	if n := len(EncodeClass(d.Class)); n > x.e.cfg.MaxClassBytes {
		return fmt.Errorf("%w: %d bytes", ErrContractClassSizeTooLarge, n)
	}
	if h := d.Class.Hash(); !h.Equal(&d.ClassHash) {
		return fmt.Errorf("%w: class hash %s does not match the class (%s)", ErrMalformedTx, d.ClassHash.Hex(), h.Hex())
	}
	if h := d.Class.CompiledClassHash(); !h.Equal(&d.CompiledClassHash) {
		return fmt.Errorf("%w: declared %s, class has %s", ErrCompiledClassHashMismatch, d.CompiledClassHash.Hex(), h.Hex())
	}
	declared, err := IsDeclared(x.st, d.ClassHash)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnexpected, err)
	}
	if declared {
		return fmt.Errorf("%w: %s", ErrClassAlreadyDeclared, d.ClassHash.Hex())
	}
	return nil
}

// stepsFor caps phase steps by the L2 gas bound.
func (x *txExec) stepsFor(phaseMax uint64) uint64 {
	if x.estimate {
		return x.steps + phaseMax
	}
	v3, _ := v3Fields(x.tx)
	per := max(x.bc.Constants.L2GasPerStep, 1)
	return min(x.steps+phaseMax, v3.ResourceBounds.L2Gas.MaxAmount/per)
}

// validate runs the account's validation entry point (deploying the
// account first for DEPLOY_ACCOUNT). Failure is ErrValidationFailure.
func (x *txExec) validate() error {
	x.maxSteps = x.stepsFor(x.bc.Constants.MaxValidateSteps)
	sender := x.tx.SenderAddress()
	var sel felt.Felt
	var calldata []felt.Felt
	switch t := x.tx.(type) {
	case *InvokeV3:
		sel, calldata = selValidate, t.Calldata
	case *DeclareV3:
		sel, calldata = selValidateDecl, []felt.Felt{t.ClassHash}
	case *DeployAccountV3:
		if _, err := x.deployContract(felt.Zero, sender, t.ClassHash, t.ConstructorCalldata, 0); err != nil {
			return validationError("deploy account", err)
		}
		sel = selValidateDeploy
		calldata = append([]felt.Felt{t.ClassHash, t.ContractAddressSalt}, t.ConstructorCalldata...)
	}
	if x.skipValidate {
		return nil
	}
	ret, err := x.call(felt.Zero, sender, felt.Zero, callTypeCall, EntryPointExternal, sel, calldata, 0)
	if err != nil {
		return validationError("validate", err)
	}
	if len(ret) != 1 || !ret[0].Equal(&validMagic) {
		return fmt.Errorf("%w: validation returned %v, want ['VALID']", ErrValidationFailure, ret)
	}
	return nil
}

func validationError(phase string, err error) error {
	var ce *ContractError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: %s: %s", ErrValidationFailure, phase, ce.RevertReason)
	}
	return err
}

// execute runs the whole transaction into x.st and builds the receipt.
func (x *txExec) execute() (*Receipt, error) {
	if err := x.precheck(); err != nil {
		return nil, err
	}
	if err := x.validate(); err != nil {
		return nil, err
	}
	sender := x.tx.SenderAddress()
	nonce := x.tx.TxNonce()
	nonce.Add(&nonce, &felt.One)
	if err := x.st.SetNonce(sender, nonce); err != nil {
		return nil, err
	}
	rcpt := &Receipt{Type: x.tx.Type(), TransactionHash: x.txHash, ExecutionStatus: StatusSucceeded}
	execMark := x.st.Snapshot()
	switch t := x.tx.(type) {
	case *InvokeV3:
		x.maxSteps = x.stepsFor(x.bc.Constants.MaxExecuteSteps)
		boundCapped := !x.estimate && x.maxSteps < x.steps+x.bc.Constants.MaxExecuteSteps
		if _, err := x.call(felt.Zero, sender, felt.Zero, callTypeCall, EntryPointExternal, selExecute, t.Calldata, 0); err != nil {
			var ce *ContractError
			if !errors.As(err, &ce) {
				return nil, err
			}
			x.rollBackExecute(execMark)
			rcpt.ExecutionStatus, rcpt.RevertReason = StatusReverted, ce.RevertReason
			if boundCapped && errors.Is(err, ErrOutOfResources) {
				rcpt.RevertReason = fmt.Sprintf("Insufficient max L2Gas: max amount %d: %s", v3MaxL2(x.tx), ce.RevertReason)
			}
		}
	case *DeclareV3:
		if err := x.st.DeclareClass(t.ClassHash, t.CompiledClassHash, t.Class); err != nil {
			return nil, err
		}
	case *DeployAccountV3:
		addr := sender
		rcpt.ContractAddress = &addr
	}
	res, err := x.resources()
	if err != nil {
		return nil, err
	}
	v3, _ := v3Fields(x.tx)
	if !x.estimate {
		if name, used, bound, over := res.exceeds(&v3.ResourceBounds); over {
			if _, ok := x.tx.(*InvokeV3); !ok {
				return nil, fmt.Errorf("%w: %s used %d exceeds max amount %d", ErrInsufficientResources, name, used, bound)
			}
			if rcpt.ExecutionStatus == StatusSucceeded {
				x.rollBackExecute(execMark)
				rcpt.ExecutionStatus = StatusReverted
				rcpt.RevertReason = fmt.Sprintf("Insufficient max %s: max amount %d, actual used %d.", name, bound, used)
				if res, err = x.resources(); err != nil {
					return nil, err
				}
			}
			// A reverted transaction pays for what it used, up to its bounds.
			res = res.capped(&v3.ResourceBounds)
		}
	}
	fee := x.fee(res, v3.Tip)
	if err := x.chargeFee(sender, fee); err != nil {
		return nil, err
	}
	rcpt.ExecutionResources = res
	rcpt.ActualFee = FeePayment{Amount: felt.FromBigInt(fee), Unit: "FRI"}
	rcpt.Events = nonNil(x.events)
	rcpt.MessagesSent = nonNilMsgs(x.messages)
	rcpt.CairoSteps = x.steps
	return rcpt, nil
}

// rollBackExecute discards __execute__'s state changes, events and
// messages (the nonce increment and validation stay).
func (x *txExec) rollBackExecute(mark int) {
	x.st.RevertTo(mark)
	x.events, x.messages = nil, nil
	if x.trace != nil && len(x.trace.Calls) > 0 {
		if c := x.trace.Calls[len(x.trace.Calls)-1]; c.Selector == selExecute {
			c.RolledBack = true
		}
	}
}

func v3MaxL2(tx Transaction) uint64 {
	v3, err := v3Fields(tx)
	if err != nil {
		return 0
	}
	return v3.ResourceBounds.L2Gas.MaxAmount
}

// fee = l1·p_l1 + l1d·p_l1d + l2·(p_l2 + tip), prices in FRI.
func (x *txExec) fee(r ExecutionResources, tip uint64) *big.Int {
	f := x.bc.Fee(r)
	return f.Add(f, new(big.Int).Mul(new(big.Int).SetUint64(r.L2Gas), new(big.Int).SetUint64(tip)))
}

func nonNil(e []Event) []Event {
	if e == nil {
		return []Event{}
	}
	return e
}

func nonNilMsgs(m []MessageToL1) []MessageToL1 {
	if m == nil {
		return []MessageToL1{}
	}
	return m
}
