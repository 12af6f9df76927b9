import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  GenServer, sys, reply, noreply, stop, self, send, receive, spawn, spawn_monitor, Process, ExitError, ArgumentError, inspect,
} from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

const Counter = {
  name: 'Counter',
  init: (n) => ['ok', n],
  handle_call(req, from, n) {
    switch (req) {
      case 'get': return ['reply', n, n];
      case 'boom': throw new Error('kaboom');
      case 'bad': return 'oops';
      case 'stop4': return ['stop', 'my_reason', 'bye', n];
      case 'stop3': return ['stop', 'my_reason', n];
      case 'later': setImmediate(() => GenServer.reply(from, 'answered later')); return ['noreply', n];
      case 'slow': return ['noreply', n];
      case 'self': return ['reply', self(), n];
    }
  },
  handle_cast(req, n) { return req[0] === 'add' ? ['noreply', n + req[1]] : ['stop', 'cast_stop', n]; },
  handle_info(msg, n) { return msg === 'inc' ? ['noreply', n + 1] : ['noreply', n]; },
};

describe('GenServer.start', () => {
  it("returns ['ok', pid] with init already run, in the new process", async () => {
    let initSelf;
    const [ok, pid] = GenServer.start({ init(a) { initSelf = self(); return ['ok', a]; } }, 5);
    assert.equal(ok, 'ok');
    assert.equal(initSelf, pid);
    assert.notEqual(pid, self());
    assert.equal(await sys.get_state(pid), 5);
  });
  it("init ['stop', reason] gives ['error', reason]; 'ignore' gives 'ignore'; both leave no process", () => {
    const before = Process.list().length;
    assert.deepEqual(GenServer.start({ init: () => ['stop', 'no_way'] }), ['error', 'no_way']);
    assert.equal(GenServer.start({ init: () => 'ignore' }), 'ignore');
    assert.equal(Process.list().length, before);
  });
  it('a bad init return or a throwing init gives an error', () => {
    assert.deepEqual(GenServer.start({ init: () => 42 }), ['error', ['bad_return_value', 42]]);
    const [tag, e] = GenServer.start({ init() { throw new TypeError('nope'); } });
    assert.equal(tag, 'error');
    assert.equal(e.message, 'nope');
  });
  it('refuses an async init and points to handle_continue', () => {
    assert.throws(() => GenServer.start({ async init() { return ['ok', 1]; } }), (e) => e instanceof ArgumentError && /handle_continue/.test(e.message));
    // Refused uncalled: nothing of it runs, not even the part before its first await.
    let ran = false;
    assert.throws(() => GenServer.start({ async init() { ran = true; await null; return ['ok', 1]; } }), ArgumentError);
    assert.equal(ran, false);
  });
  it("registers opts.name; a taken name gives ['error', ['already_started', pid]]", async () => {
    const [, pid] = GenServer.start(Counter, 1, { name: 'counter' });
    assert.equal(Process.whereis('counter'), pid);
    assert.deepEqual(GenServer.start(Counter, 2, { name: 'counter' }), ['error', ['already_started', pid]]);
    assert.equal(await GenServer.call('counter', 'get'), 1);
  });
  it('takes a class (instantiated per server), an instance, or a class with static callbacks', async () => {
    class Box { init(v) { this.calls = 0; return ['ok', v]; } handle_call(_r, _f, s) { this.calls++; return ['reply', [s, this.calls], s]; } }
    class Static { static init(v) { return ['ok', v * 2]; } static handle_call(_r, _f, s) { return ['reply', s, s]; } }
    const [, a] = GenServer.start(Box, 'a');
    const [, b] = GenServer.start(Box, 'b');
    const [, c] = GenServer.start(new Box(), 'c');
    const [, d] = GenServer.start(Static, 21);
    assert.deepEqual(await GenServer.call(a, 'x'), ['a', 1]);
    assert.deepEqual(await GenServer.call(a, 'x'), ['a', 2]);
    assert.deepEqual(await GenServer.call(b, 'x'), ['b', 1]);
    assert.deepEqual(await GenServer.call(c, 'x'), ['c', 1]);
    assert.equal(await GenServer.call(d, 'x'), 42);
  });
});

