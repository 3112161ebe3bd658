#!/usr/bin/env bash
# Builds Hangar's tiny test guest from Debian's own packages, as root:
#   $GUEST_DIR/vmlinuz              Debian's kernel (linux-image-amd64's current one)
#   $GUEST_DIR/initrd.img           busybox-static (its init as PID 1, ./inittab,
#                                   ./rc, ./profile) + the evdev/button modules
#   $GUEST_DIR/domain-template.xml  a TCG domain booting them; placeholders NAME, LOGFILE
# The guest prints "HANGAR-GUEST-READY" on its serial console when it is up,
# powers off on the ACPI power button ("HANGAR-GUEST-POWEROFF" first: virsh
# shutdown) and its kernel logs "NMI received for unknown reason" on virsh inject-nmi.
# Consoles: the serial port is a pty (virsh console) whose bytes libvirt also
# appends to LOGFILE, with a shell (prompt "hangar-guest# ") after READY; a VNC
# display of the VGA text console, with a shell on tty1; Ctrl+Alt+Del (virsh
# send-key ... KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE) prints
# "HANGAR-GUEST-CTRL-ALT-DEL" on the serial console and changes nothing else.
# Debian's kernel has i8042, atkbd, the VT and vgacon built in (its config says
# =y), so the keyboard and the text console need no modules.
#
# Measured on the project's machine (2 cores, TCG, libvirt 9.0, QEMU 7.2,
# kernel 6.1.0-56), with scripts/guest/smoke.sh and by hand:
#   build from scratch 12-15 s (the kernel .deb is 70 MB);
#   virsh start -> READY marker 14-19 s wall clock (the guest's own uptime then
#     is 4.6-7.5 s: about 7 s pass under SeaBIOS, loading and decompressing the
#     kernel, before it prints anything); 47-50 s (uptime 18 s) with the load
#     average at 15 from Maven builds beside it;
#   inject-nmi -> "NMI received" in the log 0.05-0.13 s;
#   virsh shutdown -> "shut off" 1.4-2.3 s;
#   virsh reboot (ACPI, libvirt restarts the powered-off guest) -> READY again 14 s;
#   virsh reset -> READY again 14-38 s (38 s with a Maven build beside it).
# With the consoles (busybox init, pty serial with a log, VGA/VNC; kernel
# 6.1.0-57, quiet machine, load average below 2, smoke.sh three times):
#   build 6 s; virsh start -> READY 6.8-7.7 s (uptime 2.5-3.1 s);
#   serial shell echo through the pty 0.1-0.5 s; Ctrl+Alt+Del -> marker
#   0.16-0.19 s; KEY_A -> changed VGA frame 0.13-0.22 s; inject-nmi -> logged
#   0.03-0.05 s; virsh shutdown -> "shut off" 1.9-2.1 s; virsh reboot -> READY
#   again 10 s.
# Tests should wait 120 s for READY, and some seconds for the rest.
#
# Skips all work when the outputs exist and were built by this same version
# of the builder (a stamp holds the hash of scripts/guest/*).
set -euo pipefail

SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
source "$SELF_DIR/../lib.sh"

GUEST_DIR=${HANGAR_GUEST_DIR:-/var/lib/hangar-test/guest}
# console=tty0 puts kernel messages on the VGA console too; ttyS0 comes last, so
# /dev/console (init's output, the markers) and the kernel's messages stay on
# the serial log. No blinking cursor: a VNC frame changes only when text does.
CMDLINE='console=tty0 console=ttyS0,115200 quiet loglevel=4 vt.global_cursor_default=0'
# Modules the guest loads, by name; their dependencies are added in front.
MODULES=(evdev button)

builder_hash() {
  cat "$SELF_DIR/build.sh" "$SELF_DIR/rc" "$SELF_DIR/inittab" "$SELF_DIR/profile" \
    "$SELF_DIR/domain-template.xml" | sha256sum | cut -d' ' -f1
}

up_to_date() {
  local f
  for f in vmlinuz initrd.img domain-template.xml build.stamp; do
    [[ -s $GUEST_DIR/$f ]] || return 1
  done
  [[ $(<"$GUEST_DIR/build.stamp") == "$(builder_hash)" ]]
}

# The versioned kernel package that the linux-image-amd64 meta package
# currently pulls in (e.g. linux-image-6.1.0-56-amd64).
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}'
}

# apt-get download needs package lists; a machine that has all its packages
# may still have none (or stale ones), so refresh once when a lookup fails.
download_debs() {
  local dir=$1 kpkg
  kpkg=$(kernel_package)
  if [[ -z $kpkg ]]; then
    log "no package list knows linux-image-amd64; running apt-get update"
    apt-get update -q >&2 || die "apt-get update failed; the guest needs Debian's kernel package"
    kpkg=$(kernel_package)
    [[ -n $kpkg ]] || die "apt-cache cannot resolve linux-image-amd64 to a kernel package"
  fi
  # _apt must be able to write there, or apt warns and downloads as root.
  chown _apt "$dir" 2>/dev/null || true
  log "downloading $kpkg and busybox-static (Debian)"
  if ! (cd "$dir" && apt-get download -q "$kpkg" busybox-static >&2); then
    log "download failed; refreshing package lists once and retrying"
    apt-get update -q >&2 || die "apt-get update failed"
    (cd "$dir" && apt-get download -q "$kpkg" busybox-static >&2) ||
      die "apt-get download $kpkg busybox-static failed"
  fi
}

