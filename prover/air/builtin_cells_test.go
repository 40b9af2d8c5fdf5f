package air

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/stark-curve/fp"
)

// failsNear reports whether a row constraint fails at row i or i−1, or a
// transition constraint between rows i−1, i and i+1 (the row before i
// cyclically: row n−1 for row 0, whose row constraints read row 0; no
// transition from row n−1). Memory and range-check products are not
// evaluated.
func failsNear(a *AIR, cols [][]fp.Element, i int) bool {
	return a.checkRows(cols, nil, nil, nearRows(a.N, i)) != nil
}

// expectCellsConstrained changes, one at a time, every cell of the columns
// [first, first+width) on every row of the first instance and of the last
// (whose last row is the trace's, read cyclically with row 0) and expects a
// constraint to fail near it, except where free(col, row in instance)
// allows it.
func expectCellsConstrained(t *testing.T, tr *Trace, first, width, rows int, free func(c, j int) bool) {
	t.Helper()
	a, err := tr.AIR()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, tr.N/rows - 1} {
		for c := first; c < first+width; c++ {
			for j := range rows {
				i := k*rows + j
				old := tr.Cols[c][i]
				tr.Cols[c][i].Add(&old, &feOne)
				if !failsNear(a, tr.Cols, i) && !free(c, j) {
					t.Errorf("column %d (component column %d), instance %d row %d: changed cell satisfies every constraint", c, c-first, k, j)
				}
				tr.Cols[c][i] = old
			}
		}
	}
}

// TestBuiltinCellsConstrained: no cell of the pedersen, ec_op and ecdsa
// components is free at any row of an instance, the instance wrapping to row
// 0 included, except ec_op's memory values on the rows that re-read m
// (5..259) and R.y (262..R−1): their address is that of rows 4 and 261,
// whose values are bound, so the memory argument (one value per address)
// binds them.
func TestBuiltinCellsConstrained(t *testing.T) {
	none := func(int, int) bool { return false }
	t.Run("pedersen", func(t *testing.T) {
		tr := pedersenTrace(t, pedersenInputs(), true, 0)
		a, err := tr.AIR()
		if err != nil {
			t.Fatal(err)
		}
		b := pedersenComponent(t, a)
		expectCellsConstrained(t, tr, b.colS, b.colVal-b.colS+1, pedersenRows, none)
	})
	t.Run("ec_op", func(t *testing.T) {
		tr := ecopTrace(t, 4096, ecopTestInputs(t), true)
		a, err := tr.AIR()
		if err != nil {
			t.Fatal(err)
		}
		b := ecopComponent(t, a)
		for _, j := range []int{ecopLadderRow + 1, ecopResultRow - 1, ecopResultRow + 2, b.rows - 1} {
			bound := ecopLadderRow
			if j > ecopResultRow {
				bound = ecopResultRow + 1
			}
			if got, want := tr.Cols[b.colAddr][j], tr.Cols[b.colAddr][bound]; !got.Equal(&want) {
				t.Errorf("row %d reads address %s, row %d %s", j, got.String(), bound, want.String())
			}
		}
		expectCellsConstrained(t, tr, b.colAX, b.colVal-b.colAX+1, b.rows, func(c, j int) bool {
			return c == b.colVal && ((j > ecopLadderRow && j < ecopResultRow) || j > ecopResultRow+1)
		})
	})
	t.Run("ecdsa", func(t *testing.T) {
		tr := ecdsaTrace(t, "small", ecdsaTestSigs(t))
		a, err := tr.AIR()
		if err != nil {
			t.Fatal(err)
		}
		b := ecdsaComp(t, a)
		expectCellsConstrained(t, tr, b.q.bit, b.colVal-b.q.bit+1, b.rows, none)
	})
}
