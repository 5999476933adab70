#!/usr/bin/env bash
# Builds the lab guest from Debian packages and the project's own workloads:
#   <lab>/guest/vmlinuz      the Debian kernel (linux-image-amd64's current image package)
#   <lab>/guest/initrd.img   busybox-static, /init (native/guest/init), /bin/ftw (native/guest/ftw.c,
#                            static), and the virtio modules from the same kernel package
#   <lab>/guest/manifest     what went in (package versions, input hash)
# <lab> is $FTACTORS_LAB_DIR, default <repo>/.lab. Rebuilt only when an input changes; otherwise it
# prints the existing paths and exits at once. Needs apt (for `apt-get download`), gcc, cpio, gzip.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB="${FTACTORS_LAB_DIR:-$ROOT/.lab}"
OUT="$LAB/guest"
CACHE="$LAB/cache"
MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_balloon)

log() { printf '[build-guest] %s\n' "$*" >&2; }
die() { printf 'build-guest.sh: %s\n' "$*" >&2; exit 2; }

for tool in gcc cpio gzip dpkg-deb apt-cache apt-get sha256sum; do
  command -v "$tool" >/dev/null || die "needs '$tool' (run scripts/setup.sh first)"
done
[[ -x /bin/busybox ]] || die "needs /bin/busybox from busybox-static"

# The kernel image package linux-image-amd64 points at, from the main suite (backports carry newer
# kernels we do not want the lab to drift to).
resolve_kernel() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}'; }
kernel_pkg=$(resolve_kernel)
if [[ -z "$kernel_pkg" ]]; then
  # A machine whose package lists were never fetched knows no linux-image-amd64 yet.
  log "apt-get update (package lists do not name linux-image-amd64)"
  apt-get update -qq >/dev/null || true
  kernel_pkg=$(resolve_kernel)
fi
[[ -n "$kernel_pkg" ]] || die "cannot resolve linux-image-amd64 to a kernel image package; expected apt to know it"
kernel_ver=$(apt-cache policy "$kernel_pkg" | awk '/Candidate:/ {print $2}')
busybox_ver=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo unknown)
gcc_ver=$(gcc -dumpfullversion)

input_hash=$( {
  echo "$kernel_pkg $kernel_ver busybox $busybox_ver gcc $gcc_ver modules ${MODULES[*]}"
  cat "$ROOT/native/guest/ftw.c" "$ROOT/native/guest/init" "$ROOT/scripts/build-guest.sh"
} | sha256sum | cut -d' ' -f1)

if [[ -f "$OUT/manifest" ]] && grep -qx "input-hash: $input_hash" "$OUT/manifest" \
   && [[ -f "$OUT/vmlinuz" && -f "$OUT/initrd.img" ]]; then
  log "up to date: $OUT (kernel $kernel_pkg $kernel_ver)"
  exit 0
fi

log "building guest: kernel $kernel_pkg $kernel_ver, busybox $busybox_ver"
mkdir -p "$CACHE" "$OUT"
deb="$CACHE/${kernel_pkg}_${kernel_ver//:/%3a}_amd64.deb"
if [[ ! -f "$deb" ]]; then
  rm -f "$CACHE/${kernel_pkg}"_*.deb
  # apt-get download writes into the current directory; _apt cannot write under /root, so it warns and
  # downloads as root, which is fine here.
  (cd "$CACHE" && apt-get download -qq "$kernel_pkg=$kernel_ver" 2>&1 | grep -v "^W: Download is performed unsandboxed" >&2 || true)
  [[ -f "$deb" ]] || deb=$(ls "$CACHE/${kernel_pkg}"_*.deb 2>/dev/null | head -n1)
  [[ -n "$deb" && -f "$deb" ]] || die "apt-get download $kernel_pkg=$kernel_ver produced no .deb in $CACHE"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/kernel"
vmlinuz=$(ls "$work"/kernel/boot/vmlinuz-* | head -n1)
[[ -f "$vmlinuz" ]] || die "no boot/vmlinuz-* in $deb"
kmods=$(ls -d "$work"/kernel/lib/modules/*/ | head -n1)

root="$work/initramfs"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules}
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$ROOT/native/guest/init" "$root/init"
chmod 755 "$root/init"
gcc -O2 -static -std=c11 -Wall -Wextra -Werror -o "$root/bin/ftw" "$ROOT/native/guest/ftw.c"
for m in "${MODULES[@]}"; do
  src=$(find "$kmods" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n1)
  [[ -n "$src" ]] || die "module $m not found in $kernel_pkg"
  case "$src" in
    *.xz) xz -dc "$src" > "$root/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$src" > "$root/lib/modules/$m.ko" ;;
    *) cp "$src" "$root/lib/modules/$m.ko" ;;
  esac
done
# /dev/console must exist before devtmpfs is mounted, or init's output is lost.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --quiet --reproducible) | gzip -9n > "$work/initrd.img"
install -m 644 "$vmlinuz" "$OUT/vmlinuz.new"
install -m 644 "$work/initrd.img" "$OUT/initrd.img.new"
# Also keep a host copy of ftw: tests run `ftw expect ...` to check a guest's sums.
install -m 755 "$root/bin/ftw" "$OUT/ftw.new"
mv "$OUT/vmlinuz.new" "$OUT/vmlinuz"
mv "$OUT/initrd.img.new" "$OUT/initrd.img"
mv "$OUT/ftw.new" "$OUT/ftw"
cat > "$OUT/manifest" <<MAN
input-hash: $input_hash
kernel-package: $kernel_pkg $kernel_ver
busybox-static: $busybox_ver
gcc: $gcc_ver
modules: ${MODULES[*]}
built: $(date -u +%Y-%m-%dT%H:%M:%SZ)
MAN
log "built $OUT/vmlinuz ($(stat -c %s "$OUT/vmlinuz") bytes), $OUT/initrd.img ($(stat -c %s "$OUT/initrd.img") bytes)"
