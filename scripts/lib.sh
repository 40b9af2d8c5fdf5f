# Shared settings of Cairn's local-network scripts (sourced, not run).
# Override any of them in the environment.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CAIRN_BIN="${CAIRN_BIN:-$ROOT/bin/cairn}"
LOCALNET_DIR="${LOCALNET_DIR:-$ROOT/localnet}"
VALIDATORS="${VALIDATORS:-4}"
GENESIS="${GENESIS:-}" # empty: the built-in devnet genesis
BASE_PORT="${BASE_PORT:-26600}"
TIMEOUT_COMMIT="${TIMEOUT_COMMIT:-1s}"
EMPTY_BLOCKS_INTERVAL="${EMPTY_BLOCKS_INTERVAL:-5s}"
PID_DIR="$LOCALNET_DIR/pids"
LOG_DIR="$LOCALNET_DIR/logs"

# starknet_rpc_url i: the Starknet RPC URL of validator i.
starknet_rpc_url() { echo "http://127.0.0.1:$((BASE_PORT + 10 * $1 + 2))"; }

# all_rpc_urls: comma-separated Starknet RPC URLs of every validator.
all_rpc_urls() {
  local urls="" i
  for ((i = 0; i < VALIDATORS; i++)); do urls="$urls${urls:+,}$(starknet_rpc_url "$i")"; done
  echo "$urls"
}

# alive PIDFILE: whether the recorded process is running.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# block_number URL: the latest block number, or -1.
block_number() {
  local out
  out=$(curl -s -m 2 -X POST -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"starknet_blockNumber"}' "$1" 2>/dev/null || true)
  case "$out" in
    *'"result":'*) echo "$out" | sed -E 's/.*"result":([0-9]+).*/\1/' ;;
    *) echo -1 ;;
  esac
}
