#!/usr/bin/env bash
# What the tests need beyond Python: Ajv for the Node.js IHOP harness (from the committed
# lock file) and headless Chromium (Debian's package) for the HTML report's browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix suite/harnesses/ajv --no-audit --no-fund
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "install-tools: Chromium is missing; install it (Debian: apt-get install chromium)" \
         "or the browser test of the HTML report will be reported as skipped" >&2
  fi
fi
