package wire

import "github.com/cairnchain/cairn/execution/felt"

// Simulation flags (SIMULATION_FLAG) and the trace flag.
const (
	SkipValidate       = "SKIP_VALIDATE"
	SkipFeeCharge      = "SKIP_FEE_CHARGE"
	ReturnInitialReads = "RETURN_INITIAL_READS"
)

// FeeEstimate is FEE_ESTIMATE (unit FRI) and MESSAGE_FEE_ESTIMATE (unit WEI).
// Prices and the overall fee are u128, carried as felts.
type FeeEstimate struct {
	L1GasConsumed     U64       `json:"l1_gas_consumed"`
	L1GasPrice        felt.Felt `json:"l1_gas_price"`
	L2GasConsumed     U64       `json:"l2_gas_consumed"`
	L2GasPrice        felt.Felt `json:"l2_gas_price"`
	L1DataGasConsumed U64       `json:"l1_data_gas_consumed"`
	L1DataGasPrice    felt.Felt `json:"l1_data_gas_price"`
	OverallFee        felt.Felt `json:"overall_fee"`
	Unit              string    `json:"unit"`
}
