#!/usr/bin/env bash
# deploy/run.sh - start the Lottopar platform on this machine, in the foreground.
#
# Starts (or reuses) a private PostgreSQL 15 cluster, creates the "lottopar" role and database,
# builds the silo, applies the database migrations and runs the silo until Ctrl-C. Logs go to the
# terminal and to $LOTTOPAR_DATA_DIR/logs/silo.log. On exit (Ctrl-C, TERM, or the silo stopping)
# the silo and then PostgreSQL are stopped. Data persists across runs: the data directory is
# never deleted. Safe to re-run; a second run stops the silo of the first one and takes over.
#
# With LOTTOPAR_SILOS=2 it runs two silo processes on the one PostgreSQL, forming one Orleans
# cluster, behind nginx (installed from Debian when missing): nginx listens on
# LOTTOPAR_HTTP_PORT and each silo on an internal HTTP port of its own, with its own Orleans
# silo and gateway ports, the same at every start. nginx is a process of this run, with its
# configuration generated into $LOTTOPAR_DATA_DIR/nginx/ (the system's nginx service is never
# touched). When one silo dies the other serves everything through nginx; the run ends when
# nginx or the last silo exits, or on Ctrl-C, which stops nginx, both silos and PostgreSQL.
#
# Environment (all optional):
#   LOTTOPAR_DATA_DIR        where everything persistent lives (default: <repo>/.data):
#                              postgres/        the PostgreSQL cluster (postgres.log beside it)
#                              secrets/         generated passwords (mode 600)
#                              logs/silo.log    silo output, appended across runs (two silos:
#                                               logs/silo-1.log, logs/silo-2.log, and nginx's
#                                               logs/nginx-error.log, logs/nginx-access.log)
#                              silo.pid         pid of the running silo (two: silo-1.pid, silo-2.pid)
#                              sandbox.pid      pid of the homologation sandbox (its output: logs/sandbox.log)
#                              nginx/           two silos: nginx.conf (generated), nginx.pid, temp/
#                              run.pid          pid of the run.sh that owns the running cluster
#   LOTTOPAR_SILOS           1 (default): one silo on LOTTOPAR_HTTP_PORT; 2: two silos behind nginx
#   LOTTOPAR_PG_PORT         TCP port of PostgreSQL on 127.0.0.1 (default: 5433)
#   LOTTOPAR_HTTP_PORT       HTTP port on 127.0.0.1 (default: 5080): the silo's, or with two
#                            silos nginx's
#   LOTTOPAR_SILO_PORT       Orleans silo-to-silo port on 127.0.0.1 (default: 11111)
#   LOTTOPAR_GATEWAY_PORT    Orleans client gateway port on 127.0.0.1 (default: 30000)
#   Two silos only; silo 1 has LOTTOPAR_SILO_PORT and LOTTOPAR_GATEWAY_PORT:
#   LOTTOPAR_SILO1_HTTP_PORT internal HTTP port of silo 1 (default: LOTTOPAR_HTTP_PORT + 1)
#   LOTTOPAR_SILO2_HTTP_PORT internal HTTP port of silo 2 (default: LOTTOPAR_HTTP_PORT + 2)
#   LOTTOPAR_SILO2_PORT      Orleans silo port of silo 2 (default: LOTTOPAR_SILO_PORT + 1)
#   LOTTOPAR_GATEWAY2_PORT   Orleans gateway port of silo 2 (default: LOTTOPAR_GATEWAY_PORT + 1)
#   LOTTOPAR_CONFIGURATION   dotnet build configuration (default: Release)
#   LOTTOPAR_READY_TIMEOUT   seconds to wait for /health/ready (default: 60)
#   LOTTOPAR_ADMIN_EMAIL     e-mail of the first LOTTOPAR admin, created on the first run
#                            (default: admin@lottopar.local; credentials in secrets/first-admin.env)
#   LOTTOPAR_DEMO            0: do not add the demonstration operator on the first run (default 1)
#   ASPNETCORE_ENVIRONMENT   passed to the silo (default: Development)
#   LOTTOPAR_PG_OS_USER      OS user running PostgreSQL when this runs as root (default: postgres)
#   LOTTOPAR_VAULT           1 (default, as root): run the SFTP vault (sshd) beside the silo; 0: do not
#   LOTTOPAR_VAULT_SFTP_PORT port of the vault's sshd on 127.0.0.1 (default: 2222)
#   LOTTOPAR_SANDBOX         1 (default): run the homologation sandbox (the tax registry for the CPF
#                            checks) beside the silo, with its own database; 0: do not
#   LOTTOPAR_SANDBOX_PORT    HTTP port of the sandbox on 127.0.0.1 (default: 5090)
#   LOTTOPAR_SANDBOX_PSP_PORT HTTPS port of the sandbox PSP's API Pix (mutual TLS; default: 5091)
#   LOTTOPAR_PIX_WEBHOOK_PORT HTTPS port where the silo takes the PSPs' webhooks (mutual TLS, with the
#                            sandbox; default: 5092; a second silo uses the next port)
#   LOTTOPAR_VAULT_DIR       the vault's directory (default: /var/lib/lottopar/vault-<hash of the data
#                            directory>): sshd's configuration and host key, the operators' chroots,
#                            the archive of received files; see deploy/vault-sftp.sh
#
# Exported to the silo (and its migrate step):
#   ConnectionStrings__Lottopar  Host=127.0.0.1;Port=...;Database=lottopar;Username=lottopar;Password=...
#   Lottopar__DataDirectory      $LOTTOPAR_DATA_DIR (both silos share it: the grain-key secret and
#                                the Data Protection keys must be the same on every silo)
#   Lottopar__Orleans__SiloPort / GatewayPort   the silo's own Orleans ports
#   Lottopar__Vault__Directory   LOTTOPAR_VAULT_DIR (when the vault runs)
#   Lottopar__WebSale__TrustedProxies__0        two silos: 127.0.0.2, the address nginx connects
#                                               from, whose X-Forwarded-For names the client
set -euo pipefail

