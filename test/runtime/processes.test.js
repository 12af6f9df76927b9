import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  spawn, spawn_link, spawn_monitor, spawn_handler, self, send, receive, link, unlink, monitor, demonitor,
  exit, pid, make_ref, Process, Pid, Ref, ArgumentError, ExitSignal, Runtime, inspect,
} from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

describe('spawn', () => {
  it('runs the body in a new process with its own pid', async () => {
    const parent = self();
    const child = spawn(async () => send(parent, ['me', self()]));
    assert.ok(child instanceof Pid);
    assert.notEqual(child, parent);
    assert.deepEqual(await receive(), ['me', child]);
  });
  it('does not run the body before spawn returns', async () => {
    let ran = false;
    spawn(() => { ran = true; });
    assert.equal(ran, false);
    await settle(rt);
    assert.equal(ran, true);
  });
  it('ends with reason normal when the body returns, and with the thrown value when it throws', async () => {
    const [a, ra] = spawn_monitor(async () => 42);
    const err = new Error('boom');
    const [b, rb] = spawn_monitor(async () => { throw err; });
    const downs = [await receive(), await receive()];
    assert.deepEqual(downs.find((d) => d[1] === ra), ['DOWN', ra, 'process', a, 'normal']);
    const db = downs.find((d) => d[1] === rb);
    assert.equal(db[4].message, 'boom');
    assert.equal(Process.alive(a), false);
  });
  it('logs "Process #PID<…> raised an exception" for a throw, and nothing for exit(reason)', async () => {
    const p = spawn(() => { throw new TypeError('bad thing'); });
    spawn(() => exit('custom'));
    await settle(rt);
    assert.equal(rt.logged.length, 1);
    assert.match(rt.logged[0], new RegExp(`\\[error\\] Process ${p.toString().replace(/[.<>#]/g, '\\$&')} raised an exception\\n\\*\\* \\(TypeError\\) bad thing`));
  });
});

describe('spawn_link', () => {
  it('links before the body runs, so a crash reaches the parent', async () => {
    Process.flag('trap_exit', true);
    const child = spawn_link(() => exit('bye'));
    assert.deepEqual(await receive(), ['EXIT', child, 'bye']);
  });
});

describe('spawn_monitor', () => {
  it('returns [pid, ref] and delivers DOWN', async () => {
    const [p, ref] = spawn_monitor(async () => { await receive(); });
    assert.ok(ref instanceof Ref);
    send(p, 'go');
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', p, 'normal']);
  });
});

describe('self', () => {
  it('is the main process outside any process, and the body after awaits', async () => {
    assert.equal(self(), rt.main.pid);
    const parent = self();
    spawn(async () => {
      const before = self();
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      send(parent, before === self());
    });
    assert.equal(await receive(), true);
  });
  it('is the handler process inside a handler', async () => {
    const parent = self();
    const h = spawn_handler(() => { send(parent, self()); });
    send(h, 'x');
    assert.equal(await receive(), h);
  });
});

describe('send', () => {
  it('returns the message', () => {
    assert.deepEqual(send(self(), ['hi', 1]), ['hi', 1]);
  });
  it('drops messages to a dead pid silently', async () => {
    const [p] = spawn_monitor(() => {});
    await receive();
    assert.equal(send(p, 'hi'), 'hi');
  });
  it('throws iex\'s "invalid destination" for an unknown name', () => {
    assert.throws(() => send('nobody', 'hi'), (e) => e instanceof ArgumentError &&
      e.message === "errors were found at the given arguments:\n\n  * 1st argument: invalid destination\n\n    send('nobody', 'hi')");
  });
  it('refuses undefined and names the fix', () => {
    assert.throws(() => send(self(), undefined), /undefined is not a message: send null/);
  });
  it('copies the message: mutating it after sending changes nothing the receiver sees', async () => {
    const msg = { list: [1, 2], map: new Map([['k', { v: 1 }]]) };
    send(self(), msg);
    msg.list.push(3);
    msg.map.get('k').v = 99;
    const got = await receive();
    assert.deepEqual(got.list, [1, 2]);
    assert.equal(got.map.get('k').v, 1);
  });
  it('sends to a registered name', async () => {
    Process.register(self(), 'me');
    send('me', 'by name');
    assert.equal(await receive(), 'by name');
  });
});

