#!/usr/bin/env bash
# Stop the local network and delete its data (./localnet).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/stop.sh"
rm -rf "$LOCALNET_DIR"
echo "removed $LOCALNET_DIR"
