#!/usr/bin/env bash
# One HTTP load measurement of one endpoint; prints one line: RESULT NAME key=value ...
#
#   benches/load/load.sh URL NAME
#   e.g. SERVER_PID=1234 benches/load/load.sh http://127.0.0.1:3000/validate ajv-fastify
#
# The server is expected to be pinned to core 0 already (taskset -c 0 ...); the load generator
# runs pinned to core $LOADGEN_CPU (1). Loopback URLs only. Phases, each bounded by its duration
# (plus a 30 s safety timeout):
#
#   warm-up  wrk for $WARMUP, not reported
#   max      wrk -t1 -c$CONNS -d$DURATION -s rotate.lua: closed loop, every request a POST of the
#            next payload of $PAYLOADS (the bodies are built once, at init). Reports max_rps
#            (and max_docs_per_s = max_rps x BATCH), wrk's p50/p90/p99 at saturation (mostly
#            queueing: about CONNS / max_rps), socket errors and HTTP >= 400 answers
#   fixed    for each entry of $RATES: oha -q RATE -c$CONNS -z$DURATION --latency-correction,
#            open loop (requests scheduled at the rate whether or not earlier ones came back;
#            latency counted from the scheduled time, so coordinated omission is corrected).
#            An entry N% is N% of this run's max_rps. Reports f<tag>_rps, _p50_ms, _p99_ms,
#            _p999_ms, _errors (socket errors + non-2xx), tag = the rate or "50pct".
#            Skipped when RATES is empty, when BATCH > 1 (oha sends one line per body), or when
#            oha is not installed.
#
# Every phase also reports the server's CPU (server_cpu_pct, from /proc/$SERVER_PID/stat,
# 100 = one core; NA without SERVER_PID), the load generator's CPU (loadgen_cpu_pct; near 100
# means the load generator, not the server, was the limit) and the host's steal time.
#
# env (defaults): DURATION=15s WARMUP=3s CONNS=32 RATES=1000,5000,50% BATCH=1
#   CONTENT_TYPE=application/json  PAYLOADS=<repo>/target/bench/workload/payloads-1k.ndjson
#   LOADGEN_CPU=1 ("" = not pinned)  SERVER_PID=  SERVER_CPU=0 (only checked: a warning if the
#   server's affinity differs)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

URL=${1:?usage: load.sh URL NAME}
NAME=${2:?usage: load.sh URL NAME}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
CONNS=${CONNS:-32}
RATES=${RATES-1000,5000,50%}
BATCH=${BATCH:-1}
CONTENT_TYPE=${CONTENT_TYPE:-application/json}
PAYLOADS=${PAYLOADS:-$ROOT/target/bench/workload/payloads-1k.ndjson}
LOADGEN_CPU=${LOADGEN_CPU-1}
SERVER_PID=${SERVER_PID:-}
SERVER_CPU=${SERVER_CPU-0}
export PAYLOADS BATCH CONTENT_TYPE

case $URL in
  http://127.0.0.1:* | http://127.0.0.1/* | http://localhost:* | http://localhost/* | http://\[::1\]:*) ;;
  *) echo "load.sh: $URL is not a loopback http:// URL; refusing" >&2; exit 2 ;;
esac
[[ $NAME =~ ^[A-Za-z0-9._-]+$ ]] || { echo "load.sh: NAME must be one word ([A-Za-z0-9._-])" >&2; exit 2; }
[[ $BATCH =~ ^[1-9][0-9]*$ ]] || { echo "load.sh: BATCH must be a positive integer" >&2; exit 2; }
[ -s "$PAYLOADS" ] || { echo "load.sh: no $PAYLOADS; run benches/load/measure.sh setup" >&2; exit 2; }
command -v wrk > /dev/null || { echo "load.sh: wrk is not installed; run benches/load/measure.sh setup" >&2; exit 2; }

