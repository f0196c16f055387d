#!/usr/bin/env bash
# Concord's load benchmark, with everything it needs in this repository (benches/load/README.md).
# Servers are pinned to core 0, load generators and in-process loops to core 1; loopback only.
#
#   benches/load/measure.sh setup     once, idempotent: wrk (apt-get), oha 1.16.0 (cargo install),
#                                     npm ci in ajv-fastify/, the 100,000-payload workload
#                                     (workload/gen.py -> target/bench/workload/), and the release
#                                     build of concord and of the bare-axum and inproc examples
#   benches/load/measure.sh anchors   RUNS rounds of the reference points: in-process jsonschema
#                                     (examples/inproc.rs), in-process ajv (ajv-fastify/inproc.js),
#                                     bare-axum POST /echo and ajv-fastify POST /validate under
#                                     load.sh, ajv-fastify POST /validate-ndjson with 100 documents
#                                     per body (BATCH=100, CONNS=4)
#   benches/load/measure.sh concord   RUNS rounds of Concord: in-process jsonschema (same sitting),
#                                     single documents (max and fixed rates), NDJSON x100 per body,
#                                     one NDJSON request of all 100,000 payloads; then memory
#   benches/load/measure.sh memory    only Concord's memory with 1,000 cached validators
#   benches/load/measure.sh all       anchors, then concord
#
# Every RESULT line is also appended to target/bench/results/<UTC stamp>/results.txt, and a
# summary (benches/load/stats.py: median [min-max] per key) is written beside it and printed.
# env: RUNS=3  DURATION=15s (each load phase; WARMUP, CONNS, RATES go on to load.sh)
#      PORT=8099 (Concord; bare-axum uses PORT+1, ajv-fastify PORT+2)
#      CONCORD_BIN, INPROC_BIN, BARE_AXUM_BIN: other binaries than target/release/...
#      CONCORD_EXTRA: more `concord serve` flags; CONCORD_ANONYMOUS_RATE (default out of reach,
#      since all the load comes from one address), e.g. CONCORD_ANONYMOUS_RATE=0
#      CONCORD_MIN_BODY_RATE=0 to measure with the rate limit and the body-rate check off
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$ROOT/target/bench
WORKLOAD=$WORK/workload
PAYLOADS=$WORKLOAD/payloads.ndjson
SCHEMA=$HERE/workload/schema.json
RUNS=${RUNS:-3}
PORT=${PORT:-8099}
AXUM_PORT=$((PORT + 1))
AJV_PORT=$((PORT + 2))
export DURATION=${DURATION:-15s}
# The release builds `setup` makes (overridable, e.g. to measure another build)
BIN=${CONCORD_BIN:-$ROOT/target/release/concord}
INPROC=${INPROC_BIN:-$ROOT/target/release/examples/inproc}
BARE_AXUM=${BARE_AXUM_BIN:-$ROOT/target/release/examples/bare-axum}
SLUG=bench/ocpi-location
URL=http://127.0.0.1:$PORT/validate/$SLUG/1.0.0
OHA_VERSION=1.16.0

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }

# Servers this script started; all of them are stopped on exit, by PID.
SERVER_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2> /dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    wait "$pid" 2> /dev/null || true
  done
  SERVER_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop PID: stops one server this script started
stop() {
  local pid=$1 kept=() p
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  for p in "${SERVER_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  SERVER_PIDS=("${kept[@]}")
}

# This sitting's results folder (made by start_results, before anything runs in a pipeline).
RESULTS_DIR=
start_results() {
  need "$PAYLOADS"
  RESULTS_DIR=$WORK/results/$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$RESULTS_DIR"
  machine | tee "$RESULTS_DIR/machine.txt" >&2
}
results() { tee -a "$RESULTS_DIR/results.txt"; }

