#!/usr/bin/env bash
# deploy/chaos.sh - two silos, one PostgreSQL, kill -9: nothing acknowledged is lost, nothing is
# stored twice, no quota is oversold, and only the killed silo is declared dead.
#
# A run of its own on a throwaway directory (/tmp/lottopar-chaos.XXXXXX) and free ports, never the
# user's .data or ports. It builds the silo and the load tool (tests/Lottopar.Benchmarks, run as
# "chaos"), then starts PostgreSQL, two silos and nginx exactly as `LOTTOPAR_SILOS=2
# deploy/run.sh` does (the same functions: deploy/lib/platform.sh), and:
#   1. prepares: 16 POS terminals under the demonstration provider (42), a catalog whose draws
#      close at 23:58 in Sao Paulo (so it runs at any hour but the day's last two minutes), and on
#      draw 01, the hot draw every sale plays, a quota of 100 centavos per number against sales of
#      30: numbers sell out (the fourth sale is partial, then code 6) all through the run;
#   2. loads, through nginx, for --seconds: betting events of 2,000 players, each event with an
#      Idempotency-Key of its own, and webSale sales, each terminal one at a time with a new
#      invoice number (numfact). A request without a final answer (no answer, 502, 503, a sale's
#      code 0) is sent again with its key every 200 ms until it has one or the load ends, as an
#      operator's client would (sooner than the Retry-After of 5 s, to see when service returns);
#   3. a third into the load, has the silo that hosts draw 01's turn grain (found in the
#      dashboard's counters) killed with SIGKILL, waits until the survivor votes it dead in
#      orleans_membership, starts it again on the same ports and waits until it is ready, while
#      the load goes on (the load tool says when; this script owns the processes);
#   4. re-sends every request with its key (a bet: its Idempotency-Key and body; a sale: its POS
#      and invoice number) until each has a final answer, reads PostgreSQL and prints the table.
#
# Usage: deploy/chaos.sh [--seconds N] [--rate N]
#   --seconds N  length of the load (default 60)
#   --rate N     betting events and sales offered per second, each (an open loop); 0, the default,
#                is full load: a closed loop of 64 betting workers and 16 terminals, each sending
#                its next request as soon as the last one is answered
#
# The table, one row for betting events and one for webSale sales:
#   requests     keyed requests of the load (each counted once, however often it was sent)
#   2xx          requests acknowledged during the load: 201 for an event; for a sale a ticket
#                number (full or partial), since webSale answers every outcome with HTTP 200 and a code
#   stored       requests with their row in PostgreSQL after the re-send (a sale that found its
#                number sold out, code 6, has none)
#   lost         acknowledgements, during the load or the re-send, with no row behind them: must be 0
#   duplicates   requests stored more than once after everything was re-sent with the same keys: must be 0
#   tickets over quota   tickets that took a number of draw 01 past its quota, in commit order: must be 0
#   kill -> next success on a moved grain   seconds from the kill to the first answer from a grain
#                that lived on the killed silo: for sales, draw 01's turn grain; for betting events,
#                one refused on an attempt sent after the kill (a grain of it was there), sent again
# Below it: silos wrongly declared dead (orleans_membership status 6 for any incarnation but the
# killed one, such as a busy survivor taken for a dead one: must be 0), when the killed one was voted
# dead and was ready again, suspicions recorded against live silos, the membership probes that
# timed out (from the silos' logs: 3 in a row make a silo suspected), the answers met during the
# load and in the re-send, and the verdict. Exit status 0 only for "verdict: PASS".
#
# The silos run with run.sh's settings but one: the per-key rate limit is lifted, since one API key
# sends the whole betting load.
#
# Environment (all optional):
#   LOTTOPAR_CONFIGURATION    build configuration (default: Release)
#   LOTTOPAR_CHAOS_SKIP_BUILD 1: use the existing build of that configuration (deploy/test.sh has made it)
#   LOTTOPAR_CHAOS_KEEP       1: keep the throwaway directory (logs, nginx.conf)
#   LOTTOPAR_PG_OS_USER       OS user running PostgreSQL when this runs as root (default: postgres)
# Leftovers of killed runs (/tmp/lottopar-chaos.* whose owner is gone, with their processes) are removed first.
set -euo pipefail

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

SECONDS_OF_LOAD=60
RATE=0
WORK=""
TOOL_PID=""
VICTIM=""
KILLED_AT=""
CHAOS_STARTED=${SECONDS}

usage() {
    sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

parse_arguments() {
    while (($# > 0)); do
        case "$1" in
            --seconds) SECONDS_OF_LOAD="${2:-}"; shift 2 || usage ;;
            --rate) RATE="${2:-}"; shift 2 || usage ;;
            *) usage ;;
        esac
    done
    if ! [[ "${SECONDS_OF_LOAD}" =~ ^[0-9]+$ ]] || ((SECONDS_OF_LOAD < 6)); then
        die "--seconds must be a whole number of at least 6"
    fi
    [[ "${RATE}" =~ ^[0-9]+$ ]] || die "--rate must be a whole number (0: full load)"
}

