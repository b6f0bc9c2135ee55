#!/usr/bin/env bash
# deploy/bench.sh - run the benchmarks against a throwaway, durable PostgreSQL 15 cluster.
#
# Starts a fresh cluster in /tmp/lottopar-bench.XXXXXX on a free port with PostgreSQL's durable
# defaults (fsync, synchronous_commit and full_page_writes on) plus max_connections=400 and
# shared_buffers=512MB, then runs
#   dotnet run -c Release --project tests/Lottopar.Benchmarks -- "$@"
# and stops and deletes the cluster when it ends (also on Ctrl-C or failure). Arguments are
# passed to the benchmark program unchanged: deploy/bench.sh [orleans-writes|lag|betting|betting-latency|integrity|websale|payments|vault|failover|all] [seconds]
# (see docs/benchmarks.md).
#
# Exported to the benchmarks:
#   LOTTOPAR_BENCH_DB   Host=127.0.0.1;Port=...;Username=postgres;Password=... (superuser)
#
# Environment (all optional):
#   LOTTOPAR_PG_OS_USER       OS user running PostgreSQL when this runs as root (default: postgres)
#   LOTTOPAR_BENCH_SILO_ENV   more environment for the silo processes of the HTTP benchmarks, for
#                             experiments (e.g. "DOTNET_GCGen0MaxBudget=0x2000000"); NAME=value, split on spaces
#   LOTTOPAR_BENCH_PG_EXTRA   more server settings for the throwaway cluster, for experiments
#                             (e.g. "-c max_wal_size=4GB -c wal_compression=lz4"); split on spaces
#
# Leftovers of killed runs (/tmp/lottopar-bench.* whose owning run is gone) are removed first.
set -euo pipefail

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

ROOT="$(repo_root)"
BENCH_PROJECT="${ROOT}/tests/Lottopar.Benchmarks"

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    local rc=$?
    trap '' INT TERM
    pg_temp_cluster_cleanup
    exit "${rc}"
}

main() {
    local pw rc=0 extra=()
    ensure_prerequisites
    [[ -d "${BENCH_PROJECT}" ]] || die "benchmark project ${BENCH_PROJECT} not found"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    read -ra extra <<<"${LOTTOPAR_BENCH_PG_EXTRA:-}"
    pg_temp_cluster_start lottopar-bench -c max_connections=400 -c shared_buffers=512MB "${extra[@]}"
    pw="$(read_secret "${PG_TEMP_PWFILE}")"
    export LOTTOPAR_BENCH_DB="Host=127.0.0.1;Port=${PG_TEMP_PORT};Username=postgres;Password=${pw}"
    log "throwaway PostgreSQL on 127.0.0.1:${PG_TEMP_PORT} (${PG_TEMP_DIR})"

    dotnet run -c Release --project "${BENCH_PROJECT}" -- "$@" || rc=$?
    ((rc == 0)) || log "benchmarks exited with code ${rc}"
    exit "${rc}"
}

main "$@"
