#!/usr/bin/env bash
# Prints the directory of the Go module k8s.io/kubernetes at the version this folder's go.mod pins:
# the sources the kube-apiserver is built from, with upstream's record of its bootstrap RBAC roles
# and discovery documents, which the unit tests compare the platform's roles with. Downloads the
# module from the Go module proxy unless Go's module cache has it. Needs Go (see go.mod's `go` line).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  echo "control-plane: Go is required to locate k8s.io/kubernetes" \
    "(go.mod asks for $(sed -n 's/^go //p' go.mod)); it is not on PATH." >&2
  exit 1
fi

go mod download k8s.io/kubernetes
go list -m -f '{{.Dir}}' k8s.io/kubernetes
