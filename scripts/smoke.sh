#!/usr/bin/env bash
# CI smoke test: start a fresh local network, require committed blocks and
# committed transactions from the client run, then stop and clean up.
set -euo pipefail
export LOCALNET_DIR="${LOCALNET_DIR:-$(mktemp -d)/localnet}"
export BASE_PORT="${BASE_PORT:-27600}"
export TIMEOUT_COMMIT="${TIMEOUT_COMMIT:-300ms}"
export CLIENT_DURATION="${CLIENT_DURATION:-15s}"
export CLIENT_ARGS="${CLIENT_ARGS:---require-committed}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap '"$ROOT/scripts/clean.sh" >/dev/null' EXIT
"$ROOT/scripts/run-local.sh"
first=$(block_number "$(starknet_rpc_url 0)")
sleep 3
last=$(block_number "$(starknet_rpc_url 0)")
if [ "$last" -le "$first" ]; then
  echo "smoke: chain stalled at block $last" >&2
  exit 1
fi
echo "smoke: ok (blocks $first -> $last)"
