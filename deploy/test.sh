#!/usr/bin/env bash
# deploy/test.sh - build the solution and run every test project against a throwaway PostgreSQL.
#
# Steps: check prerequisites (Chromium for the back office's browser tests too); build Lottopar.Actors.sln (Debug; stops on build errors); start a
# throwaway PostgreSQL 15 cluster in a fresh /tmp/lottopar-test.XXXXXX on a free port (fsync
# and full_page_writes off: only the durability of this disposable cluster changes, not commit
# semantics); run `dotnet test` on every tests/**/*.Tests.csproj in turn (all of them, even after
# a failure); stop and delete the cluster; run the README's walkthrough against a fresh
# deploy/run.sh (deploy/readme-walkthrough.sh) and a bounded deploy/chaos.sh (two silos behind
# nginx, one killed under load; neither with LOTTOPAR_TEST_FILTER); print a summary table.
#
# Exit status: 0 only when every project passed, at least one test ran, and no test was skipped.
# A skipped test counts as a failure in this project: a test that cannot run here must be fixed,
# not skipped, or it silently stops guarding anything.
#
# The last line printed is "Total: N passed, N failed, N skipped" (failed also counts each
# project that failed without reporting failed tests, e.g. a crash).
#
# Exported to the tests:
#   LOTTOPAR_TEST_DB   Host=127.0.0.1;Port=...;Username=postgres;Password=... (superuser; test
#                      fixtures create their own databases)
#
# Environment (all optional):
#   LOTTOPAR_TEST_FILTER        passed as --filter to every dotnet test
#   LOTTOPAR_KEEP_TEST_CLUSTER  1: leave the cluster running afterwards and print its connection
#                               string and how to remove it (for debugging)
#   LOTTOPAR_TESTS_ROOT         where to look for *.Tests.csproj (default: <repo>/tests)
#   LOTTOPAR_SKIP_BUILD         1: do not build the solution (the test projects must already be
#                               built in Debug; used to test this script itself)
#   LOTTOPAR_PG_OS_USER         OS user running PostgreSQL when this runs as root (default: postgres)
#
# Leftovers of killed runs (/tmp/lottopar-test.* whose owning run is gone) are removed first.
set -euo pipefail

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

ROOT="$(repo_root)"
TESTS_ROOT="$(abs_path "${LOTTOPAR_TESTS_ROOT:-${ROOT}/tests}")"
FILTER="${LOTTOPAR_TEST_FILTER:-}"
KEEP="${LOTTOPAR_KEEP_TEST_CLUSTER:-0}"
SKIP_BUILD="${LOTTOPAR_SKIP_BUILD:-0}"

RESULTS=()          # one "name|status|passed|failed|skipped|total|seconds" per project
SKIPPED_NAMES=()    # "project: test" for every skipped test
FAILED_DETAILS=()   # per project with failures: its name, then each failed test and its message
CLUSTER_DONE=0

# ---------------------------------------------------------------------------------------------

solution_file() {
    local f
    for f in "${ROOT}/Lottopar.Actors.sln" "${ROOT}/Lottopar.Actors.slnx"; do
        if [[ -f "${f}" ]]; then
            printf '%s\n' "${f}"
            return 0
        fi
    done
    die "solution ${ROOT}/Lottopar.Actors.sln not found"
}

build_solution() {
    local sln
    if [[ "${SKIP_BUILD}" == 1 ]]; then
        log "LOTTOPAR_SKIP_BUILD=1: not building the solution"
        return 0
    fi
    sln="$(solution_file)"
    log "building ${sln} (Debug)"
    dotnet build "${sln}" -c Debug -nologo || die "build failed: no test was run"
}

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    local rc=$?
    stop_test_cluster
    exit "${rc}"
}

