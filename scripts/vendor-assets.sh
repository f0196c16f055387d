#!/usr/bin/env bash
# Vendors Concord's third-party front-end assets from the npm registry into assets/vendor/,
# which the server embeds at build time (nothing is loaded from a CDN at run time).
#
#   scripts/vendor-assets.sh           fetch the pinned packages, rebuild assets/vendor/ and
#                                      its MANIFEST.json and README.md (needs node, npm, python3
#                                      and the npm registry; same pins give the same files)
#   scripts/vendor-assets.sh --check   offline: every file in assets/vendor/ must match the
#                                      sha256 recorded in MANIFEST.json, nothing may be missing
#                                      or extra, and the pins below must match the manifest
#                                      (needs only bash and python3; exit 1 on any mismatch)
#
# To upgrade a package, change its pin below, run the script, review the diff and check the
# pages (GraphiQL especially) still work under Concord's Content-Security-Policy.
set -euo pipefail

# Pins (exact versions). GraphiQL 4.1.x is the last line that ships a self-contained UMD build
# (5.x is ESM only, built on Monaco with web workers, and needs a bundler); it accepts React 18
# or 19, and React 18.3.1 is the last React with UMD builds (19 dropped them).
GRAPHIQL_VERSION=4.1.2
REACT_VERSION=18.3.1
REACT_DOM_VERSION=18.3.1
GOVUK_FRONTEND_VERSION=5.14.0 # latest 5.x
# Build tool only (compiles govuk-frontend's Sass); nothing of it is vendored.
SASS_VERSION=1.108.2

# govuk-frontend's compile-time settings: a system font stack, no GDS Transport @font-face
# (Concord is not a GOV.UK service), and asset paths under Concord's own prefix (no fonts or
# images are vendored; the only url() left is the footer crest, which Concord must not use).
GOVUK_FONT_FAMILY='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
GOVUK_ASSETS_PATH=/assets/vendor/govuk-frontend/assets/

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
vendor="$root/assets/vendor"

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# All JSON work (manifest, README, check) is done by this one Python program, so that --check
# needs nothing but python3.
py() {
  python3 - "$@" <<'PY'
import hashlib, json, os, re, sys

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()

def human(n):
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.2f} MiB"

def readme(manifest):
    pk = manifest["packages"]
    lines = [
        "# Vendored front-end assets",
        "",
        "Third-party files that Concord embeds at build time and serves itself under",
        "`/assets/vendor/`: no page loads anything from a CDN. Everything here is written by",
        "`scripts/vendor-assets.sh` from pinned npm packages; do not edit these files by hand.",
        "",
        "- Regenerate (needs node, npm and the npm registry): `scripts/vendor-assets.sh`",
        "- Check nothing was edited, offline (CI): `scripts/vendor-assets.sh --check`",
        "",
        "`MANIFEST.json` records, for every file, its package, version, licence (SPDX, from the",
        "package's `package.json`), the npm tarball's `integrity`, the path it came from inside",
        "the package, and the sha256 of the file as written here.",
        "",
        "| Package | Version | Licence | Files |",
        "| --- | --- | --- | --- |",
    ]
    for name in sorted(pk):
        files = [f for f in manifest["files"] if f["package"] == name]
        names = ", ".join(f"`{os.path.basename(f['path'])}`" for f in files)
        lines.append(f"| {name} | {pk[name]['version']} | {pk[name]['licence']} | {names} |")
    total = sum(f["bytes"] for f in manifest["files"])
    lines += ["", f"Total: {len(manifest['files'])} files, {human(total)}.", ""]
    tools = manifest.get("build_tools", {})
    if tools:
        used = ", ".join(f"{n} {t['version']}" for n, t in sorted(tools.items()))
        lines += [f"Built with (not vendored): {used}.", ""]
    notes = [f for f in manifest["files"] if f.get("transform")]
    if notes:
        lines += ["Files that differ from the package's own:", ""]
        for f in notes:
            lines.append(f"- `{f['path']}`: {f['transform']}")
        lines.append("")
    lines += [
        "Other notes:",
        "",
        "- `graphiql.min.js` bundles its own dependencies (CodeMirror 5, graphql-js, graphql-ws,",
        "  markdown-it, Radix UI and others, all under permissive licences); it needs the React",
        "  and ReactDOM UMD builds beside it, loaded first as globals.",
        "- `govuk-frontend.min.css` has no GDS Transport font (the GOV.UK typeface is for GOV.UK",
        "  services only) and no images are vendored: do not use the crown, the crest or",
        "  `govuk-footer__copyright-logo`, whose rule still names an image that is not here.",
        "- `govuk-frontend.min.js` is an ES module: load it from a first-party module",
        "  (`<script type=\"module\" src=...>`) that adds `js-enabled` and",
        "  `govuk-frontend-supported` to `<body>`'s classes (GOV.UK's template does this with",
        "  an inline script, which the CSP refuses), then imports `initAll` and calls it.",
        "",
    ]
    return "\n".join(lines)

