package starknet

import "fmt"

// EncodingVersion is the first byte of every encoded transaction.
const EncodingVersion byte = 1

// Tags (second byte) of the encoded transaction kinds: type<<4 | version.
const (
	tagInvokeV1        byte = 0x11
	tagInvokeV3        byte = 0x13
	tagDeployAccountV3 byte = 0x23
	tagDeclareV3       byte = 0x33
)

// EncodeTx returns the canonical binary encoding CometBFT orders:
//
//	version byte (1) | tag byte | fields in spec order
//
// felts are 32 bytes big-endian, u64 8 bytes and u128 prices 16 bytes
// big-endian, DA modes one byte, lists a u32 big-endian count then the
// items, strings and hint JSON a u32 length then the bytes. DecodeTx
// accepts exactly the outputs of EncodeTx (decode→encode is the identity).
func EncodeTx(tx Transaction) []byte {
	e := &encoder{b: make([]byte, 0, 512)}
	e.byte1(EncodingVersion)
	switch tx := tx.(type) {
	case *InvokeV3:
		e.byte1(tagInvokeV3)
		e.v3(&tx.V3Fields)
		e.felt(tx.Sender)
		e.felts(tx.Calldata)
		e.felts(tx.AccountDeploymentData)
		e.felts(tx.ProofFacts)
	case *DeployAccountV3:
		e.byte1(tagDeployAccountV3)
		e.v3(&tx.V3Fields)
		e.felt(tx.ClassHash)
		e.felt(tx.ContractAddressSalt)
		e.felts(tx.ConstructorCalldata)
	case *DeclareV3:
		e.byte1(tagDeclareV3)
		e.v3(&tx.V3Fields)
		e.felt(tx.Sender)
		e.felt(tx.ClassHash)
		e.felt(tx.CompiledClassHash)
		e.felts(tx.AccountDeploymentData)
		e.class(tx.Class)
	case *InvokeV1:
		e.byte1(tagInvokeV1)
		e.felt(tx.Sender)
		e.felts(tx.Calldata)
		e.felt(tx.MaxFee)
		e.felts(tx.Signature)
		e.felt(tx.Nonce)
	}
	return e.b
}

func (e *encoder) v3(f *V3Fields) {
	e.felts(f.Signature)
	e.felt(f.Nonce)
	for _, b := range []*ResourceBound{&f.ResourceBounds.L1Gas, &f.ResourceBounds.L1DataGas, &f.ResourceBounds.L2Gas} {
		e.u64(b.MaxAmount)
		e.u128(b.MaxPricePerUnit)
	}
	e.u64(f.Tip)
	e.felts(f.PaymasterData)
	e.byte1(byte(f.NonceDAMode))
	e.byte1(byte(f.FeeDAMode))
}

// DecodeTx parses the canonical encoding. It rejects (with ErrMalformedTx)
// anything EncodeTx would not produce: wrong version or tag, truncation,
// felts not below p, prices of 2^128 or more, DA modes other than 0/1,
// lists over the limits, malformed classes, trailing bytes.
func DecodeTx(b []byte) (Transaction, error) {
	if len(b) > MaxTxBytes {
		return nil, fmt.Errorf("%w: %d bytes exceed %d", ErrMalformedTx, len(b), MaxTxBytes)
	}
	d := &decoder{b: b}
	if v := d.byte1(); d.err == nil && v != EncodingVersion {
		return nil, fmt.Errorf("%w: encoding version %d", ErrMalformedTx, v)
	}
	var tx Transaction
	switch tag := d.byte1(); {
	case d.err != nil:
	case tag == tagInvokeV3:
		t := &InvokeV3{}
		d.v3(&t.V3Fields)
		t.Sender = d.felt()
		t.Calldata = d.felts(MaxFeltList)
		t.AccountDeploymentData = d.felts(MaxFeltList)
		t.ProofFacts = d.felts(MaxFeltList)
		tx = t
	case tag == tagDeployAccountV3:
		t := &DeployAccountV3{}
		d.v3(&t.V3Fields)
		t.ClassHash = d.felt()
		t.ContractAddressSalt = d.felt()
		t.ConstructorCalldata = d.felts(MaxFeltList)
		tx = t
	case tag == tagDeclareV3:
		t := &DeclareV3{}
		d.v3(&t.V3Fields)
		t.Sender = d.felt()
		t.ClassHash = d.felt()
		t.CompiledClassHash = d.felt()
		t.AccountDeploymentData = d.felts(MaxFeltList)
		t.Class = d.class()
		tx = t
	case tag == tagInvokeV1:
		t := &InvokeV1{}
		t.Sender = d.felt()
		t.Calldata = d.felts(MaxFeltList)
		t.MaxFee = d.felt()
		t.Signature = d.felts(MaxFeltList)
		t.Nonce = d.felt()
		tx = t
	default:
		d.fail("unknown transaction tag 0x%02x", tag)
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(b) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrMalformedTx, len(b)-d.off)
	}
	return tx, nil
}

func (d *decoder) v3(f *V3Fields) {
	f.Signature = d.felts(MaxFeltList)
	f.Nonce = d.felt()
	for _, b := range []*ResourceBound{&f.ResourceBounds.L1Gas, &f.ResourceBounds.L1DataGas, &f.ResourceBounds.L2Gas} {
		b.MaxAmount = d.u64()
		b.MaxPricePerUnit = d.u128()
	}
	f.Tip = d.u64()
	f.PaymasterData = d.felts(MaxFeltList)
	f.NonceDAMode = d.daMode()
	f.FeeDAMode = d.daMode()
}

// EncodeClass returns the canonical encoding of a class (as embedded in a
// DECLARE), for storing classes.
func EncodeClass(c *Class) []byte {
	e := &encoder{}
	e.class(c)
	return e.b
}

// DecodeClass parses EncodeClass's output, rejecting trailing bytes and
// classes that fail validation.
func DecodeClass(b []byte) (*Class, error) {
	d := &decoder{b: b}
	c := d.class()
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(b) {
		return nil, fmt.Errorf("%w: %d trailing bytes after class", ErrMalformedTx, len(b)-d.off)
	}
	return c, nil
}
