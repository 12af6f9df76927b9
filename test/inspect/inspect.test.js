import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, quote, pid, make_ref, formatExit, formatException } from '../../dist/index.js';

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
  });
  it('formats an exception banner with the user\'s frames only', () => {
    const e = new Error('boom');
    const text = formatException(e);
    assert.match(text, /^\*\* \(Error\) boom\n    test\/inspect\/inspect\.test\.js:\d+: /);
    assert.doesNotMatch(text, /node:internal|node_modules/);
    assert.equal(formatException('x'), "** (throw) 'x'");
  });
});
