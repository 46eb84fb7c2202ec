#!/usr/bin/env bash
# Lints the GitHub Actions workflows (this repository's, and the examples users copy) with
# actionlint and ShellCheck, at the versions pinned in tools/actionlint/ (installed into a cache
# outside git on the first run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(tools/actionlint/build.sh | tail -1)"
"$tools/actionlint" -no-color -shellcheck "$tools/venv/bin/shellcheck" .github/workflows/*.yml examples/github-workflows/*.yml
