#!/usr/bin/env node
// What this shows: the runtime's spawn rate, memory per idle process and ring throughput,
// measured once (the benchmark suite in scripts/bench/ runs these properly, against the BEAM).
// Try: node --expose-gc scripts/measure-runtime.js
import { Runtime } from '../dist/index.js';

const gc = globalThis.gc ?? (() => { throw new Error('run with node --expose-gc'); });
const N = Number(process.env.N ?? 100_000);

async function spawnIdle(kind) {
  const rt = new Runtime();
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  if (kind === 'handler') for (let i = 0; i < N; i++) rt.spawn_handler(noop);
  else for (let i = 0; i < N; i++) rt.spawn(body(rt));
  await rt.idle();
  const ms = performance.now() - t0;
  gc(); gc();
  const bytes = (process.memoryUsage().heapUsed - before) / N;
  console.log(`spawn ${N} idle ${kind} processes: ${ms.toFixed(0)} ms (${Math.round(N / ms * 1000).toLocaleString()}/s), ${Math.round(bytes)} B/process`);
  return rt;
}
function noop() {}
function body(rt) { return async () => { await rt.receive(); }; }

async function ring(procs = 1000, hops = 1_000_000) {
  const rt = new Runtime();
  const main = rt.main.pid;
  const ring = [];
  for (let i = 0; i < procs; i++) {
    const me = i;
    ring.push(rt.spawn_handler((m) => {
      const n = m[1];
      if (n === 0) rt.send(m[2], 'done');
      else rt.send(ring[(me + 1) % procs], ['token', n - 1, m[2]]);
    }));
  }
  const t0 = performance.now();
  rt.send(ring[0], ['token', hops, main]);
  await rt.receive();
  const ms = performance.now() - t0;
  console.log(`ring ${procs} processes, ${hops.toLocaleString()} hops: ${ms.toFixed(0)} ms (${(hops / ms / 1000).toFixed(2)} M msg/s)`);
}

await spawnIdle('handler');
await spawnIdle('body');
await ring();
