import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { types } from 'node:util';
import { copyMessage, Pid, make_ref, self, Runtime } from '../../dist/index.js';
import { improperList, List } from '../../dist/dist/index.js';

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

  it('refuses, naming the type, what a copy could not carry (as structuredClone refuses)', () => {
    class Counter {
      #n = 0;
      inc() { return ++this.#n; }
    }
    function* gen() { yield 1; }
    const refused = [
      [new Counter(), /a Counter: its class has #private fields/],
      [new URL('http://example.com/'), /a URL/],
      [new AbortController(), /an AbortController/],
      [new Blob(['x']), /a Blob/],
      [new SharedArrayBuffer(8), /a SharedArrayBuffer: processes share no memory/],
      [new WeakMap(), /a WeakMap/],
      [new WeakSet(), /a WeakSet/],
      [gen(), /a generator/],
      [new Map([[1, 2]]).entries(), /an iterator/],
    ];
    for (const [v, re] of refused) {
      for (const msg of [v, { nested: [v] }]) {
        assert.throws(() => copyMessage(msg), (e) => e.name === 'ArgumentError' && e.code === 'genrepl.uncopyable' && re.test(e.message.replace(' (at .nested[0])', '')), String(re));
      }
    }
  });
  it('says where in the message the refused value is', () => {
    assert.throws(() => copyMessage(['save', { home: new URL('http://x/') }]), { message: /^a message cannot contain a URL \(at \[1\]\.home\): / });
    assert.throws(() => copyMessage({ m: new Map([['k', new WeakMap()]]) }), { message: /a WeakMap \(at \.m\.get\('k'\)\)/ });
  });
  it('copies classes whose # is in a string, a comment or a static member', () => {
    class Tag {
      static #made = 0; // '#count' in a comment
      constructor(t) { this.t = t; Tag.#made++; }
      label() { return '#' + this.t + `#x` + /#y/.source; }
    }
    const c = copyMessage(new Tag('a'));
    assert.ok(c instanceof Tag);
    assert.equal(c.label(), '#a#x#y');
  });
  it('passes promises and WeakRefs by reference (no holder can change them)', () => {
    const p = Promise.resolve(1);
    const w = new WeakRef({});
    const c = copyMessage([p, w]);
    assert.equal(c[0], p);
    assert.equal(c[1], w);
  });
  it('copies boxed primitives, Buffers, DataViews and subclasses of built-ins faithfully', () => {
    const c = copyMessage([new Number(5), new String('ab'), new Boolean(false), Object(7n), Object(Symbol.for('s'))]);
    assert.ok(c.every((x) => types.isBoxedPrimitive(x)));
    assert.deepEqual(c.map((x) => x.valueOf()), [5, 'ab', false, 7n, Symbol.for('s')]);
    assert.equal(c[0] + 1, 6);
    const b = Buffer.from('hi');
    const cb = copyMessage(b);
    assert.ok(Buffer.isBuffer(cb) && cb !== b && cb.toString() === 'hi');
    const dv = copyMessage(new DataView(new Uint8Array([1, 2, 3]).buffer, 1));
    assert.equal(dv.getUint8(0), 2);
    class Registry extends Map {
      constructor() { super(); this.label = 'r'; }
      names() { return [...this.keys()]; }
    }
    const r = new Registry();
    r.set('a', { pid: 1 });
    const cr = copyMessage(r);
    assert.ok(cr instanceof Registry && cr !== r);
    assert.deepEqual(cr.names(), ['a']);
    assert.equal(cr.label, 'r');
    assert.notEqual(cr.get('a'), r.get('a'));
    class Failed extends Error { code = 'E1'; }
    const e = copyMessage(new Failed('bad'));
    assert.ok(e instanceof Failed && types.isNativeError(e) && e.message === 'bad' && e.code === 'E1');
    const agg = copyMessage(new AggregateError([new Error('one')], 'all'));
    assert.equal(agg.errors[0].message, 'one');
  });
  it('keeps frozen, sealed and non-extensible values so', () => {
    const frozen = Object.freeze({ a: 1, list: Object.freeze([1]) });
    const c = copyMessage(frozen);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.list));
    assert.ok(Object.isSealed(copyMessage(Object.seal({ a: 1 }))) && !Object.isFrozen(copyMessage(Object.seal({ a: 1 }))));
    assert.ok(!Object.isExtensible(copyMessage(Object.preventExtensions({ a: 1 }))));
    class P { constructor() { this.x = 1; Object.freeze(this); } }
    assert.ok(Object.isFrozen(copyMessage(new P())));
    assert.ok(Object.isFrozen(copyMessage(Object.freeze(new Map()))));
    assert.ok(!Object.isFrozen(copyMessage({ a: 1 })));
  });
  it('copies a sparse array by its present indices (no walk over 2**32 holes)', () => {
    const sparse = [];
    sparse[2] = { k: 1 };
    sparse[2 ** 32 - 2] = { k: 2 };
    // Counted through a Proxy (Array.isArray sees through it): a walk over every index
    // would make billions of calls; 100,000 is plenty for the present ones.
    let ops = 0;
    const count = () => {
      if (++ops > 100000) throw new Error('walked the holes');
    };
    const watched = new Proxy(sparse, {
      get: (t, k) => (count(), t[k]),
      has: (t, k) => (count(), k in t),
      getOwnPropertyDescriptor: (t, k) => (count(), Object.getOwnPropertyDescriptor(t, k)),
      ownKeys: (t) => (count(), Reflect.ownKeys(t)),
    });
    const c = copyMessage(watched);
    assert.equal(c.length, 2 ** 32 - 1);
    assert.deepEqual(c[2], { k: 1 });
    assert.deepEqual(c[2 ** 32 - 2], { k: 2 });
    assert.notEqual(c[2], sparse[2]);
    assert.ok(!(1 in c) && !(3 in c));
  });
  it('copies long sparse arrays and keeps holes in short ones', () => {
    const sparse = [];
    sparse[5] = 'first';
    sparse[2 ** 24] = 'last';
    const c = copyMessage(sparse);
    assert.deepEqual(Object.keys(c), ['5', String(2 ** 24)]);
    assert.equal(c[2 ** 24], 'last');
    const short = copyMessage([1, , [3]]);
    assert.ok(!(1 in short));
    assert.deepEqual(short[2], [3]);
  });
  it('refuses at send: nothing is delivered', async () => {
    const rt = new Runtime();
    assert.throws(() => rt.send(rt.main.pid, ['url', new URL('http://x/')]), { name: 'ArgumentError', code: 'genrepl.uncopyable' });
    assert.equal(await rt.receive(0), undefined);
  });
  it('keeps an Array subclass and its own fields: an improper list keeps its tail (fast and deep paths)', () => {
    const inner = improperList([1, [2]], ['t', 3]);
    for (let depth = 0; depth < 2; depth++) {
      let v = ['msg', inner];
      if (depth === 1) for (let i = 0; i < 100; i++) v = [v]; // past the fast path's depth: the cycle-safe copy
      let c = copyMessage(v);
      if (depth === 1) for (let i = 0; i < 100; i++) c = c[0];
      const got = c[1];
      assert.ok(got instanceof List);
      assert.notEqual(got, inner);
      assert.deepEqual([...got], [1, [2]]);
      assert.notEqual(got[1], inner[1]);
      assert.notEqual(got.tail, inner.tail);
      assert.deepEqual(got.tail, ['t', 3]);
    }
  });
});