describe('receive', () => {
  it('takes the first matching message and keeps the others in order', async () => {
    send(self(), 'a'); send(self(), ['x', 1]); send(self(), 'b'); send(self(), ['x', 2]);
    assert.deepEqual(await receive((m) => Array.isArray(m)), ['x', 1]);
    assert.equal(await receive(), 'a');
    assert.equal(await receive(), 'b');
    assert.deepEqual(await receive(), ['x', 2]);
  });
  it('waits for a matching message that arrives later', async () => {
    const me = self();
    spawn(async () => { send(me, 'noise'); send(me, ['reply', 7]); });
    assert.deepEqual(await receive((m) => m[0] === 'reply'), ['reply', 7]);
    assert.equal(await receive(0), 'noise');
  });
  it('resolves undefined after the timeout, and 0 polls', async () => {
    const p = receive(undefined, 100);
    await rt.advance(100);
    assert.equal(await p, undefined);
    assert.equal(await receive(0), undefined);
    send(self(), 'x');
    assert.equal(await receive(null, 0), 'x');
  });
  it('allows only one pending receive per process', async () => {
    const first = receive();
    assert.throws(() => receive(), /already waiting in receive/);
    send(self(), 'done');
    assert.equal(await first, 'done');
  });
  it('a throwing predicate fails the receive, not the sender', async () => {
    const p = receive(() => { throw new Error('bad match'); });
    const sender = spawn(() => send(rt.main.pid, 'x'));
    await assert.rejects(p, /bad match/);
    await settle(rt);
    assert.equal(Process.alive(sender), false);
    assert.equal(await receive(0), 'x');
  });
});

describe('link and unlink', () => {
  it('an abnormal exit kills linked processes; normal does not', async () => {
    const a = spawn(async () => { await receive(); });
    const b = spawn(async () => { link(a); await receive(); });
    const [, refB] = [null, monitor(b)];
    await settle(rt);
    Process.exit(a, 'crash');
    const down = await receive();
    assert.deepEqual(down, ['DOWN', refB, 'process', b, 'crash']);

    const c = spawn(async () => { await receive(); });
    const d = spawn(async () => { link(c); await receive(); });
    await settle(rt);
    send(c, 'finish');
    await settle(rt);
    assert.equal(Process.alive(c), false);
    assert.equal(Process.alive(d), true);
  });
  it('unlink stops propagation', async () => {
    Process.flag('trap_exit', true);
    const a = spawn_link(async () => { await receive(); throw new Error('x'); });
    unlink(a);
    send(a, 'go');
    await settle(rt);
    assert.equal(await receive(0), undefined);
  });
  it('linking to a dead pid kills the caller with noproc, or tells a trapping caller', async () => {
    const [dead] = spawn_monitor(() => {});
    await receive();
    const [p, ref] = spawn_monitor(() => { link(dead); });
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', p, 'noproc']);
    Process.flag('trap_exit', true);
    link(dead);
    assert.deepEqual(await receive(), ['EXIT', dead, 'noproc']);
  });
});

describe('monitor and demonitor', () => {
  it('delivers DOWN exactly once, and noproc for a dead pid', async () => {
    const p = spawn(async () => { await receive(); });
    const r1 = monitor(p);
    const r2 = monitor(p);
    assert.notEqual(r1, r2);
    send(p, 'stop');
    await settle(rt);
    const msgs = [await receive(0), await receive(0), await receive(0)];
    assert.deepEqual(msgs.filter(Boolean).map((m) => m[1]).sort(), [r1, r2].sort());
    const r3 = monitor(p);
    assert.deepEqual(await receive(0), ['DOWN', r3, 'process', p, 'noproc']);
  });
  it('demonitor stops the DOWN; flush removes one already queued', async () => {
    const p = spawn(async () => { await receive(); });
    const r = monitor(p);
    demonitor(r);
    Process.exit(p, 'kill');
    await settle(rt);
    assert.equal(await receive(0), undefined);
    const q = spawn(async () => { await receive(); });
    const r2 = monitor(q);
    Process.exit(q, 'kill');
    demonitor(r2, ['flush']);
    assert.equal(await receive(0), undefined);
  });
  it("demonitor with ['info'] says whether the monitor was still there, as Erlang's demonitor/2", async () => {
    const p = spawn(async () => { await receive(); });
    const live = monitor(p);
    assert.equal(demonitor(live, ['info']), true);
    const late = monitor(p);
    Process.exit(p, 'kill');
    await settle(rt);
    assert.equal(demonitor(late, ['flush', 'info']), false, 'its DOWN was delivered already');
    assert.equal(await receive(0), undefined, 'and flushed');
    assert.equal(demonitor(late), true);
    assert.throws(() => demonitor(late, ['bogus']), { name: 'ArgumentError' });
  });
});