machine() {
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
  echo "rustc: $(rustc --version 2> /dev/null || echo none)  node: $(node --version 2> /dev/null || echo none)"
  echo "wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)  oha: $(oha --version 2> /dev/null || echo none)"
  echo "workload: $(wc -l < "$PAYLOADS") payloads, sha256 $(sha256sum "$PAYLOADS" | cut -c1-16)"
  echo "RUNS=$RUNS DURATION=$DURATION WARMUP=${WARMUP:-3s} CONNS=${CONNS:-32} RATES=${RATES-1000,5000,50%}"
}

summary() {
  [ -n "$RESULTS_DIR" ] && [ -s "$RESULTS_DIR/results.txt" ] || return 0
  python3 "$HERE/stats.py" < "$RESULTS_DIR/results.txt" > "$RESULTS_DIR/summary.md" || true
  echo
  cat "$RESULTS_DIR/summary.md"
  echo "results: $RESULTS_DIR" >&2
}

# wait_http URL [BODY] [PID]: until URL answers (a POST of BODY if given), 10 s at most; gives
# up early when PID (the server) has exited
wait_http() {
  local url=$1 body=${2-} pid=${3-} i
  for i in $(seq 100); do
    if [ -n "$body" ]; then
      curl -s -o /dev/null -m 2 -H 'content-type: application/json' --data-binary "$body" "$url" && return 0
    else
      curl -sf -o /dev/null -m 2 "$url" && return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2> /dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

need() {
  local f
  for f in "$@"; do
    [ -e "$f" ] || { echo "missing $f: run benches/load/measure.sh setup" >&2; exit 2; }
  done
}

setup() {
  if ! command -v wrk > /dev/null; then
    apt-get update && apt-get install -y wrk
  fi
  if ! command -v oha > /dev/null; then
    # several minutes of CPU (5-20 on 2 cores); niced so it yields to anything else being built
    nice -n 19 cargo install oha --locked --version "$OHA_VERSION"
  fi
  (cd "$HERE/ajv-fastify" && npm ci --no-audit --no-fund)
  (cd "$HERE/ajv-fastify" && node inproc.js --check-schema)
  if [ ! -s "$PAYLOADS" ] || [ ! -s "$WORKLOAD/payloads-1k.ndjson" ] \
    || [ "$HERE/workload/gen.py" -nt "$PAYLOADS" ]; then
    python3 "$HERE/workload/gen.py" --out "$WORKLOAD"
  fi
  (cd "$ROOT" && cargo build --release --bin concord --examples)
  echo "setup done: wrk $(command -v wrk), oha $(command -v oha || echo missing), $(wc -l < "$PAYLOADS") payloads in $PAYLOADS"
}

# The comparison points, RUNS rounds, interleaved so a slow spell of the host hits all alike.
anchors() {
  need "$PAYLOADS" "$WORKLOAD/payloads-1k.ndjson" "$INPROC" "$BARE_AXUM" "$HERE/ajv-fastify/node_modules"
  local axum_pid ajv_pid one r
  one=$(head -n 1 "$PAYLOADS")
  taskset -c 0 "$BARE_AXUM" "$AXUM_PORT" > "$WORK/bare-axum.log" 2>&1 &
  axum_pid=$!
  SERVER_PIDS+=("$axum_pid")
  (cd "$HERE/ajv-fastify" && PORT=$AJV_PORT exec taskset -c 0 node server.js) > "$WORK/ajv-fastify.log" 2>&1 &
  ajv_pid=$!
  SERVER_PIDS+=("$ajv_pid")
  wait_http "http://127.0.0.1:$AXUM_PORT/echo" "$one" "$axum_pid" \
    || { echo "bare-axum did not start; see $WORK/bare-axum.log" >&2; exit 1; }
  wait_http "http://127.0.0.1:$AJV_PORT/healthz" "" "$ajv_pid" \
    || { echo "ajv-fastify did not start; see $WORK/ajv-fastify.log" >&2; exit 1; }
  echo "servers on core 0: bare-axum pid $axum_pid :$AXUM_PORT, ajv-fastify pid $ajv_pid :$AJV_PORT" >&2
  for r in $(seq "$RUNS"); do
    echo "== anchors round $r/$RUNS" >&2
    taskset -c 1 "$INPROC" "$PAYLOADS" --schema "$SCHEMA" | results
    (cd "$HERE/ajv-fastify" && taskset -c 1 node inproc.js "$PAYLOADS") | results
    SERVER_PID=$axum_pid "$HERE/load.sh" "http://127.0.0.1:$AXUM_PORT/echo" bare-axum | results
    SERVER_PID=$ajv_pid "$HERE/load.sh" "http://127.0.0.1:$AJV_PORT/validate" ajv-fastify | results
    SERVER_PID=$ajv_pid BATCH=100 CONNS=4 CONTENT_TYPE=application/x-ndjson RATES= \
      "$HERE/load.sh" "http://127.0.0.1:$AJV_PORT/validate-ndjson" ajv-fastify-ndjson-x100 | results
  done
  stop "$axum_pid"
  stop "$ajv_pid"
}

# catalogue DIR COUNT: a standards folder with COUNT copies of the workload schema, each its own
# document (its own $id, so its own compiled validator): bench/ocpi-location when COUNT is 1,
# else bench/s0000 ... Every copy is version 1.0.0, owned by TfL.
catalogue() {
  local dir=$1 count=$2
  rm -rf "$dir"
  python3 - "$SCHEMA" "$dir" "$count" << 'PY'
import json
import os
import sys

schema_path, root, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(schema_path) as f:
    schema = json.load(f)
for i in range(count):
    slug = "bench/ocpi-location" if count == 1 else f"bench/s{i:04d}"
    folder = os.path.join(root, slug)
    os.makedirs(folder)
    copy = dict(schema)
    copy["$id"] = f"https://example.invalid/schemas/{slug}/location.json"
    with open(os.path.join(folder, "1.0.0.json"), "w") as f:
        json.dump(copy, f)
    with open(os.path.join(folder, "standard.toml"), "w") as f:
        f.write(f'title = "OCPI Location ({i})"\n'
                'summary = "The load benchmark\'s workload schema (benches/load/workload/schema.json)."\n'
                'theme = "mobility"\nowner = "tfl"\n\n'
                '[versions."1.0.0"]\nchangelog = "Benchmark copy."\n')
PY
  cp "$ROOT/standards/organisations.toml" "$dir/"
}

# start_concord CATALOGUE [CACHE]: Concord pinned to core 0 on a fresh database seeded from
# CATALOGUE, keeping up to CACHE compiled validators (1000); sets CONCORD_PID. Every limit is on;
# the per-address rate is set out of reach, since all the load comes from one loopback address.
start_concord() {
  local catalogue=$1 cache=${2:-1000} db=$WORK/concord-bench.db
  rm -f "$db" "$db"-*
  DATABASE_URL="sqlite://$db?mode=rwc" CONCORD_LOG=warn "$BIN" seed "$catalogue" > /dev/null
  CONCORD_ANONYMOUS_RATE=${CONCORD_ANONYMOUS_RATE:-10000000} \
    CONCORD_ANONYMOUS_BURST=${CONCORD_ANONYMOUS_BURST:-10000000} \
    DATABASE_URL="sqlite://$db?mode=rwc" CONCORD_LOG=warn taskset -c 0 "$BIN" serve \
    --bind "127.0.0.1:$PORT" --standards-dir "$catalogue" \
    --max-body-bytes 268435456 --validator-cache "$cache" \
    ${CONCORD_EXTRA:-} > "$WORK/concord-serve.log" 2>&1 &
  CONCORD_PID=$!
  SERVER_PIDS+=("$CONCORD_PID")
  wait_http "http://127.0.0.1:$PORT/readyz" "" "$CONCORD_PID" \
    || { echo "Concord did not start; see $WORK/concord-serve.log" >&2; exit 1; }
}

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# One request carrying all 100,000 payloads as NDJSON, the answers streamed back; docs/s over
# the wall time, and over the server's CPU time.
batch_100k() {
  local out=$WORK/batch-100k.out before after start end
  before=$(cpu_ticks "$CONCORD_PID")
  start=$(date +%s.%N)
  taskset -c 1 curl -s -m 600 --data-binary "@$PAYLOADS" -H 'content-type: application/x-ndjson' "$URL" > "$out"
  end=$(date +%s.%N)
  after=$(cpu_ticks "$CONCORD_PID")
  python3 - "$start" "$end" "$before" "$after" "$(getconf CLK_TCK)" "$out" << 'PY'
import sys

start, end, before, after, hz = (float(x) for x in sys.argv[1:6])
lines = valid = 0
with open(sys.argv[6], "rb") as f:
    for line in f:
        lines += 1
        valid += b'"valid":true' in line
wall, cpu = end - start, (after - before) / hz
print(f"RESULT concord-ndjson-100k docs={lines} valid={valid} wall_s={wall:.3f} docs_per_s={lines / wall:.0f} "
      f"server_cpu_s={cpu:.2f} server_docs_per_cpu_s={lines / max(cpu, 1e-9):.0f}")
PY
}

# Memory of a Concord holding 1,000 compiled validators (one request to each of 1,000 copies).
memory() {
  need "$BIN" "$PAYLOADS"
  local idle one i slug entries hwm rss ok=0
  catalogue "$WORK/catalogue-1000" 1000
  # The cache's capacity is approximate (it evicts a little early): leave room for all 1,000.
  start_concord "$WORK/catalogue-1000" 1200
  idle=$(awk '/VmRSS/ { print $2 }' "/proc/$CONCORD_PID/status")
  one=$(head -n 1 "$PAYLOADS")
  local deadline=$((SECONDS + 600))
  for i in $(seq 0 999); do
    [ "$SECONDS" -lt "$deadline" ] || { echo "memory: stopped after 600 s at copy $i" >&2; break; }
    printf -v slug 'bench/s%04d' "$i"
    curl -s -o /dev/null -m 10 -H 'content-type: application/json' --data-binary "$one" \
      "http://127.0.0.1:$PORT/validate/$slug/1.0.0" && ok=$((ok + 1))
  done
  entries=$(curl -s -m 10 "http://127.0.0.1:$PORT/metrics" | awk '/^concord_validator_cache_entries / { print $2 }')
  hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$CONCORD_PID/status")
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$CONCORD_PID/status")
  echo "RESULT concord-memory requests_ok=$ok cached_validators=${entries:-NA} idle_rss_mib=$((idle / 1024)) rss_mib=$((rss / 1024)) peak_rss_mib=$((hwm / 1024))" | results
  stop "$CONCORD_PID"
}

concord() {
  need "$BIN" "$INPROC" "$PAYLOADS" "$WORKLOAD/payloads-1k.ndjson"
  local r
  catalogue "$WORK/catalogue-1" 1
  start_concord "$WORK/catalogue-1"
  echo "concord on core 0: pid $CONCORD_PID, $URL" >&2
  for r in $(seq "$RUNS"); do
    echo "== concord round $r/$RUNS" >&2
    taskset -c 1 "$INPROC" "$PAYLOADS" --schema "$SCHEMA" | results
    SERVER_PID=$CONCORD_PID "$HERE/load.sh" "$URL" concord | results
    SERVER_PID=$CONCORD_PID BATCH=100 CONNS=4 CONTENT_TYPE=application/x-ndjson RATES= \
      "$HERE/load.sh" "$URL" concord-ndjson-x100 | results
    batch_100k | results
  done
  stop "$CONCORD_PID"
  memory
}

case ${1:-} in
  setup) setup ;;
  anchors) start_results; anchors; summary ;;
  concord) start_results; concord; summary ;;
  memory) start_results; memory; summary ;;
  all) start_results; anchors; concord; summary ;;
  *) echo "usage: $0 setup|anchors|concord|memory|all   (env RUNS=3 DURATION=15s PORT=8099)" >&2; exit 2 ;;
esac
