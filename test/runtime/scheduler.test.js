import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawn_handler, spawn_monitor, send, receive, self, Process, Runtime } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('scheduling', () => {
  it('a handler process takes one message at a time, in mailbox order', async () => {
    const seen = [];
    const h = spawn_handler((m) => { seen.push(['start', m]); seen.push(['end', m]); });
    for (let i = 0; i < 5; i++) send(h, i);
    await settle(rt);
    assert.deepEqual(seen.map(([k, m]) => k + m), ['start0', 'end0', 'start1', 'end1', 'start2', 'end2', 'start3', 'end3', 'start4', 'end4']);
  });
  it('an async handler takes no next message until it settles', async () => {
    const seen = [];
    const h = spawn_handler(async (m) => {
      seen.push('start ' + m);
      await new Promise((r) => setTimeout(r, 5));
      seen.push('end ' + m);
    });
    send(h, 'a'); send(h, 'b');
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(seen, ['start a', 'end a', 'start b', 'end b']);
  });
  it('keeps each sender\'s order', async () => {
    const got = [];
    const h = spawn_handler((m) => got.push(m));
    for (let s = 0; s < 3; s++) spawn(() => { for (let i = 0; i < 50; i++) send(h, [s, i]); });
    await settle(rt);
    for (let s = 0; s < 3; s++) assert.deepEqual(got.filter((m) => m[0] === s).map((m) => m[1]), [...Array(50).keys()]);
  });
  it('yields to the event loop under a flood, so I/O and timers still run', async () => {
    const rt2 = new Runtime({ budget: 1000 });
    let immediates = 0;
    let stop = false;
    const tick = () => { immediates++; if (!stop) setImmediate(tick); };
    setImmediate(tick);
    let handled = 0;
    const a = rt2.spawn_handler((m) => { handled++; if (m > 0) rt2.send(b, m - 1); });
    const b = rt2.spawn_handler((m) => { handled++; if (m > 0) rt2.send(a, m - 1); });
    rt2.send(a, 20000);
    await rt2.idle();
    stop = true;
    assert.equal(handled, 20001);
    assert.ok(immediates >= 10, `the event loop turned ${immediates} times during 20,000 messages`);
  });
  it('a body ring (await receive) also yields to the event loop', async () => {
    const rt2 = new Runtime({ budget: 500 });
    let turns = 0, stop = false;
    const tick = () => { turns++; if (!stop) setImmediate(tick); };
    setImmediate(tick);
    const main = rt2.main.pid;
    const mk = (next) => rt2.spawn(async () => { for (;;) { const n = await rt2.receive(); rt2.send(n === 0 ? main : next(), n === 0 ? 'done' : n - 1); } });
    let b;
    const a = mk(() => b);
    b = mk(() => a);
    rt2.send(a, 5000);
    assert.equal(await rt2.receive(), 'done');
    stop = true;
    assert.ok(turns >= 5, `event loop turned ${turns} times`);
  });
});

describe('afterTurns', () => {
  for (const resumed of [false, true]) {
    it(`resolves once the turns due have run (what they print comes first), without waiting for a ping-pong pair${resumed ? ' (interruptResumed)' : ''}`, async () => {
      rt.interruptible = rt.interruptResumed = resumed;
      const seen = [];
      const echo = spawn(async () => { const [from, m] = await receive(); seen.push('echo got ' + m); send(from, m); });
      const pong = () => spawn(async () => { for (;;) { const [from] = await receive(); send(from, [self()]); } });
      const [a, b] = [pong(), pong()];
      send(a, [b]);
      send(echo, [spawn_handler((m) => seen.push('reply ' + m)), 'hi']);
      await rt.afterTurns();
      assert.deepEqual(seen, ['echo got hi', 'reply hi']);
      // The pair is still at it: idle() would never resolve; afterTurns did.
      assert.ok(Process.alive(a) && Process.alive(b));
      Process.exit(a, 'kill');
      Process.exit(b, 'kill');
      await settle(rt);
    });
  }
});