def build(records_path, meta_dir, out_dir, manifest_path, readme_path):
    packages, tools = {}, {}
    for name in sorted(os.listdir(meta_dir)):
        meta = json.load(open(os.path.join(meta_dir, name)))
        (tools if meta.pop("tool", False) else packages)[meta.pop("name")] = meta
    files = []
    for line in open(records_path):
        dest, package, source, transform = line.rstrip("\n").split("\t")
        full = os.path.join(out_dir, dest)
        p = packages[package]
        entry = {
            "path": dest,
            "package": package,
            "version": p["version"],
            "licence": p["licence"],
            "integrity": p["integrity"],
            "source": source,
            "sha256": sha256(full),
            "bytes": os.path.getsize(full),
        }
        if transform:
            entry["transform"] = transform
        files.append(entry)
    files.sort(key=lambda f: f["path"])
    manifest = {
        "comment": "Written by scripts/vendor-assets.sh; check with scripts/vendor-assets.sh --check.",
        "packages": dict(sorted(packages.items())),
        "build_tools": dict(sorted(tools.items())),
        "files": files,
    }
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write("\n")
    with open(readme_path, "w") as f:
        f.write(readme(manifest))

def check(vendor, pins):
    problems = []
    manifest_path = os.path.join(vendor, "MANIFEST.json")
    try:
        manifest = json.load(open(manifest_path))
    except (OSError, ValueError) as e:
        print(f"vendor-assets --check: cannot read {manifest_path}: {e}", file=sys.stderr)
        return 1
    listed = set()
    for f in manifest.get("files", []):
        path = f["path"]
        listed.add(path)
        full = os.path.join(vendor, path)
        if not os.path.isfile(full):
            problems.append(f"missing: {path}")
            continue
        got = sha256(full)
        if got != f["sha256"]:
            problems.append(f"changed: {path} (sha256 {got}, manifest says {f['sha256']})")
        pkg = manifest["packages"].get(f["package"])
        if pkg is None or pkg["version"] != f["version"]:
            problems.append(f"manifest: {path} names {f['package']}@{f['version']}, not in packages")
    for dirpath, _, names in os.walk(vendor):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), vendor)
            if rel not in listed and rel not in ("MANIFEST.json", "README.md"):
                problems.append(f"not in the manifest: {rel}")
    for pin in pins:
        name, _, version = pin.rpartition("@")
        section = manifest["build_tools"] if name in manifest.get("build_tools", {}) else manifest["packages"]
        have = section.get(name, {}).get("version")
        if have != version:
            problems.append(f"pin: the script pins {name}@{version}, the manifest has {have}; rerun scripts/vendor-assets.sh")
    readme_path = os.path.join(vendor, "README.md")
    try:
        if open(readme_path).read() != readme(manifest):
            problems.append("changed: README.md (it is generated from MANIFEST.json)")
    except OSError:
        problems.append("missing: README.md")
    if problems:
        for p in problems:
            print(f"vendor-assets --check: {p}", file=sys.stderr)
        print(f"vendor-assets --check: {len(problems)} problem(s); rerun scripts/vendor-assets.sh", file=sys.stderr)
        return 1
    total = sum(f["bytes"] for f in manifest["files"])
    print(f"vendor-assets --check: {len(listed)} files match MANIFEST.json ({human(total)})")
    return 0

def strip_font_faces(src, dest):
    css = open(src, encoding="utf-8").read()
    out, n = re.subn(r"@font-face\s*\{[^{}]*\}\s*", "", css)
    if n == 0 or "data:font" in out or "@font-face" in out:
        sys.exit(f"strip-font-faces: unexpected CSS in {src} ({n} rules removed)")
    open(dest, "w", encoding="utf-8").write(out)
    print(n)

