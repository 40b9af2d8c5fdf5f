#!/bin/sh
# compose-init.sh: the init service of docker-compose.yml. It writes a
# 4-validator testnet into $CAIRN_DATA with `cairn testnet` (listening on all
# interfaces), then points every validator's persistent_peers at the other
# containers' hostnames (node0 … node3) instead of the listen host. It does
# nothing when the testnet already exists, so `docker compose up` after a
# `docker compose down` (volume kept) resumes the same chain.
#
# Environment (defaults for the compose file):
#   CAIRN_BIN         cairn binary (cairn)
#   CAIRN_DATA        output directory, shared with the node services (/data)
#   CAIRN_VALIDATORS  number of validators (4)
#   CAIRN_BASE_PORT   node i uses base+10i p2p, +1 CometBFT RPC, +2 Starknet RPC, +3 metrics (26600)
#   CAIRN_CHAIN_ID    CometBFT chain id (cairn-compose)
#   CAIRN_TIMEOUT_COMMIT, CAIRN_EMPTY_BLOCKS_INTERVAL  consensus timings (1s, 5s)
#   CAIRN_PEER_HOST   printf format of validator i's hostname (node%d); the
#                     e2e test sets "localhost" to run the result on one host
set -eu

bin=${CAIRN_BIN:-cairn}
data=${CAIRN_DATA:-/data}
n=${CAIRN_VALIDATORS:-4}
base=${CAIRN_BASE_PORT:-26600}

if [ -f "$data/node0/config/genesis.json" ]; then
	echo "compose-init: testnet already in $data, keeping it"
	exit 0
fi

"$bin" testnet --validators "$n" --output "$data" --host 0.0.0.0 --base-port "$base" \
	--chain-id "${CAIRN_CHAIN_ID:-cairn-compose}" \
	--timeout-commit "${CAIRN_TIMEOUT_COMMIT:-1s}" \
	--empty-blocks-interval "${CAIRN_EMPTY_BLOCKS_INTERVAL:-5s}"

# Peer i listens on 0.0.0.0:base+10i; the others dial it as node<i>:base+10i.
i=0
while [ "$i" -lt "$n" ]; do
	port=$((base + 10 * i))
	# shellcheck disable=SC2059 # the format is the point
	host=$(printf "${CAIRN_PEER_HOST:-node%d}" "$i")
	j=0
	while [ "$j" -lt "$n" ]; do
		sed -i "/^persistent_peers = /s/@0\.0\.0\.0:$port\([,\"]\)/@$host:$port\1/" "$data/node$j/config/config.toml"
		j=$((j + 1))
	done
	i=$((i + 1))
done

echo "compose-init: wrote $n validators to $data"
grep -h '^persistent_peers = ' "$data"/node*/config/config.toml
