// A genrepl runtime as a node next to a real BEAM node (`elixir --sname b@localhost`, running
// test/fixtures/beam-peer.exs), with an epmd of this file's own on 127.0.0.1: GenServer.call both
// ways (the BEAM's alias tags included), DOWN and EXIT both ways, and the BEAM node going down.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setRuntime, GenServer, Node, Pid, sys } from '../../dist/index.js';
import { binary } from '../../dist/dist/index.js';
import { beamMissing, cookie as newCookie, startEpmd, startBeam } from '../helpers/beam.js';
import { nodeRuntime, until } from '../helpers/nodes.js';

const missing = beamMissing();
if (missing) console.log(`# skipping the BEAM node tests: ${missing}`);
const A = 'a@localhost';
const BEAM = 'b@localhost';
const isMsg = (tag) => (m) => Array.isArray(m) && m[0] === tag;

describe('a genrepl node with a BEAM node', { skip: missing ?? false }, () => {
  let epmd, beam, a, rt;
  const ctl = (...msg) => rt.send(['ctl', BEAM], msg);
  before(async () => {
    epmd = await startEpmd();
    const cookie = newCookie();
    beam = startBeam(BEAM, { epmdPort: epmd.port, cookie, tickTime: 2 });
    [a] = await Promise.all([nodeRuntime(A, { epmdPort: epmd.port, cookie }), beam.ready]);
    rt = a.rt;
    setRuntime(rt);
    assert.equal(await Node.connect(BEAM), true);
  });
  after(async () => {
    await a?.bridge.stop();
    await beam?.stop();
    epmd?.stop();
  });

  it('calls a BEAM GenServer by [name, node]: OTP shapes without wrappers', async () => {
    assert.equal(await GenServer.call(['kv', BEAM], ['put', 'lang', binary('elixir')]), 'ok');
    const v = await GenServer.call(['kv', BEAM], ['get', 'lang']);
    assert.equal(String(v), 'elixir');
    GenServer.cast(['kv', BEAM], ['put', 'n', 42]);
    assert.equal(await GenServer.call(['kv', BEAM], ['get', 'n']), 42);
    await assert.rejects(GenServer.call(['nobody', BEAM], 'x', 1000), (e) => e.reason === 'noproc' && /no process/.test(e.message));
  });

  it('answers a BEAM GenServer.call (an alias tag) with a genrepl GenServer', async () => {
    const [, srv] = GenServer.start({ init: () => ['ok', 0], handle_call: (req, from, n) => ['reply', ['n', n, req, from.pid instanceof Pid], n + 1] }, null, { name: 'counter' });
    ctl('call', rt.main.pid, ['counter', A], 'next');
    const [, res] = await rt.receive(isMsg('call_result'), 5000);
    assert.deepEqual(res, ['ok', ['n', 0, 'next', true]]);
    // by pid, too
    ctl('call', rt.main.pid, srv, 'again');
    const [, res2] = await rt.receive(isMsg('call_result'), 5000);
    assert.deepEqual(res2, ['ok', ['n', 1, 'again', true]]);
  });

  it('DOWN both ways: the BEAM monitors a genrepl process; genrepl monitors a BEAM process', async () => {
    const p = rt.spawn(async () => { await rt.receive(() => false); });
    ctl('monitor', rt.main.pid, p);
    await rt.receive(isMsg('monitoring'), 5000);
    rt.exit(p, 'bye');
    const [, , obj, reason] = await rt.receive(isMsg('down_seen'), 5000);
    assert.equal(obj, p);
    assert.equal(reason, 'bye');
    ctl('spawn_victim', rt.main.pid);
    const [, victim] = await rt.receive(isMsg('victim'), 5000);
    assert.ok(victim instanceof Pid && victim.node !== 0);
    assert.equal(rt.node(victim), BEAM);
    const ref = rt.monitor(victim);
    rt.send(victim, ['die', 'farewell']);
    assert.deepEqual(await rt.receive(isMsg('DOWN'), 5000), ['DOWN', ref, 'process', victim, 'farewell']);
  });

  it('EXIT both ways: a trapping BEAM process linked to genrepl, a trapping genrepl process linked to the BEAM', async () => {
    const p = rt.spawn(async () => { await rt.receive(() => false); });
    ctl('link', rt.main.pid, p);
    const [, beamPid] = await rt.receive(isMsg('linked'), 5000);
    rt.exit(p, 'shutdown');
    assert.deepEqual(await rt.receive(isMsg('exit_seen'), 5000), ['exit_seen', p, 'shutdown']);
    assert.equal(rt.node(beamPid), BEAM);
    ctl('spawn_victim', rt.main.pid);
    const [, victim] = await rt.receive(isMsg('victim'), 5000);
    rt.spawn(async () => {
      rt.flag('trap_exit', true);
      rt.link(victim);
      rt.send(rt.main.pid, 'linked');
      rt.send(rt.main.pid, ['trapped', await rt.receive(isMsg('EXIT'))]);
    });
    await rt.receive((m) => m === 'linked', 5000);
    await new Promise((r) => setTimeout(r, 100));
    rt.send(victim, ['die', 'gone']);
    assert.deepEqual(await rt.receive(isMsg('trapped'), 5000), ['trapped', ['EXIT', victim, 'gone']]);
  });

  it('sys.* and GenServer.stop on a BEAM GenServer, by pid and by [name, node]: system messages over the wire', async () => {
    ctl('start_kv', rt.main.pid, ['k', 1]);
    const [, kv] = await rt.receive(isMsg('kv'), 5000);
    assert.deepEqual(await sys.get_state(kv), ['k', 1]);
    assert.equal(await sys.suspend(kv), 'ok');
    const status = await sys.get_status(kv);
    assert.deepEqual(status.slice(0, 3), ['status', kv, ['module', 'gen_server']]);
    assert.equal(status[3][1], 'suspended');
    assert.equal(await sys.resume(kv), 'ok');
    assert.equal(await sys.trace(kv, false), 'ok');
    await assert.rejects(sys.replace_state(kv, (s) => s), (e) => e.reason[0] === 'badarg' && /exited in: sys\.replace_state/.test(e.message));
    assert.equal((await sys.get_state(['kv', BEAM])).n, 42); // put by the first test
    const ref = rt.monitor(kv);
    assert.equal(await GenServer.stop(kv, 'shutdown'), 'ok');
    assert.deepEqual(await rt.receive(isMsg('DOWN'), 5000), ['DOWN', ref, 'process', kv, 'shutdown']);
    await assert.rejects(sys.get_state(kv), (e) => e.reason === 'noproc' && /exited in: sys\.get_state\(#PID<\d+\.\d+\.\d+>, 5000\)\n\s+\*\* \(EXIT\) no process/.test(e.message));
    await assert.rejects(GenServer.stop(['nobody', BEAM]), (e) => e.reason === 'noproc');
  });

  it("the BEAM's :sys and GenServer.stop on a genrepl GenServer", async () => {
    const Box = {
      init: (s) => ['ok', s],
      handle_call: (_r, _f, s) => ['reply', s, s],
      terminate: (reason) => rt.send(rt.main.pid, ['terminated', reason]),
    };
    const [, srv] = GenServer.start(Box, ['count', 0], { name: 'sys_target' });
    const beamSys = async (server, what) => {
      ctl('sys', rt.main.pid, server, what);
      return (await rt.receive(isMsg('sys_result'), 5000))[1];
    };
    assert.deepEqual(await beamSys(srv, 'get_state'), ['ok', ['count', 0]]);
    assert.deepEqual(await beamSys(['sys_target', A], 'suspend'), ['ok', 'ok']);
    const [ok, status] = await beamSys(srv, 'get_status');
    assert.equal(ok, 'ok');
    assert.deepEqual(status.slice(0, 3), ['status', srv, ['module', 'gen_server']]);
    assert.equal(status[3][1], 'suspended');
    assert.deepEqual(await beamSys(srv, 'resume'), ['ok', 'ok']);
    assert.deepEqual(await beamSys(srv, ['trace', false]), ['ok', 'ok']);
    const [kind, why] = await beamSys(srv, 'replace_state');
    assert.equal(kind, 'error');
    assert.equal(why[0], 'callback_failed');
    assert.deepEqual(await beamSys(srv, 'get_state'), ['ok', ['count', 0]]);
    ctl('stop', rt.main.pid, ['sys_target', A], 'shutdown');
    assert.deepEqual(await rt.receive(isMsg('terminated'), 5000), ['terminated', 'shutdown']);
    assert.deepEqual(await rt.receive(isMsg('stop_result'), 5000), ['stop_result', ['ok', 'ok']]);
    assert.equal(rt.whereis('sys_target'), null);
  });

  it('a genrepl process that exits takes its monitors and links on the BEAM with it, as a BEAM process does', async () => {
    ctl('spawn_victim', rt.main.pid);
    const [, victim] = await rt.receive(isMsg('victim'), 5000);
    const beamInfo = async (item) => {
      ctl('info', rt.main.pid, victim, item);
      return [...(await rt.receive(isMsg('info'), 5000))[1][1]];
    };
    const holder = rt.spawn(async () => {
      rt.monitor(victim);
      rt.link(victim);
      await rt.receive((m) => m === 'go');
    });
    await until(async () => (await beamInfo('monitored_by')).includes(holder));
    assert.deepEqual(await beamInfo('links'), [holder]);
    // Process.info on this side lists them too
    assert.deepEqual(rt.info(holder, 'monitors'), ['monitors', [['process', victim]]]);
    assert.deepEqual(rt.info(holder, 'links'), ['links', [victim]]);
    ctl('monitor', rt.main.pid, holder);
    await rt.receive(isMsg('monitoring'), 5000);
    await until(() => rt.info(holder, 'monitored_by')[1].length === 1);
    rt.send(holder, 'go'); // it returns: a normal exit
    await rt.receive(isMsg('down_seen'), 5000);
    // DEMONITOR_P took the monitor off the BEAM process, the exit signal the link
    await until(async () => (await beamInfo('monitored_by')).length === 0);
    assert.deepEqual(await beamInfo('links'), []);
    rt.send(victim, ['die', 'normal']);
  });

  it('the BEAM node goes down: DOWN noconnection, EXIT noconnection, nodedown', async () => {
    ctl('spawn_victim', rt.main.pid);
    const [, victim] = await rt.receive(isMsg('victim'), 5000);
    const ref = rt.monitor(victim);
    const linked = rt.spawn(async () => {
      rt.flag('trap_exit', true);
      rt.link(victim);
      rt.send(rt.main.pid, ['trapped', await rt.receive(isMsg('EXIT'))]);
    });
    Node.monitor(BEAM, true);
    await new Promise((r) => setTimeout(r, 100));
    await beam.stop();
    assert.deepEqual(await rt.receive((m) => isMsg('DOWN')(m) && m[1] === ref, 5000), ['DOWN', ref, 'process', victim, 'noconnection']);
    assert.deepEqual(await rt.receive(isMsg('trapped'), 5000), ['trapped', ['EXIT', victim, 'noconnection']]);
    assert.deepEqual(await rt.receive(isMsg('nodedown'), 5000), ['nodedown', BEAM]);
    assert.deepEqual(Node.list(), []);
    assert.ok(linked);
  });
});
