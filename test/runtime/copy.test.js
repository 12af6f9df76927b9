import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyMessage, Pid, make_ref, self, Runtime } from '../../dist/index.js';

describe('copyMessage (copy-on-send)', () => {
  it('passes primitives and functions as they are', () => {
    for (const v of [1, 'a', true, null, undefined, 10n, Symbol.for('s')]) assert.equal(copyMessage(v), v);
    const f = () => 1;
    assert.equal(copyMessage(f), f);
  });
  it('passes pids and refs by reference', () => {
    const r = make_ref();
    const c = copyMessage(['x', self(), r]);
    assert.equal(c[1], self());
    assert.equal(c[2], r);
  });
  it('copies nested arrays, objects, Map, Set, Date, typed arrays', () => {
    const v = { a: [1, { b: 2 }], m: new Map([[{ k: 1 }, [1]]]), s: new Set([[1]]), d: new Date(5), t: new Uint8Array([1, 2]), re: /x/g };
    const c = copyMessage(v);
    assert.deepEqual(c, v);
    assert.notEqual(c.a, v.a); assert.notEqual(c.a[1], v.a[1]);
    assert.notEqual(c.m, v.m); assert.notEqual([...c.m.keys()][0], [...v.m.keys()][0]);
    assert.notEqual([...c.s][0], [...v.s][0]);
    assert.notEqual(c.d, v.d); assert.equal(c.d.getTime(), 5);
    assert.notEqual(c.t, v.t); assert.deepEqual([...c.t], [1, 2]);
    assert.notEqual(c.re, v.re);
  });
  it('copies cyclic values with their cycles', () => {
    const a = { name: 'a', list: [] };
    a.self = a;
    a.list.push(a);
    const c = copyMessage(a);
    assert.notEqual(c, a);
    assert.equal(c.self, c);
    assert.equal(c.list[0], c);
  });
  it('copies very deep values', () => {
    let deep = { v: 0 };
    for (let i = 0; i < 500; i++) deep = { next: deep };
    let c = copyMessage(deep);
    let n = 0;
    while (c.next) { c = c.next; n++; }
    assert.equal(n, 500);
  });
  it('keeps the prototype of class instances and errors', () => {
    class Point { constructor(x) { this.x = x; } norm() { return Math.abs(this.x); } }
    const c = copyMessage(new Point(-3));
    assert.ok(c instanceof Point);
    assert.equal(c.norm(), 3);
    const e = copyMessage(new TypeError('bad'));
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, 'bad');
  });
  it('is what send does: the receiver is isolated from later mutation (another runtime, too)', async () => {
    const rt = new Runtime();
    const arr = [1, [2]];
    rt.send(rt.main.pid, arr);
    arr[1].push(3);
    assert.deepEqual(await rt.receive(0), [1, [2]]);
  });
});