describe('exit signals', () => {
  it('every monitor fires even when a linked watcher dies in the same cascade', async () => {
    // Found by the property test: b monitors and links a; when a dies, b dies of the link while
    // a's monitors are being walked, and the main process's monitor must still fire.
    const a = spawn(async () => { await receive(); });
    const refMain = monitor(a);
    const b = spawn(async () => { link(a); monitor(a); await receive(); });
    await settle(rt);
    Process.exit(a, 'boom');
    assert.deepEqual(await receive(0), ['DOWN', refMain, 'process', a, 'boom']);
    assert.equal(Process.alive(b), false);
  });
  it("'kill' cannot be trapped and arrives as 'killed'", async () => {
    const p = spawn(async () => { Process.flag('trap_exit', true); await receive(); });
    const ref = monitor(p);
    await settle(rt);
    Process.exit(p, 'kill');
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', p, 'killed']);
  });
  it('trap_exit turns signals into EXIT messages and returns the previous value', async () => {
    assert.equal(Process.flag('trap_exit', true), false);
    assert.equal(Process.flag('trap_exit', true), true);
    Process.exit(self(), 'please');
    assert.deepEqual(await receive(), ['EXIT', self(), 'please']);
    const p = spawn_link(async () => { await receive(); });
    Process.exit(p, 'shutdown');
    assert.deepEqual(await receive(), ['EXIT', p, 'shutdown']);
  });
  it('flag refuses an unknown flag or a non-boolean value', () => {
    assert.throws(() => Process.flag('priority', 'high'), { name: 'ArgumentError', message: /unsupported process flag: 'priority'/ });
    assert.throws(() => Process.flag('trap_exit', 1), ArgumentError);
  });
  it("'normal' sent to another process is ignored", async () => {
    const p = spawn(async () => { await receive(); });
    Process.exit(p, 'normal');
    await settle(rt);
    assert.equal(Process.alive(p), true);
  });
  it('a killed main process is replaced by a new one, and listeners hear of it', async () => {
    const heard = [];
    rt.onMainExit.push((old, reason, now) => heard.push([old, reason, now]));
    const old = self();
    const p = spawn_link(() => exit('boom'));
    await settle(rt);
    assert.equal(heard.length, 1);
    assert.deepEqual(heard[0].slice(0, 2), [old, 'boom']);
    assert.notEqual(self(), old);
    assert.equal(heard[0][2], self());
    assert.equal(Process.alive(p), false);
  });
  it('exit(reason) inside a process ends it with that reason', async () => {
    const [p, ref] = spawn_monitor(() => exit(['shutdown', 'done']));
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', p, ['shutdown', 'done']]);
    assert.throws(() => exit('x'), ExitSignal);
  });
});

describe('Process.send_after, cancel_timer, read_timer', () => {
  it('delivers after the delay on the clock', async () => {
    const t = Process.send_after(self(), 'tick', 100);
    assert.equal(Process.read_timer(t), 100);
    await rt.advance(40);
    assert.equal(Process.read_timer(t), 60);
    assert.equal(await receive(0), undefined);
    await rt.advance(60);
    assert.equal(await receive(0), 'tick');
    assert.equal(Process.read_timer(t), false);
  });
  it('cancel_timer returns the ms left, then false', async () => {
    const t = Process.send_after(self(), 'never', 500);
    await rt.advance(100);
    assert.equal(Process.cancel_timer(t), 400);
    assert.equal(Process.cancel_timer(t), false);
    await rt.advance(1000);
    assert.equal(await receive(0), undefined);
  });
  it('fires timers in deadline order, ties in creation order', async () => {
    Process.send_after(self(), 'c', 30);
    Process.send_after(self(), 'a', 10);
    Process.send_after(self(), 'b1', 20);
    Process.send_after(self(), 'b2', 20);
    await rt.advance(50);
    const got = [];
    for (let m; (m = await receive(0)) !== undefined;) got.push(m);
    assert.deepEqual(got, ['a', 'b1', 'b2', 'c']);
  });
  it('resolves a name when the timer fires, and copies the message', async () => {
    const msg = { n: 1 };
    Process.send_after('later', msg, 10);
    msg.n = 2;
    Process.register(self(), 'later');
    await rt.advance(10);
    assert.deepEqual(await receive(0), { n: 1 });
  });
  it('a timer to a process that died reads as false', async () => {
    const p = spawn(async () => { await receive(); });
    const t = Process.send_after(p, 'x', 100);
    Process.exit(p, 'kill');
    assert.equal(Process.read_timer(t), false);
  });
});

