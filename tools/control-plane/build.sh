#!/usr/bin/env bash
# Builds the real kube-apiserver, kube-controller-manager and etcd from the Go modules pinned in this folder's go.mod/go.sum
# into a cache directory outside git, and prints that directory on its last line of stdout.
# The cache is keyed by what goes into the binaries (go.mod, go.sum, the main packages and the build
# flags), so a changed pin builds afresh and an unchanged one is reused; editing a message here does not.
# Progress goes to stderr. Needs Go (see go.mod's `go` line) and the Go module proxy on a first run.
#
# `build.sh policy-check` builds (or reuses) only policy-check, the offline evaluator of
# ValidatingAdmissionPolicies the unit tests run, and prints its path. It has its own cache key, so
# editing it does not rebuild the control plane, and it compiles in seconds from the Go build cache
# the control plane's build fills.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v go >/dev/null 2>&1; then
  echo "control-plane: Go is required to build kube-apiserver and etcd" \
    "(go.mod asks for $(sed -n 's/^go //p' go.mod)); it is not on PATH." >&2
  exit 1
fi

kubernetes_version="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
etcd_version="$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
# The binaries report the pinned Kubernetes version, not the placeholder of a build outside a release tag.
version_package=k8s.io/component-base/version
minor="${kubernetes_version#v1.}"; minor="${minor%%.*}"
ldflags="-s -w -X $version_package.gitVersion=$kubernetes_version -X $version_package.gitMajor=1"
ldflags+=" -X $version_package.gitMinor=$minor -X $version_package.gitTreeState=clean"
cache_root="${FINTECH_EKS_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fintech-eks-platform/control-plane}"

# Prints the path of policy-check, building it first if its inputs changed.
policy_check() {
  local hash dir
  hash="$({ sha256sum go.mod go.sum policy-check/main.go; echo "-trimpath $ldflags"; } | sha256sum | cut -c1-12)"
  dir="$cache_root/policy-check-$kubernetes_version-$hash"
  if [[ ! -x "$dir/policy-check" ]]; then
    mkdir -p "$cache_root"
    exec 8>"$cache_root/.policy-check.lock"
    flock 8
    if [[ ! -x "$dir/policy-check" ]]; then
      echo "control-plane: building policy-check into $dir" >&2
      local started=$SECONDS
      mkdir -p "$dir"
      # -trimpath and the same ldflags as the API server: the packages they share come from the build cache.
      nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$dir/.policy-check.tmp" ./policy-check
      mv "$dir/.policy-check.tmp" "$dir/policy-check"
      echo "control-plane: built policy-check in $((SECONDS - started)) s" >&2
    fi
    flock -u 8
  fi
  echo "$dir/policy-check"
}

if [[ "${1:-}" == policy-check ]]; then
  policy_check
  exit 0
fi
policy_check >/dev/null

sum_hash="$(
  { sha256sum go.mod go.sum etcd/main.go kube-apiserver/main.go kube-controller-manager/main.go; echo "-trimpath $ldflags"; } |
    sha256sum | cut -c1-12
)"
out="$cache_root/kubernetes-$kubernetes_version-etcd-$etcd_version-$sum_hash"

if [[ -x "$out/kube-apiserver" && -x "$out/kube-controller-manager" && -x "$out/etcd" ]]; then
  echo "control-plane: reusing kube-apiserver, kube-controller-manager $kubernetes_version and etcd $etcd_version in $out" >&2
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
# Two test runs starting together must not build into the same directory at once.
exec 9>"$cache_root/.build.lock"
flock 9
if [[ -x "$out/kube-apiserver" && -x "$out/kube-controller-manager" && -x "$out/etcd" ]]; then
  echo "$out"
  exit 0
fi

echo "control-plane: first build of kube-apiserver and kube-controller-manager $kubernetes_version" \
  "and etcd $etcd_version from Go modules into $out (takes several minutes; later runs reuse it)" >&2
started=$SECONDS
tmp="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "control-plane: downloading Go modules" >&2
go list -deps ./etcd ./kube-apiserver ./kube-controller-manager >/dev/null
echo "control-plane: modules ready after $((SECONDS - started)) s; compiling etcd" >&2
nice -n 10 go build -trimpath -o "$tmp/etcd" ./etcd
echo "control-plane: etcd built after $((SECONDS - started)) s; compiling kube-apiserver" >&2
nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$tmp/kube-apiserver" ./kube-apiserver
echo "control-plane: kube-apiserver built after $((SECONDS - started)) s; compiling kube-controller-manager" >&2
nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$tmp/kube-controller-manager" ./kube-controller-manager
mv "$tmp" "$out"
trap - EXIT
echo "control-plane: built kube-apiserver, kube-controller-manager and etcd in $((SECONDS - started)) s into $out" >&2
echo "$out"
