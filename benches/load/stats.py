#!/usr/bin/env python3
"""Summarises the benchmark's RESULT lines: median [min-max] of every number, per name.

    ... | python3 benches/load/stats.py            markdown: one table per name
    ... | python3 benches/load/stats.py --text     one MEDIAN line per name
    ... | python3 benches/load/stats.py --json     one JSON object per name

Reads stdin; only lines of the form "RESULT <name> key=value key=value ..." count (anything else,
such as progress messages, is skipped). Lines are grouped by <name>, in order of first appearance;
for each key whose values are all numbers the summary is the median and the min-max over the
runs. Keys with non-numeric values (NA, versions) are left out of the figures.
"""
import json
import re
import statistics
import sys

NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse(line):
    """(name, {key: value-string}) of one RESULT line, or None."""
    parts = line.split()
    if len(parts) < 2 or parts[0] != "RESULT":
        return None
    values = {}
    for token in parts[2:]:
        key, sep, value = token.partition("=")
        if sep:
            values[key] = value
    return parts[1], values


def fmt(x, commas=True):
    if abs(x) >= 1000:
        return f"{x:,.0f}" if commas else f"{x:.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}".rstrip("0").rstrip(".")
    return f"{x:.3f}".rstrip("0").rstrip(".")


def summarise(lines):
    groups = {}
    for line in lines:
        parsed = parse(line.strip())
        if parsed is None:
            continue
        name, values = parsed
        group = groups.setdefault(name, {"runs": 0, "keys": {}})
        group["runs"] += 1
        for key, value in values.items():
            group["keys"].setdefault(key, []).append(value)
    out = {}
    for name, group in groups.items():
        figures = {}
        for key, values in group["keys"].items():
            if all(NUMBER.fullmatch(v) for v in values):
                numbers = [float(v) for v in values]
                figures[key] = {"median": statistics.median(numbers), "min": min(numbers),
                                "max": max(numbers), "runs": numbers}
        out[name] = {"runs": group["runs"], "figures": figures}
    return out


def cell(f, commas=True):
    if f["min"] == f["max"]:
        return fmt(f["median"], commas)
    return f"{fmt(f['median'], commas)} [{fmt(f['min'], commas)}–{fmt(f['max'], commas)}]"


def main():
    summary = summarise(sys.stdin)
    if "--json" in sys.argv:
        for name, group in summary.items():
            print(json.dumps({"name": name, **group}))
    elif "--text" in sys.argv:
        for name, group in summary.items():
            cells = " ".join(f"{k}={cell(f, commas=False).replace(' ', '')}" for k, f in group["figures"].items())
            print(f"MEDIAN {name} (n={group['runs']}): {cells}")
    else:
        for name, group in summary.items():
            print(f"### {name} ({group['runs']} run{'s' if group['runs'] != 1 else ''})\n")
            print("| key | median [min–max] |")
            print("|---|---|")
            for key, f in group["figures"].items():
                print(f"| {key} | {cell(f)} |")
            print()
    return 0 if summary else 1


if __name__ == "__main__":
    sys.exit(main())
