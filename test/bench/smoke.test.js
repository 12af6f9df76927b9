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
    for (const id of ['spawn 100k waiting bodies', 'bytes per idle body', 'bytes per idle handler (spawn_handler)', 'ring of 1k GenServers x 1M hops (handle_info)', 'ring, await receive()', 'call 1 client', 'call 10 clients (async bodies)', 'cast fan-in 10 x 100k', 'timer lateness p99', 'MyKeyStore 200k calls', 'call by hand, await receive()', 'internal: ring of rt.spawn_handler', 'shell: first prompt', 'shell: eval p99']) {
      assert.ok(ids.includes(id), id);
    }
    // the memory rows are held to an absolute bound, shown beside the figure
    const mem = out.rows.find((row) => row.workload === 'bytes per idle body');
    assert.equal(mem.limit, 300);
    assert.equal(typeof mem.meets, 'boolean');
    for (const row of out.rows) assert.ok(Number.isFinite(row.genrepl.median) && row.genrepl.median >= 0, `${row.workload}: ${row.genrepl.median}`);
  });
});
