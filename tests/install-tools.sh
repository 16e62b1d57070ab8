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
