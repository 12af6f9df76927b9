// A receive predicate is the receiver's code, whoever's send runs it: what it throws and the
// exits it causes end the receiver, never the sender.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, send, receive, self, monitor, exit, Process } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

/** A body waiting in a receive whose predicate runs `act` on the first message. */
function waiter(act) {
  return spawn(async () => {
    await receive(() => { act(); return true; });
    send(rt.main.pid, 'taken');
  });
}

const isDown = (m) => Array.isArray(m) && m[0] === 'DOWN';

describe('an exit inside a receive predicate run by a send', () => {
  for (const [label, act, reason] of [
    ["Process.exit(self(), 'kill')", () => Process.exit(self(), 'kill'), 'killed'],
    ["Process.exit(self(), 'boom')", () => Process.exit(self(), 'boom'), 'boom'],
    ["exit('bye')", () => exit('bye'), 'bye'],
  ]) {
    it(`${label} ends the receiver only; send from main returns normally`, async () => {
      const b = waiter(act);
      await settle(rt);
      const ref = monitor(b);
      assert.equal(send(b, 1), 1);
      await settle(rt);
      const down = await receive(isDown, 1000);
      assert.deepEqual(down, ['DOWN', ref, 'process', b, reason]);
      assert.equal(await receive(0), undefined, 'the receiver never went on');
      assert.equal(Process.alive(self()), true);
      assert.doesNotMatch(rt.logged.join(''), /TypeError|not a function/);
    });
  }

  it('a body whose send ran the predicate goes on untouched', async () => {
    const main = self();
    const b = waiter(() => Process.exit(self(), 'kill'));
    await settle(rt);
    const ref = monitor(b);
    const sender = spawn(async () => {
      let r;
      try { r = send(b, 1); } catch (e) { r = `threw ${e?.message}`; }
      await receive(0);
      send(main, ['sent', r]);
    });
    const senderRef = monitor(sender);
    await settle(rt);
    assert.deepEqual(await receive((m) => m[0] === 'sent', 1000), ['sent', 1]);
    assert.deepEqual(await receive((m) => isDown(m) && m[1] === ref, 1000), ['DOWN', ref, 'process', b, 'killed']);
    assert.deepEqual(await receive((m) => isDown(m) && m[1] === senderRef, 1000), ['DOWN', senderRef, 'process', sender, 'normal']);
    assert.equal(rt.logged.join(''), '', 'nothing crashed');
  });

  it('a predicate that kills its receiver through a link: send returns normally', async () => {
    const b = spawn(async () => {
      const partner = spawn(async () => { await receive(); });
      Process.link(partner);
      await receive(() => { Process.exit(partner, 'kill'); return true; });
      send(rt.main.pid, 'taken');
    });
    await settle(rt);
    const ref = monitor(b);
    assert.equal(send(b, 1), 1);
    await settle(rt);
    assert.deepEqual(await receive(isDown, 1000), ['DOWN', ref, 'process', b, 'killed']);
    assert.equal(await receive(0), undefined);
  });

  it('a predicate that throws ends the receiver with the error, not the sender', async () => {
    const boom = new Error('in the predicate');
    const b = waiter(() => { throw boom; });
    await settle(rt);
    const ref = monitor(b);
    assert.equal(send(b, 1), 1);
    await settle(rt);
    assert.deepEqual(await receive(isDown, 1000), ['DOWN', ref, 'process', b, boom]);
    assert.match(rt.logged.join(''), /Process #PID<[\d.]+> raised an exception\n\*\* \(Error\) in the predicate/);
  });

  it('past the turn budget (a deferred receive), a predicate exit ends the receiver alone', async () => {
    rt = fresh({ budget: 1 });
    const b = waiter(() => Process.exit(self(), 'kill'));
    await settle(rt);
    const ref = monitor(b);
    for (let i = 0; i < 4; i++) send(b, i);
    await settle(rt);
    assert.deepEqual(await receive(isDown, 1000), ['DOWN', ref, 'process', b, 'killed']);
    assert.equal(Process.alive(self()), true);
  });
});

describe('a receive inside a receive predicate', () => {
  const refused = (reason) => reason?.code === 'genrepl.receive_pending' && /already waiting in receive/.test(reason.message);

  it('over messages already queued: refused (the receiver ends with the error), no message taken from under the scan', async () => {
    let release;
    const gate = new Promise((r) => { release = r; });
    const inner = [];
    const b = spawn(async () => {
      await gate;
      await receive((m) => { inner.push(receive()); return m === 'b'; });
    });
    await settle(rt);
    const ref = monitor(b);
    send(b, 'a');
    send(b, 'b');
    release();
    await settle(rt);
    const down = await receive(isDown, 1000);
    assert.equal(down[1], ref);
    assert.ok(refused(down[4]), `refused, got ${down[4]}`);
    assert.equal(inner.length, 0, 'the inner receive never returned');
  });

  it('run by a send: refused in the receiver, and the send returns normally', async () => {
    const b = waiter(() => receive());
    await settle(rt);
    const ref = monitor(b);
    assert.equal(send(b, 1), 1);
    await settle(rt);
    const down = await receive(isDown, 1000);
    assert.equal(down[1], ref);
    assert.ok(refused(down[4]));
  });
});
