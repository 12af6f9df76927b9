#!/usr/bin/env node
// What this shows: genrepl's benchmark suite — each workload run N times, each run in a fresh
// process, reported as median (min–max). With --vs-beam, the same workloads run on the BEAM
// (elixir --erl "+S 1:1", our twins in beam/), interleaved with ours, and the ratio is printed.
// The paste rows always run beside their twin, Node's own REPL (node -i) given the same paste.
// Try: npm run bench            npm run bench -- --vs-beam --runs 3
//      npm run bench -- --json  npm run bench -- --quick --only ring
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, Term } from '../../test/helpers/terminal.js';
import { findChromium } from '../../test/helpers/browser.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const argv = process.argv.slice(2);
const KNOWN = new Set(['--vs-beam', '--runs', '--json', '--quick', '--only']);
for (let i = 0; i < argv.length; i++) {
  if (!KNOWN.has(argv[i])) {
    console.error(`bench: unknown option ${argv[i]} (options: --vs-beam, --runs N, --json, --quick, --only NAME)`);
    process.exit(2);
  }
  if (argv[i] === '--runs' || argv[i] === '--only') i++;
}
const flag = (f) => argv.includes(f);
const opt = (f, d) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : d);
const quick = flag('--quick');
const runs = Number(opt('--runs', quick ? 1 : 3));
const only = opt('--only', null);
const json = flag('--json');
let vsBeam = flag('--vs-beam');