describe('isolation', () => {
  it('nothing a process throws or rejects reaches Node', async () => {
    const seen = [];
    const onErr = (e) => seen.push(e);
    process.on('uncaughtException', onErr);
    process.on('unhandledRejection', onErr);
    try {
      const refs = [];
      refs.push(spawn_monitor(() => { throw new Error('sync body'); })[1]);
      refs.push(spawn_monitor(async () => { await null; throw new Error('async body'); })[1]);
      refs.push(spawn_monitor(() => Promise.reject(new Error('rejected body')))[1]);
      const h1 = spawn_handler(() => { throw new Error('handler'); });
      const h2 = spawn_handler(async () => { await null; throw 'thrown string'; });
      const h3 = spawn_handler(() => Promise.reject(new Error('handler rejection')));
      for (const h of [h1, h2, h3]) { refs.push(Process.monitor(h)); send(h, 'go'); }
      Process.send_after(h1, 'late', 10);
      const reasons = [];
      for (let i = 0; i < refs.length; i++) reasons.push((await receive())[4]);
      await rt.advance(20);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seen, []);
      assert.equal(reasons.length, 6);
      assert.deepEqual(reasons.map((r) => r.message ?? r).sort(), ['async body', 'handler', 'handler rejection', 'rejected body', 'sync body', 'thrown string']);
      assert.equal(rt.logged.length, 6);
    } finally {
      process.off('uncaughtException', onErr);
      process.off('unhandledRejection', onErr);
    }
  });
  it('a crash kills exactly one process', async () => {
    const others = [spawn_handler(() => {}), spawn(async () => { await receive(); })];
    const [bad] = spawn_monitor(() => { throw new Error('x'); });
    await receive();
    assert.equal(Process.alive(bad), false);
    for (const p of others) assert.equal(Process.alive(p), true);
    assert.equal(Process.alive(self()), true);
  });
});

describe('100,000 processes', () => {
  it('spawns 100,000 handler processes, sends each a message, and every one handles it', async () => {
    const rt2 = new Runtime();
    let handled = 0;
    const h = () => { handled++; };
    const pids = [];
    for (let i = 0; i < 100_000; i++) pids.push(rt2.spawn_handler(h));
    for (const p of pids) rt2.send(p, ['hello', p]);
    await rt2.idle();
    assert.equal(handled, 100_000);
    assert.equal(rt2.count, 100_001);
  });
  it('spawns 100,000 bodies that each wait in receive, then ends them all', async () => {
    const rt2 = new Runtime();
    let done = 0;
    const pids = [];
    for (let i = 0; i < 100_000; i++) pids.push(rt2.spawn(async () => { await rt2.receive(); done++; }));
    await rt2.idle();
    for (const p of pids) rt2.send(p, 'stop');
    await rt2.idle();
    assert.equal(done, 100_000);
    assert.equal(rt2.count, 1);
  });
});

describe('Clock', () => {
  it('no runtime code reads Date.now() or calls setTimeout behind the clock', () => {
    const root = new URL('../../src/', import.meta.url).pathname;
    const files = [];
    const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && files.push(p); } };
    for (const d of ['runtime', 'behaviours', 'examples']) if (existsSync(join(root, d))) walk(join(root, d));
    const offenders = files.filter((f) => !f.endsWith('clock.ts')).filter((f) => /Date\.now\(|setTimeout\(|setInterval\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
  it('a simulated clock moves only when advanced, firing chained timers in order', async () => {
    const seen = [];
    const h = spawn_handler((m) => { seen.push([m, rt.clock.now()]); if (m < 3) Process.send_after(self(), m + 1, 100); });
    send(h, 0);
    await settle(rt);
    assert.deepEqual(seen, [[0, 0]]);
    await rt.advance(250);
    assert.deepEqual(seen, [[0, 0], [1, 100], [2, 200]]);
    assert.equal(rt.clock.now(), 250);
  });
});