describe('copyMessage: what used to arrive broken', () => {
  it("keeps a class instance's symbol-keyed fields, so its methods work on the copy", () => {
    const S = Symbol('state');
    class Box { [S] = { n: 1 }; get n() { return this[S].n; } }
    const b = new Box();
    const c = copyMessage(b);
    assert.ok(c instanceof Box);
    assert.equal(c.n, 1);
    b[S].n = 2;
    assert.equal(c.n, 1, 'a copy, not the same state');
  });
  it('keeps an own __proto__ key as a key (JSON.parse makes them), never as the prototype', () => {
    const c = copyMessage(JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}'));
    assert.deepEqual(Object.keys(c), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(c), Object.prototype);
    assert.equal(c.polluted, undefined);
    const deep = copyMessage(JSON.parse('{"x": {"__proto__": {"y": 1}}}'));
    assert.equal(deep.x.y, undefined);
  });
  it('copies a DataView over a SharedArrayBuffer into bytes of its own', () => {
    const dv = new DataView(new SharedArrayBuffer(8), 2, 4);
    dv.setUint8(0, 7);
    const c = copyMessage(dv);
    assert.ok(c.buffer instanceof ArrayBuffer);
    assert.equal(c.byteLength, 4);
    assert.equal(c.getUint8(0), 7);
  });
  it('refuses a value nested too deep to walk with an ArgumentError, not a RangeError', () => {
    let deep = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.throws(() => copyMessage(deep), { name: 'ArgumentError', code: 'genrepl.uncopyable', message: /nested this deep/ });
  });
  it('passes an EventEmitter (a stream, a socket) as the same handle', async () => {
    const { Readable } = await import('node:stream');
    const r = Readable.from([1, 2]);
    const c = copyMessage({ stream: r });
    assert.equal(c.stream, r);
    assert.deepEqual(await c.stream.toArray(), [1, 2]);
  });
});
