#!/usr/bin/env bash
# deploy/readme-walkthrough.sh - run the README's walkthrough, as written and in order, against a
# fresh deploy/run.sh, and check what it prints.
#
# The README marks the blocks that make up the walkthrough with a line <!-- walkthrough --> just
# before their ```bash fence. This script starts deploy/run.sh on a data directory and ports of its
# own, joins the marked blocks into one bash script (run from the repository root with
# `set -euo pipefail`), and runs it. Two rewrites make the README's literal text fit this instance:
# its URL http://127.0.0.1:5080 becomes this instance's, and ".data/" its data directory. A line
#   # expect: REGEX
# checks the last line printed before it (bash regex); the first mismatch fails the run, naming
# the line. deploy/test.sh runs this after the test projects.
#
# Exit status: 0 when every block ran and every expectation held.
#
# Environment (optional):
#   LOTTOPAR_WALKTHROUGH_KEEP  1: keep the data directory and the generated script afterwards
set -euo pipefail

# shellcheck source=deploy/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

ROOT="$(repo_root)"
README="${ROOT}/README.md"
KEEP="${LOTTOPAR_WALKTHROUGH_KEEP:-0}"
RUN_PID=""
WORK=""
VAULT_DIR=""

cleanup() {
    if [[ -n "${RUN_PID}" ]] && pid_alive "${RUN_PID}"; then
        kill -TERM "${RUN_PID}" 2>/dev/null || true
        for _ in $(seq 1 60); do
            pid_alive "${RUN_PID}" || break
            sleep 0.5
        done
    fi
    if [[ -n "${WORK}" && "${KEEP}" != "1" ]]; then
        rm -rf "${WORK}"
        [[ -z "${VAULT_DIR}" ]] || rm -rf "${VAULT_DIR}"
    elif [[ -n "${WORK}" ]]; then
        log "kept ${WORK}"
    fi
}

# Prints the marked blocks of the README as one script, with the instance's URL, data directory
# SFTP port (the README's 2222, where it follows -P, --port or [127.0.0.1]:) and sandbox URLs.
extract_walkthrough() {
    local url="$1" data="$2" sftp_port="$3" sandbox_url="$4" psp_url="$5" webhook_url="$6"
    awk '
        /^<!-- walkthrough -->$/ { marked = 1; next }
        marked && /^```bash$/ { inside = 1; marked = 0; printf "\n# --- README.md line %d\n", NR; next }
        inside && /^```$/ { inside = 0; next }
        inside {
            if ($0 ~ /^# expect: /) {
                regex = substr($0, 11)
                gsub(/\047/, "\047\\\047\047", regex)
                printf "__expect %d \047%s\047\n", NR, regex
            } else {
                print
            }
        }
        { if (!inside && $0 !~ /^<!-- walkthrough -->$/) marked = 0 }
    ' "${README}" | sed -e "s#http://127.0.0.1:5080#${url}#g" -e "s#http://127.0.0.1:5090#${sandbox_url}#g" -e "s#https://127.0.0.1:5091#${psp_url}#g" -e "s#https://127.0.0.1:5092#${webhook_url}#g" -e "s#\\.data/#${data}/#g" \
        -e "s#-P 2222 #-P ${sftp_port} #g" -e "s#--port 2222 #--port ${sftp_port} #g" -e "s#\\[127.0.0.1\\]:2222 #[127.0.0.1]:${sftp_port} #g"
}

# Everything the walkthrough prints goes to a transcript; __expect checks its last non-empty line.
preamble() {
    cat <<'PRE'
set -euo pipefail
__TRANSCRIPT="$(mktemp)"
exec 3>&1 1>>"${__TRANSCRIPT}"
__expect() {
    local line="$1" regex="$2" last
    last="$(grep -v '^[[:space:]]*$' "${__TRANSCRIPT}" | tail -n 1 || true)"
    printf '  README.md:%s  %s\n' "${line}" "${last}" >&3
    if ! [[ "${last}" =~ ${regex} ]]; then
        printf 'README walkthrough failed at README.md line %s: expected /%s/, the last line printed was: %s\n' "${line}" "${regex}" "${last}" >&2
        exit 1
    fi
    echo
}
PRE
}

