import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, quote, pid, make_ref, formatExit, formatException, list, improperList, charlist } from '../../dist/index.js';

describe('inspect', () => {
  it('prints values as TypeScript you can paste back', () => {
    assert.equal(inspect(['ok', 1, 'two', null, undefined, true, 10n, -0]), "['ok', 1, 'two', null, undefined, true, 10n, -0]");
    assert.equal(inspect({ a: 1, 'b-c': [1, 2], nested: { x: 'y' } }), "{ a: 1, 'b-c': [1, 2], nested: { x: 'y' } }");
    assert.equal(inspect(new Map([['a', 'value']])), "new Map([['a', 'value']])");
    assert.equal(inspect(new Set([1, 2])), 'new Set([1, 2])');
    assert.equal(inspect(new Map()), 'new Map()');
    assert.equal(inspect(new Date(0)), "new Date('1970-01-01T00:00:00.000Z')");
    assert.equal(inspect(new TypeError('bad')), "new TypeError('bad')");
    assert.equal(inspect({}), '{}');
    assert.equal(inspect([]), '[]');
  });
  it('prints pids and refs in iex\'s form', () => {
    assert.equal(inspect(['ok', pid(0, 127, 0)]), "['ok', #PID<0.127.0>]");
    assert.match(inspect(make_ref()), /^#Reference<0\.0\.0\.\d+>$/);
  });
  it('quotes strings with escapes', () => {
    assert.equal(quote("it's"), "'it\\'s'");
    assert.equal(inspect('a\nb"c'), "'a\\nb\"c'");
  });
  it('names functions and classes', () => {
    class Stack {}
    assert.equal(inspect(Stack), '[class Stack]');
    assert.equal(inspect(function named() {}), '[Function: named]');
    assert.equal(inspect(() => 1), '[Function (anonymous)]');
    assert.equal(inspect(new Stack()), 'Stack {}');
  });
  it('truncates long collections after 50 items, like iex', () => {
    const out = inspect([...Array(60).keys()], { width: Infinity });
    assert.ok(out.endsWith('48, 49, ...]'), out);
    assert.equal(inspect([...Array(60).keys()], { limit: 3, width: Infinity }), '[0, 1, 2, ...]');
  });
  it('is safe with cycles and deep values', () => {
    const a = { name: 'a' };
    a.self = a;
    assert.equal(inspect(a), "{ name: 'a', self: [Circular] }");
    let deep = [];
    for (let i = 0; i < 30; i++) deep = [deep];
    assert.match(inspect(deep, { width: Infinity }), /\[Array\]/);
  });
  it('wraps at the width, one item per line for objects, filled for scalars', () => {
    const wide = { alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: 'c'.repeat(30) };
    assert.equal(inspect(wide), `{\n  alpha: '${'a'.repeat(30)}',\n  beta: '${'b'.repeat(30)}',\n  gamma: '${'c'.repeat(30)}'\n}`);
    const nums = inspect([...Array(40).keys()].map((n) => n * 1000));
    assert.ok(nums.split('\n').every((l) => l.length <= 80), nums);
    assert.ok(nums.split('\n').length > 2);
  });
  it('colours by role when given a style', () => {
    const style = (role, t) => `<${role}>${t}`;
    assert.equal(inspect(['a', 1, null, pid(0, 1, 0)], { style }), "[<string>'a', <number>1, <nil>null, <pid>#PID<0.1.0>]");
  });
});

describe('formatExit and formatException', () => {
  it("word exit reasons as Elixir's Exception.format_exit", () => {
    assert.equal(formatExit('normal'), 'normal');
    assert.equal(formatExit('killed'), 'killed');
    assert.equal(formatExit('timeout'), 'time out');
    assert.equal(formatExit('calling_self'), 'process attempted to call itself');
    assert.equal(formatExit(['shutdown', 'x']), "shutdown: 'x'");
    assert.equal(formatExit(['bad_return_value', 1]), 'bad return value: 1');
    assert.equal(formatExit('bye'), "'bye'");
    assert.match(formatExit('noproc'), /^no process: the process is not alive/);
    assert.match(formatExit(new RangeError('r')), /^an exception was raised:\n    \*\* \(RangeError\) r/);
    assert.equal(formatExit(['nodedown', 'zz@127.0.0.1']), 'no connection to zz@127.0.0.1');
    assert.equal(formatExit(['nodedown', 1]), "['nodedown', 1]");
  });
  it('indents the continuation lines of a reason 4 more than its line, as iex', () => {
    const long = ['badarg', 'a message to another node must be an Erlang term: a function has no Erlang term'];
    for (const reason of [long, ['shutdown', long], ['bad_return_value', long]]) {
      const lines = formatExit(reason, '    ').split('\n');
      assert.ok(lines.length > 1, 'a reason too wide for one line');
      for (const line of lines.slice(1)) assert.ok(line.startsWith(' '.repeat(8)), line);
      assert.equal(lines.map((l, i) => (i ? l.slice(4) : l)).join('\n'), formatExit(reason));
    }
    assert.equal(formatExit(long).split('\n').slice(1).map((l) => l.slice(4)).join('\n'), inspect(long).split('\n').slice(1).join('\n'));
  });
  it('formats an exception banner with the user\'s frames only', () => {
    const e = new Error('boom');
    const text = formatException(e);
    assert.match(text, /^\*\* \(Error\) boom\n    test\/inspect\/inspect\.test\.js:\d+: /);
    assert.doesNotMatch(text, /node:internal|node_modules/);
    assert.equal(formatException('x'), "** (throw) 'x'");
  });
});

// The printer is total: any value prints, nothing of the value's own code runs (no getter, no
// Proxy trap, no toString), and a custom inspector that throws is ignored.
describe('inspect and the formatters with hostile values', () => {
  const boom = () => {
    throw new Error('user code ran');
  };
  const trapAll = () => new Proxy({ a: 1 }, Object.fromEntries(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'].map((t) => [t, boom])));
  const revoked = () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  };
  const hostile = () => {
    const throwingName = new Error('named');
    Object.defineProperty(throwingName, 'stack', { get: boom });
    Object.defineProperty(throwingName, 'name', { get: boom });
    const numberMessage = new Error('x');
    numberMessage.message = 42;
    const getterMessage = new Error('x');
    Object.defineProperty(getterMessage, 'message', { get: boom });
    const badCtor = { a: 1 };
    Object.defineProperty(badCtor, 'constructor', { get: boom });
    const cyclic = { list: [] };
    cyclic.list.push(cyclic, new Map([[cyclic, cyclic]]));
    const nullProto = Object.assign(Object.create(null), { a: 1 });
    const behindProxy = Object.create(trapAll());
    class Named { static get name() { return boom(); } }
    return {
      getter: { get x() { return boom(); } },
      proxy: trapAll(),
      revoked: revoked(),
      customThrows: { [Symbol.for('nodejs.util.inspect.custom')]: boom },
      customStylize: { [Symbol.for('nodejs.util.inspect.custom')]: (_d, opts) => opts.stylize('styled', 'special') },
      throwingName,
      numberMessage,
      getterMessage,
      badCtor,
      cyclic,
      nullProto,
      behindProxy,
      Named,
      instanceOfNamed: new Named(),
      proxyFn: new Proxy(function f() {}, { get: boom }),
      arrayGetter: Object.defineProperty([1, 2], 0, { get: boom }),
      badToString: { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom },
    };
  };

  it('prints every one of them without throwing or running their code', () => {
    for (const [name, v] of Object.entries(hostile())) {
      for (const out of [inspect(v), inspect([v, { v }]), formatExit(v), formatException(v), formatExit(['shutdown', v])]) {
        assert.equal(typeof out, 'string', name);
        assert.doesNotMatch(out, /user code ran/, name);
      }
    }
  });
  it("shows accessors as Node does, and a Proxy's target", () => {
    assert.equal(inspect({ get x() { return boom(); } }), '{ x: [Getter] }');
    assert.equal(inspect({ get x() { return 1; }, set x(_v) {} }), '{ x: [Getter/Setter] }');
    assert.equal(inspect({ set x(_v) {} }), '{ x: [Setter] }');
    assert.match(inspect(trapAll()), /a: 1/);
    assert.match(inspect(revoked()), /Revoked Proxy/);
    assert.equal(inspect({ a: 1, [Symbol.for('nodejs.util.inspect.custom')]: boom }), '{ a: 1 }');
    assert.equal(inspect({ [Symbol.for('nodejs.util.inspect.custom')]: () => 'mine' }), 'mine');
  });
  it('words errors with odd names and messages', () => {
    const e = new Error('x');
    e.message = 42;
    assert.equal(inspect(e), 'new Error(42)');
    assert.match(formatException(e), /^\*\* \(Error\) 42/);
    const g = new TypeError('x');
    Object.defineProperty(g, 'message', { get: boom });
    assert.equal(inspect(g), 'new TypeError([Getter])');
    assert.match(formatException(g), /^\*\* \(TypeError\) \[Getter\]/);
    const n = new RangeError('r');
    Object.defineProperty(n, 'name', { get: boom });
    assert.match(formatException(n), /^\*\* \(RangeError\) r/);
    assert.match(formatExit(n), /^an exception was raised:\n    \*\* \(RangeError\) r/);
    assert.match(formatException(trapAll()), /^\*\* \(throw\) /);
  });
  it('prints holes in arrays as Node does, without walking 2**32 of them', () => {
    assert.equal(inspect([1, , 3]), '[1, <1 empty item>, 3]');
    const sparse = [];
    sparse[2 ** 32 - 2] = 1;
    assert.equal(inspect(sparse), '[<4294967294 empty items>, 1]');
  });
  it('prints an Erlang list as the call that makes it, apart from a tuple (and pasted back, the same term)', () => {
    assert.equal(inspect(['ok', list(1, 2)]), "['ok', list(1, 2)]");
    assert.equal(inspect(list()), 'list()');
    assert.equal(inspect(charlist('hi')), 'list(104, 105)');
    assert.equal(inspect(improperList([1, list()], ['t', 2])), "improperList([1, list()], ['t', 2])");
    assert.equal(inspect([1, 2]), '[1, 2]');
  });
});
