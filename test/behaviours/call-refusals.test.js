// The call protocol when copy-on-send refuses a request or a reply, and calls a process makes
// to itself: every call settles (a reply, an exit, or its timeout), never hangs, never fires late.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { GenServer, Agent, sys, self, spawn, monitor, receive, Process, ArgumentError } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

/** A value copy-on-send refuses: a class with #private fields. */
class P { #x = 1; get x() { return this.#x; } }

/** Settles `promise` to 'value …', the rejection's reason, or 'pending' after `ms` of simulated time. */
async function outcome(promise, ms) {
  let r = 'pending';
  promise.then((v) => { r = ['value', v]; }, (e) => { r = ['exit', e.reason ?? e]; });
  await settle(rt);
  await rt.advance(ms);
  await settle(rt);
  return r;
}

const refused = (reason) => reason instanceof ArgumentError && /#private fields/.test(reason.message);

describe('a reply copy-on-send refuses', () => {
  it("from handle_call's return: the server crashes with the ArgumentError (reported), the call fails with it", async () => {
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_call: () => ['reply', new P(), 0] });
    const ref = monitor(g);
    const r = await outcome(GenServer.call(g, 'x', 1000), 0);
    assert.equal(r[0], 'exit');
    assert.ok(refused(r[1]), String(r[1]));
    const down = await receive(0);
    assert.equal(down[1], ref);
    assert.ok(refused(down[4]));
    assert.match(rt.logged.join(''), new RegExp(`GenServer ${String(g).replace(/[.<>#]/g, '\\$&')} terminating\\n\\*\\* \\(ArgumentError\\)`));
  });
  it("from a ['stop', reason, reply, state] return: the same", async () => {
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_call: () => ['stop', 'normal', new P(), 0] });
    const r = await outcome(GenServer.call(g, 'x', 1000), 0);
    assert.ok(refused(r[1]), String(r[1]));
    assert.equal(Process.alive(g), false);
  });
  it('GenServer.reply(from, bad) in handle_call: the server crashes, the call fails with the error', async () => {
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_call: (_r, from) => { GenServer.reply(from, new P()); return ['noreply', 0]; } });
    const r = await outcome(GenServer.call(g, 'x', 1000), 0);
    assert.ok(refused(r[1]), String(r[1]));
  });
  it('GenServer.reply(from, bad) by another process that catches the error: the call times out at its timeout', async () => {
    let caught;
    const [, g] = GenServer.start({
      init: () => ['ok', 0],
      handle_call: (_r, from) => {
        spawn(() => { try { GenServer.reply(from, new P()); } catch (e) { caught = e; } });
        return ['noreply', 0];
      },
    });
    const p = GenServer.call(g, 'x', 500);
    assert.equal(await outcome(p, 499), 'pending');
    assert.ok(caught instanceof ArgumentError);
    await rt.advance(1);
    await settle(rt);
    assert.equal(await p.then(() => null, (e) => e.reason), 'timeout');
    assert.equal(Process.alive(g), true);
  });
  it('Agent.get on a state it cannot copy: the agent crashes, the call fails with the error', async () => {
    const [, a] = Agent.start(() => new P());
    const r = await outcome(Agent.get(a, (s) => s, 1000), 0);
    assert.ok(refused(r[1]), String(r[1]));
    assert.equal(Process.alive(a), false);
  });
  it('sys.get_state on a state it cannot copy: the call fails with the error, the server keeps running', async () => {
    const [, g] = GenServer.start({ init: () => ['ok', new P()], handle_call: (_r, _f, s) => ['reply', s.x, s] });
    const r = await outcome(sys.get_state(g, 1000), 0);
    assert.ok(refused(r[1]), String(r[1]));
    assert.equal(await GenServer.call(g, 'x'), 1);
  });
});

describe('a request copy-on-send refuses', () => {
  it('GenServer.call throws the ArgumentError and leaves no call armed (no late time out, no timer)', async () => {
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_call: (r, _f, s) => ['reply', r, s] });
    const timers = rt.timers.size;
    assert.throws(() => GenServer.call(g, new P(), 100), ArgumentError);
    assert.equal(rt.timers.size, timers);
    await rt.advance(200);
    await settle(rt);
    assert.equal(Process.alive(self()), true);
    assert.equal(await GenServer.call(g, 'still answers', 100), 'still answers');
  });
  it('a process whose call was refused and caught goes on, and is not exited by a late time out', async () => {
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_call: (r, _f, s) => ['reply', r, s] });
    const caller = spawn(async () => {
      try { await GenServer.call(g, [new P()], 100); } catch { /* refused */ }
      await Process.sleep(500);
    });
    const ref = monitor(caller);
    await settle(rt);
    await rt.advance(200);
    await settle(rt);
    assert.equal(Process.alive(caller), true);
    await rt.advance(400);
    await settle(rt);
    const down = await receive(0);
    assert.deepEqual([down[1], down[4]], [ref, 'normal']);
  });
});

describe('a server calling itself', () => {
  it('GenServer.stop(self()) and sys.get_state(self()) in a callback fail at once with calling_self', async () => {
    const errs = {};
    const [, g] = GenServer.start({
      init: () => ['ok', 0],
      async handle_call(req, _f, s) {
        try { await (req === 'stop' ? GenServer.stop(self()) : sys.get_state(self())); } catch (e) { errs[req] = e; }
        return ['reply', req, s];
      },
    });
    assert.deepEqual(await outcome(GenServer.call(g, 'stop', 1000), 0), ['value', 'stop']);
    assert.deepEqual(await outcome(GenServer.call(g, 'state', 1000), 0), ['value', 'state']);
    assert.equal(errs.stop.reason, 'calling_self');
    assert.equal(errs.stop.message, `exited in: GenServer.stop(${g}, 'normal', Infinity)\n    ** (EXIT) process attempted to call itself`);
    assert.equal(errs.state.reason, 'calling_self');
    assert.equal(errs.state.message, `exited in: sys.get_state(${g}, 5000)\n    ** (EXIT) process attempted to call itself`);
    assert.equal(Process.alive(g), true);
  });
});