describe('GenServer.start_link', () => {
  it('links the server to the caller', async () => {
    const [, pid] = GenServer.start_link(Counter, 0);
    assert.deepEqual(Process.info(pid).links, [self()]);
  });
  it("init ['stop', reason] returns the error and then kills a non-trapping caller", async () => {
    const me = self();
    const [caller, ref] = spawn_monitor(async () => { send(me, GenServer.start_link({ init: () => ['stop', 'no_way'] })); await receive(); });
    assert.deepEqual(await receive(), ['error', 'no_way']);
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', caller, 'no_way']);
  });
});

describe('handle_call', () => {
  it("['reply', r, s] answers and keeps the state; a constructor builds the same array", async () => {
    assert.deepEqual(reply(1, 2), ['reply', 1, 2]);
    assert.deepEqual(reply(1, 2, 100), ['reply', 1, 2, 100]);
    assert.deepEqual(noreply(3), ['noreply', 3]);
    assert.deepEqual(stop('normal', 4), ['stop', 'normal', 4]);
    const [, pid] = GenServer.start(Counter, 7);
    assert.equal(await GenServer.call(pid, 'get'), 7);
  });
  it("['noreply', s] then GenServer.reply(from, r) answers later", async () => {
    const [, pid] = GenServer.start(Counter, 0);
    assert.equal(await GenServer.call(pid, 'later'), 'answered later');
  });
  it("['stop', reason, r, s] replies then stops; ['stop', reason, s] fails the caller with the reason", async () => {
    const [, a] = GenServer.start(Counter, 0);
    assert.equal(await GenServer.call(a, 'stop4'), 'bye');
    assert.equal(Process.alive(a), false);
    const [, b] = GenServer.start(Counter, 0);
    await assert.rejects(GenServer.call(b, 'stop3'), (e) => e instanceof ExitError && e.reason === 'my_reason' &&
      e.message === `exited in: GenServer.call(${b}, 'stop3', 5000)\n    ** (EXIT) 'my_reason'`);
  });
  it("any other return ends the server with ['bad_return_value', value]", async () => {
    const [, pid] = GenServer.start(Counter, 0);
    const ref = Process.monitor(pid);
    await assert.rejects(GenServer.call(pid, 'bad'), { message: `exited in: GenServer.call(${pid}, 'bad', 5000)\n    ** (EXIT) bad return value: 'oops'` });
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', pid, ['bad_return_value', 'oops']]);
  });
  it('with no handle_call the server crashes with Elixir\'s sentence', async () => {
    const [, pid] = GenServer.start({ init: () => ['ok', 0] });
    await assert.rejects(GenServer.call(pid, 'x'), (e) => e.message.includes(`** (RuntimeError) attempted to call GenServer ${pid} but no handle_call/3 clause was provided`));
  });
  it('an async handler holds the next message until it settles, and self() stays the server', async () => {
    const order = [];
    const [, pid] = GenServer.start({
      init: () => ['ok', 0],
      async handle_call(req, _f, s) {
        order.push('start ' + req);
        await new Promise((r) => setImmediate(r));
        order.push('end ' + req);
        return ['reply', self(), s];
      },
    });
    const [a, b] = await Promise.all([GenServer.call(pid, 'a'), GenServer.call(pid, 'b')]);
    assert.deepEqual(order, ['start a', 'end a', 'start b', 'end b']);
    assert.equal(a, pid);
    assert.equal(b, pid);
  });
});