# Processes and directories of chaos runs that were killed before they could clean up.
remove_orphans() {
    local d owner file pid
    for d in /tmp/lottopar-chaos.*; do
        [[ -d "${d}" && ! -L "${d}" ]] || continue
        owner="$(cat "${d}/owner.pid" 2>/dev/null || true)"
        [[ -n "${owner}" ]] && pid_alive "${owner}" && continue
        [[ -e "${d}/keep" ]] && continue
        log "removing leftover ${d} of an earlier run"
        # Only processes of that run: nginx names its configuration there, a silo its data directory.
        for file in "${d}/data/silo-1.pid" "${d}/data/silo-2.pid" "${d}/data/nginx/nginx.pid"; do
            pid="$(cat "${file}" 2>/dev/null || true)"
            pid_alive "${pid}" || continue
            if [[ "$(pid_cmdline "${pid}")" == *"${d}/data/nginx/nginx.conf"* ]] ||
                tr '\0' '\n' <"/proc/${pid}/environ" 2>/dev/null | grep -xF "Lottopar__DataDirectory=${d}/data" >/dev/null; then
                kill -KILL "${pid}" 2>/dev/null || true
            fi
        done
        pg_cluster_stop "${d}/data/postgres" || warn "could not stop the cluster in ${d}/data/postgres"
        rm -rf "${d}"
    done
}

# Free ports, all different, for everything the two-silo platform listens on.
pick_ports() {
    local taken=" " port name
    for name in PG HTTP SILO1_HTTP SILO2_HTTP SILO SILO2 GATEWAY GATEWAY2; do
        port="$(free_port)"
        while [[ "${taken}" == *" ${port} "* ]]; do port="$(free_port)"; done
        taken+="${port} "
        export "LOTTOPAR_${name}_PORT=${port}"
    done
}

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    local rc=$? n
    trap '' INT TERM
    if [[ -n "${TOOL_PID}" ]] && pid_alive "${TOOL_PID}"; then
        kill -TERM "${TOOL_PID}" 2>/dev/null || true
        wait "${TOOL_PID}" 2>/dev/null || true
    fi
    if ((rc != 0)) && [[ -n "${WORK}" && -d "${WORK}/data/logs" ]]; then
        for n in 1 2; do
            log "last lines of silo ${n}'s warnings and errors (${SILO_LOGS[n]:-}):"
            grep -E ' (warn|fail|crit):' "${SILO_LOGS[n]:-/dev/null}" 2>/dev/null | tail -n 8 >&2 || true
        done
    fi
    stop_proxy
    stop_silos
    [[ -z "${WORK}" ]] || pg_cluster_stop "${PG_DATA}" || warn "could not stop PostgreSQL in ${PG_DATA}"
    if [[ -n "${WORK}" && "${LOTTOPAR_CHAOS_KEEP:-0}" == 1 ]]; then
        : >"${WORK}/keep"
        log "kept ${WORK} (logs in ${WORK}/data/logs); remove it with rm -rf ${WORK}"
    elif [[ -n "${WORK}" ]]; then
        rm -rf "${WORK}"
    fi
    log "chaos.sh took $((SECONDS - CHAOS_STARTED)) s"
    exit "${rc}"
}

build() {
    local project="${ROOT}/tests/Lottopar.Benchmarks/Lottopar.Benchmarks.csproj"
    if [[ "${LOTTOPAR_CHAOS_SKIP_BUILD:-0}" == 1 ]]; then
        log "LOTTOPAR_CHAOS_SKIP_BUILD=1: using the ${CONFIG} build as it is"
    else
        # The load tool's project references the silo's, so this builds both.
        log "building ${project} and the silo (${CONFIG})"
        dotnet build "${project}" -c "${CONFIG}" -nologo -v q >&2 || die "build of ${project} failed"
    fi
    [[ -f "${SILO_DLL}" ]] || die "${SILO_DLL} is missing: build the ${CONFIG} configuration"
    [[ -f "${TOOL_DLL}" ]] || die "${TOOL_DLL} is missing: build the ${CONFIG} configuration"
}

