#!/usr/bin/env bash
# Fetches the source of every Helm chart in charts.tsv, at the exact version the stack pins, from
# the Go module that go.mod and go.sum pin, into a cache directory outside git, one directory per
# chart named <chart>-<version>; prints the cache directory on its last line of stdout.
# The cache is keyed by this folder's files, so a changed pin fetches afresh and an unchanged one is
# reused. Progress goes to stderr. Needs Go and the Go module proxy on a first run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v go >/dev/null 2>&1; then
  echo "charts: Go is required to fetch the charts' Go modules (go.mod asks for $(sed -n 's/^go //p' go.mod)); it is not on PATH." >&2
  exit 1
fi

key="$(sha256sum go.mod go.sum charts.tsv fetch.sh | sha256sum | cut -c1-12)"
cache_root="${FINTECH_EKS_CHARTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fintech-eks-platform/charts}"
out="$cache_root/$key"
if [[ -f "$out/.complete" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.fetch.lock"
flock 9
if [[ -f "$out/.complete" ]]; then
  echo "$out"
  exit 0
fi
started=$SECONDS
tmp="$(mktemp -d "$cache_root/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# What a chart's files hash to, leaving out the two files a chart release edits.
content_sha256() {
  (cd "$1" && find . -type f ! -name Chart.yaml ! -name CHANGELOG.md | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
}

while IFS=$'\t' read -r chart version app_version module directory wanted; do
  [[ -z "$chart" || "$chart" == \#* ]] && continue
  module_dir="$(go mod download -json "$module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  module_version="$(go list -m -f '{{.Version}}' "$module")"
  source="$module_dir/$directory"
  if [[ ! -f "$source/Chart.yaml" ]]; then
    echo "charts: $module $module_version has no chart in $directory (charts.tsv, $chart $version)" >&2
    exit 1
  fi
  found="$(content_sha256 "$source")"
  if [[ "$found" != "$wanted" ]]; then
    echo "charts: $module $module_version $directory is not the source of $chart $version:" \
      "its files hash to $found, charts.tsv expects $wanted" >&2
    exit 1
  fi
  if ! grep -qx "name: $chart" "$source/Chart.yaml"; then
    echo "charts: $module $module_version $directory/Chart.yaml does not name the chart $chart" >&2
    exit 1
  fi
  cp -R "$source" "$tmp/$chart-$version"
  chmod -R u+w "$tmp/$chart-$version"
  sed -i -e "s/^version: .*/version: $version/" -e "s/^appVersion: .*/appVersion: $app_version/" "$tmp/$chart-$version/Chart.yaml"
  echo "charts: $chart $version from $module $module_version ($directory)" >&2
done < charts.tsv

touch "$tmp/.complete"
mv "$tmp" "$out"
trap - EXIT
echo "charts: fetched in $((SECONDS - started)) s into $out" >&2
echo "$out"
