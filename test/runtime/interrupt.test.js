import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

describe('interrupting a running process', () => {
  it("SIGINT during a runaway handler kills that process with reason 'interrupted'; Node lives on", async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../fixtures/runaway.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('ready') && !child.sent) { child.sent = true; setTimeout(() => child.kill('SIGINT'), 400); } });
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 0, err);
    assert.match(out, /down true interrupted/);
    assert.match(out, /main alive true/);
    assert.match(err, /\[error\] Process #PID<0\.109\.0> was interrupted \(Ctrl-C\)/);
  });

  for (const mode of ['body', 'server']) {
    it(`SIGINT during a runaway loop after an await (${mode === 'body' ? 'a body after await receive()' : 'an async GenServer callback after await null'}) kills that process; the others and Node live on`, async () => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('../fixtures/runaway-async.mjs', import.meta.url)), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      child.stdout.on('data', (d) => { out += d; if (out.includes('ready') && !child.sent) { child.sent = true; setTimeout(() => child.kill('SIGINT'), 600); } });
      child.stderr.on('data', (d) => { err += d; });
      const guard = setTimeout(() => child.kill('SIGKILL'), 20000);
      const code = await new Promise((r) => child.on('exit', (c, sig) => r(c ?? sig)));
      clearTimeout(guard);
      assert.equal(code, 0, err);
      assert.match(out, /down true interrupted/);
      assert.match(out, /other answers: still here/, 'another process still runs, and main receives after the interruption');
      assert.match(out, /main alive true/);
      assert.match(err, /\[error\] Process #PID<0\.109\.0> was interrupted \(Ctrl-C\)/);
    });
  }
});
