#!/usr/bin/env bash
# Extra libvirt hosts on this machine, for tests of remote and several hosts, as root:
#   scripts/extra-hosts.sh start [COUNT]     COUNT hosts h1..hCOUNT (default 2); idempotent
#   scripts/extra-hosts.sh stop              ends them and removes all they were made of
#   scripts/extra-hosts.sh status            which run and answer (exit 1 if one does not)
#   scripts/extra-hosts.sh start-libvirtd N  starts hN's libvirtd again after a test stopped it
# Host hN is a libvirtd (with its own virtlogd) in network namespace hangar-hN and a
# private mount namespace in which its own directories are bound over /run/libvirt,
# /etc/libvirt, /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt (libvirtd
# cannot move the privileged drivers' folders by itself; shared/notes/libvirt.md).
# It listens, without authentication, on qemu+tcp://10.214.0.(N+1)/system only: a veth
# pair joins its namespace to the bridge hangar-hbr (10.214.0.1/24) of this namespace,
# so traffic stays between this machine and its own namespaces, and the hosts reach
# each other (migration) without IP forwarding. Each has a storage pool "default" and a
# network "isolated" of its own, a host UUID of its own, and migrates over its address.
# Their URIs, one per line, go to /run/hangar-test/extra-hosts (test-support's
# ExtraHosts reads it); their state to /var/lib/hangar-test/hosts/hN: uri,
# libvirtd.pid, virtlogd.pid, start-libvirtd, and the folders bound over the
# machine's (etc/qemu is hN's /etc/libvirt/qemu).
# Guests see the machine's other folders, e.g. the test guest in /var/lib/hangar-test/guest.
# It never touches the machine's own libvirtd, its configuration or its VMs.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
HOSTS_FILE=/run/hangar-test/extra-hosts
STATE_ROOT=/var/lib/hangar-test/hosts
BRIDGE=hangar-hbr
SUBNET=10.214.0
BRIDGE_ADDR=$SUBNET.1/24
DAEMON_TIMEOUT=${HANGAR_DAEMON_TIMEOUT:-60}
# The host's own folder (in STATE) bound over each of the machine's, as STATE_FOLDER:MACHINE_FOLDER.
PRIVATE_DIRS=(run:/run/libvirt etc:/etc/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt log:/var/log/libvirt)

usage() {
  sed -n '2,6s/^# \{0,1\}//p' "$SELF"
}

ns() { echo "hangar-h$1"; }
veth() { echo "hangar-h$1"; }
addr() { echo "$SUBNET.$(($1 + 1))"; }
uri() { echo "qemu+tcp://$(addr "$1")/system"; }
state() { echo "$STATE_ROOT/h$1"; }
# A fixed UUID per host ("HANGAR" in ASCII, then N): libvirt refuses to migrate
# between hosts with the same UUID, and tests may recognise a host by it.
host_uuid() { printf '48414e47-4152-4000-8000-%012x\n' "$1"; }

