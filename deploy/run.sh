#!/usr/bin/env bash
# deploy/run.sh - start the Lottopar platform on this machine, in the foreground.
#
# Starts (or reuses) a private PostgreSQL 15 cluster, creates the "lottopar" role and database,
# builds the silo, applies the database migrations and runs the silo until Ctrl-C. Logs go to the
# terminal and to $LOTTOPAR_DATA_DIR/logs/silo.log. On exit (Ctrl-C, TERM, or the silo stopping)
# the silo and then PostgreSQL are stopped. Data persists across runs: the data directory is
# never deleted. Safe to re-run; a second run stops the silo of the first one and takes over.
#
# Environment (all optional):
#   LOTTOPAR_DATA_DIR        where everything persistent lives (default: <repo>/.data):
#                              postgres/        the PostgreSQL cluster (postgres.log beside it)
#                              secrets/         generated passwords (mode 600)
#                              logs/silo.log    silo output, appended across runs
#                              silo.pid         pid of the running silo
#                              run.pid          pid of the run.sh that owns the running cluster
#   LOTTOPAR_PG_PORT         TCP port of PostgreSQL on 127.0.0.1 (default: 5433)
#   LOTTOPAR_HTTP_PORT       HTTP port of the silo on 127.0.0.1 (default: 5080)
#   LOTTOPAR_SILO_PORT       Orleans silo-to-silo port on 127.0.0.1 (default: 11111)
#   LOTTOPAR_GATEWAY_PORT    Orleans client gateway port on 127.0.0.1 (default: 30000)
#   LOTTOPAR_CONFIGURATION   dotnet build configuration (default: Release)
#   LOTTOPAR_READY_TIMEOUT   seconds to wait for /health/ready (default: 60)
#   LOTTOPAR_ADMIN_EMAIL     e-mail of the first LOTTOPAR admin, created on the first run
#                            (default: admin@lottopar.local; credentials in secrets/first-admin.env)
#   LOTTOPAR_DEMO            0: do not add the demonstration operator on the first run (default 1)
#   ASPNETCORE_ENVIRONMENT   passed to the silo (default: Development)
#   LOTTOPAR_PG_OS_USER      OS user running PostgreSQL when this runs as root (default: postgres)
#
# Exported to the silo (and its migrate step):
#   ConnectionStrings__Lottopar  Host=127.0.0.1;Port=...;Database=lottopar;Username=lottopar;Password=...
#   Lottopar__DataDirectory      $LOTTOPAR_DATA_DIR
#   Lottopar__Orleans__SiloPort / GatewayPort   $LOTTOPAR_SILO_PORT / $LOTTOPAR_GATEWAY_PORT
set -euo pipefail

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

ROOT="$(repo_root)"
DATA="$(abs_path "${LOTTOPAR_DATA_DIR:-${ROOT}/.data}")"
PG_PORT="${LOTTOPAR_PG_PORT:-5433}"
HTTP_PORT="${LOTTOPAR_HTTP_PORT:-5080}"
SILO_PORT="${LOTTOPAR_SILO_PORT:-11111}"
GATEWAY_PORT="${LOTTOPAR_GATEWAY_PORT:-30000}"
CONFIG="${LOTTOPAR_CONFIGURATION:-Release}"
READY_TIMEOUT="${LOTTOPAR_READY_TIMEOUT:-60}"

PG_DATA="${DATA}/postgres"
SECRETS="${DATA}/secrets"
SUPERUSER_PW_FILE="${SECRETS}/postgres-superuser-password"
DB_PW_FILE="${SECRETS}/lottopar-db-password"
LOG_DIR="${DATA}/logs"
SILO_LOG="${LOG_DIR}/silo.log"
SILO_PID_FILE="${DATA}/silo.pid"
RUN_PID_FILE="${DATA}/run.pid"
SILO_PROJECT="${ROOT}/silo/Lottopar.Silo.csproj"
SILO_DLL="${ROOT}/silo/bin/${CONFIG}/net10.0/Lottopar.Silo.dll"
BASE_URL="http://127.0.0.1:${HTTP_PORT}"