# "15s" / "2m" / "15" -> whole seconds
seconds() {
  local d=$1
  case $d in
    *ms) echo 1 ;;
    *s) echo "${d%s}" ;;
    *m) echo $((${d%m} * 60)) ;;
    *h) echo $((${d%h} * 3600)) ;;
    *) echo "$d" ;;
  esac
}
LIMIT=$(($(seconds "$DURATION") + 30))
WARMUP_LIMIT=$(($(seconds "$WARMUP") + 30))

PIN=()
OHA_THREADS=()
[ -n "$LOADGEN_CPU" ] && PIN=(taskset -c "$LOADGEN_CPU")
# oha starts one runtime thread per physical core whatever its affinity; pinned to one core, one
[[ $LOADGEN_CPU =~ ^[0-9]+$ ]] && OHA_THREADS=(--worker-threads 1)
if [ -n "$SERVER_PID" ]; then
  [ -r "/proc/$SERVER_PID/stat" ] || { echo "load.sh: SERVER_PID $SERVER_PID is not running" >&2; exit 2; }
  affinity=$(taskset -pc "$SERVER_PID" 2> /dev/null | sed 's/.*: *//')
  if [ -n "$SERVER_CPU" ] && [ "$affinity" != "$SERVER_CPU" ]; then
    echo "load.sh: warning: server $SERVER_PID runs on CPUs $affinity, not $SERVER_CPU" >&2
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

server_ticks() {
  if [ -n "$SERVER_PID" ] && [ -r "/proc/$SERVER_PID/stat" ]; then
    # utime + stime: fields 14 and 15, counted after the "(comm)" field, which may hold spaces
    sed 's/^.*) //' "/proc/$SERVER_PID/stat" | awk '{ print $12 + $13 }'
  else
    echo NA
  fi
}

# phase TAG LIMIT_S COMMAND... : runs COMMAND pinned, bounded by LIMIT_S seconds; keeps its output
# in $tmp/TAG.out, its CPU ("user sys wall") in TAG.time, the server's ticks before/after in
# TAG.srv and the host's aggregate /proc/stat cpu line before/after in TAG.stat.
phase() {
  local tag=$1 limit=$2
  shift 2
  local TIMEFORMAT='%U %S %R' rc=0
  { server_ticks; head -n 1 /proc/stat; } > "$tmp/$tag.before"
  { time timeout "$limit" "${PIN[@]}" "$@" > "$tmp/$tag.out" 2> "$tmp/$tag.err"; } 2> "$tmp/$tag.time" || rc=$?
  { server_ticks; head -n 1 /proc/stat; } > "$tmp/$tag.after"
  if [ "$rc" != 0 ]; then
    echo "load.sh: $tag phase failed (exit $rc): $*" >&2
    cat "$tmp/$tag.err" "$tmp/$tag.out" >&2
    return "$rc"
  fi
}

WRK=(wrk -t1 -c"$CONNS" --timeout 10s -s "$HERE/rotate.lua")
phase warmup "$WARMUP_LIMIT" "${WRK[@]}" -d"$WARMUP" "$URL"
phase max "$LIMIT" "${WRK[@]}" -d"$DURATION" "$URL"
max_rps=$(sed -n 's/^WRK .* rps=\([0-9.]*\) .*/\1/p' "$tmp/max.out")
[ -n "$max_rps" ] || { echo "load.sh: wrk printed no WRK line" >&2; cat "$tmp/max.out" "$tmp/max.err" >&2; exit 1; }

fixed=()
if [ -n "$RATES" ] && [ "$BATCH" = 1 ]; then
  if command -v oha > /dev/null; then
    IFS=, read -ra rates <<< "$RATES"
    for r in "${rates[@]}"; do
      if [[ $r =~ ^([0-9]+)%$ ]]; then
        rate=$(awk -v m="$max_rps" -v p="${BASH_REMATCH[1]}" 'BEGIN { r = int(m * p / 100); print (r < 1 ? 1 : r) }')
        tag=${BASH_REMATCH[1]}pct
      elif [[ $r =~ ^[0-9]+$ ]]; then
        rate=$r
        tag=$r
      else
        echo "load.sh: RATES entry '$r' is neither N nor N%" >&2
        exit 2
      fi
      phase "f$tag" "$LIMIT" oha --no-tui --output-format json -z "$DURATION" -c "$CONNS" -q "$rate" \
        --latency-correction -w "${OHA_THREADS[@]}" -m POST -T "$CONTENT_TYPE" -Z "$PAYLOADS" "$URL"
      fixed+=("$tag:$rate")
    done
  else
    echo "load.sh: oha is not installed; fixed-rate phases skipped (benches/load/measure.sh setup)" >&2
  fi
