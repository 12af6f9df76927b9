// The kernel's trace event stream (rt.trace.watch): every kind of event, stamped, filtered by
// target, and the runtime's instance back to its class's methods when no one watches.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { GenServer, Process, Runtime, Supervisor, spawn, spawn_link, send, self, link, unlink, monitor, receive } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

const Counter = {
  name: 'Counter',
  init: (n) => ['ok', n],
  handle_call: (req, _from, n) => (req === 'get' ? ['reply', n, n] : ['reply', 'ok', n + 1]),
  handle_cast: (req, n) => ['noreply', n + req[1]],
  handle_info: (_m, n) => ['noreply', n],
};
const kinds = (events) => events.map((e) => e.kind);
const strip = ({ seq, time, ...rest }) => rest;

describe('rt.trace.watch', () => {
  it('reports a send with sender, receiver and message, stamped with seq and the clock', async () => {
    const events = [];
    const echo = rt.spawn_handler(() => {});
    const off = rt.trace.watch('all', (e) => events.push(e));
    await rt.advance(5);
    send(echo, ['hello', 1]);
    off();
    assert.deepEqual(events.map(strip), [{ kind: 'send', from: self(), to: echo, msg: ['hello', 1] }]);
    assert.equal(events[0].seq, 1);
    assert.equal(events[0].time, 5);
  });

  it('reports a GenServer call with the caller, the request, the reply and the new state', async () => {
    const [, pid] = GenServer.start(Counter, 41);
    const events = [];
    const off = rt.trace.watch(pid, (e) => events.push(e));
    assert.equal(await GenServer.call(pid, 'inc'), 'ok');
    GenServer.cast(pid, ['add', 10]);
    await settle(rt);
    off();
    assert.deepEqual(events.map(strip), [
      { kind: 'call', from: self(), to: pid, request: 'inc' },
      { kind: 'reply', from: pid, to: self(), reply: 'ok' },
      { kind: 'state', pid, state: 42 },
      { kind: 'cast', from: self(), to: pid, request: ['add', 10] },
      { kind: 'state', pid, state: 52 },
    ]);
    assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5]);
  });

  it('reports spawn, link, unlink, monitor, DOWN, exit and crash', async () => {
    const events = [];
    const off = rt.trace.watch('all', (e) => events.push(e));
    const a = spawn(async function worker() { await receive(); });
    link(a);
    unlink(a);
    const ref = monitor(a);
    Process.exit(a, 'bye');
    const b = spawn(function boom() { throw new Error('boom'); });
    await settle(rt);
    off();
    const main = self();
    assert.deepEqual(events.map(strip), [
      { kind: 'spawn', parent: main, child: a, mfa: ['spawn', 'worker', 0] },
      { kind: 'link', from: main, to: a },
      { kind: 'unlink', from: main, to: a },
      { kind: 'monitor', from: main, to: a, ref },
      { kind: 'exit', pid: a, reason: 'bye' },
      { kind: 'down', from: a, to: main, ref, reason: 'bye' },
      { kind: 'spawn', parent: main, child: b, mfa: ['spawn', 'boom', 0] },
      { kind: 'exit', pid: b, reason: events.at(-1).error },
      { kind: 'crash', pid: b, error: events.at(-1).error },
    ]);
    assert.equal(events.at(-1).error.message, 'boom');
  });

  it('reports a fired timer as timer (not as a send from whoever runs), and names', async () => {
    const events = [];
    const h = rt.spawn_handler(() => {});
    const off = rt.trace.watch('all', (e) => events.push(e));
    Process.register(h, 'ticker');
    Process.send_after(h, 'tick', 100);
    await rt.advance(100);
    Process.unregister('ticker');
    off();
    assert.deepEqual(events.map(strip), [
      { kind: 'register', pid: h, name: 'ticker' },
      { kind: 'timer', to: h, msg: 'tick' },
      { kind: 'unregister', pid: h, name: 'ticker' },
    ]);
    assert.equal(events[1].time, 100);
  });

  it('a pid target sees only events about that process; a name target follows the name to a restarted child', async () => {
    const one = rt.spawn_handler(() => {});
    const two = rt.spawn_handler(() => {});
    const mine = [];
    const off = rt.trace.watch(one, (e) => mine.push(e));
    send(one, 'a');
    send(two, 'b');
    off();
    assert.deepEqual(mine.map((e) => e.msg), ['a']);

    Process.flag('trap_exit', true);
    const [, sup] = Supervisor.start_link([{ id: 'c', start: () => GenServer.start_link(Counter, 0, { name: 'c' }) }]);
    const named = [];
    const off2 = rt.trace.watch('c', (e) => named.push(e));
    const first = Process.whereis('c');
    await GenServer.call('c', 'inc');
    Process.exit(first, 'kill');
    await settle(rt);
    const second = Process.whereis('c');
    assert.notEqual(second, first);
    await GenServer.call('c', 'get');
    off2();
    assert.ok(named.some((e) => e.kind === 'exit' && e.pid === first && e.reason === 'killed'));
    assert.ok(named.some((e) => e.kind === 'register' && e.pid === second && e.name === 'c'));
    assert.ok(Process.alive(sup));
    assert.deepEqual(named.filter((e) => e.kind === 'reply').map((e) => [e.from, e.reply]), [[first, 'ok'], [second, 0]]);
    assert.ok(named.some((e) => e.kind === 'state' && e.pid === second), 'the restarted server reports its state too');
  });

  it('costs nothing when off: the instance has no methods of its own, before and after watching', () => {
    const own = () => Object.getOwnPropertyNames(rt).filter((k) => typeof rt[k] === 'function');
    const before = own();
    assert.equal(before.includes('deliver'), false);
    const off = rt.trace.watch('all', () => {});
    assert.equal(rt.trace.on, true);
    assert.ok(own().includes('deliver'));
    off();
    off(); // twice is harmless
    assert.equal(rt.trace.on, false);
    assert.deepEqual(own(), before);
    assert.equal(rt.deliver, Runtime.prototype.deliver);
  });

  it('a throwing sink loses its event; the runtime and other sinks go on', async () => {
    const seen = [];
    const offA = rt.trace.watch('all', () => { throw new Error('bad sink'); });
    const offB = rt.trace.watch('all', (e) => seen.push(e.kind));
    const p = spawn_link(async () => {});
    await settle(rt);
    offA(); offB();
    assert.deepEqual(seen, ['spawn', 'link', 'exit']);
    assert.equal(Process.alive(p), false);
  });

  it('sys.trace and the stream are independent on one server', async () => {
    const [, pid] = GenServer.start(Counter, 0);
    await GenServer.call(pid, 'inc');
    const events = [];
    const off = rt.trace.watch(pid, (e) => events.push(e));
    off();
    await GenServer.call(pid, 'inc');
    assert.deepEqual(events, []);
    assert.deepEqual(rt.logged, []);
  });
});
