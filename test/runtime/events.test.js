// The kernel reports typed events; one module words them as iex does; printing never decides
// whether a process is dead or its links and monitors are told.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { spawn, spawn_handler, spawn_monitor, send, receive, self, monitor, GenServer, sys, Process, formatEvent, LEVELS } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('typed events', () => {
  it('a crash, a server terminating, an unexpected message and a trace arrive as events of their kind', async () => {
    const events = [];
    const off = rt.logger.subscribe((e) => events.push(e));
    const boom = new Error('boom');
    const p = spawn(() => { throw boom; });
    const [, srv] = GenServer.start({ init: () => ['ok', 1], handle_call: () => { throw new Error('bad call'); } });
    const [, quiet] = GenServer.start({ init: () => ['ok', 0] }, null, { name: 'quiet' });
    await sys.trace(quiet, true);
    send(quiet, 'hello');
    await settle(rt);
    await assert.rejects(GenServer.call(srv, ['get']));
    off();
    const kinds = events.map((e) => e.kind);
    assert.deepEqual(kinds.sort(), ['gen_server_terminating', 'process_crashed', 'trace', 'unexpected_message']);
    const crash = events.find((e) => e.kind === 'process_crashed');
    assert.equal(crash.pid, p);
    assert.equal(crash.error, boom);
    const term = events.find((e) => e.kind === 'gen_server_terminating');
    assert.equal(term.pid, srv);
    assert.equal(term.state, 1);
    assert.deepEqual(term.last, { kind: 'call', request: ['get'], from: self() });
    assert.deepEqual(term.client, { pid: self(), alive: true });
    const unexpected = events.find((e) => e.kind === 'unexpected_message');
    assert.equal(unexpected.name, 'quiet');
    assert.equal(unexpected.msg, 'hello');
    assert.deepEqual(events.find((e) => e.kind === 'trace').step, { kind: 'info', msg: 'hello' });
  });

  it('the logger writes each event in iex layout at the level its kind has (trace lines as they are)', async () => {
    const written = [];
    rt.logger.sink = (text, level, event) => written.push([level, event?.kind, text]);
    spawn(() => { throw new TypeError('bad'); });
    await settle(rt);
    assert.equal(written.length, 1);
    const [level, kind, text] = written[0];
    assert.equal(level, LEVELS.process_crashed);
    assert.equal(kind, 'process_crashed');
    assert.match(text, /^\n\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(TypeError\) bad/);
    assert.equal(LEVELS.trace, 'debug');
    assert.equal(formatEvent({ kind: 'trace', pid: self(), name: 'x', step: { kind: 'cast', request: 'go' } }), "*DBG* 'x' got cast 'go'");
  });

  it('emitting with no subscriber formats nothing more than the written report', () => {
    // Subscribing and unsubscribing leaves the logger as it was (no listener list kept).
    const off = rt.logger.subscribe(() => {});
    off();
    assert.equal(rt.logger.subscribers, null);
  });
});

describe('exits never depend on printing', () => {
  const unprintables = () => [
    { get message() { throw new Error('getter'); }, get stack() { throw new Error('getter'); } },
    new Proxy({}, { get() { throw new Error('proxy'); }, ownKeys() { throw new Error('proxy'); }, getPrototypeOf() { throw new Error('proxy'); } }),
    { [Symbol.for('nodejs.util.inspect.custom')]() { throw new Error('custom'); } },
    Object.assign(new Error('x'), { message: 42 }),
  ];

  it('a process throwing a value the printer cannot show is dead, its monitor and link fire, the turn goes on', async () => {
    Process.flag('trap_exit', true);
    for (const bad of unprintables()) {
      const [p, ref] = spawn_monitor(() => { throw bad; });
      let ran = false;
      spawn(() => { ran = true; });
      await settle(rt);
      assert.equal(Process.alive(p), false);
      const down = await receive((m) => m[0] === 'DOWN' && m[1] === ref, 0);
      assert.ok(down, 'DOWN fired');
      assert.equal(down[4], bad);
      assert.ok(ran, 'the next process ran');
    }
  });

  it('a GenServer crashing with an unprintable reason or state exits and tells its caller', async () => {
    for (const bad of unprintables()) {
      const [, srv] = GenServer.start({ init: () => ['ok', bad], handle_cast: () => { throw bad; } });
      const ref = monitor(srv);
      GenServer.cast(srv, 'go');
      const down = await receive((m) => m[0] === 'DOWN' && m[1] === ref, 1000);
      assert.ok(down, 'DOWN fired');
      assert.equal(Process.alive(srv), false);
    }
  });
});

describe('layering', () => {
  const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
  /** Every .ts file under `dir` (relative to src/), with its import specifiers (static, dynamic, type-only, re-exports). */
  function imports(dir) {
    const out = [];
    for (const f of readdirSync(SRC + dir, { recursive: true }).filter((n) => n.endsWith('.ts'))) {
      // Comments hold examples (`import { spawn } from 'genrepl'`): only code counts.
      const src = readFileSync(join(SRC, dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const specs = [...src.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      out.push({ file: join(dir, f), specs });
    }
    return out;
  }

  it('the kernel (src/runtime) imports only its own files and Node\'s: nothing of inspect/, behaviours/, shell/, eval/, replay/, dist/, cli/', () => {
    const files = imports('runtime');
    assert.ok(files.length > 10, 'the kernel files were found');
    for (const { file, specs } of files) {
      for (const s of specs) assert.match(s, /^(\.\/[\w-]+\.js|node:[\w/]+)$/, `${file} imports ${s}`);
    }
  });

  /** Imports of kernel files other than kernel.js / api.js, from files outside src/runtime. */
  function pastTheSeam(files) {
    const kernel = join(SRC, 'runtime') + '/';
    const bad = [];
    for (const { file, specs } of files) {
      for (const s of specs) {
        const target = join(dirname(join(SRC, file)), s);
        if (target.startsWith(kernel) && !['kernel.js', 'api.js'].includes(target.slice(kernel.length))) bad.push(`${file} imports ${s}`);
      }
    }
    return bad;
  }

  it('outside src/runtime, the kernel is reached only through its seam (kernel.ts) or the package root (api.ts)', () => {
    const dirs = readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'runtime');
    const files = dirs.flatMap((d) => imports(d.name));
    assert.ok(files.some(({ specs }) => specs.includes('../runtime/kernel.js')), 'imports of the seam were found');
    assert.deepEqual(pastTheSeam(files), []);
  });

  it('the seam rule reports a file that reaches past the seam, at any depth', () => {
    const files = [
      { file: 'shell/x.ts', specs: ['../runtime/process.js', '../runtime/kernel.js', './y.js'] },
      { file: 'dist/deep/z.ts', specs: ['../../runtime/pid.js', '../../runtime/api.js'] },
    ];
    assert.deepEqual(pastTheSeam(files), ['shell/x.ts imports ../runtime/process.js', 'dist/deep/z.ts imports ../../runtime/pid.js']);
  });
});
