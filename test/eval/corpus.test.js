// The evaluation pipeline: every TypeScript form at the top level, alone and with `await`,
// evaluates in a shell fed piped input and prints what Node prints for the same code (values,
// not completion quirks of ts-node); errors point at what the user typed. The shells run in
// this process (captureShell), each with its own bindings; the CLI is checked once for what
// only a child process shows (its environment).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runShell } from '../helpers/capture.js';

const BIN = fileURLToPath(new URL('../../bin/genrepl.js', import.meta.url));

const piped = (input) => runShell(input);

// [input, what the shell prints for it]
const CORPUS = [
  ['const [, b] = [1, async () => { await 1 }]', '[1, [Function (anonymous)]]'],
  ["const [, s] = ['a', 'await']", "['a', 'await']"],
  ['const [, y] = await Promise.resolve([1, 2])', '[1, 2]'],
  ['const [e = 1, , f = 3] = await Promise.resolve([])', '[]'],
  ['const m1 = await 1, [, m2] = [1, 2]', '[1, 2]'],
  ['if (true) { var [, vb] = [1, 2]; await 0 }', '0'],
  ['for (var [, fv] of [[1, 2]]) { await 0 }', '0'],
  ['const {a, ...rest} = await Promise.resolve({a: 1, b: 2, c: 3})', '{ a: 1, b: 2, c: 3 }'],
  ['const [hh, ...tt] = await Promise.resolve([1, 2, 3])', '[1, 2, 3]'],
  ['const {d = 5} = await Promise.resolve({})', '{}'],
  ["const early = hf(); function hf() { return 'hoisted' }; await 0; early", "'hoisted'"],
  ["const fs = await import('node:fs'); typeof fs.readFileSync", "'function'"],
  ['lbl: { await 0; 42 }', '42'],
  ['if (true) { await 0; 5 }', '5'],
  ['abstract class Q { abstract f(): void }', '[class Q]'],
  // every binding above is there for later inputs
  ['[typeof b, s, y, e, f, m1, m2, vb, fv, a, rest, hh, tt, d, early, typeof hf, typeof Q]',
    "[\n  'function',\n  'await',\n  2,\n  1,\n  3,\n  1,\n  2,\n  2,\n  2,\n  1,\n  { b: 2, c: 3 },\n  1,\n  [2, 3],\n  5,\n  'hoisted',\n  'function',\n  'function'\n]"],
  ['let n1: number = 1', '1'],
  ['let n1: string = "rebound"', "'rebound'"],
  ['var v1 = 1, v2', '1'],
  ['function* gen() { yield 1 }', '[Function: gen]'],
  ['async function af(x: number): Promise<number> { return x * 2 }', '[Function: af]'],
  ['await af(21)', '42'],
  ['class Point { constructor(public x: number, private y = 2) {} sum() { return this.x + this.y } }', '[class Point]'],
  ['new Point(1).sum()', '3'],
  ['enum Color { Red, Green }', "{ '0': 'Red', '1': 'Green', Red: 0, Green: 1 }"],
  ['Color.Green', '1'],
  ['const enum Dir { Up = 1 }', "{ '1': 'Up', Up: 1 }"],
  ['namespace NS { export const x = 9 }', 'undefined'],
  ['NS.x', '9'],
  ['interface Shape { area(): number }', 'undefined'],
  ['type Id = string | number', 'undefined'],
  ['declare const ambient: number', 'undefined'],
  ["import { join, basename as base } from 'node:path'", 'undefined'],
  ["import os from 'node:os'", 'undefined'],
  ["import * as util from 'node:util'", 'undefined'],
  ["import type { Stats } from 'node:fs'", 'undefined'],
  ["import 'node:url'", 'undefined'],
  ["[join('a', 'b'), base('/x/y.ts'), typeof os.tmpdir, typeof util.inspect]", "['a/b', 'y.ts', 'function', 'function']"],
  ["import pkg from './package.json' with { type: 'json' }", 'undefined'],
  ['pkg.name', "'genrepl'"],
  ['for await (const x of [Promise.resolve(7)]) { x }', '7'],
  ["using r0 = { [Symbol.dispose]() { console.log('disposed') } }; 'used'", "disposed\n'used'"],
  ['const label = 3; lbl2: for (const i of [1, 2]) { if (i === 2) break lbl2; i * 10 }', 'undefined'],
  ['1; if (false) {}', 'undefined'],
  ['try { 7 } finally { 8 }', '7'],
  ['try { throw 1 } catch { 9 }', '9'],
  ['switch (2) { case 2: "two" }', "'two'"],
  ['{ a: 1, b: 2 }', '{ a: 1, b: 2 }'],
  ['{ }', '{}'],
  ['_', '{}'],
  ['const pr = Promise.resolve(41)', '41'],
  ['pr + 1', '42'],
  ['Promise.resolve("awaited")', "'awaited'"],
  ['let x2 = 1; x2 += 1; x2', '2'],
  ['const tag = (s: TemplateStringsArray) => s.raw[0]; tag`a\\nb`', "'a\\\\nb'"],
  ["'a string statement'", "'a string statement'"],
  ['const big = 2n ** 64n', '18446744073709551616n'],
  ['let obj2 = { ...{ p: 1 }, q: 2 } satisfies Record<string, number>', '{ p: 1, q: 2 }'],
  ['let nn = null as unknown as string | undefined; nn ?? "dflt"', "'dflt'"],
  ['const arrow = <T,>(v: T): T => v', '[Function: arrow]'],
  ['arrow<number>(5)', '5'],
  ['class Priv { #n = 1; get n() { return this.#n } }; new Priv().n', '1'],
  ['export const exported = 1', '1'],
  ['exported', '1'],
];

