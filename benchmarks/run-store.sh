#!/usr/bin/env bash
# Store throughput, Hangar against Redux, in one run: rounds of the JMH StoreDispatchBenchmark
# followed by the same workload in Node (redux/bench.mjs), then the figures and the Hangar / Redux
# ratios of each round (redux/compare.mjs). Builds the JMH jar and installs the npm packages when
# they are missing. Results go to benchmarks/target/store-run/.
#
#   benchmarks/run-store.sh           3 rounds; JMH 20 × 1 s warm-up, 5 × 2 s; Node 2 s warm-up, 5 × 2 s
#   benchmarks/run-store.sh --smoke   1 short round, to check that the harness works (not a figure)
#   ROUNDS=5 VMS=1000,10000,100000 benchmarks/run-store.sh   more rounds, other VM counts
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/target/store-run"
vms=${VMS:-10000}

if [[ "${1:-}" == "--smoke" ]]; then
  echo "== smoke run: too short for the JIT to warm up, so its figures are not results"
  rounds=1
  jmh_args=(-wi 1 -i 1 -w 1s -r 1s)
  node_args=(--warmup 0.5 --iterations 1 --seconds 1)
elif [[ $# -eq 0 ]]; then
  rounds=${ROUNDS:-3}
  # A fresh JVM on a busy 2-CPU machine takes 15-20 s before C2 has compiled the dispatch path.
  jmh_args=(-wi 20 -i 5 -w 1s -r 2s)
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
rm -rf "$out"
mkdir -p "$out"

# The machines are shared: the load average says how busy this one was during each part.
load() {
  echo "== $1 at $(date -u '+%H:%M:%S') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
  "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "== $(java -version 2>&1 | head -1); node $(node --version);" \
  "commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u '+%Y-%m-%d')"

pairs=()
for round in $(seq 1 "$rounds"); do
  load "round $round: JMH"
  java -jar "$here/target/benchmarks.jar" StoreDispatchBenchmark -f 1 "${jmh_args[@]}" -p "vms=$vms" \
    -rf json -rff "$out/jmh-$round.json" > "$out/jmh-$round.txt"
  grep -E '^(Benchmark|StoreDispatch)' "$out/jmh-$round.txt"
  load "round $round: Node"
  node "$here/redux/bench.mjs" --vms "$vms" "${node_args[@]}" --json "$out/redux-$round.json"
  pairs+=("$out/jmh-$round.json" "$out/redux-$round.json")
done
load "done"

echo
node "$here/redux/compare.mjs" "${pairs[@]}" | tee "$out/summary.md"