fi

python3 - "$tmp" "$NAME" "$BATCH" "$CONNS" "$(seconds "$DURATION")" "$(getconf CLK_TCK)" "${fixed[@]}" <<'PY'
import json
import sys

tmp, name, batch, conns, duration, hz = sys.argv[1:7]
batch, hz = int(batch), int(hz)
fixed = [arg.split(":") for arg in sys.argv[7:]]


def read(tag, suffix):
    with open(f"{tmp}/{tag}.{suffix}") as f:
        return f.read()


def cpu(tag):
    """server CPU %, load generator CPU %, steal % of the host over the phase."""
    user, sys_, wall = (float(x) for x in read(tag, "time").split()[-3:])
    before, after = read(tag, "before").splitlines(), read(tag, "after").splitlines()
    server = "NA"
    if before[0] != "NA" and after[0] != "NA":
        server = "%.0f" % (100.0 * (int(after[0]) - int(before[0])) / hz / max(wall, 1e-9))
    s0 = [int(x) for x in before[1].split()[1:]]
    s1 = [int(x) for x in after[1].split()[1:]]
    total = sum(s1) - sum(s0)
    steal = (s1[7] - s0[7]) if len(s1) > 7 else 0
    return server, "%.0f" % (100.0 * (user + sys_) / max(wall, 1e-9)), "%.1f" % (100.0 * steal / max(total, 1))


wrk = {}
for line in read("max", "out").splitlines():
    if line.startswith("WRK "):
        wrk = dict(token.split("=", 1) for token in line[4:].split())
errors = sum(int(wrk[k]) for k in ("err_connect", "err_read", "err_write", "err_timeout"))
server, loadgen, steal = cpu("max")
out = [f"RESULT {name}", f"batch={batch}", f"conns={conns}", f"duration_s={duration}",
       "max_rps=%.0f" % float(wrk["rps"])]
if batch > 1:
    out.append("max_docs_per_s=%.0f" % (float(wrk["rps"]) * batch))
out += [f"max_p50_ms={wrk['p50_ms']}", f"max_p90_ms={wrk['p90_ms']}", f"max_p99_ms={wrk['p99_ms']}",
        f"max_socket_errors={errors}", f"max_err_status={wrk['err_status']}",
        f"server_cpu_pct={server}", f"loadgen_cpu_pct={loadgen}", f"steal_pct={steal}"]
for tag, rate in fixed:
    report = json.loads(read(f"f{tag}", "out"))
    summary, pct = report["summary"], report["latencyPercentiles"]
    codes = report.get("statusCodeDistribution") or {}
    non2xx = sum(n for code, n in codes.items() if not str(code).startswith("2"))
    failed = sum((report.get("errorDistribution") or {}).values())
    server, loadgen, steal = cpu(f"f{tag}")
    ms = lambda key: "%.3f" % (1e3 * (pct.get(key) or 0.0))
    p = f"f{tag}_"
    out += [p + f"rate={rate}", p + "rps=%.0f" % (summary.get("requestsPerSec") or 0.0),
            p + "p50_ms=" + ms("p50"), p + "p99_ms=" + ms("p99"), p + "p999_ms=" + ms("p99.9"),
            p + f"errors={failed + non2xx}", p + f"non2xx={non2xx}",
            p + f"server_cpu_pct={server}", p + f"loadgen_cpu_pct={loadgen}"]
print(" ".join(out))
PY
