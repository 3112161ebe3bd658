#!/usr/bin/env bash
# The README's first command: builds Hangar and starts it in the foreground,
#   scripts/demo.sh [hangar options, e.g. --port 9090 --bind 127.0.0.1]
# With no libvirt daemon, Hangar shows demo data from libvirt's test driver,
# which needs only the client library libvirt0. Run as root on a fresh
# Debian 12 (to install what is missing); later runs install nothing.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

DIST=$HANGAR_ROOT/distribution/target/hangar

demo_packages() {
  # osinfo-db: the create dialog's operating systems; genisoimage/xorriso: cloud-init seed ISOs.
  local pkgs=(openjdk-17-jdk-headless maven libvirt0 osinfo-db genisoimage xorriso)
  # Our own browser code (frontend/package.json) is bundled with the system Node.
  [[ -f $HANGAR_ROOT/frontend/package.json ]] && pkgs+=(nodejs npm)
  printf '%s\n' "${pkgs[@]}"
}

install_missing() {
  local pkgs=() missing=()
  mapfile -t pkgs < <(demo_packages)
  mapfile -t missing < <(missing_packages "${pkgs[@]}")
  ((${#missing[@]} > 0)) || return 0
  [[ $(id -u) -eq 0 ]] || die "missing Debian packages: ${missing[*]}; run this script as root to install them."
  apt_install_missing "${pkgs[@]}"
}

main() {
  install_missing
  if [[ -z ${JAVA_HOME:-} ]] && JAVA_HOME=$(debian_jdk17_home); then export JAVA_HOME; fi
  cd "$HANGAR_ROOT"
  log "building Hangar (mvn -B -q -DskipTests package) ..."
  mvn -B -q -DskipTests package || die "the build failed (mvn -B -DskipTests package shows the details)"
  [[ -x $DIST/bin/hangar ]] || die "the build did not produce $DIST/bin/hangar"
  # Hangar itself prints "Hangar is running at <URL>" once it serves (what .ci/run waits for).
  log "starting Hangar (Ctrl-C stops it) ..."
  # The demo signs in with Hangar's own users file: on first start it prints a one-time
  # password for 'admin'. A later --auth among the arguments wins. The example plugin's
  # simulated VMs are switched off in the distribution (plugins/disabled.txt): the demo shows them.
  exec "$DIST/bin/hangar" --auth file --enable-plugin example "$@"
}

main "$@"