# PID from a pid file, if that process runs and has this command name.
live_pid() {
  local file=$1 name=$2 pid
  [[ -r $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 1
  echo "$pid"
}

answers() { timeout 10 virsh -q -c "$(uri "$1")" version >/dev/null 2>&1; }

# Host numbers that have a state folder or a namespace, in order.
known_hosts() {
  {
    local d
    for d in "$STATE_ROOT"/h*; do
      [[ -d $d && ${d##*/h} =~ ^[0-9]+$ ]] && echo "${d##*/h}"
    done
    ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^hangar-h\([0-9][0-9]*\)$/\1/p'
  } | sort -n -u
}

require_tools() {
  local tool missing=()
  for tool in ip nsenter unshare mount libvirtd virtlogd virsh timeout; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) ||
    die "missing commands: ${missing[*]} (packages iproute2, util-linux, libvirt-daemon-system, libvirt-clients: scripts/test-env.sh installs them)"
}

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    # Someone else's route into our subnet would make the hosts unreachable or, worse, someone else's.
    local other
    other=$(ip -4 route show to match "$SUBNET.2" | grep -v '^default' || true)
    [[ -z $other ]] || die "$SUBNET.0/24 is already routed here ($other); the extra hosts need it"
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    log "made bridge $BRIDGE ($BRIDGE_ADDR)"
  fi
  [[ $(ip -4 addr show dev "$BRIDGE") == *"inet $BRIDGE_ADDR "* ]] ||
    die "bridge $BRIDGE exists without address $BRIDGE_ADDR; remove it (ip link del $BRIDGE) or run $0 stop"
}

# The folders bound over the private ones: a copy of the machine's libvirt
# configuration without its definitions (domains, networks, pools, secrets),
# with this host's own libvirtd.conf and migration address.
make_state() {
  local n=$1 dir
  dir=$(state "$n")
  rm -rf "$dir"
  mkdir -p "$dir"/{run,lib,cache,log} "$dir/etc/qemu/networks" "$dir/etc/storage"
  (cd /etc/libvirt && find . -maxdepth 1 -type f -name '*.conf' -exec cp -p {} "$dir/etc/" \;)
  [[ -d /etc/libvirt/nwfilter ]] && cp -a /etc/libvirt/nwfilter "$dir/etc/"
  cat >"$dir/etc/libvirtd.conf" <<EOF
# extra test host h$n (scripts/extra-hosts.sh): TCP on its own address only, no authentication
listen_tcp = 1
listen_tls = 0
listen_addr = "$(addr "$n")"
auth_tcp = "none"
host_uuid = "$(host_uuid "$n")"
EOF
  cat >>"$dir/etc/qemu.conf" <<EOF
# extra test host h$n (scripts/extra-hosts.sh): migrations come in on its own address
migration_host = "$(addr "$n")"
migration_address = "$(addr "$n")"
EOF
  echo "$(uri "$n")" >"$dir/uri"
}

# For tests that stopped this libvirtd by its PID file (test-support's ExtraHosts).
write_start_command() {
  local dir
  dir=$(state "$1")
  printf '#!/bin/sh\nexec bash %q start-libvirtd %d\n' "$SELF" "$1" >"$dir/start-libvirtd"
  chmod 0755 "$dir/start-libvirtd"
}

make_network() {
  local n=$1 ns veth
  ns=$(ns "$n")
  veth=$(veth "$n")
  ip netns add "$ns"
  ip link add "$veth" type veth peer name "${veth}n"
  ip link set "${veth}n" netns "$ns"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set "${veth}n" name eth0
  ip -n "$ns" addr add "$(addr "$n")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}

# Runs in the host's network namespace and a fresh private mount namespace (see start_host).
inside() {
  local n=$1 dir cg d
  dir=$(state "$n")
  # This network namespace's own sysfs (libvirt makes its bridge through it), keeping the
  # machine's cgroups under it as libvirt expects them.
  cg=$(mktemp -d /tmp/hangar-cgroup.XXXXXX)
  mount --rbind /sys/fs/cgroup "$cg"
  mount -t sysfs sysfs /sys
  mount --move "$cg" /sys/fs/cgroup
  rmdir "$cg"
  for d in "${PRIVATE_DIRS[@]}"; do
    mkdir -p "${d#*:}"
    mount --bind "$dir/${d%%:*}" "${d#*:}"
  done
  # Not /run/virtlogd.pid and /run/libvirtd.pid: those are the machine's daemons'.
  virtlogd -d -p "$dir/virtlogd.pid"
  libvirtd -d -l -p "$dir/libvirtd.pid"
}

start_libvirtd() {
  local n=$1 dir logd
  dir=$(state "$n")
  if live_pid "$dir/libvirtd.pid" libvirtd >/dev/null; then
    log "h$n: libvirtd already runs (pid $(<"$dir/libvirtd.pid"))"
  else
    logd=$(live_pid "$dir/virtlogd.pid" virtlogd) ||
      die "h$n has no virtlogd (its mount namespace is gone): run $0 stop, then $0 start"
    # Into the mount namespace its virtlogd runs in, which holds the private folders, and into
    # virtlogd's root: entering a mount namespace sets the root to the namespace's own, which in a
    # chroot (.ci/run) is not the chroot.
    nsenter --net="/run/netns/$(ns "$n")" --mount="/proc/$logd/ns/mnt" --root="/proc/$logd/root" --wd="/proc/$logd/root" \
      libvirtd -d -l -p "$dir/libvirtd.pid" ||
      die "h$n: libvirtd did not start"
  fi
  wait_for_host "$n"
}

wait_for_host() {
  local n=$1 deadline=$((SECONDS + DAEMON_TIMEOUT))
  until answers "$n"; do
    ((SECONDS < deadline)) || die "h$n: libvirtd did not answer on $(uri "$n") within ${DAEMON_TIMEOUT}s"
    sleep 0.2
  done
}

hv() {
  local n=$1
  shift
  virsh -q -c "$(uri "$n")" "$@"
}

# What the machine's libvirtd has (scripts/test-env.sh): pool "default", network "isolated".
define_pool_and_network() {
  local n=$1 xml
  if ! hv "$n" pool-info default >/dev/null 2>&1; then
    hv "$n" pool-define-as default dir --target /var/lib/libvirt/images >/dev/null
    hv "$n" pool-build default >/dev/null
    hv "$n" pool-autostart default >/dev/null
  fi
  [[ $(hv "$n" pool-info default) =~ State:\ +running ]] || hv "$n" pool-start default >/dev/null
  if ! hv "$n" net-info isolated >/dev/null 2>&1; then
    xml=$(state "$n")/isolated.xml
    printf '%s\n' "<network><name>isolated</name><bridge name='virbr-iso'/><dns enable='no'/></network>" >"$xml"
    hv "$n" net-define "$xml" >/dev/null
    hv "$n" net-autostart isolated >/dev/null
  fi
  [[ $(hv "$n" net-info isolated) =~ Active:\ +yes ]] || hv "$n" net-start isolated >/dev/null
}

start_host() {
  local n=$1 dir
  dir=$(state "$n")
  if live_pid "$dir/libvirtd.pid" libvirtd >/dev/null && answers "$n"; then
    write_start_command "$n"
    log "h$n already runs: $(uri "$n")"
    return 0
  fi
  if live_pid "$dir/virtlogd.pid" virtlogd >/dev/null; then
    # Only libvirtd is down (a test stopped it): start it again in the same namespaces.
    start_libvirtd "$n"
  else
    stop_host "$n" # leftovers of an earlier, broken start
    make_state "$n"
    make_network "$n"
    nsenter --net="/run/netns/$(ns "$n")" unshare --mount --propagation private \
      bash "$SELF" --inside "$n" || die "h$n: its daemons did not start"
    wait_for_host "$n"
  fi
  define_pool_and_network "$n"
  write_start_command "$n"
  log "h$n runs: $(uri "$n") (libvirtd pid $(<"$dir/libvirtd.pid"), namespace $(ns "$n"))"
}

# Ends a process by PID and waits for it; SIGKILL after 30 s.
end_pid() {
  local pid=$1 what=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 300; i++)); do
    [[ -d /proc/$pid ]] || return 0
    sleep 0.1
  done
  log "$what (pid $pid) did not end within 30 s of SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# Empty cgroups libvirt leaves behind for stopped guests of the project's own
# names (hangar-*), in the machine's cgroup v1 trees. rmdir fails on a cgroup
# with processes, so a running guest's is never removed.
remove_stale_cgroups() {
  local d
  while read -r d; do
    rmdir "$d" 2>/dev/null || true
  done < <(find /sys/fs/cgroup/*/machine -depth -mindepth 1 -type d -path '*/qemu-*-hangar-*.libvirt-qemu*' 2>/dev/null)
}

stop_host() {
  local n=$1 dir ns pid dom pids
  dir=$(state "$n")
  ns=$(ns "$n")
  if live_pid "$dir/libvirtd.pid" libvirtd >/dev/null && answers "$n"; then
    # Its guests are the tests' (nothing else uses these hosts); they would outlive libvirtd.
    while read -r dom; do
      [[ -n $dom ]] && hv "$n" destroy "$dom" >/dev/null 2>&1 || true
    done < <(hv "$n" list --name 2>/dev/null)
  fi
  if pid=$(live_pid "$dir/libvirtd.pid" libvirtd); then end_pid "$pid" "h$n libvirtd"; fi
  if pid=$(live_pid "$dir/virtlogd.pid" virtlogd); then end_pid "$pid" "h$n virtlogd"; fi
  if [[ -e /run/netns/$ns ]]; then
    # QEMUs left by a libvirtd that was killed: started by this host, so ended with it.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      [[ $(cat "/proc/$pid/comm" 2>/dev/null) == qemu-system-* ]] && end_pid "$pid" "h$n QEMU"
    done
    pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    [[ -z ${pids// /} ]] ||
      die "h$n: processes still run in namespace $ns (pids $pids); not removing it. End them and run $0 stop again."
    ip netns del "$ns"
  fi
  ip link del "$(veth "$n")" 2>/dev/null || true
  rm -rf "$dir"
  remove_stale_cgroups
}

write_hosts_file() {
  local n tmp
  mkdir -p "${HOSTS_FILE%/*}"
  tmp=$(mktemp "$HOSTS_FILE.XXXXXX")
  for n in $(known_hosts); do
    live_pid "$(state "$n")/libvirtd.pid" libvirtd >/dev/null && uri "$n"
  done >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$HOSTS_FILE"
}

cmd_start() {
  local count=${1:-2} n
  [[ $count =~ ^[1-9][0-9]?$ ]] || die "COUNT must be a number from 1 to 99, not '$count'"
  ensure_bridge
  for ((n = 1; n <= count; n++)); do
    start_host "$n"
  done
  write_hosts_file
  log "extra hosts: $(tr '\n' ' ' <"$HOSTS_FILE")(listed in $HOSTS_FILE)"
}

cmd_stop() {
  local n
  for n in $(known_hosts); do
    stop_host "$n"
    log "h$n stopped and removed"
  done
  rm -f "$HOSTS_FILE"
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE"
  fi
  rmdir "$STATE_ROOT" 2>/dev/null || true
}

cmd_status() {
  local n rc=0 hosts
  hosts=$(known_hosts)
  [[ -n $hosts ]] || { echo "no extra hosts (start them with $0 start)"; return 1; }
  for n in $hosts; do
    if answers "$n"; then
      echo "h$n $(uri "$n") running (libvirtd pid $(<"$(state "$n")/libvirtd.pid"))"
    else
      echo "h$n $(uri "$n") NOT answering"
      rc=1
    fi
  done
  return "$rc"
}

main() {
  case ${1:-} in
    --inside)
      inside "$2"
      return
      ;;
    -h | --help)
      usage
      return 0
      ;;
  esac
  require_root
  require_tools
  case ${1:-} in
    start) cmd_start "${2:-2}" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    start-libvirtd)
      [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: $0 start-libvirtd N"
      start_libvirtd "$2"
      write_hosts_file
      ;;
    *)
      usage >&2
      return 2
      ;;
  esac
}

main "$@"
