// The workload of Hangar's StoreDispatchBenchmark, run with Redux: N VMs in a `vms` branch shaped
// like Hangar's VmsState, one VM changed per dispatch (a VmUpdated flipping its state, or a
// UsageSampled of that VM alone), walking round the VMs; with no subscriber and with one that
// selects the branch and compares it by reference, as Hangar's select() does.
//
// Two reducers, each written the usual way: a plain one spreading object maps (redux's
// legacy_createStore with combineReducers), and a Redux Toolkit slice (configureStore, immer).
//
// node bench.mjs [--vms 10000[,100000…]] [--warmup 1] [--iterations 3] [--seconds 1] [--json FILE]
// Works on Node 18 and later.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

// Production mode, as a deployed app runs: Redux Toolkit's development checks walk the whole
// state on every dispatch and would make the comparison unfair to Redux. Set before the import.
process.env.NODE_ENV = 'production';
const { legacy_createStore: createStore, combineReducers } = await import('redux');
const { configureStore, createSlice } = await import('@reduxjs/toolkit');

const PROVIDER = 'bench';
const CONNECTION = 'test:///bench';
const GIB_IN_KIB = 1024 * 1024;

function positive(name, text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number, was '${text}'`);
  }
  return value;
}

function options() {
  const { values } = parseArgs({
    options: {
      vms: { type: 'string', default: '10000' },
      warmup: { type: 'string', default: '1' },
      iterations: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '1' },
      json: { type: 'string' },
    },
  });
  return {
    vms: values.vms.split(',').map((n) => Math.floor(positive('vms', n))),
    warmup: positive('warmup', values.warmup),
    iterations: Math.floor(positive('iterations', values.iterations)),
    seconds: positive('seconds', values.seconds),
    json: values.json,
  };
}

// VM number i, the same guest as StoreWorkload.newVm: two disks, one NIC.
function newVm(i) {
  const name = `vm-${String(i).padStart(5, '0')}`;
  const hex = (n) => (n & 0xff).toString(16).padStart(2, '0');
  return {
    ref: {
      provider: PROVIDER,
      connection: CONNECTION,
      name,
      id: `00000000-0000-4a4e-0000-${i.toString(16).padStart(12, '0')}`,
    },
    state: 'shut off',
    stateReason: 'shutdown',
    vcpus: 2,
    memoryKiB: 2 * GIB_IN_KIB,
    maxMemoryKiB: 4 * GIB_IN_KIB,
    os: { type: 'hvm', arch: 'x86_64', machine: 'pc-q35-7.2', bootOrder: ['hd'] },
    autostart: false,
    persistent: true,
    disks: [
      { target: 'vda', device: 'disk', bus: 'virtio', sourceType: 'file',
        source: `/var/lib/libvirt/images/${name}.qcow2`, format: 'qcow2',
        capacity: 20 * 2 ** 30, allocation: 3 * 2 ** 30, readOnly: false },
      { target: 'sda', device: 'cdrom', bus: 'sata', sourceType: null, source: null, format: 'raw',
        capacity: null, allocation: null, readOnly: true },
    ],
    nics: [{ type: 'network', source: 'default', model: 'virtio',
      mac: `52:54:00:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}`, linkState: 'up', target: null }],
  };
}

const keyOf = (ref) => `${ref.provider}\u0000${ref.connection}/${ref.name}`;

const emptyVms = () => ({ vms: {}, usage: {}, pending: {}, errors: {}, connections: {}, providers: {} });

function plainVmsReducer(state = emptyVms(), action) {
  switch (action.type) {
    case 'vms/vmsReplaced': {
      const vms = {};
      for (const vm of action.payload) {
        vms[keyOf(vm.ref)] = vm;
      }
      return { ...state, vms };
    }
    case 'vms/vmUpdated':
      return { ...state, vms: { ...state.vms, [keyOf(action.payload.ref)]: action.payload } };
    case 'vms/usageSampled': {
      // As Hangar's reducer: samples of VMs that are gone are dropped.
      const known = Object.entries(action.payload).filter(([key]) => key in state.vms);
      return { ...state, usage: { ...state.usage, ...Object.fromEntries(known) } };
    }
    default:
      return state;
  }
}

const slice = createSlice({
  name: 'vms',
  initialState: emptyVms(),
  reducers: {
    vmsReplaced(state, action) {
      state.vms = {};
      for (const vm of action.payload) {
        state.vms[keyOf(vm.ref)] = vm;
      }
    },
    vmUpdated(state, action) {
      state.vms[keyOf(action.payload.ref)] = action.payload;
    },
    usageSampled(state, action) {
      for (const [key, usage] of Object.entries(action.payload)) {
        if (key in state.vms) {
          state.usage[key] = usage;
        }
      }
    },
  },
});

const STORES = {
  'redux-plain': () => createStore(combineReducers({ vms: plainVmsReducer })),
  'redux-toolkit': () => configureStore({ reducer: { vms: slice.reducer } }),
};

// The store filled as StoreWorkload fills Hangar's: every VM, then one usage sample of each.
function workload(storeName, count, subscriber) {
  const store = STORES[storeName]();
  const vms = Array.from({ length: count }, (_, i) => newVm(i));
  store.dispatch({ type: 'vms/vmsReplaced', payload: vms });
  let tick = 0;
  const sample = () => {
    tick++;
    return { cpuPercent: tick % 100, memoryUsedKiB: GIB_IN_KIB + (tick % GIB_IN_KIB), sampledAt: tick };
  };
  store.dispatch({ type: 'vms/usageSampled',
    payload: Object.fromEntries(vms.map((vm) => [keyOf(vm.ref), sample()])) });
  let seen = 0;
  if (subscriber === 'select') {
    let last = store.getState().vms;
    store.subscribe(() => {
      const branch = store.getState().vms;
      if (branch !== last) {
        last = branch;
        seen++;
      }
    });
  }
  let next = 0;
  const advance = () => {
    const i = next;
    next = i + 1 === count ? 0 : i + 1;
    return i;
  };
  return {
    store,
    seen: () => seen,
    vmUpdated() {
      const i = advance();
      const vm = vms[i];
      const changed = vm.state === 'running'
        ? { ...vm, state: 'shut off', stateReason: 'shutdown' }
        : { ...vm, state: 'running', stateReason: 'booted' };
      vms[i] = changed;
      store.dispatch({ type: 'vms/vmUpdated', payload: changed });
      return [keyOf(changed.ref), changed];
    },
    usageSampled() {
      const i = advance();
      const usage = sample();
      store.dispatch({ type: 'vms/usageSampled', payload: { [keyOf(vms[i].ref)]: usage } });
      return [keyOf(vms[i].ref), usage];
    },
  };
}

// Operations per second of `op`, run for `seconds`.
function measure(op, seconds) {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  let now;
  do {
    op();
    count++;
    now = performance.now();
  } while (now < end);
  return count / ((now - end) / 1000 + seconds);
}

function summary(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

// Every store, action and subscriber with `vms` VMs in state.
function runWith(opts, vms) {
  const results = [];
  for (const storeName of Object.keys(STORES)) {
    for (const action of ['vmUpdated', 'usageSampled']) {
      for (const subscriber of ['none', 'select']) {
        const w = workload(storeName, vms, subscriber);
        const op = w[action];
        measure(op, opts.warmup);
        const iterations = [];
        for (let i = 0; i < opts.iterations; i++) {
          iterations.push(measure(op, opts.seconds));
        }
        // The figure counts only if the store really holds what was dispatched last.
        const [key, value] = op();
        const branch = w.store.getState().vms;
        if ((action === 'vmUpdated' ? branch.vms[key] : branch.usage[key]) !== value) {
          throw new Error(`${storeName} lost the last ${action}`);
        }
        if (subscriber === 'select' && w.seen() < 2) {
          throw new Error(`${storeName}: the subscriber saw ${w.seen()} changes`);
        }
        const result = { store: storeName, action, subscriber, vms, iterations, ...summary(iterations) };
        results.push(result);
        console.log(`${storeName.padEnd(14)} ${action.padEnd(13)} subscriber=${subscriber.padEnd(7)}`
          + ` vms=${vms}  updates/s min ${result.min.toFixed(1)}  median ${result.median.toFixed(1)}`
          + `  max ${result.max.toFixed(1)}  (${opts.iterations} × ${opts.seconds} s)`);
      }
    }
  }
  return results;
}

let opts;
try {
  opts = options();
} catch (e) {
  console.error(`bench.mjs: ${e.message}\n`
    + 'usage: node bench.mjs [--vms 10000[,100000…]] [--warmup 1] [--iterations 3] [--seconds 1] [--json FILE]');
  process.exit(2);
}
console.log(`Node ${process.version}, redux + @reduxjs/toolkit, NODE_ENV=${process.env.NODE_ENV}`);
const results = opts.vms.flatMap((vms) => runWith(opts, vms));
if (opts.json) {
  writeFileSync(opts.json, JSON.stringify({ node: process.version, results }, null, 2));
}