# shellcheck source=deploy/lib/platform.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"

TAIL_PIDS=()
CLEANED_UP=0
PG_PORT_HINT="set LOTTOPAR_PG_PORT to a free port"

# shellcheck disable=SC2317  # invoked through trap
cleanup() {
    local rc=$? pid
    ((CLEANED_UP == 0)) || return 0
    CLEANED_UP=1
    trap '' INT TERM
    stop_proxy
    stop_vault_sftp
    stop_silos
    stop_sandbox
    for pid in "${TAIL_PIDS[@]}"; do
        kill "${pid}" 2>/dev/null || true
        wait "${pid}" 2>/dev/null || true
    done
    if owns_cluster; then
        pg_cluster_stop "${PG_DATA}" || warn "could not stop PostgreSQL in ${PG_DATA}"
        rm -f "${RUN_PID_FILE}"
    else
        log "a newer run.sh took over: leaving PostgreSQL running for it"
    fi
    exit "${rc}"
}

# Shows the new lines of silo N's log on the terminal while the silo lives (with two silos, each
# line prefixed with its silo, until this run ends: a silo may die and the other go on).
follow_silo_log() {
    local n="$1"
    if [[ "${SILOS}" == 2 ]]; then
        tail -c "+$((SILO_LOG_OFFSETS[n] + 1))" -f --pid=$$ "${SILO_LOGS[n]}" | sed -u "s/^/[silo ${n}] /" &
    else
        tail -c "+$((SILO_LOG_OFFSETS[n] + 1))" -f --pid="${SILO_PIDS[n]}" "${SILO_LOGS[n]}" &
    fi
    TAIL_PIDS+=($!)
}

print_banner() {
    if [[ "${SILOS}" == 2 ]]; then
        cat <<EOF

  Lottopar is running: 2 silos behind nginx (PostgreSQL on 127.0.0.1:${PG_PORT})
    App:       ${BASE_URL}/ (nginx, pid ${PROXY_PID})
    Silo 1:    ${SILO_URLS[1]} (pid ${SILO_PIDS[1]}; silo port ${SILO_ORLEANS_PORTS[1]}, gateway ${SILO_GATEWAY_PORTS[1]})
    Silo 2:    ${SILO_URLS[2]} (pid ${SILO_PIDS[2]}; silo port ${SILO_ORLEANS_PORTS[2]}, gateway ${SILO_GATEWAY_PORTS[2]})
    Health:    ${BASE_URL}/health/ready
    Metrics:   ${BASE_URL}/runtime/metrics (LOTTOPAR staff token)
    Orleans:   ${BASE_URL}/dashboard/ (LOTTOPAR staff: sign in there)
    API docs:  ${BASE_URL}/docs
    Admin:     ${SECRETS}/first-admin.env (credentials of the first admin)
    Demo:      ${SECRETS}/demo-operator.env (demonstration operator: OPRID, API key, provider 42, POS 28;
               its vault SSH key and signing certificate in ${SECRETS}/demo-vault/)
$(vault_sftp_banner)
$(sandbox_banner)
    Data:      ${DATA}
    Logs:      ${SILO_LOGS[1]}, ${SILO_LOGS[2]}, ${PROXY_ERROR_LOG}, ${PROXY_ACCESS_LOG}
    Proxy:     ${PROXY_CONFIG}

  Press Ctrl-C to stop.

EOF
        return 0
    fi
    cat <<EOF

  Lottopar is running (silo pid ${SILO_PIDS[1]}, PostgreSQL on 127.0.0.1:${PG_PORT})
    App:       ${BASE_URL}/
    Health:    ${BASE_URL}/health/ready
    Metrics:   ${BASE_URL}/runtime/metrics (LOTTOPAR staff token)
    Orleans:   ${BASE_URL}/dashboard/ (LOTTOPAR staff: sign in there); silo port ${SILO_PORT}, gateway ${GATEWAY_PORT}
    API docs:  ${BASE_URL}/docs
    Admin:     ${SECRETS}/first-admin.env (credentials of the first admin)
    Demo:      ${SECRETS}/demo-operator.env (demonstration operator: OPRID, API key, provider 42, POS 28;
               its vault SSH key and signing certificate in ${SECRETS}/demo-vault/)
$(vault_sftp_banner)
$(sandbox_banner)
    Data:      ${DATA}
    Logs:      ${SILO_LOGS[1]}

  Press Ctrl-C to stop.

EOF
}

