// Docs from one source: h(), h(fn) and Tab's arities read the table the build makes from the
// TSDoc in src/ (scripts/gen-docs.js → dist/docs.json). Every public name has a doc with an example.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Shell } from '../../dist/shell/session.js';
import { docTable, findDoc, hasExample } from '../../dist/shell/tsdoc.js';
import { complete, listing } from '../../dist/shell/complete.js';
import * as api from '../../dist/index.js';

const GENERATOR = fileURLToPath(new URL('../../scripts/gen-docs.js', import.meta.url));

/** A shell's globals (IEx holds every one, even when a binding hides it). */
function shellGlobals() {
  return new Shell({ output: { write: () => true }, color: false }).context.IEx;
}

const isNamespace = (v) => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

describe('docs of public names', () => {
  it('every export, shell global, helper and namespace member has a doc with an example', () => {
    const g = shellGlobals();
    const names = new Map();
    for (const [k, v] of Object.entries({ ...api, ...g })) {
      if (k === 'IEx') continue;
      names.set(k, v);
      if (isNamespace(v)) for (const [m, f] of Object.entries(v)) if (typeof f === 'function') names.set(`${k}.${m}`, f);
    }
    assert.ok(names.size > 100, `found ${names.size} public names`);
    const missing = [];
    for (const [name, value] of names) {
      const doc = docTable()[name] ?? findDoc(value, g);
      if (doc === undefined) missing.push(`${name}: no doc`);
      else if (!doc.text.trim()) missing.push(`${name}: an empty doc (${doc.file}:${doc.line})`);
      else if (!hasExample(doc)) missing.push(`${name}: no example (${doc.file}:${doc.line})`);
    }
    assert.deepEqual(missing, [], `public names without a doc or an example (write their TSDoc):\n${missing.join('\n')}`);
  });

  it('a global that is another name for a function shows that function\'s doc (call is GenServer.call)', () => {
    const g = shellGlobals();
    assert.equal(findDoc(g.call, g).name, 'GenServer.call');
    assert.equal(findDoc('GenServer.call/3', g).name, 'GenServer.call');
    assert.equal(findDoc(g.send, g).name, 'send', 'a global with a doc of its own keeps it (not Process.send)');
    assert.equal(findDoc(42, g), undefined);
  });

  it("Tab's arities come from the doc's signature (GenServer.start/1: arg is optional in TypeScript)", () => {
    const g = shellGlobals();
    assert.equal(api.GenServer.start.length, 2, 'the compiled function alone would say start/2 at least');
    assert.match(listing('GenServer.st', 80, complete('GenServer.st', { context: g, runtime: api.getRuntime() }), g), /^start\/1 +start\/2 +start\/3 +start_link\/1 /);
  });
});

describe('scripts/gen-docs.js', () => {
  it('documents what the package root exports, namespace members by dotted name, and @globals helpers; nothing else', () => {
    const root = mkdtempSync(join(tmpdir(), 'genrepl-docs-'));
    mkdirSync(join(root, 'src', 'shell'), { recursive: true });
    const file = (name, text) => writeFileSync(join(root, 'src', name), text);
    file('index.ts', [
      "/** Adds. @example add(1, 2) // 3 */",
      'export function add(a: number, b = 1): number { return a + b; }',
      "export { Ns } from './ns.js';",
      "export * from './more.js';",
      "export type { T } from './more.js';",
    ].join('\n'));
    file('ns.ts', [
      '/**', ' * Ns: a namespace of small things.', ' *', ' * ```ts', ' * Ns.one(); // 1', ' * ```', ' */',
      "import { more } from './more.js';",
      '/** The namespace. */',
      'export const Ns = {',
      '  /** One. @example Ns.one() */', '  one: () => 1,',
      '  /**', '   * Two, or what you give.', '   * @example Ns.two()', '   * @example Ns.two(5)', '   */', '  two(x?: number, ...rest: number[]) { return x ?? 2; },',
      '};',
      'export const unused = more;',
    ].join('\n'));
    file('more.ts', ['/** More. @example more() */', 'export function more() { return 1; }', '/** Also a helper. @example most() @helper */', 'export function most() { return 3; }', 'function internal() { return 2; }', 'export type T = number;', 'void internal;'].join('\n'));
    file('shell/helpers.ts', ['/**', ' * The helpers.', ' * @globals helpers', ' */', 'const helpers = {', '  /** Says hi. @example hi() */', "  hi(name = 'you') { return `hi ${name}`; },", '};', 'void helpers;'].join('\n'));
    const out = join(root, 'docs.json');
    const r = spawnSync(process.execPath, [GENERATOR, '--root', root, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const docs = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(docs).sort(), ['Ns', 'Ns.one', 'Ns.two', 'add', 'hi', 'more', 'most']);
    assert.deepEqual(
      { head: docs.add.head, spec: docs.add.spec, arity: docs.add.arity, text: docs.add.text, examples: docs.add.examples, file: docs.add.file },
      { head: 'add(a, b = 1)', spec: 'add(a: number, b = 1): number', arity: [1, 2], text: 'Adds.', examples: ['add(1, 2) // 3'], file: 'src/index.ts' },
    );
    assert.equal(docs.Ns.text, 'Ns: a namespace of small things.\n\n```ts\nNs.one(); // 1\n```\n\nThe namespace.');
    assert.deepEqual([docs['Ns.two'].head, docs['Ns.two'].arity, docs['Ns.two'].examples], ['Ns.two(x?, ...rest)', [0, 2], ['Ns.two()', 'Ns.two(5)']]);
    assert.deepEqual([docs.hi.head, docs.hi.helper, docs.hi.text], ["hi(name = 'you')", true, 'Says hi.']);
    assert.equal(docs.more.helper, undefined);
    assert.deepEqual([docs.most.helper, docs.most.examples], [true, ['most()']], 'a function tagged @helper is listed by h()');
    // Up to date (newer than every source): a second build leaves it alone, without loading TypeScript.
    const before = statSync(out).mtimeMs;
    const again = spawnSync(process.execPath, [GENERATOR, '--root', root, '--out', out], { encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(statSync(out).mtimeMs, before);
  });
});
