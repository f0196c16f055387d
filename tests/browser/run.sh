#!/usr/bin/env bash
# The browser tests: Playwright driving Debian's Chromium against the concord binary (built
# beforehand, at target/debug/concord or $CONCORD_BIN) and a local OpenID Connect provider.
# Arguments go to `playwright test` (a spec file, -g PATTERN, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ "$(id -u)" -eq 0 && "$chromium" == /usr/bin/chromium ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "no Chromium at $chromium: install Debian's chromium package, or set CHROMIUM" >&2
    exit 1
  fi
fi

# Never Playwright's own browsers: Debian's Chromium only.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund
exec npx playwright test "$@"
