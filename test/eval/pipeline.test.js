// The evaluator's parts, in-process: no import-time side effects, position maps, swc's reports
// in both of its renderings, incomplete input, and the rewrite's session names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';

describe('Evaluator module', () => {
  it('importing it changes nothing global: no patch of vm.Script, no globals', async () => {
    const before = Object.getOwnPropertyNames(globalThis).sort();
    const run = vm.Script.prototype.runInThisContext;
    await import('../../dist/eval/evaluator.js');
    assert.equal(vm.Script.prototype.runInThisContext, run);
    assert.deepEqual(Object.getOwnPropertyNames(globalThis).sort(), before);
  });
  it('an Evaluator binds names and keeps them across inputs', async () => {
    const { Evaluator } = await import('../../dist/eval/evaluator.js');
    const ev = new Evaluator();
    assert.deepEqual(await ev.evaluate('const [, zz]: number[] = [1, 2]'), { kind: 'value', value: [1, 2], declares: ['zz'] });
    assert.deepEqual(await ev.evaluate('zz * 10'), { kind: 'value', value: 20, declares: [] });
    assert.equal((await ev.evaluate('[1,')).kind, 'incomplete');
    const syntax = await ev.evaluate('1 +\n * 2', { line: 7 });
    assert.equal(syntax.kind, 'syntax');
    assert.deepEqual([syntax.line, syntax.column], [8, 2]);
  });
});

describe('applyEdits', () => {
  it('maps offsets of the result back to the original', async () => {
    const { applyEdits } = await import('../../dist/eval/edits.js');
    const e = applyEdits('let x = 1', [{ start: 0, end: 3, text: 'var' }, { start: 8, end: 8, text: '(' }, { start: 9, end: 9, text: ')' }]);
    assert.equal(e.text, 'var x = (1)');
    assert.equal(e.back(9), 8);
    assert.equal(e.back(4), 4);
    assert.throws(() => applyEdits('abc', [{ start: 0, end: 2, text: '' }, { start: 1, end: 1, text: 'x' }]), RangeError);
  });
});

describe('SourceMap', () => {
  it('finds the source position of a generated one', async () => {
    const { SourceMap } = await import('../../dist/eval/source-map.js');
    const m = new SourceMap('{"version":3,"sources":["a"],"names":[],"mappings":"AAAA,IAAI;AACJ"}');
    assert.deepEqual(m.original(1, 5), { line: 1, column: 5 });
    assert.deepEqual(m.original(2, 1), { line: 2, column: 1 });
    assert.deepEqual(m.original(1, 7), { line: 1, column: 7 });
    assert.equal(new SourceMap('not json').original(1, 1), null);
  });
});

describe('swc reports', () => {
  const ascii = "  x Expected ';', '}' or <eof>\n   ,-[iex.ts:1:1]\n 1 | foo bar\n   : ^|^ ^^^\n   :  `-- This is the expression part of an expression statement\n   `----\n\n\nCaused by:\n    Syntax Error\n\nStack backtrace:\n   0: <unknown>\n";
  const fancy = "  \u001b[31m×\u001b[0m Expected ';', '}' or <eof>\n   ╭─[\u001b[36;1;4miex.ts:1:1\u001b[0m]\n \u001b[2m1\u001b[0m │ foo bar\n   · \u001b[35;1m─┬─\u001b[0m\u001b[33;1m ───\u001b[0m\n   ·  \u001b[35;1m╰── \u001b[35;1mThis is the expression part of an expression statement\u001b[0m\u001b[0m\n   ╰────\n\n\n";
  it('are read the same in the ASCII and the terminal rendering', async () => {
    const { swcError } = await import('../../dist/eval/strip.js');
    const expected = { kind: 'error', message: "Expected ';', '}' or <eof>", line: 1, column: 5 };
    assert.deepEqual(swcError(new Error(ascii)), expected);
    assert.deepEqual(swcError(new Error(fancy)), expected);
  });
  it('a report without a caret is at the end of the input: incomplete', async () => {
    const { parseInput } = await import('../../dist/eval/parse.js');
    for (const s of ['[1, 2,', 'foo(', 'const x =', '`abc ${x', '/* x', 'if (x) {', 'x.', 'a\n  .b(']) assert.equal(parseInput(s, 'P').kind, 'incomplete', s);
    for (const s of ['foo bar', '1 + * 2', "'abc"]) assert.equal(parseInput(s, 'P').kind, 'syntax', s);
  });
  it('a long input with an open bracket is incomplete without being compiled', async () => {
    const { openBrackets } = await import('../../dist/eval/parse.js');
    assert.equal(openBrackets('{ a: "}", b: `${"{"}`, c: /}/ '.repeat(10)), true);
    assert.equal(openBrackets('f({ a: "(", b: [1, 2] }) // (\n'), false);
  });
});

describe('rewrite', () => {
  it('binds only the names the user declared; compiler helpers stay local', async () => {
    const { rewrite } = await import('../../dist/eval/rewrite.js');
    const r = rewrite('function _helper() {}\nconst env = {};\nconst user = 1;\n', (n) => n === 'user', 'G');
    assert.deepEqual(r.declares, ['user']);
    assert.match(r.code, /function _helper\(\) \{\}\nconst env = \{\};/);
  });
  it('pasted pids become calls of the evaluator\'s pid function', async () => {
    const { pidLiteralEdits } = await import('../../dist/eval/parse.js');
    assert.deepEqual(pidLiteralEdits("send(#PID<0.1.0>, '#PID<0.2.0>') // #PID<0.3.0>", 'P'), [{ start: 5, end: 16, text: 'P(0, 1, 0)' }]);
  });
});
