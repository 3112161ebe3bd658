#!/usr/bin/env bash
# Prepares this machine for Hangar's tests, as root, on Debian 12 (no systemd):
#   - installs with apt whatever is missing (JDK 17, Maven, Node/npm, libvirt's
#     daemon and QEMU, Chromium and its driver, git, the guest builder's tools,
#     libosinfo's database and the tools that make cloud-init seed ISOs);
#   - lets libvirt use /dev/kvm, configures libvirtd for loopback TCP and for the
#     unix socket of group libvirt, starts virtlogd and libvirtd if not running;
#   - defines the storage pool "default" and the network "isolated" if missing;
#   - mounts a 16 MiB tmpfs on /var/lib/hangar-test/tiny-pool and defines and starts
#     on it the dir pool "hangar-test-tiny" if missing, for "a pool without space" tests
#     (not autostarted: after a reboot the tmpfs is gone, and this script mounts it again);
#   - builds the tiny test guest (scripts/guest/build.sh) if missing or stale;
#   - starts HANGAR_EXTRA_HOSTS (default 2) extra libvirt hosts in network
#     namespaces of their own (scripts/extra-hosts.sh) unless they run, and lists
#     their URIs in /run/hangar-test/extra-hosts (stop: scripts/extra-hosts.sh stop).
# Idempotent: with everything in place it installs nothing, touches no package
# list and starts nothing: 2.4 s here (6 s with the load average at 15).
# On a fresh Debian 12 minbase chroot it installed 676 packages, started the
# daemons and built the guest in 11 min (load average 15; 111 s unloaded per notes).
# It never stops or changes a daemon, VM, pool or network it did not create.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

PACKAGES=(
  openjdk-17-jdk-headless maven nodejs npm git
  libvirt0 libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients
  qemu-system-x86 qemu-utils
  chromium chromium-driver
  # the guest builder: cpio packs the initramfs, xz unpacks compressed modules
  cpio xz-utils
  # the extra hosts' namespaces, veths and bridge
  iproute2
  # the create dialog's operating systems (/usr/share/osinfo); cloud-init NoCloud seed ISOs
  osinfo-db genisoimage xorriso
  # DHCP of virtual networks (libvirt only recommends dnsmasq-base), and a client for NetworksIT's lease
  dnsmasq-base udhcpc
)
LIBVIRTD_CONF=/etc/libvirt/libvirtd.conf
SYSTEM_URI=qemu:///system
TCP_URI=qemu+tcp://127.0.0.1/system
POOL_DIR=/var/lib/libvirt/images
TINY_POOL=hangar-test-tiny
TINY_POOL_DIR=/var/lib/hangar-test/tiny-pool
TINY_POOL_SIZE=16m
DAEMON_TIMEOUT=${HANGAR_DAEMON_TIMEOUT:-60}
EXTRA_HOSTS=${HANGAR_EXTRA_HOSTS:-2}

usage() {
  cat <<EOF
usage: $(basename "$0") [--print-missing]
  (no option)       install what is missing, start libvirt, build the test guest
  --print-missing   only print the Debian packages that would be installed
EOF
}

# Without udev /dev/kvm is root:root 0600: QEMU (user libvirt-qemu) cannot open
# it, and libvirt then re-probes QEMU on every capabilities call (12-15 s each).
fix_kvm_permissions() {
  [[ -e /dev/kvm ]] || return 0
  getent group kvm >/dev/null || groupadd --system kvm
  chgrp kvm /dev/kvm
  chmod 0660 /dev/kvm
}

# Our settings live in one marked block at the end of libvirtd.conf; the same
# keys elsewhere in the file are commented out so that ours are the only ones.
HANGAR_CONF_BLOCK='# >>> hangar test-env (scripts/test-env.sh) >>>
# loopback TCP without authentication, for the tests (qemu+tcp://127.0.0.1/system)
listen_tcp = 1
# --listen also opens TLS by default, which fails without certificates
listen_tls = 0
listen_addr = "127.0.0.1"
auth_tcp = "none"
# members of group libvirt use the read-write socket without polkit
unix_sock_group = "libvirt"
unix_sock_rw_perms = "0770"
auth_unix_rw = "none"
# <<< hangar test-env <<<'
HANGAR_CONF_KEYS='listen_tcp|listen_tls|listen_addr|auth_tcp|unix_sock_group|unix_sock_rw_perms|auth_unix_rw'

