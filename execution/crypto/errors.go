package crypto

import "errors"

// Sentinel errors. Functions wrap them with context; test with errors.Is.
var (
	// ErrNotOnCurve: a point given to a curve operation is not on the STARK curve.
	ErrNotOnCurve = errors.New("crypto: point is not on the STARK curve")
	// ErrECOpSameX: cairo-lang's ec_op ladder reached a partial sum and a
	// doubled point with the same x coordinate, which its builtin rejects.
	ErrECOpSameX = errors.New("crypto: ec_op reached two points with the same x coordinate")
	// ErrInvalidPrivateKey: a private key is 0 or not below the curve order.
	ErrInvalidPrivateKey = errors.New("crypto: private key must be in [1, curve order)")
	// ErrMessageOutOfRange: a message hash to sign is not below 2^251.
	ErrMessageOutOfRange = errors.New("crypto: message hash must be below 2^251")
	// ErrSignatureOutOfRange: the deterministic nonce produced r ≥ 2^251 or
	// s⁻¹ ≥ 2^251, which Starknet cannot verify (as @scure/starknet, no retry).
	ErrSignatureOutOfRange = errors.New("crypto: signature r or 1/s is not below 2^251")
	// ErrNonceExhausted: RFC 6979 found no usable nonce in its iteration budget.
	ErrNonceExhausted = errors.New("crypto: no valid RFC 6979 nonce found")
)