describe('Process.sleep', () => {
  it('resolves after the time passes, leaving messages queued', async () => {
    send(self(), 'queued');
    let done = false;
    const s = Process.sleep(50).then((v) => { done = v; });
    await rt.advance(49);
    assert.equal(done, false);
    await rt.advance(1);
    await s;
    assert.equal(done, 'ok');
    assert.equal(await receive(0), 'queued');
  });
});

describe('Process.register, unregister, whereis, registered', () => {
  it('registers, looks up and frees names', async () => {
    const p = spawn(async () => { await receive(); });
    assert.equal(Process.register(p, 'worker'), true);
    assert.equal(Process.whereis('worker'), p);
    assert.deepEqual(Process.registered(), ['worker']);
    assert.equal(Process.unregister('worker'), true);
    assert.equal(Process.whereis('worker'), null);
    Process.register(p, 'worker');
    Process.exit(p, 'kill');
    assert.equal(Process.whereis('worker'), null);
  });
  it("throws iex's sentence for a taken name, a dead pid, or a second name", async () => {
    const p = spawn(async () => { await receive(); });
    Process.register(p, 'shell');
    const sentence = (who, name) => `could not register ${who} with name '${name}' because it is not alive, the name is already taken, or it has already been given another name`;
    assert.throws(() => Process.register(self(), 'shell'), { name: 'ArgumentError', message: sentence(self(), 'shell') });
    assert.throws(() => Process.register(p, 'other'), { message: sentence(p, 'other') });
    Process.exit(p, 'kill');
    assert.throws(() => Process.register(p, 'fresh'), { message: sentence(p, 'fresh') });
    assert.throws(() => Process.unregister('nope'), /not a registered name/);
  });
});

describe('Process.alive, list, info', () => {
  it('reports Elixir\'s keys for a live process and null for a dead one', async () => {
    const h = spawn_handler(() => {});
    const plain = spawn_handler(() => {});
    Process.register(h, 'h');
    const ref = monitor(h);
    send(h, 'one'); send(h, 'two');
    const before = Process.info(h);
    assert.equal(before.message_queue_len, 2);
    assert.deepEqual(Process.info(h, 'messages'), ['messages', ['one', 'two']]);
    assert.deepEqual(Process.info(h, 'monitored_by'), ['monitored_by', [self()]]);
    // One entry per monitor, as the BEAM lists them: a second monitor from the same process shows twice.
    const ref2 = monitor(h);
    assert.deepEqual(Process.info(h, 'monitored_by'), ['monitored_by', [self(), self()]]);
    demonitor(ref2);
    // Elixir's default keys, in its order; registered_name first, only when registered.
    const keys = ['current_function', 'initial_call', 'status', 'message_queue_len', 'links', 'trap_exit', 'reductions'];
    assert.deepEqual(Object.keys(before), ['registered_name', ...keys]);
    assert.equal(before.registered_name, 'h');
    assert.deepEqual(Object.keys(Process.info(plain)), keys);
    await settle(rt);
    assert.equal(Process.info(h).reductions, 2);
    assert.equal(Process.info(h).status, 'waiting');
    assert.deepEqual(Process.info(h, 'message_queue_len'), ['message_queue_len', 0]);
    assert.deepEqual(Process.info(self(), 'monitors'), ['monitors', [['process', h]]]);
    assert.ok(Process.list().includes(h));
    Process.exit(h, 'kill');
    assert.equal(Process.info(h), null);
    assert.equal(Process.info(h, 'status'), null);
    assert.equal(Process.alive(h), false);
    assert.ok(!Process.list().includes(h));
    assert.equal((await receive())[1], ref);
  });
});