describe('evaluation corpus (piped mode)', () => {
  it('every form evaluates and prints what Node prints', async () => {
    const r = await piped(CORPUS.map(([i]) => i).join('\n') + '\n');
    assert.equal(r.out, CORPUS.map(([, o]) => o).join('\n') + '\n');
    assert.equal(r.code, 0);
  });

  it('an await inside a parameter default is one syntax error at its column, no backtrace', async () => {
    const r = await piped('async function fa(x = await 1) { return x }\n');
    assert.equal(r.out, "** (SyntaxError) iex:1:23: `await` expressions cannot be used in a parameter initializer.\n    |\n  1 | async function fa(x = await 1) { return x }\n    |                       ^\n");
    assert.equal(r.code, 1);
  });

  it('syntax errors are one message whatever RUST_BACKTRACE says', () => {
    const r = spawnSync(process.execPath, [BIN], { input: 'let let = 1\n', encoding: 'utf8', env: { ...process.env, RUST_BACKTRACE: '1', NO_COLOR: '1' } });
    assert.match(r.stdout, /^\*\* \(SyntaxError\) iex:1:5: /);
    assert.doesNotMatch(r.stdout + r.stderr, /backtrace|Caused by|panicked|,-\[/i);
  });

  it('a runtime error reports the column the user typed, after an await', async () => {
    const r = await piped('await 0; null!.boom\n');
    assert.equal(r.out, "** (TypeError) Cannot read properties of null (reading 'boom')\n    iex:1:16: (file)\n");
  });

  it('positions on multi-line inputs: runtime and syntax errors', async () => {
    const r = await piped('1\nconst q = (o: any) => {\n  return o.y.z\n}\nq({})\nlet x = 1 +\n  * 2\n');
    assert.equal(
      r.out,
      "1\n[Function: q]\n** (TypeError) Cannot read properties of undefined (reading 'z')\n    iex:3:14: q\n    iex:3:1: (file)\n" +
        "** (SyntaxError) iex:4:3: Expression expected\n    |\n  4 |   * 2\n    |   ^\n",
    );
  });

  it('a handler defined at the prompt shows its typed line in a crash report', async () => {
    const r = await piped("const S = { init: (x: number) => ['ok', x], handle_call: () => { throw new Error('kaboom') } }\nconst [, p] = start(S, 1)\nawait call(p, 'x').catch(() => 'caught')\n");
    assert.match(r.out, /\*\* \(Error\) kaboom\n    iex:1:72: Object\.handle_call\n/);
  });

  it('a declaration binds the settled value of a Promise', async () => {
    const r = await piped("const [, kv] = start(MyKeyStore, [])\nawait call(kv, ['put', 'k', 41])\nconst n = call(kv, ['get', 'k'])\nn + 1\n");
    assert.equal(r.out.split('\n').slice(-3).join('\n'), '41\n42\n');
  });

  it('a binding that hides a helper says so once, dimly, and the helper stays reachable as IEx.name', async () => {
    const r = await piped('const [, c] = [0, 5]\nconst c = 6\nc\ntypeof IEx.c\n');
    assert.equal(r.out, "c now names your binding; the shell's c is still IEx.c\n[0, 5]\n6\n6\n'function'\n");
  });

  it('a 200 KB single-line paste evaluates', async () => {
    const big = '[' + Array.from({ length: 40000 }, (_, i) => i).join(', ') + '].length\n';
    assert.ok(big.length > 200000);
    const r = await piped(big);
    assert.equal(r.out, '40000\n');
  });

  it('a 5,000-line object literal evaluates', async () => {
    const lines = ['const big = {', ...Array.from({ length: 5000 }, (_, i) => `  k${i}: ${i},`), '}', 'Object.keys(big).length'];
    const r = await piped(lines.join('\n') + '\n');
    assert.match(r.out, /\n5000\n$/);
  });
});
