#!/usr/bin/env bash
# deploy/lib/common.sh - helpers shared by every deploy/*.sh script. Sourced, never executed.
#
# Provides:
#   LOTTOPAR_ROOT          absolute path of the repository (works from any cwd)
#   repo_root              prints LOTTOPAR_ROOT
#   log MSG... / warn MSG... / die MSG...   messages on stderr, prefixed "[lottopar]"; die exits 1
#   is_root                true when running as uid 0
#   abs_path PATH          prints PATH made absolute (the path need not exist)
#   ensure_prerequisites   idempotent: .NET 10 SDK present, OS packages (LOTTOPAR_OS_PACKAGES) installed
#   apt_ensure PKG...      installs the packages dpkg does not report as installed (root only)
#   run_as_pg_owner CMD... runs CMD as the PostgreSQL OS user when root, directly otherwise
#   free_port              prints a TCP port that nothing listens on
#   port_in_use PORT       true when something listens on PORT (any address)
#   port_owner PORT        prints who listens on PORT (best effort, for error messages)
#   pid_alive PID          true when PID is a live process
#   pid_cmdline PID        prints the command line of PID (NULs turned into spaces)
#
# Environment read:
#   LOTTOPAR_PG_OS_USER    OS user that owns and runs PostgreSQL when the scripts run as root
#                          (default: postgres)
#
# Side effects when sourced: PATH gets /usr/lib/postgresql/15/bin first; .NET CLI telemetry and
# banners are turned off.

if [[ -n "${LOTTOPAR_COMMON_SH_LOADED:-}" ]]; then
    return 0
fi
LOTTOPAR_COMMON_SH_LOADED=1

LOTTOPAR_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
LOTTOPAR_ROOT="$(cd "${LOTTOPAR_LIB_DIR}/../.." && pwd -P)"
LOTTOPAR_PG_BIN="/usr/lib/postgresql/15/bin"
LOTTOPAR_PG_OS_USER="${LOTTOPAR_PG_OS_USER:-postgres}"

# Every OS package the platform needs, in one place (two silos also need nginx and its headers-more
# module: ensure_proxy_prerequisites in platform.sh, since one silo does not). Entry format: "package" or
# "package:probe", where probe is an absolute path that must be executable or a command name
# that must be on PATH; when the probe is satisfied the package is not even looked up.
# Test-only packages (Chromium) are ensured by deploy/test.sh.
LOTTOPAR_OS_PACKAGES=(
    "postgresql-15:${LOTTOPAR_PG_BIN}/postgres"
    "postgresql-client-15:${LOTTOPAR_PG_BIN}/psql"
    "curl:curl"
    "iproute2:ss"
    "oathtool:oathtool"
    "jq:jq"
)

LOTTOPAR_APT_UPDATED=0

repo_root() {
    printf '%s\n' "${LOTTOPAR_ROOT}"
}

log() {
    printf '[lottopar] %s\n' "$*" >&2
}

warn() {
    printf '[lottopar] WARNING: %s\n' "$*" >&2
}

die() {
    printf '[lottopar] ERROR: %s\n' "$*" >&2
    exit 1
}

is_root() {
    [[ "${EUID}" -eq 0 ]]
}

