#!/usr/bin/env bash
# End-to-end check of the tiny test guest against the local libvirtd, as root:
# define hangar-test-guest-smoke from the template, start it, wait for the
# ready marker, inject an NMI and wait for the kernel's line, ACPI-shutdown it
# and wait for "shut off", then undefine it. Prints the time of each step.
# Needs scripts/test-env.sh to have run (libvirtd up, guest built).
set -euo pipefail

SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
source "$SELF_DIR/../lib.sh"

GUEST_DIR=${HANGAR_GUEST_DIR:-/var/lib/hangar-test/guest}
NAME=hangar-test-guest-smoke
LOGDIR=/var/lib/hangar-test/logs
LOGFILE=$LOGDIR/$NAME.log
URI=qemu:///system

v() { virsh -q -c "$URI" "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'; }

# Waits until the command succeeds, polling every 0.1 s; dies after $1 s.
wait_for() {
  local limit=$1 what=$2 t0
  shift 2
  t0=$(now)
  until "$@"; do
    awk -v a="$t0" -v b="$(now)" -v l="$limit" 'BEGIN {exit !(b - a > l)}' &&
      die "$what: not within ${limit}s (serial log: $LOGFILE)"
    sleep 0.1
  done
}

in_log() { grep -q "$1" "$LOGFILE" 2>/dev/null; }
is_shut_off() { [[ $(v domstate "$NAME" 2>/dev/null) == "shut off" ]]; }

# Only our own domain, and only if it exists.
cleanup() {
  if v dominfo "$NAME" >/dev/null 2>&1; then
    v destroy "$NAME" >/dev/null 2>&1 || true
    v undefine "$NAME" >/dev/null 2>&1 || true
  fi
}

main() {
  require_root
  [[ -s $GUEST_DIR/domain-template.xml ]] || die "no guest in $GUEST_DIR: run scripts/test-env.sh first"
  trap cleanup EXIT
  cleanup
  mkdir -p "$LOGDIR"
  rm -f "$LOGFILE"
  local xml t
  xml=$(mktemp)
  sed -e "s|NAME|$NAME|g" -e "s|LOGFILE|$LOGFILE|g" "$GUEST_DIR/domain-template.xml" >"$xml"
  v define "$xml" >/dev/null
  rm -f "$xml"

  t=$(now)
  v start "$NAME" >/dev/null
  wait_for 60 "ready marker" in_log HANGAR-GUEST-READY
  echo "start -> ready:        $(since "$t") s ($(grep -o 'uptime=[0-9.]*s' "$LOGFILE") in the guest)"

  t=$(now)
  v inject-nmi "$NAME"
  wait_for 10 "NMI line" in_log "NMI received for unknown reason"
  echo "inject-nmi -> logged:  $(since "$t") s"

  t=$(now)
  v shutdown "$NAME" >/dev/null
  wait_for 30 "shut off after ACPI shutdown" is_shut_off
  echo "shutdown -> shut off:  $(since "$t") s"
  in_log HANGAR-GUEST-POWEROFF || die "shut off, but the guest never printed its power-off marker"
  echo "serial log:"
  sed 's/^/  | /' "$LOGFILE"
}

main "$@"
