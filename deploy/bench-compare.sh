#!/usr/bin/env bash
# deploy/bench-compare.sh - one benchmark on a baseline commit and on this checkout, in one run.
#
# Usage: deploy/bench-compare.sh <commit> <benchmark> [seconds]
#   e.g. deploy/bench-compare.sh 31a74a3 betting 10   (31a74a3: the last commit before Orleans)
#
# Checks <commit> out into a temporary git worktree and runs its own deploy/bench.sh <benchmark>
# [seconds] there (its code, its build, its benchmark program), then this checkout's, one after
# the other on the same machine, each against a fresh throwaway PostgreSQL cluster with the same
# settings (deploy/bench.sh). Both outputs are printed in full, each under a heading naming its
# commit. The worktree is removed at exit. Nothing else should run on the machine meanwhile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMIT="${1:?usage: deploy/bench-compare.sh <commit> <benchmark> [seconds]}"
BENCH="${2:?usage: deploy/bench-compare.sh <commit> <benchmark> [seconds]}"
shift 2

BASELINE="$(mktemp -d /tmp/lottopar-bench-baseline.XXXXXX)"
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    git -C "${ROOT}" worktree remove --force "${BASELINE}" >/dev/null 2>&1 || rm -rf "${BASELINE}"
    git -C "${ROOT}" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

git -C "${ROOT}" worktree add --detach "${BASELINE}" "${COMMIT}" >/dev/null

echo "===== baseline: $(git -C "${BASELINE}" log -1 --format='%h %cs %s')"
(cd "${BASELINE}" && deploy/bench.sh "${BENCH}" "$@")

changes=""
git -C "${ROOT}" diff --quiet HEAD || changes=" (with uncommitted changes)"
echo "===== this checkout: $(git -C "${ROOT}" log -1 --format='%h %cs %s')${changes}"
(cd "${ROOT}" && deploy/bench.sh "${BENCH}" "$@")
