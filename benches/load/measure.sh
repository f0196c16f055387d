#!/usr/bin/env bash
# Measures Concord the way ../shared/bench measures its anchors (same workload, same load
# generator, same pinning: server on core 0, load on core 1), in the same sitting, and prints
# RESULT lines that ../shared/bench/lib/stats.py summarises.
#
#   benches/load/measure.sh setup      once: a writable copy of ../shared/bench in target/bench,
#                                      its setup (wrk, oha, npm, anchor builds, the 100,000-payload
#                                      workload), and Concord's release build
#   benches/load/measure.sh anchors    the anchors' run-all.sh (in-process jsonschema and ajv,
#                                      axum-hello, ajv-fastify), RUNS rounds
#   benches/load/measure.sh concord    Concord: single validate requests (max and fixed rates),
#                                      NDJSON x100 per request, one NDJSON request of all 100,000
#                                      payloads, and peak memory with 1,000 cached validators
#   benches/load/measure.sh memory     only the peak memory with 1,000 cached validators
#   benches/load/measure.sh all        anchors then concord
#
# env: RUNS=3 (rounds), DURATION=15s (load phases), PORT=8099
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$ROOT/target/bench
ANCHORS=$WORK/anchors
RUNS=${RUNS:-3}
PORT=${PORT:-8099}
BIN=$ROOT/target/release/concord
SLUG=bench/ocpi-location
URL=http://127.0.0.1:$PORT/validate/$SLUG/1.0.0

setup() {
  mkdir -p "$WORK"
  if [ ! -d "$ANCHORS" ]; then
    cp -r "$ROOT/../shared/bench" "$ANCHORS"
    chmod -R u+w "$ANCHORS"
  fi
  (cd "$ANCHORS" && ./setup.sh)
  (cd "$ROOT" && cargo build --release)
}

# A catalogue folder holding one standard per schema copy: the anchors' OCPI Location schema.
catalogue() {
  local dir=$1 count=$2
  rm -rf "$dir"
  python3 - "$ANCHORS/workload/schema.json" "$dir" "$count" <<'PY'
import json, os, sys
schema_path, root, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
schema = json.load(open(schema_path))
for i in range(count):
    slug = "bench/ocpi-location" if count == 1 else f"bench/s{i:04d}"
    folder = os.path.join(root, slug)
    os.makedirs(folder)
    copy = dict(schema)
    # Each copy is its own document (its own $id), so each compiles to its own validator.
    copy["$id"] = f"https://example.invalid/schemas/{slug}/location.json"
    json.dump(copy, open(os.path.join(folder, "1.0.0.json"), "w"))
    open(os.path.join(folder, "standard.toml"), "w").write(
        f'title = "OCPI Location ({i})"\nsummary = "The anchors\' workload schema."\ntheme = "mobility"\nowner = "tfl"\n'
        '\n[versions."1.0.0"]\nchangelog = "Benchmark copy."\n')
PY
  cp "$ROOT/standards/organisations.toml" "$dir/"
}

# Starts Concord pinned to core 0 on a fresh database seeded from catalogue $1, keeping up to
# $2 compiled validators (default 1000); sets SERVER_PID.
start() {
  local catalogue=$1 cache=${2:-1000} db=$WORK/concord-$$.db
  rm -f "$db" "$db"-*
  DATABASE_URL="sqlite://$db?mode=rwc" CONCORD_LOG=warn "$BIN" seed "$catalogue" > /dev/null
  DATABASE_URL="sqlite://$db?mode=rwc" CONCORD_LOG=warn taskset -c 0 "$BIN" serve \
    --bind "127.0.0.1:$PORT" --standards-dir "$catalogue" \
    --max-body-bytes 268435456 --validator-cache "$cache" > "$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null && return 0
    sleep 0.1
  done
  echo "Concord did not start; see $WORK/serve.log" >&2
  exit 1
}

stop() { kill "$SERVER_PID" 2> /dev/null || true; wait "$SERVER_PID" 2> /dev/null || true; }

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# One request carrying all 100,000 payloads as NDJSON, streamed back; docs/s over wall time.
batch_100k() {
  local payloads=$ANCHORS/workload/payloads.ndjson out=$WORK/batch.out
  local before after start end lines
  before=$(cpu_ticks "$SERVER_PID")
  start=$(date +%s.%N)
  taskset -c 1 curl -s --data-binary "@$payloads" -H 'content-type: application/x-ndjson' "$URL" > "$out"
  end=$(date +%s.%N)
  after=$(cpu_ticks "$SERVER_PID")
  lines=$(wc -l < "$out")
  python3 - "$start" "$end" "$lines" "$before" "$after" "$out" <<'PY'
import json, sys
start, end, lines, before, after, out = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
valid = sum(1 for l in open(out) if '"valid":true' in l)
wall = end - start
print(f"RESULT concord-ndjson-100k docs={lines} valid={valid} wall_s={wall:.3f} docs_per_s={lines/wall:.0f} server_cpu_s={(after-before)/100:.2f} server_docs_per_cpu_s={lines/max((after-before)/100, 1e-9):.0f}")
PY
}

# Peak memory of a server holding 1,000 compiled validators.
memory() {
  catalogue "$WORK/catalogue-1000" 1000
  # The cache's capacity is approximate (it evicts a little early), so leave room for all 1,000.
  start "$WORK/catalogue-1000" 1200
  local idle one_doc
  idle=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
  one_doc=$(head -n 1 "$ANCHORS/workload/payloads.ndjson")
  for i in $(seq 0 999); do
    printf -v slug 'bench/s%04d' "$i"
    curl -s -o /dev/null -H 'content-type: application/json' --data-binary "$one_doc" \
      "http://127.0.0.1:$PORT/validate/$slug/1.0.0"
  done
  local entries hwm rss
  entries=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^concord_validator_cache_entries / { print $2 }')
  hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
  echo "RESULT concord-memory cached_validators=$entries idle_rss_mib=$((idle / 1024)) rss_mib=$((rss / 1024)) peak_rss_mib=$((hwm / 1024))"
  stop
}

concord() {
  [ -x "$BIN" ] || (cd "$ROOT" && cargo build --release)
  catalogue "$WORK/catalogue-1" 1
  start "$WORK/catalogue-1"
  trap stop EXIT
  for r in $(seq "$RUNS"); do
    echo "== round $r/$RUNS" >&2
    (cd "$ANCHORS" && taskset -c 1 inproc/target/release/inproc)
    (cd "$ANCHORS" && SERVER_PID=$SERVER_PID ./load.sh "$URL" concord)
    (cd "$ANCHORS" && SERVER_PID=$SERVER_PID BATCH=100 CONNS=4 CONTENT_TYPE=application/x-ndjson RATES= \
      ./load.sh "$URL" concord-ndjson-x100)
    batch_100k
  done
  stop
  trap - EXIT
  memory
}

case ${1:-all} in
  setup) setup ;;
  anchors) (cd "$ANCHORS" && RUNS=$RUNS ./run-all.sh) ;;
  concord) concord ;;
  memory) [ -x "$BIN" ] || (cd "$ROOT" && cargo build --release); memory ;;
  all) (cd "$ANCHORS" && RUNS=$RUNS ./run-all.sh); concord ;;
  *) echo "usage: $0 setup|anchors|concord|memory|all" >&2; exit 2 ;;
esac
