// The article's two examples, typed as a user would type them (compare ../shared/reference/iex-article-session.txt).
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { GenServer, sys, send, self, receive, Process, MyKeyStore, ChangingNumber } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('MyKeyStore', () => {
  it('stores and returns keys, as in the article', async () => {
    const [ok, pid] = GenServer.start(MyKeyStore, []);
    assert.equal(ok, 'ok');
    assert.equal(String(pid), '#PID<0.109.0>');
    assert.equal(await GenServer.call(pid, ['get', 'a']), null);
    assert.equal(await GenServer.call(pid, ['put', 'a', 'value']), 'value');
    assert.equal(await GenServer.call(pid, ['get', 'a']), 'value');
    assert.deepEqual(await sys.get_state(pid), new Map([['a', 'value']]));
  });
  it('logs a stray message and keeps running; an unknown call crashes it; then calls fail with noproc', async () => {
    const [, pid] = GenServer.start(MyKeyStore, []);
    await GenServer.call(pid, ['put', 'a', 'value']);
    send(pid, 'hello');
    await settle(rt);
    assert.match(rt.logged[0], /\[error\] MyKeyStore #PID<0\.109\.0> received unexpected message in handle_info\/2: 'hello'/);
    const err = await GenServer.call(pid, 'unknown').catch((e) => e);
    assert.match(err.message, /^exited in: GenServer.call\(#PID<0\.109\.0>, 'unknown', 5000\)\n    \*\* \(EXIT\) an exception was raised:\n        \*\* \(FunctionClauseError\) no function clause matching in MyKeyStore.handle_call\/3/);
    assert.match(rt.logged[1], /GenServer #PID<0\.109\.0> terminating\n\*\* \(FunctionClauseError\) no function clause matching in MyKeyStore\.handle_call\/3\n    .*my-key-store\.js:\d+: MyKeyStore\.handle_call\n/);
    assert.match(rt.logged[1], /Last message \(from #PID<0\.108\.0>\): 'unknown'\nState: new Map\(\[\['a', 'value'\]\]\)\nClient #PID<0\.108\.0> is alive/);
    assert.equal(Process.alive(pid), false);
    const gone = await GenServer.call(pid, ['get', 'a']).catch((e) => e);
    assert.equal(gone.reason, 'noproc');
  });
  it('keeps its state isolated: changing a reply does not change the store', async () => {
    const [, pid] = GenServer.start(MyKeyStore, []);
    await GenServer.call(pid, ['put', 'list', [1, 2]]);
    const got = await GenServer.call(pid, ['get', 'list']);
    got.push(3);
    assert.deepEqual(await GenServer.call(pid, ['get', 'list']), [1, 2]);
  });
});

describe('ChangingNumber', () => {
  it('changes every 100 ms by itself, and answers get with the current number', async () => {
    let r = 0;
    const seq = [0.1647, 0.7504, 0.42];
    const realRandom = Math.random;
    Math.random = () => seq[r++ % seq.length];
    try {
      const [, pid] = GenServer.start(ChangingNumber, []);
      const first = await GenServer.call(pid, 'get');
      assert.equal(first, 1 + Math.floor(0.1647 * 9999));
      assert.equal(await GenServer.call(pid, 'get'), first, 'no time passed: same number');
      assert.equal(Process.info(pid, 'message_queue_len')[1], 0);
      await rt.advance(100);
      assert.equal(await GenServer.call(pid, 'get'), 1 + Math.floor(0.7504 * 9999));
      await rt.advance(100);
      assert.equal(await GenServer.call(pid, 'get'), 1 + Math.floor(0.42 * 9999));
      assert.equal(r, 3);
    } finally {
      Math.random = realRandom;
    }
  });
  it('is independent: a crash elsewhere does not stop it', async () => {
    const [, number] = GenServer.start(ChangingNumber, []);
    const [, store] = GenServer.start(MyKeyStore, []);
    await GenServer.call(store, 'unknown').catch(() => {});
    await rt.advance(300);
    assert.equal(Process.alive(number), true);
    assert.equal(typeof (await GenServer.call(number, 'get')), 'number');
    send(self(), ['hi', 1]);
    assert.deepEqual(await receive(0), ['hi', 1]);
  });
});
