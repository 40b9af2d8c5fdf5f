package asm

// fieldKind is the type of a structured hint field, as in the Cairo
// compiler's cairo-lang-casm hint enums.
type fieldKind uint8

const (
	fCell fieldKind = iota // CellRef
	fRes                   // ResOperand
	fBig                   // BigIntAsHex
)

type hintField struct {
	name string
	kind fieldKind
}

// hintSpecs lists every hint of the Cairo compiler's CoreHint, DeprecatedHint,
// StarknetHint and ExternalHint enums with its fields in declaration order
// (serde writes them in this order). A nil slice is a unit variant.
var hintSpecs = map[string][]hintField{
	// CoreHint
	"AllocSegment":               {{"dst", fCell}},
	"TestLessThan":               {{"lhs", fRes}, {"rhs", fRes}, {"dst", fCell}},
	"TestLessThanOrEqual":        {{"lhs", fRes}, {"rhs", fRes}, {"dst", fCell}},
	"TestLessThanOrEqualAddress": {{"lhs", fRes}, {"rhs", fRes}, {"dst", fCell}},
	"WideMul128":                 {{"lhs", fRes}, {"rhs", fRes}, {"high", fCell}, {"low", fCell}},
	"DivMod":                     {{"lhs", fRes}, {"rhs", fRes}, {"quotient", fCell}, {"remainder", fCell}},
	"Uint256DivMod": {{"dividend0", fRes}, {"dividend1", fRes}, {"divisor0", fRes}, {"divisor1", fRes},
		{"quotient0", fCell}, {"quotient1", fCell}, {"remainder0", fCell}, {"remainder1", fCell}},
	"Uint512DivModByUint256": {{"dividend0", fRes}, {"dividend1", fRes}, {"dividend2", fRes}, {"dividend3", fRes},
		{"divisor0", fRes}, {"divisor1", fRes}, {"quotient0", fCell}, {"quotient1", fCell}, {"quotient2", fCell},
		{"quotient3", fCell}, {"remainder0", fCell}, {"remainder1", fCell}},
	"SquareRoot": {{"value", fRes}, {"dst", fCell}},
	"Uint256SquareRoot": {{"value_low", fRes}, {"value_high", fRes}, {"sqrt0", fCell}, {"sqrt1", fCell},
		{"remainder_low", fCell}, {"remainder_high", fCell}, {"sqrt_mul_2_minus_remainder_ge_u128", fCell}},
	"LinearSplit":                 {{"value", fRes}, {"scalar", fRes}, {"max_x", fRes}, {"x", fCell}, {"y", fCell}},
	"AllocFelt252Dict":            {{"segment_arena_ptr", fRes}},
	"Felt252DictEntryInit":        {{"dict_ptr", fRes}, {"key", fRes}},
	"Felt252DictEntryUpdate":      {{"dict_ptr", fRes}, {"value", fRes}},
	"GetSegmentArenaIndex":        {{"dict_end_ptr", fRes}, {"dict_index", fCell}},
	"InitSquashData":              {{"dict_accesses", fRes}, {"ptr_diff", fRes}, {"n_accesses", fRes}, {"big_keys", fCell}, {"first_key", fCell}},
	"GetCurrentAccessIndex":       {{"range_check_ptr", fRes}},
	"ShouldSkipSquashLoop":        {{"should_skip_loop", fCell}},
	"GetCurrentAccessDelta":       {{"index_delta_minus1", fCell}},
	"ShouldContinueSquashLoop":    {{"should_continue", fCell}},
	"GetNextDictKey":              {{"next_key", fCell}},
	"AssertLeFindSmallArcs":       {{"range_check_ptr", fRes}, {"a", fRes}, {"b", fRes}},
	"AssertLeIsFirstArcExcluded":  {{"skip_exclude_a_flag", fCell}},
	"AssertLeIsSecondArcExcluded": {{"skip_exclude_b_minus_a", fCell}},
	"RandomEcPoint":               {{"x", fCell}, {"y", fCell}},
	"FieldSqrt":                   {{"val", fRes}, {"sqrt", fCell}},
	"DebugPrint":                  {{"start", fRes}, {"end", fRes}},
	"AllocConstantSize":           {{"size", fRes}, {"dst", fCell}},
	"U256InvModN": {{"b0", fRes}, {"b1", fRes}, {"n0", fRes}, {"n1", fRes}, {"g0_or_no_inv", fCell},
		{"g1_option", fCell}, {"s_or_r0", fCell}, {"s_or_r1", fCell}, {"t_or_k0", fCell}, {"t_or_k1", fCell}},
	"EvalCircuit": {{"n_add_mods", fRes}, {"add_mod_builtin", fRes}, {"n_mul_mods", fRes}, {"mul_mod_builtin", fRes}},
	// DeprecatedHint
	"AssertCurrentAccessIndicesIsEmpty": nil,
	"AssertAllAccessesUsed":             {{"n_used_accesses", fCell}},
	"AssertAllKeysUsed":                 nil,
	"AssertLeAssertThirdArcExcluded":    nil,
	"AssertLtAssertValidInput":          {{"a", fRes}, {"b", fRes}},
	"Felt252DictRead":                   {{"dict_ptr", fRes}, {"key", fRes}, {"value_dst", fCell}},
	"Felt252DictWrite":                  {{"dict_ptr", fRes}, {"key", fRes}, {"value", fRes}},
	// StarknetHint
	"SystemCall": {{"system", fRes}},
	"Cheatcode": {{"selector", fBig}, {"input_start", fRes}, {"input_end", fRes},
		{"output_start", fCell}, {"output_end", fCell}},
	// ExternalHint
	"AddRelocationRule": {{"src", fRes}, {"dst", fRes}},
	"WriteRunParam":     {{"index", fRes}, {"dst", fCell}},
	"AddMarker":         {{"start", fRes}, {"end", fRes}},
	"AddTrace":          {{"flag", fRes}},
}
