#!/usr/bin/env bash
# Load benchmark for the web UI: seeds a SQLite db with COUNT opportunities
# (dev01's prep file imported COUNT times under different company names),
# serves it on a loopback port (release build), and runs wrk against:
#   - the stylesheet, a static embedded asset: the baseline, the cheapest
#     answer this server gives through the same middleware;
#   - the home page, one opportunity page and its ledger page;
#   - "mixed": every request a different opportunity page, cycling through
#     all COUNT of them (so most requests in the first pass render afresh);
#   - open loop (round2-web-rate): the mixed pages at fixed rates over the
#     same 200 connections, latency measured from when each request was due.
#     wrk saturates the machine, so its latency is mostly queueing; this
#     shows the latency at a given load instead.
#
#   crates/web/benches/load.sh [COUNT] [PORT] [SECONDS]
#
# Each is run twice: as wrk asks (no Accept-Encoding) and as a browser asks
# (Accept-Encoding: gzip, deflate, br, zstd, as Chromium sends it).
#
# Needs wrk (apt-get install -y wrk). Prints requests/s, median and p99.
set -euo pipefail
COUNT=${1:-1000}
PORT=${2:-18432}
SECS=${3:-10}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PREP=${PREP:-$ROOT/../shared/data/cases/dev01.yaml}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target-web}
WORK=$(mktemp -d)
cargo build --release -q -p round2-web --bin round2-web-load --bin round2-web-rate --manifest-path "$ROOT/Cargo.toml"
"$CARGO_TARGET_DIR/release/round2-web-load" "$WORK/round2.db" "$PREP" "$COUNT" "$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$BASE/assets/style.css" && break
  sleep 0.5
done
# Every opportunity's address, from the home page's pages.
PAGES=$(( (COUNT + 49) / 50 ))
for p in $(seq 1 "$PAGES"); do
  curl -s "$BASE/?page=$p" | grep -o 'href="/o/[^"/#?]*"' | sed 's/href="//; s/"//'
done | sort -u > "$WORK/paths"
echo "opportunity pages found: $(wc -l < "$WORK/paths")"
SLUG=$(head -1 "$WORK/paths")
cat > "$WORK/mixed.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/paths") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
run() {
  local label=$1; shift
  echo "== $label"
  wrk -t2 -c200 -d"${SECS}s" --latency "$@" \
    | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors|requests in" | sed 's/^ */   /'
}
BROWSER=(-H "Accept-Encoding: gzip, deflate, br, zstd")
for path in "/assets/style.css" "/" "$SLUG" "$SLUG/ledger"; do
  curl -s -o /dev/null -w "== GET $path  first request: %{time_total}s, %{size_download} bytes\n" "$BASE$path"
  run "GET $path" "$BASE$path"
  curl -s -o /dev/null "${BROWSER[@]}" -w "   (as a browser: %{size_download} bytes)\n" "$BASE$path"
  run "GET $path, as a browser" "${BROWSER[@]}" "$BASE$path"
done
run "mixed: $(wc -l < "$WORK/paths") opportunity pages in turn" -s "$WORK/mixed.lua" "$BASE"
run "mixed, as a browser" "${BROWSER[@]}" -s "$WORK/mixed.lua" "$BASE"
for rate in 5000 20000 40000; do
  echo "== open loop: mixed pages as a browser, $rate requests/s offered"
  "$CARGO_TARGET_DIR/release/round2-web-rate" "127.0.0.1:$PORT" "$WORK/paths" 200 "$rate" "$SECS" gzip
done
