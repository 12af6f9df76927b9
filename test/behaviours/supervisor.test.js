import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Supervisor, DynamicSupervisor, GenServer, Process, self, receive, Runtime, SimulatedClock, setRuntime } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt, events;
// Main traps exits: a supervisor that gives up exits with 'shutdown', which would kill a linked main (as in iex).
beforeEach(() => { rt = fresh(); events = []; Process.flag('trap_exit', true); });

/** A worker that records its start and terminate, and crashes on 'crash'. */
const worker = (id, extra = {}) => ({
  id,
  start: () => GenServer.start_link({
    name: id,
    init() { Process.flag('trap_exit', true); events.push(['start', id]); return ['ok', id]; },
    handle_call(r, _f, s) { if (r === 'crash') throw new Error('crash ' + id); return ['reply', s, s]; },
    handle_cast(r, s) { return r === 'exit_normal' ? ['stop', 'normal', s] : ['stop', r, s]; },
    terminate(reason) { events.push(['stop', id, typeof reason === 'string' ? reason : 'error']); },
  }),
  ...extra,
});
const pidOf = async (sup, id) => (await Supervisor.which_children(sup)).find((c) => c[0] === id)[1];
const crash = async (sup, id) => { await GenServer.call(await pidOf(sup, id), 'crash').catch(() => {}); await settle(rt); };

describe('Supervisor.start_link', () => {
  it('starts children in order and lists them newest first, as Elixir does', async () => {
    const [ok, sup] = Supervisor.start_link([worker('a'), worker('b')], { strategy: 'one_for_one' });
    assert.equal(ok, 'ok');
    assert.deepEqual(events, [['start', 'a'], ['start', 'b']]);
    const kids = await Supervisor.which_children(sup);
    assert.deepEqual(kids.map((k) => [k[0], k[2], k[3]]), [['b', 'worker', ['b']], ['a', 'worker', ['a']]]);
    assert.deepEqual(await Supervisor.count_children(sup), { specs: 2, active: 2, supervisors: 0, workers: 2 });
  });
  it('accepts a module and [module, arg]', async () => {
    const Echo = { name: 'Echo', init: (x) => ['ok', x], handle_call: (_r, _f, s) => ['reply', s, s] };
    class Other { init(x) { return ['ok', x * 2]; } handle_call(_r, _f, s) { return ['reply', s, s]; } }
    const [, sup] = Supervisor.start_link([Echo, [Other, 21]]);
    const kids = await Supervisor.which_children(sup);
    assert.deepEqual(await GenServer.call(kids.find((k) => k[0] === 'Echo')[1], 'x'), []);
    assert.equal(await GenServer.call(kids.find((k) => k[0] === 'Other')[1], 'x'), 42);
  });
  it('stops children in reverse order', async () => {
    const [, sup] = Supervisor.start_link([worker('a'), worker('b'), worker('c')]);
    events.length = 0;
    await Supervisor.stop(sup);
    assert.deepEqual(events, [['stop', 'c', 'shutdown'], ['stop', 'b', 'shutdown'], ['stop', 'a', 'shutdown']]);
    assert.equal(rt.count, 1, 'no process left but main');
  });
  it('a child that fails to start fails the supervisor and stops the ones already started', async () => {
    Process.flag('trap_exit', true);
    const bad = { id: 'bad', start: () => ['error', 'nope'] };
    const r = Supervisor.start_link([worker('a'), bad, worker('c')]);
    assert.deepEqual(r, ['error', ['shutdown', ['failed_to_start_child', 'bad', 'nope']]]);
    await settle(rt);
    assert.deepEqual(events, [['start', 'a'], ['stop', 'a', 'shutdown']]);
  });
});

