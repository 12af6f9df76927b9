// The command line and piped input: no terminal, as in CI.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Term } from '../helpers/terminal.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Runs bin/genrepl with `input` on a pipe. */
function run(args, input = '', opts = {}) {
  const env = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'genrepl-home-')), ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: opts.cwd, env, timeout: 60000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

describe('genrepl (CLI)', () => {
  it('--version and --help', () => {
    assert.equal(run(['--version']).out.trim(), VERSION);
    const help = run(['--help']);
    assert.equal(help.code, 0);
    for (const flag of ['--no-color', '--history-file', '--no-history', '--typecheck', '--require', '--eval']) assert.match(help.out, new RegExp(flag));
  });
  it('an unknown flag or a bad value: one clear line and exit 2', () => {
    const r = run(['--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: unknown option '--bogus'\n/);
    const v = run(['--require', ' ']);
    assert.equal(v.code, 2);
    assert.match(v.err, /a file name is needed/);
  });
  it('-e evaluates, prints, and exits; a failure exits 1', () => {
    assert.deepEqual(run(['-e', "const [ok, pid] = start(MyKeyStore, []); call(pid, ['put', 'a', 1])"]), { out: '1\n', err: '', code: 0 });
    const r = run(['-e', "throw new TypeError('nope')"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /^\*\* \(TypeError\) nope\n/);
  });
});

describe('piped input', () => {
  it('an input that waits for what nothing can bring is abandoned with one line, and the next runs (not Node\'s exit 13)', () => {
    const r = run([], "await receive()\n'after'\n");
    assert.equal(r.out, "** (EXIT) the input waits for something no process or timer can bring: nothing else is running\n'after'\n");
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /unsettled|Warning/);
    const e = run(['-e', 'await receive()']);
    assert.equal(e.code, 1);
    assert.match(e.out, /waits for something no process or timer can bring/);
    const timer = run([], "Process.send_after(self(), 'late', 30)\nawait receive()\n");
    assert.match(timer.out, /\n'late'\n$/);
  });
  it('an error that escapes an input (a floating rejection, a throw from a timer) ends the shell process, never genrepl', () => {
    const r = run([], "Promise.reject(new Error('floating')); 'after'\nawait Process.sleep(50)\nsetTimeout(() => { throw new Error('later') }, 0); 'x'\nawait Process.sleep(50)\n'still here'\n");
    assert.match(r.out, /^'after'\n/);
    assert.match(r.out, /\*\* \(EXIT from #PID<0\.108\.0>\) shell process exited with reason: an exception was raised:\n    \*\* \(Error\) floating\n/);
    assert.match(r.out, /\*\* \(EXIT from #PID<0\.\d+\.0>\) shell process exited with reason: an exception was raised:\n    \*\* \(Error\) later\n/);
    assert.match(r.out, /\n'still here'\n$/);
    assert.equal(r.err, '');
  });
  it('writes nothing outside the project: the compiler loads from node_modules (nothing under ~/.cache)', () => {
    const home = mkdtempSync(join(tmpdir(), 'genrepl-home-'));
    const r = run([], 'const x: number = 41\nx + 1\n', { env: { HOME: home, XDG_CACHE_HOME: '' } });
    assert.equal(r.out, '41\n42\n');
    assert.deepEqual(readdirSync(home), []);
  });
});

describe('start-up files', () => {
  it('.genrepl.ts in the current directory and --require files run before the first input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-cwd-'));
    writeFileSync(join(dir, '.genrepl.ts'), "const greeting: string = 'hello from .genrepl.ts'\n");
    writeFileSync(join(dir, 'extra.ts'), 'function double(n: number) { return n * 2 }\n');
    const r = run(['-r', 'extra.ts'], 'greeting\ndouble(21)\n', { cwd: dir });
    assert.equal(r.out, "'hello from .genrepl.ts'\n42\n");
    assert.equal(r.code, 0);
  });
});

describe('colour', () => {
  it('is on for a terminal and off with NO_COLOR or --no-color', async () => {
    for (const [args, env, coloured] of [[['--no-history'], {}, true], [['--no-history'], { NO_COLOR: '1' }, false], [['--no-history', '--no-color'], {}, false]]) {
      const t = Term.start(args, { env });
      try {
        await t.waitFor(/iex\(1\)> ?$/);
        await t.enter("['a', 1]", /iex\(2\)> ?$/);
        assert.equal(/\x1b\[3\dm/.test(t.raw), coloured, JSON.stringify(env) + args);
      } finally {
        await t.close();
      }
    }
  });
  it('an unusable history file gives one warning of genrepl\'s own and the shell still works', async () => {
    const t = Term.start(['--history-file', '/nonexistent-dir/history']);
    try {
      await t.waitFor(/\nwarning: history is not saved: cannot write \/nonexistent-dir\/history \(its directory does not exist\)\niex\(1\)> ?$/);
      assert.equal(t.text().match(/history/gi)?.length, 2, t.text());
      assert.doesNotMatch(t.raw, /REPL session history|Could not open/);
      await t.enter('1 + 1', /iex\(2\)> ?$/);
    } finally {
      await t.close();
    }
  });
});
