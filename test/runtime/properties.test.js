// Property tests: random programs of spawn / send / link / monitor / exit / trap_exit over many
// processes, checked against a model of the BEAM's rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { N, opArb, runProgram } from '../helpers/model.js';

describe('properties of the runtime', () => {
  it('messages are never lost, per-sender order holds, monitors fire once, abnormal exits reach every link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const r = await runProgram(ops);
        assert.deepEqual(r.alive, r.modelAlive, 'who is alive');
        for (let i = 0; i < N; i++) {
          const sortKey = (m) => JSON.stringify(m);
          // Data messages: exactly the expected ones, in order (hence per-sender order).
          assert.deepEqual(r.seen[i].filter((m) => m[0] === 'data'), r.expect[i].filter((m) => m[0] === 'data'), `data for ${i}`);
          // Signals: the same set (order within one cascade is not specified).
          assert.deepEqual(r.seen[i].filter((m) => m[0] !== 'data').map(sortKey).sort(), r.expect[i].filter((m) => m[0] !== 'data').map(sortKey).sort(), `signals for ${i}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