describe('restart strategies', () => {
  it('one_for_one restarts only the crashed child', async () => {
    const [, sup] = Supervisor.start_link([worker('a'), worker('b')], { strategy: 'one_for_one' });
    const [a0, b0] = [await pidOf(sup, 'a'), await pidOf(sup, 'b')];
    await crash(sup, 'a');
    const [a1, b1] = [await pidOf(sup, 'a'), await pidOf(sup, 'b')];
    assert.notEqual(a1, a0);
    assert.equal(b1, b0);
    assert.equal(Process.alive(a1), true);
  });
  it('one_for_all restarts every child, stopping the others in reverse order first', async () => {
    const [, sup] = Supervisor.start_link([worker('a'), worker('b'), worker('c')], { strategy: 'one_for_all' });
    events.length = 0;
    await crash(sup, 'b');
    assert.deepEqual(events, [['stop', 'b', 'error'], ['stop', 'c', 'shutdown'], ['stop', 'a', 'shutdown'], ['start', 'a'], ['start', 'b'], ['start', 'c']]);
  });
  it('rest_for_one restarts the child and the ones started after it', async () => {
    const [, sup] = Supervisor.start_link([worker('a'), worker('b'), worker('c')], { strategy: 'rest_for_one' });
    const a0 = await pidOf(sup, 'a');
    events.length = 0;
    await crash(sup, 'b');
    assert.deepEqual(events, [['stop', 'b', 'error'], ['stop', 'c', 'shutdown'], ['start', 'b'], ['start', 'c']]);
    assert.equal(await pidOf(sup, 'a'), a0);
  });
  it("restart policies: permanent always, transient only abnormal, temporary never (and forgotten)", async () => {
    const [, sup] = Supervisor.start_link([worker('p'), worker('t', { restart: 'transient' }), worker('tmp', { restart: 'temporary' })]);
    for (const id of ['p', 't', 'tmp']) GenServer.cast(await pidOf(sup, id), 'exit_normal');
    await settle(rt);
    const kids = await Supervisor.which_children(sup);
    assert.deepEqual(kids.map((k) => [k[0], k[1] === 'undefined' ? 'undefined' : 'pid']), [['t', 'undefined'], ['p', 'pid']]);
    assert.equal(await Supervisor.restart_child(sup, 't').then((r) => r[0]), 'ok');
    await crash(sup, 't');
    assert.notEqual(await pidOf(sup, 't'), 'undefined');
  });
  it("more than max_restarts in max_seconds stops everything with reason 'shutdown'", async () => {
    const [, sup] = Supervisor.start_link([worker('a'), worker('b')], { max_restarts: 2, max_seconds: 5 });
    const ref = Process.monitor(sup);
    await crash(sup, 'a');
    await crash(sup, 'a');
    assert.equal(Process.alive(sup), true);
    await crash(sup, 'a');
    assert.deepEqual(await receive((m) => m[0] === 'DOWN'), ['DOWN', ref, 'process', sup, 'shutdown']);
    assert.deepEqual(await receive(), ['EXIT', sup, 'shutdown']);
    assert.equal(rt.count, 1);
  });
  it('restarts older than max_seconds do not count', async () => {
    const [, sup] = Supervisor.start_link([worker('a')], { max_restarts: 1, max_seconds: 5 });
    await crash(sup, 'a');
    await rt.advance(5001);
    await crash(sup, 'a');
    assert.equal(Process.alive(sup), true);
  });
});

describe('Supervisor children API', () => {
  it('start_child, terminate_child, restart_child, delete_child return what Elixir returns', async () => {
    const [, sup] = Supervisor.start_link([worker('a')]);
    const a = await pidOf(sup, 'a');
    assert.deepEqual(await Supervisor.start_child(sup, worker('a')), ['error', ['already_started', a]]);
    const [ok, b] = await Supervisor.start_child(sup, worker('b'));
    assert.equal(ok, 'ok');
    assert.equal(Process.alive(b), true);
    assert.equal(await Supervisor.terminate_child(sup, 'b'), 'ok');
    assert.equal(Process.alive(b), false);
    assert.deepEqual(await Supervisor.start_child(sup, worker('b')), ['error', 'already_present']);
    assert.deepEqual(await Supervisor.restart_child(sup, 'a'), ['error', 'running']);
    assert.deepEqual(await Supervisor.delete_child(sup, 'a'), ['error', 'running']);
    assert.equal((await Supervisor.restart_child(sup, 'b'))[0], 'ok');
    await Supervisor.terminate_child(sup, 'b');
    assert.equal(await Supervisor.delete_child(sup, 'b'), 'ok');
    assert.deepEqual(await Supervisor.terminate_child(sup, 'zz'), ['error', 'not_found']);
    assert.deepEqual(await Supervisor.restart_child(sup, 'zz'), ['error', 'not_found']);
  });
  it("shutdown: a trapping child gets 'shutdown' and time to terminate; brutal_kill does not", async () => {
    const [, sup] = Supervisor.start_link([worker('gentle'), worker('brutal', { shutdown: 'brutal_kill' })]);
    events.length = 0;
    await Supervisor.terminate_child(sup, 'brutal');
    await Supervisor.terminate_child(sup, 'gentle');
    assert.deepEqual(events, [['stop', 'gentle', 'shutdown']]);
  });
});

