// Property tests: random programs of spawn / send / link / monitor / exit / trap_exit over many
// processes, checked against a model of the BEAM's rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { N, opArb, extOpArb, shapeArb, runProgram } from '../helpers/model.js';

function check(r) {
  assert.deepEqual(r.alive, r.modelAlive, 'who is alive');
  for (let i = 0; i < N; i++) {
    const key = (m) => JSON.stringify(m);
    const data = (l) => l.filter((m) => m[0] === 'data');
    const signals = (l) => l.filter((m) => m[0] !== 'data').map(key).sort();
    if (r.alive[i]) {
      // A live process got exactly the expected data, in order (hence per-sender order)...
      assert.deepEqual(data(r.seen[i]), data(r.expect[i]), `data for ${i}`);
      // ...and exactly the expected signals (order within one cascade is not specified).
      assert.deepEqual(signals(r.seen[i]), signals(r.expect[i]), `signals for ${i}`);
    } else {
      // A dead one may have died with messages unhandled: what it handled was expected, in order.
      assert.deepEqual(data(r.seen[i]), data(r.expect[i]).slice(0, data(r.seen[i]).length), `data for dead ${i}`);
      const want = new Set(signals(r.expect[i]));
      for (const s of signals(r.seen[i])) assert.ok(want.has(s), `unexpected signal ${s} for dead ${i}`);
    }
  }
  if (r.chainAlive !== null) {
    assert.equal(r.chainAlive, r.modelChainAlive, 'the chain lives or dies whole');
    assert.deepEqual(r.chainSeen, r.modelChainSeen, "one DOWN for the chain's tail, with the reason");
  }
}

describe('properties of the runtime', () => {
  it('messages are never lost, per-sender order holds, monitors fire once, abnormal exits reach every link', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => check(await runProgram(ops))), { numRuns: 500 });
  });

  it('the same, with body processes, names, timers and long linked chains (1,000 programs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(extOpArb, { minLength: 1, maxLength: 40 }), shapeArb, async (ops, shape) => check(await runProgram(ops, shape))),
      { numRuns: 1000 },
    );
  });
});
