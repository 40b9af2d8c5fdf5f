package stark

import (
	"errors"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"

	"github.com/cairnchain/cairn/prover/stark/fri"
	"github.com/cairnchain/cairn/prover/stark/merkle"
)

// Version is the proof format version this package writes and reads.
const Version = 1

// ErrReject reports a proof that does not verify.
var ErrReject = errors.New("stark: proof rejected")

// Header identifies what a proof is about; it is readable on its own (see
// ReadHeader) so a CLI can pick the AIR before verifying.
type Header struct {
	Version     uint16
	AIR         string
	Options     Options
	PublicInput []byte
}

// Opening is a batch opening of one commitment at the distinct query
// positions (ascending): Rows[i] holds every committed column at the i-th
// position, Nodes the Merkle multiproof.
type Opening struct {
	Rows  [][]fp.Element
	Nodes []merkle.Digest
}

// Proof is a STARK proof.
type Proof struct {
	Header
	// TraceRoots commits the main trace and, for AIRs with interaction
	// columns, the aux trace.
	TraceRoots []merkle.Digest
	// CompRoot commits the composition polynomial parts.
	CompRoot merkle.Digest
	// OODCells holds each mask cell's column at z·g^offset (Layout.Mask order).
	OODCells []fp.Element
	// OODComp holds each composition part at z.
	OODComp []fp.Element
	// FRIRoots and FRILast are the FRI commitments and last-layer polynomial.
	FRIRoots []merkle.Digest
	FRILast  []fp.Element
	// Nonce is the proof-of-work nonce.
	Nonce uint64
	// TraceOpenings matches TraceRoots; CompOpening opens CompRoot.
	TraceOpenings []Opening
	CompOpening   Opening
	// FRI holds one opening per committed FRI layer.
	FRI []fri.LayerOpening
}
