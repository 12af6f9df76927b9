// In the shell (node:repl loads Node's domain module), a rejection made by process code ends
// that process with the report a throw gives; one made at the prompt stays the prompt's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/terminal.js';

function piped(lines) {
  const env = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'genrepl-home-')) };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN], { input: lines.join('\n') + '\n', encoding: 'utf8', env, timeout: 60000 });
  return r.stdout + r.stderr;
}

describe('floating rejections in the shell', () => {
  it('a plain handler\'s and an async body\'s floating rejections end their processes with a crash report; one at the prompt is the prompt\'s', () => {
    const out = piped([
      'const h = spawn_handler((m) => { Promise.reject(new Error("from a handler")) })',
      'send(h, 1)',
      'await Process.sleep(50)',
      'Process.alive(h)',
      'const a = spawn(async () => { Promise.reject(new Error("from a body")); await receive() })',
      'await Process.sleep(50)',
      'Process.alive(a)',
      'Promise.reject(new Error("at the prompt"))',
      '1 + 1',
    ]);
    assert.match(out, /\[error\] Process #PID<0\.109\.0> raised an exception\n\*\* \(Error\) from a handler\n/);
    assert.match(out, /\[error\] Process #PID<0\.110\.0> raised an exception\n\*\* \(Error\) from a body\n/);
    assert.equal(out.match(/^false$/gm)?.length, 2, 'both processes are dead');
    assert.match(out, /^\*\* \(Error\) at the prompt$/m);
    assert.match(out, /^2$/m);
    assert.doesNotMatch(out, /Uncaught|unhandled/i);
  });
  it("a throw from a timer a plain handler or a synchronous GenServer callback set ends that process, not the shell's", () => {
    const out = piped([
      'const t = spawn_handler((m) => { setTimeout(() => { throw new Error("from a handler timer") }, 1) })',
      'send(t, 1)',
      'await Process.sleep(50)',
      "const [, s] = start({ init: () => ['ok', 0], handle_cast(m, st) { setTimeout(() => { throw new Error('from a callback timer') }, 1); return ['noreply', st] } })",
      "cast(s, 'go')",
      'await Process.sleep(50)',
      '[Process.alive(t), Process.alive(s), self()]',
    ]);
    assert.match(out, /\[error\] Process #PID<0\.109\.0> raised an exception\n\*\* \(Error\) from a handler timer\n/);
    assert.match(out, /\[error\] GenServer #PID<0\.110\.0> terminating\n\*\* \(Error\) from a callback timer\n/);
    assert.match(out, /^\[false, false, #PID<0\.108\.0>\]$/m, 'both ended; the shell process is the same');
    assert.doesNotMatch(out, /shell process exited|Uncaught/);
  });
});

describe('owners of stray errors in the shell', () => {
  it("a queueMicrotask callback's throw ends the process that queued it (a body, after an await or not, a handler), not the shell's", () => {
    const out = piped([
      'const a = spawn(async () => { await null; queueMicrotask(() => { throw new Error("qm after await") }); await receive() })',
      'await Process.sleep(50)',
      'const b = spawn(async () => { queueMicrotask(() => { throw new Error("qm sync") }); await receive() })',
      'await Process.sleep(50)',
      'const q = spawn_handler((m) => { queueMicrotask(() => { throw new Error("qm handler") }) })',
      'send(q, 1)',
      'await Process.sleep(50)',
      '[Process.alive(a), Process.alive(b), Process.alive(q), self()]',
    ]);
    assert.match(out, /\[error\] Process #PID<0\.109\.0> raised an exception\n\*\* \(Error\) qm after await\n/);
    assert.match(out, /\[error\] Process #PID<0\.110\.0> raised an exception\n\*\* \(Error\) qm sync\n/);
    assert.match(out, /\[error\] Process #PID<0\.111\.0> raised an exception\n\*\* \(Error\) qm handler\n/);
    assert.match(out, /^\[false, false, false, #PID<0\.108\.0>\]$/m, 'all three ended; the shell process is the same');
    assert.doesNotMatch(out, /shell process exited|Uncaught/);
  });

  it("send to a process whose receive predicate exits ends that process only: no error, the shell's process goes on", () => {
    const out = piped([
      "const w = spawn(async () => { await receive((m) => { Process.exit(self(), 'kill'); return true }) })",
      'send(w, 1)',
      '[Process.alive(w), self()]',
    ]);
    assert.match(out, /^1$/m, 'send returned its message');
    assert.match(out, /^\[false, #PID<0\.108\.0>\]$/m);
    assert.doesNotMatch(out, /TypeError|not a function|shell process exited/);
  });

  it("a killed body that resumes and throws is reported after its exit (killed); the shell's process goes on", () => {
    const out = piped([
      'let go = null',
      'const gate = { p: new Promise((r) => { go = r }) }',
      'const k = spawn(async () => { await gate.p; throw new Error("after the kill") })',
      "Process.exit(k, 'kill')",
      'go()',
      'await Process.sleep(50)',
      'self()',
    ]);
    assert.match(out, /\[error\] Process #PID<0\.109\.0> raised an exception after it had exited with reason: killed\n\*\* \(Error\) after the kill\n/);
    assert.match(out, /^#PID<0\.108\.0>$/m);
    assert.doesNotMatch(out, /shell process exited/);
  });
});
