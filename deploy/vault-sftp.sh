#!/usr/bin/env bash
# deploy/vault-sftp.sh - prepare the SFTP vault's OpenSSH sshd (run it with /usr/sbin/sshd after).
#
#   deploy/vault-sftp.sh prepare --dir DIR --port PORT --keys-url URL [--listen ADDRESS]
#
# Idempotent; must run as root (sshd, chroot, one OS account per operator). It:
#   - installs openssh-server when /usr/sbin/sshd is missing, and makes /run/sshd;
#   - creates the group lottopar-vault (every operator's account is in it; sshd allows no one
#     else) and the system user lottopar-vault-keys (runs the AuthorizedKeysCommand);
#   - lays out DIR, which must be an absolute path whose every component is root-owned and not
#     group- or world-writable (sshd's rule for a chroot; so not under /tmp):
#       DIR/etc/ssh_host_ed25519_key   the server's host key (made once; operators pin it)
#       DIR/etc/keys-token             shared with the silo (root:lottopar-vault-keys, 640)
#       DIR/etc/sshd_config            from deploy/vault/sshd_config.in
#       DIR/etc/authorized-keys        from deploy/vault/authorized-keys.in (asks URL)
#       DIR/home/                      one chroot per operator account (made by the silo)
#       DIR/processing/                uploads the silo took from incoming/, being judged (root only)
#       DIR/archive/                   every file received, kept by the silo (root only)
#   - checks the configuration with sshd -t and prints the host key's SHA-256 fingerprint.
#
# Then: /usr/sbin/sshd -D -f DIR/etc/sshd_config -E LOG   (the silo gets Lottopar__Vault__Directory=DIR)
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

VAULT_GROUP="lottopar-vault"
KEYS_USER="lottopar-vault-keys"
SSHD="/usr/sbin/sshd"

usage() {
    die "usage: $0 prepare --dir DIR --port PORT --keys-url URL [--listen ADDRESS]"
}

# Every component of DIR root-owned and not writable by group or others (creating what is missing).
check_root_owned_path() {
    local dir="$1" path="" part owner mode
    [[ "${dir}" == /* ]] || die "the vault directory must be an absolute path: ${dir}"
    mkdir -p "${dir}"
    chown root:root "${dir}"
    chmod 755 "${dir}"
    IFS='/' read -ra parts <<<"${dir#/}"
    for part in "" "${parts[@]}"; do
        path="${path%/}/${part}"
        owner="$(stat -c %u "${path}")"
        mode="$(stat -c %a "${path}")"
        if [[ "${owner}" != 0 ]] || (((8#${mode} & 8#022) != 0)); then
            die "${path} must be owned by root and not writable by group or others (mode ${mode}, owner uid ${owner}): sshd refuses a chroot below it. Choose another LOTTOPAR_VAULT_DIR."
        fi
    done
}

ensure_accounts() {
    getent group "${VAULT_GROUP}" >/dev/null || groupadd --system "${VAULT_GROUP}"
    getent passwd "${KEYS_USER}" >/dev/null ||
        useradd --system --user-group --no-create-home --home-dir / --shell /usr/sbin/nologin "${KEYS_USER}"
}

render() {
    local template="$1" target="$2" mode="$3" tmp
    tmp="${target}.tmp.$$"
    sed -e "s|@DIR@|${DIR}|g" -e "s|@PORT@|${PORT}|g" -e "s|@LISTEN@|${LISTEN}|g" -e "s|@KEYS_URL@|${KEYS_URL}|g" \
        "${LOTTOPAR_ROOT}/deploy/vault/${template}" >"${tmp}"
    chown root:root "${tmp}"
    chmod "${mode}" "${tmp}"
    mv -f "${tmp}" "${target}"
}

prepare() {
    is_root || die "the SFTP vault needs root (sshd, chroot, one OS account per operator)"
    [[ -n "${DIR}" && -n "${PORT}" && -n "${KEYS_URL}" ]] || usage
    validate_port --port "${PORT}"
    [[ "${KEYS_URL}" =~ ^https?://[A-Za-z0-9.:-]+$ ]] || die "--keys-url must be a base URL like http://127.0.0.1:5080, got ${KEYS_URL}"
    [[ -x "${SSHD}" ]] || apt_ensure openssh-server
    mkdir -p /run/sshd
    chmod 755 /run/sshd
    ensure_accounts
    check_root_owned_path "${DIR}"
    mkdir -p "${DIR}/etc" "${DIR}/home" "${DIR}/processing" "${DIR}/archive"
    chmod 755 "${DIR}/etc" "${DIR}/home"
    chmod 700 "${DIR}/processing" "${DIR}/archive"
    if [[ ! -s "${DIR}/etc/ssh_host_ed25519_key" ]]; then
        ssh-keygen -q -t ed25519 -N '' -C "lottopar-vault" -f "${DIR}/etc/ssh_host_ed25519_key"
    fi
    if [[ ! -s "${DIR}/etc/keys-token" ]]; then
        (umask 077 && random_secret >"${DIR}/etc/keys-token")
    fi
    chown "root:${KEYS_USER}" "${DIR}/etc/keys-token"
    chmod 640 "${DIR}/etc/keys-token"
    render sshd_config.in "${DIR}/etc/sshd_config" 644
    render authorized-keys.in "${DIR}/etc/authorized-keys" 755
    "${SSHD}" -t -f "${DIR}/etc/sshd_config" || die "sshd refuses ${DIR}/etc/sshd_config"
    log "SFTP vault prepared in ${DIR}: host key $(ssh-keygen -lf "${DIR}/etc/ssh_host_ed25519_key.pub" | cut -d' ' -f2)"
}

COMMAND="${1:-}"
shift || true
DIR="" PORT="" KEYS_URL="" LISTEN="127.0.0.1"
while (($# > 0)); do
    case "$1" in
        --dir) DIR="${2:-}"; shift 2 ;;
        --port) PORT="${2:-}"; shift 2 ;;
        --keys-url) KEYS_URL="${2:-}"; shift 2 ;;
        --listen) LISTEN="${2:-}"; shift 2 ;;
        *) usage ;;
    esac
done
case "${COMMAND}" in
    prepare) prepare ;;
    *) usage ;;
esac
