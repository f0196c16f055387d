#!/usr/bin/env python3
"""Times `concord diff` on large generated schemas, to see how the compatibility engine scales.

Each schema has N definitions of six properties: strings with maxLength, integers, enums,
references to earlier definitions, and oneOf of two prefixed string patterns and a reference.
Forty root properties reference definitions. Two kinds of new version are compared with the old:

- `edited`: ten definitions edited as real revisions are (a property added, a maxLength raised,
  an enum value added), everything else kept;
- `repointed`: every root property re-pointed at another definition, the adversarial case where
  many unrelated definitions are compared with each other.

Usage: python3 scripts/large-schema-diff.py [path/to/concord] [N…]   (default:
target/release/concord, 40 80 160 300). Prints size, changes, directions and wall time per run.
"""
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def schema(n, seed, edited=False, repointed=False):
    rng = random.Random(seed)
    defs = {}
    for i in range(n):
        props = {}
        for j in range(6):
            k = rng.random()
            if k < 0.3:
                props[f"f{j}"] = {"type": "string", "maxLength": rng.choice([10, 20, 40]),
                                  "description": f"Field {j} of definition {i}"}
            elif k < 0.5:
                props[f"f{j}"] = {"type": "integer", "minimum": 0}
            elif k < 0.7 and i > 0:
                props[f"f{j}"] = {"$ref": f"#/$defs/d{rng.randrange(i)}"}
            elif k < 0.85:
                props[f"f{j}"] = {"oneOf": [{"type": "string", "pattern": "^a:"},
                                            {"type": "string", "pattern": "^b:"},
                                            {"$ref": f"#/$defs/d{rng.randrange(max(i, 1))}"}]}
            else:
                props[f"f{j}"] = {"enum": ["x", "y", "z"]}
        defs[f"d{i}"] = {"type": "object", "properties": props, "required": ["f0"]}
    roots = {f"p{i}": {"$ref": f"#/$defs/d{rng.randrange(n)}"} for i in range(40)}
    if edited:
        for i in rng.sample(range(n), min(10, n)):
            props = defs[f"d{i}"]["properties"]
            for value in props.values():
                if "maxLength" in value:
                    value["maxLength"] += 5
                if "enum" in value:
                    value["enum"].append("w")
            props["added"] = {"type": "string"}
    if repointed:
        roots = {name: {"$ref": f"#/$defs/d{rng.randrange(n)}"} for name in roots}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": roots, "$defs": defs}


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/concord"
    sizes = [int(a) for a in sys.argv[2:]] or [40, 80, 160, 300]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            old = Path(tmp, f"old-{n}.json")
            old.write_text(json.dumps(schema(n, 1)))
            for kind in ["edited", "repointed"]:
                new = Path(tmp, f"{kind}-{n}.json")
                new.write_text(json.dumps(schema(n, 1, **{kind: True})))
                start = time.perf_counter()
                run = subprocess.run([binary, "diff", "--json", str(old), str(new)],
                                     capture_output=True, text=True)
                elapsed = time.perf_counter() - start
                report = json.loads(run.stdout)
                directions = Counter(c["direction"] for c in report["changes"])
                print(f"N={n:<4} {old.stat().st_size / 1024:6.0f} KB {kind:<9} "
                      f"{len(report['changes']):4} changes {dict(directions)} "
                      f"{elapsed * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
