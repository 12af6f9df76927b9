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
