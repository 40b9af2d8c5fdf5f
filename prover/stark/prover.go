package stark

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
	"github.com/rs/zerolog"

	"github.com/cairnchain/cairn/prover/stark/fft"
	"github.com/cairnchain/cairn/prover/stark/fri"
	"github.com/cairnchain/cairn/prover/stark/merkle"
	"github.com/cairnchain/cairn/prover/stark/parallel"
	"github.com/cairnchain/cairn/prover/stark/transcript"
)

// ErrTrace reports a trace that does not fit the AIR or violates its constraints.
var ErrTrace = errors.New("stark: bad trace")

// transcriptLabel separates this protocol's transcripts from any other.
const transcriptLabel = "cairn/stark/v1"

// ProverConfig configures a Prover.
type ProverConfig struct {
	Options Options
	// Logger receives per-phase timings at debug level.
	Logger zerolog.Logger
}

// DefaultProverConfig uses DefaultOptions and a disabled logger.
func DefaultProverConfig() ProverConfig {
	return ProverConfig{Options: DefaultOptions(), Logger: zerolog.Nop()}
}

// Validate checks the configuration.
func (c ProverConfig) Validate() error { return c.Options.Validate() }

// Prover produces proofs. It caches NTT twiddle tables across calls and is
// safe for concurrent use.
type Prover struct {
	cfg   ProverConfig
	mu    sync.Mutex
	tw    *fft.Twiddles
	coset *fft.Coset // LDE plan of the last trace shape
}

// NewProver validates cfg and returns a prover.
func NewProver(cfg ProverConfig) (*Prover, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Prover{cfg: cfg}, nil
}

func (p *Prover) twiddles(log int) (*fft.Twiddles, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tw == nil || p.tw.MaxLog() < log {
		tw, err := fft.NewTwiddles(log)
		if err != nil {
			return nil, err
		}
		p.tw = tw
	}
	return p.tw, nil
}

// ldePlan returns the (cached) plan extending n-coefficient polynomials to
// the LDE coset of setup s.
func (p *Prover) ldePlan(tw *fft.Twiddles, s *setup) (*fft.Coset, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	N := 1 << s.ldeLog
	if c := p.coset; c != nil && c.Blocks() == N/s.n && c.Size() == s.n {
		return c, nil
	}
	c, err := tw.NewCoset(s.n, N, s.shift)
	if err != nil {
		return nil, err
	}
	p.coset = c
	return c, nil
}

// committed is a trace (or composition) extended to the LDE coset and committed.
type committed struct {
	coefs [][]fp.Element // per column, natural order, length n
	lde   [][]fp.Element // per column, bit-reversed, length N
	tree  *merkle.Tree
}