SILO_PID=""
SILO_LOG_OFFSET=0
TAIL_PID=""
CLEANED_UP=0
PG_PORT_HINT="set LOTTOPAR_PG_PORT to a free port"

# ---------------------------------------------------------------------------------------------

validate_settings() {
    validate_port LOTTOPAR_PG_PORT "${PG_PORT}"
    validate_port LOTTOPAR_HTTP_PORT "${HTTP_PORT}"
    validate_port LOTTOPAR_SILO_PORT "${SILO_PORT}"
    validate_port LOTTOPAR_GATEWAY_PORT "${GATEWAY_PORT}"
    [[ "${READY_TIMEOUT}" =~ ^[0-9]+$ ]] || die "LOTTOPAR_READY_TIMEOUT='${READY_TIMEOUT}' is not a number of seconds"
    [[ "$(printf '%s\n' "${PG_PORT}" "${HTTP_PORT}" "${SILO_PORT}" "${GATEWAY_PORT}" | sort -u | wc -l)" == 4 ]] ||
        die "LOTTOPAR_PG_PORT, LOTTOPAR_HTTP_PORT, LOTTOPAR_SILO_PORT and LOTTOPAR_GATEWAY_PORT must differ"
}

prepare_data_dir() {
    mkdir -p "${DATA}" "${LOG_DIR}"
    mkdir -p "${SECRETS}"
    chmod 700 "${SECRETS}"
}

# True when PID is a running silo (a dotnet process running Lottopar.Silo).
is_silo_process() {
    local pid="$1" cmd
    pid_alive "${pid}" || return 1
    cmd="$(pid_cmdline "${pid}")"
    [[ "${cmd}" == *dotnet* && "${cmd}" == *Lottopar.Silo* ]]
}

# stop_process PID WHAT: TERM, up to 10 s, then KILL.
stop_process() {
    local pid="$1" what="$2" i
    kill -TERM "${pid}" 2>/dev/null || return 0
    for i in $(seq 1 100); do
        pid_alive "${pid}" || return 0
        : "${i}"
        sleep 0.1
    done
    warn "${what} (pid ${pid}) did not stop within 10 s: killing it"
    kill -KILL "${pid}" 2>/dev/null || true
    sleep 0.2
}

# A silo left by an earlier run (still running, or killed with its run.sh) is stopped.
stop_stale_silo() {
    local pid=""
    [[ -r "${SILO_PID_FILE}" ]] && pid="$(cat "${SILO_PID_FILE}" 2>/dev/null || true)"
    if [[ -n "${pid}" ]] && is_silo_process "${pid}"; then
        log "a silo from an earlier run is still running (pid ${pid}): stopping it"
        stop_process "${pid}" "the earlier silo"
    fi
    rm -f "${SILO_PID_FILE}"
}

check_http_port_free() {
    local who port variable
    for variable in LOTTOPAR_HTTP_PORT:${HTTP_PORT} LOTTOPAR_SILO_PORT:${SILO_PORT} LOTTOPAR_GATEWAY_PORT:${GATEWAY_PORT}; do
        port="${variable#*:}"
        port_in_use "${port}" || continue
        who="$(port_owner "${port}")"
        die "port ${port} is already in use by another program${who:+ (${who% })}: set ${variable%%:*} to a free port."
    done
}

# The run that last wrote run.pid owns PostgreSQL: an older run that lost its silo to a newer
# run must not stop the cluster the newer one uses.
owns_cluster() {
    [[ "$(cat "${RUN_PID_FILE}" 2>/dev/null || true)" == "$$" ]]
}

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    local rc=$?
    ((CLEANED_UP == 0)) || return 0
    CLEANED_UP=1
    trap '' INT TERM
    if [[ -n "${SILO_PID}" ]] && pid_alive "${SILO_PID}"; then
        log "stopping the silo (pid ${SILO_PID})"
        stop_process "${SILO_PID}" "the silo"
    fi
    if [[ -n "${SILO_PID}" ]]; then
        wait "${SILO_PID}" 2>/dev/null || true
        [[ "$(cat "${SILO_PID_FILE}" 2>/dev/null || true)" == "${SILO_PID}" ]] && rm -f "${SILO_PID_FILE}"
    fi
    if [[ -n "${TAIL_PID}" ]]; then
        kill "${TAIL_PID}" 2>/dev/null || true
        wait "${TAIL_PID}" 2>/dev/null || true
    fi
    if owns_cluster; then
        pg_cluster_stop "${PG_DATA}" || warn "could not stop PostgreSQL in ${PG_DATA}"
        rm -f "${RUN_PID_FILE}"
    else
        log "a newer run.sh took over: leaving PostgreSQL running for it"
    fi
    exit "${rc}"
}

