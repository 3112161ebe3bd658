#!/usr/bin/env bash
# The README's test command, and what .ci/run runs: as root on Debian 12,
#   scripts/test.sh [extra Maven arguments]
# prepares the machine (scripts/test-env.sh: packages, libvirtd, pool, network,
# tiny guest, extra libvirt hosts: stopped afterwards unless they ran before),
# keeps the foreign VM hangar-bystander defined on qemu:///system while it runs
# every module's tests with `mvn -B verify` at the repository root, then builds
# PLUGIN_GUIDE.md's POM from an empty local repository
# (scripts/check-guide-pom.sh), and exits non-zero if either fails.
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

# A VM that is not the tests' own, kept defined on the daemon while the suite runs: tests count and
# wait only for their own prefixes (hangar-test-*, hangar-bench-*), and must leave others alone.
BYSTANDER=hangar-bystander
BYSTANDER_OURS=0

define_bystander() {
  virsh -q -c qemu:///system dominfo "$BYSTANDER" >/dev/null 2>&1 && return 0
  local xml
  xml=$(mktemp)
  printf '%s\n' "<domain type='qemu'><name>$BYSTANDER</name><memory unit='MiB'>16</memory><vcpu>1</vcpu>" \
    "<os><type arch='x86_64'>hvm</type></os><devices><memballoon model='none'/></devices></domain>" >"$xml"
  virsh -q -c qemu:///system define "$xml" >/dev/null || { rm -f "$xml"; die "cannot define the bystander VM $BYSTANDER"; }
  rm -f "$xml"
  BYSTANDER_OURS=1
  log "defined the shut-off VM $BYSTANDER on qemu:///system for the suite (removed afterwards)"
}

remove_bystander() {
  ((BYSTANDER_OURS)) || return 0
  virsh -q -c qemu:///system undefine "$BYSTANDER" >/dev/null 2>&1 || log "could not undefine $BYSTANDER; remove it with: virsh undefine $BYSTANDER"
}

# The extra libvirt hosts are the suite's when test-env.sh started them for it.
EXTRA_HOSTS_OURS=0

stop_extra_hosts() {
  ((EXTRA_HOSTS_OURS)) || return 0
  bash "$HANGAR_ROOT/scripts/extra-hosts.sh" stop || log "could not stop the extra hosts; run scripts/extra-hosts.sh stop"
}

after_suite() {
  remove_bystander
  stop_extra_hosts
}

main() {
  require_root
  [[ -s /run/hangar-test/extra-hosts ]] || EXTRA_HOSTS_OURS=1
  trap after_suite EXIT
  bash "$HANGAR_ROOT/scripts/test-env.sh"
  browser_env
  java_env
  cd "$HANGAR_ROOT"
  define_bystander
  log "running: mvn -B -ntp verify $* (JAVA_HOME=$JAVA_HOME)"
  local rc=0
  mvn -B -ntp verify "$@" || rc=$?
  # The guide's POM as an outside team builds it; after the suite, whose summary CI reads.
  bash "$HANGAR_ROOT/scripts/check-guide-pom.sh" || rc=$((rc ? rc : 1))
  return "$rc"
}

main "$@"
