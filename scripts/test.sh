#!/usr/bin/env bash
# The README's test command, and what .ci/run runs: as root on Debian 12,
#   scripts/test.sh [extra Maven arguments]
# prepares the machine (scripts/test-env.sh: packages, libvirtd, pool, network,
# tiny guest), then runs every module's tests with `mvn -B verify` at the
# repository root and exits with Maven's status.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

# Browser tests use Debian's Chromium and its driver, never a download
# (Selenium Manager stays offline).
browser_env() {
  export CHROME_BIN=/usr/bin/chromium
  export CHROMEDRIVER=/usr/bin/chromedriver
  export SE_OFFLINE=true
  [[ -x $CHROME_BIN && -x $CHROMEDRIVER ]] ||
    die "$CHROME_BIN or $CHROMEDRIVER is missing although test-env.sh ran (packages chromium, chromium-driver)"
}

# Build with the Debian JDK 17 that test-env.sh installed, unless the caller
# chose a JDK with JAVA_HOME.
java_env() {
  if [[ -z ${JAVA_HOME:-} ]]; then
    JAVA_HOME=$(debian_jdk17_home) || die "no Debian OpenJDK 17 under /usr/lib/jvm (package openjdk-17-jdk-headless)"
    export JAVA_HOME
  fi
}

main() {
  require_root
  bash "$HANGAR_ROOT/scripts/test-env.sh"
  browser_env
  java_env
  cd "$HANGAR_ROOT"
  log "running: mvn -B -ntp verify $* (JAVA_HOME=$JAVA_HOME)"
  # exec: the script's exit status is Maven's.
  exec mvn -B -ntp verify "$@"
}

main "$@"
