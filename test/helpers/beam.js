// Starts what the distribution tests run against: an epmd of their own on 127.0.0.1 (a port
// no one else uses) and real BEAM nodes (`elixir --sname`), and stops them again.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

/** Why the BEAM tests cannot run here, or null when `elixir` and `epmd` are found. */
export function beamMissing() {
  for (const cmd of ['elixir', 'epmd']) {
    const r = spawnSync(cmd, cmd === 'elixir' ? ['--version'] : ['-help'], { stdio: 'ignore' });
    if (r.error) return `${cmd} not found: install Elixir (apt-get install -y elixir) to run the BEAM tests`;
  }
  return null;
}

export const cookie = () => randomBytes(9).toString('hex');

/** An epmd in the foreground on a free-looking port; `stop()` ends it. */
export async function startEpmd() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = spawn('epmd', ['-port', String(port), '-address', '127.0.0.1'], { stdio: 'ignore' });
  const { names } = await import('../../dist/dist/epmd.js');
  for (let i = 0; i < 100; i++) {
    try { await names({ port, timeout: 500 }); break; } catch { await new Promise((r) => setTimeout(r, 30)); }
  }
  return { port, stop: () => proc.kill() };
}

/** Starts `elixir --sname name@localhost` (net_ticktime `tickTime` s) running test/fixtures/beam-peer.exs; `ready` resolves when it prints ready. */
export function startBeam(name, { epmdPort, cookie, tickTime = 60 }) {
  const script = fileURLToPath(new URL('../fixtures/beam-peer.exs', import.meta.url));
  const proc = spawn('elixir', ['--sname', name, '--cookie', cookie, '--erl', `-kernel inet_dist_use_interface {127,0,0,1} -kernel net_ticktime ${tickTime}`, script], {
    env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((r) => proc.on('exit', r));
  const ready = new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { out += d; if (out.includes('ready')) resolve(); });
    proc.stderr.on('data', (d) => { out += d; });
    proc.on('exit', (c) => reject(new Error(`elixir exited (${c}) before it was ready: ${out}`)));
  });
  return { proc, ready, exited, output: () => out, stop: () => { proc.kill('SIGKILL'); return exited; } };
}

/** Resolves with the next event `name` whose arguments pass `pred`, or rejects after `ms`. */
export function nextEvent(emitter, name, pred = () => true, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.off(name, on); reject(new Error(`no ${name} event within ${ms} ms`)); }, ms);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(args);
    }
    emitter.on(name, on);
  });
}