# Prints 1 if it changed the file, 0 if it already was as wanted.
configure_libvirtd() {
  [[ -f $LIBVIRTD_CONF ]] || die "$LIBVIRTD_CONF is missing although libvirt-daemon-system is installed."
  local wanted
  wanted=$(
    sed -e '/^# >>> hangar test-env/,/^# <<< hangar test-env/d' \
      -E -e "s/^[[:space:]]*(${HANGAR_CONF_KEYS})[[:space:]]*=/#&/" "$LIBVIRTD_CONF"
    printf '%s\n' "$HANGAR_CONF_BLOCK"
  )
  if [[ $wanted == "$(cat "$LIBVIRTD_CONF")" ]]; then
    echo 0
    return
  fi
  # keep the very first version: later runs must not overwrite the original
  [[ -e $LIBVIRTD_CONF.hangar-backup ]] || cp -p "$LIBVIRTD_CONF" "$LIBVIRTD_CONF.hangar-backup"
  printf '%s\n' "$wanted" >"$LIBVIRTD_CONF"
  log "configured $LIBVIRTD_CONF (loopback TCP, unix socket for group libvirt); backup in $LIBVIRTD_CONF.hangar-backup"
  echo 1
}

# PID of a running process with this exact command name, from its pid file or,
# failing that, from /proc (procps may be missing on a minimal machine).
running_pid() {
  local name=$1 pidfile=$2 pid
  if [[ -r $pidfile ]]; then
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]]; then
      echo "$pid"
      return 0
    fi
  fi
  for pid in /proc/[0-9]*; do
    if [[ $(cat "$pid/comm" 2>/dev/null) == "$name" ]]; then
      echo "${pid#/proc/}"
      return 0
    fi
  done
  return 1
}

# virtlogd first: without it every VM start fails ("Failed to connect socket to
# '/run/libvirt/virtlogd-sock'"). Both daemonize (-d) and write /run/NAME.pid.
start_daemons() {
  local conf_changed=$1 pid
  if pid=$(running_pid virtlogd /run/virtlogd.pid); then
    log "virtlogd already running (pid $pid)"
  else
    virtlogd -d || die "virtlogd -d failed to start"
    log "started virtlogd (pid $(cat /run/virtlogd.pid 2>/dev/null || echo '?'))"
  fi
  if pid=$(running_pid libvirtd /run/libvirtd.pid); then
    # We never restart a daemon we did not start in this run; say what to do.
    [[ $conf_changed == 0 ]] ||
      die "libvirtd (pid $pid) was started before $LIBVIRTD_CONF got the test settings; stop it (kill $pid) and run $0 again."
    log "libvirtd already running (pid $pid)"
  else
    # --listen makes libvirtd honour listen_tcp (without systemd socket activation).
    libvirtd -d --listen || die "libvirtd -d --listen failed to start; see the messages above"
    log "started libvirtd --listen (pid $(cat /run/libvirtd.pid 2>/dev/null || echo '?'))"
  fi
}

# libvirtd answers about 2 s after start; poll rather than sleep blindly.
wait_for_libvirtd() {
  local deadline=$((SECONDS + DAEMON_TIMEOUT)) err=""
  until err=$(timeout 10 virsh -c "$SYSTEM_URI" version 2>&1 >/dev/null); do
    ((SECONDS < deadline)) ||
      die "libvirtd did not answer on $SYSTEM_URI within ${DAEMON_TIMEOUT}s; last error: ${err:-timeout}"
    sleep 0.5
  done
  err=$(timeout 10 virsh -c "$TCP_URI" version 2>&1 >/dev/null) ||
    die "libvirtd answers on $SYSTEM_URI but not on $TCP_URI ($err). It was probably started without --listen or with another configuration: stop it and run $0 again."
}

virsh_sys() { virsh -q -c "$SYSTEM_URI" "$@"; }

# The pool "default" is ours only if we create it; an existing one is used as is.
ensure_pool() {
  if ! virsh_sys pool-info default >/dev/null 2>&1; then
    mkdir -p "$POOL_DIR"
    virsh_sys pool-define-as default dir --target "$POOL_DIR" >/dev/null
    virsh_sys pool-autostart default >/dev/null
    log "defined storage pool default ($POOL_DIR)"
  fi
  if [[ $(virsh_sys pool-info default | awk '/^State:/ {print $2}') != running ]]; then
    virsh_sys pool-start default >/dev/null || die "cannot start storage pool default"
    log "started storage pool default"
  fi
}