stop_test_cluster() {
    ((CLUSTER_DONE == 0)) || return 0
    CLUSTER_DONE=1
    [[ -n "${PG_TEMP_DIR}" ]] || return 0
    if [[ "${KEEP}" == 1 ]]; then
        : >"${PG_TEMP_DIR}/keep"
        log "LOTTOPAR_KEEP_TEST_CLUSTER=1: the test cluster keeps running"
        log "  LOTTOPAR_TEST_DB='${LOTTOPAR_TEST_DB:-}'"
        log "  psql: PGPASSWORD=\$(cat ${PG_TEMP_PWFILE}) psql -h 127.0.0.1 -p ${PG_TEMP_PORT} -U postgres"
        if is_root; then
            log "  remove: runuser -u ${LOTTOPAR_PG_OS_USER} -- pg_ctl -D ${PG_TEMP_DATA} stop && rm -rf ${PG_TEMP_DIR}"
        else
            log "  remove: pg_ctl -D ${PG_TEMP_DATA} stop && rm -rf ${PG_TEMP_DIR}"
        fi
        return 0
    fi
    pg_temp_cluster_cleanup
}

start_test_cluster() {
    local pw
    pg_temp_cluster_start lottopar-test -c fsync=off -c full_page_writes=off -c max_connections=400
    pw="$(read_secret "${PG_TEMP_PWFILE}")"
    export LOTTOPAR_TEST_DB="Host=127.0.0.1;Port=${PG_TEMP_PORT};Username=postgres;Password=${pw}"
    log "throwaway PostgreSQL on 127.0.0.1:${PG_TEMP_PORT} (${PG_TEMP_DIR})"
}

find_test_projects() {
    [[ -d "${TESTS_ROOT}" ]] || die "tests directory ${TESTS_ROOT} not found"
    find "${TESTS_ROOT}" -name '*.Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort
}

# parse_counts LOG: prints "passed failed skipped total found" summed over every summary in the
# output of one dotnet test run. Understands the one-line summary ("Passed!  - Failed: 0,
# Passed: 12, Skipped: 0, Total: 12, ..."), the normal-verbosity block ("Total tests: 12" then
# "Passed: 12", "Failed: 0", "Skipped: 0") and the terminal logger's "Test summary: total: ...".
parse_counts() {
    awk '
        function num(s) { gsub(/[^0-9]/, "", s); return s + 0 }
        /^[[:space:]]*(Passed|Failed)![[:space:]]+-[[:space:]]+Failed:/ {
            n = split($0, parts, ",")
            for (i = 1; i <= n; i++) {
                if (parts[i] ~ /Failed:/)  lf += num(substr(parts[i], index(parts[i], "Failed:")))
                if (parts[i] ~ /Passed:/)  lp += num(substr(parts[i], index(parts[i], "Passed:")))
                if (parts[i] ~ /Skipped:/) ls += num(substr(parts[i], index(parts[i], "Skipped:")))
                if (parts[i] ~ /Total:/)   lt += num(substr(parts[i], index(parts[i], "Total:")))
            }
            line = 1
            next
        }
        /^[[:space:]]*Total tests:[[:space:]]*[0-9]+[[:space:]]*$/ { inblock = 1; bt += num($0); block = 1; next }
        inblock && /^[[:space:]]*Passed:[[:space:]]*[0-9]+[[:space:]]*$/  { bp += num($0); next }
        inblock && /^[[:space:]]*Failed:[[:space:]]*[0-9]+[[:space:]]*$/  { bf += num($0); next }
        inblock && /^[[:space:]]*Skipped:[[:space:]]*[0-9]+[[:space:]]*$/ { bs += num($0); next }
        inblock && /^[[:space:]]*Total time:/ { inblock = 0; next }
        /Test summary: total: [0-9]+, failed: [0-9]+, succeeded: [0-9]+, skipped: [0-9]+/ {
            s = substr($0, index($0, "Test summary:"))
            split(s, f, ",")
            tt += num(f[1]); tf += num(f[2]); tp += num(f[3]); ts += num(f[4])
            term = 1
            next
        }
        END {
            if (line)       print lp + 0, lf + 0, ls + 0, lt + 0, 1
            else if (block) print bp + 0, bf + 0, bs + 0, bt + 0, 1
            else if (term)  print tp + 0, tf + 0, ts + 0, tt + 0, 1
            else            print 0, 0, 0, 0, 0
        }
    ' "$1"
}