abs_path() {
    local p="$1"
    [[ "${p}" == /* ]] || p="${PWD}/${p}"
    printf '%s\n' "${p}"
}

# Puts the PostgreSQL 15 binaries first on PATH (once).
setup_path() {
    case ":${PATH}:" in
        ":${LOTTOPAR_PG_BIN}:"*) ;;
        *) export PATH="${LOTTOPAR_PG_BIN}:${PATH}" ;;
    esac
}

# True when dpkg reports PKG as installed.
pkg_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ "${status}" == "install ok installed" ]]
}

apt_update_once() {
    if [[ "${LOTTOPAR_APT_UPDATED}" != 1 ]]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
        LOTTOPAR_APT_UPDATED=1
    fi
}

# apt_ensure PKG...: installs those of PKG... that are not installed. apt-get update runs at most
# once per script run. As a non-root user it dies and says what to install.
apt_ensure() {
    local missing=() pkg
    for pkg in "$@"; do
        pkg_installed "${pkg}" || missing+=("${pkg}")
    done
    ((${#missing[@]} > 0)) || return 0
    if ! is_root; then
        die "missing OS packages: ${missing[*]}. Install them as root (apt-get install -y ${missing[*]}) and re-run."
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing OS packages: ${missing[*]}, and apt-get is not available to install them"
    apt_update_once
    log "installing OS packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 ||
        die "apt-get install ${missing[*]} failed"
}

# True when PROBE (absolute path: executable file; otherwise: command on PATH) is satisfied.
probe_ok() {
    local probe="$1"
    if [[ "${probe}" == /* ]]; then
        [[ -x "${probe}" ]]
    else
        command -v "${probe}" >/dev/null 2>&1
    fi
}

ensure_os_packages() {
    local entry pkg probe need=()
    for entry in "${LOTTOPAR_OS_PACKAGES[@]}"; do
        pkg="${entry%%:*}"
        probe=""
        [[ "${entry}" == *:* ]] && probe="${entry#*:}"
        if [[ -n "${probe}" ]] && probe_ok "${probe}"; then
            continue
        fi
        need+=("${pkg}")
    done
    ((${#need[@]} > 0)) || return 0
    apt_ensure "${need[@]}"
}

ensure_dotnet() {
    command -v dotnet >/dev/null 2>&1 ||
        die "'dotnet' is not on PATH. The .NET 10 SDK is a prerequisite of this project: install it and re-run."
    dotnet --list-sdks 2>/dev/null | grep '^10\.' >/dev/null ||
        die "the .NET SDK on PATH ($(command -v dotnet)) has no 10.x SDK (dotnet --list-sdks). The .NET 10 SDK is a prerequisite."
}

ensure_pg_binaries() {
    local b
    for b in initdb pg_ctl postgres psql pg_isready; do
        [[ -x "${LOTTOPAR_PG_BIN}/${b}" ]] ||
            die "PostgreSQL 15 binary ${LOTTOPAR_PG_BIN}/${b} is missing (packages postgresql-15, postgresql-client-15)"
    done
    if is_root; then
        id -u "${LOTTOPAR_PG_OS_USER}" >/dev/null 2>&1 ||
            die "OS user '${LOTTOPAR_PG_OS_USER}' (runs PostgreSQL when the scripts run as root) does not exist; set LOTTOPAR_PG_OS_USER or install postgresql-15, which creates it"
    fi
}

# Idempotent; cheap when everything is present (no apt, no network).
ensure_prerequisites() {
    ensure_dotnet
    ensure_os_packages
    ensure_pg_binaries
}

# run_as_pg_owner CMD...: initdb, pg_ctl and postgres refuse to run as root, so as root they run
# as LOTTOPAR_PG_OS_USER (from / so an unreadable cwd causes no warnings; pass absolute paths).
run_as_pg_owner() {
    if is_root; then
        (cd / && runuser -u "${LOTTOPAR_PG_OS_USER}" -- "$@")
    else
        "$@"
    fi
}

# chown_to_pg_owner PATH...: gives PATH... to the PostgreSQL OS user when root; no-op otherwise.
chown_to_pg_owner() {
    if is_root; then
        chown "${LOTTOPAR_PG_OS_USER}:" "$@"
    fi
}

port_in_use() {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :${port}" 2>/dev/null)" ]]
    else
        # Fallback: something accepts connections on 127.0.0.1:PORT.
        (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null
    fi
}

# Prints what listens on PORT (process names and pids when visible), or nothing.
port_owner() {
    local port="$1"
    command -v ss >/dev/null 2>&1 || return 0
    ss -Hltnp "sport = :${port}" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 3 | tr '\n' ' '
}

# Prints a free TCP port. Ports are drawn at random below the kernel's ephemeral range
# (32768-60999 on Linux) so they do not collide with outgoing connections.
free_port() {
    local attempt port
    for attempt in $(seq 1 200); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
        if ! port_in_use "${port}"; then
            printf '%s\n' "${port}"
            return 0
        fi
        : "${attempt}"
    done
    die "could not find a free TCP port in 20000-31999"
}

validate_port() {
    local name="$1" value="$2"
    if [[ ! "${value}" =~ ^[0-9]+$ ]] || ((10#${value} < 1 || 10#${value} > 65535)); then
        die "${name}='${value}' is not a valid TCP port"
    fi
}

# True when PID is a live process (a zombie, dead but not yet reaped, does not count).
pid_alive() {
    local stat=""
    [[ "$1" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$1" 2>/dev/null || [[ -e "/proc/$1" ]] || return 1
    stat="$(cat "/proc/$1/stat" 2>/dev/null || true)"
    [[ -n "${stat}" && "${stat##*) }" != Z* && "${stat##*) }" != X* ]]
}

pid_cmdline() {
    [[ -r "/proc/$1/cmdline" ]] || return 0
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# Random alphanumeric secret (48 hex chars), with no pipe that could die of SIGPIPE.
random_secret() {
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

# ensure_secret_file FILE: creates FILE (mode 600, parent 700) holding a random secret if it
# does not exist or is empty; never changes an existing secret.
ensure_secret_file() {
    local file="$1" dir tmp
    dir="$(dirname "${file}")"
    if [[ ! -d "${dir}" ]]; then
        mkdir -p "${dir}"
        chmod 700 "${dir}"
    fi
    if [[ -s "${file}" ]]; then
        chmod 600 "${file}"
        return 0
    fi
    tmp="${file}.tmp.$$"
    (umask 077 && random_secret >"${tmp}" && printf '\n' >>"${tmp}")
    mv -f "${tmp}" "${file}"
}

# read_secret FILE: prints the first line of FILE.
read_secret() {
    local file="$1" value=""
    [[ -r "${file}" ]] || die "secret file ${file} is missing or unreadable"
    IFS= read -r value <"${file}" || true
    [[ -n "${value}" ]] || die "secret file ${file} is empty"
    printf '%s\n' "${value}"
}

setup_path
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
