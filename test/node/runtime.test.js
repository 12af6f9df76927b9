// Two runtimes in one Node process, each a node of its own (real sockets, an epmd of this test's
// own on 127.0.0.1): the runtime's messages, calls, links, monitors and exit signals across nodes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { Runtime, setRuntime, GenServer, Node, node, Pid, ExitError, sys } from '../../dist/index.js';
import { improperList, List } from '../../dist/dist/index.js';
import { startEpmd, cookie as newCookie } from '../helpers/beam.js';
import { epmdMissing, nodeRuntime, until } from '../helpers/nodes.js';

const missing = epmdMissing();
if (missing) console.log(`# skipping the node tests: ${missing}`);

const A = 'a@127.0.0.1';
const B = 'b@127.0.0.1';
const isMsg = (tag) => (m) => Array.isArray(m) && m[0] === tag;
/** How many socket writes (of every socket of this process) `fn` made. */
async function countWrites(fn) {
  const write = Socket.prototype.write;
  let writes = 0;
  Socket.prototype.write = function (...args) {
    writes++;
    return write.apply(this, args);
  };
  try {
    await fn();
  } finally {
    Socket.prototype.write = write;
  }
  return writes;
}
/** Runs `fn` with `rt` as the runtime of the package's functions (GenServer.call, Node.*). */
const as = (rt, fn) => {
  setRuntime(rt);
  return fn();
};
const Counter = {
  init: (n) => ['ok', n],
  handle_call: (req, from, n) => (req === 'who' ? ['reply', [from.pid, node(from.pid)], n] : ['reply', n, n + 1]),
  handle_cast: (req, n) => ['noreply', n + req],
};

