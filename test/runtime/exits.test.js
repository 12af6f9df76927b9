// Exit signals at scale: a chain or a star of a million linked processes dies completely, every
// monitor fires exactly once, and the caller of Process.exit sees no stack overflow.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn_handler, send, monitor, self, Process } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

const N = 1_000_000;
let rt;
beforeEach(() => { rt = fresh(); });

/** Monitors every pid from the caller; returns a check that each DOWN came once, with `reason`. */
function monitorAll(pids) {
  const refs = new Set(pids.map((p) => monitor(p)));
  return (reason) => {
    const [, msgs] = Process.info(self(), 'messages');
    assert.equal(msgs.length, pids.length, 'one DOWN per monitor');
    for (const m of msgs) {
      assert.equal(m[0], 'DOWN');
      assert.equal(m[4], reason);
      assert.ok(refs.delete(m[1]), 'each monitor fires once');
    }
    assert.equal(refs.size, 0);
  };
}

describe('exit signals as a work queue', () => {
  it(`a chain of ${N} linked processes dies completely, each monitor firing once`, async () => {
    const pids = new Array(N);
    let made = 1;
    // Each process, told to grow, spawns the next one linked to itself.
    const grow = () => {
      if (made === N) return;
      const child = spawn_handler(grow, { link: true });
      pids[made++] = child;
      send(child, 'grow');
    };
    pids[0] = spawn_handler(grow);
    send(pids[0], 'grow');
    await settle(rt);
    assert.equal(rt.count, N + 1);
    const check = monitorAll(pids);
    assert.doesNotThrow(() => Process.exit(pids[0], 'boom'));
    assert.equal(rt.count, 1, 'only main is left');
    assert.equal(Process.alive(pids[N - 1]), false);
    check('boom');
  });

  it(`a star of ${N} processes linked to a hub dies completely when one leaf dies`, async () => {
    const leaves = [];
    const hub = spawn_handler(() => {
      for (let i = 0; i < N; i++) leaves.push(spawn_handler(() => {}, { link: true }));
    });
    send(hub, 'go');
    await settle(rt);
    assert.equal(rt.count, N + 2);
    const check = monitorAll([hub, ...leaves]);
    assert.doesNotThrow(() => Process.exit(leaves[N >> 1], 'boom'));
    assert.equal(rt.count, 1);
    check('boom');
  });
});
