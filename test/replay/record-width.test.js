// A --record made in a terminal wider than 80 columns carries its width (`# width: N` on its
// first line), and replay --check wraps values at that width, as the recording session did.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Term } from '../helpers/terminal.js';

describe('--record in a 100-column terminal', () => {
  it('writes its width, and replay --check passes with a value wider than 80 columns on one line', async () => {
    const transcript = join(mkdtempSync(join(tmpdir(), 'genrepl-width-')), 'wide.transcript');
    const t = Term.start(['--no-history', '--deterministic', '--record', transcript], { cols: 100 });
    try {
      await t.waitFor(/iex\(1\)> ?$/);
      // 84 characters: one line at 100 columns, wrapped at 80.
      await t.enter("Array.from({ length: 7 }, (_, i) => 'element' + i)", /iex\(2\)> ?$/);
    } finally {
      await t.close();
    }
    const recorded = readFileSync(transcript, 'utf8');
    assert.match(recorded, /^# width: 100\niex\(1\)> Array\.from/);
    assert.match(recorded, /^\['element0', [^\n]+, 'element6'\]$/m);
    const check = spawnSync(process.execPath, [BIN, 'replay', '--check', transcript], { encoding: 'utf8', timeout: 60000 });
    assert.equal(check.stdout, '1 passed, 0 failed\n');
    assert.equal(check.status, 0);
  });
});