def pack_info(pack_json, view_integrity, name):
    info = json.load(open(pack_json))[0]
    if info["integrity"] != view_integrity:
        sys.exit(f"{name}: npm pack integrity {info['integrity']} != registry's {view_integrity}")
    print(info["filename"])

def meta(package_json, integrity, dest, tool):
    p = json.load(open(package_json))
    licence = p.get("license")
    if not isinstance(licence, str):
        sys.exit(f"{package_json}: no SPDX licence string")
    m = {"name": p["name"], "version": p["version"], "licence": licence, "integrity": integrity}
    if tool == "tool":
        m["tool"] = True
    json.dump(m, open(dest, "w"))

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "build":
    build(*args)
elif cmd == "check":
    sys.exit(check(args[0], args[1:]))
elif cmd == "strip-font-faces":
    strip_font_faces(*args)
elif cmd == "pack-info":
    pack_info(*args)
elif cmd == "meta":
    meta(*args)
else:
    sys.exit(f"unknown command {cmd}")
PY
}

pins=(
  "graphiql@$GRAPHIQL_VERSION"
  "react@$REACT_VERSION"
  "react-dom@$REACT_DOM_VERSION"
  "govuk-frontend@$GOVUK_FRONTEND_VERSION"
  "sass@$SASS_VERSION"
)

case "${1:-}" in
  --check)
    py check "$vendor" "${pins[@]}"
    exit $?
    ;;
  -h | --help)
    usage
    exit 0
    ;;
  "") ;;
  *)
    usage >&2
    exit 2
    ;;
esac

for tool in node npm python3 tar; do
  command -v "$tool" >/dev/null || {
    echo "vendor-assets: $tool is needed" >&2
    exit 1
  }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/concord-vendor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pack" "$tmp/pkg" "$tmp/meta" "$tmp/out" "$tmp/sass"
records="$tmp/records.tsv"
: >"$records"

npm_quiet=(--no-audit --no-fund --no-update-notifier --loglevel=error)

# Downloads one package's tarball (no dependencies, no install scripts), checks it against the
# registry's integrity, unpacks it to $tmp/pkg/NAME and records its metadata.
fetch_package() {
  local name=$1 version=$2 kind=${3:-package} integrity tarball
  integrity=$(npm view "$name@$version" dist.integrity "${npm_quiet[@]}")
  [[ -n "$integrity" ]] || {
    echo "vendor-assets: no integrity for $name@$version" >&2
    exit 1
  }
  (cd "$tmp/pack" && npm pack "$name@$version" --json "${npm_quiet[@]}" >"$name.pack.json")
  tarball=$(py pack-info "$tmp/pack/$name.pack.json" "$integrity" "$name")
  mkdir -p "$tmp/pkg/$name"
  tar -xzf "$tmp/pack/$tarball" -C "$tmp/pkg/$name" --strip-components=1 --no-same-owner
  py meta "$tmp/pkg/$name/package.json" "$integrity" "$tmp/meta/$name.json" "$kind"
  echo "vendor-assets: $name@$version ($integrity)"
}

# Copies FILE (a path inside package NAME) to assets/vendor/NAME/, flat, and records it.
vendor_file() {
  local name=$1 source=$2 dest_name=${3:-}
  dest_name=${dest_name:-$(basename "$source")}
  [[ -f "$tmp/pkg/$name/$source" ]] || {
    echo "vendor-assets: $name has no $source" >&2
    exit 1
  }
  mkdir -p "$tmp/out/$name"
  cp "$tmp/pkg/$name/$source" "$tmp/out/$name/$dest_name"
  printf '%s\t%s\t%s\t%s\n' "$name/$dest_name" "$name" "$source" "" >>"$records"
}

vendor_licence() {
  local name=$1 file
  for file in LICENSE LICENSE.md LICENSE.txt LICENCE license; do
    if [[ -f "$tmp/pkg/$name/$file" ]]; then
      vendor_file "$name" "$file" LICENSE
      return
    fi
  done
  echo "vendor-assets: $name has no licence file" >&2
  exit 1
}

