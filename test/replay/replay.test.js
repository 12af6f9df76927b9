// genrepl replay: scripts, transcripts, Markdown, recordings and deterministic time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/terminal.js';

const DEMOS = fileURLToPath(new URL('../../scripts/demos/', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'genrepl-replay-'));
function run(args, input = '', opts = {}) {
  const env = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: opts.cwd, env, timeout: 60000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

describe('shipped demos', () => {
  const scripts = readdirSync(DEMOS).filter((f) => f.endsWith('.genrepl'));
  it('are article, crash and supervisor', () => {
    assert.deepEqual(scripts.sort(), ['article.genrepl', 'crash.genrepl', 'supervisor.genrepl']);
  });
  for (const s of scripts) {
    const transcript = join(DEMOS, s.replace(/\.genrepl$/, '.transcript'));
    it(`${s}: replaying it gives its transcript, byte for byte`, () => {
      const r = run(['replay', '--no-color', join(DEMOS, s)]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, readFileSync(transcript, 'utf8'));
    });
    it(`${s}: its transcript passes replay --check`, () => {
      const r = run(['replay', '--check', transcript]);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /^\d+ passed, 0 failed\n$/);
    });
  }
});

describe('replay --check', () => {
  it('one altered line fails with a unified diff naming the input, and exit 1', () => {
    const dir = tmp();
    const f = join(dir, 'article.transcript');
    writeFileSync(f, readFileSync(join(DEMOS, 'article.transcript'), 'utf8').replace("'value'\niex(4)>", "'VALUE'\niex(4)>"));
    const r = run(['replay', '--check', f]);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`--- ${f.replace(/[.]/g, '\\.')}:\\d+ \\(expected\\)\\n\\+\\+\\+ ${f.replace(/[.]/g, '\\.')}:\\d+ \\(actual\\)\\n@@ -1,2 \\+1,2 @@ iex\\(3\\)> call\\(pid, \\['put', 'a', 'value'\\]\\)\\n iex\\(3\\)> call\\(pid, \\['put', 'a', 'value'\\]\\)\\n-'VALUE'\\n\\+'value'\\n`));
    assert.match(r.out, /\n\d+ passed, 1 failed\n$/);
  });
  it('checks every ```genrepl block of a Markdown file, and --update rewrites them', () => {
    const dir = tmp();
    const md = join(dir, 'lesson.md');
    writeFileSync(md, "# Lesson\n\n```genrepl\niex(1)> const [ok, pid] = start(MyKeyStore, [])\n['ok', #PID<0.109.0>]\n```\n\nText.\n\n```genrepl\niex(2)> call(pid, ['put', 'k', 1])\n2\n```\n");
    const bad = run(['replay', '--check', md]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /-2\n\+1\n/);
    assert.match(bad.out, /1 passed, 1 failed\n$/);
    const up = run(['replay', '--check', '--update', md]);
    assert.equal(up.code, 0);
    assert.equal(readFileSync(md, 'utf8'), "# Lesson\n\n```genrepl\niex(1)> const [ok, pid] = start(MyKeyStore, [])\n['ok', #PID<0.109.0>]\n```\n\nText.\n\n```genrepl\niex(2)> call(pid, ['put', 'k', 1])\n1\n```\n");
    assert.equal(run(['replay', '--check', md]).code, 0);
  });
  it('--update rewrites a transcript with the actual output', () => {
    const f = join(tmp(), 't.transcript');
    writeFileSync(f, 'iex(1)> 1 + 1\n3\n');
    assert.equal(run(['replay', '--check', '--update', f]).code, 0);
    assert.equal(readFileSync(f, 'utf8'), 'iex(1)> 1 + 1\n2\n');
  });
});

