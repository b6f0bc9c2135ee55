#!/usr/bin/env bash
# deploy/lib/postgres.sh - private PostgreSQL 15 clusters for the deploy scripts. Sourced, never
# executed; sources common.sh itself.
#
# Provides:
#   pg_cluster_ensure DATA_DIR PORT SUPERUSER_PASSWORD_FILE [-c name=value ...]
#       Idempotent: initdb when DATA_DIR/PG_VERSION is absent (superuser "postgres", password
#       generated once into SUPERUSER_PASSWORD_FILE, mode 600), then make sure the cluster runs
#       on 127.0.0.1:PORT with the given settings (reuses a running cluster when it already does,
#       restarts it when its port or settings differ, copes with a stale postmaster.pid), waits
#       for pg_isready and makes the superuser's password agree with the file.
#       Socket directory: DATA_DIR/../pg-socket (mode 700). Server log: DATA_DIR.log.
#   pg_cluster_stop DATA_DIR            fast shutdown if running; succeeds when not running.
#   pg_psql_super PORT PASSWORD_FILE [-v NAME=VALUE | -d DB]... [SQL...]
#       psql as superuser "postgres" over TCP 127.0.0.1 (-v ON_ERROR_STOP=1 -X -q, unaligned
#       tuples-only output). Each SQL argument runs as one -c; with none, SQL is read from stdin.
#   pg_ensure_role_and_db PORT SUPERUSER_PASSWORD_FILE ROLE ROLE_PASSWORD_FILE DBNAME
#       Idempotent: LOGIN role whose password is the one in ROLE_PASSWORD_FILE (generated once,
#       mode 600) and a database DBNAME owned by it.
#   pg_temp_cluster_start PREFIX [-c name=value ...]
#       Throwaway cluster in a fresh mktemp -d /tmp/PREFIX.XXXXXX on a free port; sets
#       PG_TEMP_DIR, PG_TEMP_DATA, PG_TEMP_PORT, PG_TEMP_PWFILE. Removes leftovers of earlier
#       killed runs with the same PREFIX first (see pg_temp_cleanup_orphans).
#   pg_temp_cluster_cleanup             stops the throwaway cluster and deletes PG_TEMP_DIR.
#
# Globals read:
#   PG_PORT_HINT   what to tell the user to change when the port is busy (default:
#                  "set LOTTOPAR_PG_PORT to a free port").

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -n "${LOTTOPAR_POSTGRES_SH_LOADED:-}" ]]; then
    return 0
fi
LOTTOPAR_POSTGRES_SH_LOADED=1

PG_PORT_HINT="${PG_PORT_HINT:-set LOTTOPAR_PG_PORT to a free port}"
PG_TEMP_DIR=""
PG_TEMP_DATA=""
PG_TEMP_PORT=""
PG_TEMP_PWFILE=""

# ---------------------------------------------------------------------------------------------
# Paths