describe('module-based supervisors', () => {
  it('Supervisor.start_link(Module, arg, { name }) runs init(arg) in the supervisor and starts its children', async () => {
    let initSelf;
    const MySup = {
      start_link(arg) { return Supervisor.start_link(this, arg, { name: 'mysup' }); },
      init(arg) { initSelf = self(); return Supervisor.init([worker('w' + arg)], { strategy: 'one_for_all' }); },
    };
    const [tag, [flags, children]] = Supervisor.init([worker('x')]);
    assert.equal(tag, 'ok');
    assert.deepEqual(flags, { strategy: 'one_for_one', max_restarts: 3, max_seconds: 5 });
    assert.equal(children.length, 1);
    const [ok, sup] = MySup.start_link(5);
    assert.equal(ok, 'ok');
    assert.equal(initSelf, sup, 'init ran in the supervisor');
    assert.equal(Process.whereis('mysup'), sup);
    const kids = await Supervisor.which_children('mysup');
    assert.deepEqual(kids.map((k) => k[0]), ['w5']);
    // Nested: a module-based supervisor as a child of another supervisor.
    await Supervisor.stop('mysup');
    const [, top] = Supervisor.start_link([{ id: 'inner', start: () => MySup.start_link(6), type: 'supervisor' }]);
    const [[id, inner, type]] = await Supervisor.which_children(top);
    assert.deepEqual([id, type], ['inner', 'supervisor']);
    assert.deepEqual((await Supervisor.which_children(inner)).map((k) => k[0]), ['w6']);
    await Supervisor.stop(top);
    assert.equal(rt.count, 1, 'the tree stopped whole');
  });
  it("init returning 'ignore' gives 'ignore'; a bad return gives an error", () => {
    assert.equal(Supervisor.start_link({ init: () => 'ignore' }, null), 'ignore');
    const [tag, reason] = Supervisor.start_link({ init: () => 42 }, null);
    assert.equal(tag, 'error');
    assert.deepEqual(reason, ['bad_return', ['anonymous', 'init', 42]]);
  });
});

describe('DynamicSupervisor', () => {
  it('starts children on demand and restarts them one_for_one', async () => {
    const [, sup] = DynamicSupervisor.start_link({ name: 'workers' });
    const [ok, a] = await DynamicSupervisor.start_child('workers', worker('a'));
    assert.equal(ok, 'ok');
    assert.deepEqual(await DynamicSupervisor.which_children(sup), [['undefined', a, 'worker', ['a']]]);
    await GenServer.call(a, 'crash').catch(() => {});
    await settle(rt);
    const [[, a2]] = await DynamicSupervisor.which_children(sup);
    assert.notEqual(a2, a);
    assert.equal(await DynamicSupervisor.terminate_child(sup, a2), 'ok');
    assert.deepEqual(await DynamicSupervisor.terminate_child(sup, a2), ['error', 'not_found']);
    assert.deepEqual(await DynamicSupervisor.count_children(sup), { specs: 0, active: 0, supervisors: 0, workers: 0 });
  });
});

describe('supervisor properties', () => {
  it('random crashes: restarts counted, intensity respected, no orphan processes left', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('one_for_one', 'one_for_all', 'rest_for_one'),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.record({ child: fc.nat(2), wait: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 12 }),
      async (strategy, maxRestarts, crashes) => {
        rt = setRuntime(new Runtime({ clock: new SimulatedClock() }));
        rt.logger.sink = () => {};
        Process.flag('trap_exit', true);
        events = [];
        const ids = ['a', 'b', 'c'];
        const [, sup] = Supervisor.start_link(ids.map((id) => worker(id)), { strategy, max_restarts: maxRestarts, max_seconds: 5 });
        const times = [];
        let alive = true;
        for (const c of crashes) {
          await rt.advance(c.wait);
          if (!alive) break;
          await crash(sup, ids[c.child]);
          const now = rt.clock.now();
          times.push(now);
          const recent = times.filter((t) => now - t <= 5000).length;
          alive = recent <= maxRestarts;
          assert.equal(Process.alive(sup), alive, `after ${times.length} crashes, ${recent} within 5 s`);
          if (alive) {
            const kids = await Supervisor.which_children(sup);
            assert.equal(kids.length, 3);
            for (const k of kids) assert.equal(Process.alive(k[1]), true);
            assert.equal(rt.count, 5, 'main, supervisor and three children');
          }
        }
        if (alive) await Supervisor.stop(sup);
        await settle(rt);
        assert.equal(rt.count, 1, 'no orphans');
        const starts = events.filter((e) => e[0] === 'start').length;
        const stops = events.filter((e) => e[0] === 'stop').length;
        assert.equal(starts, stops, 'every started child was stopped');
      },
    ), { numRuns: 60 });
  });
});

describe("a supervisor's state", () => {
  it('prints in a few lines (no runtime inside it)', async () => {
    const { sys: s, inspect: show, spawn_handler } = await import('../../dist/index.js');
    const [, sup] = Supervisor.start_link([{ id: 'w', start: () => ['ok', spawn_handler(() => {})] }], { strategy: 'one_for_one' });
    const text = show(await s.get_state(sup));
    assert.doesNotMatch(text, /Runtime|clock/);
    assert.ok(text.split('\n').length < 40, text);
  });
});