# Runs the load tool as a coprocess and does what it asks: "kill PORT" (kill -9 that silo, answer
# "killed MS"), "dead SECONDS" (the survivor has voted, or "dead never": start the silo again on its
# ports, answer "ready MS" once it is ready). Every other line it prints is passed on.
run_chaos() {
    local line rc=0 tool_out tool_in tool_pid
    coproc CHAOS_TOOL {
        exec dotnet "${TOOL_DLL}" chaos --url "${BASE_URL}" --data "${DATA}" --logs "${LOG_DIR}" \
            --seconds "${SECONDS_OF_LOAD}" --rate "${RATE}"
    }
    tool_pid="${CHAOS_TOOL_PID}"
    TOOL_PID="${tool_pid}"
    # bash drops the coprocess's descriptors when it exits: keep copies to read its last lines.
    exec {tool_out}<&"${CHAOS_TOOL[0]}" {tool_in}>&"${CHAOS_TOOL[1]}"
    while IFS= read -r line <&"${tool_out}"; do
        case "${line}" in
            "kill "*) kill_silo "${line#kill }" && printf 'killed %s\n' "${KILLED_AT}" >&"${tool_in}" ;;
            # (The silo started again must not hold the ends of the tool's pipes.)
            "dead "*) restart_silo "${line#dead }" {tool_out}<&- {tool_in}>&- && printf 'ready %s\n' "$(date +%s%3N)" >&"${tool_in}" ;;
            *) printf '%s\n' "${line}" ;;
        esac
    done
    wait "${tool_pid}" || rc=$?
    TOOL_PID=""
    exec {tool_out}<&- {tool_in}>&-
    return "${rc}"
}

# kill_silo ORLEANS_PORT: kill -9 the silo listening there.
kill_silo() {
    local port="$1" n
    VICTIM=""
    for n in 1 2; do
        [[ "${SILO_ORLEANS_PORTS[n]}" == "${port}" ]] && VICTIM="${n}"
    done
    [[ -n "${VICTIM}" ]] || die "the load tool asked to kill silo port ${port}, which is neither silo's"
    kill -KILL "${SILO_PIDS[VICTIM]}"
    KILLED_AT="$(date +%s%3N)"
    log "killed silo ${VICTIM} (pid ${SILO_PIDS[VICTIM]}, silo port ${port}) with SIGKILL: it hosted draw 01's turn grain"
    wait "${SILO_PIDS[VICTIM]}" 2>/dev/null || true
    SILO_PIDS[VICTIM]=""
}

# restart_silo SECONDS: the survivor voted the killed silo dead after SECONDS ("never": it did not);
# it starts again on the same ports.
restart_silo() {
    if [[ "$1" == never ]]; then
        warn "the survivor did not vote silo ${VICTIM} dead: starting it again all the same"
    else
        log "the survivor voted silo ${VICTIM} dead $1 s after the kill"
    fi
    start_silo "${VICTIM}"
    wait_until_ready "${VICTIM}"
    log "silo ${VICTIM} is ready again, $(awk -v from="${KILLED_AT}" -v to="$(date +%s%3N)" 'BEGIN { printf "%.1f", (to - from) / 1000 }') s after the kill"
}

main() {
    parse_arguments "$@"
    remove_orphans
    WORK="$(mktemp -d /tmp/lottopar-chaos.XXXXXX)"
    printf '%s\n' "$$" >"${WORK}/owner.pid"
    # PostgreSQL's OS user must reach its cluster below; the secrets directory stays 700.
    chmod 711 "${WORK}"
    pick_ports
    export LOTTOPAR_DATA_DIR="${WORK}/data" LOTTOPAR_SILOS=2 LOTTOPAR_DEMO=1
    export Lottopar__ApiKeys__RequestsPerSecond=1000000 Lottopar__ApiKeys__Burst=1000000
    # What the chaos run checks is the synchronous paths (nothing acknowledged lost or doubled, no quota
    # oversold); the integrity module reads behind them and has tests of its own. Off here unless asked
    # (LOTTOPAR_CHAOS_INTEGRITY=true): its consumers double the run's time on two cores.
    export Lottopar__Integrity__Enabled="${LOTTOPAR_CHAOS_INTEGRITY:-false}"

    # shellcheck source=deploy/lib/platform.sh
    source "${LOTTOPAR_LIB_DIR}/platform.sh"
    TOOL_DLL="${ROOT}/tests/Lottopar.Benchmarks/bin/${CONFIG}/net10.0/Lottopar.Benchmarks.dll"
    validate_settings
    ensure_prerequisites
    ensure_proxy_prerequisites
    prepare_data_dir

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    printf '%s\n' "$$" >"${RUN_PID_FILE}"
    start_database
    build
    export_silo_environment
    apply_migrations >/dev/null
    bootstrap_first_admin
    seed_demo_data
    start_silo 1
    start_silo 2
    wait_until_ready 1
    wait_until_ready 2
    start_proxy
    wait_proxy_ready
    log "platform up after $((SECONDS - CHAOS_STARTED)) s: nginx ${BASE_URL}, silos ${SILO_URLS[*]}"

    run_chaos
}

main "$@"