pg_socket_dir() {
    local data_dir="$1" sock
    sock="$(dirname "${data_dir}")/pg-socket"
    # A Unix socket path (DIR/.s.PGSQL.NNNNN) must fit in 107 bytes.
    if ((${#sock} > 90)); then
        sock="/tmp/lottopar-pgsock-$(printf '%s' "${data_dir}" | md5sum | cut -c1-12)"
    fi
    printf '%s\n' "${sock}"
}

pg_log_file() {
    printf '%s.log\n' "$1"
}

# ---------------------------------------------------------------------------------------------
# State of a cluster

# Prints the pid recorded in DATA_DIR/postmaster.pid, or nothing.
pg_postmaster_pid() {
    local pidfile="$1/postmaster.pid" pid=""
    [[ -r "${pidfile}" ]] || return 0
    IFS= read -r pid <"${pidfile}" || true
    [[ "${pid}" =~ ^[0-9]+$ ]] && printf '%s\n' "${pid}"
    return 0
}

# True when PID is a live postgres process whose data directory is DATA_DIR.
pg_pid_is_postmaster_of() {
    local pid="$1" data_dir="$2" comm="" cwd=""
    pid_alive "${pid}" || return 1
    comm="$(cat "/proc/${pid}/comm" 2>/dev/null || true)"
    [[ "${comm}" == postgres || "${comm}" == postmaster ]] || return 1
    cwd="$(readlink "/proc/${pid}/cwd" 2>/dev/null || true)"
    # cwd is unreadable for another user's process when not root: accept the pid then.
    [[ -z "${cwd}" || "${cwd}" == "${data_dir}" ]]
}

# True when the cluster in DATA_DIR is running. A postmaster.pid whose pid is now some other
# process (pid reuse after a kill -9 or a reboot) is removed, so that the next start works.
pg_cluster_running() {
    local data_dir="$1" pid
    [[ -f "${data_dir}/PG_VERSION" ]] || return 1
    pid="$(pg_postmaster_pid "${data_dir}")"
    [[ -n "${pid}" ]] || return 1
    if pg_pid_is_postmaster_of "${pid}" "${data_dir}"; then
        return 0
    fi
    # A dead pid is left for postgres itself to handle (it also checks the old shared memory).
    # A pid that still exists (an unreaped zombie of a killed postmaster, or an unrelated process
    # that got the pid) makes postgres refuse to start: remove the lock file, after making sure
    # no child of the old postmaster still uses the data directory.
    if [[ -e "/proc/${pid}" ]]; then
        log "postmaster.pid in ${data_dir} names pid ${pid}, which is not a live postmaster of it: removing the stale lock file"
        pg_kill_orphans "${data_dir}"
        pg_remove_socket_locks "${data_dir}" "${pid}"
        rm -f "${data_dir}/postmaster.pid"
    fi
    return 1
}

# Removes the socket lock files (.s.PGSQL.PORT.lock) that name PID, in the socket directory that
# DATA_DIR/postmaster.pid records: like postmaster.pid they block a restart while PID exists.
pg_remove_socket_locks() {
    local data_dir="$1" pid="$2" sock="" lock owner
    sock="$(sed -n 5p "${data_dir}/postmaster.pid" 2>/dev/null || true)"
    [[ -n "${sock}" && -d "${sock}" ]] || return 0
    for lock in "${sock}"/.s.PGSQL.*.lock; do
        [[ -f "${lock}" ]] || continue
        owner="$(head -n 1 "${lock}" 2>/dev/null || true)"
        if [[ "${owner}" == "${pid}" ]]; then
            rm -f "${lock}" "${lock%.lock}"
        fi
    done
}

# True when the running cluster was started with exactly these options (after -D DIR).
pg_running_with_opts() {
    local data_dir="$1" opts="" expected="" arg
    shift
    [[ -r "${data_dir}/postmaster.opts" ]] || return 1
    opts="$(cat "${data_dir}/postmaster.opts")"
    for arg in "$@"; do
        expected+=" \"${arg}\""
    done
    [[ "${opts}" == *"\"${data_dir}\"${expected}" ]]
}

# Kills postgres children left behind by a postmaster that died of kill -9: they keep the old
# shared memory attached and make the next start fail. Only called when the postmaster is gone.
pg_kill_orphans() {
    local data_dir="$1" p pid found=()
    for p in /proc/[0-9]*; do
        pid="${p#/proc/}"
        [[ "$(readlink "${p}/cwd" 2>/dev/null || true)" == "${data_dir}" ]] || continue
        [[ "$(cat "${p}/comm" 2>/dev/null || true)" == postgres ]] || continue
        found+=("${pid}")
    done
    ((${#found[@]} > 0)) || return 0
    log "killing ${#found[@]} leftover postgres process(es) of ${data_dir}: ${found[*]}"
    kill -KILL "${found[@]}" 2>/dev/null || true
    sleep 1
}

# ---------------------------------------------------------------------------------------------
# Creating and starting

pg_prepare_dirs() {
    local data_dir="$1" sock="$2" logfile="$3"
    mkdir -p "$(dirname "${data_dir}")" "${data_dir}" "${sock}"
    chown_to_pg_owner "${data_dir}" "${sock}"
    chmod 700 "${data_dir}" "${sock}"
    [[ -e "${logfile}" ]] || : >"${logfile}"
    chown_to_pg_owner "${logfile}"
    local owner="${LOTTOPAR_PG_OS_USER}"
    is_root || owner="$(id -un)"
    if ! run_as_pg_owner test -w "${data_dir}" -a -w "${sock}" -a -w "${logfile}"; then
        die "the PostgreSQL OS user '${owner}' cannot write ${data_dir}, ${sock} or ${logfile}: a parent directory is probably not traversable by it. Put the data directory elsewhere or make its parents traversable (chmod o+x)."
    fi
}

pg_initdb() {
    local data_dir="$1" pwfile="$2" sock="$3" tmp_pw out
    if [[ -n "$(ls -A "${data_dir}")" ]]; then
        die "${data_dir} is not empty but has no PG_VERSION: it is not a PostgreSQL cluster (an interrupted initdb?). Move or delete it and re-run."
    fi
    log "creating PostgreSQL cluster in ${data_dir}"
    # initdb runs as the pg owner, which cannot read the 600 root-owned password file.
    tmp_pw="$(mktemp "${sock}/initdb-pw.XXXXXX")"
    read_secret "${pwfile}" >"${tmp_pw}"
    chown_to_pg_owner "${tmp_pw}"
    if ! out="$(run_as_pg_owner initdb -D "${data_dir}" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 --pwfile="${tmp_pw}" -E UTF8 --locale=C.UTF-8 2>&1)"; then
        rm -f "${tmp_pw}"
        printf '%s\n' "${out}" >&2
        die "initdb failed for ${data_dir}"
    fi
    rm -f "${tmp_pw}"
}

# Joins arguments into one string that a POSIX shell splits back into the same words
# (pg_ctl hands -o to /bin/sh).
pg_join_opts() {
    local arg out=""
    for arg in "$@"; do
        out+="'${arg//\'/\'\\\'\'}' "
    done
    printf '%s\n' "${out% }"
}

pg_start() {
    local data_dir="$1" logfile="$2" port="$3" attempt optstr
    shift 3
    optstr="$(pg_join_opts "$@")"
    for attempt in 1 2 3 4 5; do
        if run_as_pg_owner pg_ctl -D "${data_dir}" -l "${logfile}" -w -t 60 -o "${optstr}" start >/dev/null 2>&1; then
            return 0
        fi
        port_in_use "${port}" && pg_die_port_busy "${port}" "${data_dir}"
        log "PostgreSQL did not start (attempt ${attempt}/5); retrying"
        pg_kill_orphans "${data_dir}"
        sleep "${attempt}"
    done
    log "last lines of ${logfile}:"
    tail -n 30 "${logfile}" >&2 || true
    die "could not start PostgreSQL in ${data_dir} on port ${port} (log: ${logfile})"
}

pg_die_port_busy() {
    local port="$1" data_dir="$2" who
    who="$(port_owner "${port}")"
    die "port ${port} is already in use by another program${who:+ (${who% })}, not by the PostgreSQL cluster in ${data_dir}: ${PG_PORT_HINT}."
}

pg_wait_ready() {
    local port="$1" i
    for i in $(seq 1 120); do
        if pg_isready -q -h 127.0.0.1 -p "${port}" -t 1; then
            return 0
        fi
        : "${i}"
        sleep 0.5
    done
    die "PostgreSQL on 127.0.0.1:${port} is not ready after 60 s"
}

# Makes the superuser's password the one in PWFILE (via the trusted local socket), in case the
# file was regenerated or the cluster was created some other way.
pg_sync_superuser_password() {
    local port="$1" pwfile="$2" sock="$3" pw
    if pg_psql_super "${port}" "${pwfile}" 'SELECT 1' >/dev/null 2>&1; then
        return 0
    fi
    log "superuser password of the cluster on port ${port} differs from ${pwfile}: resetting it"
    pw="$(read_secret "${pwfile}")"
    printf '%s\n' "\\getenv pw LOTTOPAR_PSQL_PW" "ALTER ROLE postgres PASSWORD :'pw';" |
        LOTTOPAR_PSQL_PW="${pw}" psql -h "${sock}" -p "${port}" -U postgres -d postgres \
            -v ON_ERROR_STOP=1 -X -q >/dev/null ||
        die "could not set the superuser password over the socket in ${sock}"
    pg_psql_super "${port}" "${pwfile}" 'SELECT 1' >/dev/null ||
        die "the superuser still cannot log in over TCP on port ${port}"
}

pg_cluster_ensure() {
    (($# >= 3)) || die "usage: pg_cluster_ensure DATA_DIR PORT SUPERUSER_PASSWORD_FILE [-c name=value ...]"
    local data_dir port pwfile sock logfile opts
    data_dir="$(abs_path "$1")"
    port="$2"
    pwfile="$(abs_path "$3")"
    shift 3
    validate_port "port" "${port}"
    sock="$(pg_socket_dir "${data_dir}")"
    logfile="$(pg_log_file "${data_dir}")"
    opts=(-p "${port}" -c listen_addresses=127.0.0.1 -k "${sock}" "$@")

    pg_prepare_dirs "${data_dir}" "${sock}" "${logfile}"
    ensure_secret_file "${pwfile}"
    [[ -f "${data_dir}/PG_VERSION" ]] || pg_initdb "${data_dir}" "${pwfile}" "${sock}"

    if pg_cluster_running "${data_dir}"; then
        if pg_running_with_opts "${data_dir}" "${opts[@]}"; then
            log "reusing the running PostgreSQL cluster in ${data_dir} (port ${port})"
        else
            log "PostgreSQL in ${data_dir} runs with other settings (port or -c options): restarting it on port ${port}"
            pg_cluster_stop "${data_dir}" || die "could not stop PostgreSQL in ${data_dir}"
        fi
    fi
    if ! pg_cluster_running "${data_dir}"; then
        port_in_use "${port}" && pg_die_port_busy "${port}" "${data_dir}"
        log "starting PostgreSQL (${data_dir}, 127.0.0.1:${port}, log ${logfile})"
        pg_start "${data_dir}" "${logfile}" "${port}" "${opts[@]}"
    fi
    pg_wait_ready "${port}"
    pg_sync_superuser_password "${port}" "${pwfile}" "${sock}"
}

pg_cluster_stop() {
    local data_dir
    data_dir="$(abs_path "$1")"
    pg_cluster_running "${data_dir}" || return 0
    log "stopping PostgreSQL in ${data_dir}"
    if ! run_as_pg_owner pg_ctl -D "${data_dir}" -m fast -w -t 60 stop >/dev/null 2>&1; then
        warn "fast shutdown of ${data_dir} failed; trying immediate"
        run_as_pg_owner pg_ctl -D "${data_dir}" -m immediate -w -t 30 stop >/dev/null 2>&1 || return 1
    fi
}

# ---------------------------------------------------------------------------------------------
# SQL

pg_psql_super() {
    (($# >= 2)) || die "usage: pg_psql_super PORT PASSWORD_FILE [-v NAME=VALUE | -d DB]... [SQL...]"
    local port="$1" pwfile="$2" pw db=postgres opts=() sql=()
    shift 2
    while (($# >= 2)) && [[ "$1" == -v || "$1" == -d ]]; do
        if [[ "$1" == -d ]]; then db="$2"; else opts+=(-v "$2"); fi
        shift 2
    done
    for pw in "$@"; do
        sql+=(-c "${pw}")
    done
    pw="$(read_secret "${pwfile}")"
    PGPASSWORD="${pw}" PGCONNECT_TIMEOUT=10 psql -h 127.0.0.1 -p "${port}" -U postgres -d "${db}" \
        -v ON_ERROR_STOP=1 -X -q -A -t "${opts[@]}" "${sql[@]}"
}

pg_ensure_role_and_db() {
    (($# == 5)) || die "usage: pg_ensure_role_and_db PORT SUPERPW_FILE ROLE ROLE_PASSWORD_FILE DBNAME"
    local port="$1" superpw="$2" role="$3" rolepw_file="$4" db="$5" rolepw
    ensure_secret_file "${rolepw_file}"
    rolepw="$(read_secret "${rolepw_file}")"
    # The password travels in the environment (psql's \getenv), not on a command line.
    LOTTOPAR_PSQL_PW="${rolepw}" pg_psql_super "${port}" "${superpw}" -v "role=${role}" -v "db=${db}" <<'SQL' ||
\getenv pw LOTTOPAR_PSQL_PW
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
        die "could not create role '${role}' / database '${db}' on port ${port}"
}

# ---------------------------------------------------------------------------------------------
# Throwaway clusters (test.sh, bench.sh)

# pg_temp_cleanup_orphans PREFIX: removes /tmp/PREFIX.* left by killed runs: those whose owner
# process (owner.pid) is gone, unless marked "keep"; kept ones and ones without owner.pid only
# once older than a day and their postmaster is gone.
pg_temp_cleanup_orphans() {
    local prefix="$1" d owner
    for d in "/tmp/${prefix}".*; do
        [[ -d "${d}" && ! -L "${d}" ]] || continue
        owner=""
        [[ -r "${d}/owner.pid" ]] && owner="$(cat "${d}/owner.pid" 2>/dev/null || true)"
        if [[ -n "${owner}" && ! -e "${d}/keep" ]]; then
            pid_alive "${owner}" && continue
        else
            [[ -n "$(find "${d}" -maxdepth 0 -mmin +1440 2>/dev/null)" ]] || continue
            pg_cluster_running "${d}/pgdata" && continue
        fi
        log "removing leftover ${d} of an earlier run"
        pg_cluster_stop "${d}/pgdata" || warn "could not stop the cluster in ${d}/pgdata"
        rm -rf "${d}"
    done
}

pg_temp_cluster_start() {
    local prefix="$1"
    shift
    pg_temp_cleanup_orphans "${prefix}"
    PG_TEMP_DIR="$(mktemp -d "/tmp/${prefix}.XXXXXX")"
    printf '%s\n' "$$" >"${PG_TEMP_DIR}/owner.pid"
    chown_to_pg_owner "${PG_TEMP_DIR}"
    PG_TEMP_DATA="${PG_TEMP_DIR}/pgdata"
    PG_TEMP_PWFILE="${PG_TEMP_DIR}/superuser-password"
    PG_TEMP_PORT="$(free_port)"
    PG_PORT_HINT="it was free a moment ago (picked at random): just re-run"
    pg_cluster_ensure "${PG_TEMP_DATA}" "${PG_TEMP_PORT}" "${PG_TEMP_PWFILE}" "$@"
}

pg_temp_cluster_cleanup() {
    [[ -n "${PG_TEMP_DIR}" && -d "${PG_TEMP_DIR}" ]] || return 0
    pg_cluster_stop "${PG_TEMP_DATA}" || warn "could not stop the throwaway cluster in ${PG_TEMP_DATA}"
    rm -rf "${PG_TEMP_DIR}"
    PG_TEMP_DIR=""
}
