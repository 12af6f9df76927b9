// Lessons are portable: the shipped transcripts pass `replay --check` with genrepl installed from
// its `npm pack` tarball into another folder, as students get it, not only from this clone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMOS = join(ROOT, 'scripts', 'demos');

describe('portable transcripts', () => {
  it('the shipped transcripts pass replay --check with the package installed from its tarball', { timeout: 240000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-pack-'));
    const npm = (args, cwd) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 200000, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
    // --ignore-scripts: dist/ is already built by the test command (pretest).
    const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = join(dir, pack.stdout.trim().split('\n').pop());
    const app = join(dir, 'app');
    const inst = npm(['install', '--prefix', app, '--prefer-offline', '--no-package-lock', tarball], dir);
    assert.equal(inst.status, 0, inst.stderr);
    const bin = join(app, 'node_modules', '.bin', 'genrepl');
    for (const t of readdirSync(DEMOS).filter((f) => f.endsWith('.transcript'))) {
      const r = spawnSync(bin, ['replay', '--check', join(DEMOS, t)], { cwd: dir, encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, `${t} with the installed package:\n${r.stdout}${r.stderr}`);
    }
  });
});
