// User code the kernel calls runs in the process that owns it, with self() right.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawn_link, link, send, receive, self, GenServer, Process } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('user code runs in its own process', () => {
  it('a receive predicate sees the receiver as self(), whoever sends', async () => {
    const main = self();
    const seen = [];
    const p = spawn(async () => {
      const m = await receive((x) => { seen.push(self()); return x === 'go'; });
      send(main, m);
    });
    await settle(rt);
    send(p, 'skip');
    send(p, 'go');
    assert.equal(await receive(), 'go');
    assert.ok(seen.length >= 2);
    for (const s of seen) assert.equal(s, p);
  });

  it('a predicate waiting past the turn budget still runs as the receiver', async () => {
    rt = fresh({ budget: 1 });
    const main = self();
    const seen = [];
    const p = spawn(async () => {
      await receive((x) => { seen.push(self()); return x === 'b'; });
      send(main, 'done');
    });
    await settle(rt);
    for (let i = 0; i < 5; i++) send(p, 'a');
    send(p, 'b');
    assert.equal(await receive(), 'done');
    for (const s of seen) assert.equal(s, p);
  });

  it("a class module's constructor runs in the new server", async () => {
    let who = null;
    class Counter {
      constructor() { who = self(); }
      init(n) { return ['ok', n]; }
    }
    const [ok, pid] = GenServer.start(Counter, 0);
    assert.equal(ok, 'ok');
    assert.equal(who, pid);
  });

  it("a throwing constructor gives ['error', reason] from start, and the server is gone", async () => {
    const boom = new Error('no');
    class Broken {
      constructor() { throw boom; }
      init(n) { return ['ok', n]; }
    }
    const before = rt.count;
    const r = GenServer.start(Broken, 0);
    assert.deepEqual(r, ['error', boom]);
    assert.equal(rt.count, before);
  });
});

describe('errors that escape a process end that process', () => {
  it('a floating rejection, a throw in a timer, a rejection in an async callback: each ends its process, never Node', async () => {
    const { execFileSync } = await import('node:child_process');
    const fixture = new URL('../fixtures/stray.mjs', import.meta.url);
    const out = JSON.parse(execFileSync(process.execPath, [fixture.pathname], { encoding: 'utf8', timeout: 20000 }));
    assert.equal(out.exit, 'floating', 'the link carries the rejection as the reason');
    assert.equal(out.timer, 'from a timer');
    assert.equal(out.server, 'in a callback');
    assert.deepEqual(out.alive, [false, false, false]);
    assert.deepEqual(out.late, ['normal', 'normal'], 'a body that returned has exited normal: its later error does not change that');
    assert.equal(out.nodeSaw, 0, "Node's unhandledRejection never fires");
    const text = out.logged.join('');
    assert.match(text, /raised an exception\n\*\* \(Error\) floating/);
    assert.match(text, /raised an exception\n\*\* \(Error\) from a timer/);
    assert.match(text, /GenServer #PID<[\d.]+> terminating\n\*\* \(Error\) in a callback/);
    assert.match(text, /Process #PID<0\.112\.0> raised an exception after it had exited with reason: normal\n\*\* \(Error\) after return\n/);
    assert.match(text, /Process #PID<0\.113\.0> raised an exception after it had exited with reason: normal\n\*\* \(Error\) timer after return\n/);
    assert.doesNotMatch(text, /Uncaught|unhandled/i);
  });
});

describe('rejections made before any async context', () => {
  it('a floating rejection from a plain handler, a sync body, init, handle_cast or a timer-started turn ends its process (or, once it has exited, is reported as its own), never Node', async () => {
    const { execFileSync } = await import('node:child_process');
    const fixture = new URL('../fixtures/stray-sync.mjs', import.meta.url);
    const out = JSON.parse(execFileSync(process.execPath, [fixture.pathname], { encoding: 'utf8', timeout: 20000 }));
    assert.equal(out.nodeSaw, 0, "Node's unhandledRejection never fires");
    assert.deepEqual(out.reasons, {
      body: 'normal', // it had returned before Node reported the rejection: its exit stands, the error is reported
      handler: 'in a handler turn',
      srv: 'in handle_cast',
      initSrv: 'in init',
      timed: 'in a turn a timer started',
    });
    assert.deepEqual(out.alive, [false, false, false, false, false]);
    const text = out.logged.join('');
    assert.match(text, /Process #PID<[\d.]+> raised an exception\n\*\* \(Error\) in a handler turn/);
    assert.match(text, /GenServer #PID<[\d.]+> terminating\n\*\* \(Error\) in handle_cast/);
    assert.match(text, /GenServer #PID<[\d.]+> terminating\n\*\* \(Error\) in init/);
    assert.match(text, /Process #PID<[\d.]+> raised an exception after it had exited with reason: normal\n\*\* \(Error\) in a sync body/);
  });
});

describe('a killed process does nothing after an await', () => {
  it('killed in Process.sleep, it never wakes: no send, no spawn_link', async () => {
    const main = self();
    const before = rt.count;
    const p = spawn(async () => {
      await Process.sleep(50);
      send(main, 'woke');
      spawn_link(async () => { await receive(); });
    });
    await settle(rt);
    Process.exit(p, 'kill');
    await rt.advance(100);
    assert.equal(await receive(0), undefined);
    assert.equal(rt.count, before);
  });

  it('killed while awaiting other work, its sends are dropped and spawn_link and link are refused', async () => {
    const main = self();
    const other = spawn(async () => { await receive(); });
    let release;
    const gate = new Promise((r) => { release = r; });
    const outcome = [];
    const p = spawn(async () => {
      await gate;
      send(main, 'after');
      try { spawn_link(async () => {}); outcome.push('spawned'); } catch (e) { outcome.push(e.reason); }
      try { link(other); outcome.push('linked'); } catch (e) { outcome.push(e.reason); }
    });
    await settle(rt);
    const before = rt.count;
    Process.exit(p, 'kill');
    release();
    await settle(rt);
    assert.equal(await receive(0), undefined);
    assert.deepEqual(outcome, ['killed', 'killed']);
    assert.equal(rt.count, before - 1);
    assert.deepEqual(Process.info(other, 'links'), ['links', []]);
  });
});

describe('errors that escape a handler turn', () => {
  it("a handler's floating rejection ends the handler, not the body whose send scheduled its turn", async () => {
    const { execFileSync } = await import('node:child_process');
    const fixture = new URL('../fixtures/stray-owner.mjs', import.meta.url);
    const out = JSON.parse(execFileSync(process.execPath, [fixture.pathname], { encoding: 'utf8', timeout: 20000 }));
    assert.deepEqual(out, { died: 'handler', bodyAlive: true, reason: 'mine' });
  });
});
