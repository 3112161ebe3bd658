#!/usr/bin/env bash
# Store throughput, Hangar against Redux, in one run: the JMH StoreDispatchBenchmark, then the same
# workload in Node (redux/bench.mjs), then the ratios (redux/compare.mjs). Builds the JMH jar and
# installs the npm packages when they are missing.
#
#   benchmarks/run-store.sh           full run (JMH 3 × 2 s warm-up, 5 × 2 s; Node likewise)
#   benchmarks/run-store.sh --smoke   one short iteration of each, to check that the harness works
#   VMS=1000,10000,100000 benchmarks/run-store.sh   other VM counts (comma-separated)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/target/store-run"
vms=${VMS:-10000}

if [[ "${1:-}" == "--smoke" ]]; then
  jmh_args=(-wi 1 -i 1 -w 1s -r 1s)
  node_args=(--warmup 0.5 --iterations 1 --seconds 1)
elif [[ $# -eq 0 ]]; then
  jmh_args=(-wi 3 -i 5 -w 2s -r 2s)
  node_args=(--warmup 2 --iterations 5 --seconds 2)
else
  echo "usage: $0 [--smoke]" >&2
  exit 2
fi

if [[ ! -f "$here/target/benchmarks.jar" ]]; then
  mvn -q -f "$here/pom.xml" package -DskipTests
fi
if [[ ! -d "$here/redux/node_modules" ]]; then
  (cd "$here/redux" && npm ci --no-audit --no-fund)
fi
mkdir -p "$out"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
  "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "== $(java -version 2>&1 | head -1); node $(node --version); commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "== $(date -u '+%Y-%m-%d %H:%M:%S UTC')"

java -jar "$here/target/benchmarks.jar" StoreDispatchBenchmark -f 1 "${jmh_args[@]}" -p "vms=$vms" \
  -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt" | grep -E '^(Benchmark|StoreDispatch)'

node "$here/redux/bench.mjs" --vms "$vms" "${node_args[@]}" --json "$out/redux.json"

echo
node "$here/redux/compare.mjs" "$out/jmh.json" "$out/redux.json"
