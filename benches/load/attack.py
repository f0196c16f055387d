#!/usr/bin/env python3
"""Replays the attacks of issue 12 against a real Concord together with normal traffic, on
loopback only, bounded in time, and reports what the normal traffic saw.

Each attack comes from its own loopback source address (127.0.0.2 and up; all of 127/8 is
loopback on Linux), as separate attackers would; the probe, a person checking the service,
comes from 127.0.0.1. The probe asks for GET /healthz and validates one small payload, each
every 50 ms, and every answer must be 200 within 100 ms at the 99th percentile.

    benches/load/attack.py [--bin target/release/concord] [--duration 30]

Prints one RESULT line per measure and exits 1 if the probe's p99 is over 100 ms or any probe
was not answered 200.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STANDARD = "mobility/ev-chargepoint"
EXAMPLE = os.path.join(ROOT, "standards", STANDARD, "examples", "2.0.0", "valid", "city-rapid-hub.json")


async def request(port, method, path, body=b"", headers=None, source="127.0.0.1", timeout=30.0):
    """One HTTP/1.1 request on a fresh connection: (status, seconds); status 0 when the
    connection was closed or timed out without an answer."""
    started = time.perf_counter()
    headers = dict(headers or {})
    headers.setdefault("Host", f"127.0.0.1:{port}")
    headers["Connection"] = "close"
    if body:
        headers["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), timeout)
        writer.write(head.encode() + body)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
        status = int(line.split()[1]) if line.startswith(b"HTTP/") else 0
        await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        return status, time.perf_counter() - started
    except (OSError, asyncio.TimeoutError, ValueError, IndexError):
        return 0, time.perf_counter() - started


def graphql(query, variables=None):
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def fragments_query():
    q = "query { ...F0 }\n"
    for i in range(30):
        q += f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n"
    return q + "fragment F30 on Query { standards { totalCount } }\n"


def attacks(port):
    """name -> (source address, concurrency, one attempt)."""
    json_headers = {"Content-Type": "application/json"}
    example = json.load(open(EXAMPLE))
    aliases = " ".join(
        f'a{i}: validateMany(standard: "{STANDARD}", payloads: $p) {{ valid }}' for i in range(45))
    many = graphql(f"query($p: [JSON!]!) {{ {aliases} }}", {"p": [example] * 2500})
    wide = {"type": "object", "properties": {f"p{i}": {"type": "string", "maxLength": i + 1} for i in range(3000)}}
    dry_run = graphql(
        'query($s: JSON!) { compatibility(standard: "%s", schema: $s) { compatible requiredBump } }' % STANDARD,
        {"s": wide})
    nested = graphql("{ organisations { standards { versions { bundle } } } }")
    fragments = graphql(fragments_query())

    def post(body, source):
        return lambda: request(port, "POST", "/graphql", body, json_headers, source)

    return {
        "fragments": ("127.0.0.2", 4, post(fragments, "127.0.0.2")),
        "aliases-validate-many": ("127.0.0.3", 2, post(many, "127.0.0.3")),
        "wide-dry-run": ("127.0.0.4", 2, post(dry_run, "127.0.0.4")),
        "nested-lists": ("127.0.0.5", 2, post(nested, "127.0.0.5")),
        "flood": ("127.0.0.6", 8, lambda: request(port, "GET", "/", source="127.0.0.6")),
    }


async def slowloris(port, source, stop, outcomes):
    """Opens connections that send their headers a byte at a time and never finish."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
            writer.write(b"GET / HTTP/1.1\r\nHost: concord\r\n")
            started = time.perf_counter()
            while not stop.is_set():
                writer.write(b"X")
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1), 2.0) == b"":
                        break
                except asyncio.TimeoutError:
                    continue
            outcomes["slowloris"][f"cut after {round(time.perf_counter() - started)} s"] += 1
            writer.close()
        except (OSError, ConnectionError):
            outcomes["slowloris"]["refused"] += 1
            await asyncio.sleep(0.5)


