#!/usr/bin/env bash
# Send load to the running local network: cairn client against every
# validator. Extra arguments go to `cairn client` (see cairn client -h).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec "$CAIRN_BIN" client --accounts "$LOCALNET_DIR/accounts.json" --rpc "$(all_rpc_urls)" \
  --duration "${CLIENT_DURATION:-30s}" --rate "${CLIENT_RATE:-10}" --mix "${CLIENT_MIX:-transfer:2,fib:1,factorial:1,deploy:1}" "$@"