fetch_package graphiql "$GRAPHIQL_VERSION"
fetch_package react "$REACT_VERSION"
fetch_package react-dom "$REACT_DOM_VERSION"
fetch_package govuk-frontend "$GOVUK_FRONTEND_VERSION"
fetch_package sass "$SASS_VERSION" tool

# GraphiQL: the UMD bundle as shipped; its stylesheet without the @font-face rules, whose
# fonts (Roboto, Fira Code) are inlined as data: URLs that the CSP's font-src 'self' refuses.
# GraphiQL then uses the browser's sans-serif and monospace fonts.
vendor_file graphiql graphiql.min.js
mkdir -p "$tmp/out/graphiql"
removed=$(py strip-font-faces "$tmp/pkg/graphiql/graphiql.min.css" "$tmp/out/graphiql/graphiql.min.css")
printf '%s\t%s\t%s\t%s\n' graphiql/graphiql.min.css graphiql graphiql.min.css \
  "the package's file without its $removed @font-face rules (fonts inlined as data: URLs, which font-src 'self' refuses); GraphiQL falls back to the browser's sans-serif and monospace" \
  >>"$records"
vendor_licence graphiql

vendor_file react umd/react.production.min.js
vendor_licence react
vendor_file react-dom umd/react-dom.production.min.js
vendor_licence react-dom

# govuk-frontend: CSS compiled from its Sass with Concord's settings; its ES module bundle.
(
  cd "$tmp/sass"
  printf '{"name":"concord-vendor-build","private":true}\n' >package.json
  npm install --no-save --no-package-lock --ignore-scripts "${npm_quiet[@]}" \
    "sass@$SASS_VERSION" >/dev/null
)
cat >"$tmp/sass/govuk-frontend.scss" <<SCSS
@use "govuk-frontend/dist/govuk" with (
  \$govuk-font-family: ($GOVUK_FONT_FAMILY),
  \$govuk-include-default-font-face: false,
  \$govuk-assets-path: "$GOVUK_ASSETS_PATH"
);
SCSS
mkdir -p "$tmp/out/govuk-frontend"
"$tmp/sass/node_modules/.bin/sass" --no-source-map --style=compressed --quiet-deps \
  --load-path="$tmp/pkg" "$tmp/sass/govuk-frontend.scss" "$tmp/out/govuk-frontend/govuk-frontend.min.css"
css="$tmp/out/govuk-frontend/govuk-frontend.min.css"
if grep -q 'GDS Transport\|@font-face\|/assets/fonts/' "$css"; then
  echo "vendor-assets: govuk-frontend.min.css still names the GDS Transport font" >&2
  exit 1
fi
grep -q -- '--govuk-frontend-version: *"'"$GOVUK_FRONTEND_VERSION"'"' "$css" || {
  echo "vendor-assets: govuk-frontend.min.css is not version $GOVUK_FRONTEND_VERSION" >&2
  exit 1
}
printf '%s\t%s\t%s\t%s\n' govuk-frontend/govuk-frontend.min.css govuk-frontend dist/govuk/index.scss \
  "compiled with sass $SASS_VERSION (--style=compressed) with \$govuk-font-family: $GOVUK_FONT_FAMILY; \$govuk-include-default-font-face: false; \$govuk-assets-path: \"$GOVUK_ASSETS_PATH\"" \
  >>"$records"
vendor_file govuk-frontend dist/govuk/govuk-frontend.min.js
if ! ls "$tmp/pkg/govuk-frontend"/LICEN[CS]E* >/dev/null 2>&1; then
  # The npm package ships no licence file (package.json says MIT); this is LICENSE.txt of
  # the govuk-frontend source repository.
  cat >"$tmp/out/govuk-frontend/LICENSE" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
  printf '%s\t%s\t%s\t%s\n' govuk-frontend/LICENSE govuk-frontend "(none in the npm package)" \
    "MIT licence text from LICENSE.txt of the govuk-frontend source repository; the npm package has no licence file" \
    >>"$records"
else
  vendor_licence govuk-frontend
fi

py build "$records" "$tmp/meta" "$tmp/out" "$tmp/out/MANIFEST.json" "$tmp/out/README.md"

# Replace assets/vendor/ whole, so files dropped from the list do not linger.
rm -rf "$vendor"
mkdir -p "$vendor"
cp -R "$tmp/out/." "$vendor/"
py check "$vendor" "${pins[@]}"
