package contracts

import (
	"math/big"
	"testing"

	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
	"github.com/cairnchain/cairn/execution/starknet"
)

// env is a chain state with Cairn's classes declared, the fee token
// deployed at tokenAddr and the demo contract at demoAddr, executed by the
// real executor on the Cairo VM.
type env struct {
	t     testing.TB
	ex    *starknet.Executor
	st    *starknet.MemState
	bc    starknet.BlockContext
	token felt.Address
	demo  felt.Address
	acc   felt.ClassHash
}

var (
	tokenAddr = felt.FromUint64(0x1000)
	demoAddr  = felt.FromUint64(0x2000)
	seqAddr   = felt.FromUint64(0x5e9)
	chainID   = starknet.ShortString("CAIRN_TEST")
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ex, err := newEnvExecutor()
	must(t, err)
	e := &env{t: t, ex: ex, st: starknet.NewMemState(), token: tokenAddr, demo: demoAddr}
	for _, n := range Names() {
		c, err := Class(n)
		must(t, err)
		must(t, e.st.DeclareClass(c.Hash(), c.CompiledClassHash(), c))
	}
	e.acc, err = ClassHash(AccountName)
	must(t, err)
	erc, err := ClassHash(ERC20Name)
	must(t, err)
	demo, err := ClassHash(DemoName)
	must(t, err)
	must(t, e.st.SetClassHashAt(e.token, erc))
	for k, v := range TokenStorage("Cairn Fee Token", "FRI", 18) {
		must(t, e.st.SetStorage(e.token, k, v))
	}
	must(t, e.st.SetClassHashAt(e.demo, demo))
	e.bc = starknet.BlockContext{
		Number: 20, Timestamp: 1_700_000_000, SequencerAddress: seqAddr, ChainID: chainID,
		GasPrices: starknet.GasPrices{L1GasFri: felt.FromUint64(3), L1DataGasFri: felt.FromUint64(1), L2GasFri: felt.FromUint64(2),
			L1GasWei: felt.One, L1DataGasWei: felt.One, L2GasWei: felt.One},
		FeeTokenAddress: e.token, Constants: starknet.DefaultVersionedConstants(),
	}
	return e
}

func newEnvExecutor() (*starknet.Executor, error) {
	return starknet.NewExecutor(starknet.DefaultConfig(), zerolog.Nop())
}

// bounds are generous resource bounds at the block's prices.
func (e *env) bounds() starknet.ResourceBounds {
	p := &e.bc.GasPrices
	return starknet.ResourceBounds{
		L1Gas:     starknet.ResourceBound{MaxAmount: 1000, MaxPricePerUnit: p.L1GasFri},
		L1DataGas: starknet.ResourceBound{MaxAmount: 1000, MaxPricePerUnit: p.L1DataGasFri},
		L2Gas:     starknet.ResourceBound{MaxAmount: 20_000_000, MaxPricePerUnit: p.L2GasFri},
	}
}

// fund mints amount of the fee token to addr (balance and total supply).
func (e *env) fund(addr felt.Address, amount *big.Int) {
	e.t.Helper()
	bal, err := starknet.Balance(e.st, e.token, addr)
	must(e.t, err)
	must(e.t, starknet.SetBalance(e.st, e.token, addr, bal.Add(bal, amount)))
	lo, _ := e.st.StorageAt(e.token, TotalSupplyKey)
	k := TotalSupplyKey
	k.Add(&k, &felt.One)
	hi, _ := e.st.StorageAt(e.token, k)
	total := new(big.Int).Add(new(big.Int).Lsh(hi.BigInt(), 128), lo.BigInt())
	total.Add(total, amount)
	nlo, nhi := starknet.U256Split(total)
	must(e.t, e.st.SetStorage(e.token, TotalSupplyKey, nlo))
	must(e.t, e.st.SetStorage(e.token, k, nhi))
}

// account is a key pair and its account address.
type account struct {
	priv crypto.PrivateKey
	pub  felt.Felt
	addr felt.Address
}

func newAccount(t testing.TB, classHash felt.ClassHash, key uint64) account {
	priv, err := crypto.PrivateKeyFromFelt(felt.FromUint64(key))
	must(t, err)
	pub := crypto.GetPublicKey(priv)
	return account{priv: priv, pub: pub, addr: starknet.ContractAddress(felt.Zero, pub, classHash, []felt.Felt{pub})}
}

// deployDirect puts an account into state without a transaction.
func (e *env) deployDirect(a account) {
	must(e.t, e.st.SetClassHashAt(a.addr, e.acc))
	must(e.t, e.st.SetStorage(a.addr, PublicKeyKey, a.pub))
}

func (e *env) sign(a account, tx starknet.Transaction) []felt.Felt {
	r, s, err := crypto.Sign(a.priv, tx.Hash(e.bc.ChainID))
	must(e.t, err)
	return []felt.Felt{r, s}
}

// call is one entry of a multicall.
type call struct {
	to       felt.Address
	selector string
	calldata []felt.Felt
}

// multicall encodes calls as the account's __execute__ calldata
// [n, (to, selector, len, data…)*].
func multicall(calls ...call) []felt.Felt {
	out := []felt.Felt{felt.FromUint64(uint64(len(calls)))}
	for _, c := range calls {
		out = append(out, c.to, crypto.Selector(c.selector), felt.FromUint64(uint64(len(c.calldata))))
		out = append(out, c.calldata...)
	}
	return out
}

// invoke builds and signs an INVOKE v3 from a.
func (e *env) invoke(a account, nonce uint64, calls ...call) *starknet.InvokeV3 {
	tx := &starknet.InvokeV3{V3Fields: starknet.V3Fields{Nonce: felt.FromUint64(nonce), ResourceBounds: e.bounds()},
		Sender: a.addr, Calldata: multicall(calls...)}
	tx.Signature = e.sign(a, tx)
	return tx
}

func u256(v *big.Int) []felt.Felt {
	lo, hi := starknet.U256Split(v)
	return []felt.Felt{lo, hi}
}

func fu(v uint64) felt.Felt { return felt.FromUint64(v) }
