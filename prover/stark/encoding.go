package stark

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fri"
	"github.com/cairnchain/cairn/prover/stark/merkle"
)

// Binary proof format, version 1 (all integers little endian, field elements
// 32-byte big-endian canonical, digests 32 bytes):
//
//	magic "CSTK" | u16 version | u16 len + AIR name | options (5 × u8:
//	blowup log, queries, grinding bits, folding log, last layer log) |
//	u32 len + public input |
//	u8 count + trace roots | comp root | felts OOD cells | felts OOD comp |
//	u8 count + FRI roots | felts FRI last layer | u64 nonce |
//	per trace root: opening | comp opening | u8 count + FRI layer openings
//
// where "felts" is u32 count + elements, an opening is u32 rows, u32 width,
// rows·width elements, u32 count + digests, and a FRI layer opening is
// u32 groups, u8 group size, elements, u32 count + digests. Decoding is
// strict: every count is checked against the bytes left and the limits below,
// elements must be canonical, trailing bytes are an error.

// ErrFormat reports bytes that are not a well-formed proof.
var ErrFormat = errors.New("stark: malformed proof")

const (
	magic          = "CSTK"
	maxNameLen     = 256
	maxPublicInput = 64 << 20
)

// Marshal encodes the proof.
func (p *Proof) Marshal() []byte {
	var w writer
	w.header(&p.Header)
	w.u8(len(p.TraceRoots))
	for _, r := range p.TraceRoots {
		w.digest(r)
	}
	w.digest(p.CompRoot)
	w.felts(p.OODCells)
	w.felts(p.OODComp)
	w.u8(len(p.FRIRoots))
	for _, r := range p.FRIRoots {
		w.digest(r)
	}
	w.felts(p.FRILast)
	w.b = binary.LittleEndian.AppendUint64(w.b, p.Nonce)
	for _, o := range p.TraceOpenings {
		w.opening(&o)
	}
	w.opening(&p.CompOpening)
	w.u8(len(p.FRI))
	for _, l := range p.FRI {
		w.u32(len(l.Values))
		k := 0
		if len(l.Values) > 0 {
			k = len(l.Values[0])
		}
		w.u8(k)
		for _, g := range l.Values {
			for i := range g {
				w.felt(&g[i])
			}
		}
		w.digests(l.Nodes)
	}
	return w.b
}

// MarshalHeader encodes just the header (the prefix of Marshal's output).
func (h *Header) MarshalHeader() []byte {
	var w writer
	w.header(h)
	return w.b
}

// ReadHeader decodes only the header at the start of a proof.
func ReadHeader(data []byte) (Header, error) {
	r := reader{b: data}
	h := r.header()
	return h, r.err
}

// Unmarshal decodes a proof strictly.
func Unmarshal(data []byte) (*Proof, error) {
	r := reader{b: data}
	p := &Proof{Header: r.header()}
	nRoots := r.u8()
	if r.err == nil && (nRoots < 1 || nRoots > 2) {
		r.fail("%d trace roots", nRoots)
	}
	p.TraceRoots = make([]merkle.Digest, 0, 2)
	for i := 0; i < nRoots && r.err == nil; i++ {
		p.TraceRoots = append(p.TraceRoots, r.digest())
	}
	p.CompRoot = r.digest()
	p.OODCells = r.felts()
	p.OODComp = r.felts()
	nFRI := r.u8()
	for i := 0; i < nFRI && r.err == nil; i++ {
		p.FRIRoots = append(p.FRIRoots, r.digest())
	}
	p.FRILast = r.felts()
	p.Nonce = r.u64()
	for i := 0; i < nRoots && r.err == nil; i++ {
		p.TraceOpenings = append(p.TraceOpenings, r.opening())
	}
	p.CompOpening = r.opening()
	nLayers := r.u8()
	if r.err == nil && nLayers != nFRI {
		r.fail("%d FRI layer openings for %d roots", nLayers, nFRI)
	}
	for i := 0; i < nLayers && r.err == nil; i++ {
		groups := r.u32()
		k := r.u8()
		if r.err == nil && (k < 2 || k > 16) {
			r.fail("FRI group size %d", k)
		}
		if !r.room(groups, k*fp.Bytes) {
			break
		}
		l := fri.LayerOpening{Values: make([][]fp.Element, groups)}
		for g := range l.Values {
			l.Values[g] = make([]fp.Element, k)
			for j := range l.Values[g] {
				l.Values[g][j] = r.felt()
			}
		}
		l.Nodes = r.digests()
		p.FRI = append(p.FRI, l)
	}
	if r.err == nil && len(r.b) != r.off {
		r.fail("%d trailing bytes", len(r.b)-r.off)
	}
	if r.err != nil {
		return nil, r.err
	}
	return p, nil
}

type writer struct{ b []byte }

