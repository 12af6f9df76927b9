// What escapes a process outside its turns ends that process (or, once it has exited, is
// reported as its own): queueMicrotask callbacks, async handlers' continuations, killed bodies.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { spawn, spawn_handler, send, monitor, receive, exit, Process } from '../../dist/index.js';
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

describe('a killed process that resumes and throws', () => {
  it("a body's or an async handler's throw after the kill is reported as its own, after its exit (killed), which stands", async () => {
    let release;
    const gate = new Promise((r) => { release = r; });
    const body = spawn(async () => { await gate; throw new Error('body after kill'); });
    const handler = spawn_handler(async () => { await gate; throw new Error('handler after kill'); });
    const floating = spawn(async () => { await gate; Promise.reject(new Error('floating after kill')); await receive(); });
    send(handler, 'go');
    await settle(rt);
    const refs = [body, handler, floating].map((p) => monitor(p));
    for (const p of [body, handler, floating]) Process.exit(p, 'kill');
    for (const ref of refs) assert.equal((await receive((m) => m[1] === ref, 1000))[4], 'killed');
    release();
    await new Promise((r) => setTimeout(r, 20));
    await settle(rt);
    const text = rt.logged.join('');
    for (const [p, m] of [[body, 'body after kill'], [handler, 'handler after kill'], [floating, 'floating after kill']]) {
      assert.ok(text.includes(`Process ${p} raised an exception after it had exited with reason: killed\n** (Error) ${m}\n`), `${m} in:\n${text}`);
    }
  });

  it('an exit signal a killed body throws later stays quiet', async () => {
    let release;
    const gate = new Promise((r) => { release = r; });
    const p = spawn(async () => { await gate; exit('bye'); });
    await settle(rt);
    Process.exit(p, 'kill');
    release();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rt.logged.join(''), '');
  });
});
