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

/** A clock that is not simulated (so `addLazy` is lazy) but moves only when told. */
function manualClock() {
  return {
    simulated: false, t: 0, wake: null,
    now() { return this.t; }, wall() { return this.t; },
    wakeAt(at, cb) { this.wake = { at, cb }; }, cancelWake() { this.wake = null; }, keepAlive() {},
    /** Moves to `t`, firing the wake-up (repeatedly) while it is due. */
    set(t) { this.t = t; while (this.wake !== null && this.wake.at <= t) { const w = this.wake; this.wake = null; w.cb(); } },
  };
}

describe('lazy timers (addLazy, for call timeouts)', () => {
  it('count from the stamp, so they fire between delay and delay + 10 ms, never early', () => {
    const clock = manualClock();
    const timers = new Timers(clock);
    const fired = [];
    clock.t = 3;
    timers.addLazy(1000, () => fired.push(clock.t));
    clock.set(13); // the stamp runs 10 ms after the add: the timer is now due at 1013
    clock.set(1003);
    assert.deepEqual(fired, [], 'not early: 1000 ms after the add has not been 1000 ms after the stamp');
    clock.set(1013);
    assert.deepEqual(fired, [1013]);
    assert.equal(timers.size, 0);
  });

  it('one released before the stamp never fires and leaves nothing pending', () => {
    const clock = manualClock();
    const timers = new Timers(clock);
    const fired = [];
    const keep = timers.addLazy(5000, () => fired.push('kept'));
    timers.release(timers.addLazy(5000, () => fired.push('released')));
    assert.equal(timers.remaining(keep), 5000);
    clock.set(10); // the stamp
    clock.set(5010);
    assert.deepEqual(fired, ['kept']);
    assert.equal(timers.size, 0);
  });

  it('are exact on a simulated clock', () => {
    const { timers, fired, at } = table();
    timers.addLazy(1000, (t) => fired.push(t.a), 'exact');
    at(999);
    assert.deepEqual(fired, []);
    at(1000);
    assert.deepEqual(fired, ['exact']);
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

  it('but not for a call timeout once every call has been answered', () => {
    // 900 ms timeouts get exact timers: the real clock stays armed for the first one's deadline,
    // and only the keep-alive being turned off again lets Node exit before it.
    const r = runScript(`
      const Echo = { init: () => ['ok', 0], handle_call: (req, _f, s) => ['reply', req, s] };
      const [, pid] = GenServer.start(Echo, null);
      for (let i = 0; i < 1000; i++) await GenServer.call(pid, i, 900);
      globalThis.t0 = performance.now();
      process.on('exit', () => console.log(performance.now() - globalThis.t0 < 400 ? 'exited at once' : 'held open'));`);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'exited at once');
  });
});