describe('handle_cast and handle_info', () => {
  it("['noreply', s] updates the state; ['stop', reason, s] stops", async () => {
    const [, pid] = GenServer.start(Counter, 1);
    assert.equal(GenServer.cast(pid, ['add', 10]), 'ok');
    send(pid, 'inc');
    assert.equal(await GenServer.call(pid, 'get'), 12);
    const ref = Process.monitor(pid);
    GenServer.cast(pid, ['quit']);
    assert.deepEqual(await receive(), ['DOWN', ref, 'process', pid, 'cast_stop']);
  });
  it('cast returns ok to a dead server and to an unknown name', () => {
    const [, pid] = GenServer.start(Counter, 0);
    Process.exit(pid, 'kill');
    assert.equal(GenServer.cast(pid, 'x'), 'ok');
    assert.equal(GenServer.cast('nobody', 'x'), 'ok');
  });
  it('with no handle_info an info message is logged as unexpected and the server keeps running', async () => {
    class MyKeyStore { init() { return ['ok', 1]; } handle_call(_r, _f, s) { return ['reply', s, s]; } }
    const [, pid] = GenServer.start(MyKeyStore, []);
    send(pid, 'hello');
    assert.equal(await GenServer.call(pid, 'get'), 1);
    assert.deepEqual(rt.logged, [`\n[error] MyKeyStore ${pid} received unexpected message in handle_info/2: 'hello'\n`]);
  });
  it('with no handle_cast a cast crashes the server', async () => {
    const [, pid] = GenServer.start({ init: () => ['ok', 0] });
    const ref = Process.monitor(pid);
    GenServer.cast(pid, 'x');
    const down = await receive();
    assert.equal(down[1], ref);
    assert.match(down[4].message, /attempted to cast GenServer .* but no handle_cast\/2 clause was provided/);
  });
});

describe('handle_continue, timeouts, hibernate', () => {
  it("init ['ok', s, ['continue', x]] runs handle_continue before any message, even one init sent itself", async () => {
    const seen = [];
    const [, pid] = GenServer.start({
      init() { send(self(), 'first info'); return ['ok', [], ['continue', 'warm up']]; },
      handle_continue(x, s) { seen.push(['continue', x]); return ['noreply', s]; },
      handle_info(m, s) { seen.push(['info', m]); return ['noreply', s]; },
      handle_call(_r, _f, s) { return ['reply', 'ok', s]; },
    });
    await GenServer.call(pid, 'sync');
    assert.deepEqual(seen, [['continue', 'warm up'], ['info', 'first info']]);
  });
  it('a timeout extra delivers \'timeout\' after that much idle time; a message cancels it', async () => {
    const seen = [];
    const [, pid] = GenServer.start({
      init: () => ['ok', 0, 100],
      handle_info(m, s) { seen.push([m, rt.clock.now()]); return m === 'again' ? ['noreply', s, 50] : ['noreply', s]; },
    });
    await rt.advance(99);
    assert.deepEqual(seen, []);
    send(pid, 'again');
    await settle(rt);
    await rt.advance(50);
    assert.deepEqual(seen, [['again', 99], ['timeout', 149]]);
  });
  it("'hibernate' is accepted and does nothing", async () => {
    const [, pid] = GenServer.start({ init: () => ['ok', 1, 'hibernate'], handle_call: (_r, _f, s) => ['reply', s, s, 'hibernate'] });
    assert.equal(await GenServer.call(pid, 'x'), 1);
    assert.equal(Process.alive(pid), true);
  });
});

describe('terminate', () => {
  it('runs on a stop return and on an exception, not on kill', async () => {
    const seen = [];
    const mod = { init: (n) => ['ok', n], handle_cast(r, s) { if (r === 'boom') throw new Error('x'); return ['stop', 'done', s]; }, terminate(reason, s) { seen.push([reason.message ?? reason, s]); } };
    const [, a] = GenServer.start(mod, 'a');
    const [, b] = GenServer.start(mod, 'b');
    const [, c] = GenServer.start(mod, 'c');
    GenServer.cast(a, 'stop');
    GenServer.cast(b, 'boom');
    Process.exit(c, 'kill');
    await settle(rt);
    assert.deepEqual(seen, [['done', 'a'], ['x', 'b']]);
  });
  it('runs on an exit signal from the parent when trapping exits', async () => {
    const me = self();
    const parent = spawn(async () => {
      GenServer.start_link({ init() { Process.flag('trap_exit', true); return ['ok', 's']; }, terminate(r, s) { send(me, ['terminated', r, s]); } });
      await receive();
    });
    await settle(rt);
    Process.exit(parent, 'shutdown');
    assert.deepEqual(await receive(), ['terminated', 'shutdown', 's']);
  });
});

