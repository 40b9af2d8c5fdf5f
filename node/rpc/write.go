package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/cairnchain/cairn/node/rpc/wire"
)

// submitArg decodes and checks a broadcasted transaction of type typ.
func submitArg(a args, name, typ string) (*wire.Txn, error) {
	var tx wire.Txn
	if err := decode(a, 0, name, &tx); err != nil {
		return nil, err
	}
	if tx.Type == typ && !tx.IsV3() {
		return nil, ErrUnsupportedTxVersion.WithData(fmt.Sprintf("version %s: Cairn accepts only v3 transactions", tx.Version))
	}
	if err := tx.ValidateBroadcast(typ); err != nil {
		return nil, ErrInvalidParams.WithData(err.Error())
	}
	if tx.IsQuery() {
		return nil, ErrUnsupportedTxVersion.WithData("query versions are for simulation and fee estimation only")
	}
	return &tx, nil
}

func (s *Server) submit(ctx context.Context, tx *wire.Txn) (SubmitResult, error) {
	res, err := s.backend.Submit(ctx, tx)
	if err != nil {
		return SubmitResult{}, fmt.Errorf("submit %s: %w", tx.Type, notFound(err, ErrClassHashNotFound))
	}
	return res, nil
}

func addInvokeTransaction(ctx context.Context, s *Server, a args) (any, error) {
	tx, err := submitArg(a, "invoke_transaction", wire.TxInvoke)
	if err != nil {
		return nil, err
	}
	res, err := s.submit(ctx, tx)
	if err != nil {
		return nil, err
	}
	return wire.AddInvokeResult{TransactionHash: res.TransactionHash}, nil
}

func addDeployAccountTransaction(ctx context.Context, s *Server, a args) (any, error) {
	tx, err := submitArg(a, "deploy_account_transaction", wire.TxDeployAccount)
	if err != nil {
		return nil, err
	}
	res, err := s.submit(ctx, tx)
	if err != nil {
		return nil, err
	}
	return wire.AddDeployAccountResult{TransactionHash: res.TransactionHash, ContractAddress: res.ContractAddress}, nil
}

// isSierraOnly reports whether a declared class is a Sierra CONTRACT_CLASS
// without the CASM Cairn executes (no "bytecode" field).
func isSierraOnly(class json.RawMessage) bool {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(class, &probe); err != nil {
		return false
	}
	_, hasBytecode := probe["bytecode"]
	return !hasBytecode
}

func addDeclareTransaction(ctx context.Context, s *Server, a args) (any, error) {
	tx, err := submitArg(a, "declare_transaction", wire.TxDeclare)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(bytes.TrimSpace(tx.ContractClass), []byte("{")) {
		return nil, ErrInvalidParams.WithData("contract_class must be an object")
	}
	if isSierraOnly(tx.ContractClass) {
		return nil, ErrCompilationFailed.WithData("Cairn runs no Sierra compiler: contract_class must be the CASM class " +
			"(the compiled_contract_class.json with bytecode, hints and entry_points_by_type)")
	}
	res, err := s.submit(ctx, tx)
	if err != nil {
		return nil, err
	}
	return wire.AddDeclareResult{TransactionHash: res.TransactionHash, ClassHash: res.ClassHash}, nil
}
