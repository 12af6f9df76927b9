#!/usr/bin/env node
// What this shows: genrepl as a node of a BEAM cluster — echo round trips from a genrepl process
// to an Elixir node's echo process (test/fixtures/beam-peer.exs) over the Erlang distribution
// protocol: the p50 of N sequential round trips, then round trips per second with WINDOW in
// flight (10 × N in all). The genrepl side is what a user writes: a process spawned with
// `spawn`, `send(['echo', node], [self(), i])`, `await receive()`; its BEAM twin,
// beam/dist_echo.exs, does the same from a process of a BEAM node, to the same peer, with the
// same messages ({pid, i} out, i back), the same warm-up (2,000 sequential round trips, then N
// with WINDOW in flight: the code of both runs is warm before it is timed) and the same counts.
// MODE `node` drives the node layer (DistNode) with no runtime, to show what the runtime adds.
// Prints one `RESULT` line like the other workloads, with the CPU time this process took per
// round trip in the windowed run (steadier than wall time on a shared machine). Needs Elixir.
// Try: node scripts/bench/dist-echo.js 5000 1000          node scripts/bench/dist-echo.js 5000 1000 node
import { spawn as spawnOs } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Runtime, setRuntime, spawn, send, receive, self } from '../../dist/index.js';
import { startNode } from '../../dist/node/start.js';
import { DistNode } from '../../dist/dist/index.js';

const [n, window] = process.argv.slice(2, 4).map(Number);
const mode = process.argv[4] ?? 'proc';
if (mode !== 'proc' && mode !== 'node') throw new Error(`unknown mode ${mode} (proc or node)`);
// Names of this run's own: another run on the same machine (and its epmd) must not clash.
const PEER = `bench_b${process.pid}@localhost`;
const NAME = `bench_js${process.pid}@localhost`;
const script = fileURLToPath(new URL('../../test/fixtures/beam-peer.exs', import.meta.url));
const echo = ['echo', PEER];

/**
 * The node layer alone: `count` numbered messages keeping `inFlight` outstanding, from a pid of
 * no process; resolves with each reply's round trip in µs.
 */
function nodeRun(node, me, count, inFlight) {
  const lat = new Float64Array(count);
  const sentAt = new Float64Array(count + 1);
  let sent = 0, got = 0;
  return new Promise((resolve) => {
    const onMessage = (to, i) => {
      lat[got++] = (performance.now() - sentAt[i]) * 1000;
      if (sent < count) { sentAt[++sent] = performance.now(); node.send(echo, [me, sent], me); }
      if (got === count) { node.off('message', onMessage); resolve(lat); }
    };
    node.on('message', onMessage);
    while (sent < Math.min(inFlight, count)) { sentAt[++sent] = performance.now(); node.send(echo, [me, sent], me); }
  });
}

/** In a genrepl process: `count` sequential round trips; their times in µs. */
async function seq(count) {
  const me = self();
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    send(echo, [me, i]);
    await receive();
    lat[i] = (performance.now() - t) * 1000;
  }
  return lat;
}

/** In a genrepl process: `total` round trips keeping `inFlight` outstanding. */
async function windowed(total, inFlight) {
  const me = self();
  let sent = 0;
  while (sent < Math.min(inFlight, total)) send(echo, [me, ++sent]);
  for (let got = 0; got < total; got++) {
    await receive();
    if (sent < total) send(echo, [me, ++sent]);
  }
}

let stop, measure;
if (mode === 'node') {
  const node = await new DistNode({ name: NAME, cookie: 'benchcookie' }).start();
  stop = () => node.stop();
  measure = async () => {
    const me = node.pid(100);
    await nodeRun(node, me, 2000, 1); // connect and warm up
    await nodeRun(node, me, n, window);
    const lat = await nodeRun(node, me, n, 1);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await nodeRun(node, me, n * 10, window);
    return [lat, (performance.now() - t0) * 1000, process.cpuUsage(c0)];
  };
} else {
  const rt = setRuntime(new Runtime());
  const bridge = await startNode(rt, { name: NAME, cookie: 'benchcookie' });
  stop = () => bridge.stop();
  measure = () => new Promise((resolve, reject) => {
    spawn(async () => {
      try {
        await seq(2000); // connect and warm up
        await windowed(n, window);
        const lat = await seq(n);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await windowed(n * 10, window);
        resolve([lat, (performance.now() - t0) * 1000, process.cpuUsage(c0)]);
      } catch (e) {
        reject(e);
      }
    });
  });
}

const peer = spawnOs('elixir', ['--erl', '+S 1:1', '--sname', PEER, '--cookie', 'benchcookie', script], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  peer.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
  peer.on('exit', () => reject(new Error('the Elixir peer exited before it was ready')));
});

let lat, us, cpu;
try {
  [lat, us, cpu] = await measure();
  lat.sort();
} finally {
  peer.kill();
  await stop();
}
const total = n * 10;
console.log(`RESULT bench=dist_echo mode=${mode} n=${n} window=${window} rtt_p50_us=${lat[n >> 1].toFixed(1)} rtt_p99_us=${lat[Math.floor(n * 0.99)].toFixed(1)} msgs_per_s=${Math.round(total / (us / 1e6))} cpu_us_per_rt=${((cpu.user + cpu.system) / total).toFixed(2)} user_us_per_rt=${(cpu.user / total).toFixed(2)}`);
process.exit(0);
