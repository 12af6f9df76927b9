// Two DistNodes in one process over loopback, with their own epmd: simultaneous connects,
// auto-connect on send, ticks, silence, disconnect. Skipped when epmd is not installed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DistNode, Handshake, ourFlags, binary, termEquals, portPlease } from '../../dist/dist/index.js';
import { startEpmd, nextEvent } from '../helpers/beam.js';

const noEpmd = spawnSync('epmd', ['-help'], { stdio: 'ignore' }).error ? 'epmd not found: install Erlang (apt-get install -y elixir)' : false;

describe('DistNode between two genrepl nodes', { skip: noEpmd }, () => {
  let epmd;
  const logs = [];
  const made = [];
  const mk = async (name, extra = {}) => {
    const n = new DistNode({ name, cookie: 'cookie', epmd: { port: epmd.port, start: false }, log: (l) => logs.push(l), ...extra });
    made.push(n);
    return n.start();
  };
  before(async () => { epmd = await startEpmd(); });
  after(async () => { for (const n of made) await n.stop(); epmd.stop(); });

  it('simultaneous connects end in one connection each way, whichever name is greater (5 rounds)', async () => {
    for (let i = 0; i < 5; i++) {
      const [a, b] = [await mk(`sa${i}@localhost`), await mk(`sb${i}@localhost`)];
      const ups = { a: 0, b: 0 };
      a.on('nodeup', () => ups.a++);
      b.on('nodeup', () => ups.b++);
      assert.deepEqual(await Promise.all([a.connect(b.name), b.connect(a.name)]), [true, true]);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual([a.nodes(), b.nodes(), ups], [[b.name], [a.name], { a: 1, b: 1 }]);
      const got = nextEvent(b, 'message');
      a.send(['box', b.name], ['hi', i], a.pid(1));
      const [to, msg] = await got;
      assert.equal(to, 'box');
      assert.deepEqual(msg, ['hi', i]);
    }
  });

  it('send to an unconnected node connects first and keeps the order of the waiting messages', async () => {
    const [a, b] = [await mk('qa@localhost'), await mk('qb@localhost')];
    const got = [];
    b.on('message', (to, msg) => got.push(msg[1]));
    for (let i = 0; i < 50; i++) a.send(['box', b.name], ['n', i, binary('x')], a.pid(1));
    await nextEvent(b, 'message', (to, msg) => msg[1] === 49);
    assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => i));
  });

  it('a message with no Erlang term to a node not connected yet is refused at once, as on a connection', async () => {
    const [a, b] = [await mk('ua@localhost'), await mk('ub@localhost')];
    const got = [];
    b.on('message', (to, msg) => got.push(msg));
    assert.throws(() => a.send(['box', b.name], ['f', () => 1], a.pid(1)), { name: 'EtfEncodeError' });
    a.send(['box', b.name], 'after', a.pid(1));
    assert.equal(await a.connect(b.name), true);
    await nextEvent(b, 'message');
    assert.deepEqual(got, ['after']);
  });

  it('an idle connection stays up on ticks; disconnect brings nodedown on both sides', async () => {
    const [a, b] = [await mk('ta@localhost', { tickTime: 200 }), await mk('tb@localhost', { tickTime: 200 })];
    const downs = [];
    a.on('nodedown', (n, r) => downs.push(['a', n, r]));
    b.on('nodedown', (n, r) => downs.push(['b', n, r]));
    assert.equal(await a.connect(b.name), true);
    const written = () => a.peers.get(b.name).conn.socket.bytesWritten + b.peers.get(a.name).conn.socket.bytesWritten;
    const before = written();
    await new Promise((r) => setTimeout(r, 1000)); // five tick times of silence from the users
    assert.deepEqual(downs, []);
    // ticks every 50 ms at most, each side, answers included: no tick storm between two genrepl nodes
    assert.ok(written() - before <= 2 * 2 * 4 * 21, `${written() - before} bytes of ticks in 1 s`);
    assert.ok(written() - before >= 4 * 4, 'ticks went out');
    const down = nextEvent(b, 'nodedown');
    assert.equal(a.disconnect(b.name), true);
    await down;
    assert.deepEqual(downs.map((d) => d.slice(0, 2)).sort(), [['a', b.name], ['b', a.name]]);
  });

  it('a peer that goes silent is dropped after the tick time (net_tick_timeout)', async () => {
    const a = await mk('silent-a@localhost', { tickTime: 200 });
    const down = nextEvent(a, 'nodedown', () => true, 3000);
    const s = connect({ host: '127.0.0.1', port: a.port });
    const hs = new Handshake('initiator', { name: 'mute@h', cookie: 'cookie', flags: ourFlags(false), creation: 1 }, a.name);
    s.on('connect', () => s.write(hs.start()));
    s.on('data', (d) => { if (!hs.done) for (const o of hs.feed(d)) s.write(o); });
    const [node, reason] = await down;
    s.destroy();
    assert.deepEqual([node, reason], ['mute@h', 'net_tick_timeout']);
    assert.ok(logs.includes('[genrepl] connection to mute@h closed: net_tick_timeout'));
  });

  it('connect to a name no epmd knows, or to an unknown host, resolves false and writes nothing (as the BEAM)', async () => {
    const a = await mk('lonely@localhost');
    logs.length = 0;
    assert.equal(await a.connect('nobody@localhost'), false);
    assert.equal(await a.connect('nobody@nohost.invalid'), false);
    a.send(['box', 'nobody@localhost'], 'dropped', a.pid(1));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(logs, []);
  });

  it('network failures read without Node error codes (an unknown host, a busy address)', async () => {
    const unknown = await portPlease('x', 'nohost.invalid', { timeout: 3000 }).catch((e) => e);
    assert.equal(unknown.message, 'epmd at nohost.invalid:4369: unknown host');
    const taken = await new DistNode({ name: 'busy@localhost', cookie: 'c', listen: '192.0.2.1', epmd: { port: epmd.port, start: false } }).start().catch((e) => e);
    assert.equal(taken.message, 'cannot listen on 192.0.2.1: address not available');
  });

  it('a name with no host fails at once: connect false, a monitor through it ends with noconnection', async () => {
    const a = await mk('hostless@localhost');
    const hung = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3000).unref())]);
    for (const name of ['nobody', '', '@', 'a@']) {
      assert.equal(await hung(a.connect(name)), false, `connect('${name}')`);
      assert.equal(await hung(a.connect(name, true)), false, `quiet connect('${name}')`);
    }
    const ref = a.makeRef();
    const down = hung(nextEvent(a, 'down'));
    a.monitor(a.pid(1), ['x', 'nobody'], ref);
    const [gotRef, , watcher, reason] = await down;
    assert.ok(termEquals(gotRef, ref) && termEquals(watcher, a.pid(1)));
    assert.equal(reason, 'noconnection');
  });

  it('a quiet connect (Node.ping) that fails writes no log line: no such node, or a cookie refused', async () => {
    const a = await mk('pinger@localhost');
    const b = await mk('other@localhost', { cookie: 'not the same' });
    logs.length = 0;
    assert.equal(await a.connect('nobody@localhost', true), false);
    assert.deepEqual(logs, []);
    assert.equal(await a.connect(b.name, true), false);
    // only the refusing side says so, as a BEAM node does
    assert.deepEqual(logs, ['[genrepl] ** Connection attempt from node pinger@localhost rejected: wrong cookie **']);
  });

  it('a genrepl node in another OS process: echo, then kill it: noconnection for the link and monitor, nodedown', async () => {
    const a = await mk('host@localhost');
    const child = spawn(process.execPath, [fileURLToPath(new URL('../fixtures/js-peer.mjs', import.meta.url)), 'child@localhost', 'cookie', String(epmd.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => child.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); }));
      const me = a.pid(1);
      const got = nextEvent(a, 'message', (to) => termEquals(to, me));
      a.send(['echo', 'child@localhost'], [me, ['hi', binary('there')]], me);
      const [, msg, from] = await got;
      assert.ok(termEquals(msg, ['hi', binary('there')]));
      const ref = a.makeRef();
      a.link(me, from);
      a.monitor(me, from, ref);
      const exit = nextEvent(a, 'exit');
      const down = nextEvent(a, 'down');
      const gone = nextEvent(a, 'nodedown');
      child.kill('SIGKILL');
      assert.equal((await exit)[2], 'noconnection');
      assert.equal((await down)[3], 'noconnection');
      assert.equal((await gone)[0], 'child@localhost');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('pids and refs made by a node are local to it and travel intact', async () => {
    const [a, b] = [await mk('pa@localhost'), await mk('pb@localhost')];
    const p = a.pid(7), r = a.makeRef();
    assert.ok(a.isLocal(p) && !b.isLocal(p));
    const got = nextEvent(b, 'message');
    a.send(['box', b.name], [p, r], p);
    const [, msg, from] = await got;
    assert.ok(termEquals(msg, [p, r]) && termEquals(from, p));
    assert.ok(a.isLocal(msg[0]) && a.isLocal(msg[1]));
  });
});
