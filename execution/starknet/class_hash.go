package starknet

import (
	"github.com/cairnchain/cairn/execution/crypto"
	"github.com/cairnchain/cairn/execution/felt"
)

var (
	compiledClassV1 = ShortString("COMPILED_CLASS_V1")
	cairnCasmClass  = ShortString("CAIRN_CASM_CLASS_V1")
)

// CompiledClassHash is Starknet's Poseidon compiled class hash (the one used
// before the Blake migration of Starknet 0.14.1):
// Poseidon("COMPILED_CLASS_V1", H(EXTERNAL), H(L1_HANDLER), H(CONSTRUCTOR),
// bytecode_hash), each entry point list hashed as Poseidon over
// [selector, offset, Poseidon(builtin names as short strings)]*, the bytecode
// as Poseidon(bytecode) or, with bytecode_segment_lengths, the segment tree
// hash (leaf: Poseidon(segment); node: 1 + Poseidon([len, hash]*)).
func (c *Class) CompiledClassHash() felt.Felt {
	var bytecodeHash felt.Felt
	if c.SegmentLengths == nil {
		bytecodeHash = crypto.PoseidonMany(c.Bytecode...)
	} else {
		code := c.Bytecode
		_, bytecodeHash = segmentHash(&code, c.SegmentLengths)
	}
	return crypto.PoseidonMany(compiledClassV1,
		hashEntryPoints(c.EntryPoints.External), hashEntryPoints(c.EntryPoints.L1Handler),
		hashEntryPoints(c.EntryPoints.Constructor), bytecodeHash)
}

// segmentHash consumes the node's bytecode from *code and returns its length
// and hash. The class was validated, so lengths fit; short input hashes what
// is left rather than failing.
func segmentHash(code *[]felt.Felt, s *SegmentLengths) (uint64, felt.Felt) {
	if s.Children == nil {
		n := min(s.Length, uint64(len(*code)))
		seg := (*code)[:n]
		*code = (*code)[n:]
		return s.Length, crypto.PoseidonMany(seg...)
	}
	flat := make([]felt.Felt, 0, 2*len(s.Children))
	var total uint64
	for i := range s.Children {
		n, h := segmentHash(code, &s.Children[i])
		total += n
		flat = append(flat, felt.FromUint64(n), h)
	}
	h := crypto.PoseidonMany(flat...)
	h.Add(&h, &felt.One)
	return total, h
}

func hashEntryPoints(eps []EntryPoint) felt.Felt {
	flat := make([]felt.Felt, 0, 3*len(eps))
	for _, ep := range eps {
		names := make([]felt.Felt, len(ep.Builtins))
		for i, b := range ep.Builtins {
			names[i] = ShortString(b)
		}
		flat = append(flat, ep.Selector, felt.FromUint64(ep.Offset), crypto.PoseidonMany(names...))
	}
	return crypto.PoseidonMany(flat...)
}

// Hash is Cairn's class hash of a CASM class. Starknet hashes the Sierra
// class, which Cairn does not have (no Sierra compiler runs here), so Cairn
// defines: Poseidon("CAIRN_CASM_CLASS_V1", compiled_class_hash,
// bytes_hash(hints JSON), bytes_hash(compiler_version)), bytes_hash(b) being
// Poseidon(len(b), b in 31-byte big-endian chunks...). The hints are
// included because they affect execution but not the compiled class hash.
func (c *Class) Hash() felt.ClassHash {
	return crypto.PoseidonMany(cairnCasmClass, c.CompiledClassHash(),
		bytesHash(c.Hints), bytesHash([]byte(c.CompilerVersion)))
}

func bytesHash(b []byte) felt.Felt {
	elems := make([]felt.Felt, 0, 1+(len(b)+30)/31)
	elems = append(elems, felt.FromUint64(uint64(len(b))))
	for len(b) > 0 {
		n := min(31, len(b))
		elems = append(elems, felt.FromBytes(b[:n]))
		b = b[n:]
	}
	return crypto.PoseidonMany(elems...)
}
