#!/usr/bin/env python3
"""The compatibility engine on real version histories of published standards.

Each folder under tests/compat/histories/ holds consecutive revisions of one standard's JSON
Schema (001.json, 002.json, …; SOURCES.md says where they come from). For every consecutive pair
this runs `concord diff --json OLD NEW`, times it, and prints per standard and in total: pairs,
changes, UNKNOWN changes and their share, the median and worst wall time per diff, and the witness
check: every witness the report carries is validated independently with Python's `jsonschema`
(validator class from `$schema`, 2020-12 when there is none, as `concord diff` does; `format` not
asserted) against both schemas, and must be valid on the side the report names and invalid on
the other. Concord asserts the formats it knows (docs/COMPATIBILITY.md), so each witness is
checked a second time with `format` asserted (jsonschema's checkers plus stdlib approximations of
`uri`, `uri-reference`, `iri`, `iri-reference`, `duration` and `hostname`, each from the draft
that defines it, and `date` from draft-04 on, as Concord's validator checks it), and each
disagreement says whether it is only the difference in format
assertion. Disagreements, failed diffs and the five slowest pairs are listed.

Usage: python3 scripts/history-share.py [path/to/concord] [--dir tests/compat/histories]
                                        [--list-unknown] [--timeout SECONDS]
(default binary: target/release/concord). `--list-unknown` also prints every UNKNOWN change,
grouped by kind. `jsonschema` (pip install jsonschema) is optional: without it the witness check
is skipped.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict

try:
    import jsonschema
except ImportError:  # the witness check is optional
    jsonschema = None


def validator_class(schema):
    """The jsonschema validator for a schema's `$schema` (http/https, with or without `#`)."""
    uri = schema.get("$schema", "") if isinstance(schema, dict) else ""
    for marker, name in [
        ("draft/2020-12", "Draft202012Validator"),
        ("draft/2019-09", "Draft201909Validator"),
        ("draft-07", "Draft7Validator"),
        ("draft-06", "Draft6Validator"),
        ("draft-04", "Draft4Validator"),
        ("draft-03", "Draft3Validator"),
    ]:
        if marker in uri:
            return getattr(jsonschema, name)
    return jsonschema.Draft202012Validator


# Formats Concord asserts that jsonschema has no checker for without extra packages: close
# stdlib approximations (RFC 3986 / RFC 3987 shapes, RFC 3339 appendix A durations), used only to
# tell which disagreements come from Concord asserting `format`.
_URI_CHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]]|%[0-9A-Fa-f]{2}{extra})"
_FRAGMENT = r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}{extra})*)?"
_DURATION = re.compile(
    r"P(?:\d+W|(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)"
    r"(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?"
    r"|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))", re.ASCII)
