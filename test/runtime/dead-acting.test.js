// A process killed while it awaited other work (not a kernel promise) resumes, but, as on the
// BEAM, a dead process does nothing: no exit signal, no cast, no timer, no new process.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawn_handler, receive, self, send, GenServer, Agent, Process, ArgumentError } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh(); });

/** Spawns a body that awaits a gate, kills it there, opens the gate: `act` runs as the dead process. */
async function asDead(act) {
  let release;
  const gate = new Promise((r) => { release = r; });
  const outcome = [];
  const p = spawn(async () => {
    await gate;
    act(outcome);
  });
  await settle(rt);
  Process.exit(p, 'kill');
  await settle(rt);
  release();
  await settle(rt);
  return outcome;
}

const attempt = (outcome, what, fn) => {
  try { fn(); outcome.push(`${what} done`); } catch (e) { outcome.push(`${what} refused: ${e.reason}`); }
};

describe('a killed process resuming does nothing', () => {
  it('Process.exit(other, kill) is refused: other lives', async () => {
    const other = spawn(async () => { await receive(); });
    const outcome = await asDead((o) => attempt(o, 'exit', () => Process.exit(other, 'kill')));
    assert.deepEqual(outcome, ['exit refused: killed']);
    assert.equal(Process.alive(other), true);
  });
  it('GenServer.cast and Agent.cast are dropped', async () => {
    const main = self();
    const [, g] = GenServer.start({ init: () => ['ok', 0], handle_cast: (r, s) => { send(main, ['got', r]); return ['noreply', s]; } });
    const [, a] = Agent.start(() => 0);
    await asDead(() => { GenServer.cast(g, 'from the dead'); Agent.cast(a, () => 99); });
    assert.equal(await receive(0), undefined);
    assert.equal(await Agent.get(a, (n) => n), 0);
  });
  it('Process.send_after is refused: nothing arrives when it would have fired', async () => {
    const main = self();
    const outcome = await asDead((o) => attempt(o, 'send_after', () => Process.send_after(main, 'late', 10)));
    assert.deepEqual(outcome, ['send_after refused: killed']);
    await rt.advance(20);
    assert.equal(await receive(0), undefined);
  });
  it('spawn, spawn_handler, GenServer.start and Agent.start start nothing', async () => {
    const before = Process.list().length;
    const outcome = await asDead((o) => {
      attempt(o, 'spawn', () => spawn(async () => { await receive(); }));
      attempt(o, 'spawn_handler', () => spawn_handler(() => {}));
      attempt(o, 'GenServer.start', () => GenServer.start({ init: () => ['ok', 0] }));
      attempt(o, 'Agent.start', () => Agent.start(() => 0));
    });
    assert.deepEqual(outcome, ['spawn refused: killed', 'spawn_handler refused: killed', 'GenServer.start refused: killed', 'Agent.start refused: killed']);
    assert.equal(Process.list().length, before);
  });
});

describe('spawn_handler arguments', () => {
  it('refuses anything but a function or an object with a handle method, at spawn', () => {
    const before = Process.list().length;
    for (const bad of [undefined, 5, {}, null, 'x', { handle: 1 }]) {
      assert.throws(() => spawn_handler(bad), (e) => e instanceof ArgumentError && /^spawn_handler expects a function or a handler/.test(e.message), String(bad));
    }
    assert.equal(Process.list().length, before);
    const main = self();
    const h = spawn_handler({ handle(m) { send(main, ['handled', m]); } });
    send(h, 1);
    return settle(rt).then(async () => assert.deepEqual(await receive(0), ['handled', 1]));
  });
});
