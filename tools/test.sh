#!/usr/bin/env bash
# npm test: every named check of package.json. The static checks (typecheck, lint, format:check,
# knip, commits:check) run in the background while the test suites run (test:unit, then
# test:control-plane), since jest leaves the cores idle part of the time. Ends by naming the
# steps that failed.
set -uo pipefail
cd "$(dirname "$0")/.."

static=(typecheck lint format:check knip commits:check)
pids=()
for step in "${static[@]}"; do
  npm run --silent "$step" &
  pids+=($!)
done

failed=()
npm run --silent test:unit || failed+=(test:unit)
npm run --silent test:control-plane || failed+=(test:control-plane)
for i in "${!static[@]}"; do
  wait "${pids[$i]}" || failed+=("${static[$i]}")
done

if ((${#failed[@]} > 0)); then
  echo "npm test: failed: ${failed[*]}" >&2
  exit 1
fi
