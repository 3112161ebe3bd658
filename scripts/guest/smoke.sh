#!/usr/bin/env bash
# End-to-end check of the tiny test guest against a libvirtd, as root:
#   scripts/guest/smoke.sh [URI]     (default qemu:///system; e.g. an extra host's
#                                     qemu+tcp://10.213.251.2/system, see scripts/extra-hosts.sh)
# defines hangar-test-guest-smoke from the template, starts it and waits for the
# ready marker, then proves each console: the serial shell echoes a typed
# command (through the pty `virsh ttyconsole` names), Ctrl+Alt+Del reaches the
# guest (its marker in the log, still running), a key press changes the VGA
# frame (`virsh screenshot`), and a held `virsh console` refuses a second one.
# Then NMI, ACPI shutdown to "shut off", and undefine. Prints the time of each step.
# Needs scripts/test-env.sh to have run (libvirtd up, guest built). Uses bash,
# coreutils and script(1) of bsdutils only (all in a Debian minbase), besides virsh.
set -euo pipefail

SELF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
source "$SELF_DIR/../lib.sh"

GUEST_DIR=${HANGAR_GUEST_DIR:-/var/lib/hangar-test/guest}
NAME=hangar-test-guest-smoke
LOGDIR=/var/lib/hangar-test/logs
LOGFILE=$LOGDIR/$NAME.log
URI=${1:-qemu:///system}
WORK=""
HOLDER=""

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

in_log() { grep -aq -- "$1" "$LOGFILE" 2>/dev/null; }
is_shut_off() { [[ $(v domstate "$NAME" 2>/dev/null) == "shut off" ]]; }

# Only our own domain and processes, and only if they exist.
cleanup() {
  stop_holder
  if v dominfo "$NAME" >/dev/null 2>&1; then
    v destroy "$NAME" >/dev/null 2>&1 || true
    v undefine "$NAME" >/dev/null 2>&1 || true
  fi
  [[ -z $WORK ]] || rm -rf "$WORK"
}

# Types a command on the serial shell through the domain's pty and waits for
# its output. The pty is the guest's serial line on this machine (also for an
# extra host: its daemon shares this /dev/pts); raw and without echo, or this
# side would echo the guest's output back as input.
serial_echo() {
  local pty marker fd
  pty=$(v ttyconsole "$NAME") || die "virsh ttyconsole $NAME failed"
  [[ -c $pty ]] || die "virsh ttyconsole names $pty, which is not a terminal here"
  exec {fd}<>"$pty"
  stty -F "$pty" raw -echo
  marker=HANGAR-$RANDOM
  # The guest computes part of the line: its output, not our input's echo, must come back.
  printf 'echo %s-$((6 * 7))\r' "$marker" >&"$fd"
  if ! timeout 20 grep -a -m1 -q -- "$marker-42" <&"$fd"; then
    exec {fd}>&-
    die "the serial shell did not answer 'echo $marker-\$((6 * 7))' within 20 s"
  fi
  exec {fd}>&-
}

# A screenshot of the VGA console, as a file in $WORK.
screenshot() { v screenshot "$NAME" "$WORK/$1" >/dev/null; }

frame_changes_on_key() {
  screenshot before1
  screenshot before2
  cmp -s "$WORK/before1" "$WORK/before2" || die "the VGA frame changes without a key press (blinking cursor?)"
  v send-key "$NAME" KEY_A >/dev/null
  wait_for 10 "the VGA frame to change after KEY_A" frame_differs
}
frame_differs() {
  screenshot after
  ! cmp -s "$WORK/before1" "$WORK/after"
}

# A `virsh console` that holds the serial console: virsh wants a terminal, so
# script(1) gives it one; its input is a FIFO that stays open while it holds.
start_holder() {
  mkfifo "$WORK/hold.in"
  script -q -e -c "virsh -c '$URI' console '$NAME'" /dev/null <"$WORK/hold.in" >"$WORK/hold.out" 2>&1 &
  HOLDER=$!
  exec {HOLD_FD}>"$WORK/hold.in"
  wait_for 20 "virsh console to connect" grep -q "Connected to domain" "$WORK/hold.out"
}
stop_holder() {
  [[ -n $HOLDER ]] || return 0
  kill -TERM "$HOLDER" 2>/dev/null || true
  exec {HOLD_FD}>&-
  wait "$HOLDER" 2>/dev/null || true
  HOLDER=""
}

second_console_refused() {
  local out
  if out=$(timeout 20 script -q -e -c "virsh -c '$URI' console '$NAME'" /dev/null </dev/null 2>&1); then
    die "a second virsh console succeeded while the first held the console: $out"
  fi
  grep -q "Active console session exists" <<<"$out" ||
    die "the second virsh console failed, but not because the console is held: $out"
}

main() {
  require_root
  [[ -s $GUEST_DIR/domain-template.xml ]] || die "no guest in $GUEST_DIR: run scripts/test-env.sh first"
  trap cleanup EXIT
  cleanup
  WORK=$(mktemp -d /tmp/hangar-smoke.XXXXXX)
  mkdir -p "$LOGDIR"
  rm -f "$LOGFILE"
  local t
  sed -e "s|NAME|$NAME|g" -e "s|LOGFILE|$LOGFILE|g" "$GUEST_DIR/domain-template.xml" >"$WORK/domain.xml"
  v define "$WORK/domain.xml" >/dev/null

  t=$(now)
  v start "$NAME" >/dev/null
  wait_for 120 "ready marker" in_log HANGAR-GUEST-READY
  echo "start -> ready:             $(since "$t") s ($(grep -ao 'uptime=[0-9.]*s' "$LOGFILE") in the guest) on $URI"

  t=$(now)
  wait_for 30 "the serial shell's prompt" in_log 'hangar-guest# '
  serial_echo
  echo "serial shell echo:          $(since "$t") s"

  t=$(now)
  v send-key "$NAME" KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE >/dev/null
  wait_for 10 "Ctrl+Alt+Del marker" in_log HANGAR-GUEST-CTRL-ALT-DEL
  [[ $(v domstate "$NAME") == running ]] || die "the guest is not running after Ctrl+Alt+Del"
  echo "ctrl-alt-del -> logged:     $(since "$t") s (still running)"

  t=$(now)
  frame_changes_on_key
  echo "KEY_A -> VGA frame changed: $(since "$t") s"

  t=$(now)
  start_holder
  second_console_refused
  stop_holder
  echo "held console refuses 2nd:   $(since "$t") s"

  t=$(now)
  v inject-nmi "$NAME"
  wait_for 10 "NMI line" in_log "NMI received for unknown reason"
  echo "inject-nmi -> logged:       $(since "$t") s"

  t=$(now)
  v shutdown "$NAME" >/dev/null
  wait_for 30 "shut off after ACPI shutdown" is_shut_off
  echo "shutdown -> shut off:       $(since "$t") s"
  in_log HANGAR-GUEST-POWEROFF || die "shut off, but the guest never printed its power-off marker"
  echo "serial log:"
  sed 's/^/  | /' "$LOGFILE"
}

main "$@"
