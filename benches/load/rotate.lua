-- rotate.lua: wrk script for Concord's load benchmark (benches/load/load.sh runs it).
--
-- Every request is a POST whose body is the next payload of an NDJSON file, round-robin. All the
-- requests are built once, in init(), with wrk.format, so request() only hands out a prepared
-- string and Lua costs next to nothing per request.
--
-- env: PAYLOADS      the NDJSON file (load.sh passes target/bench/workload/payloads-1k.ndjson)
--      BATCH         1 (default): one line per body; k > 1: k consecutive lines per body, each
--                    ending in "\n" (an NDJSON request body)
--      CONTENT_TYPE  the Content-Type header (default application/json)
--
-- done() prints one line for load.sh to read:
--   WRK requests=N duration_s=S rps=R p50_ms=... p90_ms=... p99_ms=... max_ms=...
--       err_connect=... err_read=... err_write=... err_timeout=... err_status=...
-- (err_status: answers with an HTTP status of 400 or more, as wrk counts them)

local prepared = {}
local count = 0
local next_index = 0

function init(args)
  local path = os.getenv("PAYLOADS")
  if path == nil or path == "" then
    error("PAYLOADS is not set")
  end
  local batch = tonumber(os.getenv("BATCH") or "1") or 1
  local content_type = os.getenv("CONTENT_TYPE") or "application/json"
  local headers = { ["Content-Type"] = content_type }
  local pending = {}
  for line in io.lines(path) do
    if line ~= "" then
      pending[#pending + 1] = line
      if #pending == batch then
        local body
        if batch == 1 then
          body = pending[1]
        else
          body = table.concat(pending, "\n") .. "\n"
        end
        count = count + 1
        prepared[count] = wrk.format("POST", nil, headers, body)
        pending = {}
      end
    end
  end
  if count == 0 then
    error("no complete request body in " .. path .. " (BATCH=" .. batch .. ")")
  end
end

function request()
  next_index = next_index + 1
  if next_index > count then
    next_index = 1
  end
  return prepared[next_index]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect, e.read, e.write, e.timeout, e.status))
end