// Prove proves that main (with the AIR's aux columns, if any) satisfies air.
func (p *Prover) Prove(ctx context.Context, air AIR, main *Trace) (*Proof, error) {
	log := p.cfg.Logger
	start := time.Now()
	phase := start
	mark := func(name string) {
		log.Debug().Str("phase", name).Dur("took", time.Since(phase)).Msg("stark prove")
		phase = time.Now()
	}
	s, err := newSetup(air.Layout(), p.cfg.Options)
	if err != nil {
		return nil, err
	}
	l := s.layout
	if len(air.Name()) > maxNameLen || len(air.PublicInput()) > maxPublicInput {
		return nil, fmt.Errorf("%w: AIR name of %d bytes or public input of %d bytes too long", ErrLayout, len(air.Name()), len(air.PublicInput()))
	}
	if err := checkTrace(main, l.MainWidth, s.n); err != nil {
		return nil, fmt.Errorf("main trace: %w", err)
	}
	tw, err := p.twiddles(s.ldeLog)
	if err != nil {
		return nil, err
	}
	plan, err := p.ldePlan(tw, s)
	if err != nil {
		return nil, err
	}
	proof := &Proof{Header: Header{Version: Version, AIR: air.Name(), Options: s.opts, PublicInput: slices.Clone(air.PublicInput())}}
	tr := transcript.New(transcriptLabel)
	tr.Absorb(proof.MarshalHeader())

	// 1. Main trace, then interaction columns.
	mainC, err := commitColumns(plan, main.Columns, true)
	if err != nil {
		return nil, fmt.Errorf("commit main trace: %w", err)
	}
	traces := []*committed{mainC}
	mainRoot := mainC.tree.Root()
	tr.Absorb(mainRoot[:])
	mark("main trace LDE+commit")
	var challenges []fp.Element
	if l.AuxWidth > 0 {
		challenges = tr.Elements(l.NumChallenges)
		b, ok := air.(AuxBuilder)
		if !ok {
			return nil, fmt.Errorf("%w: AIR %s has aux columns but no BuildAux", ErrLayout, air.Name())
		}
		aux, err := b.BuildAux(main, challenges)
		if err != nil {
			return nil, fmt.Errorf("build aux trace: %w", err)
		}
		if err := checkTrace(aux, l.AuxWidth, s.n); err != nil {
			return nil, fmt.Errorf("aux trace: %w", err)
		}
		auxC, err := commitColumns(plan, aux.Columns, true)
		if err != nil {
			return nil, fmt.Errorf("commit aux trace: %w", err)
		}
		traces = append(traces, auxC)
		auxRoot := auxC.tree.Root()
		tr.Absorb(auxRoot[:])
		mark("aux trace LDE+commit")
	}
	for _, t := range traces {
		proof.TraceRoots = append(proof.TraceRoots, t.tree.Root())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 2. Composition polynomial.
	alphas := tr.Elements(len(l.Constraints))
	cols := allColumns(traces)
	compCoefs, err := composition(tw, s, air, cols, challenges, alphas)
	if err != nil {
		return nil, err
	}
	comp, err := commitColumns(plan, compCoefs, false)
	if err != nil {
		return nil, fmt.Errorf("commit composition: %w", err)
	}
	proof.CompRoot = comp.tree.Root()
	tr.Absorb(proof.CompRoot[:])
	mark("composition")
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 3. Out-of-domain sampling.
	z := s.drawOOD(tr.Element)
	coefCols := make([][]fp.Element, 0, l.Width())
	for _, t := range traces {
		coefCols = append(coefCols, t.coefs...)
	}
	proof.OODCells, proof.OODComp = s.oodValues(z, coefCols, comp.coefs)
	want := s.constraintsAt(air, z, proof.OODCells, challenges, alphas)
	if got := s.compositionAt(z, proof.OODComp); !got.Equal(&want) {
		return nil, fmt.Errorf("%w: constraints do not hold", ErrTrace)
	}
	tr.AbsorbElements(proof.OODCells...)
	tr.AbsorbElements(proof.OODComp...)
	mark("out-of-domain")

	// 4. DEEP composition and FRI.
	gammas := tr.Elements(len(l.Mask) + s.parts)
	groups := s.deepGroups(z, proof.OODCells, proof.OODComp, gammas)
	deepCoefs, err := deepPolynomial(groups, append(coefCols, comp.coefs...), s.n)
	if err != nil {
		return nil, err
	}
	_, deepLDE, err := plan.Columns([][]fp.Element{deepCoefs}, false)
	if err != nil {
		return nil, fmt.Errorf("extend DEEP polynomial: %w", err)
	}
	deep := deepLDE[0]
	mark("DEEP")
	friProver, err := fri.Commit(tr, tw, deep, s.shift, s.logN, s.friParams())
	if err != nil {
		return nil, fmt.Errorf("fri commit: %w", err)
	}
	proof.FRIRoots = friProver.Roots()
	proof.FRILast = friProver.LastLayer()
	mark("FRI commit")

	// 5. Proof of work and queries.
	proof.Nonce = tr.Grind(s.opts.GrindingBits)
	positions := tr.Indices(s.opts.Queries, uint64(1)<<s.ldeLog)
	distinct := distinctSorted(positions)
	for _, t := range traces {
		o, err := openRows(t, distinct)
		if err != nil {
			return nil, err
		}
		proof.TraceOpenings = append(proof.TraceOpenings, o)
	}
	if proof.CompOpening, err = openRows(comp, distinct); err != nil {
		return nil, err
	}
	if proof.FRI, err = friProver.Open(positions); err != nil {
		return nil, err
	}
	mark("grind+queries")
	log.Debug().Dur("took", time.Since(start)).Str("air", air.Name()).Int("rows", s.n).Msg("stark proof done")
	return proof, nil
}

func checkTrace(t *Trace, width, rows int) error {
	if t == nil || t.Width() != width {
		w := 0
		if t != nil {
			w = t.Width()
		}
		return fmt.Errorf("%w: %d columns, want %d", ErrTrace, w, width)
	}
	for i, c := range t.Columns {
		if len(c) != rows {
			return fmt.Errorf("%w: column %d has %d rows, want %d", ErrTrace, i, len(c), rows)
		}
	}
	return nil
}

func allColumns(ts []*committed) [][]fp.Element {
	var out [][]fp.Element
	for _, t := range ts {
		out = append(out, t.lde...)
	}
	return out
}

// commitColumns extends the columns to the LDE coset and commits the rows.
// If evals is true the columns hold trace values (natural order) and are
// interpolated first; otherwise they already are coefficients.
func commitColumns(plan *fft.Coset, columns [][]fp.Element, evals bool) (*committed, error) {
	coefs, ldes, err := plan.Columns(columns, evals)
	if err != nil {
		return nil, err
	}
	c := &committed{coefs: coefs, lde: ldes}
	N := len(ldes[0])
	leaves := make([]merkle.Digest, N)
	parallel.Run(N, 1<<10, func(lo, hi int) {
		merkle.HashRows(c.lde, lo, hi, leaves[lo:hi])
	})
	tree, err := merkle.New(leaves)
	if err != nil {
		return nil, err
	}
	c.tree = tree
	return c, nil
}

func distinctSorted(positions []uint64) []int {
	out := make([]int, 0, len(positions))
	for _, p := range positions {
		out = append(out, int(p))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func openRows(c *committed, positions []int) (Opening, error) {
	nodes, err := c.tree.Prove(positions)
	if err != nil {
		return Opening{}, fmt.Errorf("open rows: %w", err)
	}
	rows := make([][]fp.Element, len(positions))
	for i, p := range positions {
		rows[i] = make([]fp.Element, len(c.lde))
		for j := range c.lde {
			rows[i][j] = c.lde[j][p]
		}
	}
	return Opening{Rows: rows, Nodes: nodes}, nil
}
