#!/usr/bin/env bash
# Sets up everything FtActors needs on a fresh Debian 12 machine, idempotently:
#   - Debian packages: QEMU >= 9 from bookworm-backports (the source is added when missing, using the
#     mirror the machine's own apt sources name), the native build tools, PostgreSQL, gnuplot;
#   - the native page library (native/ftpages, cmake);
#   - the lab guest (kernel + busybox initramfs + workloads), rebuilt only when its inputs change;
#   - the .NET build of the solution.
# A second run with everything present takes a few seconds. Run as root (apt, network namespaces).
#
#   scripts/setup.sh [--no-build] [--no-guest]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DO_BUILD=1
DO_GUEST=1
for arg in "$@"; do
  case "$arg" in
    --no-build) DO_BUILD=0 ;;
    --no-guest) DO_GUEST=0 ;;
    *) echo "setup.sh: unknown option '$arg' (expected --no-build or --no-guest)" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: must run as root (installs packages, creates network namespaces); found uid $(id -u)" >&2
  exit 2
fi

# Packages from the main suite. Listed by what needs them.
MAIN_PACKAGES=(
  cmake gcc g++ make pkg-config libxxhash-dev xxhash   # native/ftpages (XXH3 header), xxhsum for test vectors
  busybox-static cpio gzip xz-utils zstd kmod          # lab guest initramfs
  iproute2 iptables                                    # network namespaces, veth, tbf
  postgresql                                           # multi-node tests
  gnuplot-nox                                          # result plots
  socat procps psmisc                                  # QMP by hand, process inspection
  slurmctld slurmd slurm-client munge                  # real-Slurm drain tests (scripts/slurm-controller.sh)
)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
  done
}

# The machine's Debian mirror, read from its own apt sources (deb822 or one-line format), so that the
# backports source points wherever the main suite already does.
debian_mirror() {
  local uri=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    uri=$(awk '
      /^URIs:/ { u=$2 }
      /^Suites:/ { for (i=2;i<=NF;i++) if ($i=="bookworm") { print u; exit } }
      /^$/ { u="" }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1=="deb" && $0 ~ / bookworm / { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list | head -n1)
  fi
  printf '%s' "$uri"
}

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
}

ensure_backports_source() {
  if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
    return
  fi
  local mirror
  mirror=$(debian_mirror)
  if [[ -z "$mirror" ]]; then
    echo "setup.sh: cannot find the Debian mirror in /etc/apt/sources.list*; expected a source for suite 'bookworm'" >&2
    exit 2
  fi
  log "adding bookworm-backports from the machine's mirror"
  cat > /etc/apt/sources.list.d/ftactors-backports.sources <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  APT_UPDATED=0
}

qemu_major() {
  command -v qemu-system-x86_64 >/dev/null || { echo 0; return; }
  qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p'
}

export DEBIAN_FRONTEND=noninteractive
mapfile -t need < <(missing_packages "${MAIN_PACKAGES[@]}")
if [[ ${#need[@]} -gt 0 ]]; then
  apt_update_once
  log "installing ${need[*]}"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [[ $(qemu_major) -lt 9 ]]; then
  ensure_backports_source
  apt_update_once
  log "installing qemu-system-x86 from bookworm-backports"
  apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-x86 >/dev/null
  if [[ $(qemu_major) -lt 9 ]]; then
    echo "setup.sh: qemu-system-x86_64 >= 9 is required; found '$(qemu-system-x86_64 --version 2>&1 | head -n1)'" >&2
    exit 2
  fi
fi

# PostgreSQL is installed but its cluster service is left stopped: multi-node tests start their own
# throwaway server on a private port and data directory.
if command -v systemctl >/dev/null && systemctl is-active --quiet postgresql 2>/dev/null; then :; fi

if [[ -x "$ROOT/scripts/build-native.sh" ]]; then "$ROOT/scripts/build-native.sh"; fi

if [[ $DO_GUEST -eq 1 ]]; then
  "$ROOT/scripts/build-guest.sh"
fi

if [[ $DO_BUILD -eq 1 ]]; then
  log "dotnet build"
  dotnet build "$ROOT/FtActors.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
fi
log "ready"
