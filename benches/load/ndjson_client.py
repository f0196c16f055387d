#!/usr/bin/env python3
"""Sends one NDJSON file to Concord in a single request while reading the streamed answers on
another thread, so the upload never waits for the client; prints the wall time. A diagnostic
beside measure.sh's curl run: it tells how much of that run's wall time is the client's.

    taskset -c 1 python3 benches/load/ndjson_client.py [target/bench/workload/payloads.ndjson \
        [PORT] [PATH]]

The payloads default to the workload `benches/load/measure.sh setup` generates.
"""
import socket
import sys
import threading
import time
from pathlib import Path

default = Path(__file__).resolve().parents[2] / "target" / "bench" / "workload" / "payloads.ndjson"
data = open(sys.argv[1] if len(sys.argv) > 1 else default, "rb").read()
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8099
path = sys.argv[3] if len(sys.argv) > 3 else "/validate/bench/ocpi-location/1.0.0"
conn = socket.create_connection(("127.0.0.1", port))
conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
head = (
    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
    f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
).encode()
received = [0]


def read():
    while True:
        chunk = conn.recv(1 << 20)
        if not chunk:
            break
        received[0] += len(chunk)


reader = threading.Thread(target=read)
start = time.time()
reader.start()
conn.sendall(head + data)
reader.join()
wall = time.time() - start
lines = data.count(b"\n")
print(f"RESULT ndjson-client docs={lines} wall_s={wall:.3f} docs_per_s={lines / wall:.0f} bytes_back={received[0]}")