# Waits for the silo; a trapped signal interrupts the wait and runs cleanup via exit.
wait_for_silo() {
    local rc=0
    wait "${SILO_PIDS[1]}" || rc=$?
    SILO_PIDS[1]=""
    if ! owns_cluster; then
        log "the silo was stopped by a newer run.sh (pid $(cat "${RUN_PID_FILE}" 2>/dev/null || echo '?'))"
        exit 0
    fi
    log "the silo exited (code ${rc})"
    exit "${rc}"
}

# Two silos: waits until nginx or the last silo exits. A silo that exits while the other lives is
# reported, and the other serves every request through nginx.
wait_for_silos() {
    local rc pid n live
    while true; do
        rc=0
        pid=""
        live=()
        for n in 1 2; do
            [[ -z "${SILO_PIDS[n]}" ]] || live+=("${SILO_PIDS[n]}")
        done
        # (Its standard error discarded: bash's own "Killed" line for a silo killed by a signal.)
        wait -n -p pid "${PROXY_PID}" "${live[@]}" 2>/dev/null || rc=$?
        [[ -n "${pid}" ]] || continue
        if ! owns_cluster; then
            log "stopped by a newer run.sh (pid $(cat "${RUN_PID_FILE}" 2>/dev/null || echo '?'))"
            exit 0
        fi
        if [[ "${pid}" == "${PROXY_PID}" ]]; then
            PROXY_PID=""
            log "nginx exited (code ${rc}); last lines of ${PROXY_ERROR_LOG}:"
            tail -n 10 "${PROXY_ERROR_LOG}" >&2 || true
            exit "$((rc == 0 ? 1 : rc))"
        fi
        live=()
        for n in 1 2; do
            if [[ "${SILO_PIDS[n]}" == "${pid}" ]]; then
                SILO_PIDS[n]=""
                warn "silo ${n} exited (code ${rc})"
            elif [[ -n "${SILO_PIDS[n]}" ]]; then
                live+=("${n}")
            fi
        done
        if ((${#live[@]} == 0)); then
            log "no silo is left"
            exit "${rc}"
        fi
        log "silo ${live[0]} serves every request through nginx until this run is started again"
    done
}

main() {
    local n
    validate_settings
    ensure_prerequisites
    [[ "${SILOS}" == 1 ]] || ensure_proxy_prerequisites
    prepare_data_dir

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # Claim the cluster before stopping an earlier run's silo, so that run leaves it running.
    printf '%s\n' "$$" >"${RUN_PID_FILE}"
    stop_stale_silo
    check_http_port_free

    start_database
    build_silo
    export_silo_environment
    prepare_vault_sftp
    prepare_sandbox
    apply_migrations
    bootstrap_first_admin
    seed_demo_data

    stop_stale_silo
    check_http_port_free
    start_sandbox
    for n in $(silo_numbers); do
        start_silo "${n}"
        follow_silo_log "${n}"
    done
    for n in $(silo_numbers); do
        wait_until_ready "${n}"
    done
    start_vault_sftp
    if [[ "${SILOS}" == 1 ]]; then
        print_banner
        wait_for_silo
    fi
    start_proxy
    wait_proxy_ready
    print_banner
    wait_for_silos
}

main "$@"
