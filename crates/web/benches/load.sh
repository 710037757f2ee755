#!/usr/bin/env bash
# Load benchmark for the web UI: seeds a SQLite db with 1,000 opportunities
# (dev01's prep file imported 1,000 times under different company names),
# serves it on a loopback port (release build), and runs wrk against the
# home page, an opportunity page and its ledger page.
#
#   crates/web/benches/load.sh [COUNT] [PORT]
#
# Needs wrk (apt-get install -y wrk). Prints requests/s and p99 per page.
set -euo pipefail
COUNT=${1:-1000}
PORT=${2:-18432}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PREP=${PREP:-/work/shared/data/cases/dev01.yaml}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target-web}
WORK=$(mktemp -d)
cargo build --release -q -p round2-web --bin round2-web-load --manifest-path "$ROOT/Cargo.toml"
"$CARGO_TARGET_DIR/release/round2-web-load" "$WORK/round2.db" "$PREP" "$COUNT" "$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null -H "Host: 127.0.0.1:$PORT" "http://127.0.0.1:$PORT/" && break
  sleep 0.5
done
BASE="http://127.0.0.1:$PORT"
SLUG=$(curl -s "$BASE/" | grep -o 'href="/o/[^"]*"' | sed -n 1p | sed 's/href="\/o\///; s/"//' || true)
for path in "/" "/o/$SLUG" "/o/$SLUG/ledger"; do
  echo "== GET $path"
  curl -s -o /dev/null -w "   one request: %{time_total}s, %{size_download} bytes\n" "$BASE$path"
  wrk -t2 -c200 -d10s --latency "$BASE$path" | grep -E "Requests/sec|99%|Non-2xx|Socket errors|requests in"
done
