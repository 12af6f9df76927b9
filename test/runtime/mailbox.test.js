// The mailbox: FIFO with removal from the middle (selective receive). Checked against an array
// model with random operations, and for the cost of a removal: element writes are counted
// through a Proxy over the mailbox's store, so the test measures work, not time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mailbox } from '../../dist/runtime/mailbox.js';
import { Runtime } from '../../dist/index.js';

/** Counts writes into `mb`'s backing array from now on (the field is private to TypeScript only). */
function countWrites(mb) {
  const counter = { writes: 0 };
  mb.items = new Proxy(mb.items, {
    set(t, k, v) {
      if (typeof k === 'string' && k !== 'length') counter.writes++;
      t[k] = v;
      return true;
    },
    deleteProperty(t, k) {
      counter.writes++;
      return delete t[k];
    },
  });
  return counter;
}

describe('Mailbox', () => {
  it('behaves as an array under push, shift, unshift, removeAt and clear (random programs)', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push'), v: fc.integer() }),
      fc.record({ op: fc.constant('shift') }),
      fc.record({ op: fc.constant('unshift'), v: fc.integer() }),
      fc.record({ op: fc.constant('removeAt'), at: fc.nat(40) }),
      fc.record({ op: fc.constant('find'), mod: fc.integer({ min: 2, max: 5 }) }),
      fc.record({ op: fc.constant('clear') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const mb = new Mailbox();
        const model = [];
        for (const o of ops) {
          if (o.op === 'push') (mb.push(o.v), model.push(o.v));
          else if (o.op === 'shift') assert.equal(mb.shift(), model.shift());
          else if (o.op === 'unshift') (mb.unshift(o.v), model.unshift(o.v));
          else if (o.op === 'removeAt' && o.at < model.length) assert.equal(mb.removeAt(o.at), model.splice(o.at, 1)[0]);
          else if (o.op === 'find') assert.equal(mb.findIndex((m) => m % o.mod === 0), model.findIndex((m) => m % o.mod === 0));
          else if (o.op === 'clear') (mb.clear(), (model.length = 0));
          assert.equal(mb.length, model.length);
        }
        assert.deepEqual(mb.toArray(), model);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps order across the compaction of a long dead prefix', () => {
    const mb = new Mailbox();
    for (let i = 0; i < 200000; i++) mb.push(i);
    mb.push('keep');
    for (let i = 0; i < 150000; i++) assert.equal(mb.removeAt(1), i + 1);
    assert.equal(mb.shift(), 0);
    assert.equal(mb.shift(), 150001);
    assert.equal(mb.length, 200000 - 150002 + 1);
    assert.equal(mb.toArray().at(-1), 'keep');
  });

  it('removes a message just past the head in O(1): draining n matches behind one rejected message writes O(n)', () => {
    const n = 2000;
    const mb = new Mailbox();
    mb.push('other');
    for (let i = 0; i < n; i++) mb.push(i);
    const c = countWrites(mb);
    for (let i = 0; i < n; i++) assert.equal(mb.removeAt(mb.findIndex((m) => m !== 'other')), i);
    assert.deepEqual(mb.toArray(), ['other']);
    // splice would move the whole tail each time: about n * n / 2 = 2,000,000 writes.
    assert.ok(c.writes <= 4 * n, `${c.writes} writes for ${n} removals`);
  });

  it('removes a message near the tail by moving the few behind it', () => {
    const n = 2000;
    const mb = new Mailbox();
    for (let i = 0; i < n; i++) mb.push(i);
    const c = countWrites(mb);
    for (let i = n - 2; i >= 0; i--) assert.equal(mb.removeAt(mb.length - 2), i);
    assert.deepEqual(mb.toArray(), [n - 1]);
    assert.ok(c.writes <= 4 * n, `${c.writes} writes for ${n} removals`);
  });
});

describe('selective receive', () => {
  it('takes 100,000 matches queued behind a message it skips, in order, leaving the skipped one', async () => {
    const rt = new Runtime();
    const n = 100000;
    const me = rt.main.pid;
    rt.send(me, ['other', 0]);
    for (let i = 0; i < n; i++) rt.send(me, ['data', i]);
    const isData = (m) => m[0] === 'data';
    for (let i = 0; i < n; i++) assert.deepEqual(await rt.receive(isData, 0), ['data', i]);
    assert.deepEqual(await rt.receive(0), ['other', 0]);
  });
});
