#!/usr/bin/env node
// What this shows: one benchmark workload, run once in this (fresh) process, printing one
// `RESULT bench=NAME key=value …` line — the same shape as the BEAM twins in beam/.
// Every workload is written as a user writes it, with the package root's functions (spawn,
// send, receive, GenServer.start, GenServer.call …); the two `internal-*` ones drive the
// runtime object directly and are labelled so in run.js.
// Try: node --expose-gc scripts/bench/workloads.js ring-gs 1000 1000000
// Workloads: spawn-body N | spawn-handler N | spawn-gs N | ring-gs SIZE HOPS |
//            ring-await SIZE HOPS | call seq N | call conc C N | call-await N | cast P M |
//            timers N DELAY_MS | keystore N | internal-ring SIZE HOPS |
//            ring-traced SIZE HOPS | call-traced seq N (as ring-gs / call, one process traced) |
//            observer N (observer()'s first frame and a refresh with N processes)
import { Runtime, GenServer, MyKeyStore, setRuntime, spawn, spawn_handler, send, receive, self, Process } from '../../dist/index.js';
import { Observer } from '../../dist/observe/observer.js';

const gc = globalThis.gc ?? (() => {});
const result = (bench, fields) => console.log(`RESULT bench=${bench} ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
const rate = (n, us) => Math.round(n / (us / 1e6));
const nowUs = () => performance.now() * 1000;
/** CPU time (user + system, all threads: the collector's too) since `c0`, in µs: steadier than wall time on a shared machine. */
const cpuSince = (c0) => { const c = process.cpuUsage(c0); return c.user + c.system; };
const [name, ...args] = process.argv.slice(2);

function noop() {}

/** Set by the *-traced workloads: the process to watch with the trace stream (its events are counted). */
let traced = null;
let traceEvents = 0;
function watchTraced(pid) {
  if (traced === null) return;
  rt.trace.watch(pid, () => traceEvents++);
}

/** The runtime of the running workload: each starts a fresh one. */
let rt = null;
const fresh = () => (rt = setRuntime(new Runtime()));
/** Resolves once no process is runnable. */
const settle = () => rt.idle();

/**
 * Spawns N processes with `start()`, then measures: spawns per second up to the moment all
 * of them run (each one waits for a message), and heap bytes per process after a full GC.
 */
async function spawnMany(bench, n, start) {
  fresh();
  // One of each first: the first process of a kind pays one-time costs (async context, compiling).
  start();
  await settle();
  gc(); gc();
  const mem0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = nowUs();
  for (let i = 0; i < n; i++) start();
  const t1 = nowUs();
  await settle();
  const t2 = nowUs();
  const cpu = cpuSince(c0);
  gc(); gc();
  const mem1 = process.memoryUsage().heapUsed;
  if (rt.count !== n + 2) throw new Error(`expected ${n + 2} live processes, got ${rt.count}`);
  result(bench, { n, spawn_us: Math.round(t1 - t0), settle_us: Math.round(t2 - t0), spawns_per_s: rate(n, t1 - t0), settled_per_s: rate(n, t2 - t0), settled_per_cpu_s: rate(n, cpu), mem_delta_bytes: mem1 - mem0, bytes_per_proc: ((mem1 - mem0) / n).toFixed(1) });
}

/** Relays ['token', n, main] to `next`, or tells main when n is 0: the ring's step, shared by every style. */
function hop(m, next) {
  if (m[1] === 0) send(m[2], 'done');
  else send(next, ['token', m[1] - 1, m[2]]);
}

/** A ring node as a GenServer: learns its successor from ['next', pid], then relays tokens in handle_info. */
const RingNode = {
  init: () => ['ok', null],
  handle_info(m, next) {
    if (m[0] === 'next') return ['noreply', m[1]];
    hop(m, next);
    return ['noreply', next];
  },
};

/** Times one token around `ring` (each node already knows its successor), as the BEAM twin does. */
async function timeRing(bench, size, hops, ring) {
  for (let i = 0; i < size; i++) send(ring[i], ['next', ring[(i + 1) % size]]);
  await settle();
  watchTraced(ring[0]);
  const c0 = process.cpuUsage();
  const t0 = nowUs();
  send(ring[0], ['token', hops, self()]);
  if ((await receive()) !== 'done') throw new Error('bad ring');
  const us = nowUs() - t0;
  const cpu = cpuSince(c0);
  result(bench, { size, hops, us: Math.round(us), msgs_per_s: rate(hops, us), cpu_us: cpu, msgs_per_cpu_s: rate(hops, cpu), trace_events: traceEvents });
}

const workloads = {
  /** 1: spawn N processes written `spawn(async () => { await receive() })`. */
  'spawn-body': (n) => spawnMany('spawn-body', n, () => spawn(async () => { await receive(); })),

  /** 1, handler style: spawn N `spawn_handler(fn)` processes (no Promise per process). */
  'spawn-handler': (n) => spawnMany('spawn-handler', n, () => spawn_handler(noop)),

  /** 1, GenServer style: start N idle GenServers. */
  'spawn-gs': (n) => spawnMany('spawn-gs', n, () => GenServer.start(RingNode, null)),

  /** 2: a ring of SIZE GenServers relaying ['token', n, main] HOPS times in handle_info. */
  async 'ring-gs'(size, hops) {
    fresh();
    const ring = Array.from({ length: size }, () => GenServer.start(RingNode, null)[1]);
    await timeRing('ring-gs', size, hops, ring);
  },

  /** 2: the same ring, each process a body looping on `await receive()`. */
  async 'ring-await'(size, hops) {
    fresh();
    const ring = Array.from({ length: size }, () => spawn(async () => {
      const [, next] = await receive();
      for (;;) hop(await receive(), next);
    }));
    await timeRing('ring-await', size, hops, ring);
  },

  /** 3: GenServer.call 'ping' -> 'pong': one client (the top level), or C clients spawned as async bodies. */
  async call(mode, a, b) {
    fresh();
    const [clients, per] = mode === 'seq' ? [1, Number(a)] : [Number(a), Number(b)];
    const Echo = { init: (s) => ['ok', s], handle_call: (_r, _f, s) => ['reply', 'pong', s] };
    const [, server] = GenServer.start(Echo, null);
    watchTraced(server);
    const loop = async () => { for (let i = 0; i < per; i++) if ((await GenServer.call(server, 'ping')) !== 'pong') throw new Error('bad reply'); };
    const c0 = process.cpuUsage();
    const t0 = nowUs();
    if (clients === 1) await loop();
    else {
      const main = self();
      for (let c = 0; c < clients; c++) spawn(async () => { await loop(); send(main, 'done'); });
      for (let c = 0; c < clients; c++) await receive();
    }
    const us = nowUs() - t0;
    const cpu = cpuSince(c0);
    result('call', { clients, per_client: per, total: clients * per, us: Math.round(us), calls_per_s: rate(clients * per, us), cpu_us: cpu, calls_per_cpu_s: rate(clients * per, cpu), trace_events: traceEvents });
  },

  /** 9: the GenServer ring with its first process watched by the trace stream (a sink counting events). */
  async 'ring-traced'(size, hops) {
    traced = true;
    await workloads['ring-gs'](size, hops);
  },

  /** 10: calls with the server watched by the trace stream (a sink counting events). */
  async 'call-traced'(mode, a, b) {
    traced = true;
    await workloads.call(mode, a, b);
  },

  /** 11: observer() with N idle handler processes (a few with queues): its first frame, then a refresh, as the terminal view does them. */
  async observer(n) {
    fresh();
    for (let i = 0; i < n; i++) spawn_handler(noop);
    await settle();
    for (let i = 0; i < n; i += 97) spawn(() => {}); // some churn between frames
    const view = new Observer(rt, null, { width: 120, height: 50 });
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const c0 = cpu();
    const t0 = nowUs();
    view.refresh();
    const first = view.frame();
    const t1 = nowUs();
    const firstCpu = cpu() - c0;
    const ticks = [];
    for (let k = 0; k < 20; k++) {
      const s = nowUs();
      view.refresh();
      view.frame();
      ticks.push(nowUs() - s);
    }
    ticks.sort((a, b) => a - b);
    if (!first[0].includes(' processes')) throw new Error('no frame');
    result('observer', { n, first_frame_ms: ((t1 - t0) / 1000).toFixed(2), first_frame_cpu_ms: firstCpu.toFixed(2), refresh_ms: (ticks[10] / 1000).toFixed(2) });
  },

  /** 3, by hand: request/reply written with `await receive()` on both sides (no GenServer). */
  async 'call-await'(n) {
    fresh();
    const server = spawn(async () => {
      for (;;) {
        const [from, ref] = await receive();
        send(from, [ref, 'pong']);
      }
    });
    await settle();
    const me = self();
    const t0 = nowUs();
    for (let i = 0; i < n; i++) {
      const ref = i; // a number is a fine unique tag here
      send(server, [me, ref, 'ping']);
      const [r] = await receive((m) => m[0] === ref);
      if (r !== ref) throw new Error('bad reply');
    }
    const us = nowUs() - t0;
    result('call-await', { n, us: Math.round(us), calls_per_s: rate(n, us) });
  },

  /** 4: P producers each cast M times to one counting GenServer; until all are counted. */
  async cast(p, m) {
    fresh();
    const total = p * m;
    const main = self();
    const Counter = {
      init: () => ['ok', 0],
      handle_cast(_req, c) { c++; if (c === total) send(main, ['done', c]); return ['noreply', c]; },
    };
    const [, server] = GenServer.start(Counter, null);
    const t0 = nowUs();
    let tSent = 0;
    for (let i = 0; i < p; i++) spawn(() => { for (let j = 0; j < m; j++) GenServer.cast(server, 'inc'); send(main, 'sent'); });
    let sent = 0, tDone = 0;
    while (tDone === 0 || sent < p) {
      const msg = await receive();
      if (msg === 'sent') { if (++sent === p) tSent = nowUs(); } else tDone = nowUs();
    }
    const us = tDone - t0;
    result('cast', { producers: p, per_producer: m, total, us: Math.round(us), send_phase_us: Math.round(tSent - t0), msgs_per_s: rate(total, us) });
  },

  /** 5: N processes each Process.send_after(self(), 'tick', DELAY); lateness of each tick. */
  async timers(n, delay) {
    fresh();
    const main = self();
    const late = new Float64Array(n);
    let got = 0;
    const t0 = nowUs();
    for (let i = 0; i < n; i++) {
      const idx = i;
      let start = 0;
      const p = spawn_handler((m) => {
        if (m === 'go') { start = nowUs(); Process.send_after(self(), 'tick', delay); }
        else { late[idx] = nowUs() - start - delay * 1000; if (++got === n) send(main, 'all'); }
      });
      send(p, 'go');
    }
    const tSpawned = nowUs();
    await receive();
    const tEnd = nowUs();
    const sorted = Array.from(late).sort((a, b) => a - b);
    const pct = (q) => (sorted[Math.min(n - 1, Math.floor(q * n))] / 1000).toFixed(3);
    result('timers', { n, delay_ms: delay, spawn_us: Math.round(tSpawned - t0), total_us: Math.round(tEnd - t0), late_min_ms: (sorted[0] / 1000).toFixed(3), late_p50_ms: pct(0.5), late_p99_ms: pct(0.99), late_max_ms: (sorted[n - 1] / 1000).toFixed(3) });
  },

  /** 7: the article's MyKeyStore: N calls alternating put/get over 1,000 keys. */
  async keystore(n) {
    fresh();
    const [, store] = GenServer.start(MyKeyStore, []);
    const c0 = process.cpuUsage();
    const t0 = nowUs();
    for (let i = n / 2; i > 0; i--) {
      const k = String(i % 1000);
      if ((await GenServer.call(store, ['put', k, i])) !== i) throw new Error('bad put');
      if ((await GenServer.call(store, ['get', k])) !== i) throw new Error('bad get');
    }
    const us = nowUs() - t0;
    const cpu = cpuSince(c0);
    result('keystore', { n, mixed_us: Math.round(us), mixed_calls_per_s: rate(n, us), cpu_us: cpu, calls_per_cpu_s: rate(n, cpu) });
  },

  /** Internal path: a ring of handler functions started with the runtime object's spawn_handler. */
  async 'internal-ring'(size, hops) {
    fresh();
    const ring = new Array(size);
    for (let i = 0; i < size; i++) {
      const next = (i + 1) % size;
      ring[i] = rt.spawn_handler((m) => {
        if (m[1] === 0) rt.send(m[2], 'done');
        else rt.send(ring[next], ['token', m[1] - 1, m[2]]);
      });
    }
    const t0 = nowUs();
    rt.send(ring[0], ['token', hops, rt.main.pid]);
    await rt.receive();
    const us = nowUs() - t0;
    result('internal-ring', { size, hops, us: Math.round(us), msgs_per_s: rate(hops, us) });
  },
};

const w = workloads[name];
if (!w) {
  console.error(`unknown workload ${name}; one of: ${Object.keys(workloads).join(', ')}`);
  process.exit(2);
}
await w(...(name === 'call' || name === 'call-traced' ? args : args.map(Number)));
process.exit(0);