# Names of skipped tests, from the console logger's "  Skipped Name [..]" lines.
skipped_test_names() {
    sed -n 's/^[[:space:]]*Skipped \(.*\) \[[^]]*\][[:space:]]*$/\1/p' "$1" | LC_ALL=C sort -u
}

# Each failed test with its error message (up to 8 lines), from the console logger's
# "  Failed Name [..]" line and the "Error Message:" block after it. CI shows only the end of
# the output, so the summary repeats them.
failed_test_details() {
    awk '
        /^[[:space:]]*Failed [^ ].* \[[^]]*\][[:space:]]*$/ { print "  " $0; keep = 1; n = 0; next }
        keep && /^[[:space:]]*Stack Trace:/ { keep = 0; next }
        keep && /^[[:space:]]*(Passed|Failed|Skipped) / { keep = 0; next }
        keep && n < 8 { print "    " $0; n++ }
    ' "$1"
}

run_test_project() {
    local proj="$1" name logfile rc=0 start counts status name_skipped
    local passed failed skipped total found args
    name="$(basename "${proj}" .csproj)"
    logfile="${PG_TEMP_DIR}/logs/${name}.log"
    mkdir -p "$(dirname "${logfile}")"
    args=(test "${proj}" --no-build -c Debug --logger "console;verbosity=normal")
    [[ -n "${FILTER}" ]] && args+=(--filter "${FILTER}")
    log "===== ${name}: dotnet ${args[*]@Q}"
    start="${SECONDS}"
    dotnet "${args[@]}" </dev/null 2>&1 | tee "${logfile}" || rc=$?
    counts="$(parse_counts "${logfile}")"
    read -r passed failed skipped total found <<<"${counts}"

    status=ok
    if ((rc != 0 || failed > 0)); then
        status=FAILED
        ((found == 1)) || status="FAILED (exit ${rc}, no test summary)"
    elif ((skipped > 0)); then
        status="FAILED (skipped)"
    elif ((found == 0 || total == 0)); then
        status="no tests"
    fi
    while IFS= read -r name_skipped; do
        [[ -n "${name_skipped}" ]] && SKIPPED_NAMES+=("${name}: ${name_skipped}")
    done < <(skipped_test_names "${logfile}")
    if ((failed > 0)); then
        FAILED_DETAILS+=("${name}:" "$(failed_test_details "${logfile}")")
    fi
    RESULTS+=("${name}|${status}|${passed}|${failed}|${skipped}|${total}|$((SECONDS - start))")
}

# The README's walkthrough against a fresh deploy/run.sh (deploy/readme-walkthrough.sh): one row
# of the summary, counting its blocks. Not run when LOTTOPAR_TEST_FILTER narrows the run.
run_readme_walkthrough() {
    local logfile rc=0 start blocks
    # Not under the test cluster's directory: that is gone once the cluster has stopped.
    logfile="$(mktemp /tmp/lottopar-walkthrough-log.XXXXXX)"
    log "===== README walkthrough: deploy/readme-walkthrough.sh"
    start="${SECONDS}"
    # On the Debug build made above (run.sh's own build is then up to date): the same code as
    # Release, without a second full build in the suite's time.
    LOTTOPAR_CONFIGURATION=Debug "${ROOT}/deploy/readme-walkthrough.sh" </dev/null 2>&1 | tee "${logfile}" || rc=$?
    blocks="$(sed -n 's/^WALKTHROUGH blocks=\([0-9]*\).*/\1/p' "${logfile}" | tail -n 1)"
    if ((rc == 0)) && [[ -n "${blocks}" ]]; then
        RESULTS+=("README walkthrough|ok|${blocks}|0|0|${blocks}|$((SECONDS - start))")
    else
        RESULTS+=("README walkthrough|FAILED|0|1|0|1|$((SECONDS - start))")
        FAILED_DETAILS+=("README walkthrough:" "$(grep -E 'README walkthrough failed|ERROR|error' "${logfile}" | tail -n 5)")
    fi
    rm -f "${logfile}"
}

