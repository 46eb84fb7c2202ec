#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow linter) from the version pinned in this folder's
# go.mod/go.sum, and installs ShellCheck (which actionlint runs on every `run:` script) from the
# version pinned in requirements.txt, into a cache directory outside git. Prints that directory
# on its last line of stdout: <dir>/actionlint and <dir>/venv/bin/shellcheck. Keyed by the pins,
# so a changed pin installs afresh. Needs Go, Python 3 and, on a first run, their package indexes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

for tool in go python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "actionlint: $tool is required to install the workflow linter; it is not on PATH." >&2
    exit 1
  fi
done

version="$(go list -m -f '{{.Version}}' github.com/rhysd/actionlint)"
pins_hash="$(sha256sum go.mod go.sum requirements.txt | sha256sum | cut -c1-12)"
out="${XDG_CACHE_HOME:-$HOME/.cache}/fintech-eks-platform/actionlint-$version-$pins_hash"

if [[ ! -x "$out/actionlint" || ! -x "$out/venv/bin/shellcheck" ]]; then
  echo "actionlint: installing actionlint $version and ShellCheck into $out" >&2
  mkdir -p "$out"
  go build -trimpath -o "$out/actionlint.tmp" github.com/rhysd/actionlint/cmd/actionlint
  mv "$out/actionlint.tmp" "$out/actionlint"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check --requirement requirements.txt
fi
echo "$out"
