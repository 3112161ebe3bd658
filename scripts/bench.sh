#!/usr/bin/env bash
# Hangar's benchmarks in one command (BENCHMARKS.md says what each figure means):
#   sudo scripts/bench.sh [--smoke] [--no-build] [--guest-consoles-only] [--create-only] [--NAME=VALUE …]
#                         [--guest-NAME=VALUE …] [--create-NAME=VALUE …]
# 1. prepares the machine as the tests do (scripts/test-env.sh: packages, libvirtd with loopback TCP,
#    pool, network) when run as root;
# 2. builds the modules the benchmarks run (store, plugins, both plugins, host's distribution,
#    benchmarks' JAR) unless --no-build;
# 3. store throughput against Redux (benchmarks/run-store.sh);
# 4. the console harness (dev.hangar.benchmarks.console.ConsoleBench): start-up, list load on
#    test-driver fixtures and on libvirtd, event latency, resources, against distribution/target/hangar in
#    headless Chromium. --NAME=VALUE options go to it (e.g. --test-driver-vms=100,1000 --runs=3,
#    --libvirtd-vms= to skip the daemon, --distribution=DIR); see BenchOptions.
# 5. the guests' consoles (dev.hangar.benchmarks.console.GuestConsoleBench): console switch → connected and
#    first VNC frame / serial byte, serial keystroke echo, host CPU/RSS/heap with 10 flooding guests'
#    consoles open, on libvirtd with tiny TCG guests (scripts/guest; 192 MiB RAM each). --guest-NAME=VALUE
#    options go to it as --NAME=VALUE (e.g. --guest-guests=4); --guest-consoles-only skips 3 and 4.
# 6. a clone of a VM with a 1 GiB qcow2 disk of random data through the libvirt provider against
#    qemu-img convert of the same file (dev.hangar.libvirt.CloneMeasurement, plugin-libvirt's test
#    classes, on libvirtd); --clone-runs=N (3) and --clone-mib=N (1024); --clone-only skips 3-5.
# 7. creating a VM (dev.hangar.benchmarks.console.CreateVmBench): the create dialog's click on Create →
#    VM defined and running, for the tiny guest on libvirtd (direct kernel boot, new qcow2 volume in pool
#    default, network isolated). --create-NAME=VALUE options go to it as --NAME=VALUE (e.g.
#    --create-runs=3); --create-only runs only this step.
# --smoke runs everything once with small N to check that the harness works: its figures mean nothing.
# Everything is printed and kept in benchmarks/target/bench-<UTC time>.log; the console figures also
# in benchmarks/target/console-run/results.md, the create figures in benchmarks/target/create-run/results.md.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

smoke=()
build=1
harness=()
guest=()
only_guest=0
only_clone=0
clone_runs=3
clone_mib=1024
create=()
only_create=0
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=(--smoke) ;;
    --no-build) build=0 ;;
    --guest-consoles-only) only_guest=1 ;;
    --clone-only) only_clone=1 ;;
    --clone-runs=*) clone_runs=${arg#--clone-runs=} ;;
    --clone-mib=*) clone_mib=${arg#--clone-mib=} ;;
    --guest-*=*) guest+=("--${arg#--guest-}") ;;
    --create-only) only_create=1 ;;
    --create-*=*) create+=("--${arg#--create-}") ;;
    --*=*) harness+=("$arg") ;;
    -h | --help)
      sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$arg' (see $0 --help)" ;;
  esac
done

cd "$HANGAR_ROOT"
if [[ $(id -u) -eq 0 ]]; then
  bash scripts/test-env.sh
else
  log "not root: skipping scripts/test-env.sh; libvirtd figures need a running libvirtd you may use"
fi
if [[ -z ${JAVA_HOME:-} ]] && home=$(debian_jdk17_home); then
  export JAVA_HOME=$home
fi
# Debian's Chromium and driver, never a download.
export CHROME_BIN=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver SE_OFFLINE=true

if ((build)); then
  log "building store, plugins, plugin-libvirt, plugin-example, host (distribution) and benchmarks"
  mvn -B -q -ntp -DskipTests -pl benchmarks -am package
fi

mkdir -p benchmarks/target
logfile=benchmarks/target/bench-$(date -u +%Y%m%dT%H%M%SZ).log
{
  echo "== $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
    "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo);" \
    "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)');" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  status=0
  if ((!only_guest && !only_clone && !only_create)); then
    echo
    echo "==== 3. store throughput (benchmarks/run-store.sh ${smoke[*]})"
    bash benchmarks/run-store.sh "${smoke[@]}" || status=1
    echo
    echo "==== 1, 2, 4, 5. console harness"
    java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.ConsoleBench \
      "${smoke[@]}" --out=benchmarks/target/console-run "${harness[@]}" || status=1
  fi
  if ((!only_clone && !only_create)); then
    echo
    echo "==== guests' consoles"
    java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.GuestConsoleBench \
      "${smoke[@]}" --out=benchmarks/target/guest-console-run "${guest[@]}" || status=1
  fi
  echo
  if ((!only_create)); then
  echo "==== 6. clone of a ${clone_mib} MiB qcow2 disk against qemu-img convert"
  if ((${#smoke[@]})); then
    clone_runs=1 clone_mib=64
  fi
  # The reactor resolves the sibling modules to their target/classes (nothing is installed).
  if mvn -B -q -ntp -pl plugin-libvirt -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$HANGAR_ROOT/benchmarks/target/clone-classpath.txt"; then
    java -cp "plugin-libvirt/target/classes:plugin-libvirt/target/test-classes:$(cat benchmarks/target/clone-classpath.txt)" \
      dev.hangar.libvirt.CloneMeasurement "$clone_runs" "$clone_mib" || status=1
  else
    status=1
  fi
  fi
  if ((!only_clone)); then
  echo
  echo "==== 7. creating a VM"
  java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.CreateVmBench \
    "${smoke[@]}" --out=benchmarks/target/create-run "${create[@]}" || status=1
  fi
  exit "$status"
} 2>&1 | tee "$logfile" || rc=$?
log "kept in $logfile"
exit "${rc:-0}"
