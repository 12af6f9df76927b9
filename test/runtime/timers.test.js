// The timer table (deadline order, reuse of released timers, lists kept for their duration)
// and the host keep-alive: a main process waiting on a call or a timed receive keeps Node
// running, and nothing else does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SimulatedClock } from '../../dist/index.js';
import { Timers } from '../../dist/runtime/timers.js';

const INDEX = new URL('../../dist/index.js', import.meta.url).href;

function table() {
  const clock = new SimulatedClock();
  const fired = [];
  const timers = new Timers(clock);
  const at = (t) => { clock.set(t); timers.fire(); };
  const add = (ms, name) => timers.add(ms, (t) => fired.push(t.a), name);
  return { clock, timers, fired, at, add };
}

describe('the timer table', () => {
  it('fires in deadline order across durations, creation order within a deadline', () => {
    const { fired, at, add } = table();
    add(30, 'c'); add(10, 'a'); add(20, 'b1'); add(20, 'b2'); add(10, 'a2');
    at(25);
    assert.deepEqual(fired, ['a', 'a2', 'b1', 'b2']);
    at(30);
    assert.deepEqual(fired, ['a', 'a2', 'b1', 'b2', 'c']);
  });

  it('a released timer never fires, and its object is reused by the next add', () => {
    const { timers, fired, at, add } = table();
    const t = add(50, 'released');
    timers.release(t);
    timers.release(t); // twice is harmless: it is pooled once
    const u = add(50, 'u');
    const v = add(50, 'v');
    assert.equal(u, t, 'the released object is reused');
    assert.notEqual(v, t, 'and handed out once only');
    at(50);
    assert.deepEqual(fired, ['u', 'v']);
    assert.equal(timers.size, 0);
  });

  it('a duration whose list emptied still orders correctly when it comes back', () => {
    const { timers, fired, at, add } = table();
    timers.remove(add(100, 'gone'));
    add(40, 'x');
    at(10);
    add(100, 'late'); // due at 110, after x at 40
    add(20, 'y'); // due at 30
    at(200);
    assert.deepEqual(fired, ['y', 'x', 'late']);
  });

  it('with more durations in use than it keeps lists for, every timer still fires in order', () => {
    const { timers, fired, at, add } = table();
    for (let d = 200; d > 0; d--) timers.remove(add(d, 'removed ' + d));
    for (let d = 150; d > 0; d -= 3) add(d, d);
    at(1000);
    const want = [];
    for (let d = 150; d > 0; d -= 3) want.push(d);
    assert.deepEqual(fired, want.reverse());
    assert.equal(timers.size, 0);
  });
});

/** Runs an ESM snippet in a fresh Node with the built runtime; returns its exit status and output. */
function runScript(body) {
  const src = `import { GenServer, Process, receive, self } from ${JSON.stringify(INDEX)};\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { encoding: 'utf8', timeout: 20000, cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('keeping Node alive', () => {
  it('while main waits on a call that a timer will answer', () => {
    const r = runScript(`
      const Slow = {
        init: () => ['ok', null],
        handle_call: (_req, from, s) => { Process.send_after(self(), ['answer', from], 150); return ['noreply', s]; },
        handle_info: ([, from], s) => { GenServer.reply(from, 'late but here'); return ['noreply', s]; },
      };
      const [, pid] = GenServer.start(Slow, null);
      console.log(await GenServer.call(pid, 'go'));`);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'late but here');
  });

  it('while main waits in a timed receive, until the timeout', () => {
    const r = runScript(`const t0 = performance.now(); const m = await receive(undefined, 120); console.log(m, performance.now() - t0 >= 119);`);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'undefined true');
  });

  it('but not for a pending call timeout once every call has been answered', () => {
    const r = runScript(`
      const Echo = { init: () => ['ok', 0], handle_call: (req, _f, s) => ['reply', req, s] };
      const [, pid] = GenServer.start(Echo, null);
      for (let i = 0; i < 1000; i++) await GenServer.call(pid, i, 60000);
      globalThis.t0 = performance.now();
      process.on('exit', () => console.log(performance.now() - globalThis.t0 < 5000 ? 'exited at once' : 'held open'));`);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'exited at once');
  });
});
