package starknet

import (
	"encoding/json"
	"math/big"
	"slices"

	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

// nativeRunner runs Go implementations of test contracts through the same
// call frames and syscall methods the VM adapter uses, so the executor's
// transaction logic (validation, nonces, fees, reverts, diffs) is tested
// independently of the Cairo VM. The class's CompilerVersion names the
// contract; every entry point run costs nativeSteps steps.
type nativeRunner struct{}

const nativeSteps = 50

var (
	selConstructor  = crypto.Selector("constructor")
	selGetPublicKey = crypto.Selector("get_public_key")
	selTransfer     = crypto.Selector("transfer")
	selBalanceOf    = crypto.Selector("balance_of")
	selFail         = crypto.Selector("fail")
	selDeployChild  = crypto.Selector("deploy_child")
	publicKeyVar    = crypto.StarknetKeccak([]byte("public_key"))
)

func ok(ret ...felt.Felt) (runOutcome, error) {
	return runOutcome{Retdata: ret, Steps: nativeSteps}, nil
}

func panicWith(msg string) (runOutcome, error) {
	return runOutcome{Retdata: []felt.Felt{ShortString(msg)}, Failed: true, Steps: nativeSteps}, nil
}

func (nativeRunner) run(f *callFrame, class *Class, ep *EntryPoint, cd []felt.Felt) (runOutcome, error) {
	sel := ep.Selector
	switch class.CompilerVersion {
	case "native-account":
		switch sel {
		case selConstructor:
			if len(cd) != 1 {
				return panicWith("bad constructor calldata")
			}
			return runOutcome{Steps: nativeSteps}, f.storageWrite(publicKeyVar, cd[0])
		case selGetPublicKey:
			pk, err := f.storageRead(publicKeyVar)
			return runOutcome{Retdata: []felt.Felt{pk}, Steps: nativeSteps}, err
		case selValidate, selValidateDeploy, selValidateDecl:
			if f.caller != felt.Zero {
				return panicWith("invalid caller")
			}
			pk, err := f.storageRead(publicKeyVar)
			if err != nil {
				return runOutcome{}, err
			}
			info := f.executionInfo()
			sig := info.tx.TxSignature()
			if len(sig) != 2 || !crypto.Verify(pk, info.txHash, sig[0], sig[1]) {
				return panicWith("invalid signature")
			}
			return ok(validMagic)
		case selExecute:
			return nativeMulticall(f, cd)
		}
	case "native-erc20":
		switch sel {
		case selBalanceOf:
			bal, err := frameBalance(f, cd[0])
			if err != nil {
				return runOutcome{}, err
			}
			lo, hi := U256Split(bal)
			return ok(lo, hi)
		case selTransfer:
			if len(cd) != 3 {
				return panicWith("bad transfer calldata")
			}
			amount := new(big.Int).Add(new(big.Int).Lsh(cd[2].BigInt(), 128), cd[1].BigInt())
			from := f.caller
			bal, err := frameBalance(f, from)
			if err != nil {
				return runOutcome{}, err
			}
			if bal.Cmp(amount) < 0 {
				return panicWith("u256_sub Overflow")
			}
			if err := setFrameBalance(f, from, bal.Sub(bal, amount)); err != nil {
				return runOutcome{}, err
			}
			to, err := frameBalance(f, cd[0])
			if err != nil {
				return runOutcome{}, err
			}
			if err := setFrameBalance(f, cd[0], to.Add(to, amount)); err != nil {
				return runOutcome{}, err
			}
			f.emitEvent([]felt.Felt{transferSelector, from, cd[0]}, []felt.Felt{cd[1], cd[2]})
			return ok(felt.One)
		}
	case "native-misc":
		switch sel {
		case selFail:
			must := f.storageWrite(felt.One, felt.One) // must be rolled back
			if must != nil {
				return runOutcome{}, must
			}
			return panicWith("boom")
		case selDeployChild:
			addr, _, failed, err := f.deploy(cd[0], cd[1], cd[2:], false)
			if err != nil || failed {
				return panicWith("deploy failed")
			}
			return ok(addr)
		}
	}
	return panicWith("native: unknown entry point")
}

// frameBalance reads addr's balance in the frame's contract through the
// storage syscalls (so traces record it).
func frameBalance(f *callFrame, addr felt.Address) (*big.Int, error) {
	k := BalanceKey(addr)
	lo, err := f.storageRead(k)
	if err != nil {
		return nil, err
	}
	k.Add(&k, &felt.One)
	hi, err := f.storageRead(k)
	if err != nil {
		return nil, err
	}
	v := new(big.Int).Lsh(hi.BigInt(), 128)
	return v.Add(v, lo.BigInt()), nil
}

func setFrameBalance(f *callFrame, addr felt.Address, v *big.Int) error {
	k := BalanceKey(addr)
	lo, hi := U256Split(v)
	if err := f.storageWrite(k, lo); err != nil {
		return err
	}
	k.Add(&k, &felt.One)
	return f.storageWrite(k, hi)
}

// nativeMulticall decodes [n, (to, selector, len, data...)*] and calls each.
func nativeMulticall(f *callFrame, cd []felt.Felt) (runOutcome, error) {
	if len(cd) == 0 {
		return panicWith("empty multicall")
	}
	n, i := cd[0].Uint64(), 1
	var out []felt.Felt
	for k := uint64(0); k < n; k++ {
		if i+3 > len(cd) {
			return panicWith("bad multicall")
		}
		to, sel, l := cd[i], cd[i+1], int(cd[i+2].Uint64())
		if i+3+l > len(cd) {
			return panicWith("bad multicall")
		}
		ret, failed, err := f.callContract(to, sel, cd[i+3:i+3+l])
		if err != nil {
			return runOutcome{}, err
		}
		if failed {
			return runOutcome{Retdata: ret, Failed: true, Steps: nativeSteps}, nil
		}
		out = append(out, ret...)
		i += 3 + l
	}
	return ok(out...)
}

// nativeClass builds a class whose entry points are the given external
// selectors (plus a constructor when withCtor).
func nativeClass(name string, withCtor bool, sels ...felt.Felt) *Class {
	c := &Class{CompilerVersion: name, Hints: json.RawMessage("[]")}
	sels = slices.Clone(sels)
	slices.SortFunc(sels, cmpFelt)
	for i, s := range sels {
		c.EntryPoints.External = append(c.EntryPoints.External, EntryPoint{Selector: s, Offset: uint64(i), Builtins: []string{}})
	}
	c.EntryPoints.L1Handler = []EntryPoint{}
	c.EntryPoints.Constructor = []EntryPoint{}
	if withCtor {
		c.EntryPoints.Constructor = []EntryPoint{{Selector: selConstructor, Offset: 0, Builtins: []string{}}}
	}
	c.Bytecode = make([]felt.Felt, len(sels)+1)
	return c
}
