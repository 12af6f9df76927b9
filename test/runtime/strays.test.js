// What escapes a process outside its turns ends that process (or, once it has exited, is
// reported as its own): queueMicrotask callbacks, async handlers' continuations, killed bodies.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { spawn, spawn_handler, send, monitor, receive, Process } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

let rt;
beforeEach(() => { rt = fresh({ real: true }); });

describe('queueMicrotask and async handlers', () => {
  it("a queueMicrotask callback's throw ends the process that queued it; an async handler's floating rejection ends the handler", () => {
    const fixture = new URL('../fixtures/stray-microtask.mjs', import.meta.url);
    const out = JSON.parse(execFileSync(process.execPath, [fixture.pathname], { encoding: 'utf8', timeout: 20000 }));
    assert.equal(out.handler, 'async handler float');
    assert.equal(out.qmHandler, 'qm in a handler');
    assert.equal(out.afterAwait, 'qm after await');
    assert.equal(out.sync, 'qm sync');
    assert.equal(out.plain, 'normal', 'a plain body has returned before its callback runs: its exit stands');
    assert.equal(out.mainAlive, true, 'main is never blamed');
    assert.equal(out.mainQueue, 1, "main's own queueMicrotask still runs");
    assert.equal(out.nodeSaw, 0, "Node's handlers never fire");
    const text = out.logged.join('');
    for (const m of ['async handler float', 'qm in a handler', 'qm after await', 'qm sync']) {
      assert.match(text, new RegExp(`Process #PID<[\\d.]+> raised an exception\\n\\*\\* \\(Error\\) ${m}\\n`));
    }
    assert.match(text, /Process #PID<[\d.]+> raised an exception after it had exited with reason: normal\n\*\* \(Error\) qm plain body\n/);
  });
});
