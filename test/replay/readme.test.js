// The README cannot drift from the product: every ```genrepl block in it is a transcript,
// replayed and compared (deterministic mode) by `genrepl replay --check README.md`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/terminal.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'genrepl-readme-'));

function check(file) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, 'replay', '--check', file], { encoding: 'utf8', env, timeout: 120000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

/** Prompt lines inside ```genrepl fences, counted apart from the checker: each is one input. */
function inputsIn(text) {
  let fence = null;
  let genrepl = false;
  let n = 0;
  for (const line of text.split('\n')) {
    const f = /^ *(`{3,}|~{3,})\s*(\S*)\s*$/.exec(line);
    if (f !== null && fence === null) [fence, genrepl] = [f[1], f[2] === 'genrepl'];
    else if (f !== null && f[1] === fence && f[2] === '') fence = null;
    else if (fence !== null && genrepl && /^\s*iex(\(\d+\))?> /.test(line)) n++;
  }
  return n;
}

describe('README.md', () => {
  it('every ```genrepl block replays as it is written (deterministic mode)', () => {
    const text = readFileSync(README, 'utf8');
    const inputs = inputsIn(text);
    assert.ok(inputs >= 30, `expected the README's sessions as genrepl blocks, found ${inputs} inputs`);
    const r = check(README);
    assert.equal(r.err, '', r.err);
    // On a difference, the message is the checker's diff naming the README's line.
    assert.equal(r.code, 0, `README.md has examples that differ from what genrepl prints:\n\n${r.out}`);
    assert.match(r.out, new RegExp(`^${inputs} passed, 0 failed\\n$`, 'm'), 'every block and every input was checked');
  });

  it('a README example that drifts fails with a diff naming its line', () => {
    const text = readFileSync(README, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^iex\(\d+\)> call\(pid, \['get', 'a'\]\)$/.test(l) && lines[lines.indexOf(l) + 1] === 'null');
    assert.ok(at > 0, 'the tour reads key a before it is put');
    lines[at + 1] = "'surprise'";
    const dir = tmp();
    const file = join(dir, 'README.md');
    writeFileSync(file, lines.join('\n'));
    const r = check(file);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^--- ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at + 1} \\(expected\\)$`, 'm'));
    assert.match(r.out, /^-'surprise'$/m);
    assert.match(r.out, /^\+null$/m);
    assert.match(r.out, / 1 failed\n$/);
  });
});

describe('replay --check of Markdown', () => {
  it("a block starting at iex(1)> is a new session; other blocks continue the one before", () => {
    const dir = tmp();
    const file = join(dir, 'lesson.md');
    writeFileSync(file, [
      '# One', '', '```genrepl', 'iex(1)> const [, a] = start(MyKeyStore, [])', "['ok', #PID<0.109.0>]", '```', '',
      'Later, same session:', '', '```genrepl', 'iex(2)> start(MyKeyStore, [])', "['ok', #PID<0.110.0>]", 'iex(3)> a', '#PID<0.109.0>', '```', '',
      '# Two: a new session', '', '```genrepl', 'iex(1)> start(MyKeyStore, [])', "['ok', #PID<0.109.0>]", '```', '',
    ].join('\n'));
    const r = check(file);
    assert.equal(r.out, '4 passed, 0 failed\n');
    assert.equal(r.code, 0);
  });

  it('a block indented in a list item is checked with its indentation taken off', () => {
    const dir = tmp();
    const file = join(dir, 'lesson.md');
    writeFileSync(file, ['- a list item:', '', '  ```genrepl', '  iex(1)> 1 + 1', '  2', '  iex(2)> [1,', '  ...(2)> 2]', '  [1, 2]', '  ```', ''].join('\n'));
    const r = check(file);
    assert.equal(r.out, '2 passed, 0 failed\n');
  });
});
