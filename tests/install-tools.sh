#!/usr/bin/env bash
# What the tests need beyond Python, each step announced before it runs:
#   1. Ajv for the Node.js IHOP harness: `npm ci` from the committed lock file, into
#      suite/harnesses/ajv/node_modules (this checkout only);
#   2. headless Chromium, for the HTML report's browser test: only if it is missing, and
#      only as root with apt-get (Debian's `chromium` package, system-wide); anyone else
#      is told how, and the browser test is then skipped. NO_CHROMIUM=1 skips this step;
#   3. two virtual environments under .venvs/ (this checkout only), below.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "install-tools: $*" >&2; }
say "npm ci in suite/harnesses/ajv (Ajv for the Node.js harness, from the lock file)"
npm ci --prefix suite/harnesses/ajv --no-audit --no-fund
if [ -n "${NO_CHROMIUM:-}" ]; then
  say "NO_CHROMIUM is set: not installing Chromium (the HTML report's browser test is skipped)"
elif command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  say "Chromium is installed already"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian's chromium package system-wide with apt-get (for the HTML report's" \
      "browser test; NO_CHROMIUM=1 skips this)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  say "Chromium is missing; install it (Debian: apt-get install chromium)" \
      "or the browser test of the HTML report will be reported as skipped"
fi

# Two virtual environments of the kind another repository has, for
# tests/test_hypothesis_versions.py: one with the newest Hypothesis release, one with the
# oldest the suite supports (the floor in pyproject.toml). Hypothesis goes in first and the
# suite after it, as a user would add the plugin; the test checks the suite left it alone.
floor=$(sed -n 's/^ *"hypothesis>=\([0-9.]*\)",.*/\1/p' pyproject.toml)
if [ -z "$floor" ]; then
  echo "install-tools: no \"hypothesis>=X\" floor found in pyproject.toml" >&2
  exit 1
fi
python=$(command -v python || command -v python3)
prepare_venv() {  # NAME REQUIREMENT
  local venv=".venvs/hypothesis-$1"
  say "preparing $venv ($2, then this suite) for tests/test_hypothesis_versions.py"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade "$2"
  "$venv/bin/python" -c 'import hypothesis; print(hypothesis.__version__)' \
    > "$venv/hypothesis-before-suite"
  "$venv/bin/python" -m pip install -q -e '.[crosscheck]'
  echo "install-tools: $venv has Hypothesis $(cat "$venv/hypothesis-before-suite")"
}
prepare_venv newest hypothesis
prepare_venv oldest "hypothesis==$floor"