# A bounded deploy/chaos.sh (about a minute on 2 cores): two silos behind nginx on a PostgreSQL of
# their own, one killed with SIGKILL under load and started again; every request re-sent with its
# key; nothing lost or stored twice, no quota oversold, no live silo declared dead. It uses the Debug
# build made above. One row of the summary. Not run when LOTTOPAR_TEST_FILTER narrows the run.
run_chaos() {
    local logfile rc=0 start
    logfile="$(mktemp /tmp/lottopar-chaos-log.XXXXXX)"
    log "===== chaos: deploy/chaos.sh --seconds 12 --rate 50"
    start="${SECONDS}"
    LOTTOPAR_CONFIGURATION=Debug LOTTOPAR_CHAOS_SKIP_BUILD=1 "${ROOT}/deploy/chaos.sh" --seconds 12 --rate 50 </dev/null 2>&1 |
        tee "${logfile}" || rc=$?
    if ((rc == 0)) && grep -q '^verdict: PASS' "${logfile}"; then
        RESULTS+=("chaos (two silos, kill -9)|ok|1|0|0|1|$((SECONDS - start))")
    else
        RESULTS+=("chaos (two silos, kill -9)|FAILED|0|1|0|1|$((SECONDS - start))")
        FAILED_DETAILS+=("chaos (two silos, kill -9):" "$(grep -E '^verdict|^\||ERROR' "${logfile}" | tail -n 6)")
    fi
    rm -f "${logfile}"
}

# Prints the table; returns non-zero when the run as a whole failed.
print_summary() {
    local row name status passed failed skipped total secs
    local sum_p=0 sum_f=0 sum_s=0 sum_t=0 bad=0 project_failures=0
    printf '\n===== test summary =====\n'
    printf '%-40s %-34s %7s %7s %8s %7s %7s\n' PROJECT RESULT PASSED FAILED SKIPPED TOTAL TIME
    for row in "${RESULTS[@]}"; do
        IFS='|' read -r name status passed failed skipped total secs <<<"${row}"
        printf '%-40s %-34s %7d %7d %8d %7d %6ss\n' "${name}" "${status}" "${passed}" "${failed}" \
            "${skipped}" "${total}" "${secs}"
        sum_p=$((sum_p + passed)); sum_f=$((sum_f + failed))
        sum_s=$((sum_s + skipped)); sum_t=$((sum_t + total))
        if [[ "${status}" == FAILED* ]]; then
            bad=1
            ((failed > 0 || skipped > 0)) || project_failures=$((project_failures + 1))
        fi
    done
    if ((${#SKIPPED_NAMES[@]} > 0 || sum_s > 0)); then
        printf '\n%d test(s) were skipped. A skipped test counts as a failure in this project: a test\n' "${sum_s}"
        printf 'that cannot run here must be fixed or removed, not skipped. Skipped:\n'
        printf '  %s\n' "${SKIPPED_NAMES[@]:-"(names not reported)"}"
    fi
    if ((${#FAILED_DETAILS[@]} > 0)); then
        printf '\nFailed tests:\n'
        printf '%s\n' "${FAILED_DETAILS[@]}"
    fi
    if ((sum_t == 0)); then
        printf '\nNo test ran at all: that is a failure too.\n'
        bad=1
    fi
    printf '\nWall time: %ss\n' "$((SECONDS - START_SECONDS))"
    printf 'Total: %d passed, %d failed, %d skipped\n' "${sum_p}" "$((sum_f + project_failures))" "${sum_s}"
    ((bad == 0))
}

# The back office's browser tests drive Debian's Chromium through Playwright (no browser download).
ensure_test_prerequisites() {
    probe_ok /usr/bin/chromium || apt_ensure chromium
}

main() {
    local projects=() proj
    START_SECONDS="${SECONDS}"
    ensure_prerequisites
    ensure_test_prerequisites
    build_solution
    mapfile -t projects < <(find_test_projects)
    ((${#projects[@]} > 0)) || die "no *.Tests.csproj under ${TESTS_ROOT}: no test to run"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_test_cluster

    for proj in "${projects[@]}"; do
        run_test_project "${proj}"
    done

    stop_test_cluster
    if [[ -z "${FILTER}" ]]; then
        run_readme_walkthrough
        run_chaos
    fi
    print_summary
}

main "$@"