build_silo() {
    log "building ${SILO_PROJECT} (${CONFIG})"
    [[ -f "${SILO_PROJECT}" ]] || die "silo project ${SILO_PROJECT} not found"
    dotnet build "${SILO_PROJECT}" -c "${CONFIG}" -nologo -v q || die "build of ${SILO_PROJECT} failed"
    [[ -f "${SILO_DLL}" ]] || die "build succeeded but ${SILO_DLL} is missing"
}

export_silo_environment() {
    local db_pw
    db_pw="$(read_secret "${DB_PW_FILE}")"
    export ConnectionStrings__Lottopar="Host=127.0.0.1;Port=${PG_PORT};Database=lottopar;Username=lottopar;Password=${db_pw}"
    export Lottopar__DataDirectory="${DATA}"
    export Lottopar__Orleans__SiloPort="${SILO_PORT}"
    export Lottopar__Orleans__GatewayPort="${GATEWAY_PORT}"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
}

apply_migrations() {
    log "applying database migrations"
    (cd "$(dirname "${SILO_DLL}")" && dotnet "${SILO_DLL}" migrate) ||
        die "migrations failed (dotnet ${SILO_DLL} migrate)"
}

# Runs a one-off silo command whose standard output is secrets, into $1 (mode 600), unless $1
# already exists. Exit code 3 from the command means "already done, but the file is gone": $2 is
# the advice to print then. Usage: run_once_into_secret FILE ADVICE DONE-MESSAGE COMMAND ARGS...
run_once_into_secret() {
    local target="$1" advice="$2" done_message="$3" tmp rc=0
    shift 3
    [[ -s "${target}" ]] && return 0
    tmp="${target}.tmp.$$"
    (umask 077 && cd "$(dirname "${SILO_DLL}")" && dotnet "${SILO_DLL}" "$@" >"${tmp}") || rc=$?
    if ((rc == 0)); then
        mv -f "${tmp}" "${target}"
        log "${done_message}"
    elif ((rc == 3)); then
        rm -f "${tmp}"
        warn "${advice}"
    else
        rm -f "${tmp}"
        die "$1 failed (exit code ${rc})"
    fi
}

# On the first run only: creates the first LOTTOPAR admin and keeps its credentials (password,
# authenticator secret) in $DATA/secrets/first-admin.env, mode 600. Never printed to the terminal.
bootstrap_first_admin() {
    local target="${SECRETS}/first-admin.env" email="${LOTTOPAR_ADMIN_EMAIL:-admin@lottopar.local}"
    [[ -s "${target}" ]] || log "creating the first LOTTOPAR admin (${email})"
    run_once_into_secret "${target}" \
        "the admin account exists but ${target} is gone; reset its password (README) or set LOTTOPAR_ADMIN_EMAIL to bootstrap another" \
        "first admin created: credentials in ${target} (see README, 'First sign-in')" \
        bootstrap-admin --email "${email}"
}

# On the first run only: the demonstration operator (active, a homologation API key, lottery
# provider 42 with POS 28 and 29 allowing 127.0.0.1), its key in $DATA/secrets/demo-operator.env.
# LOTTOPAR_DEMO=0 skips it.
seed_demo_data() {
    local target="${SECRETS}/demo-operator.env"
    [[ "${LOTTOPAR_DEMO:-1}" == "0" ]] && return 0
    [[ -s "${target}" ]] || log "adding the demonstration operator (provider 42, POS 28)"
    run_once_into_secret "${target}" \
        "the demonstration data exists but ${target} is gone; issue a new API key through the admin API" \
        "demonstration operator added: ${target}" \
        seed-demo
}

