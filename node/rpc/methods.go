package rpc

// methodTable is the explicit list of methods with the spec's parameter
// names in spec order (WebSocket-only methods are in ws.go).
func methodTable() map[string]*method {
	m := func(h handlerFunc, ps ...param) *method { return &method{params: ps, handler: h} }
	return map[string]*method{
		// Read API (starknet_api_openrpc.json).
		"starknet_specVersion":                     m(specVersion),
		"starknet_getBlockWithTxHashes":            m(getBlockWithTxHashes, req("block_id")),
		"starknet_getBlockWithTxs":                 m(getBlockWithTxs, req("block_id"), opt("response_flags")),
		"starknet_getBlockWithReceipts":            m(getBlockWithReceipts, req("block_id"), opt("response_flags")),
		"starknet_getStateUpdate":                  m(getStateUpdate, req("block_id"), opt("contract_addresses")),
		"starknet_getStorageAt":                    m(getStorageAt, req("contract_address"), req("key"), req("block_id"), opt("response_flags")),
		"starknet_getTransactionStatus":            m(getTransactionStatus, req("transaction_hash")),
		"starknet_getMessagesStatus":               m(getMessagesStatus, req("transaction_hash")),
		"starknet_getTransactionByHash":            m(getTransactionByHash, req("transaction_hash"), opt("response_flags")),
		"starknet_getTransactionByBlockIdAndIndex": m(getTransactionByBlockIDAndIndex, req("block_id"), req("index"), opt("response_flags")),
		"starknet_getTransactionReceipt":           m(getTransactionReceipt, req("transaction_hash")),
		"starknet_getClass":                        m(getClass, req("block_id"), req("class_hash")),
		"starknet_getClassHashAt":                  m(getClassHashAt, req("block_id"), req("contract_address")),
		"starknet_getClassAt":                      m(getClassAt, req("block_id"), req("contract_address")),
		"starknet_getBlockTransactionCount":        m(getBlockTransactionCount, req("block_id")),
		"starknet_call":                            m(call, req("request"), req("block_id")),
		"starknet_estimateFee":                     m(estimateFee, req("request"), req("simulation_flags"), req("block_id")),
		"starknet_estimateMessageFee":              m(estimateMessageFee, req("message"), req("block_id")),
		"starknet_blockNumber":                     m(blockNumber),
		"starknet_blockHashAndNumber":              m(blockHashAndNumber),
		"starknet_chainId":                         m(chainID),
		"starknet_syncing":                         m(syncing),
		"starknet_getEvents":                       m(getEvents, req("filter")),
		"starknet_getNonce":                        m(getNonce, req("block_id"), req("contract_address")),
		"starknet_getStorageProof":                 m(getStorageProof, req("block_id"), opt("class_hashes"), opt("contract_addresses"), opt("contracts_storage_keys")),
		// Executables (starknet_executables.json).
		"starknet_getCompiledCasm": m(getCompiledCasm, req("class_hash")),
		// Write API (starknet_write_api.json).
		"starknet_addInvokeTransaction":        m(addInvokeTransaction, req("invoke_transaction")),
		"starknet_addDeclareTransaction":       m(addDeclareTransaction, req("declare_transaction")),
		"starknet_addDeployAccountTransaction": m(addDeployAccountTransaction, req("deploy_account_transaction")),
		// Trace API (starknet_trace_api_openrpc.json).
		"starknet_traceTransaction":       m(traceTransaction, req("transaction_hash")),
		"starknet_simulateTransactions":   m(simulateTransactions, req("block_id"), req("transactions"), req("simulation_flags")),
		"starknet_traceBlockTransactions": m(traceBlockTransactions, req("block_id"), opt("trace_flags")),
	}
}
