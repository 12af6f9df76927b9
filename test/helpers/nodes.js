// Runtimes that are nodes, and genrepl nodes as OS processes, for the node tests: each test file
// starts its own epmd on 127.0.0.1 (see beam.js) and stops everything again.
import { spawn, spawnSync } from 'node:child_process';
import { Runtime } from '../../dist/index.js';
import { startNode } from '../../dist/node/start.js';
import { BIN } from './terminal.js';

/** Why the node tests cannot run here (no epmd), or null. */
export function epmdMissing() {
  const r = spawnSync('epmd', ['-help'], { stdio: 'ignore' });
  return r.error ? 'epmd not found: install Erlang (apt-get install -y elixir) to run the node tests' : null;
}

/** A fresh runtime started as node `name` against the epmd on `epmdPort`; `logs` collects its log lines. */
export async function nodeRuntime(name, { epmdPort, cookie, tickTime }) {
  const rt = new Runtime();
  const logs = [];
  const bridge = await startNode(rt, { name, cookie, log: (l) => logs.push(l), tickTime, epmdPort });
  return { rt, bridge, logs };
}

/** Resolves once `pred()` (maybe async) holds, asking every 20 ms for up to `ms`. */
export async function until(pred, ms = 5000) {
  const t0 = Date.now();
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${pred}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves when `pred(text)` holds for what `stream` printed so far, or rejects after `ms`. */
export function waitFor(get, pred, ms = 5000, what = 'output') {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const text = get();
      if (pred(text)) return resolve(text);
      if (Date.now() - t0 > ms) return reject(new Error(`${what} did not come within ${ms} ms; so far:\n${text}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** `genrepl --sname name` with piped input (no prompts: one result per input line). */
export function startGenrepl(args, { epmdPort }) {
  const proc = spawn(process.execPath, [BIN, '--no-history', '--no-color', ...args], {
    env: { ...process.env, ERL_EPMD_PORT: String(epmdPort), NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r(code ?? signal)));
  return {
    proc,
    exited,
    output: () => out,
    /** Types one input; resolves with what it printed once `pred` holds for the new output. */
    async input(line, pred = (t) => t.endsWith('\n'), ms = 5000) {
      const from = out.length;
      proc.stdin.write(line + '\n');
      return waitFor(() => out.slice(from), pred, ms, `the answer to ${line}`);
    },
    kill: () => (proc.kill('SIGKILL'), exited),
  };
}
