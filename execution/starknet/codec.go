package starknet

import (
	"encoding/binary"
	"fmt"

	"github.com/cairnchain/cairn/execution/felt"
)

// Limits of the canonical encoding. Anything larger is rejected by DecodeTx.
const (
	// MaxTxBytes bounds an encoded transaction (a DECLARE carries its class).
	MaxTxBytes = 4 << 20
	// MaxFeltList bounds calldata, signature and the other felt lists.
	MaxFeltList = 1 << 14
	// MaxBytecode bounds a class's bytecode length in felts.
	MaxBytecode = 1 << 17
	// maxString bounds compiler_version and builtin names.
	maxString = 64
	// maxEntryPoints bounds each entry point list.
	maxEntryPoints = 1 << 12
	// maxBuiltins bounds an entry point's builtin list.
	maxBuiltins = 16
	// maxSegments bounds a bytecode segment list.
	maxSegments = 1 << 12
)

// encoder appends the canonical encoding's primitives.
type encoder struct{ b []byte }

func (e *encoder) byte1(v byte)     { e.b = append(e.b, v) }
func (e *encoder) u32(v uint32)     { e.b = binary.BigEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64)     { e.b = binary.BigEndian.AppendUint64(e.b, v) }
func (e *encoder) felt(f felt.Felt) { b := f.Bytes(); e.b = append(e.b, b[:]...) }
func (e *encoder) u128(f felt.Felt) { b := f.Bytes(); e.b = append(e.b, b[16:]...) }
func (e *encoder) bytes(v []byte)   { e.u32(uint32(len(v))); e.b = append(e.b, v...) }
func (e *encoder) felts(fs []felt.Felt) {
	e.u32(uint32(len(fs)))
	for _, f := range fs {
		e.felt(f)
	}
}

// decoder reads the primitives back, rejecting anything non-canonical. The
// first error sticks; later reads return zero values.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: %s", ErrMalformedTx, d.off, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || len(d.b)-d.off < n {
		d.fail("truncated: need %d bytes, have %d", n, len(d.b)-d.off)
		return nil
	}
	v := d.b[d.off : d.off+n]
	d.off += n
	return v
}

func (d *decoder) byte1() byte {
	if v := d.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if v := d.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func (d *decoder) felt() felt.Felt {
	v := d.take(felt.Bytes)
	if v == nil {
		return felt.Zero
	}
	f, err := felt.FromBytesCanonical(v)
	if err != nil {
		d.fail("felt not below the modulus")
	}
	return f
}

func (d *decoder) u128() felt.Felt {
	v := d.take(16)
	if v == nil {
		return felt.Zero
	}
	return felt.FromBytes(v)
}

// count reads a u32 list length and checks it against limit and the bytes
// left (each element takes at least minSize bytes).
func (d *decoder) count(limit, minSize int) int {
	n := d.u32()
	if d.err != nil {
		return 0
	}
	if uint64(n) > uint64(limit) {
		d.fail("list length %d exceeds %d", n, limit)
		return 0
	}
	if uint64(n)*uint64(minSize) > uint64(len(d.b)-d.off) {
		d.fail("list length %d exceeds the remaining bytes", n)
		return 0
	}
	return int(n)
}

func (d *decoder) bytes(limit int) []byte {
	n := d.count(limit, 1)
	v := d.take(n)
	if v == nil {
		return nil
	}
	return append([]byte{}, v...)
}

func (d *decoder) felts(limit int) []felt.Felt {
	n := d.count(limit, felt.Bytes)
	out := make([]felt.Felt, n)
	for i := range out {
		out[i] = d.felt()
	}
	return out
}

func (d *decoder) daMode() DAMode {
	v := d.byte1()
	if v > byte(DAModeL2) {
		d.fail("data availability mode %d", v)
	}
	return DAMode(v)
}
