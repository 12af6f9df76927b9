#!/usr/bin/env node
// What this shows: one benchmark workload, run once in this (fresh) process, printing one
// `RESULT bench=NAME key=value …` line — the same shape as the BEAM twins in beam/.
// Try: node --expose-gc scripts/bench/workloads.js ring 1000 1000000
// Workloads: spawn N | ring SIZE HOPS | ring-await SIZE HOPS | call seq N | call conc C N |
//            call-await N | cast P M | timers N DELAY_MS | keystore N |
//            ring-traced SIZE HOPS | call-traced seq N (as ring / call, one process traced) |
//            observer N (observer()'s first frame and a refresh with N processes)
import { Runtime, GenServer, MyKeyStore, setRuntime } from '../../dist/index.js';
import { Observer } from '../../dist/observe/observer.js';

const gc = globalThis.gc ?? (() => {});
const result = (bench, fields) => console.log(`RESULT bench=${bench} ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
const rate = (n, us) => Math.round(n / (us / 1e6));
const nowUs = () => performance.now() * 1000;
const [name, ...args] = process.argv.slice(2);
const num = (i) => Number(args[i]);

function noop() {}

/** Set by the *-traced workloads: the process to watch with the trace stream (its events are counted). */
let traced = null;
let traceEvents = 0;
function watchTraced(rt, pid) {
  if (traced === null) return;
  rt.trace.watch(pid, () => traceEvents++);
}

const workloads = {
  /** 1: spawn N idle processes (each waits for a message); bytes per process from the heap delta after GC. */
  async spawn(n) {
    const rt = setRuntime(new Runtime());
    gc(); gc();
    const mem0 = process.memoryUsage().heapUsed;
    const t0 = nowUs();
    for (let i = 0; i < n; i++) rt.spawn_handler(noop);
    const t1 = nowUs();
    await rt.idle();
    const t2 = nowUs();
    gc(); gc();
    const mem1 = process.memoryUsage().heapUsed;
    result('spawn', { n, alive_delta: rt.count - 1, spawn_us: Math.round(t1 - t0), settle_us: Math.round(t2 - t0), spawns_per_s: rate(n, t1 - t0), mem_delta_bytes: mem1 - mem0, bytes_per_proc: ((mem1 - mem0) / n).toFixed(1) });
  },

  /** 2: a ring of SIZE handler processes passing ['token', n, main] HOPS times. */
  async ring(size, hops) {
    const rt = setRuntime(new Runtime());
    const ring = new Array(size);
    for (let i = 0; i < size; i++) {
      const next = (i + 1) % size;
      ring[i] = rt.spawn_handler((m) => {
        if (m[1] === 0) rt.send(m[2], 'done');
        else rt.send(ring[next], ['token', m[1] - 1, m[2]]);
      });
    }
    watchTraced(rt, ring[0]);
    const t0 = nowUs();
    rt.send(ring[0], ['token', hops, rt.main.pid]);
    await rt.receive();
    const us = nowUs() - t0;
    result('ring', { size, hops, us: Math.round(us), msgs_per_s: rate(hops, us), trace_events: traceEvents });
  },

  /** 8: the same ring, each process a body looping on `await receive()`. */
  async 'ring-await'(size, hops) {
    const rt = setRuntime(new Runtime());
    const ring = new Array(size);
    for (let i = 0; i < size; i++) {
      const next = (i + 1) % size;
      ring[i] = rt.spawn(async () => {
        for (;;) {
          const m = await rt.receive();
          if (m[1] === 0) rt.send(m[2], 'done');
          else rt.send(ring[next], ['token', m[1] - 1, m[2]]);
        }
      });
    }
    await rt.idle();
    const t0 = nowUs();
    rt.send(ring[0], ['token', hops, rt.main.pid]);
    await rt.receive();
    const us = nowUs() - t0;
    result('ring-await', { size, hops, us: Math.round(us), msgs_per_s: rate(hops, us) });
  },

  /** 3: GenServer.call 'ping' -> 'pong': one client sequentially, or C clients concurrently. */
  async call(mode, a, b) {
    const rt = setRuntime(new Runtime());
    const [clients, per] = mode === 'seq' ? [1, Number(a)] : [Number(a), Number(b)];
    const Echo = { init: (s) => ['ok', s], handle_call: (_r, _f, s) => ['reply', 'pong', s] };
    let server;
    await new Promise((resolve) => rt.spawn(() => { server = GenServer.start_link(Echo, null)[1]; resolve(); }));
    watchTraced(rt, server);
    const loop = async () => { for (let i = 0; i < per; i++) if ((await GenServer.call(server, 'ping')) !== 'pong') throw new Error('bad reply'); };
    const t0 = nowUs();
    if (clients === 1) await loop();
    else {
      const main = rt.main.pid;
      for (let c = 0; c < clients; c++) rt.spawn(async () => { await loop(); rt.send(main, 'done'); });
      for (let c = 0; c < clients; c++) await rt.receive();
    }
    const us = nowUs() - t0;
    result('call', { clients, per_client: per, total: clients * per, us: Math.round(us), calls_per_s: rate(clients * per, us), trace_events: traceEvents });
  },

  /** 11: observer() with N idle handler processes (a few with queues): its first frame, then a refresh, as the terminal view does them. */
  async observer(n) {
    const rt = setRuntime(new Runtime());
    const pids = [];
    for (let i = 0; i < n; i++) pids.push(rt.spawn_handler(noop));
    await rt.idle();
    for (let i = 0; i < n; i += 97) rt.spawn(() => {}); // some churn between frames
    const view = new Observer(rt, null, { width: 120, height: 50 });
    const t0 = nowUs();
    view.refresh();
    const first = view.frame();
    const t1 = nowUs();
    const ticks = [];
    for (let k = 0; k < 20; k++) {
      const s = nowUs();
      view.refresh();
      view.frame();
      ticks.push(nowUs() - s);
    }
    ticks.sort((a, b) => a - b);
    if (!first[0].includes(' processes')) throw new Error('no frame');
    result('observer', { n, first_frame_ms: ((t1 - t0) / 1000).toFixed(2), refresh_ms: (ticks[10] / 1000).toFixed(2) });
  },

  /** 9: the ring with its first process watched by the trace stream (a sink counting events). */
  async 'ring-traced'(size, hops) {
    traced = true;
    await workloads.ring(size, hops);
  },

  /** 10: calls with the server watched by the trace stream (a sink counting events). */
  async 'call-traced'(mode, a, b) {
    traced = true;
    await workloads.call(mode, a, b);
  },

  /** 8: request/reply written with `await receive()` on both sides (no GenServer). */
  async 'call-await'(n) {
    const rt = setRuntime(new Runtime());
    const server = rt.spawn(async () => {
      for (;;) {
        const [from, ref] = await rt.receive();
        rt.send(from, [ref, 'pong']);
      }
    });
    await rt.idle();
    const me = rt.main.pid;
    const t0 = nowUs();
    for (let i = 0; i < n; i++) {
      const ref = rt.make_ref();
      rt.send(server, [me, ref, 'ping']);
      const [r] = await rt.receive((m) => m[0] === ref);
      if (r !== ref) throw new Error('bad reply');
    }
    const us = nowUs() - t0;
    result('call-await', { n, us: Math.round(us), calls_per_s: rate(n, us) });
  },

  /** 4: P producers each cast M times to one counting GenServer; until all are counted. */
  async cast(p, m) {
    const rt = setRuntime(new Runtime());
    const total = p * m;
    const main = rt.main.pid;
    const Counter = {
      init: () => ['ok', 0],
      handle_cast(_req, c) { c++; if (c === total) rt.send(main, ['done', c]); return ['noreply', c]; },
    };
    let server;
    await new Promise((resolve) => rt.spawn(() => { server = GenServer.start_link(Counter, null)[1]; resolve(); }));
    const t0 = nowUs();
    let tSent = 0;
    for (let i = 0; i < p; i++) rt.spawn(() => { for (let j = 0; j < m; j++) GenServer.cast(server, 'inc'); rt.send(main, 'sent'); });
    let sent = 0, tDone = 0;
    while (tDone === 0 || sent < p) {
      const msg = await rt.receive();
      if (msg === 'sent') { if (++sent === p) tSent = nowUs(); } else tDone = nowUs();
    }
    const us = tDone - t0;
    result('cast', { producers: p, per_producer: m, total, us: Math.round(us), send_phase_us: Math.round(tSent - t0), msgs_per_s: rate(total, us) });
  },

  /** 5: N processes each send_after(self(), 'tick', DELAY); lateness of each tick. */
  async timers(n, delay) {
    const rt = setRuntime(new Runtime());
    const main = rt.main.pid;
    const late = new Float64Array(n);
    let got = 0;
    const t0 = nowUs();
    for (let i = 0; i < n; i++) {
      const idx = i;
      let start = 0;
      const p = rt.spawn_handler((m) => {
        if (m === 'go') { start = nowUs(); rt.send_after(p, 'tick', delay); }
        else { late[idx] = nowUs() - start - delay * 1000; if (++got === n) rt.send(main, 'all'); }
      });
      rt.send(p, 'go');
    }
    const tSpawned = nowUs();
    await rt.receive();
    const tEnd = nowUs();
    const sorted = Array.from(late).sort((a, b) => a - b);
    const pct = (q) => (sorted[Math.min(n - 1, Math.floor(q * n))] / 1000).toFixed(3);
    result('timers', { n, delay_ms: delay, spawn_us: Math.round(tSpawned - t0), total_us: Math.round(tEnd - t0), late_min_ms: (sorted[0] / 1000).toFixed(3), late_p50_ms: pct(0.5), late_p99_ms: pct(0.99), late_max_ms: (sorted[n - 1] / 1000).toFixed(3) });
  },

  /** 7: the article's MyKeyStore: N calls alternating put/get over 1,000 keys. */
  async keystore(n) {
    const rt = setRuntime(new Runtime());
    let store;
    await new Promise((resolve) => rt.spawn(() => { store = GenServer.start_link(MyKeyStore, [])[1]; resolve(); }));
    const t0 = nowUs();
    for (let i = n / 2; i > 0; i--) {
      const k = String(i % 1000);
      if ((await GenServer.call(store, ['put', k, i])) !== i) throw new Error('bad put');
      if ((await GenServer.call(store, ['get', k])) !== i) throw new Error('bad get');
    }
    const us = nowUs() - t0;
    result('keystore', { n, mixed_us: Math.round(us), mixed_calls_per_s: rate(n, us) });
  },
};

const w = workloads[name];
if (!w) {
  console.error(`unknown workload ${name}; one of: ${Object.keys(workloads).join(', ')}`);
  process.exit(2);
}
await w(...(name === 'call' || name === 'call-traced' ? args : args.map(Number)));
process.exit(0);