async def slow_body(port, source, stop, outcomes):
    """Posts a body a few bytes at a time."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
            writer.write(b"POST /validate/%s HTTP/1.1\r\nHost: concord\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000000\r\n\r\n{" % STANDARD.encode())
            answered = None
            while not stop.is_set() and answered is None:
                writer.write(b" ")
                await writer.drain()
                try:
                    line = await asyncio.wait_for(reader.readline(), 0.5)
                    answered = line.split()[1].decode() if line.startswith(b"HTTP/") else "closed"
                except asyncio.TimeoutError:
                    continue
            outcomes["slow-body"][answered or "still open at the end"] += 1
            writer.close()
        except (OSError, ConnectionError, IndexError):
            outcomes["slow-body"]["connection error"] += 1
            await asyncio.sleep(0.5)


async def run(port, duration, only):
    stop = asyncio.Event()
    outcomes = {name: Counter() for name in
                ["fragments", "aliases-validate-many", "wide-dry-run", "nested-lists", "flood", "slowloris", "slow-body"]}
    probes = {"healthz": [], "validate": []}
    lost = Counter()
    example = open(EXAMPLE, "rb").read()

    async def attacker(name, attempt):
        while not stop.is_set():
            status, _ = await attempt()
            outcomes[name][status] += 1

    async def probe(name, attempt):
        while not stop.is_set():
            status, seconds = await attempt()
            probes[name].append(seconds)
            if status != 200:
                lost[f"{name} {status}"] += 1
            await asyncio.sleep(0.05)

    wanted = lambda name: not only or name in only
    tasks = []
    for name, (_, concurrency, attempt) in attacks(port).items():
        if wanted(name):
            tasks += [asyncio.create_task(attacker(name, attempt)) for _ in range(concurrency)]
    if wanted("slowloris"):
        tasks += [asyncio.create_task(slowloris(port, "127.0.0.7", stop, outcomes)) for _ in range(300)]
    if wanted("slow-body"):
        tasks += [asyncio.create_task(slow_body(port, "127.0.0.8", stop, outcomes)) for _ in range(20)]
    await asyncio.sleep(2)  # let the attacks get going before measuring
    tasks.append(asyncio.create_task(probe("healthz", lambda: request(port, "GET", "/healthz", timeout=5))))
    tasks.append(asyncio.create_task(probe("validate", lambda: request(
        port, "POST", f"/validate/{STANDARD}/latest", example, {"Content-Type": "application/json"}, timeout=5))))
    await asyncio.sleep(duration)
    stop.set()
    await asyncio.wait(tasks, timeout=40)
    return outcomes, probes, lost


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "concord"))
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--only", default="", help="comma-separated attacks to run (default: all; 'none' for the probe alone)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="concord-attack-")
    env = dict(os.environ, DATABASE_URL=f"sqlite://{work}/concord.db?mode=rwc", CONCORD_LOG="warn",
               CONCORD_AUDIT_KEY_FILE=f"{work}/audit.key")
    server = subprocess.Popen(
        [args.bin, "serve", "--bind", f"127.0.0.1:{args.port}", "--standards-dir", os.path.join(ROOT, "standards")],
        env=env, stdout=subprocess.DEVNULL, stderr=open(f"{work}/serve.log", "w"))
    try:
        for _ in range(300):
            status, _ = asyncio.run(request(args.port, "GET", "/readyz", timeout=1))
            if status == 200:
                break
            time.sleep(0.1)
        else:
            sys.exit("Concord did not start; see " + work + "/serve.log")
        only = {name for name in args.only.split(",") if name}
        outcomes, probes, lost = asyncio.run(run(args.port, args.duration, only))
        alive = server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, counts in outcomes.items():
        print(f"RESULT attack={name} " + " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))
    ok = alive and not lost
    for name, seconds in probes.items():
        p50, p99 = percentile(seconds, 50) * 1000, percentile(seconds, 99) * 1000
        print(f"RESULT probe={name} n={len(seconds)} p50_ms={p50:.2f} p99_ms={p99:.2f} max_ms={max(seconds) * 1000:.2f}")
        ok = ok and p99 < 100
    print(f"RESULT probe_not_200={sum(lost.values())} {dict(lost)} server_alive={alive}")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
