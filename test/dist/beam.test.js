// genrepl's distribution layer against a real BEAM node (`elixir --sname b@localhost`), each
// test file with its own epmd on 127.0.0.1 and its own cookie. Skipped, with the reason, when
// Elixir is not installed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DistNode, binary, bitstring, charlist, float, improperList, list, toList, termEquals, ErlPid, ErlRef, List, names, ensureEpmd } from '../../dist/dist/index.js';
import { beamMissing, cookie as newCookie, startEpmd, startBeam, nextEvent } from '../helpers/beam.js';

const missing = beamMissing();
if (missing) console.log(`# skipping the BEAM distribution tests: ${missing}`);
const BEAM = 'b@localhost';

describe('DistNode with a real BEAM node', { skip: missing ?? false }, () => {
  let epmd, beam, node, cookie;
  const logs = [];
  const ctl = (...msg) => node.send(['ctl', BEAM], msg, me());
  const me = () => node.pid(100);
  const reply = (pred, ms) => nextEvent(node, 'message', (to, msg) => Array.isArray(msg) && pred(msg), ms).then(([, msg]) => msg);

  before(async () => {
    epmd = await startEpmd();
    cookie = newCookie();
    beam = startBeam(BEAM, { epmdPort: epmd.port, cookie, tickTime: 2 }); // ticks every 0.5 s: silence is noticed fast
    node = new DistNode({ name: 'js@localhost', cookie, epmd: { port: epmd.port, start: false }, log: (l) => logs.push(l) });
    await Promise.all([node.start(), beam.ready]);
  });
  after(async () => {
    await node?.stop();
    await beam?.stop();
    epmd?.stop();
  });

  it('registers with epmd (ALIVE2) and finds the BEAM node (PORT_PLEASE2, NAMES)', async () => {
    const all = await names({ port: epmd.port });
    assert.equal(all.get('js'), node.port);
    assert.ok(all.has('b'));
    assert.ok(node.creation > 0);
  });

  it('connects as the initiator; the BEAM lists us as a visible node', async () => {
    const up = nextEvent(node, 'nodeup');
    assert.equal(await node.connect(BEAM), true);
    assert.deepEqual(await up, [BEAM]);
    assert.deepEqual(node.nodes(), [BEAM]);
    ctl('nodes', me());
    const [, connected, visible] = await reply((m) => m[0] === 'nodes');
    assert.ok(connected.includes('js@localhost') && visible.includes('js@localhost'));
  });

  it('an idle connection outlives the BEAM\'s net_ticktime (2 s): its ticks are answered', async () => {
    const downs = [];
    const onDown = (n) => downs.push(n);
    node.on('nodedown', onDown);
    await new Promise((r) => setTimeout(r, 3500));
    node.off('nodedown', onDown);
    assert.deepEqual(downs, []);
    ctl('nodes', me());
    const [, connected] = await reply((m) => m[0] === 'nodes');
    assert.ok(connected.includes('js@localhost'));
  });

  it('accepts a connection the BEAM makes (Node.connect from Elixir), and answers Node.ping', async () => {
    const other = new DistNode({ name: 'acceptor@localhost', cookie, epmd: { port: epmd.port, start: false }, log: (l) => logs.push(l) });
    await other.start();
    try {
      const up = nextEvent(other, 'nodeup');
      ctl('ping', me(), 'acceptor@localhost');
      assert.deepEqual(await reply((m) => m[0] === 'pinged'), ['pinged', 'pong']);
      assert.deepEqual(await up, [BEAM]);
    } finally {
      await other.stop();
    }
  });

  it('a hidden node is connected but not in the BEAM\'s Node.list()', async () => {
    const hidden = new DistNode({ name: 'hidden@localhost', cookie, hidden: true, epmd: { port: epmd.port, start: false }, log: (l) => logs.push(l) });
    await hidden.start();
    try {
      assert.equal(await hidden.connect(BEAM), true);
      ctl('nodes', me());
      const [, connected, visible] = await reply((m) => m[0] === 'nodes');
      assert.ok(connected.includes('hidden@localhost'));
      assert.ok(!visible.includes('hidden@localhost'));
    } finally {
      await hidden.stop();
    }
  });

  it('a wrong cookie is refused in both roles, with one log line naming the node', async () => {
    const bad = new DistNode({ name: 'bad@localhost', cookie: 'not-the-cookie', epmd: { port: epmd.port, start: false }, log: (l) => logs.push(l) });
    await bad.start();
    try {
      logs.length = 0;
      assert.equal(await bad.connect(BEAM), false);
      assert.deepEqual(logs, [`[genrepl] ** Connection to node ${BEAM} failed: it refused our cookie **`]);
      logs.length = 0;
      ctl('ping', me(), 'bad@localhost');
      assert.deepEqual(await reply((m) => m[0] === 'pinged'), ['pinged', 'pang']);
      assert.deepEqual(logs, [`[genrepl] ** Connection attempt from node ${BEAM} rejected: wrong cookie **`]);
      assert.deepEqual(bad.nodes(), []);
    } finally {
      await bad.stop();
    }
  });

  it('echo: every term of the BEAM corpus comes back identical (BEAM → JS → BEAM)', async () => {
    const echo = (to, msg) => {
      if (Array.isArray(msg) && msg[0] === 'corpus') node.send(msg[1], ['echo', msg[2], msg[3]], me());
    };
    node.on('message', echo);
    try {
      ctl('corpus', me(), me());
      const [, count, failures] = await reply((m) => m[0] === 'corpus_result', 20000);
      assert.deepEqual([...failures].map(String), []);
      assert.ok(count >= 80, `corpus of ${count} terms`);
    } finally {
      node.off('message', echo);
    }
  });

  it('echo: terms written in JS come back equal (JS → BEAM → JS)', async () => {
    const corpus = [
      'ok', '', 'héllo ✓', true, null, 0, -1, 2 ** 31, 2n ** 70n, 1.5, float(2), float(-0), binary('héllo'), binary([0, 255]),
      bitstring([0xa0], 3), charlist('abc'), list(), list(1, ['a', list()]), improperList([1, 2], 'x'), ['ok', 1], [],
      { a: 1, b: list(binary('x')) }, new Map([[binary('k'), 1], [list(1), ['t']]]), me(), node.makeRef(),
      toList(Array.from({ length: 1000 }, (_, i) => i)), ['$gen_cast', ['init', { nested: [[[['deep']]]] }]],
    ];
    for (const [i, t] of corpus.entries()) {
      node.send(['echo', BEAM], [me(), ['back', i, t]], me());
      const [, j, back] = await reply((m) => m[0] === 'back' && m[1] === i);
      assert.ok(termEquals(back, t), `term ${j}: ${String(t)}`);
    }
  });

  it('GenServer.call from JS to an Elixir GenServer, with the alias tag OTP 25 uses', async () => {
    const call = async (req) => {
      const alias = node.makeRef();
      const tag = improperList(['alias'], alias);
      const got = nextEvent(node, 'message', (to, msg) => to instanceof ErlRef && termEquals(to, alias));
      node.send(['kv', BEAM], ['$gen_call', [me(), tag], req], me());
      const [, msg] = await got;
      assert.ok(termEquals(msg[0], tag));
      return msg[1];
    };
    assert.equal(await call(['put', 'k', binary('v')]), 'ok');
    assert.equal(String(await call(['get', 'k'])), 'v');
    assert.equal(await call(['get', 'missing']), null);
  });

  it('GenServer.call from Elixir to a JS process registered by name, monitored by the caller', async () => {
    const seen = [];
    const server = (to, msg, from) => {
      if (to !== 'jskv' || !Array.isArray(msg) || msg[0] !== '$gen_call') return;
      const [, [caller, tag], req] = msg;
      seen.push(from);
      assert.ok(caller instanceof ErlPid && tag instanceof List && tag[0] === 'alias', 'OTP 25 callers send an alias tag');
      node.reply(msg[1], ['ok', req, binary('from js')], me());
    };
    node.on('message', server);
    const monitored = nextEvent(node, 'monitor', (from, target) => target === 'jskv');
    try {
      ctl('call', me(), ['jskv', 'js@localhost'], ['hello', 42]);
      const [, result] = await Promise.all([monitored, reply((m) => m[0] === 'call_result')]);
      const [kind, res] = result[1];
      assert.equal(kind, 'ok');
      assert.deepEqual([res[0], res[1]], ['ok', ['hello', 42]]);
      assert.equal(String(res[2]), 'from js');
      assert.ok(seen[0] instanceof ErlPid);
    } finally {
      node.off('message', server);
    }
  });

  it('monitors across nodes: a DOWN both ways', async () => {
    ctl('spawn_victim', me());
    const [, victim] = await reply((m) => m[0] === 'victim');
    const ref = node.makeRef();
    node.monitor(me(), victim, ref);
    const down = nextEvent(node, 'down', (r) => termEquals(r, ref));
    node.send(victim, ['die', 'boom'], me());
    const [, target, watcher, reason] = await down;
    assert.ok(termEquals(target, victim));
    assert.ok(termEquals(watcher, me()));
    assert.equal(reason, 'boom');

    const js = node.pid(200);
    const mon = nextEvent(node, 'monitor', (from, target) => termEquals(target, js));
    ctl('monitor', me(), js);
    const [from, target2, ref2] = await mon;
    node.monitorExit(target2, from, ref2, ['shutdown', binary('bye')]);
    const seen = await reply((m) => m[0] === 'down_seen');
    assert.ok(termEquals(seen[2], js));
    assert.ok(termEquals(seen[3], ['shutdown', binary('bye')]));
  });

  it('unlink (UNLINK_ID): a process that dies after the unlink sends no EXIT', async () => {
    ctl('spawn_victim', me());
    const [, victim] = await reply((m) => m[0] === 'victim');
    const exits = [];
    const onExit = (from) => { if (termEquals(from, victim)) exits.push(from); };
    node.on('exit', onExit);
    node.link(me(), victim);
    node.unlink(me(), victim);
    const ref = node.makeRef();
    node.monitor(me(), victim, ref);
    const down = nextEvent(node, 'down', (r) => termEquals(r, ref));
    node.send(victim, ['die', 'after_unlink'], me());
    await down;
    await new Promise((r) => setTimeout(r, 100));
    node.off('exit', onExit);
    assert.deepEqual(exits, []);
  });

  it('links across nodes: an EXIT both ways', async () => {
    ctl('spawn_victim', me());
    const [, victim] = await reply((m) => m[0] === 'victim');
    node.link(me(), victim);
    const exit = nextEvent(node, 'exit', (from) => termEquals(from, victim));
    node.send(victim, ['die', 'kaboom'], me());
    const [, to, reason] = await exit;
    assert.ok(termEquals(to, me()));
    assert.equal(reason, 'kaboom');

    const js = node.pid(300);
    const linked = nextEvent(node, 'link', (from, to) => termEquals(to, js));
    ctl('link', me(), js);
    const [linker] = await linked;
    node.linkExit(js, linker, 'crashed');
    const seen = await reply((m) => m[0] === 'exit_seen');
    assert.ok(termEquals(seen[1], js));
    assert.equal(seen[2], 'crashed');
  });

  it('when the BEAM node stops: noconnection for links and monitors, then nodedown', async () => {
    ctl('spawn_victim', me());
    const [, victim] = await reply((m) => m[0] === 'victim');
    const ref = node.makeRef();
    node.link(me(), victim);
    node.monitor(me(), victim, ref);
    const exit = nextEvent(node, 'exit', (from) => termEquals(from, victim));
    const down = nextEvent(node, 'down', (r) => termEquals(r, ref));
    const gone = nextEvent(node, 'nodedown');
    ctl('halt');
    assert.equal((await exit)[2], 'noconnection');
    assert.equal((await down)[3], 'noconnection');
    assert.equal((await gone)[0], BEAM);
    assert.deepEqual(node.nodes(), []);
  });
});

describe('ensureEpmd', { skip: missing ?? false }, () => {
  it('starts epmd on 127.0.0.1 when none answers, then finds it running', async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    assert.equal(await ensureEpmd({ port }), 'started');
    assert.equal(await ensureEpmd({ port }), 'running');
    const { spawnSync } = await import('node:child_process');
    spawnSync('epmd', ['-port', String(port), '-kill'], { stdio: 'ignore' });
  });
});
