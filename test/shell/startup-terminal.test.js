// Start-up in a terminal: a dumb terminal, and what .genrepl.ts says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);

describe('start-up', () => {
  it('TERM=dumb: the first prompt is drawn once and no colour is sent', async () => {
    const t = Term.start(['--no-history'], { env: { TERM: 'dumb' } });
    try {
      await t.waitFor(P(1));
      await t.enter("['a', 1]", P(2));
      assert.equal(t.raw.match(/iex\(1\)>/g).length, 1, JSON.stringify(t.raw));
      assert.doesNotMatch(t.raw, /\x1b\[3\dm/);
      assert.match(t.text(), /iex\(1\)> \['a', 1\]\n\['a', 1\]\n/);
    } finally {
      await t.close();
    }
  });

  it('.genrepl.ts: a dim "loaded .genrepl.ts" line on a terminal; the file named when it throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-dot-'));
    writeFileSync(join(dir, '.genrepl.ts'), "const greeting: string = 'hi'\n");
    const t = Term.start(['--no-history'], { cwd: dir });
    try {
      await t.waitFor(P(1));
      assert.match(t.text(), /\nloaded \.genrepl\.ts\niex\(1\)> ?$/);
      assert.match(t.raw, /\x1b\[90mloaded \.genrepl\.ts\x1b\[39m/, 'dim');
      await t.enter('greeting', /'hi'\niex\(2\)> ?$/);
    } finally {
      await t.close();
    }
    const bad = mkdtempSync(join(tmpdir(), 'genrepl-dot-'));
    writeFileSync(join(bad, '.genrepl.ts'), "const ready = 1\nthrow new Error('broken setup')\n");
    const u = Term.start(['--no-history'], { cwd: bad, cols: 200 });
    try {
      await u.waitFor(P(1));
      assert.match(u.text(), new RegExp(`\\nerror while loading ${join(bad, '.genrepl.ts').replace(/[.]/g, '\\.')}:\\n\\*\\* \\(Error\\) broken setup\\n`));
      assert.doesNotMatch(u.text(), /loaded \.genrepl\.ts/);
    } finally {
      await u.close();
    }
    const piped = spawnSync(process.execPath, [BIN], { cwd: bad, input: "'after'\n", encoding: 'utf8' });
    assert.match(piped.stdout, /^error while loading \S+\.genrepl\.ts:\n\*\* \(Error\) broken setup\n[\s\S]*'after'\n$/);
    assert.equal(piped.status, 1);
  });
});
