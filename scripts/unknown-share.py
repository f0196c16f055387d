#!/usr/bin/env python3
"""The share of changes the compatibility engine leaves UNKNOWN on the catalogue's histories.

Runs `concord diff --json` on every pair of consecutive versions under standards/ and counts the
changes by direction. Pairs whose schemas reference another standard cannot be diffed offline
and are listed as skipped.

Usage: python3 scripts/unknown-share.py [path/to/concord]   (default: target/release/concord)
"""
import glob
import json
import os
import re
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/concord"
total = unknown = pairs = 0
for folder in sorted(glob.glob("standards/*/*/")):
    versions = sorted(
        (f for f in os.listdir(folder) if re.fullmatch(r"\d+\.\d+\.\d+\.json", f)),
        key=lambda f: tuple(map(int, f[:-5].split("."))),
    )
    for old, new in zip(versions, versions[1:]):
        run = subprocess.run(
            [binary, "diff", "--json", folder + old, folder + new], capture_output=True, text=True
        )
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            print(f"skipped {folder}{old} -> {new}: {run.stderr.strip()[:120]}")
            continue
        pairs += 1
        for change in report["changes"]:
            total += 1
            unknown += change["direction"] == "UNKNOWN"
share = 100 * unknown / total if total else 0.0
print(f"{pairs} version pairs, {total} changes, {unknown} UNKNOWN ({share:.1f}%)")