func (w *writer) u8(v int)  { w.b = append(w.b, byte(v)) }
func (w *writer) u32(v int) { w.b = binary.LittleEndian.AppendUint32(w.b, uint32(v)) }
func (w *writer) digest(d merkle.Digest) {
	w.b = append(w.b, d[:]...)
}
func (w *writer) felt(e *fp.Element) {
	b := e.Bytes()
	w.b = append(w.b, b[:]...)
}
func (w *writer) felts(es []fp.Element) {
	w.u32(len(es))
	for i := range es {
		w.felt(&es[i])
	}
}
func (w *writer) digests(ds []merkle.Digest) {
	w.u32(len(ds))
	for _, d := range ds {
		w.digest(d)
	}
}
func (w *writer) opening(o *Opening) {
	w.u32(len(o.Rows))
	width := 0
	if len(o.Rows) > 0 {
		width = len(o.Rows[0])
	}
	w.u32(width)
	for _, row := range o.Rows {
		for i := range row {
			w.felt(&row[i])
		}
	}
	w.digests(o.Nodes)
}
func (w *writer) header(h *Header) {
	w.b = append(w.b, magic...)
	w.b = binary.LittleEndian.AppendUint16(w.b, h.Version)
	w.b = binary.LittleEndian.AppendUint16(w.b, uint16(len(h.AIR)))
	w.b = append(w.b, h.AIR...)
	o := h.Options
	w.b = append(w.b, byte(o.BlowupLog), byte(o.Queries), byte(o.GrindingBits), byte(o.FoldingLog), byte(o.LastLayerLog))
	w.u32(len(h.PublicInput))
	w.b = append(w.b, h.PublicInput...)
}

// reader decodes with sticky errors: after the first failure every method
// returns zero values.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d: %s", ErrFormat, r.off, fmt.Sprintf(format, args...))
	}
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b)-r.off < n {
		r.fail("need %d bytes, %d left", n, len(r.b)-r.off)
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

// room checks that count items of size bytes each can still follow.
func (r *reader) room(count, size int) bool {
	if r.err != nil {
		return false
	}
	if count < 0 || size <= 0 || count > (len(r.b)-r.off)/size {
		r.fail("%d items of %d bytes exceed the %d bytes left", count, size, len(r.b)-r.off)
		return false
	}
	return true
}

func (r *reader) u8() int {
	b := r.take(1)
	if b == nil {
		return 0
	}
	return int(b[0])
}
func (r *reader) u16() int {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint16(b))
}
func (r *reader) u32() int {
	b := r.take(4)
	if b == nil {
		return 0
	}
	v := binary.LittleEndian.Uint32(b)
	if v > 1<<30 {
		r.fail("count %d too large", v)
		return 0
	}
	return int(v)
}
func (r *reader) u64() uint64 {
	b := r.take(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}
func (r *reader) digest() merkle.Digest {
	var d merkle.Digest
	copy(d[:], r.take(32))
	return d
}
func (r *reader) felt() fp.Element {
	var e fp.Element
	b := r.take(fp.Bytes)
	if b == nil {
		return e
	}
	if err := e.SetBytesCanonical(b); err != nil {
		r.off -= fp.Bytes
		r.fail("non-canonical field element")
	}
	return e
}
func (r *reader) felts() []fp.Element {
	n := r.u32()
	if !r.room(n, fp.Bytes) {
		return nil
	}
	out := make([]fp.Element, n)
	for i := range out {
		out[i] = r.felt()
	}
	return out
}
func (r *reader) digests() []merkle.Digest {
	n := r.u32()
	if !r.room(n, 32) {
		return nil
	}
	out := make([]merkle.Digest, n)
	for i := range out {
		out[i] = r.digest()
	}
	return out
}
func (r *reader) opening() Opening {
	rows, width := r.u32(), r.u32()
	if r.err == nil && (width < 1 || width > 1<<16) {
		r.fail("opening width %d", width)
	}
	if r.err != nil || !r.room(rows, width*fp.Bytes) {
		return Opening{}
	}
	o := Opening{Rows: make([][]fp.Element, rows)}
	for i := range o.Rows {
		o.Rows[i] = make([]fp.Element, width)
		for j := range o.Rows[i] {
			o.Rows[i][j] = r.felt()
		}
	}
	o.Nodes = r.digests()
	return o
}
func (r *reader) header() Header {
	if string(r.take(len(magic))) != magic {
		r.fail("bad magic")
		return Header{}
	}
	var h Header
	h.Version = uint16(r.u16())
	if r.err == nil && h.Version != Version {
		r.fail("unsupported version %d", h.Version)
	}
	nameLen := r.u16()
	if r.err == nil && nameLen > maxNameLen {
		r.fail("AIR name of %d bytes", nameLen)
	}
	h.AIR = string(r.take(nameLen))
	o := r.take(5)
	if o != nil {
		h.Options = Options{BlowupLog: int(o[0]), Queries: int(o[1]), GrindingBits: int(o[2]), FoldingLog: int(o[3]), LastLayerLog: int(o[4])}
		if err := h.Options.Validate(); err != nil {
			r.fail("%v", err)
		}
	}
	piLen := r.u32()
	if r.err == nil && piLen > maxPublicInput {
		r.fail("public input of %d bytes", piLen)
	}
	h.PublicInput = append([]byte{}, r.take(piLen)...)
	if r.err != nil {
		return Header{}
	}
	return h
}
