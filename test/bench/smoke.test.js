// The benchmark suite cannot rot: every workload runs once at a tiny size and reports a number.
// (No timing is asserted: speed is measured by npm run bench, not by the tests.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('../../scripts/bench/run.js', import.meta.url));

describe('npm run bench (smoke)', () => {
  it('runs every workload at a tiny size and prints machine-readable results with --json', () => {
    // A liveness bound, not a timing: the page rows start a browser, slow on a busy machine.
    const r = spawnSync(process.execPath, [RUN, '--quick', '--json'], { encoding: 'utf8', timeout: 300000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.quick, true);
    const ids = out.rows.map((row) => row.workload);
    for (const id of ['spawn 100k', 'bytes per idle process', 'ring 1k x 1M hops', 'call 1 client', 'call 10 clients', 'cast fan-in 10 x 100k', 'timer lateness p99', 'MyKeyStore 200k calls', 'ring, await receive()', 'call, await receive()', 'shell: first prompt', 'shell: eval p99']) {
      assert.ok(ids.includes(id), id);
    }
    for (const row of out.rows) assert.ok(Number.isFinite(row.genrepl.median) && row.genrepl.median >= 0, `${row.workload}: ${row.genrepl.median}`);
  });
});