describe('replay', () => {
  it('shows the session as typed: prompts, echoed input, narration, directives', () => {
    const f = join(tmp(), 's.genrepl');
    writeFileSync(f, "// narration\n[1,\n 2]\n//! pause 1ms\n//! advance 250\nnow()\nfoo bar\n'goes on'\n");
    const r = run(['replay', f]);
    assert.equal(r.code, 0);
    assert.equal(r.out, "iex(1)> // narration\niex(1)> [1,\n...(1)>  2]\n[1, 2]\niex(2)> await advance(250)\n250\niex(3)> now()\n250\niex(4)> foo bar\n** (SyntaxError) iex:4:5: Expected ';', '}' or <eof>\n    |\n  4 | foo bar\n    |     ^\niex(4)> 'goes on'\n'goes on'\n");
  });
  it('--step waits for Enter before each input; the end of input stops the replay', () => {
    const f = join(tmp(), 'step.genrepl');
    writeFileSync(f, "'one'\n'two'\n'three'\n");
    const r = run(['replay', '--step', f], '\n\n');
    assert.equal(r.code, 0);
    assert.equal(r.out, "iex(1)> 'one'\n'one'\niex(2)> 'two'\n'two'\n");
  });
  it('--cast writes an asciicast v2 recording: a header, then events with non-decreasing times, typing included', () => {
    const dir = tmp();
    const cast = join(dir, 'demo.cast');
    const r = run(['replay', '--cast', cast, join(DEMOS, 'article.genrepl')]);
    assert.equal(r.code, 0);
    const [head, ...events] = readFileSync(cast, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(head.version, 2);
    assert.ok(head.width > 0 && head.height > 0);
    let t = 0;
    for (const e of events) {
      assert.equal(e.length, 3);
      assert.equal(e[1], 'o');
      assert.ok(e[0] >= t, `time ${e[0]} after ${t}`);
      t = e[0];
    }
    assert.ok(events.some((e) => e[2] === 'c') && events.filter((e) => e[2].length === 1).length > 100, 'typed one character at a time');
    assert.equal(events.map((e) => e[2]).join(''), r.out);
  });
  it('bad input: a missing file, an unfinished script, a transcript without prompts — one line each, exit 2', () => {
    const dir = tmp();
    const missing = run(['replay', join(dir, 'nope.genrepl')]);
    assert.deepEqual([missing.code, missing.err], [2, `genrepl: cannot read ${join(dir, 'nope.genrepl')}: no such file\n`]);
    const inc = join(dir, 'inc.genrepl');
    writeFileSync(inc, "1 + 1\nconst x = [1,\n  2,\n");
    const r = run(['replay', inc]);
    assert.deepEqual([r.code, r.err], [2, `genrepl: ${inc}: line 2: the script ends inside an incomplete input that starts here\n`]);
    const bad = join(dir, 'bad.transcript');
    writeFileSync(bad, '\nhello\niex(1)> 1\n1\n');
    const b = run(['replay', '--check', bad]);
    assert.deepEqual([b.code, b.err], [2, `genrepl: ${bad}: line 2: a transcript starts with a prompt line (iex(1)> …), found: hello\n`]);
    const unknown = join(dir, 'd.genrepl');
    writeFileSync(unknown, '//! jump 3\n');
    assert.match(run(['replay', unknown]).err, /line 1: unknown directive \/\/! jump/);
  });
});

describe('--deterministic and --record', () => {
  it('the same input gives the same bytes; the seed drives Math.random and rand.uniform', () => {
    const input = "const [ok, pid] = start(ChangingNumber, [])\ncall(pid, 'get')\nawait Process.sleep(1000)\ncall(pid, 'get')\nrand.uniform(100)\nnow()\nsend(pid, 'x')\n";
    const a = run(['--deterministic'], input);
    const b = run(['--deterministic'], input);
    assert.equal(a.out, b.out);
    assert.match(a.out, /^\['ok', #PID<0\.109\.0>\]\n(\d+)\n'ok'\n(?!\1\n)\d+\n\d+\n1000\n'x'\n/, 'the number changed while a second of simulated time passed');
    assert.doesNotMatch(a.out, /\d\d:\d\d:\d\d\.\d{3}/, 'no timestamps');
    const c = run(['--deterministic', '--seed', '7'], input);
    assert.notEqual(c.out, a.out);
  });
  it('--record writes a transcript that replay --check accepts as it is', () => {
    const f = join(tmp(), 'session.transcript');
    const r = run(['--deterministic', '--record', f], "const [ok, pid] = start(MyKeyStore, [])\ncall(pid, ['put', 'a', 1])\nsend(pid, 'hello')\n[1,\n2]\n");
    assert.equal(r.code, 0);
    assert.equal(readFileSync(f, 'utf8'), "iex(1)> const [ok, pid] = start(MyKeyStore, [])\n['ok', #PID<0.109.0>]\niex(2)> call(pid, ['put', 'a', 1])\n1\niex(3)> send(pid, 'hello')\n'hello'\n\n[error] MyKeyStore #PID<0.109.0> received unexpected message in handle_info/2: 'hello'\niex(4)> [1,\n...(4)> 2]\n[1, 2]\n");
    const check = run(['replay', '--check', f]);
    assert.equal(check.code, 0, check.out);
    assert.equal(check.out, '4 passed, 0 failed\n');
  });
});
