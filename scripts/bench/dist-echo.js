#!/usr/bin/env node
// What this shows: genrepl as a node of a BEAM cluster — echo round trips from a JS node to an
// Elixir node's echo process (test/fixtures/beam-peer.exs) over the Erlang distribution
// protocol: the p50 of N sequential round trips, then round trips per second with WINDOW in
// flight (10 × N in all). Prints one `RESULT` line like the other workloads; its BEAM twin is
// beam/dist_echo.exs (the same peer, called from a BEAM node). Needs Elixir (epmd).
// Try: node scripts/bench/dist-echo.js 5000 1000
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DistNode } from '../../dist/dist/index.js';

const [n, window] = process.argv.slice(2).map(Number);
// Names of this run's own: another run on the same machine (and its epmd) must not clash.
const PEER = `bench_b${process.pid}@localhost`;
const script = fileURLToPath(new URL('../../test/fixtures/beam-peer.exs', import.meta.url));
const node = await new DistNode({ name: `bench_js${process.pid}@localhost`, cookie: 'benchcookie' }).start();
const peer = spawn('elixir', ['--erl', '+S 1:1', '--sname', PEER, '--cookie', 'benchcookie', script], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  peer.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
  peer.on('exit', () => reject(new Error('the Elixir peer exited before it was ready')));
});
const me = node.pid(100);
const echo = ['echo', PEER];

/** Sends `count` numbered messages keeping `inFlight` outstanding; resolves with each reply's round trip in µs. */
function run(count, inFlight) {
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

let lat, us;
try {
  await run(2000, 1); // connect and warm up
  lat = (await run(n, 1)).sort();
  const t0 = performance.now();
  await run(n * 10, window);
  us = (performance.now() - t0) * 1000;
} finally {
  peer.kill();
  await node.stop();
}
console.log(`RESULT bench=dist_echo n=${n} window=${window} rtt_p50_us=${lat[n >> 1].toFixed(1)} rtt_p99_us=${lat[Math.floor(n * 0.99)].toFixed(1)} msgs_per_s=${Math.round((n * 10) / (us / 1e6))}`);
process.exit(0);