# A pool that is full at once, for the tests of "no space left": a dir pool on a
# filesystem of its own, so that filling it touches nothing else.
ensure_tiny_pool() {
  mkdir -p "$TINY_POOL_DIR"
  local mounted=0
  if ! mountpoint -q "$TINY_POOL_DIR"; then
    mount -t tmpfs -o "size=$TINY_POOL_SIZE,mode=0711" "$TINY_POOL" "$TINY_POOL_DIR" ||
      die "cannot mount a $TINY_POOL_SIZE tmpfs on $TINY_POOL_DIR"
    mounted=1
    log "mounted a $TINY_POOL_SIZE tmpfs on $TINY_POOL_DIR"
  fi
  if ! virsh_sys pool-info "$TINY_POOL" >/dev/null 2>&1; then
    virsh_sys pool-define-as "$TINY_POOL" dir --target "$TINY_POOL_DIR" >/dev/null ||
      die "cannot define storage pool $TINY_POOL"
    log "defined storage pool $TINY_POOL ($TINY_POOL_DIR)"
  fi
  if [[ $(virsh_sys pool-info "$TINY_POOL" | awk '/^State:/ {print $2}') != running ]]; then
    virsh_sys pool-start "$TINY_POOL" >/dev/null || die "cannot start storage pool $TINY_POOL"
    log "started storage pool $TINY_POOL"
  elif ((mounted)); then
    # it ran on the folder under the new mount: let it see the empty tmpfs
    virsh_sys pool-refresh "$TINY_POOL" >/dev/null
  fi
}

# A network with neither DHCP nor NAT: needs no dnsmasq and no firewall rules.
ensure_network() {
  if ! virsh_sys net-info isolated >/dev/null 2>&1; then
    local xml
    xml=$(mktemp)
    printf '%s\n' "<network><name>isolated</name><bridge name='virbr-iso'/><dns enable='no'/></network>" >"$xml"
    virsh_sys net-define "$xml" >/dev/null || {
      rm -f "$xml"
      die "cannot define network isolated"
    }
    rm -f "$xml"
    virsh_sys net-autostart isolated >/dev/null
    log "defined network isolated (bridge virbr-iso)"
  fi
  if [[ $(virsh_sys net-info isolated | awk '/^Active:/ {print $2}') != yes ]]; then
    virsh_sys net-start isolated >/dev/null || die "cannot start network isolated"
    log "started network isolated"
  fi
}

summary() {
  local guest_dir=/var/lib/hangar-test/guest
  cat <<EOF
[hangar] test environment ready:
  java        $(java -version 2>&1 | head -n1)
  maven       $(mvn -B -v 2>/dev/null | head -n1 | sed "s/\x1b\[[0-9;]*m//g")
  node / npm  $(node --version 2>/dev/null) / $(npm --version 2>/dev/null)
  chromium    $(chromium --version 2>/dev/null) ; $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)
  libvirt     $(virsh -c "$SYSTEM_URI" version 2>/dev/null | awk -F': ' '/Running hypervisor|Using library/ {printf "%s; ", $2}')
  daemons     virtlogd pid $(running_pid virtlogd /run/virtlogd.pid), libvirtd pid $(running_pid libvirtd /run/libvirtd.pid)
  URIs        $SYSTEM_URI, $TCP_URI
  pools       default ($POOL_DIR), $TINY_POOL ($TINY_POOL_DIR, a 16 MiB tmpfs)
  network     isolated (virbr-iso)
  osinfo      $(cat /usr/share/osinfo/VERSION 2>/dev/null || echo 'missing') (/usr/share/osinfo)
  /dev/kvm    $(stat -c '%U:%G %a' /dev/kvm 2>/dev/null || echo 'absent (TCG only)')
  guest       $guest_dir/{vmlinuz,initrd.img,domain-template.xml}
  extra hosts $(tr '\n' ' ' </run/hangar-test/extra-hosts)(/run/hangar-test/extra-hosts; stop: scripts/extra-hosts.sh stop)
EOF
}

main() {
  case "${1:-}" in
    --print-missing)
      missing_packages "${PACKAGES[@]}"
      return 0
      ;;
    -h | --help)
      usage
      return 0
      ;;
    "") ;;
    *)
      usage >&2
      return 2
      ;;
  esac
  require_root
  apt_install_missing "${PACKAGES[@]}"
  fix_kvm_permissions
  local changed
  changed=$(configure_libvirtd)
  start_daemons "$changed"
  wait_for_libvirtd
  ensure_pool
  ensure_tiny_pool
  ensure_network
  [[ -f $HANGAR_ROOT/scripts/guest/build.sh ]] ||
    die "scripts/guest/build.sh is missing: the tiny test guest cannot be built."
  bash "$HANGAR_ROOT/scripts/guest/build.sh"
  bash "$HANGAR_ROOT/scripts/extra-hosts.sh" start "$EXTRA_HOSTS"
  summary
}

main "$@"