wait_ready() {
    local url="$1" deadline=$((SECONDS + 600))
    while ((SECONDS < deadline)); do
        if curl -fsS -o /dev/null "${url}/health/ready" 2>/dev/null; then
            return 0
        fi
        pid_alive "${RUN_PID}" || die "deploy/run.sh exited before the silo was ready (log: ${WORK}/run.log)"
        sleep 1
    done
    die "the silo was not ready within 10 minutes (log: ${WORK}/run.log)"
}

main() {
    [[ -f "${README}" ]] || die "no README.md at ${ROOT}"
    WORK="$(mktemp -d /tmp/lottopar-readme.XXXXXX)"
    chmod 755 "${WORK}"
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local http_port pg_port silo_port gateway_port sftp_port sandbox_port psp_port webhook_port url script blocks
    http_port="$(free_port)"
    pg_port="$(free_port)"
    while [[ "${pg_port}" == "${http_port}" ]]; do pg_port="$(free_port)"; done
    # Orleans' ports too: a platform already running here holds the defaults (11111, 30000).
    silo_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} " == *" ${silo_port} "* ]]; do silo_port="$(free_port)"; done
    gateway_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} ${silo_port} " == *" ${gateway_port} "* ]]; do gateway_port="$(free_port)"; done
    sftp_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} ${silo_port} ${gateway_port} " == *" ${sftp_port} "* ]]; do sftp_port="$(free_port)"; done
    sandbox_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} ${silo_port} ${gateway_port} ${sftp_port} " == *" ${sandbox_port} "* ]]; do sandbox_port="$(free_port)"; done
    psp_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} ${silo_port} ${gateway_port} ${sftp_port} ${sandbox_port} " == *" ${psp_port} "* ]]; do psp_port="$(free_port)"; done
    webhook_port="$(free_port)"
    while [[ " ${http_port} ${pg_port} ${silo_port} ${gateway_port} ${sftp_port} ${sandbox_port} ${psp_port} " == *" ${webhook_port} "* ]]; do webhook_port="$(free_port)"; done
    # A chroot may not be below /tmp: the vault's directory is under /var/lib, removed on exit.
    VAULT_DIR="/var/lib/lottopar-test-vault/walkthrough-$(basename "${WORK}")"
    url="http://127.0.0.1:${http_port}"
    script="${WORK}/walkthrough.sh"
    { preamble; extract_walkthrough "${url}" "${WORK}/data" "${sftp_port}" "http://127.0.0.1:${sandbox_port}" "https://127.0.0.1:${psp_port}" "https://127.0.0.1:${webhook_port}"; } >"${script}"
    blocks="$(grep -c '^# --- README.md line' "${script}" || true)"
    ((blocks > 0)) || die "README.md marks no walkthrough block"

    log "starting deploy/run.sh on ${url} (data in ${WORK}/data)"
    # One silo, whatever the caller's environment says: the walkthrough counts the cluster's silos.
    LOTTOPAR_SILOS=1 LOTTOPAR_DATA_DIR="${WORK}/data" LOTTOPAR_HTTP_PORT="${http_port}" LOTTOPAR_PG_PORT="${pg_port}" \
        LOTTOPAR_SILO_PORT="${silo_port}" LOTTOPAR_GATEWAY_PORT="${gateway_port}" \
        LOTTOPAR_VAULT_SFTP_PORT="${sftp_port}" LOTTOPAR_VAULT_DIR="${VAULT_DIR}" LOTTOPAR_SANDBOX_PORT="${sandbox_port}" LOTTOPAR_SANDBOX_PSP_PORT="${psp_port}" LOTTOPAR_PIX_WEBHOOK_PORT="${webhook_port}" \
        setsid "${ROOT}/deploy/run.sh" >"${WORK}/run.log" 2>&1 &
    RUN_PID=$!
    wait_ready "${url}"

    log "running ${blocks} README blocks"
    local started=${SECONDS}
    if (cd "${ROOT}" && LOTTOPAR_URL="${url}" bash "${script}"); then
        log "README walkthrough passed: ${blocks} blocks in $((SECONDS - started))s"
        printf 'WALKTHROUGH blocks=%d seconds=%d\n' "${blocks}" "$((SECONDS - started))"
    else
        warn "README walkthrough failed; silo log: ${WORK}/data/logs/silo.log (kept with LOTTOPAR_WALKTHROUGH_KEEP=1)"
        tail -n 30 "${WORK}/data/logs/silo.log" >&2 2>/dev/null || true
        return 1
    fi
}

main "$@"
