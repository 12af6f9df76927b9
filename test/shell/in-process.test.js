// The shell as a part of a program: createShell takes its streams and runtime, changes no host
// global, and two shells run side by side in one Node process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createShell } from '../../dist/shell/create.js';
import { Runtime } from '../../dist/runtime/kernel.js';
import { getRuntime } from '../../dist/index.js';
import { captureShell, collector, runShell } from '../helpers/capture.js';

/** A shell fed through a PassThrough, so a test can type into it input by input. */
function live(opts = {}) {
  const input = new PassThrough();
  const output = collector();
  const { shell, done } = createShell({ input, output, ...opts });
  return { shell, done, output, type: (line) => input.write(line + '\n'), end: () => input.end() };
}

/** Waits until `output` ends with `re` (the shell answered). */
async function answered(output, re) {
  for (let i = 0; i < 500 && !re.test(output.text()); i++) await new Promise((r) => setTimeout(r, 10));
  assert.match(output.text(), re);
}

describe('createShell', () => {
  it('two shells in one process: each its own runtime, pids, bindings and output, typed into in turns', async () => {
    const rtA = new Runtime();
    const rtB = new Runtime();
    const a = live({ runtime: rtA });
    const b = live({ runtime: rtB });
    a.type("const x = 'from a'");
    await answered(a.output, /'from a'\n$/);
    b.type('const x = 2');
    await answered(b.output, /^2\n$/);
    a.type('const [ok, store] = start(MyKeyStore, [])');
    await answered(a.output, /\['ok', #PID<0\.109\.0>\]\n$/);
    b.type("const [ok, store] = start(MyKeyStore, [], { name: 'b_store' })");
    await answered(b.output, /\['ok', #PID<0\.109\.0>\]\n$/);
    a.type("await call(store, ['put', 'k', x])");
    await answered(a.output, /\n'from a'\n$/);
    b.type("await call('b_store', ['put', 'k', x * 21])");
    await answered(b.output, /\n42\n$/);
    // Each shell's self() is its own runtime's main process; registered names stay apart.
    a.type("[self(), Process.whereis('b_store'), await state(store)]");
    await answered(a.output, /\[#PID<0\.108\.0>, null, new Map\(\[\['k', 'from a'\]\]\)\]\n$/);
    b.type("send(self(), 'only b'); flush()");
    await answered(b.output, /'only b'\n'ok'\n$/);
    a.type('x');
    await answered(a.output, /\n'from a'\n$/);
    assert.equal(rtA.main.pid, a.shell.rt.main.pid);
    assert.deepEqual(rtA.details(rtA.main.pid).messages, []);
    assert.deepEqual(rtB.registered(), ['b_store']);
    assert.deepEqual(rtA.registered(), []);
    // Output went only to its own stream.
    assert.doesNotMatch(a.output.text(), /only b|42/);
    assert.doesNotMatch(b.output.text(), /from a/);
    a.end();
    b.end();
    assert.equal(await a.done, 0);
    assert.equal(await b.done, 0);
  });

  it('changes no host global: bindings, helpers, _, console, IEx and Math.random stay the shell\'s own', async () => {
    const before = new Map(Object.getOwnPropertyNames(globalThis).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
    const random = Math.random;
    const consoleBefore = globalThis.console;
    const listeners = ['beforeExit', 'SIGINT', 'uncaughtException', 'unhandledRejection', 'exit'].map((e) => process.listenerCount(e));
    const out = await captureShell(['const shared = 1', 'function f() { return shared + 1 }', 'class K {}', 'f()', '_ * 10', "console.log('to the shell')", 'rand.uniform(10) >= 1', 'typeof IEx.flush'], { deterministic: true });
    assert.equal(out, "1\n[Function: f]\n[class K]\n2\n20\nto the shell\nundefined\ntrue\n'function'\n");
    const after = Object.getOwnPropertyNames(globalThis);
    assert.deepEqual(after.filter((k) => !before.has(k)), []);
    for (const k of after) assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, k), before.get(k), k);
    assert.equal(Math.random, random);
    assert.equal(globalThis.console, consoleBefore);
    assert.deepEqual(['beforeExit', 'SIGINT', 'uncaughtException', 'unhandledRejection', 'exit'].map((e) => process.listenerCount(e)), listeners);
  });

  it('a shell without a runtime gets one of its own, not the default runtime', async () => {
    const { shell } = await runShell('self()');
    assert.notEqual(shell.rt, getRuntime());
  });

  it('a pasted pid type-checks in every shell of the process (--typecheck), not only the first', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runShell('#PID<0.108.0>', { typecheck: true });
      assert.equal(r.out, '#PID<0.108.0>\n');
      assert.equal(r.code, 0);
    }
  });

  it('a failing input makes the exit status 1 and the next input still runs', async () => {
    const r = await runShell(["throw new TypeError('nope')", "'still here'"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /^\*\* \(TypeError\) nope\n[\s\S]*'still here'\n$/);
  });
});
