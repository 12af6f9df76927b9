import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { TypeChecker } from '../../dist/eval/typecheck.js';
import { typecheckPrelude } from '../../dist/shell/prelude.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const prelude = typecheckPrelude();
const checker = () => new TypeChecker({ prelude, cwd: tmpdir() });
/** Checks an input and, if it has no type error, commits it (as the shell does after it evaluates). */
const enter = (tc, input) => {
  const d = tc.check(input);
  if (d.length === 0) tc.commit(input);
  return d;
};
const codes = (d) => d.map((x) => x.code);

/** The inputs of README.md's sessions, as the shell reads them (`iex(N)> ` lines and their `...(N)> ` continuations). */
function readmeInputs() {
  const inputs = [];
  for (const line of readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n')) {
    const first = /^iex\(\d+\)> (.*)$/.exec(line);
    const more = /^\.\.\.\(\d+\)> (.*)$/.exec(line);
    if (first) inputs.push(first[1]);
    else if (more) inputs[inputs.length - 1] += '\n' + more[1];
  }
  return inputs;
}

describe('TypeChecker', () => {
  // One checker for the tests that only read (TypeScript and its libraries load once).
  let tc;
  before(() => {
    tc = checker();
  });

  it("reports a type error at the input's own line and column, with TypeScript's message", () => {
    const d = tc.check("const a = 1\nconst b: string =\n  a + 1\ncall(self())");
    assert.deepEqual(d, [
      { line: 2, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
      { line: 4, column: 1, code: 2554, message: 'Expected 2-3 arguments, but got 1.' },
    ]);
    // Inside an initializer (checked as `await (…)`), the column is still the typed one.
    assert.deepEqual(tc.check("const x = Math.max('a')").map(({ line, column }) => [line, column]), [[1, 20]]);
    assert.deepEqual(tc.check("let y = 1, z = Math.max(2, 'b')").map(({ line, column }) => [line, column]), [[1, 28]]);
  });

  it('checks without committing: a checked name is unknown to the next input', () => {
    const t = checker();
    assert.deepEqual(t.check('const unseen = 1'), []);
    assert.deepEqual(codes(t.check('unseen')), [2304]);
    // warm() checks a sample input and binds nothing either.
    t.warm();
    assert.deepEqual(codes(t.check('got')), [2304]);
  });

  it('rebinding: a name declared again takes its new type, never "Cannot redeclare"', () => {
    const t = checker();
    assert.deepEqual(enter(t, 'const x = 1'), []);
    assert.deepEqual(enter(t, 'x.toFixed(2)'), []);
    assert.deepEqual(enter(t, "const x = 'a'"), []);
    assert.deepEqual(t.check('x.toUpperCase()'), []);
    assert.match(t.check('x.toFixed(2)')[0].message, /Property 'toFixed' does not exist on type '"a"'/);
    assert.deepEqual(enter(t, 'let x = [1, 2]'), []);
    assert.deepEqual(enter(t, 'x.push(3)'), []);
    // A class, an interface or a function may take the name too.
    assert.deepEqual(enter(t, 'class x { hi() { return 1 } }'), []);
    assert.deepEqual(t.check('new x().hi()'), []);
    assert.deepEqual(enter(t, 'interface Shape { r: number }'), []);
    assert.deepEqual(enter(t, 'interface Shape { w: string }'), []);
    assert.deepEqual(codes(t.check('const s: Shape = { r: 1 }')), [2353]);
    // A value of the class bound before keeps its type, named as typed (not by where the checker keeps it).
    enter(t, 'class Counter { n = 1 }');
    enter(t, 'const old = new Counter()');
    enter(t, "class Counter { m = 'x' }");
    assert.deepEqual(t.check('old.n + 1'), []);
    assert.deepEqual(t.check('const c: Counter = old').map((d) => d.message), ["Property 'm' is missing in type 'Counter' but required in type 'Counter'."]);
  });

  it('the types of a committed input are fixed when it is committed', () => {
    const t = checker();
    enter(t, 'const a = 1');
    enter(t, 'const b = a + 1');
    enter(t, "const a = 'x'");
    assert.deepEqual(t.check('b.toFixed(1)'), [], 'b stays a number after a is bound again');
  });

  it("a const is a constant and a let can be assigned, as in a module", () => {
    const t = checker();
    enter(t, 'const k = 1');
    enter(t, 'let count = 0');
    assert.deepEqual(t.check('count += 1'), []);
    assert.deepEqual(codes(t.check('k = 2')), [2588]);
  });

  it("README.md's sessions type-check with no errors", () => {
    const t = checker();
    const inputs = readmeInputs();
    assert.ok(inputs.length >= 25, `README inputs found: ${inputs.length}`);
    assert.ok(inputs.some((i) => i.includes('class Counter {\n')), 'the multi-line Counter class is one input');
    for (const input of inputs) assert.deepEqual(enter(t, input), [], input);
  });

  it('start gives a Pid to destructure, and call and cast are typed', () => {
    const t = checker();
    enter(t, 'const [ok, kv] = start(MyKeyStore, [])');
    assert.deepEqual(t.check('const p: Pid = kv'), []);
    assert.deepEqual(t.check("call(kv, ['get', 'a'])"), []);
    assert.deepEqual(codes(t.check('call(kv)')), [2554]);
    assert.deepEqual(codes(t.check("call(kv, 'get', 'soon')")), [2345]);
    assert.deepEqual(codes(t.check('cast(1, 2)')), [2345]);
    // Agent, Supervisor and GenServer's own start read the same way.
    assert.deepEqual(t.check('const [, a] = Agent.start_link(() => 0); Agent.get(a, (n) => n)'), []);
    assert.deepEqual(t.check("const [, s] = Supervisor.start_link([MyKeyStore], { strategy: 'one_for_one' }); Supervisor.which_children(s)"), []);
    assert.deepEqual(t.check("const [, g] = GenServer.start(MyKeyStore, []); GenServer.call(g, ['get', 'a'])"), []);
  });

  it('GenServer modules are checked against the callback contract', () => {
    const t = checker();
    // An object literal's callbacks: a bad shape is reported where it is returned.
    const bad = t.check("start({ init: () => ['ok', 0], handle_call: (req, from, s) => ['replyy', 1, s] })");
    assert.deepEqual(bad.map(({ line, column, code }) => [line, column, code]), [[1, 63, 2322]]);
    assert.match(bad[0].message, /\["replyy", number, any\]' is not assignable to type 'CallReturn/);
    assert.deepEqual(codes(t.check("start({ init: () => 'ignor' })")), [2820]);
    assert.deepEqual(codes(t.check("start({ handle_cast: async (req, s) => ['noreply', s, 'soon'] })")), [2322]);
    // A class whose callback returns a tuple of the wrong shape.
    const cls = t.check("class Bad {\n  handle_call(r: 'get', f: From, s: number) { return ['rep', s] as const }\n}\nstart(Bad, [])");
    assert.deepEqual(cls.map(({ line, column, code }) => [line, column, code]), [[4, 7, 2345]]);
    assert.match(cls[0].message, /handle_call/);
    // init's argument is start's second argument.
    assert.deepEqual(codes(t.check("class C { init(n: number) { return ['ok', n] } }\nstart(C, 'x')")), [2345]);
    // What the README and the behaviour docs write is accepted.
    assert.deepEqual(t.check("start({ init: () => ['ok', 0], handle_call: async (m, f, s) => { await 0; return ['reply', 1, s] } }, null)"), []);
    assert.deepEqual(t.check("const Stack = {\n  init(items: number[]) { return ['ok', items] },\n  handle_call(req: 'pop', _from: From, [top, ...rest]: number[]) { return reply(top, rest) },\n  handle_cast(req: ['push', number], items: number[]) { return noreply([req[1], ...items]) },\n}\nstart(Stack, [1])"), []);
    assert.deepEqual(t.check("class S { static init(n: number) { return ['ok', n] as const } static handle_info(m: 'tick', n: number) { return noreply(n + 1) } }\nstart_link(S, 1)"), []);
    assert.deepEqual(t.check("start({ init: () => ['ok', 0], handle_info: (m, s) => ['noreply', s, ['continue', 1]], handle_continue: (x, s) => ['stop', 'normal', s] })"), []);
  });

  it("a declaration binds what its Promise settles to: Awaited<T>", () => {
    const t = checker();
    enter(t, 'const n = Promise.resolve(41)');
    assert.deepEqual(t.check('const m: number = n + 1'), []);
    assert.deepEqual(codes(t.check('n.then')), [2339]);
    enter(t, "const [, p] = start(ChangingNumber, [])");
    enter(t, "const got = call(p, 'get')");
    assert.deepEqual(t.check('got + 1'), []);
    enter(t, 'const [first, second] = Promise.resolve([1, 2] as const)');
    assert.deepEqual(codes(t.check("const f: 1 = first\nconst g: 'x' = second")), [2322]);
    // A bare Promise expression and top-level await need no binding.
    assert.deepEqual(t.check('await Process.sleep(10)'), []);
  });

  it('imports: built-ins and files relative to cwd, seen by later inputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-tc-'));
    writeFileSync(join(dir, 'mod.ts'), 'export function double(n: number) { return n * 2 }\nexport default class Box { v = 1 }\n');
    const t = new TypeChecker({ prelude, cwd: dir });
    assert.deepEqual(enter(t, "import fs from 'node:fs'"), []);
    assert.deepEqual(t.check("fs.readFileSync('x', 'utf8').length"), []);
    assert.deepEqual(codes(t.check('fs.readFileSynk')), [2551]);
    assert.deepEqual(enter(t, "import Box, { double } from './mod'\nimport * as path from 'node:path'"), []);
    assert.deepEqual(t.check("double(new Box().v) + path.join('a', 'b').length"), []);
    assert.deepEqual(codes(t.check("double('x')")), [2345]);
    assert.match(t.check("import { triple } from './mod'")[0].message, /has no exported member 'triple'/);
    assert.deepEqual(t.check("const os = await import('node:os'); os.cpus().length"), []);
    // A file written after an import of it failed is found.
    assert.deepEqual(codes(t.check("import { later } from './later'")), [2307]);
    writeFileSync(join(dir, 'later.ts'), 'export const later = 1\n');
    assert.deepEqual(t.check("import { later } from './later'"), []);
  });

  it('every declaration form binds a name with its type', () => {
    const t = checker();
    const forms = [
      'const [, b1, ...rest1] = [1, 2, 3]',
      'const { a2 = 5, ...rest2 } = { a2: 1, c: 3 }',
      'const [e3 = 1, , f3 = 3] = await Promise.resolve([] as number[])',
      'function hf(x: number) { return String(x) }',
      'class K { n = 1 }',
      'abstract class Q { abstract f(): void }',
      'enum E { A, B }',
      'const enum CE { X = 1 }',
      'namespace N { export const z = 1; export type T = string }',
      'interface I { i: number }',
      'type T = [number, string]',
      'if (true) { var [, vb] = [1, 2]; await 0 }',
      'for (var [, fv] of [[1, 2]]) { await 0 }',
      'declare const dc: bigint',
      'declare global { var gg: number }',
    ];
    for (const f of forms) assert.deepEqual(enter(t, f), [], f);
    const uses = "b1 + rest1[0] + a2 + rest2.c + e3 + f3 + hf(1).length + new K().n + E.B + CE.X + N.z + vb + fv + Number(dc) + gg\nconst i: I = { i: 1 }; const tt: T = [1, 'a']; const nt: N.T = 'x'; class Q2 extends Q { f() {} }";
    assert.deepEqual(t.check(uses), []);
    assert.deepEqual(codes(t.check("const tt: T = ['a', 1]")), [2322]);
    assert.deepEqual(codes(t.check('new Q()')), [2511]);
  });

  it('an object typed alone, a pasted pid, and a comment check as the shell reads them', () => {
    assert.deepEqual(tc.check('{ a: 1, b: 2 }'), []);
    assert.deepEqual(tc.check('const pp: Pid = __genrepl.pid(0, 127, 0)'), []);
    assert.deepEqual(tc.check('// just a comment'), []);
    assert.deepEqual(tc.check(''), []);
  });

  it('the prelude itself has no type error', () => {
    const ts = createRequire(import.meta.url)('typescript');
    const file = join(mkdtempSync(join(tmpdir(), 'genrepl-prelude-')), 'prelude.ts');
    writeFileSync(file, prelude);
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], skipLibCheck: true });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(errors, []);
  });

  it('loads TypeScript on first use, not on import or construction', () => {
    const code = `import { TypeChecker } from ${JSON.stringify(join(ROOT, 'dist/eval/typecheck.js'))};
      import { createRequire } from 'node:module';
      const tc = new TypeChecker();
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/typescript/lib/typescript.js'));
      const before = loaded();
      tc.check('1');
      console.log(JSON.stringify([before, loaded()]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '[false,true]', r.stderr);
  });
});
