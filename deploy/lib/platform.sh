#!/usr/bin/env bash
# deploy/lib/platform.sh - the platform as deploy/run.sh runs it: settings, the silo processes,
# and in two-silo mode the nginx reverse proxy in front of them. Sourced, never executed; sources
# postgres.sh (and so common.sh) itself. deploy/run.sh and deploy/chaos.sh share it, so that a
# silo is started, configured and put behind the proxy in one way only.
#
# Settings are read from the environment when this file is sourced (see deploy/run.sh's header
# for their meaning and defaults): LOTTOPAR_DATA_DIR, LOTTOPAR_SILOS, LOTTOPAR_PG_PORT,
# LOTTOPAR_HTTP_PORT, LOTTOPAR_SILO_PORT, LOTTOPAR_GATEWAY_PORT, LOTTOPAR_SILO1_HTTP_PORT,
# LOTTOPAR_SILO2_HTTP_PORT, LOTTOPAR_SILO2_PORT, LOTTOPAR_GATEWAY2_PORT, LOTTOPAR_CONFIGURATION,
# LOTTOPAR_READY_TIMEOUT, LOTTOPAR_ADMIN_EMAIL, LOTTOPAR_DEMO.
#
# Silo N (1 or 2) has SILO_HTTP_PORTS[N], SILO_ORLEANS_PORTS[N], SILO_GATEWAY_PORTS[N],
# SILO_URLS[N], SILO_LOGS[N], SILO_PID_FILES[N] and, once started, SILO_PIDS[N]. With one silo
# it is silo 1 on LOTTOPAR_HTTP_PORT with logs/silo.log and silo.pid, as before two silos
# existed; with two, each silo has an internal HTTP port, logs/silo-N.log and silo-N.pid, and
# nginx listens on LOTTOPAR_HTTP_PORT (PROXY_* below).

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

if [[ -n "${LOTTOPAR_PLATFORM_SH_LOADED:-}" ]]; then
    return 0
fi
LOTTOPAR_PLATFORM_SH_LOADED=1

ROOT="$(repo_root)"
DATA="$(abs_path "${LOTTOPAR_DATA_DIR:-${ROOT}/.data}")"
SILOS="${LOTTOPAR_SILOS:-1}"
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
RUN_PID_FILE="${DATA}/run.pid"
SILO_PROJECT="${ROOT}/silo/Lottopar.Silo.csproj"
SILO_DLL="${ROOT}/silo/bin/${CONFIG}/net10.0/Lottopar.Silo.dll"
BASE_URL="http://127.0.0.1:${HTTP_PORT}"

# nginx connects to the silos from this loopback address, and only this address is a trusted
# proxy for the silos (Lottopar:WebSale:TrustedProxies): X-Forwarded-For counts from nginx only,
# not from any other local process that writes the header.
PROXY_SOURCE_ADDRESS="127.0.0.2"
PROXY_DIR="${DATA}/nginx"
PROXY_CONFIG="${PROXY_DIR}/nginx.conf"
PROXY_PID_FILE="${PROXY_DIR}/nginx.pid"
PROXY_ERROR_LOG="${LOG_DIR}/nginx-error.log"
PROXY_ACCESS_LOG="${LOG_DIR}/nginx-access.log"
PROXY_PID=""

VAULT_ENABLED="${LOTTOPAR_VAULT:-1}"
VAULT_SFTP_PORT="${LOTTOPAR_VAULT_SFTP_PORT:-2222}"
# Not under the data directory: every component of a chroot's path must be root-owned and not
# group- or world-writable, which a clone's directory need not be. One per data directory.
VAULT_DIR="${LOTTOPAR_VAULT_DIR:-/var/lib/lottopar/vault-$(printf '%s' "${DATA}" | sha256sum | cut -c1-12)}"
VAULT_SSHD_LOG="${LOG_DIR}/vault-sshd.log"
VAULT_SSHD_PID=""

# The homologation sandbox (sandbox/Lottopar.Sandbox): the tax registry the CPF checks ask.
SANDBOX_ENABLED="${LOTTOPAR_SANDBOX:-1}"
SANDBOX_PORT="${LOTTOPAR_SANDBOX_PORT:-5090}"
SANDBOX_URL="http://127.0.0.1:${SANDBOX_PORT}"
SANDBOX_PROJECT="${ROOT}/sandbox/Lottopar.Sandbox/Lottopar.Sandbox.csproj"
SANDBOX_DLL="${ROOT}/sandbox/Lottopar.Sandbox/bin/${CONFIG}/net10.0/Lottopar.Sandbox.dll"
SANDBOX_LOG="${LOG_DIR}/sandbox.log"
SANDBOX_PID_FILE="${DATA}/sandbox.pid"
SANDBOX_DB_PW_FILE="${SECRETS}/sandbox-db-password"
SANDBOX_TOKEN_FILE="${SECRETS}/sandbox-registry-token"
SANDBOX_ADMIN_TOKEN_FILE="${SECRETS}/sandbox-admin-token"
SANDBOX_PSP_PORT="${LOTTOPAR_SANDBOX_PSP_PORT:-5091}"
SANDBOX_PSP_DIR="${SECRETS}/sandbox-psp"
SANDBOX_PID=""
# The silos' port for the PSPs' webhooks (mutual TLS); silo N listens on this + N - 1.
PIX_WEBHOOK_PORT="${LOTTOPAR_PIX_WEBHOOK_PORT:-5092}"

