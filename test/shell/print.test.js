// What the shell prints for a result runs none of the result's code: a getter shows as
// [Getter] (as Node shows it), a Proxy shows its target, and a crash report with a hostile
// reason still prints. Piped input, no terminal, in this process (captureShell).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runShell } from '../helpers/capture.js';

const piped = (lines) => runShell(lines);

const TRAPS = "['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf']";

describe('printing results at the shell', () => {
  it('shows a getter as [Getter] without calling it, and goes on', async () => {
    const r = await piped(["({ get x() { throw new Error('getter ran') } })", '1 + 1']);
    assert.equal(r.out, '{ x: [Getter] }\n2\n');
    assert.equal(r.code, 0);
  });
  it('prints a Proxy result without running its handler (then asked by the evaluator aside)', async () => {
    const handler = `Object.fromEntries(${TRAPS}.map((t) => [t, (_t, k) => { if (k === 'then') return undefined; throw new Error('trap ran') }]))`;
    const r = await piped([`new Proxy({ a: 1 }, ${handler})`, '1 + 1']);
    assert.equal(r.out, '{ a: 1 }\n2\n');
  });
  it(
    'prints a Proxy whose every trap throws',
    async () => {
      const handler = `Object.fromEntries(${TRAPS}.map((t) => [t, () => { throw new Error('trap ran') }]))`;
      const r = await piped([`new Proxy({ a: 1 }, ${handler})`]);
      assert.equal(r.out, '{ a: 1 }\n');
    },
  );
  it('prints the crash report of a process that throws an object with a throwing getter', async () => {
    const r = await piped(["spawn(() => { throw { get x() { throw new Error('getter ran') } } })", "await Process.sleep(20); 'next'"]);
    assert.match(r.out, /raised an exception\n\*\* \(throw\) \{ x: \[Getter\] \}/);
    assert.match(r.out, /'next'\n$/);
    assert.doesNotMatch(r.out, /getter ran/);
  });
});
