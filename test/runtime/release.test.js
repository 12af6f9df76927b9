// Dead processes are released: a pid outlives its process only as a small value.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GenServer, Process } from '../../dist/index.js';
import { fresh } from '../helpers/runtime.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/release.mjs', import.meta.url));

describe('dead processes are released', () => {
  it('after GenServer.stop and a kill, a GC returns the state held by the dead processes (pids kept)', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', FIXTURE], { encoding: 'utf8' }));
    assert.equal(out.alive, false);
    // Two arrays of 1,000,000 numbers: about 16 MB while the processes run.
    assert.ok(out.running - out.before > 12e6, `held while running: ${out.running - out.before} B`);
    assert.ok(out.after - out.before < 2e6, `left after stop + GC: ${out.after - out.before} B`);
  });

  it('a dead pid no longer reaches its process record', async () => {
    const rt = fresh();
    const [, pid] = GenServer.start({ init: () => ['ok', { big: 'state' }] });
    assert.notEqual(pid.proc, null);
    await GenServer.stop(pid);
    assert.equal(pid.proc, null);
    assert.equal(Process.alive(pid), false);
    assert.equal(rt.pid(String(pid)), pid, 'still the interned pid');
  });
});
