package air

// Main-trace columns of the CPU component, one row per Cairo step.
const (
	colPC = iota
	colAP
	colFP
	colInst
	colOffDst // biased offsets off + 2^15
	colOffOp0
	colOffOp1
	colFlag0 // f_0 .. f_14
)

const (
	colDstAddr = colFlag0 + NumFlags + iota
	colDst
	colOp0Addr
	colOp0
	colOp1Addr
	colOp1
	colRes // res; for jnz steps dst^-1 (or 0)
	colT0  // f_jnz · dst
	colT1  // t0 · res
	colMul // op0 · op1
	// colExtraAddr/colExtraVal is the spare memory access: a public-memory
	// dummy (0, 0), a memory hole, or a copy of the row's instruction fetch.
	colExtraAddr
	colExtraVal
	// colRCPad is the spare range-checked value that fills range-check holes.
	colRCPad
	// colMemSorted is the first of 2·memPairsCPU columns holding the sorted
	// memory accesses (address, value) of the row, flattened row-major.
	colMemSorted
)

// memPairsCPU is the number of memory accesses per row: instruction, dst,
// op0, op1 and the spare access.
const memPairsCPU = 5

// rcValuesCPU is the number of range-checked values per row: three offsets
// and the spare value.
const rcValuesCPU = 4

const (
	colRCSorted = colMemSorted + 2*memPairsCPU
	numColsCPU  = colRCSorted + rcValuesCPU
)

// columns describes a layout's trace: which main columns hold memory accesses
// and range-checked values, and where their sorted copies and the
// interaction (running product) columns live.
type columns struct {
	width     int      // main trace width
	memPairs  [][2]int // unsorted (address, value) accesses per row
	memSorted [][2]int // sorted accesses per row
	rcValues  []int    // unsorted range-checked values per row
	rcSorted  []int    // sorted range-checked values per row

	// Interaction columns (indices into the interaction trace).
	memCarry int   // product of all pairs of earlier rows (1 on row 0)
	memProd  []int // running product after each pair of the row
	rcCarry  int
	rcProd   []int
	iwidth   int // interaction trace width
}

func cpuColumns() columns {
	c := columns{width: numColsCPU}
	c.memPairs = [][2]int{
		{colPC, colInst}, {colDstAddr, colDst}, {colOp0Addr, colOp0}, {colOp1Addr, colOp1}, {colExtraAddr, colExtraVal},
	}
	for j := range memPairsCPU {
		c.memSorted = append(c.memSorted, [2]int{colMemSorted + 2*j, colMemSorted + 2*j + 1})
	}
	c.rcValues = []int{colOffDst, colOffOp0, colOffOp1, colRCPad}
	for j := range rcValuesCPU {
		c.rcSorted = append(c.rcSorted, colRCSorted+j)
	}
	c.finishInteraction()
	return c
}

// finishInteraction assigns the interaction columns once the main columns
// are known.
func (c *columns) finishInteraction() {
	c.memCarry = 0
	c.memProd = make([]int, len(c.memPairs))
	for j := range c.memProd {
		c.memProd[j] = 1 + j
	}
	c.rcCarry = 1 + len(c.memPairs)
	c.rcProd = make([]int, len(c.rcValues))
	for j := range c.rcProd {
		c.rcProd[j] = c.rcCarry + 1 + j
	}
	c.iwidth = c.rcCarry + 1 + len(c.rcValues)
}