declare -ga SILO_HTTP_PORTS SILO_ORLEANS_PORTS SILO_GATEWAY_PORTS SILO_URLS SILO_LOGS SILO_PID_FILES SILO_PIDS SILO_LOG_OFFSETS
if [[ "${SILOS}" == 2 ]]; then
    SILO_HTTP_PORTS=([1]="${LOTTOPAR_SILO1_HTTP_PORT:-$((HTTP_PORT + 1))}" [2]="${LOTTOPAR_SILO2_HTTP_PORT:-$((HTTP_PORT + 2))}")
    SILO_ORLEANS_PORTS=([1]="${SILO_PORT}" [2]="${LOTTOPAR_SILO2_PORT:-$((SILO_PORT + 1))}")
    SILO_GATEWAY_PORTS=([1]="${GATEWAY_PORT}" [2]="${LOTTOPAR_GATEWAY2_PORT:-$((GATEWAY_PORT + 1))}")
    SILO_LOGS=([1]="${LOG_DIR}/silo-1.log" [2]="${LOG_DIR}/silo-2.log")
    SILO_PID_FILES=([1]="${DATA}/silo-1.pid" [2]="${DATA}/silo-2.pid")
else
    SILO_HTTP_PORTS=([1]="${HTTP_PORT}")
    SILO_ORLEANS_PORTS=([1]="${SILO_PORT}")
    SILO_GATEWAY_PORTS=([1]="${GATEWAY_PORT}")
    SILO_LOGS=([1]="${LOG_DIR}/silo.log")
    SILO_PID_FILES=([1]="${DATA}/silo.pid")
fi
SILO_URLS=()
SILO_PIDS=()
SILO_LOG_OFFSETS=()

# ---------------------------------------------------------------------------------------------
# Settings and the data directory

# The numbers of the silos of this mode: "1" or "1 2".
silo_numbers() {
    seq 1 "${SILOS}"
}

