#!/usr/bin/env bash
# Runs a static program on a real Linux kernel: Debian 12's own 6.1 kernel, booted
# under QEMU (software emulation; KVM does not work on these machines, see
# shared/domain/real-kernel-6.1.md), with the DRM drivers QEMU can serve.
#
#   scripts/linux-guest.sh prepare
#       installs qemu-system-x86, busybox-static, kmod and cpio when missing,
#       downloads the pinned kernel package once and extracts an uncompressed vmlinux
#       (which boots through its PVH note, about 3 s faster than the bzImage), and the
#       modules the drivers below need.
#   scripts/linux-guest.sh run PROGRAM NONCE OUT [PAGE...]
#       boots the guest, which runs `PROGRAM PAGE` for each PAGE (a session number: the
#       harness runs one session per process), one process each,
#       as root, with PRIMEDOC_NONCE=NONCE in its environment, and writes to OUT:
#         NONCE release RELEASE            (uname -r; each line prefixed with \x1E)
#         NONCE label Linux RELEASE (Debian 12, QEMU)   (what the site says of it)
#         NONCE page-begin PAGE
#         ...what the program printed on standard output...
#         NONCE page-end PAGE STATUS       (exit status: 124 or 143 when the page timed out)
#         NONCE page-stderr PAGE
#         ...the last 4 KiB it printed on standard error...
#         NONCE dmesg                      (what the kernel logged at warning or worse)
#         NONCE done
#       A boot that does not reach `done` within the timeout (60 s, and 60 s per
#       page) is killed and tried once more (about one boot in 140 hangs); after that
#       the run fails.
#
# Devices: vgem (software), virtio-gpu (`-device virtio-gpu-pci`: no blob, no virgl),
# qxl, cirrus, bochs. The guest kernel's release is printed on the first line.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"  # modprobe and depmod, for a user whose PATH lacks them

# Debian renames its kernel ABI (6.1.0-NN) as security updates land: pinned, so the
# guest is the same kernel on every machine until this line changes.
KERNEL_PACKAGE=linux-image-6.1.0-57-amd64
KERNEL_VERSION=6.1.192-3
RELEASE=6.1.0-57-amd64
MODULES=(vgem virtio_pci virtio-gpu qxl cirrus bochs)
CACHE=${PRIMEDOC_LINUX_CACHE:-$HOME/.cache/primedoc/$RELEASE}
PAGE_TIMEOUT=60

