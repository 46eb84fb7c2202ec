#!/usr/bin/env bash
# npm test: every named check of package.json, all at once, since each leaves the cores idle part
# of the time (jest between test files, the control-plane suite while its API servers start):
# the static checks (typecheck, lint, format:check, knip, commits:check) and the control-plane
# suite in the background, jest in the foreground. The control-plane suite's report is printed
# after jest's, whole, so the two do not interleave. Ends by naming the steps that failed.
set -uo pipefail
cd "$(dirname "$0")/.."

static=(typecheck lint format:check knip commits:check)
pids=()
for step in "${static[@]}"; do
  npm run --silent "$step" &
  pids+=($!)
done
control_plane_log="$(mktemp)"
trap 'rm -f "$control_plane_log"' EXIT
npm run --silent test:control-plane >"$control_plane_log" 2>&1 &
control_plane=$!

failed=()
npm run --silent test:unit || failed+=(test:unit)
wait "$control_plane" || failed+=(test:control-plane)
cat "$control_plane_log"
for i in "${!static[@]}"; do
  wait "${pids[$i]}" || failed+=("${static[$i]}")
done

if ((${#failed[@]} > 0)); then
  echo "npm test: failed: ${failed[*]}" >&2
  exit 1
fi
