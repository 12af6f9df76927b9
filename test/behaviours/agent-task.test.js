import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, Task, TaskRef, Process, self, receive, send } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('Agent', () => {
  it('start, get, update, get_and_update, cast, stop', async () => {
    const [ok, a] = Agent.start(() => 1);
    assert.equal(ok, 'ok');
    assert.equal(await Agent.get(a, (n) => n * 10), 10);
    assert.equal(await Agent.update(a, (n) => n + 1), 'ok');
    assert.equal(await Agent.get_and_update(a, (n) => [n, n * 3]), 2);
    assert.equal(Agent.cast(a, (n) => n + 1), 'ok');
    assert.equal(await Agent.get(a, (n) => n), 7);
    assert.equal(await Agent.stop(a), 'ok');
    assert.equal(Process.alive(a), false);
  });
  it('start_link links and registers a name; functions run inside the agent', async () => {
    const [, a] = Agent.start_link(() => [], { name: 'list' });
    assert.equal(Process.whereis('list'), a);
    assert.equal(await Agent.get('list', () => self()), a);
    assert.deepEqual(Process.info(a).links, [self()]);
  });
  it('refuses a non-function', () => {
    assert.throws(() => Agent.start(5), /Agent.start expects a function/);
  });
});

describe('Task', () => {
  it('async + await gives the result, from another process', async () => {
    const t = Task.async(async () => [self(), 6 * 7]);
    assert.ok(t instanceof TaskRef);
    const [who, v] = await Task.await(t);
    assert.equal(v, 42);
    assert.equal(who, t.pid);
    assert.equal(t.owner, self());
  });
  it('several tasks can be awaited at once', async () => {
    const ts = [1, 2, 3].map((n) => Task.async(() => n * n));
    assert.deepEqual(await Promise.all(ts.map((t) => Task.await(t))), [1, 4, 9]);
  });
  it('await times out with iex\'s words', async () => {
    const t = Task.async(() => receive());
    const p = Task.await(t, 100).then(() => null, (e) => e);
    await rt.advance(100);
    const e = await p;
    assert.equal(e.reason, 'timeout');
    assert.match(e.message, /^exited in: Task.await\(TaskRef \{ pid: #PID<0\.109\.0>, .*\}, 100\)\n    \*\* \(EXIT\) time out$/);
  });
  it('a crashing task fails await with the reason (the owner trapping exits)', async () => {
    Process.flag('trap_exit', true);
    const t = Task.async(() => { throw new RangeError('bad task'); });
    const e = await Task.await(t).catch((x) => x);
    assert.match(e.message, /\*\* \(EXIT\) an exception was raised:\n        \*\* \(RangeError\) bad task/);
    assert.deepEqual((await receive())[0], 'EXIT');
  });
  it('yield: [ok, v], undefined while running, [exit, reason] after a crash', async () => {
    Process.flag('trap_exit', true);
    assert.deepEqual(await Task.yield(Task.async(() => 'done')), ['ok', 'done']);
    const slow = Task.async(() => receive());
    const y = Task.yield(slow, 50);
    await rt.advance(50);
    assert.equal(await y, undefined);
    const bad = Task.async(() => { throw 'oops'; });
    assert.deepEqual(await Task.yield(bad), ['exit', 'oops']);
  });
  it('shutdown kills a running task; returns its result if it had finished', async () => {
    const t = Task.async(() => receive());
    await settle(rt);
    assert.equal(await Task.shutdown(t), undefined);
    assert.equal(Process.alive(t.pid), false);
    const done = Task.async(() => 'ok!');
    await settle(rt);
    assert.deepEqual(await Task.shutdown(done), ['ok', 'ok!']);
  });
  it('start and start_link run a function for its effects', async () => {
    const me = self();
    const [ok, pid] = Task.start(() => send(me, 'from task'));
    assert.equal(ok, 'ok');
    assert.equal(await receive(), 'from task');
    const [, linked] = Task.start_link(() => receive());
    assert.deepEqual(Process.info(linked).links, [self()]);
    void pid;
  });
});