prepare() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v modprobe >/dev/null || missing+=(kmod)
  command -v cpio >/dev/null || missing+=(cpio)
  if [ ${#missing[@]} -gt 0 ]; then scripts/apt-install.sh "${missing[@]}"; fi
  mkdir -p "$CACHE"
  # One preparation at a time: two first runs would share the extraction folders.
  exec 9>"$CACHE/.lock"
  flock 9
  [ -s "$CACHE/vmlinux" ] && [ -s "$CACHE/modules.cpio" ] && return 0
  rm -rf "$CACHE/kpkg" "$CACHE/deb"
  mkdir -p "$CACHE/deb"
  echo "linux-guest: downloading $KERNEL_PACKAGE $KERNEL_VERSION" >&2
  # Package lists may be stale on a fresh machine: refresh them once and try again.
  (cd "$CACHE/deb" && apt-get download -qq "$KERNEL_PACKAGE=$KERNEL_VERSION" 2>/dev/null) ||
    { $([ "$(id -u)" = 0 ] || echo sudo) apt-get update -qq && (cd "$CACHE/deb" && apt-get download -qq "$KERNEL_PACKAGE=$KERNEL_VERSION"); } || {
    echo "linux-guest: error: cannot download $KERNEL_PACKAGE=$KERNEL_VERSION; if Debian has rotated it," \
      "update KERNEL_PACKAGE, KERNEL_VERSION and RELEASE in $0" >&2
    exit 2
  }
  dpkg-deb -x "$CACHE"/deb/*.deb "$CACHE/kpkg"
  depmod -b "$CACHE/kpkg" "$RELEASE"  # the .deb has no modules.dep: its postinst makes it
  extract_vmlinux "$CACHE/kpkg/boot/vmlinuz-$RELEASE" > "$CACHE/vmlinux.tmp"
  if [ ! -s "$CACHE/vmlinux.tmp" ]; then
    echo "linux-guest: error: no vmlinux could be extracted from vmlinuz-$RELEASE" >&2
    exit 2
  fi
  mv "$CACHE/vmlinux.tmp" "$CACHE/vmlinux"
  # The modules the drivers need, with their dependencies, as modprobe would load them.
  local tree="$CACHE/modules-tree"
  rm -rf "$tree" && mkdir -p "$tree/lib/modules/$RELEASE"
  local files
  files=$(for m in "${MODULES[@]}"; do modprobe -d "$CACHE/kpkg" -S "$RELEASE" --show-depends "$m"; done |
    awk '$1 == "insmod" { print $2 }' | sort -u)
  for f in $files; do
    mkdir -p "$tree$(dirname "${f#"$CACHE/kpkg"}")"
    cp "$f" "$tree${f#"$CACHE/kpkg"}"
  done
  cp "$CACHE/kpkg/lib/modules/$RELEASE"/modules.{order,builtin,builtin.modinfo} "$tree/lib/modules/$RELEASE/" 2>/dev/null || true
  depmod -b "$tree" "$RELEASE"
  (cd "$tree" && find . | cpio -o -H newc --quiet) > "$CACHE/modules.cpio"
  rm -rf "$CACHE/kpkg" "$CACHE/deb" "$tree"
}

# The kernel's scripts/extract-vmlinux for the xz case: the payload starts at xz's magic.
extract_vmlinux() {
  local offset
  offset=$(grep -abo $'\xfd7zXZ\x00' "$1" | head -1 | cut -d: -f1)
  tail -c +$((offset + 1)) "$1" | xz -dc 2>/dev/null || true
}

run() {
  local program=$1 nonce=$2 out=$3
  shift 3
  prepare
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/dev" "$work/root/tmp"
  cp /bin/busybox "$work/root/bin/busybox"
  cp "$program" "$work/root/program"
  printf '%s\n' "$nonce" > "$work/root/nonce"
  printf '%s\n' "$@" > "$work/root/pages"
  printf '%s\n' "${MODULES[@]}" > "$work/root/modules"
  printf '%s\n' "$PAGE_TIMEOUT" > "$work/root/page-timeout"
  printf '%s\n' "Linux %s (Debian 12, QEMU)" > "$work/root/label"
  cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules); do modprobe "$m" 2>> /tmp/modprobe.log; done
stty -F /dev/ttyS1 raw -echo
n=$(cat /nonce)
out=/dev/ttyS1
mark() { printf '\036%s %s\n' "$n" "$*" > $out; }
mark release "$(uname -r)"
mark label "$(printf "$(cat /label)" "$(uname -r)")"
dmesg -n 1
dmesg -c > /dev/null
for page in $(cat /pages); do
  mark page-begin "$page"
  PRIMEDOC_NONCE="$n" SWIFT_DETERMINISTIC_HASHING=1 timeout "$(cat /page-timeout)" /program "$page" > /tmp/out 2> /tmp/err < /dev/null
  status=$?
  cat /tmp/out > $out
  mark page-end "$page" "$status"
  mark page-stderr "$page"
  tail -c 4096 /tmp/err > $out
done
if [ -s /tmp/modprobe.log ]; then mark modprobe; cat /tmp/modprobe.log > $out; fi
mark dmesg
dmesg -r | grep -E '^<[0-4]>' > $out
mark done
poweroff -f
INIT
  chmod +x "$work/root/init"
  (cd "$work/root" && find . | cpio -o -H newc --quiet) > "$work/initramfs.cpio"
  cat "$CACHE/modules.cpio" >> "$work/initramfs.cpio"
  local boot_timeout=${PRIMEDOC_LINUX_TIMEOUT:-$((60 + PAGE_TIMEOUT * $#))}
  for attempt in 1 2; do
    rm -f "$out"
    # --foreground: QEMU stays in this process group, so killing the runner's
    # group (an interrupted primedoc) takes QEMU with it.
    timeout --foreground "$boot_timeout" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 1024 -display none -no-reboot \
      -net none -monitor none -serial "file:$work/console.log" -serial "file:$out" \
      -vga cirrus -device virtio-gpu-pci -device qxl -device bochs-display \
      -kernel "$CACHE/vmlinux" -initrd "$work/initramfs.cpio" \
      -append "console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off" || true
    if grep -qa $'\036'"$nonce done" "$out" 2>/dev/null; then return 0; fi
    echo "linux-guest: the guest did not finish (attempt $attempt); its console ended with:" >&2
    tail -5 "$work/console.log" >&2 || true
  done
  return 1
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 prepare | run PROGRAM NONCE OUT [PAGE...]" >&2; exit 2 ;;
esac