describe('pid', () => {
  it('interns: every spelling gives the same object', async () => {
    const p = spawn(async () => { await receive(); });
    const s = p.toString();
    assert.match(s, /^#PID<0\.\d+\.0>$/);
    const n = p.id;
    assert.equal(pid(0, n, 0), p);
    assert.equal(pid(`0.${n}.0`), p);
    assert.equal(pid(s), p);
    Process.exit(p, 'kill');
    assert.equal(pid(s), p, 'still the same object after death');
    assert.equal(pid('0.99999.0'), pid('#PID<0.99999.0>'));
    assert.throws(() => pid('nonsense'), ArgumentError);
  });
  it('prints as #PID<…> through String and util.inspect; refs as #Reference<…>', async () => {
    const { inspect: nodeInspect } = await import('node:util');
    assert.equal(String(self()), '#PID<0.108.0>');
    assert.equal(nodeInspect({ p: self() }), '{ p: #PID<0.108.0> }');
    assert.match(String(make_ref()), /^#Reference<0\.\d+\.\d+\.\d+>$/);
  });
  it('numbers from the same value in every runtime', () => {
    const a = new Runtime(), b = new Runtime();
    assert.equal(a.main.pid.toString(), '#PID<0.108.0>');
    assert.equal(b.spawn(() => {}).toString(), a.spawn(() => {}).toString());
  });
});

describe('Runtime', () => {
  it('several runtimes are independent', async () => {
    const a = new Runtime(), b = new Runtime();
    const pa = a.spawn_handler(() => {});
    assert.equal(b.alive(pa), true, 'pids are values; aliveness is the owner\'s');
    assert.equal(b.procOf(pa) !== null, true);
    assert.equal(a.count, 2);
    assert.equal(b.count, 1);
    a.register(pa, 'x');
    assert.equal(b.whereis('x'), null);
  });
});

describe('consistency', () => {
  it('Process.info takes a list of items, and an unknown item raises ArgumentError as in Elixir', () => {
    const h = spawn_handler(() => {});
    assert.deepEqual(Process.info(h, ['status', 'links']), [['status', 'waiting'], ['links', []]]);
    assert.throws(() => Process.info(h, 'colour'), (e) => e instanceof ArgumentError && /2nd argument: invalid item or item list/.test(e.message));
    assert.throws(() => Process.info(h, ['status', 'colour']), ArgumentError);
  });

  it('bad arguments to runtime functions give the ArgumentError send gives, never a TypeError', () => {
    const fns = {
      link: () => link(undefined),
      unlink: () => unlink(undefined),
      monitor: () => monitor(undefined),
      demonitor: () => demonitor(undefined),
      'Process.alive': () => Process.alive(undefined),
      'Process.exit': () => Process.exit(undefined, 'kill'),
      'Process.info': () => Process.info(undefined),
      send: () => send(undefined, 'x'),
    };
    for (const [name, f] of Object.entries(fns)) {
      assert.throws(f, (e) => e instanceof ArgumentError && /errors were found at the given arguments:\n\n {2}\* 1st argument: not a/.test(e.message) && e.message.includes('(undefined'), name);
    }
  });

  it('idle() waits until every queued message is handled, however many', async () => {
    let n = 0;
    const h = spawn_handler(() => { n++; });
    for (let i = 0; i < 5_000_000; i++) send(h, i);
    await rt.idle();
    assert.equal(n, 5_000_000);
  });

  it("advance refuses what is not a time: '100', -5, NaN", async () => {
    for (const bad of ['100', -5, NaN]) await assert.rejects(rt.advance(bad), ArgumentError);
  });
});

describe('a script killing its own main process', () => {
  it("Process.exit(self(), 'kill') at a script's top level throws nothing: a new main takes over", async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [new URL('../fixtures/top-level-kill.mjs', import.meta.url).pathname], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.notEqual(out.before, out.after);
    assert.match(r.stderr, /Main process #PID<0\.108\.0> exited with reason: killed/);
  });
});