_HOSTNAME = re.compile(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*", re.ASCII)


def _uri_like(international, relative):
    extra = "|[\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffd]" if international else ""
    body = re.compile(_URI_CHAR.replace("{extra}", extra) + "*" + _FRAGMENT.replace("{extra}", extra))
    absolute = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:" + body.pattern)

    def check(value):
        if not isinstance(value, str):
            return True
        if absolute.fullmatch(value):
            return True
        # a relative reference: no scheme, so no ':' before the first '/', '?' or '#'
        return relative and body.fullmatch(value) is not None and ":" not in re.split(r"[/?#]", value)[0]
    return check


_DRAFTS = ["Draft3Validator", "Draft4Validator", "Draft6Validator", "Draft7Validator",
           "Draft201909Validator", "Draft202012Validator"]


def format_checker(cls):
    """jsonschema's checker for the draft, plus the formats Concord asserts that it lacks, each
    from the draft that defines it."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checkers = dict(cls.FORMAT_CHECKER.checkers)
    extra = {  # name: (first draft defining it, check)
        "uri": ("Draft4Validator", _uri_like(False, False)),
        "hostname": ("Draft4Validator",
                     lambda v: not isinstance(v, str) or _HOSTNAME.fullmatch(v) is not None),
        "uri-reference": ("Draft6Validator", _uri_like(False, True)),
        "iri": ("Draft7Validator", _uri_like(True, False)),
        "iri-reference": ("Draft7Validator", _uri_like(True, True)),
        "duration": ("Draft201909Validator",
                     lambda v: not isinstance(v, str) or _DURATION.fullmatch(v) is not None),
    }
    for name, (since, check) in extra.items():
        if name not in checker.checkers and _DRAFTS.index(cls.__name__) >= _DRAFTS.index(since):
            checker.checks(name)(check)
    # Concord's validator checks `date` from draft-04 on (draft 7 defines it; jsonschema's
    # draft-04 and draft-06 checkers leave it out).
    if "date" not in checker.checkers and _DRAFTS.index(cls.__name__) >= 1:
        checker.checkers["date"] = jsonschema.Draft7Validator.FORMAT_CHECKER.checkers["date"]
    return checker


class Validators:
    """Compiled validators per schema file, built on first use: one that does not assert `format`
    (the check asked for) and one that asserts it as Concord does (to explain disagreements)."""

    def __init__(self):
        self.cache = {}

    def _get(self, path, formats):
        key = (path, formats)
        if key not in self.cache:
            with open(path, encoding="utf-8") as fh:
                schema = json.load(fh)
            cls = validator_class(schema)
            self.cache[key] = cls(schema, format_checker=format_checker(cls) if formats else None)
        return self.cache[key]

    def is_valid(self, path, document, formats=False):
        return self._get(path, formats).is_valid(document)


def revisions(folder):
    return sorted(f for f in os.listdir(folder) if re.fullmatch(r"\d+\.json", f))


def pair_name(old, new):
    return f"{old[:-5]}->{new[:-5]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default="target/release/concord")
    parser.add_argument("--dir", default="tests/compat/histories")
    parser.add_argument("--list-unknown", action="store_true",
                        help="print every UNKNOWN change, grouped by kind")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds one diff may take before it counts as failed")
    args = parser.parse_args()

    validators = Validators() if jsonschema else None
    standards = sorted(d for d in os.listdir(args.dir) if os.path.isdir(os.path.join(args.dir, d)))
    rows = []
    all_times = []           # (seconds, standard, pair, old bytes, new bytes, changes)
    failures = []            # (standard, pair, text)
    disagreements = []       # (standard, pair, kind, pointer, agrees with formats, detail)
    unchecked = []           # (standard, pair, kind, pointer, error)
    unknowns = []            # (standard, pair, kind, pointer, message)
    directions = Counter()

    for standard in standards:
        folder = os.path.join(args.dir, standard)
        files = revisions(folder)
        pairs = changes = unknown = checked = disagreeing = disagreeing_formats = failed = 0
        times = []
        for old, new in zip(files, files[1:]):
            old_path, new_path = os.path.join(folder, old), os.path.join(folder, new)
            pair = pair_name(old, new)
            start = time.perf_counter()
            try:
                run = subprocess.run([args.binary, "diff", "--json", old_path, new_path],
                                     capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                failures.append((standard, pair, f"timed out after {args.timeout:.0f} s"))
                failed += 1
                continue
            elapsed = time.perf_counter() - start
            try:
                report = json.loads(run.stdout)
            except json.JSONDecodeError:
                failures.append((standard, pair, f"exit {run.returncode}: {run.stderr.strip()}"))
                failed += 1
                continue
            pairs += 1
            times.append(elapsed)
            all_times.append((elapsed, standard, pair, os.path.getsize(old_path),
                              os.path.getsize(new_path), len(report["changes"])))
            for change in report["changes"]:
                changes += 1
                directions[change["direction"]] += 1
                if change["direction"] == "UNKNOWN":
                    unknown += 1
                    unknowns.append((standard, pair, change["kind"], change["pointer"],
                                     change.get("instancePath", ""), change["message"]))
                witness = change.get("witness")
                if not witness or validators is None:
                    continue
                document, side = witness["document"], witness["validUnder"]
                other = "NEW" if side == "OLD" else "OLD"
                verdicts = {}
                try:
                    for formats in (False, True):
                        valid = {name: validators.is_valid(path, document, formats)
                                 for name, path in (("OLD", old_path), ("NEW", new_path))}
                        verdicts[formats] = (valid, valid[side] and not valid[other])
                except Exception as error:  # e.g. a pattern Python's re cannot compile
                    unchecked.append((standard, pair, change["kind"], change["pointer"],
                                      f"{type(error).__name__}: {error}"[:200]))
                    continue
                checked += 1
                plain_ok, formats_ok = verdicts[False][1], verdicts[True][1]
                disagreeing += not plain_ok
                disagreeing_formats += not formats_ok
                if not (plain_ok and formats_ok):
                    if formats_ok:
                        why = "only when format is not asserted (Concord asserts it)"
                    elif plain_ok:
                        why = "only when format is asserted"
                    else:
                        why = "with and without format asserted"
                    seen = "; ".join(
                        f"{'formats asserted' if f else 'format not asserted'}: OLD "
                        f"{verdicts[f][0]['OLD']}, NEW {verdicts[f][0]['NEW']}" for f in (False, True))
                    disagreements.append((
                        standard, pair, change["kind"], change["pointer"], formats_ok,
                        f"disagrees {why}. Report: valid under {side} only; jsonschema {seen}; "
                        f"witness {json.dumps(document)[:300]}"))
        rows.append((standard, pairs, changes, unknown, times, checked, disagreeing,
                     disagreeing_formats, failed))

    def line(name, pairs, changes, unknown, times, checked, disagreeing, disagreeing_formats,
             failed):
        share = 100 * unknown / changes if changes else 0.0
        median = statistics.median(times) * 1000 if times else 0.0
        worst = max(times) * 1000 if times else 0.0
        witness = (f"{checked:8} {disagreeing:8} {disagreeing_formats:8}" if validators
                   else f"{'-':>8} {'-':>8} {'-':>8}")
        return (f"{name:<18} {pairs:5} {changes:7} {unknown:7} {share:6.1f}% "
                f"{median:9.1f} {worst:9.1f} {witness} {failed:6}")

    print(f"{'':<18} {'':>5} {'':>7} {'':>7} {'':>7} {'':>9} {'':>9} {'witness check':^26}")
    print(f"{'standard':<18} {'pairs':>5} {'changes':>7} {'UNKNOWN':>7} {'share':>7} "
          f"{'median ms':>9} {'worst ms':>9} {'checked':>8} {'disagree':>8} {'+formats':>8} "
          f"{'failed':>6}")
    for row in rows:
        print(line(*row))
    total_times = [t for r in rows for t in r[4]]
    sums = [sum(r[i] for r in rows) for i in (1, 2, 3, 5, 6, 7, 8)]
    print(line("TOTAL", *sums[:3], total_times, *sums[3:]))
    print("(disagree: jsonschema without format assertion, as asked; +formats: jsonschema asserting "
          "format as Concord does)")
    print("directions: " + ", ".join(f"{d} {n}" for d, n in directions.most_common()))
    if validators is None:
        print("witness check skipped: `jsonschema` is not installed (pip install jsonschema)")
    elif unchecked:
        print(f"{len(unchecked)} witnesses could not be checked by jsonschema:")
        for standard, pair, kind, pointer, error in unchecked:
            print(f"  {standard} {pair} {kind} at {pointer or '(root)'}: {error}")

    explained = sum(1 for d in disagreements if d[4])
    print(f"witness disagreements: {len(disagreements)} ({explained} only because jsonschema "
          f"was not asserting format)")
    for standard, pair, kind, pointer, _, detail in sorted(disagreements, key=lambda d: d[4]):
        print(f"  {standard} {pair} {kind} at {pointer or '(root)'}: {detail}")
    print(f"failed diffs: {len(failures)}")
    for standard, pair, text in failures:
        print(f"  {standard} {pair}: {text}")
    print("slowest pairs:")
    for elapsed, standard, pair, old_size, new_size, count in sorted(all_times, reverse=True)[:5]:
        print(f"  {elapsed * 1000:9.1f} ms  {standard} {pair}  "
              f"{old_size / 1024:.0f} KB -> {new_size / 1024:.0f} KB, {count} changes")

    if args.list_unknown:
        by_kind = defaultdict(list)
        for item in unknowns:
            by_kind[item[2]].append(item)
        print(f"\nUNKNOWN changes: {len(unknowns)}")
        for kind, items in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"\n{kind} ({len(items)})")
            for standard, pair, _, pointer, instance, message in items:
                print(f"  {standard} {pair} at {pointer or '(root)'} "
                      f"(instance {instance or '(root)'}): {message}")


if __name__ == "__main__":
    sys.exit(main())