describe('GenServer.call failures', () => {
  it("to a dead pid: iex's no process text", async () => {
    const [, pid] = GenServer.start(Counter, 0);
    Process.exit(pid, 'kill');
    await assert.rejects(GenServer.call(pid, ['get', 'a']), (e) => e.reason === 'noproc' && e.message ===
      `exited in: GenServer.call(${pid}, ['get', 'a'], 5000)\n    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started`);
    await assert.rejects(GenServer.call('nobody', 'get'), { message: /^exited in: GenServer.call\('nobody', 'get', 5000\)\n    \*\* \(EXIT\) no process/ });
  });
  it('time out, and the late reply is dropped, never left in the mailbox', async () => {
    let from;
    const [, pid] = GenServer.start({ init: () => ['ok', 0], handle_call(_r, f, s) { from = f; return ['noreply', s]; } });
    const p = GenServer.call(pid, 'slow', 1000).then(() => null, (e) => e);
    await settle(rt);
    await rt.advance(999);
    assert.equal(Process.alive(pid), true);
    await rt.advance(1);
    const e = await p;
    assert.equal(e.reason, 'timeout');
    assert.equal(e.message, `exited in: GenServer.call(${pid}, 'slow', 1000)\n    ** (EXIT) time out`);
    GenServer.reply(from, 'too late');
    await settle(rt);
    assert.equal(await receive(0), undefined);
    assert.equal(Process.info(self()).message_queue_len, 0);
  });
  it('on the real clock, a long timeout (its timer made lazily) fires on time, never early', { timeout: 10000 }, async () => {
    const real = fresh({ real: true });
    const [, pid] = GenServer.start({ init: () => ['ok', 0], handle_call: (req, _f, s) => (req === 'slow' ? ['noreply', s] : ['reply', req, s]) });
    for (let i = 0; i < 100; i++) assert.equal(await GenServer.call(pid, i, 1000), i);
    const t0 = performance.now();
    const e = await GenServer.call(pid, 'slow', 1000).then(() => null, (err) => err);
    const waited = performance.now() - t0;
    assert.equal(e?.reason, 'timeout');
    assert.ok(waited >= 1000 && waited < 1500, `timed out after ${waited.toFixed(1)} ms`);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(real.timers.size, 0, 'answered calls leave no timer behind');
  });
  it('an exception in the server: an exception was raised, with the error', async () => {
    const [, pid] = GenServer.start(Counter, 0);
    await assert.rejects(GenServer.call(pid, 'boom'), (e) => e.message.startsWith(`exited in: GenServer.call(${pid}, 'boom', 5000)\n    ** (EXIT) an exception was raised:\n        ** (Error) kaboom`));
  });
  it('calling yourself fails at once with calling_self', async () => {
    let err;
    const [, pid] = GenServer.start({ init: () => ['ok', 0], async handle_cast(_r, s) { try { await GenServer.call(self(), 'x'); } catch (e) { err = e; } return ['noreply', s]; } });
    GenServer.cast(pid, 'go');
    await settle(rt);
    assert.equal(err.reason, 'calling_self');
    assert.equal(err.message, `exited in: GenServer.call(${pid}, 'x', 5000)\n    ** (EXIT) process attempted to call itself`);
  });
});

