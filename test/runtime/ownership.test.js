// User code the kernel calls runs in the process that owns it, with self() right.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, send, receive, self, GenServer } from '../../dist/index.js';
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
