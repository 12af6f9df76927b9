#!/usr/bin/env node
// What this shows: the projector page's update latency, from an event in the runtime to the
// DOM of a real page (headless chromium), quiet and under load (LOAD processes alive and a
// flow of RATE messages per second through the traced runtime), and how long the page's
// longest frame takes under that load once its rows are drawn. Prints one RESULT line, as workloads.js does.
// Try: node scripts/bench/web-latency.js 30 1000 10000
//   (samples, processes alive under load, messages per second under load)
import { Runtime, setRuntime } from '../../dist/index.js';
import { web, webServer } from '../../dist/web/web.js';
import { launch } from '../../test/helpers/browser.js';

const [samples = 30, load = 1000, rate = 10000] = process.argv.slice(2).map(Number);
const rt = setRuntime(new Runtime());
rt.logger.sink = () => {};
const url = await web(rt);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(url);
await page.waitForSelector('#conn.on');
// Every row the page adds is stamped, on the same wall clock as ours, when it enters the DOM.
await page.evaluate(() => {
  window.seen = {};
  new MutationObserver((ms) => {
    const t = performance.timeOrigin + performance.now();
    for (const m of ms) for (const n of m.addedNodes) if (n.dataset?.pid) window.seen[n.dataset.pid] ??= t;
  }).observe(document.querySelector('#procs .rows'), { childList: true });
});

const wall = () => performance.timeOrigin + performance.now();
const idle = () => new Promise(() => {});

/** Spawns a process `n` times, waiting each time for its row; the latencies in ms. */
async function latencies(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = wall();
    const pid = String(rt.spawn(idle));
    const t1 = await page.waitForFunction((p) => window.seen[p], pid, { polling: 5, timeout: 30000 }).then((h) => h.jsonValue());
    out.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 30)); // events land anywhere in a frame
  }
  return out.sort((a, b) => a - b);
}
const pct = (xs, q) => +xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(1);

// The page's frames are watched from here on (the quiet phase is the control: on a busy
// machine the browser itself is descheduled now and then).
const frameGaps = () => page.evaluate(() => {
  window.gaps = [];
  let last = performance.now();
  const tick = (t) => {
    window.gaps.push(t - last);
    last = t;
    if (window.gaps.length < 100000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
await frameGaps();
const quiet = await latencies(samples);
const quietGaps = await page.evaluate(() => window.gaps.slice(5));

// Load: processes alive, and a steady flow of messages to one handler, in 10 ms batches.
for (let i = 0; i < load; i++) rt.spawn_handler(() => {});
const sink = rt.spawn_handler(() => {});
let sent = 0;
const flowStart = performance.now();
// Every 10 ms, as many as the rate asks for by now (a late tick catches up).
const flow = setInterval(() => {
  const due = Math.floor(((performance.now() - flowStart) * rate) / 1000);
  while (sent < due) rt.send(sink, ['tick', sent++]);
}, 10);
// Responsiveness is measured once the 1,000 rows are in (their first drawing is one long frame).
await page.waitForFunction((n) => document.querySelectorAll('#procs .rows .row').length >= n, load, { timeout: 60000 });
const t0 = flowStart;
await frameGaps();
const loaded = await latencies(samples);
const gaps = await page.evaluate(() => window.gaps.slice(5));
const secs = (performance.now() - t0) / 1000;
clearInterval(flow);
const feed = (await webServer(rt)).feed;
console.log(`RESULT bench=web samples=${samples} processes=${rt.count} flow_msgs_per_s=${Math.round(sent / secs)} latency_p50_ms=${pct(quiet, 0.5)} latency_p99_ms=${pct(quiet, 0.99)} loaded_latency_p50_ms=${pct(loaded, 0.5)} loaded_latency_p99_ms=${pct(loaded, 0.99)} quiet_longest_frame_ms=${Math.max(...quietGaps).toFixed(1)} longest_frame_ms=${Math.max(...gaps).toFixed(1)} frame_p99_ms=${pct(gaps.sort((a, b) => a - b), 0.99)} frames_sent=${feed.frames}`);
await browser.close();
process.exit(0);