describe('calls across runtimes', () => {
  it("a call from one runtime to a server in another is answered, and the caller's timer table stays sound", async () => {
    const { Runtime } = await import('../../dist/index.js');
    const other = new Runtime();
    let server;
    await new Promise((resolve) => other.spawn(() => { server = GenServer.start(Counter, 41)[1]; resolve(); }));
    for (let i = 0; i < 3; i++) assert.equal(await GenServer.call(server, 'get'), 41);
    assert.equal(rt.timers.size, 0, 'the call timeouts were cancelled in the caller\'s runtime');
    assert.equal(other.timers.size, 0);
    const late = GenServer.call(server, 'slow', 50).then(() => null, (e) => e.reason);
    await rt.advance(50);
    assert.equal(await late, 'timeout');
  });
});

describe('GenServer.stop and GenServer.whereis', () => {
  it('stop runs terminate, waits for the exit, returns ok', async () => {
    const seen = [];
    const [, pid] = GenServer.start({ init: () => ['ok', 1], terminate(r, s) { seen.push([r, s]); } });
    assert.equal(await GenServer.stop(pid), 'ok');
    assert.deepEqual(seen, [['normal', 1]]);
    assert.equal(Process.alive(pid), false);
    await assert.rejects(GenServer.stop(pid), { message: /^exited in: GenServer.stop\(#PID<[\d.]+>, 'normal', Infinity\)\n    \*\* \(EXIT\) no process/ });
  });
  it('whereis gives a pid for a name, the pid itself for a pid', () => {
    const [, pid] = GenServer.start(Counter, 0, { name: 'c' });
    assert.equal(GenServer.whereis('c'), pid);
    assert.equal(GenServer.whereis(pid), pid);
    assert.equal(GenServer.whereis('none'), null);
  });
});

describe('sys', () => {
  it('get_state, replace_state, get_status', async () => {
    const [, pid] = GenServer.start(Counter, 3);
    assert.equal(await sys.get_state(pid), 3);
    assert.equal(await sys.replace_state(pid, (s) => s * 100), 300);
    assert.equal(await GenServer.call(pid, 'get'), 300);
    const st = await sys.get_status(pid);
    assert.equal(st[0], 'status');
    assert.equal(st[1], pid);
    assert.deepEqual(st[2], ['module', 'gen_server']);
    assert.equal(st[3][1], 'running');
    assert.deepEqual(st[3][4][2], ['data', [['State', 300]]]);
  });
  it('get_state sees earlier casts (it is a message, in order)', async () => {
    const [, pid] = GenServer.start(Counter, 0);
    GenServer.cast(pid, ['add', 5]);
    assert.equal(await sys.get_state(pid), 5);
  });
  it('suspend holds calls and casts (system requests still answered); resume handles them in order', async () => {
    const [, pid] = GenServer.start(Counter, 0);
    await sys.suspend(pid);
    GenServer.cast(pid, ['add', 1]);
    let answered = false;
    const p = GenServer.call(pid, 'get').then((v) => { answered = true; return v; });
    await settle(rt);
    assert.equal(answered, false);
    assert.equal(await sys.get_state(pid), 0);
    assert.equal((await sys.get_status(pid))[3][1], 'suspended');
    // Held messages stay in the mailbox, shown as Elixir's tuples.
    assert.match(inspect(Process.info(pid, 'messages')[1], { width: Infinity }), /^\[\['\$gen_cast', \['add', 1\]\], \['\$gen_call', \[#PID<0\.108\.0>, #Reference<[\d.]+>\], 'get'\]\]$/);
    await sys.resume(pid);
    assert.equal(await p, 1);
  });
  it('trace prints each event in TypeScript syntax', async () => {
    const [, pid] = GenServer.start(Counter, 2, { name: 'counter' });
    await sys.trace(pid, true);
    GenServer.cast(pid, ['add', 1]);
    await GenServer.call(pid, 'get');
    send(pid, 'inc');
    await settle(rt);
    assert.deepEqual(rt.logged.join('').trim().split('\n'), [
      "*DBG* 'counter' got cast ['add', 1]",
      "*DBG* 'counter' new state 3",
      `*DBG* 'counter' got call 'get' from ${self()}`,
      `*DBG* 'counter' sent 3 to ${self()}, new state 3`,
      "*DBG* 'counter' got 'inc'",
      "*DBG* 'counter' new state 4",
    ]);
  });
});

describe('crash reports', () => {
  const report = async (fn) => { rt.logged.length = 0; await fn(); await settle(rt); return rt.logged.join(''); };
  it("a crashing call: iex's layout", async () => {
    const [, pid] = GenServer.start(Counter, 5);
    const text = await report(() => GenServer.call(pid, 'boom').catch(() => {}));
    const lines = text.split('\n');
    assert.equal(lines[1], `[error] GenServer ${pid} terminating`);
    assert.equal(lines[2], '** (Error) kaboom');
    assert.match(lines[3], /^    test\/behaviours\/gen-server\.test\.js:\d+: Object\.handle_call$/);
    assert.ok(lines.includes(`Last message (from ${self()}): 'boom'`));
    assert.ok(lines.includes('State: 5'));
    assert.ok(lines.includes(`Client ${self()} is alive`));
  });
  it('stop reasons and bad returns read ** (stop) …; a named server shows its name; a cast shows $gen_cast', async () => {
    const [, a] = GenServer.start(Counter, 1, { name: 'named' });
    let text = await report(() => GenServer.call('named', 'bad').catch(() => {}));
    assert.match(text, /\[error\] GenServer 'named' terminating\n\*\* \(stop\) bad return value: 'oops'\n/);
    const [, b] = GenServer.start(Counter, 1);
    text = await report(() => GenServer.call(b, 'stop3').catch(() => {}));
    assert.match(text, /\*\* \(stop\) 'my_reason'\n/);
    const [, c] = GenServer.start({ init: () => ['ok', 1], handle_cast() { throw new RangeError('cast went wrong'); } });
    text = await report(() => GenServer.cast(c, ['boom', 1]));
    assert.match(text, /\*\* \(RangeError\) cast went wrong\n/);
    assert.match(text, /Last message: \['\$gen_cast', \['boom', 1\]\]\nState: 1\n/);
    assert.doesNotMatch(text, /Client/);
    void a;
  });
  it('a dead client is reported as dead', async () => {
    const [, pid] = GenServer.start(Counter, 1);
    const client = spawn(() => { GenServer.call(pid, 'boom').catch(() => {}); exit_soon(); });
    function exit_soon() { throw new Error('client gone'); }
    await settle(rt);
    assert.match(rt.logged.join(''), new RegExp(`Client ${String(client).replace(/[.<>#]/g, '\\$&')} is dead`));
  });
  it('normal and shutdown stops are not reported', async () => {
    for (const r of ['normal', 'shutdown', ['shutdown', 'x']]) {
      const [, pid] = GenServer.start({ init: () => ['ok', 0], handle_cast: (_x, s) => ['stop', r, s] });
      GenServer.cast(pid, 'go');
    }
    await settle(rt);
    assert.deepEqual(rt.logged, []);
  });
});

describe('a call or cast received by a plain process', () => {
  it("reads as Elixir's {:\"$gen_call\", from, request} / {:\"$gen_cast\", request}: taken apart, answered with GenServer.reply, turned to JSON", async () => {
    const seen = [];
    const server = spawn(async () => {
      for (;;) {
        const m = await receive();
        const [tag, from, req] = m;
        seen.push([m[0], m.length, JSON.parse(JSON.stringify(m))[0]]);
        if (tag === '$gen_call') GenServer.reply(from, ['got', req]);
        else seen.push(['cast', m[1]]);
      }
    });
    assert.deepEqual(await GenServer.call(server, 'hi'), ['got', 'hi']);
    GenServer.cast(server, 'c');
    await settle(rt);
    assert.deepEqual(seen, [['$gen_call', 3, '$gen_call'], ['$gen_cast', 2, '$gen_cast'], ['cast', 'c']]);
  });
});
