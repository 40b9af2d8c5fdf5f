#!/usr/bin/env bash
# Start a local Cairn network: build, generate a testnet under ./localnet
# (first run only), start every validator in the background (logs in
# localnet/logs, pids in localnet/pids), wait for committed blocks, print
# the endpoints and prefunded accounts, then run `cairn client` briefly.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ ! -x "$CAIRN_BIN" ]; then
  echo "building $CAIRN_BIN"
  CGO_ENABLED=0 go build -o "$CAIRN_BIN" ./cmd/cairn
fi

if [ ! -d "$LOCALNET_DIR/node0" ]; then
  if [ -n "$GENESIS" ] && [ ! -f "$GENESIS" ]; then
    echo "Starknet genesis $GENESIS not found" >&2
    exit 1
  fi
  "$CAIRN_BIN" testnet --validators "$VALIDATORS" --output "$LOCALNET_DIR" --genesis "$GENESIS" \
    --base-port "$BASE_PORT" --timeout-commit "$TIMEOUT_COMMIT" --empty-blocks-interval "$EMPTY_BLOCKS_INTERVAL"
fi
mkdir -p "$PID_DIR" "$LOG_DIR"

for ((i = 0; i < VALIDATORS; i++)); do
  pidfile="$PID_DIR/node$i.pid"
  if alive "$pidfile"; then
    echo "node$i already running (pid $(cat "$pidfile"))"
    continue
  fi
  nohup "$CAIRN_BIN" node --home "$LOCALNET_DIR/node$i" >>"$LOG_DIR/node$i.log" 2>&1 &
  echo $! >"$pidfile"
  echo "started node$i (pid $!, log $LOG_DIR/node$i.log)"
done

# Services of other areas, started when the binary has them.
start_service() { # name args...
  local name=$1; shift
  "$CAIRN_BIN" help 2>&1 | grep -qE "^  $name " || return 0
  alive "$PID_DIR/$name.pid" && return 0
  nohup "$CAIRN_BIN" "$name" "$@" >>"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
  echo "started $name (pid $!, log $LOG_DIR/$name.log)"
}
# shellcheck disable=SC2086 # the *_ARGS are word lists
start_service prover ${PROVER_ARGS:---rpc $(starknet_rpc_url 0)}
# shellcheck disable=SC2086
start_service explorer ${EXPLORER_ARGS:---rpc $(starknet_rpc_url 0)}

echo -n "waiting for committed blocks"
deadline=$((SECONDS + ${WAIT_SECONDS:-90}))
while :; do
  n=$(block_number "$(starknet_rpc_url 0)")
  if [ "$n" -ge 1 ]; then echo " ok (block $n)"; break; fi
  if [ $SECONDS -ge $deadline ]; then
    echo " timed out; see $LOG_DIR" >&2
    exit 1
  fi
  echo -n "."
  sleep 1
done

echo
echo "Starknet RPC endpoints:"
for ((i = 0; i < VALIDATORS; i++)); do
  echo "  node$i  $(starknet_rpc_url "$i")   cometbft http://127.0.0.1:$((BASE_PORT + 10 * i + 1))   metrics http://127.0.0.1:$((BASE_PORT + 10 * i + 3))/metrics"
done
echo
"$CAIRN_BIN" client --accounts "$LOCALNET_DIR/accounts.json" --list
echo
if [ "${CLIENT_DURATION:-10s}" != "0" ]; then
  "$CAIRN_BIN" client --accounts "$LOCALNET_DIR/accounts.json" --rpc "$(all_rpc_urls)" \
    --duration "${CLIENT_DURATION:-10s}" --rate "${CLIENT_RATE:-5}" --mix "${CLIENT_MIX:-transfer:2,fib:1,factorial:1,deploy:1}" ${CLIENT_ARGS:-}
fi
echo
echo "network running; stop with 'make stop', wipe with 'make clean'"
