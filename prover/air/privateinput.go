package air

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// Signature is the private witness of one ecdsa builtin instance, as
// cairo-lang's air_private_input.json gives it: the public key's x and the
// message (which must equal the instance's cells), r and w = s⁻¹ modulo the
// curve order.
type Signature struct {
	PubKey, Msg, R, W fp.Element
}

// matches fails unless the signature is for these cell values.
func (s *Signature) matches(pub, msg fp.Element) error {
	if !s.PubKey.Equal(&pub) || !s.Msg.Equal(&msg) {
		return fmt.Errorf("private input signs (pubkey %s, msg %s), memory holds (%s, %s)", s.PubKey.String(), s.Msg.String(), pub.String(), msg.String())
	}
	return nil
}

// privateInputJSON is the part of air_private_input.json the AIR reads.
type privateInputJSON struct {
	ECDSA []struct {
		Index     *uint64 `json:"index"`
		PubKey    string  `json:"pubkey"`
		Msg       string  `json:"msg"`
		Signature struct {
			R string `json:"r"`
			W string `json:"w"`
		} `json:"signature_input"`
	} `json:"ecdsa"`
}

// ParsePrivateInput reads the ecdsa entries of an air_private_input.json
// document (as `cairn run --proof-mode --air-private-input` and cairo-run
// write it): the signatures by instance index. Numbers are 0x-hex or
// decimal strings below p.
func ParsePrivateInput(data []byte) (map[uint64]Signature, error) {
	var pi privateInputJSON
	if err := json.Unmarshal(data, &pi); err != nil {
		return nil, fmt.Errorf("%w: decode private input: %v", ErrBadTrace, err)
	}
	out := make(map[uint64]Signature, len(pi.ECDSA))
	for i, e := range pi.ECDSA {
		if e.Index == nil {
			return nil, fmt.Errorf("%w: private input ecdsa entry %d has no index", ErrBadTrace, i)
		}
		if _, dup := out[*e.Index]; dup {
			return nil, fmt.Errorf("%w: private input ecdsa entry %d: index %d given twice", ErrBadTrace, i, *e.Index)
		}
		var s Signature
		for _, f := range []struct {
			name, text string
			dst        *fp.Element
		}{{"pubkey", e.PubKey, &s.PubKey}, {"msg", e.Msg, &s.Msg}, {"r", e.Signature.R, &s.R}, {"w", e.Signature.W, &s.W}} {
			v, ok := new(big.Int).SetString(f.text, 0)
			if !ok || v.Sign() < 0 || v.Cmp(fp.Modulus()) >= 0 {
				return nil, fmt.Errorf("%w: private input ecdsa entry %d: %s %q is not a field element", ErrBadTrace, i, f.name, f.text)
			}
			f.dst.SetBigInt(v)
		}
		out[*e.Index] = s
	}
	return out, nil
}
