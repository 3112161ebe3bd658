// Prints the store figures of one run as Markdown: Hangar's (JMH JSON) beside Redux's (bench.mjs
// JSON), and Hangar / Redux ratios of medians for the same action and subscriber.
// node compare.mjs JMH_JSON REDUX_JSON
import { readFileSync } from 'node:fs';

const [jmhFile, reduxFile] = process.argv.slice(2);
if (!jmhFile || !reduxFile) {
  console.error('usage: node compare.mjs JMH_JSON REDUX_JSON');
  process.exit(2);
}

function summary(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

const hangar = JSON.parse(readFileSync(jmhFile, 'utf8'))
  .filter((r) => r.benchmark.includes('StoreDispatchBenchmark'))
  .map((r) => ({
    store: 'hangar',
    action: r.benchmark.slice(r.benchmark.lastIndexOf('.') + 1),
    subscriber: r.params.subscriber,
    vms: Number(r.params.vms),
    ...summary(r.primaryMetric.rawData.flat()),
  }));
const redux = JSON.parse(readFileSync(reduxFile, 'utf8')).results
  .map((r) => ({ ...r, ...summary(r.iterations) }));
if (hangar.length === 0 || redux.length === 0) {
  console.error(`no results in ${hangar.length === 0 ? jmhFile : reduxFile}`);
  process.exit(1);
}

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
console.log('| store | action | subscriber | VMs | runs | min /s | median /s | max /s |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of [...hangar, ...redux]) {
  console.log(`| ${r.store} | ${r.action} | ${r.subscriber} | ${r.vms} | ${r.runs} | ${fmt(r.min)} | ${fmt(r.median)} | ${fmt(r.max)} |`);
}

// Redux's listener compares the branch by reference, which is what Hangar's select() does.
console.log('\n| action | subscriber | Hangar / redux-plain | Hangar / redux-toolkit |');
console.log('|---|---|---:|---:|');
let worst = Infinity;
for (const h of hangar) {
  const peers = redux.filter((r) => r.action === h.action && r.subscriber === h.subscriber && r.vms === h.vms);
  if (peers.length === 0) {
    continue;
  }
  const ratio = (name) => {
    const peer = peers.find((r) => r.store === name);
    if (!peer) {
      return '—';
    }
    const value = h.median / peer.median;
    worst = Math.min(worst, value);
    return `${fmt(value)}×`;
  };
  console.log(`| ${h.action} | ${h.subscriber} | ${ratio('redux-plain')} | ${ratio('redux-toolkit')} |`);
}
if (worst === Infinity) {
  console.error('no Hangar result matches a Redux result (same action, subscriber and VM count)');
  process.exit(1);
}
console.log(`\nLowest ratio: ${fmt(worst)}× (target ≥ 1,000×): ${worst >= 1000 ? 'met' : 'NOT met'}`);