// id, what is reported, which way is better, the target ratio genrepl/BEAM (or `limit`: an
// absolute bound in the row's unit), sizes (full, quick). Every row runs what a user writes
// (spawn, send, receive, GenServer.start, GenServer.call); rows marked "internal:" drive the
// runtime object directly, to show the cost of the public path beside them.
const WORKLOADS = [
  { id: 'spawn 100k waiting bodies', key: 'settled_per_s', unit: '/s', better: 'higher', target: 3, js: ['spawn-body', 100000], beam: ['spawn.exs', 100000], quick: [1000] },
  { id: 'bytes per idle body', key: 'bytes_per_proc', unit: 'B', better: 'lower', target: null, limit: 300, js: ['spawn-body', 100000], beam: ['spawn.exs', 100000], quick: [1000], same: 'spawn 100k waiting bodies' },
  { id: 'spawn 1M waiting bodies', key: 'settled_per_s', unit: '/s', better: 'higher', target: 3, js: ['spawn-body', 1000000], beam: ['spawn.exs', 1000000], quick: [2000] },
  { id: 'spawn 100k handlers (spawn_handler)', key: 'settled_per_s', unit: '/s', better: 'higher', target: 3, js: ['spawn-handler', 100000], beam: ['spawn.exs', 100000], quick: [1000] },
  { id: 'bytes per idle handler (spawn_handler)', key: 'bytes_per_proc', unit: 'B', better: 'lower', target: null, limit: 300, js: ['spawn-handler', 100000], beam: ['spawn.exs', 100000], quick: [1000], same: 'spawn 100k handlers (spawn_handler)' },
  { id: 'spawn 100k GenServers', key: 'settled_per_s', unit: '/s', better: 'higher', target: null, js: ['spawn-gs', 100000], beam: ['spawn.exs', 100000], quick: [1000] },
  { id: 'bytes per idle GenServer', key: 'bytes_per_proc', unit: 'B', better: 'lower', target: null, js: ['spawn-gs', 100000], beam: ['spawn.exs', 100000], quick: [1000], same: 'spawn 100k GenServers' },
  { id: 'ring of 1k GenServers x 1M hops (handle_info)', key: 'msgs_per_s', unit: 'msg/s', better: 'higher', target: 2, js: ['ring-gs', 1000, 1000000], beam: ['ring.exs', 1000, 1000000], quick: [100, 1000] },
  { id: 'ring, await receive()', key: 'msgs_per_s', unit: 'msg/s', better: 'higher', target: 1.5, js: ['ring-await', 1000, 1000000], beam: ['ring.exs', 1000, 1000000], quick: [100, 1000] },
  { id: 'call 1 client', key: 'calls_per_s', unit: '/s', better: 'higher', target: 2, js: ['call', 'seq', 200000], beam: ['call.exs', 'seq', 200000], quick: ['seq', 1000] },
  { id: 'call 10 clients (async bodies)', key: 'calls_per_s', unit: '/s', better: 'higher', target: 2, js: ['call', 'conc', 10, 20000], beam: ['call.exs', 'conc', 10, 20000], quick: ['conc', 2, 500] },
  { id: 'cast fan-in 10 x 100k', key: 'msgs_per_s', unit: 'msg/s', better: 'higher', target: 2, js: ['cast', 10, 100000], beam: ['cast.exs', 10, 100000], quick: [2, 1000] },
  { id: 'timer lateness p99', key: 'late_p99_ms', unit: 'ms', better: 'lower', target: 1, js: ['timers', 100000, 100], beam: ['timers.exs', 100000, 100], quick: [1000, 10] },
  { id: 'timer lateness p50', key: 'late_p50_ms', unit: 'ms', better: 'lower', target: null, js: ['timers', 100000, 100], beam: ['timers.exs', 100000, 100], quick: [1000, 10], same: 'timer lateness p99' },
  { id: 'MyKeyStore 200k calls', key: 'mixed_calls_per_s', unit: '/s', better: 'higher', target: 2, js: ['keystore', 200000], beam: ['keystore.exs', 200000], quick: [1000] },
  { id: 'call by hand, await receive()', key: 'calls_per_s', unit: '/s', better: 'higher', target: null, js: ['call-await', 200000], beam: ['call.exs', 'seq', 200000], quick: [1000], bquick: ['seq', 1000] },
  { id: 'ring of GenServers, one process traced', key: 'msgs_per_s', unit: 'msg/s', better: 'higher', target: null, js: ['ring-traced', 1000, 1000000], beam: ['ring.exs', 1000, 1000000], quick: [100, 1000] },
  { id: 'call 1 client, server traced', key: 'calls_per_s', unit: '/s', better: 'higher', target: null, js: ['call-traced', 'seq', 200000], beam: ['call.exs', 'seq', 200000], quick: ['seq', 1000] },
  { id: 'observer() first frame, 10k processes', key: 'first_frame_ms', unit: 'ms', better: 'lower', target: null, js: ['observer', 10000], beam: null, quick: [1000] },
  { id: 'observer() refresh, 10k processes', key: 'refresh_ms', unit: 'ms', better: 'lower', target: null, js: ['observer', 10000], beam: null, quick: [1000], same: 'observer() first frame, 10k processes' },
  { id: 'internal: ring of rt.spawn_handler', key: 'msgs_per_s', unit: 'msg/s', better: 'higher', target: null, js: ['internal-ring', 1000, 1000000], beam: ['ring.exs', 1000, 1000000], quick: [100, 1000] },
  { id: 'dist echo round trip p50', key: 'rtt_p50_us', unit: 'µs', better: 'lower', target: 1.2, file: 'dist-echo.js', dist: true, js: ['dist', 5000, 1000], beam: ['dist_echo.exs', 5000, 1000], quick: [200, 50] },
  { id: 'dist echo, 1,000 in flight', key: 'msgs_per_s', unit: 'round trips/s', better: 'higher', target: 1, file: 'dist-echo.js', dist: true, js: ['dist', 5000, 1000], beam: ['dist_echo.exs', 5000, 1000], quick: [200, 50], same: 'dist echo round trip p50' },
  { id: 'internal: dist echo p50, node layer alone', key: 'rtt_p50_us', unit: 'µs', better: 'lower', target: null, file: 'dist-echo.js', dist: true, js: ['dist', 5000, 1000, 'node'], beam: ['dist_echo.exs', 5000, 1000], quick: [200, 50, 'node'], bquick: [200, 50] },
  { id: 'internal: dist echo, 1,000 in flight, node layer alone', key: 'msgs_per_s', unit: 'round trips/s', better: 'higher', target: null, file: 'dist-echo.js', dist: true, js: ['dist', 5000, 1000, 'node'], beam: ['dist_echo.exs', 5000, 1000], quick: [200, 50, 'node'], bquick: [200, 50], same: 'internal: dist echo p50, node layer alone' },
  { id: 'shell: first prompt', key: 'first_prompt_ms', unit: 'ms', better: 'lower', target: 0.5, shell: true },
  { id: 'shell: first result, piped', key: 'piped_first_result_ms', unit: 'ms', better: 'lower', target: 1, shell: true, same: 'shell: first prompt' },
  { id: 'shell: eval p50', key: 'eval_p50_ms', unit: 'ms', better: 'lower', target: null, shell: true, same: 'shell: first prompt' },
  { id: 'shell: eval p99', key: 'eval_p99_ms', unit: 'ms', better: 'lower', target: null, shell: true, same: 'shell: first prompt' },
  // The projector page in headless chromium: an event in the runtime to the page's DOM, quiet and under load.
  { id: 'web: event to DOM p50', key: 'latency_p50_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000] },
  { id: 'web: event to DOM p99', key: 'latency_p99_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000], same: 'web: event to DOM p50' },
  { id: 'web: event to DOM p50, 1,000 procs + 10k msg/s', key: 'loaded_latency_p50_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000], same: 'web: event to DOM p50' },
  { id: 'web: page frame p99 under that load', key: 'frame_p99_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000], same: 'web: event to DOM p50' },
  { id: 'web: longest page frame, quiet (control)', key: 'quiet_longest_frame_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000], same: 'web: event to DOM p50' },
  { id: 'web: longest page frame under that load', key: 'longest_frame_ms', unit: 'ms', better: 'lower', target: null, file: 'web-latency.js', web: true, js: ['web', 30, 1000, 10000], quick: [3, 100, 1000], same: 'web: event to DOM p50' },
  // The twin of these two is Node's own REPL (node -i) with the same paste, not the BEAM.
  { id: 'paste 229 KB line (twin: node REPL)', key: 'paste_line_ms', unit: 'ms', better: 'lower', target: 2, paste: true },
  { id: 'paste 5,000-line object (twin: node REPL)', key: 'paste_lines_ms', unit: 'ms', better: 'lower', target: 2, paste: true, same: 'paste 229 KB line (twin: node REPL)' },
].filter((w) => only === null || w.id.includes(only) || (w.js ?? []).includes(only))
  // the distribution rows talk to a real Elixir node: without Elixir they are left out
  .filter((w) => !w.dist || spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0)
  // the page rows need chromium (apt-get install chromium)
  .filter((w) => !w.web || findChromium() !== null);

function parse(out) {
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return null;
  const r = {};
  for (const kv of line.slice(7).trim().split(' ')) { const [k, v] = kv.split('='); r[k] = Number.isNaN(Number(v)) ? v : Number(v); }
  return r;
}

function runJs(w) {
  const args = quick ? [w.js[0], ...w.quick] : w.js;
  const script = w.file ? [HERE + w.file, ...args.slice(1)] : [HERE + 'workloads.js', ...args];
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', ...script.map(String)], { encoding: 'utf8', timeout: 600000 });
  const res = parse(r.stdout);
  if (!res) throw new Error(`workload ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  return res;
}

function runBeam(w) {
  const args = quick ? [w.beam[0], ...(w.bquick ?? w.quick)] : w.beam;
  const r = spawnSync('elixir', ['--erl', '+P 2000000 +S 1:1', HERE + 'beam/' + args[0], ...args.slice(1).map(String)], { encoding: 'utf8', timeout: 600000 });
  const res = parse(r.stdout);
  if (!res) throw new Error(`BEAM workload ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  return res;
}

async function runShell() {
  const inputs = quick ? 5 : 200;
  const t0 = performance.now();
  const t = Term.start([]);
  await t.waitFor(/iex\(1\)> ?$/);
  const first = performance.now() - t0;
  await t.enter('1 + 1', /iex\(2\)> ?$/); // the compiler's warm-up, not counted
  const lat = [];
  for (let i = 0; i < inputs; i++) {
    const line = i % 3 === 0 ? `const [ok${i}, p${i}] = start(MyKeyStore, [])` : i % 3 === 1 ? `call(p${i - 1}, ['put', 'k', ${i}])` : `${i} * 2`;
    const s = performance.now();
    await t.enter(line, new RegExp(`iex\\(${i + 3}\\)> ?$`));
    lat.push(performance.now() - s);
  }
  await t.close();
  lat.sort((a, b) => a - b);
  const pct = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))];
  const piped = pipedFirstResult(`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`);
  return { first_prompt_ms: +first.toFixed(1), piped_first_result_ms: piped, eval_p50_ms: +pct(0.5).toFixed(2), eval_p99_ms: +pct(0.99).toFixed(2) };
}

/**
 * A paste into a shell in a pseudo-terminal, timed from the keystrokes to the result on
 * screen: one 229 KB line, then a 5,000-line object literal. `cmd` is genrepl or `node -i`.
 */
async function runPaste(cmd) {
  const n = quick ? 2000 : 34000; // 229 KB
  const line = "'paste ' + [" + Array.from({ length: n }, (_, i) => i).join(', ') + '].length';
  const lines = ['const big = {', ...Array.from({ length: quick ? 200 : 5000 }, (_, i) => `  k${i}: ${i},`), '}', "'lines ' + Object.keys(big).length"];
  // raw output only: the tests' screen emulator would spend longer drawing 229 KB than the shells
  const t = Term.start([], { cmd, env: { NODE_REPL_HISTORY: '' }, screen: false });
  const seen = (text) => new Promise((resolve, reject) => {
    const deadline = Date.now() + 600000;
    const check = () => (t.raw.includes(text) ? resolve() : Date.now() > deadline ? reject(new Error(`no ${text}`)) : setTimeout(check, 5));
    check();
  });
  await seen('> ');
  let s = performance.now();
  t.type(line + '\r');
  await seen(`paste ${n}`);
  const paste_line_ms = +(performance.now() - s).toFixed(1);
  s = performance.now();
  t.type(lines.join('\r') + '\r');
  await seen(`lines ${lines.length - 3}`);
  const paste_lines_ms = +(performance.now() - s).toFixed(1);
  await t.close();
  return { paste_line_ms, paste_lines_ms };
}

/** Wall time of `echo '1+1' | CMD` until it has printed 2 and exited (the reference's iex figure). */
function pipedFirstResult(cmd) {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `echo '1+1' | ${cmd}`], { encoding: 'utf8', timeout: 60000, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  return /\b2\b/.test(r.stdout) ? +ms.toFixed(1) : null;
}

/** iex's twin of runShell's first figure: start to the first prompt, through the same pseudo-terminal. */
async function iexShell() {
  const t0 = performance.now();
  const t = Term.start([], { cmd: ['iex'] });
  const shown = await t.waitFor(/iex\(1\)> ?$/m).then(() => true, () => false);
  const first = performance.now() - t0;
  if (!shown) {
    await t.close();
    return null; // no figure rather than a wrong one
  }
  t.type('System.halt()\r');
  await Promise.race([t.exited, new Promise((r) => setTimeout(r, 5000))]);
  await t.close();
  return { first_prompt_ms: +first.toFixed(1), piped_first_result_ms: pipedFirstResult('iex') };
}

if (vsBeam && spawnSync('elixir', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error('--vs-beam: elixir is not installed (Debian: apt-get update && apt-get install -y elixir); running genrepl\'s workloads alone.');
  vsBeam = false;
}

// Run: fresh process per run; ours and the BEAM's interleaved.
const samples = new Map(WORKLOADS.map((w) => [w.id, { js: [], beam: [] }]));
for (let r = 0; r < runs; r++) {
  const done = new Map();
  for (const w of WORKLOADS) {
    const key = w.same ?? w.id;
    if (!done.has(key)) {
      const res = { js: w.paste ? await runPaste([process.execPath, BIN, '--no-history']) : w.shell ? await runShell() : runJs(w), beam: null };
      if (w.paste) res.beam = await runPaste([process.execPath, '-i']);
      else if (vsBeam && (w.shell || w.beam)) res.beam = w.shell ? await iexShell() : runBeam(w);
      done.set(key, res);
      if (!json) process.stderr.write(`run ${r + 1}/${runs}: ${key} done\n`);
    }
    const res = done.get(key);
    samples.get(w.id).js.push(res.js[w.key]);
    if (res.beam && res.beam[w.key] !== undefined) samples.get(w.id).beam.push(res.beam[w.key]);
  }
}

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
const rows = WORKLOADS.map((w) => {
  const s = samples.get(w.id);
  const m = median(s.js), b = median(s.beam);
  const ratio = m !== null && b !== null && b !== 0 ? m / b : null;
  const meets = w.limit !== undefined ? (m === null ? null : m <= w.limit)
    : ratio === null || w.target === null ? null : w.better === 'higher' ? ratio >= w.target : ratio <= w.target;
  return { workload: w.id, unit: w.unit, better: w.better, genrepl: { median: m, min: Math.min(...s.js), max: Math.max(...s.js), runs: s.js }, beam: b === null ? null : { median: b, min: Math.min(...s.beam), max: Math.max(...s.beam) }, ratio, target: w.target, limit: w.limit ?? null, meets };
});

if (json) {
  console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, quick, vsBeam, rows }, null, 2));
} else {
  const fmt = (v) => (v === null ? '—' : v >= 10000 ? Math.round(v).toLocaleString('en-US') : String(+v.toFixed(2)));
  const twins = vsBeam || WORKLOADS.some((w) => w.paste || w.limit !== undefined);
  const table = [['workload', 'genrepl median (min–max)', ...(twins ? ['twin median', 'genrepl/twin', 'target'] : [])]];
  for (const r of rows) {
    const ours = `${fmt(r.genrepl.median)} ${r.unit} (${fmt(r.genrepl.min)}–${fmt(r.genrepl.max)})`;
    const mark = r.meets === null ? '' : r.meets ? ' ✓' : ' ✗';
    const t = r.limit !== null ? `≤ ${r.limit} ${r.unit}${mark}` : r.target === null ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${+r.target.toFixed(2)}×${mark}`;
    table.push([r.workload, ours, ...(twins ? [r.beam ? `${fmt(r.beam.median)} ${r.unit}` : '—', r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, t] : [])]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log(`genrepl benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${runs} run(s) each${vsBeam ? ', vs the BEAM (elixir +S 1:1), interleaved' : ''}`);
  for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}
