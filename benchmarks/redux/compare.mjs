// Prints the store figures of one run as Markdown: Hangar's (JMH JSON) beside Redux's (bench.mjs
// JSON), and Hangar / Redux ratios for the same action, subscriber and VM count. A run has one or
// more rounds, each a JMH result and a Redux result measured one after the other; a ratio is taken
// within a round (medians of that round), so that load from elsewhere between rounds cancels out.
// node compare.mjs JMH_JSON REDUX_JSON [JMH_JSON REDUX_JSON …]
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0 || files.length % 2 !== 0) {
  console.error('usage: node compare.mjs JMH_JSON REDUX_JSON [JMH_JSON REDUX_JSON …]');
  process.exit(2);
}

function summary(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

function hangarResults(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
    .filter((r) => r.benchmark.includes('StoreDispatchBenchmark'))
    .map((r) => ({
      store: 'hangar',
      action: r.benchmark.slice(r.benchmark.lastIndexOf('.') + 1),
      subscriber: r.params.subscriber,
      vms: Number(r.params.vms),
      values: r.primaryMetric.rawData.flat(),
    }));
}

function reduxResults(file) {
  return JSON.parse(readFileSync(file, 'utf8')).results.map((r) => ({
    store: r.store, action: r.action, subscriber: r.subscriber, vms: r.vms, values: r.iterations,
  }));
}

const rounds = [];
for (let i = 0; i < files.length; i += 2) {
  const round = { hangar: hangarResults(files[i]), redux: reduxResults(files[i + 1]) };
  if (round.hangar.length === 0 || round.redux.length === 0) {
    console.error(`no results in ${round.hangar.length === 0 ? files[i] : files[i + 1]}`);
    process.exit(1);
  }
  rounds.push(round);
}

// Issue 6 sets the target at this many VMs in state.
const TARGET_VMS = 10000;
const keyOf = (r) => `${r.store}|${r.action}|${r.subscriber}|${r.vms}`;
const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

// Every measured iteration of every round, per store, action, subscriber and VM count.
const figures = new Map();
for (const round of rounds) {
  for (const r of [...round.hangar, ...round.redux]) {
    const entry = figures.get(keyOf(r)) ?? { ...r, values: [] };
    entry.values.push(...r.values);
    figures.set(keyOf(r), entry);
  }
}
console.log(`Updates per second, all iterations of ${rounds.length} round(s):\n`);
console.log('| store | action | subscriber | VMs | iterations | min /s | median /s | max /s |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of figures.values()) {
  const s = summary(r.values);
  console.log(`| ${r.store} | ${r.action} | ${r.subscriber} | ${r.vms} | ${s.runs} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} |`);
}

// Redux's listener compares the branch by reference, which is what Hangar's select() does.
console.log(`\nHangar / Redux, ratio of medians within each round; min / median / max over ${rounds.length} round(s):\n`);
console.log('| action | subscriber | VMs | Hangar / redux-plain | Hangar / redux-toolkit |');
console.log('|---|---|---:|---:|---:|');
let worst = Infinity;
for (const h of rounds[0].hangar) {
  const cells = ['redux-plain', 'redux-toolkit'].map((store) => {
    const ratios = rounds.flatMap((round) => {
      const mine = round.hangar.find((r) => keyOf(r) === keyOf(h));
      const peer = round.redux.find((r) => keyOf(r) === keyOf({ ...h, store }));
      return mine && peer ? [summary(mine.values).median / summary(peer.values).median] : [];
    });
    if (ratios.length === 0) {
      return null;
    }
    const s = summary(ratios);
    if (h.vms === TARGET_VMS) {
      worst = Math.min(worst, s.median);
    }
    return `${fmt(s.min)}× / **${fmt(s.median)}×** / ${fmt(s.max)}×`;
  });
  if (cells.some((cell) => cell !== null)) {
    console.log(`| ${h.action} | ${h.subscriber} | ${h.vms} | ${cells.map((c) => c ?? '—').join(' | ')} |`);
  }
}
if (worst === Infinity) {
  console.log(`\nNo ratio with ${TARGET_VMS} VMs: the target (≥ 1,000× Redux at ${TARGET_VMS} VMs) was not assessed.`);
} else {
  console.log(`\nLowest median ratio at ${TARGET_VMS} VMs: ${fmt(worst)}× (target ≥ 1,000×): ${worst >= 1000 ? 'met' : 'NOT met'}`);
}
