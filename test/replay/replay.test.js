// genrepl replay: scripts, transcripts, Markdown, recordings and deterministic time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, BRIDGE, PYTHON, Screen } from '../helpers/terminal.js';

const DEMOS = fileURLToPath(new URL('../../scripts/demos/', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'genrepl-replay-'));
function run(args, input = '', opts = {}) {
  const env = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: opts.cwd, env, timeout: 60000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

/** Runs a command in a pseudo-terminal (its input kept open until it exits). */
function runInTerminal(cmd) {
  const p = spawn(PYTHON, [BRIDGE, '80', '24', '--', ...cmd], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => p.on('close', (status) => (p.stdin.destroy(), resolve({ status, stdout, stderr }))));
}

describe('shipped demos', () => {
  const scripts = readdirSync(DEMOS).filter((f) => f.endsWith('.genrepl'));
  it('are article, crash and supervisor', () => {
    assert.deepEqual(scripts.sort(), ['article.genrepl', 'crash.genrepl', 'supervisor.genrepl']);
  });
  for (const s of scripts) {
    const transcript = join(DEMOS, s.replace(/\.genrepl$/, '.transcript'));
    it(`${s}: replaying it gives its transcript, byte for byte, and the exit status piped input gives`, () => {
      const r = run(['replay', '--no-color', join(DEMOS, s)]);
      assert.equal(r.err, '');
      assert.equal(r.out, readFileSync(transcript, 'utf8'));
      const piped = run(['--deterministic'], readFileSync(join(DEMOS, s), 'utf8'));
      assert.equal(r.code, piped.code, 'one rule: 1 when an input failed');
      assert.equal(r.code, /^\*\* \(/m.test(r.out) ? 1 : 0);
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
    assert.match(r.out, new RegExp(`--- ${f.replace(/[.]/g, '\\.')}:\\d+ \\(expected\\)\\n\\+\\+\\+ ${f.replace(/[.]/g, '\\.')}:\\d+ \\(actual\\)\\n@@ -(\\d+),2 \\+\\1,2 @@ iex\\(3\\)> call\\(pid, \\['put', 'a', 'value'\\]\\)\\n iex\\(3\\)> call\\(pid, \\['put', 'a', 'value'\\]\\)\\n-'VALUE'\\n\\+'value'\\n`));
    assert.match(r.out, /\n\d+ passed, 1 failed\n$/);
    const line = Number(/^@@ -(\d+),/m.exec(r.out)[1]);
    assert.equal(readFileSync(f, 'utf8').split('\n')[line - 1], "iex(3)> call(pid, ['put', 'a', 'value'])", 'the hunk names the input\'s line in the file');
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
  it('an input that waits for what nothing can bring is abandoned with one line and the replay goes on', () => {
    const f = join(tmp(), 'stuck.genrepl');
    writeFileSync(f, "await receive()\n'after'\n");
    const r = run(['replay', '--no-color', f]);
    assert.equal(r.out, "iex(1)> await receive()\n** (EXIT) the input waits for something no process or timer can bring: nothing else is running\niex(1)> 'after'\n'after'\n");
    assert.equal(r.code, 1);
  });
  it('shows the session as typed: prompts, echoed input, narration, directives', () => {
    const f = join(tmp(), 's.genrepl');
    writeFileSync(f, "// narration\n[1,\n 2]\n//! pause 1ms\n//! advance 250\nnow()\nfoo bar\n'goes on'\n");
    const r = run(['replay', f]);
    assert.equal(r.code, 1, 'an input failed (foo bar)');
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
    assert.deepEqual([head.width, head.height], [80, 24], 'the size values are printed for when stdout is not a terminal');
    assert.ok(Math.abs(head.timestamp - Date.now() / 1000) < 120, `a real start time, not ${head.timestamp}`);
    let t = 0;
    for (const e of events) {
      assert.equal(e.length, 3);
      assert.equal(e[1], 'o');
      assert.ok(e[0] >= t, `time ${e[0]} after ${t}`);
      t = e[0];
    }
    assert.ok(events.some((e) => e[2] === 'c') && events.filter((e) => e[2].length === 1).length > 100, 'typed one character at a time');
    const shown = events.map((e) => e[2]).join('');
    assert.match(shown, /\r\n/);
    assert.doesNotMatch(shown, /[^\r]\n/, 'every line ends as a terminal shows it: \\r\\n');
    assert.match(shown, /\x1b\[3\dm/, 'colours as the live session shows them, though stdout is a pipe');
    assert.doesNotMatch(r.out, /\x1b\[/, 'stdout is a pipe: no colours there');
    assert.equal(shown.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n'), r.out);
  });
  it('--cast plays without a staircase: a player (asciinema cat when installed, else the screen emulator) shows the session', async () => {
    const dir = tmp();
    const cast = join(dir, 'demo.cast');
    const r = run(['replay', '--no-color', '--cast', cast, join(DEMOS, 'crash.genrepl')]);
    assert.equal(r.err, '');
    const hasAsciinema = spawnSync('asciinema', ['--version']).status === 0;
    // asciinema cat reads keys from /dev/tty: it runs in a pseudo-terminal, with the terminal's
    // own newline translation off so that the recording's bytes arrive as they are.
    const played = hasAsciinema
      ? await runInTerminal(['sh', '-c', 'stty -onlcr && exec asciinema cat "$0"', cast])
      : { status: 0, stdout: readFileSync(cast, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l)[2]).join('') };
    assert.equal(played.status, 0, played.stderr);
    const screen = new Screen(500, { lf: 'raw' });
    screen.feed(played.stdout);
    assert.equal(screen.text().trimEnd(), r.out.trimEnd().split('\n').map((l) => l.trimEnd()).join('\n'));
  });
  it('--cast --deterministic: timestamp 0 and the same bytes every time; --no-color: no colours in the cast', () => {
    const dir = tmp();
    const a = join(dir, 'a.cast'), b = join(dir, 'b.cast');
    for (const f of [a, b]) assert.equal(run(['replay', '--no-color', '--deterministic', '--cast', f, join(DEMOS, 'article.genrepl')]).code, 0);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
    assert.equal(JSON.parse(readFileSync(a, 'utf8').split('\n')[0]).timestamp, 0);
    assert.doesNotMatch(readFileSync(a, 'utf8'), /\\u001b\[3\dm/);
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
    assert.deepEqual([b.code, b.err], [2, `genrepl: ${bad}: line 2: a transcript starts with a prompt line (iex(1)> … or iex> …), found: hello\n`]);
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

describe('replay --check and processes that do not stop', () => {
  it('two processes playing ping-pong for ever do not hold the next input back (as in the shell the transcript came from)', () => {
    const f = join(tmp(), 'ping-pong.transcript');
    const loop = 'spawn(async () => { for (;;) { const [from] = await receive(); send(from, [self()]) } })';
    writeFileSync(f, `iex(1)> const a = ${loop}\n#PID<0.109.0>\niex(2)> const b = ${loop}\n#PID<0.110.0>\niex(3)> send(a, [b])\n[#PID<0.110.0>]\niex(4)> [Process.alive(a), Process.alive(b)]\n[true, true]\n`);
    const r = run(['replay', '--check', '--timeout', '5000', f]);
    assert.equal(r.out, '4 passed, 0 failed\n', r.err);
    assert.equal(r.code, 0);
  });
});

describe('replay --check as doctests', () => {
  // A lesson as a person wrote it from a session that went well; the student's version has one
  // typo (cal for call), which fails that input and shifts every later prompt number.
  const lesson = (prompt) => {
    const p = (n) => (prompt === 'numbered' ? `iex(${n})>` : 'iex>');
    const c = (n) => (prompt === 'numbered' ? `...(${n})>` : '...>');
    return [
      `${p(1)} const [ok, pid] = start(MyKeyStore, [])`, "['ok', #PID<0.109.0>]",
      `${p(2)} cal(pid, ['put', 'a', 1])`, '1',
      `${p(3)} call(pid, ['get', 'a'])`, 'null',
      `${p(4)} [1,`, `${c(4)} 2]`, '[1, 2]',
      `${p(5)} foo bar`, "** (SyntaxError) iex:5:5: Expected ';', '}' or <eof>", '    |', '  5 | foo bar', '    |     ^',
      `${p(5)} self()`, '#PID<0.108.0>',
    ].join('\n') + '\n';
  };
  for (const prompt of ['iex>', 'numbered']) {
    it(`${prompt} prompts: one wrong input reports exactly one failure, and only its own diff`, () => {
      const f = join(tmp(), 'lesson.transcript');
      writeFileSync(f, lesson(prompt));
      const r = run(['replay', '--check', f]);
      assert.equal(r.code, 1);
      assert.match(r.out, /\n5 passed, 1 failed\n$/);
      assert.equal(r.out.match(/^--- /gm).length, 1);
      const diff = r.out.slice(0, r.out.indexOf('\n\n'));
      assert.match(diff, new RegExp(`^--- ${f.replace(/[.]/g, '\\.')}:3 \\(expected\\)\\n\\+\\+\\+ [^\\n]+:3 \\(actual\\)\\n@@ -3,2 \\+3,\\d+ @@ [^\\n]+\\n [^\\n]*cal\\(pid, \\['put', 'a', 1\\]\\)\\n-1\\n\\+\\*\\* \\(ReferenceError\\) cal is not defined`));
    });
  }
  it('a failing input in the middle of a Markdown lesson shows its own diff, at its own line', () => {
    const md = join(tmp(), 'lesson.md');
    writeFileSync(md, "# Lesson\n\n```genrepl\niex> const [ok, pid] = start(MyKeyStore, [])\n['ok', #PID<0.109.0>]\n```\n\nPut a value.\n\n```genrepl\niex> call(pid, ['put', 'a', 1])\n1\niex> call(pid, ['get', 'a'])\n2\niex> call(pid, ['get', 'b'])\nnull\n```\n\n```genrepl\niex> state(pid)\nnew Map([['a', 1]])\n```\n");
    const r = run(['replay', '--check', md]);
    assert.equal(r.code, 1);
    assert.equal(r.out, `--- ${md}:13 (expected)\n+++ ${md}:13 (actual)\n@@ -13,2 +13,2 @@ iex> call(pid, ['get', 'a'])\n iex> call(pid, ['get', 'a'])\n-2\n+1\n\n4 passed, 1 failed\n`);
    assert.equal(run(['replay', '--check', '--update', md]).code, 0);
    assert.match(readFileSync(md, 'utf8'), /\niex> call\(pid, \['get', 'a'\]\)\n1\niex> call/, '--update keeps iex> prompts');
  });
});

describe('replay robustness', () => {
  it('--timeout: an input that runs or waits too long fails with its line, and the rest goes on', () => {
    const f = join(tmp(), 'slow.transcript');
    writeFileSync(f, "iex(1)> 1 + 1\n2\niex(2)> while (true) {}\nnull\niex(2)> await receive()\n'x'\niex(2)> const [, spin] = start({ init: () => ['ok', 0], handle_cast() { while (true) {} } })\n['ok', #PID<0.109.0>]\niex(3)> cast(spin, 'go')\n'ok'\niex(4)> 'after'\n'after'\n");
    const r = run(['replay', '--check', '--timeout', '300', f]);
    assert.equal(r.code, 1);
    for (const line of [3, 5, 9]) assert.match(r.out, new RegExp(`(^|\\n)${f.replace(/[.]/g, '\\.')}:${line}: the input ran longer than 300 ms and was stopped\\n--- `));
    assert.match(r.out, /\n3 passed, 3 failed\n$/);
  });
  it('--check stops an input after 10 s unless --timeout says otherwise', () => {
    const f = join(tmp(), 'wait.transcript');
    writeFileSync(f, "iex(1)> await receive()\n'x'\niex(1)> 'next'\n'next'\n");
    const t0 = Date.now();
    const r = run(['replay', '--check', f]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /:1: the input ran longer than 10000 ms and was stopped\n[\s\S]*\n1 passed, 1 failed\n$/);
    assert.ok(Date.now() - t0 >= 10000);
  });
  it('replay --timeout: a runaway input is named on stderr, the replay goes on and exits 1', () => {
    const f = join(tmp(), 'spin.genrepl');
    writeFileSync(f, "'before'\nwhile (true) {}\n'after'\n");
    const r = run(['replay', '--timeout', '300', f]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `genrepl: ${f}:2: the input ran longer than 300 ms and was stopped\n`);
    assert.match(r.out, /\*\* \(EXIT\) interrupted\niex\(2\)> 'after'\n'after'\n$/);
  });
  it('refuses a file that is not text, and a --cast path it cannot write, before playing anything', () => {
    const dir = tmp();
    const bin = join(dir, 'garbage.bin');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x0a, 0x31, 0x0a]));
    assert.deepEqual(run(['replay', bin]), { out: '', err: `genrepl: cannot replay ${bin}: it is not text (binary data)\n`, code: 2 });
    const script = join(dir, 'ok.genrepl');
    writeFileSync(script, "'hello'\n");
    const castPath = join(dir, 'no-such-dir', 'demo.cast');
    assert.deepEqual(run(['replay', '--cast', castPath, script]), { out: '', err: `genrepl: cannot write ${castPath}: no such file\n`, code: 2 });
  });
  it('refuses options that do not go together, with a clear line and exit 2', () => {
    const f = join(tmp(), 't.transcript');
    writeFileSync(f, 'iex(1)> 1\n1\n');
    const cases = [
      [['replay', '--check', '--step', f], /^genrepl replay: --step is for presenting a script; --check runs without waiting/],
      [['replay', '--update', f], /^genrepl replay: --update rewrites a checked transcript: use it with --check\n$/],
      [['--seed', '7'], /^error: --seed needs --deterministic/],
    ];
    for (const [args, re] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
      assert.equal(r.out, '');
    }
    assert.equal(readFileSync(f, 'utf8'), 'iex(1)> 1\n1\n', 'nothing rewritten');
  });
});