validate_settings() {
    local ports=("${PG_PORT}") names=(LOTTOPAR_PG_PORT) n
    [[ "${SILOS}" == 1 || "${SILOS}" == 2 ]] ||
        die "LOTTOPAR_SILOS='${SILOS}' must be 1 (one silo, the default) or 2 (two silos behind nginx)"
    validate_port LOTTOPAR_PG_PORT "${PG_PORT}"
    validate_port LOTTOPAR_HTTP_PORT "${HTTP_PORT}"
    validate_port LOTTOPAR_SILO_PORT "${SILO_PORT}"
    validate_port LOTTOPAR_GATEWAY_PORT "${GATEWAY_PORT}"
    validate_port LOTTOPAR_VAULT_SFTP_PORT "${VAULT_SFTP_PORT}"
    [[ "${VAULT_ENABLED}" == 0 || "${VAULT_ENABLED}" == 1 ]] || die "LOTTOPAR_VAULT='${VAULT_ENABLED}' must be 1 (the default) or 0"
    if [[ "${VAULT_ENABLED}" == 1 ]] && ! is_root; then
        warn "not running as root: the SFTP vault is not started (sshd, chroots and one OS account per operator need root); LOTTOPAR_VAULT=0 silences this"
        VAULT_ENABLED=0
    fi
    [[ "${READY_TIMEOUT}" =~ ^[0-9]+$ ]] || die "LOTTOPAR_READY_TIMEOUT='${READY_TIMEOUT}' is not a number of seconds"
    if [[ "${SILOS}" == 2 ]]; then
        validate_port "LOTTOPAR_SILO1_HTTP_PORT (default LOTTOPAR_HTTP_PORT + 1)" "${SILO_HTTP_PORTS[1]}"
        validate_port "LOTTOPAR_SILO2_HTTP_PORT (default LOTTOPAR_HTTP_PORT + 2)" "${SILO_HTTP_PORTS[2]}"
        validate_port "LOTTOPAR_SILO2_PORT (default LOTTOPAR_SILO_PORT + 1)" "${SILO_ORLEANS_PORTS[2]}"
        validate_port "LOTTOPAR_GATEWAY2_PORT (default LOTTOPAR_GATEWAY_PORT + 1)" "${SILO_GATEWAY_PORTS[2]}"
        ports+=("${HTTP_PORT}")
        names+=(LOTTOPAR_HTTP_PORT)
    fi
    for n in $(silo_numbers); do
        ports+=("${SILO_HTTP_PORTS[n]}" "${SILO_ORLEANS_PORTS[n]}" "${SILO_GATEWAY_PORTS[n]}")
    done
    ports+=("${VAULT_SFTP_PORT}")
    if [[ "${SILOS}" == 2 ]]; then
        names+=(LOTTOPAR_SILO1_HTTP_PORT LOTTOPAR_SILO_PORT LOTTOPAR_GATEWAY_PORT LOTTOPAR_SILO2_HTTP_PORT LOTTOPAR_SILO2_PORT LOTTOPAR_GATEWAY2_PORT)
    else
        names+=(LOTTOPAR_HTTP_PORT LOTTOPAR_SILO_PORT LOTTOPAR_GATEWAY_PORT)
    fi
    names+=(LOTTOPAR_VAULT_SFTP_PORT)
    [[ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" == "${#ports[@]}" ]] ||
        die "$(IFS=,; printf '%s' "${names[*]}" | sed 's/,/, /g') must all differ (now: ${ports[*]})"
    for n in $(silo_numbers); do
        SILO_URLS[n]="http://127.0.0.1:${SILO_HTTP_PORTS[n]}"
    done
}

prepare_data_dir() {
    mkdir -p "${DATA}" "${LOG_DIR}"
    mkdir -p "${SECRETS}"
    chmod 700 "${SECRETS}"
}

# The run that last wrote run.pid owns PostgreSQL: an older run that lost its silo to a newer
# run must not stop the cluster the newer one uses.
owns_cluster() {
    [[ "$(cat "${RUN_PID_FILE}" 2>/dev/null || true)" == "$$" ]]
}

# ---------------------------------------------------------------------------------------------
# Processes

# True when PID is a running silo (a dotnet process running Lottopar.Silo).
is_silo_process() {
    local pid="$1" cmd
    pid_alive "${pid}" || return 1
    cmd="$(pid_cmdline "${pid}")"
    [[ "${cmd}" == *dotnet* && "${cmd}" == *Lottopar.Silo* ]]
}

# True when PID is the master of an nginx started with this data directory's configuration.
is_proxy_process() {
    local pid="$1" cmd
    pid_alive "${pid}" || return 1
    cmd="$(pid_cmdline "${pid}")"
    [[ "${cmd}" == *nginx* && "${cmd}" == *"${PROXY_CONFIG}"* ]]
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

# Silos and a proxy left by an earlier run (still running, or killed with its run.sh) are
# stopped, in either mode: a run with two silos may follow one with one, and the other way round.
stop_stale_silo() {
    local file pid
    for file in "${DATA}/silo.pid" "${DATA}/silo-1.pid" "${DATA}/silo-2.pid"; do
        pid=""
        [[ -r "${file}" ]] && pid="$(cat "${file}" 2>/dev/null || true)"
        if [[ -n "${pid}" ]] && is_silo_process "${pid}"; then
            log "a silo from an earlier run is still running (pid ${pid}): stopping it"
            stop_process "${pid}" "the earlier silo"
        fi
        rm -f "${file}"
    done
    pid=""
    [[ -r "${PROXY_PID_FILE}" ]] && pid="$(cat "${PROXY_PID_FILE}" 2>/dev/null || true)"
    if [[ -n "${pid}" ]] && is_proxy_process "${pid}"; then
        log "nginx from an earlier run is still running (pid ${pid}): stopping it"
        stop_process "${pid}" "the earlier nginx"
    fi
    rm -f "${PROXY_PID_FILE}"
}

check_http_port_free() {
    local who port variable variables=() n
    if [[ "${SILOS}" == 2 ]]; then
        variables+=("LOTTOPAR_HTTP_PORT:${HTTP_PORT}")
        for n in 1 2; do
            variables+=("LOTTOPAR_SILO${n}_HTTP_PORT:${SILO_HTTP_PORTS[n]}")
        done
        variables+=("LOTTOPAR_SILO_PORT:${SILO_PORT}" "LOTTOPAR_GATEWAY_PORT:${GATEWAY_PORT}")
        variables+=("LOTTOPAR_SILO2_PORT:${SILO_ORLEANS_PORTS[2]}" "LOTTOPAR_GATEWAY2_PORT:${SILO_GATEWAY_PORTS[2]}")
    else
        variables+=("LOTTOPAR_HTTP_PORT:${HTTP_PORT}" "LOTTOPAR_SILO_PORT:${SILO_PORT}" "LOTTOPAR_GATEWAY_PORT:${GATEWAY_PORT}")
    fi
    if [[ "${SANDBOX_ENABLED}" == 1 ]]; then
        for ((n = 1; n <= SILOS; n++)); do
            variables+=("LOTTOPAR_PIX_WEBHOOK_PORT:$((PIX_WEBHOOK_PORT + n - 1))")
        done
    fi
    for variable in "${variables[@]}"; do
        port="${variable#*:}"
        port_in_use "${port}" || continue
        who="$(port_owner "${port}")"
        die "port ${port} is already in use by another program${who:+ (${who% })}: set ${variable%%:*} to a free port."
    done
}

# ---------------------------------------------------------------------------------------------
# Build, database, first run

# The private cluster in $DATA/postgres with the lottopar role and database. Each silo holds up to
# about 260 connections (its pool of 100, the grain storage's own and the stream locks' own, see
# README), so two silos get twice the room.
start_database() {
    pg_cluster_ensure "${PG_DATA}" "${PG_PORT}" "${SUPERUSER_PW_FILE}" -c "max_connections=$((SILOS * 300))"
    pg_ensure_role_and_db "${PG_PORT}" "${SUPERUSER_PW_FILE}" lottopar "${DB_PW_FILE}" lottopar
}

build_silo() {
    log "building ${SILO_PROJECT} (${CONFIG})"
    [[ -f "${SILO_PROJECT}" ]] || die "silo project ${SILO_PROJECT} not found"
    dotnet build "${SILO_PROJECT}" -c "${CONFIG}" -nologo -v q || die "build of ${SILO_PROJECT} failed"
    [[ -f "${SILO_DLL}" ]] || die "build succeeded but ${SILO_DLL} is missing"
}

# What every silo process and one-off command gets; each silo's own ports are added when it starts.
export_silo_environment() {
    local db_pw
    db_pw="$(read_secret "${DB_PW_FILE}")"
    export ConnectionStrings__Lottopar="Host=127.0.0.1;Port=${PG_PORT};Database=lottopar;Username=lottopar;Password=${db_pw}"
    export Lottopar__DataDirectory="${DATA}"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
    if [[ "${SILOS}" == 2 ]]; then
        export Lottopar__WebSale__TrustedProxies__0="${PROXY_SOURCE_ADDRESS}"
    fi
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
    local target="${SECRETS}/demo-operator.env" options_text options=()
    [[ "${LOTTOPAR_DEMO:-1}" == "0" ]] && return 0
    [[ -s "${target}" ]] && return 0
    log "adding the demonstration operator (provider 42, POS 28)"
    options_text="$(demo_vault_options)"
    [[ -z "${options_text}" ]] || mapfile -t options <<<"${options_text}"
    run_once_into_secret "${target}" \
        "the demonstration data exists but ${target} is gone; issue a new API key through the admin API" \
        "demonstration operator added: ${target}" \
        seed-demo "${options[@]}"
}

# ---------------------------------------------------------------------------------------------
# Silos

# start_silo N: starts silo N in the background on its own HTTP, silo and gateway ports (the same
# ones at every start: a silo that comes back on its address and port replaces its dead entry in
# Orleans' membership table at once, where one on new ports waits until the old one is voted
# dead). The silo writes to its log file only, so a closed terminal cannot break its output.
start_silo() {
    local n="$1" offset url="${SILO_URLS[$1]}" log_file="${SILO_LOGS[$1]}"
    printf '=== %s %s: starting silo on %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$(basename "$0")" "${url}" >>"${log_file}"
    offset="$(stat -c %s "${log_file}")"
    SILO_LOG_OFFSETS[n]="${offset}"
    if [[ "${SILOS}" == 2 ]]; then
        log "starting silo ${n} on ${url} (silo port ${SILO_ORLEANS_PORTS[n]}, gateway ${SILO_GATEWAY_PORTS[n]}; log: ${log_file})"
    else
        log "starting the silo on ${url} (log: ${log_file})"
    fi
    # Run from the output directory, so that the content root (appsettings*.json) is the build's.
    (cd "$(dirname "${SILO_DLL}")" &&
        Lottopar__Orleans__SiloPort="${SILO_ORLEANS_PORTS[n]}" Lottopar__Orleans__GatewayPort="${SILO_GATEWAY_PORTS[n]}" \
            Lottopar__Payments__WebhookTls__Port="$((PIX_WEBHOOK_PORT + n - 1))" \
            exec dotnet "${SILO_DLL}" --urls "${url}") </dev/null >>"${log_file}" 2>&1 &
    SILO_PIDS[n]=$!
    printf '%s\n' "${SILO_PIDS[n]}" >"${SILO_PID_FILES[n]}"
}

# The name of silo N in messages: "the silo" with one, "silo N" with two.
silo_name() {
    if [[ "${SILOS}" == 2 ]]; then printf 'silo %s\n' "$1"; else printf 'the silo\n'; fi
}

# Last 50 lines written by this run's silo N.
print_silo_log_tail() {
    tail -c "+$((${SILO_LOG_OFFSETS[$1]:-0} + 1))" "${SILO_LOGS[$1]}" 2>/dev/null | tail -n 50 >&2 || true
}

silo_died() {
    local n="$1" rc=0
    wait "${SILO_PIDS[n]}" || rc=$?
    SILO_PIDS[n]=""
    log "$(silo_name "${n}") exited (code ${rc}) before it was ready; last 50 lines of its output (${SILO_LOGS[n]}):"
    print_silo_log_tail "${n}"
    exit 1
}

# wait_until_ready N: until silo N answers /health/ready on its own port.
wait_until_ready() {
    local n="$1" url="${SILO_URLS[$1]}" deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        pid_alive "${SILO_PIDS[n]}" || silo_died "${n}"
        if curl -fsS --noproxy '*' --max-time 2 "${url}/health/ready" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    pid_alive "${SILO_PIDS[n]}" || silo_died "${n}"
    log "last 50 lines of the output of $(silo_name "${n}") (${SILO_LOGS[n]}):"
    print_silo_log_tail "${n}"
    die "$(silo_name "${n}") did not answer ${url}/health/ready within ${READY_TIMEOUT} s"
}

# stop_silos: every silo this shell started, in parallel (each TERM, then KILL after 10 s).
stop_silos() {
    local n stoppers=()
    for n in "${!SILO_PIDS[@]}"; do
        if [[ -z "${SILO_PIDS[n]}" ]] || ! pid_alive "${SILO_PIDS[n]}"; then
            continue
        fi
        log "stopping $(silo_name "${n}") (pid ${SILO_PIDS[n]})"
        stop_process "${SILO_PIDS[n]}" "$(silo_name "${n}")" &
        stoppers+=($!)
    done
    ((${#stoppers[@]} == 0)) || wait "${stoppers[@]}" 2>/dev/null || true
    for n in "${!SILO_PIDS[@]}"; do
        [[ -n "${SILO_PIDS[n]}" ]] || continue
        wait "${SILO_PIDS[n]}" 2>/dev/null || true
        [[ "$(cat "${SILO_PID_FILES[n]}" 2>/dev/null || true)" == "${SILO_PIDS[n]}" ]] && rm -f "${SILO_PID_FILES[n]}"
        SILO_PIDS[n]=""
    done
}

# ---------------------------------------------------------------------------------------------
# The reverse proxy (two silos): nginx from Debian, a process of our own with its own
# configuration, pid file and logs; the system's nginx service is never started, stopped or read.

# Installs nginx when missing (root: apt; otherwise says what to install), with the headers-more
# module, which lets the proxy drop its Server header as the silo does. On Debian 12 "nginx" is
# the small server itself and "nginx-light" only adds an echo module to it; elsewhere the light
# package may be the only one offered, so whichever has a candidate is taken.
ensure_proxy_prerequisites() {
    local package=nginx
    if [[ -x /usr/sbin/nginx && -f "$(proxy_headers_module)" ]]; then
        return 0
    fi
    if is_root && command -v apt-cache >/dev/null 2>&1; then
        apt_update_once
        # The policy is read whole before it is searched: with pipefail, "grep -q" leaving early would
        # make apt-cache die of SIGPIPE and the pipeline fail although the candidate is there.
        if ! has_apt_candidate nginx; then
            has_apt_candidate nginx-light ||
                die "neither nginx nor nginx-light can be installed from apt here (apt-cache policy nginx nginx-light)"
            package=nginx-light
        fi
    fi
    [[ -x /usr/sbin/nginx ]] || apt_ensure "${package}"
    apt_ensure libnginx-mod-http-headers-more-filter
    [[ -x /usr/sbin/nginx ]] || die "/usr/sbin/nginx is missing after installing ${package}"
    [[ -f "$(proxy_headers_module)" ]] || die "$(proxy_headers_module) is missing after installing libnginx-mod-http-headers-more-filter"
}

has_apt_candidate() {
    local policy
    policy="$(apt-cache policy "$1" 2>/dev/null || true)"
    [[ "${policy}" == *"Candidate: "[0-9]* ]]
}

proxy_headers_module() {
    printf '%s\n' /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so
}

# The configuration, written anew at each start into $DATA/nginx/nginx.conf.
write_proxy_config() {
    local n user_line="" temp="${PROXY_DIR}/temp"
    mkdir -p "${PROXY_DIR}" "${temp}"
    if is_root; then
        # Workers drop root; they only need their temporary files (large request bodies).
        user_line="user nobody nogroup;"
        chown nobody:nogroup "${temp}"
    fi
    {
        cat <<EOF
# Generated by deploy/lib/platform.sh (write_proxy_config) at each start: edits are overwritten.
# The reverse proxy of deploy/run.sh with LOTTOPAR_SILOS=2; see docs/architecture.md (Two silos).
load_module $(proxy_headers_module);
${user_line}
daemon off;
worker_processes 1;
pid ${PROXY_PID_FILE};
error_log ${PROXY_ERROR_LOG} warn;

events {
    worker_connections 4096;
}

http {
    client_body_temp_path ${temp}/client_body;
    proxy_temp_path ${temp}/proxy;
    fastcgi_temp_path ${temp}/fastcgi;
    uwsgi_temp_path ${temp}/uwsgi;
    scgi_temp_path ${temp}/scgi;

    # No Server header, as the silo sends none (and no version in error pages).
    server_tokens off;
    more_clear_headers Server;

    # A CPF can be a path segment (/players/{cpf}/summary, the grain inspector's player): the
    # access log writes those segments masked.
    map \$request_uri \$lottopar_logged_uri {
        "~^/players/[^/?]*(?<rest>.*)\$" "/players/***\$rest";
        "~^/admin/grains/player/[^/?]*(?<rest>.*)\$" "/admin/grains/player/***\$rest";
        default \$request_uri;
    }
    log_format lottopar '\$time_iso8601 \$remote_addr "\$request_method \$lottopar_logged_uri" \$status '
                        '\$body_bytes_sent \$request_time upstream=\$upstream_addr '
                        'upstream_status=\$upstream_status upstream_time=\$upstream_response_time';
    access_log ${PROXY_ACCESS_LOG} lottopar buffer=64k flush=1s;

    # The silos' own body limits (32 KiB, 256 KiB for betting events and the catalog) decide;
    # this only keeps bodies of that size in memory and refuses absurd ones early.
    client_max_body_size 1m;
    client_body_buffer_size 256k;

    upstream lottopar_silos {
        # Passive health: a silo that refuses a connection, resets it or times out is left out for
        # fail_timeout, then offered one request again. One failure suffices: with two silos the
        # other takes everything meanwhile, and a refused connect to a dead silo costs nothing, so
        # a silo started again is back in the rotation within 3 s.
EOF
        for n in 1 2; do
            printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=3s;\n' "${SILO_HTTP_PORTS[n]}"
        done
        cat <<EOF
        # Idle connections to the silos, reused instead of a new connection per request. nginx
        # closes an idle one after 60 s, before Kestrel would (130 s), so it never sends on a
        # connection the silo is closing.
        keepalive 64;
        keepalive_timeout 60s;
    }

    server {
        listen 127.0.0.1:${HTTP_PORT};
        server_name _;

        location / {
            proxy_pass http://lottopar_silos;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            # The address nginx saw, replacing any X-Forwarded-For the client wrote: the silos
            # trust this header from ${PROXY_SOURCE_ADDRESS} only (POS allow-lists, per-address
            # limits), and nginx is the first hop.
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_bind ${PROXY_SOURCE_ADDRESS};

            # A connect to a live silo on this host takes microseconds; a second is plenty.
            proxy_connect_timeout 1s;
            proxy_send_timeout 10s;
            # Longer than the silo's own wait for a grain call (30 s), so a slow call ends in the
            # silo's answer (503 with Retry-After), not in nginx's 504.
            proxy_read_timeout 60s;

            # Retry on the other silo only when this one could not be reached or did not answer:
            # refused or reset connection, timeout. Not on the silo's 503: that means "grains
            # are moving" or "PostgreSQL is down", which the other silo shares; retrying would
            # double the load at the worst moment and, counted as a failure, take a healthy silo
            # out of the rotation. Not after a request was sent, for POST: no "non_idempotent".
            # Betting events (with an Idempotency-Key or event_date) and webSale sales (numfact)
            # could be sent twice safely, but a staff sign-in (a one-time code), an onboarding
            # (a new OPRID) or a new API key could not, and nginx cannot tell them apart. A POST
            # cut off by a dying silo gets a 502 here, and the caller re-sends it with its key.
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 10s;

            proxy_intercept_errors off;
        }

        # Errors nginx makes itself (no silo reachable, a silo gone mid-request, a body over the
        # limit) as problem details, like the silo's own; the silos' answers pass unchanged.
        error_page 502 504 =503 @unavailable;
        error_page 413 @too_large;
        location @unavailable {
            default_type application/problem+json;
            add_header Retry-After 5 always;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control no-store always;
            return 503 '{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service Unavailable","status":503,"detail":"No silo could answer this request just now. It may or may not have been applied: retry it with the same Idempotency-Key (or natural key).","code":"unavailable"}';
        }
        location @too_large {
            default_type application/problem+json;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control no-store always;
            return 413 '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.14","title":"Content Too Large","status":413,"detail":"The request body is larger than any endpoint takes.","code":"body_too_large"}';
        }
    }
}
EOF
    } >"${PROXY_CONFIG}.tmp"
    mv -f "${PROXY_CONFIG}.tmp" "${PROXY_CONFIG}"
}

proxy_command() {
    printf '%s\n' /usr/sbin/nginx -p "${PROXY_DIR}" -c "${PROXY_CONFIG}" -e "${PROXY_ERROR_LOG}"
}

# start_proxy: checks the configuration, then runs nginx in the foreground of a background job
# (daemon off), so that it is this shell's child like the silos.
start_proxy() {
    local out cmd
    mapfile -t cmd < <(proxy_command)
    write_proxy_config
    out="$("${cmd[@]}" -t -q 2>&1)" || die "nginx refused its configuration ${PROXY_CONFIG}: ${out}"
    log "starting nginx on ${BASE_URL} in front of ${SILO_URLS[*]} (config ${PROXY_CONFIG}; logs ${PROXY_ERROR_LOG}, ${PROXY_ACCESS_LOG})"
    "${cmd[@]}" </dev/null >>"${PROXY_ERROR_LOG}" 2>&1 &
    PROXY_PID=$!
}

# wait_proxy_ready: until /health/ready answers through nginx.
wait_proxy_ready() {
    local deadline=$((SECONDS + 20))
    while ((SECONDS < deadline)); do
        pid_alive "${PROXY_PID}" || {
            tail -n 20 "${PROXY_ERROR_LOG}" >&2 || true
            die "nginx exited at start (log ${PROXY_ERROR_LOG})"
        }
        if curl -fsS --noproxy '*' --max-time 2 "${BASE_URL}/health/ready" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    die "nginx did not answer ${BASE_URL}/health/ready within 20 s (log ${PROXY_ERROR_LOG})"
}

# stop_proxy: a fast shutdown (TERM) of the nginx this shell started.
stop_proxy() {
    [[ -n "${PROXY_PID}" ]] || return 0
    if pid_alive "${PROXY_PID}"; then
        log "stopping nginx (pid ${PROXY_PID})"
        stop_process "${PROXY_PID}" "nginx"
    fi
    wait "${PROXY_PID}" 2>/dev/null || true
    PROXY_PID=""
}

# ---------------------------------------------------------------------------------------------
# The SFTP vault: Debian's sshd with a configuration of its own (deploy/vault-sftp.sh), a process
# of this run; the system's ssh service is never touched. The silo keeps the operators' accounts.

# Prepares the vault's directory and tells the silo where it is (root only; see validate_settings).
prepare_vault_sftp() {
    ensure_vault_certificate
    [[ "${VAULT_ENABLED}" == 1 ]] || return 0
    stop_stale_vault_sftp
    "${ROOT}/deploy/vault-sftp.sh" prepare --dir "${VAULT_DIR}" --port "${VAULT_SFTP_PORT}" --keys-url "${BASE_URL}"
    export Lottopar__Vault__Directory="${VAULT_DIR}"
}

# LOTTOPAR's vault certificate (operators encrypt to it; it signs receipts), made once: a
# development certificate, self-signed; production puts its own in these two files.
ensure_vault_certificate() {
    local key="${SECRETS}/vault-key.pem" certificate="${DATA}/vault-certificate.pem"
    if [[ ! -s "${key}" || ! -s "${certificate}" ]]; then
        log "making LOTTOPAR's development vault certificate (${certificate})"
        (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -keyout "${key}" -out "${certificate}" -days 1825 \
            -subj "/CN=LOTTOPAR cofre eletronico (desenvolvimento)" -addext "keyUsage=critical,digitalSignature,keyEncipherment" 2>/dev/null) ||
            die "openssl could not make the vault certificate"
        chmod 644 "${certificate}"
    fi
    export Lottopar__Vault__CertificateFile="${certificate}" Lottopar__Vault__KeyFile="${key}"
}

# The demonstration operator's vault credentials (an SSH key and a signing certificate), made
# once in $DATA/secrets/demo-vault/; prints the seed-demo options that register them.
demo_vault_options() {
    local dir="${SECRETS}/demo-vault"
    [[ "${VAULT_ENABLED}" == 1 ]] || return 0
    mkdir -p "${dir}"
    chmod 700 "${dir}"
    [[ -s "${dir}/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C "demo@operadora.example.com.br" -f "${dir}/id_ed25519"
    if [[ ! -s "${dir}/signing.key" ]]; then
        (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "${dir}/signing.key" -out "${dir}/signing.crt" \
            -days 365 -subj "/CN=Apostas Demonstracao Ltda (assinatura do cofre)" 2>/dev/null) || die "openssl could not make the demonstration signing certificate"
    fi
    printf '%s\n' --vault-ssh-key "${dir}/id_ed25519.pub" --vault-signing-certificate "${dir}/signing.crt"
}

stop_stale_vault_sftp() {
    local pid=""
    [[ -r "${VAULT_DIR}/sshd.pid" ]] && pid="$(cat "${VAULT_DIR}/sshd.pid" 2>/dev/null || true)"
    if [[ -n "${pid}" ]] && pid_alive "${pid}" && [[ "$(pid_cmdline "${pid}")" == *"${VAULT_DIR}/etc/sshd_config"* ]]; then
        log "the SFTP vault's sshd from an earlier run is still running (pid ${pid}): stopping it"
        stop_process "${pid}" "the earlier sshd"
    fi
}

start_vault_sftp() {
    local i
    [[ "${VAULT_ENABLED}" == 1 ]] || return 0
    if port_in_use "${VAULT_SFTP_PORT}"; then
        die "port ${VAULT_SFTP_PORT} is already in use ($(port_owner "${VAULT_SFTP_PORT}")): set LOTTOPAR_VAULT_SFTP_PORT to a free port"
    fi
    log "starting the SFTP vault's sshd on 127.0.0.1:${VAULT_SFTP_PORT} (log: ${VAULT_SSHD_LOG})"
    /usr/sbin/sshd -D -f "${VAULT_DIR}/etc/sshd_config" -E "${VAULT_SSHD_LOG}" </dev/null &
    VAULT_SSHD_PID=$!
    for i in $(seq 1 50); do
        port_in_use "${VAULT_SFTP_PORT}" && return 0
        pid_alive "${VAULT_SSHD_PID}" || die "sshd exited at once; see ${VAULT_SSHD_LOG}"
        : "${i}"
        sleep 0.1
    done
    die "sshd did not listen on ${VAULT_SFTP_PORT} within 5 s; see ${VAULT_SSHD_LOG}"
}

stop_vault_sftp() {
    [[ -n "${VAULT_SSHD_PID}" ]] || return 0
    if pid_alive "${VAULT_SSHD_PID}"; then
        log "stopping the SFTP vault's sshd (pid ${VAULT_SSHD_PID})"
        stop_process "${VAULT_SSHD_PID}" "sshd"
    fi
    wait "${VAULT_SSHD_PID}" 2>/dev/null || true
    VAULT_SSHD_PID=""
}

# The banner's line for the vault.
vault_sftp_banner() {
    if [[ "${VAULT_ENABLED}" == 1 ]]; then
        printf '    Vault:     sftp -P %s opr-NNNNNN@127.0.0.1 (host key %s; files in %s)\n' "${VAULT_SFTP_PORT}" \
            "$(ssh-keygen -lf "${VAULT_DIR}/etc/ssh_host_ed25519_key.pub" | cut -d' ' -f2)" "${VAULT_DIR}"
    else
        printf '    Vault:     not started (LOTTOPAR_VAULT=0, or not run as root)\n'
    fi
}

# ---------------------------------------------------------------------------------------------
# The homologation sandbox

# Its database and tokens, its build, and the silo's settings to reach its tax registry.
# LOTTOPAR_SANDBOX=0 skips it: then set Lottopar__TaxRegistry__BaseUrl and __Token to a registry.
prepare_sandbox() {
    [[ "${SANDBOX_ENABLED}" == 1 ]] || return 0
    pg_ensure_role_and_db "${PG_PORT}" "${SUPERUSER_PW_FILE}" lottopar_sandbox "${SANDBOX_DB_PW_FILE}" lottopar_sandbox
    ensure_secret_file "${SANDBOX_TOKEN_FILE}"
    ensure_secret_file "${SANDBOX_ADMIN_TOKEN_FILE}"
    ensure_sandbox_psp_certificates
    log "building ${SANDBOX_PROJECT} (${CONFIG})"
    dotnet build "${SANDBOX_PROJECT}" -c "${CONFIG}" -nologo -v q || die "build of ${SANDBOX_PROJECT} failed"
    export Lottopar__TaxRegistry__BaseUrl="${SANDBOX_URL}/tax-registry/"
    Lottopar__TaxRegistry__Token="$(read_secret "${SANDBOX_TOKEN_FILE}")"
    Lottopar__Sandbox__AdminToken="$(read_secret "${SANDBOX_ADMIN_TOKEN_FILE}")"
    export Lottopar__TaxRegistry__Token Lottopar__Sandbox__AdminToken
    export Lottopar__SelfExclusion__National__BaseUrl="${SANDBOX_URL}/self-exclusion/" Lottopar__SelfExclusion__National__Token="${Lottopar__TaxRegistry__Token}"
    # The PSPs' webhooks reach the silos over mutual TLS: the sandbox PSP's client certificate, the silo's server certificate, both of its CA.
    export Lottopar__Payments__WebhookTls__CertificateFile="${SANDBOX_PSP_DIR}/platform-webhook.crt"
    export Lottopar__Payments__WebhookTls__KeyFile="${SANDBOX_PSP_DIR}/platform-webhook.key"
    export Lottopar__Payments__WebhookTls__ClientCaFile="${SANDBOX_PSP_DIR}/ca.crt"
}

# The sandbox PSP's private CA, made once in $DATA/secrets/sandbox-psp/: its server certificate
# (127.0.0.1) and the platform's client certificate for the API Pix's mutual TLS; the silos'
# webhook certificate (127.0.0.1) and the PSP's client certificate for the webhooks' mutual TLS.
ensure_sandbox_psp_certificates() {
    local dir="${SANDBOX_PSP_DIR}" name
    mkdir -p "${dir}"
    chmod 700 "${dir}"
    if [[ ! -s "${dir}/ca.key" || ! -s "${dir}/ca.crt" ]]; then
        log "making the sandbox PSP's certificate authority (${dir})"
        (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "${dir}/ca.key" -out "${dir}/ca.crt" -days 3650 \
            -subj "/CN=LOTTOPAR sandbox PSP CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null) ||
            die "openssl could not make the sandbox PSP's CA"
        rm -f "${dir}/server.crt" "${dir}/platform.crt" "${dir}/platform-webhook.crt" "${dir}/psp-webhook.crt"
    fi
    for name in server platform platform-webhook psp-webhook; do
        [[ -s "${dir}/${name}.crt" && -s "${dir}/${name}.key" ]] && continue
        (umask 077 && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "${dir}/${name}.key" -out "${dir}/${name}.csr" \
            -subj "/CN=$(case "${name}" in server | platform-webhook) echo 127.0.0.1 ;; platform) echo 'LOTTOPAR platform' ;; *) echo 'sandbox PSP webhooks' ;; esac)" 2>/dev/null &&
            openssl x509 -req -in "${dir}/${name}.csr" -CA "${dir}/ca.crt" -CAkey "${dir}/ca.key" -CAcreateserial -days 825 -out "${dir}/${name}.crt" \
                -extfile <(if [[ "${name}" == server || "${name}" == platform-webhook ]]; then
                    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n'
                else
                    printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n'
                fi) 2>/dev/null) || die "openssl could not issue the sandbox PSP's ${name} certificate"
        rm -f "${dir}/${name}.csr"
    done
}

stop_stale_sandbox() {
    local pid=""
    [[ -r "${SANDBOX_PID_FILE}" ]] && pid="$(cat "${SANDBOX_PID_FILE}" 2>/dev/null || true)"
    if [[ -n "${pid}" ]] && pid_alive "${pid}" && [[ "$(pid_cmdline "${pid}")" == *"Lottopar.Sandbox.dll"* ]]; then
        log "the sandbox from an earlier run is still running (pid ${pid}): stopping it"
        stop_process "${pid}" "the earlier sandbox"
    fi
}

start_sandbox() {
    local deadline db_pw
    [[ "${SANDBOX_ENABLED}" == 1 ]] || return 0
    stop_stale_sandbox
    if port_in_use "${SANDBOX_PORT}"; then
        die "port ${SANDBOX_PORT} is already in use ($(port_owner "${SANDBOX_PORT}")): set LOTTOPAR_SANDBOX_PORT to a free port"
    fi
    if port_in_use "${SANDBOX_PSP_PORT}"; then
        die "port ${SANDBOX_PSP_PORT} is already in use ($(port_owner "${SANDBOX_PSP_PORT}")): set LOTTOPAR_SANDBOX_PSP_PORT to a free port"
    fi
    log "starting the homologation sandbox on ${SANDBOX_URL} (tax registry; log: ${SANDBOX_LOG})"
    db_pw="$(read_secret "${SANDBOX_DB_PW_FILE}")"
    (cd "$(dirname "${SANDBOX_DLL}")" &&
        ConnectionStrings__Sandbox="Host=127.0.0.1;Port=${PG_PORT};Database=lottopar_sandbox;Username=lottopar_sandbox;Password=${db_pw}" \
        Sandbox__TaxRegistry__Token="${Lottopar__TaxRegistry__Token}" Sandbox__AdminToken="${Lottopar__Sandbox__AdminToken}" \
        Sandbox__Port="${SANDBOX_PORT}" Sandbox__Psp__Port="${SANDBOX_PSP_PORT}" \
        Sandbox__Psp__CertificateFile="${SANDBOX_PSP_DIR}/server.crt" Sandbox__Psp__KeyFile="${SANDBOX_PSP_DIR}/server.key" \
        Sandbox__Psp__ClientCaFile="${SANDBOX_PSP_DIR}/ca.crt" \
        Sandbox__Psp__WebhookClientCertificateFile="${SANDBOX_PSP_DIR}/psp-webhook.crt" Sandbox__Psp__WebhookClientKeyFile="${SANDBOX_PSP_DIR}/psp-webhook.key" \
        Sandbox__Psp__WebhookServerCaFile="${SANDBOX_PSP_DIR}/ca.crt" exec dotnet "${SANDBOX_DLL}") </dev/null >>"${SANDBOX_LOG}" 2>&1 &
    SANDBOX_PID=$!
    printf '%s\n' "${SANDBOX_PID}" >"${SANDBOX_PID_FILE}"
    deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        curl -fsS --noproxy '*' --max-time 2 "${SANDBOX_URL}/health" >/dev/null 2>&1 && return 0
        pid_alive "${SANDBOX_PID}" || { tail -n 30 "${SANDBOX_LOG}" >&2; die "the sandbox exited at once; see ${SANDBOX_LOG}"; }
        sleep 0.3
    done
    die "the sandbox did not answer ${SANDBOX_URL}/health within ${READY_TIMEOUT} s; see ${SANDBOX_LOG}"
}

stop_sandbox() {
    [[ -n "${SANDBOX_PID}" ]] || return 0
    if pid_alive "${SANDBOX_PID}"; then
        log "stopping the sandbox (pid ${SANDBOX_PID})"
        stop_process "${SANDBOX_PID}" "the sandbox"
    fi
    wait "${SANDBOX_PID}" 2>/dev/null || true
    SANDBOX_PID=""
    rm -f "${SANDBOX_PID_FILE}"
}

# The banner's line for the sandbox.
sandbox_banner() {
    if [[ "${SANDBOX_ENABLED}" == 1 ]]; then
        printf '    Sandbox:   %s (tax registry for the CPF checks; admin token in %s)\n' "${SANDBOX_URL}" "${SANDBOX_ADMIN_TOKEN_FILE}"
        printf '               https://127.0.0.1:%s/api-pix/ (PSP, API Pix over mutual TLS; CA and client certificate in %s)\n' "${SANDBOX_PSP_PORT}" "${SANDBOX_PSP_DIR}"
        printf '    Webhooks:  https://127.0.0.1:%s/pix/webhook/{oprid} (mutual TLS for the PSPs)\n' "${PIX_WEBHOOK_PORT}"
    else
        printf '    Sandbox:   not started (LOTTOPAR_SANDBOX=0)\n'
    fi
}