describe('runtimes as nodes', { skip: missing ?? false }, () => {
  let epmd, a, b, cookie;
  before(async () => {
    epmd = await startEpmd();
    cookie = newCookie();
    [a, b] = await Promise.all([nodeRuntime(A, { epmdPort: epmd.port, cookie }), nodeRuntime(B, { epmdPort: epmd.port, cookie })]);
    as(b.rt, () => GenServer.start(Counter, 0, { name: 'counter' }));
  });
  after(async () => {
    await a?.bridge.stop();
    await b?.bridge.stop();
    epmd?.stop();
  });

  it('knows its name and connects (Node.self, connect, list, ping)', async () => {
    assert.equal(a.rt.node(), A);
    assert.equal(as(a.rt, () => Node.self()), A);
    assert.equal(as(a.rt, () => Node.alive()), true);
    assert.equal(await as(a.rt, () => Node.connect(B)), true);
    assert.deepEqual(as(a.rt, () => Node.list()), [B]);
    assert.deepEqual(as(b.rt, () => Node.list()), [A]);
    assert.equal(await as(a.rt, () => Node.ping(B)), 'pong');
    a.logs.length = 0;
    assert.equal(await as(a.rt, () => Node.ping('nobody@127.0.0.1')), 'pang');
    assert.deepEqual(a.logs, []); // as net_adm:ping: nothing printed
    assert.equal(await as(a.rt, () => Node.connect('nobody@127.0.0.1')), false);
    // as the BEAM: a node that cannot be reached is false, a send to it dropped, a call an exit; nothing printed
    a.rt.send(['x', 'nobody@127.0.0.1'], 'dropped');
    await assert.rejects(as(a.rt, () => GenServer.call(['x', 'nobody@127.0.0.1'], 1, 1000)), (e) => {
      assert.deepEqual(e.reason, ['nodedown', 'nobody@127.0.0.1']); // as the BEAM's value; iex's words:
      assert.match(e.message, /\n    \*\* \(EXIT\) no connection to nobody@127\.0\.0\.1$/);
      return true;
    });
    assert.deepEqual(a.logs, []);
  });

  it('a node name with no host is unreachable at once: Node.ping pang, Node.connect false', async () => {
    const hung = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3000).unref())]);
    for (const name of ['nobody', '', '@', 'a@', '@127.0.0.1']) {
      assert.equal(await hung(as(a.rt, () => Node.ping(name))), 'pang', `Node.ping('${name}')`);
      assert.equal(await hung(as(a.rt, () => Node.connect(name))), false, `Node.connect('${name}')`);
    }
  });

  it('sends to a name on a node and to a remote pid; remote pids print with a node number and paste back', async () => {
    const echo = b.rt.spawn_handler((m) => b.rt.send(m[0], ['echo', m[1]]));
    b.rt.register(echo, 'echo');
    a.rt.send(['echo', B], [a.rt.main.pid, improperList([1, 2], 'tail')]);
    const [, back] = await a.rt.receive(isMsg('echo'), 3000);
    assert.ok(back instanceof List);
    assert.deepEqual([...back], [1, 2]);
    assert.equal(back.tail, 'tail');
    // B learns A's pid from a message: a remote pid.
    const seen = b.rt.spawn(async () => {
      const [from] = await b.rt.receive();
      b.rt.send(from, ['you are', from, b.rt.node(from), String(from)]);
    });
    b.rt.register(seen, 'shell_seen');
    a.rt.send(['shell_seen', B], [a.rt.main.pid]);
    const [, me, where, text] = await a.rt.receive(isMsg('you are'), 3000);
    assert.equal(me, a.rt.main.pid);
    assert.equal(where, A);
    assert.match(text, /^#PID<[1-9]\d*\.108\.0>$/);
    // And A prints B's pids as the BEAM does, pasted back as the same pid.
    const remote = await as(a.rt, () => GenServer.call(['counter', B], 'who'));
    assert.equal(remote[0], a.rt.main.pid);
    const p = b.rt.spawn_handler(() => {});
    a.rt.register(a.rt.spawn_handler((m) => a.rt.send(a.rt.main.pid, ['got pid', m])), 'inbox');
    b.rt.send(['inbox', A], p);
    const [, rp] = await a.rt.receive(isMsg('got pid'), 3000);
    assert.ok(rp instanceof Pid);
    assert.notEqual(rp.node, 0);
    assert.equal(String(rp), `#PID<${rp.node}.${p.id}.0>`);
    assert.equal(a.rt.pid(String(rp)), rp);
    assert.equal(a.rt.node(rp), B);
    assert.equal(as(a.rt, () => node(rp)), B);
    a.rt.send(rp, 'to a remote pid');
    await b.rt.idle();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(b.rt.details(p)?.messages ?? b.rt.info(p, 'messages')[1], []); // a handler took it
  });

  it('GenServer.call and cast both ways: by [name, node] and by remote pid', async () => {
    const n0 = await as(a.rt, () => GenServer.call(['counter', B], 'next'));
    assert.equal(as(a.rt, () => GenServer.cast(['counter', B], 10)), 'ok');
    const n1 = await as(a.rt, () => GenServer.call(['counter', B], 'next'));
    assert.equal(n1, n0 + 11);
    // B calls a server on A by its pid, learnt from a message.
    const [, srv] = as(a.rt, () => GenServer.start(Counter, 100));
    a.rt.register(srv, 'counter_a');
    const who = await as(b.rt, () => GenServer.call(['counter_a', A], 'who'));
    assert.equal(who[1], B);
    assert.equal(String(who[0]), String(b.rt.main.pid));
    const inbox = b.rt.spawn(async () => {
      const pid = await b.rt.receive();
      const r = await GenServer.call(pid, 'next');
      b.rt.send(b.rt.main.pid, ['called', r]);
    });
    b.rt.register(inbox, 'inbox_b');
    a.rt.send(['inbox_b', B], srv);
    assert.deepEqual(await b.rt.receive(isMsg('called'), 3000), ['called', 100]);
  });

  it('sys.* and GenServer.stop on a server of the other node, as on the BEAM (system messages over the wire)', async () => {
    const [, srv] = as(b.rt, () => GenServer.start(Counter, 5, { name: 'sys_b' }));
    assert.equal(await as(a.rt, () => sys.get_state(['sys_b', B])), 5);
    assert.equal(await as(a.rt, () => sys.suspend(['sys_b', B])), 'ok');
    const status = await as(a.rt, () => sys.get_status(['sys_b', B]));
    assert.equal(status[0], 'status');
    assert.equal(status[3][1], 'suspended');
    assert.equal(await as(a.rt, () => sys.resume(['sys_b', B])), 'ok');
    assert.equal(await as(a.rt, () => GenServer.call(['sys_b', B], 'next')), 5);
    // a function has no Erlang term: badarg, its reason's lines indented under ** (EXIT) as iex does
    await assert.rejects(as(a.rt, () => sys.replace_state(['sys_b', B], (n) => n + 1)), (e) => {
      assert.equal(e.reason[0], 'badarg');
      const [, exit, ...more] = e.message.split('\n');
      assert.match(exit, /^    \*\* \(EXIT\) /);
      assert.ok(more.length > 0 && more.every((l) => l.startsWith(' '.repeat(8))), e.message);
      return true;
    });
    // by the server's pid, as A knows it
    b.rt.register(b.rt.spawn(async () => { b.rt.send(await b.rt.receive(), srv); }), 'tell_srv');
    a.rt.send(['tell_srv', B], a.rt.main.pid);
    const remoteSrv = await a.rt.receive((m) => m instanceof Pid, 3000);
    assert.equal(await as(a.rt, () => sys.get_state(remoteSrv)), 6);
    assert.equal(await as(a.rt, () => GenServer.stop(remoteSrv, 'normal')), 'ok');
    assert.equal(b.rt.whereis('sys_b'), null);
    await assert.rejects(as(a.rt, () => sys.get_state(remoteSrv)), (e) => e.reason === 'noproc');
    // GenServer.whereis, as Elixir's: a name on another node as it is, one on this node looked up
    assert.deepEqual(as(a.rt, () => GenServer.whereis(['sys_b', B])), ['sys_b', B]);
    assert.equal(as(a.rt, () => GenServer.whereis(remoteSrv)), remoteSrv);
    assert.equal(as(b.rt, () => GenServer.whereis(['counter', B])), b.rt.whereis('counter'));
  });

  it('a process answering each message of a burst in its own turn: the answers go out in a few writes, not one per message', async () => {
    const echo = b.rt.spawn(async () => {
      for (;;) {
        const [from, i] = await b.rt.receive();
        b.rt.send(from, ['back', i]);
      }
    });
    b.rt.register(echo, 'burst_echo');
    a.rt.send(['burst_echo', B], [a.rt.main.pid, -1]); // connected and warm
    await a.rt.receive(isMsg('back'), 3000);
    const writes = await countWrites(async () => {
      for (let i = 0; i < 200; i++) a.rt.send(['burst_echo', B], [a.rt.main.pid, i]);
      for (let i = 0; i < 200; i++) assert.deepEqual(await a.rt.receive(isMsg('back'), 3000), ['back', i]);
    });
    assert.ok(writes < 50, `${writes} writes for 200 messages and their answers`);
    b.rt.exit(echo, 'kill');
  });

  it('a process forwarding a burst from one node to a third: a few writes too', async () => {
    const c = await nodeRuntime('c3@127.0.0.1', { epmdPort: epmd.port, cookie });
    const C = 'c3@127.0.0.1';
    try {
      const sink = c.rt.spawn(async () => {
        let n = 0;
        for (;;) if ((await c.rt.receive())[0] === 'fwd' && ++n === 200) c.rt.send(['burst_done', A], 'all there');
      });
      c.rt.register(sink, 'sink');
      const relay = b.rt.spawn(async () => {
        for (;;) b.rt.send(['sink', C], ['fwd', await b.rt.receive()]);
      });
      b.rt.register(relay, 'relay');
      a.rt.register(a.rt.self(), 'burst_done');
      b.rt.send(['sink', C], ['warm']); // B connected to C
      a.rt.send(['relay', B], 'warm');
      await new Promise((r) => setTimeout(r, 200));
      const writes = await countWrites(async () => {
        for (let i = 0; i < 200; i++) a.rt.send(['relay', B], i);
        assert.equal(await a.rt.receive((m) => m === 'all there', 3000), 'all there');
      });
      assert.ok(writes < 50, `${writes} writes for 200 messages forwarded`);
      b.rt.exit(relay, 'kill');
      a.rt.unregister('burst_done');
    } finally {
      await c.bridge.stop();
    }
  });

  it('what has no Erlang term is refused at send, and fails a call', async () => {
    assert.throws(() => a.rt.send(['counter', B], ['fn', () => 1]), { name: 'ArgumentError', message: /a message to another node must be an Erlang term: a function has no Erlang term/ });
    await assert.rejects(as(a.rt, () => GenServer.call(['counter', B], () => 1)), (e) => e.reason[0] === 'badarg');
    assert.equal(await as(a.rt, () => GenServer.call(['counter', B], 'who')).then((r) => r[1]), A);
  });

  it('a call to a name no one holds on the other node fails as iex says (noproc)', async () => {
    await assert.rejects(as(a.rt, () => GenServer.call(['nobody', B], 'x', 2000)), (e) => {
      assert.ok(e instanceof ExitError);
      assert.equal(e.reason, 'noproc');
      assert.match(e.message, /exited in: GenServer\.call\(\['nobody', 'b@127\.0\.0\.1'\], 'x', 2000\)\n\s+\*\* \(EXIT\) no process/);
      return true;
    });
  });

  it('links across nodes carry exits both ways; Process.exit reaches a remote pid', async () => {
    // A remote process dies: the trapping local one gets ['EXIT', pid, reason].
    const victim = b.rt.spawn(async () => {
      const r = await b.rt.receive();
      b.rt.exit_proc(b.rt.procOf(b.rt.self()), r);
    });
    b.rt.register(victim, 'victim');
    const watcher = a.rt.spawn(async () => {
      a.rt.flag('trap_exit', true);
      const pid = await a.rt.receive();
      a.rt.link(pid);
      a.rt.send(pid, 'boom'); // after the link on the same connection: in order
      a.rt.send(a.rt.main.pid, ['trapped', await a.rt.receive(isMsg('EXIT'))]);
    });
    a.rt.register(watcher, 'watcher');
    b.rt.send(['watcher', A], victim);
    const [, [tag, from, reason]] = await a.rt.receive(isMsg('trapped'), 3000);
    assert.equal(tag, 'EXIT');
    assert.equal(String(from), `#PID<${from.node}.${victim.id}.0>`);
    assert.equal(reason, 'boom');
    // A local process dies: the linked remote one (not trapping) dies with the same reason.
    const far = b.rt.spawn(async () => { await b.rt.receive(() => false); });
    b.rt.register(far, 'far');
    const near = a.rt.spawn(async () => {
      const pid = await a.rt.receive((m) => m instanceof Pid);
      a.rt.link(pid);
      await a.rt.receive((m) => m === 'die');
      throw Object.assign(new Error('near died'), { quiet: true });
    });
    a.rt.logger.sink = () => {};
    a.rt.register(near, 'near');
    b.rt.send(['near', A], far);
    const ref = b.rt.monitor(far);
    a.rt.send(near, 'die');
    const down = await b.rt.receive(isMsg('DOWN'), 3000);
    assert.equal(down[1], ref);
    assert.deepEqual(down[4][0], { __struct__: 'Elixir.RuntimeError', __exception__: true, message: down[4][0].message });
    assert.equal(String(down[4][0].message), 'near died');
    // Process.exit/2 across: 'kill' kills.
    const target = b.rt.spawn(async () => { await b.rt.receive(() => false); });
    b.rt.register(target, 'target');
    const ref2 = b.rt.monitor(target);
    a.rt.register(a.rt.spawn(async () => a.rt.exit(await a.rt.receive(), 'kill')), 'killer');
    b.rt.send(['killer', A], target);
    const down2 = await b.rt.receive((m) => isMsg('DOWN')(m) && m[1] === ref2, 3000);
    assert.equal(down2[4], 'killed');
  });

  it('monitors across nodes: DOWN with the reason, by pid and by [name, node]; demonitor stops it', async () => {
    const t1 = b.rt.spawn(async () => { await b.rt.receive(); });
    b.rt.register(t1, 't1');
    const ref = a.rt.monitor(['t1', B]);
    const ref2 = a.rt.monitor(['t1', B]);
    a.rt.demonitor(ref2);
    a.rt.send(['t1', B], 'go'); // after the monitors on the same connection: in order

    const down = await a.rt.receive(isMsg('DOWN'), 3000);
    assert.deepEqual(down, ['DOWN', ref, 'process', ['t1', B], 'normal']);
    assert.equal(await a.rt.receive(isMsg('DOWN'), 200), undefined);
    const ref3 = a.rt.monitor(['t1', B]);
    assert.deepEqual(await a.rt.receive(isMsg('DOWN'), 3000), ['DOWN', ref3, 'process', ['t1', B], 'noproc']);
  });

  it('a process that exits cancels its monitors and its pending call on the other node; Process.info lists them both sides', async () => {
    const [, silent] = as(b.rt, () => GenServer.start({ init: () => ['ok', 0], handle_call: () => ['noreply', 0] }, 0, { name: 'silent_b' }));
    const t = b.rt.spawn(async () => { await b.rt.receive(() => false); });
    b.rt.register(t, 't_watched');
    const holder = a.rt.spawn(async () => {
      a.rt.monitor(['t_watched', B]);
      a.rt.send(a.rt.main.pid, 'monitoring');
      await GenServer.call(['silent_b', B], 'never answered', Infinity);
    });
    await a.rt.receive((m) => m === 'monitoring', 3000);
    await until(() => b.rt.info(t, 'monitored_by')[1].length === 1 && b.rt.info(silent, 'monitored_by')[1].length === 1);
    const seen = b.rt.info(t, 'monitored_by')[1][0];
    assert.equal(String(seen), `#PID<${seen.node}.${holder.id}.0>`);
    assert.deepEqual(a.rt.info(holder, 'monitors'), ['monitors', [['process', ['t_watched', B]]]]);
    a.rt.exit(holder, 'kill');
    await until(() => b.rt.info(t, 'monitored_by')[1].length === 0 && b.rt.info(silent, 'monitored_by')[1].length === 0);
    // A node's monitors go with its connection. Two monitors from one process are listed twice, as the BEAM lists them.
    a.rt.monitor(['t_watched', B]);
    a.rt.monitor(['t_watched', B]);
    await until(() => b.rt.info(t, 'monitored_by')[1].length === 2);
    as(b.rt, () => Node.disconnect(A));
    await until(() => b.rt.info(t, 'monitored_by')[1].length === 0);
    b.rt.exit(t, 'kill');
    b.rt.exit(silent, 'kill');
  });

  it('when the connection drops: links get noconnection, monitors DOWN noconnection, Node.monitor nodedown, calls nodedown', async () => {
    const c = await nodeRuntime('c@127.0.0.1', { epmdPort: epmd.port, cookie });
    const C = 'c@127.0.0.1';
    as(c.rt, () => GenServer.start({ init: () => ['ok', 0], handle_call: () => ['noreply', 0] }, 0, { name: 'silent' }));
    const holder = c.rt.spawn(async () => { await c.rt.receive(() => false); });
    c.rt.register(holder, 'holder');
    a.rt.register(a.rt.spawn(async () => { const p = await a.rt.receive(); a.rt.link(p); a.rt.send(a.rt.main.pid, 'ok'); await a.rt.receive(() => false); }), 'linker');
    const trapper = a.rt.whereis('linker');
    as(a.rt, () => Node.monitor(C, true));
    const ref = a.rt.monitor(['holder', C]);
    c.rt.send(['linker', A], holder);
    await a.rt.receive((m) => m === 'ok', 3000);
    const call = as(a.rt, () => GenServer.call(['silent', C], 'wait', 5000));
    call.catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    const linkerRef = a.rt.monitor(trapper);
    await c.bridge.stop();
    assert.deepEqual(await a.rt.receive((m) => isMsg('DOWN')(m) && m[1] === ref, 3000), ['DOWN', ref, 'process', ['holder', C], 'noconnection']);
    assert.deepEqual(await a.rt.receive(isMsg('nodedown'), 3000), ['nodedown', C]);
    const linkerDown = await a.rt.receive((m) => isMsg('DOWN')(m) && m[1] === linkerRef, 3000);
    assert.equal(linkerDown[4], 'noconnection');
    await assert.rejects(call, (e) => e.reason[0] === 'nodedown' && e.reason[1] === C);
    // A node that cannot be reached: DOWN noconnection at once, as on the BEAM.
    const far = a.rt.monitor(['x', 'nobody@127.0.0.1']);
    assert.deepEqual(await a.rt.receive((m) => isMsg('DOWN')(m) && m[1] === far, 3000), ['DOWN', far, 'process', ['x', 'nobody@127.0.0.1'], 'noconnection']);
  });

  it('without a node: no name, sends to other nodes dropped, Node.connect ignored, unknown node numbers refused', async () => {
    const rt = new Runtime();
    assert.equal(rt.node(), 'nonode@nohost');
    assert.equal(rt.node(rt.main.pid), 'nonode@nohost');
    assert.deepEqual(rt.send(['x', B], 'hi'), 'hi');
    assert.equal(await as(rt, () => Node.connect(B)), 'ignored');
    assert.equal(await as(rt, () => Node.ping(B)), 'pang');
    assert.deepEqual(as(rt, () => Node.list()), []);
    assert.throws(() => rt.pid('#PID<7.110.0>'), { name: 'ArgumentError', message: /no node is known by the number 7/ });
    await assert.rejects(as(rt, () => GenServer.call(['x', B], 'hi')), (e) => e.reason[0] === 'nodedown');
  });
});