# Module file for a module name; names treat '-' and '_' alike.
module_file() {
  local moddir=$1 name=$2
  find "$moddir/kernel" -type f \( -name "$name.ko*" -o -name "${name//_/-}.ko*" -o -name "${name//-/_}.ko*" \) | head -n1
}

# The "depends=" entry of a module's .modinfo section (NUL-separated strings).
module_depends() {
  local file=$1
  case $file in
    *.ko.xz) xz -dc "$file" ;;
    *.ko) cat "$file" ;;
    *) die "unsupported module compression: $file" ;;
  esac | tr '\0' '\n' | sed -n 's/^depends=//p' | head -n1 | tr ',' ' '
}

# Prints module paths (relative to moddir), dependencies before dependents.
module_order() {
  local moddir=$1 name file dep
  shift
  for name in "$@"; do
    file=$(module_file "$moddir" "$name")
    [[ -n $file ]] || die "kernel module $name not found under $moddir (built in? then drop it from MODULES)"
    [[ $file == *.ko || $file == *.ko.xz ]] || die "unsupported module compression: $file"
    for dep in $(module_depends "$file"); do
      module_order "$moddir" "$dep"
    done
    printf '%s\n' "${file#"$moddir"/}"
  done
}

# Copies the modules into the initramfs, uncompressed: busybox insmod
# need not understand xz then.
install_modules() {
  local moddir=$1 root=$2 rel order
  local -A seen=()
  # a variable, not a pipe: a failure in module_order must stop the build
  order=$(module_order "$moddir" "${MODULES[@]}")
  : >"$root/etc/modules"
  while read -r rel; do
    [[ -z ${seen[$rel]:-} ]] || continue
    seen[$rel]=1
    mkdir -p "$root/lib/modules/$(dirname "$rel")"
    case $rel in
      *.ko.xz)
        xz -dc "$moddir/$rel" >"$root/lib/modules/${rel%.xz}"
        rel=${rel%.xz}
        ;;
      *) cp "$moddir/$rel" "$root/lib/modules/$rel" ;;
    esac
    printf '%s\n' "$rel" >>"$root/etc/modules"
  done <<<"$order"
}

build() {
  local work kdir moddir root kver
  work=$(mktemp -d /tmp/hangar-guest.XXXXXX)
  # shellcheck disable=SC2064  # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  download_debs "$work"
  mkdir "$work/kernel" "$work/busybox" "$work/root"
  dpkg-deb -x "$work"/linux-image-[0-9]*.deb "$work/kernel"
  dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox"

  kdir=$work/kernel
  moddir=$(find "$kdir/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [[ -n $moddir ]] || die "no /lib/modules/<version> in the kernel package"
  kver=$(basename "$moddir")

  root=$work/root
  mkdir -p "$root"/{bin,etc,lib/modules,proc,sys,dev,tmp}
  cp "$work/busybox/bin/busybox" "$root/bin/busybox"
  # The kernel runs /init: busybox's init applet, by that name.
  ln -s bin/busybox "$root/init"
  cp "$SELF_DIR/rc" "$root/etc/rc"
  cp "$SELF_DIR/inittab" "$root/etc/inittab"
  cp "$SELF_DIR/profile" "$root/etc/profile"
  chmod 0755 "$root/etc/rc" "$root/bin/busybox"
  install_modules "$moddir" "$root"

  mkdir -p "$GUEST_DIR"
  cp "$kdir/boot/vmlinuz-$kver" "$GUEST_DIR/vmlinuz.new"
  (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9 >"$GUEST_DIR/initrd.img.new"
  sed -e "s|@GUEST_DIR@|$GUEST_DIR|g" -e "s|@CMDLINE@|$CMDLINE|g" \
    "$SELF_DIR/domain-template.xml" >"$GUEST_DIR/domain-template.xml.new"

  # QEMU runs as libvirt-qemu and must read the kernel and the initrd.
  chmod 0644 "$GUEST_DIR"/*.new
  chmod 0755 "$GUEST_DIR"
  local f
  for f in vmlinuz initrd.img domain-template.xml; do
    mv -f "$GUEST_DIR/$f.new" "$GUEST_DIR/$f"
  done
  printf '%s\n' "$kver" >"$GUEST_DIR/kernel-version"
  builder_hash >"$GUEST_DIR/build.stamp"
  log "built the test guest in $GUEST_DIR (kernel $kver, modules: $(tr '\n' ' ' <"$root/etc/modules"))"
}

main() {
  require_root
  if up_to_date; then
    log "test guest up to date in $GUEST_DIR"
    return 0
  fi
  local t0=$SECONDS
  build
  log "guest build took $((SECONDS - t0)) s"
}

main "$@"