# The silo writes to the log file only (so a closed terminal cannot break its output); tail
# shows the new lines on the terminal while the silo lives.
start_silo() {
    local offset
    printf '=== %s run.sh: starting silo on %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "${BASE_URL}" >>"${SILO_LOG}"
    offset="$(stat -c %s "${SILO_LOG}")"
    SILO_LOG_OFFSET="${offset}"
    log "starting the silo on ${BASE_URL} (log: ${SILO_LOG})"
    # Run from the output directory, so that the content root (appsettings*.json) is the build's.
    (cd "$(dirname "${SILO_DLL}")" && exec dotnet "${SILO_DLL}" --urls "${BASE_URL}") </dev/null >>"${SILO_LOG}" 2>&1 &
    SILO_PID=$!
    printf '%s\n' "${SILO_PID}" >"${SILO_PID_FILE}"
    tail -c "+$((offset + 1))" -f --pid="${SILO_PID}" "${SILO_LOG}" &
    TAIL_PID=$!
}

# Last 50 lines written by this run's silo.
print_silo_log_tail() {
    tail -c "+$((SILO_LOG_OFFSET + 1))" "${SILO_LOG}" 2>/dev/null | tail -n 50 >&2 || true
}

silo_died() {
    local rc=0
    wait "${SILO_PID}" || rc=$?
    SILO_PID=""
    log "the silo exited (code ${rc}) before it was ready; last 50 lines of its output (${SILO_LOG}):"
    print_silo_log_tail
    exit 1
}

wait_until_ready() {
    local deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        pid_alive "${SILO_PID}" || silo_died
        if curl -fsS --noproxy '*' --max-time 2 "${BASE_URL}/health/ready" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    pid_alive "${SILO_PID}" || silo_died
    log "last 50 lines of the silo's output (${SILO_LOG}):"
    print_silo_log_tail
    die "the silo did not answer ${BASE_URL}/health/ready within ${READY_TIMEOUT} s"
}

print_banner() {
    cat <<EOF

  Lottopar is running (silo pid ${SILO_PID}, PostgreSQL on 127.0.0.1:${PG_PORT})
    App:       ${BASE_URL}/
    Health:    ${BASE_URL}/health/ready
    Metrics:   ${BASE_URL}/runtime/metrics (LOTTOPAR staff token)
    Orleans:   ${BASE_URL}/dashboard/ (LOTTOPAR staff: sign in there); silo port ${SILO_PORT}, gateway ${GATEWAY_PORT}
    API docs:  ${BASE_URL}/docs
    Admin:     ${SECRETS}/first-admin.env (credentials of the first admin)
    Demo:      ${SECRETS}/demo-operator.env (demonstration operator: OPRID, API key, provider 42, POS 28)
    Data:      ${DATA}
    Logs:      ${SILO_LOG}

  Press Ctrl-C to stop.

EOF
}

# Waits for the silo; a trapped signal interrupts the wait and runs cleanup via exit.
wait_for_silo() {
    local rc=0
    wait "${SILO_PID}" || rc=$?
    SILO_PID=""
    if ! owns_cluster; then
        log "the silo was stopped by a newer run.sh (pid $(cat "${RUN_PID_FILE}" 2>/dev/null || echo '?'))"
        exit 0
    fi
    log "the silo exited (code ${rc})"
    exit "${rc}"
}

main() {
    validate_settings
    ensure_prerequisites
    prepare_data_dir

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # Claim the cluster before stopping an earlier run's silo, so that run leaves it running.
    printf '%s\n' "$$" >"${RUN_PID_FILE}"
    stop_stale_silo
    check_http_port_free

    pg_cluster_ensure "${PG_DATA}" "${PG_PORT}" "${SUPERUSER_PW_FILE}" -c max_connections=200
    pg_ensure_role_and_db "${PG_PORT}" "${SUPERUSER_PW_FILE}" lottopar "${DB_PW_FILE}" lottopar
    build_silo
    export_silo_environment
    apply_migrations
    bootstrap_first_admin
    seed_demo_data

    stop_stale_silo
    check_http_port_free
    start_silo
    wait_until_ready
    print_banner
    wait_for_silo
}

main "$@"
