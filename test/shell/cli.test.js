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
  it('writes nothing outside the project: the compiler loads from node_modules (nothing under ~/.cache)', () => {
    const home = mkdtempSync(join(tmpdir(), 'genrepl-home-'));
    const r = run([], 'const x: number = 41\nx + 1\n', { env: { HOME: home, XDG_CACHE_HOME: '' } });
    assert.equal(r.out, '41\n42\n');
    assert.deepEqual(readdirSync(home), []);
  });
  it('evaluates each input without prompts or colour and exits 0', () => {
    const r = run([], "1 + 1\nconst [ok, pid] = start(MyKeyStore, [])\n[1, 2,\n3]\nself()\n");
    assert.equal(r.code, 0);
    assert.equal(r.out, "2\n['ok', #PID<0.109.0>]\n[1, 2, 3]\n#PID<0.108.0>\n");
    assert.doesNotMatch(r.out, /\x1b\[/);
  });
  it('imports bind names for later inputs (named, default, namespace, type-only, side effect)', () => {
    const r = run([], "import { join, basename as base } from 'node:path'\nimport fs from 'node:fs'\nimport * as os from 'node:os'\nimport type { Stats } from 'node:fs'\nimport 'node:util'\njoin('a', 'b')\nbase('/x/y.ts')\ntypeof fs.readFileSync\ntypeof os.tmpdir\n");
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, "undefined\nundefined\nundefined\nundefined\nundefined\n'a/b'\n'y.ts'\n'function'\n'function'\n");
  });
  it('goes on after a failing input and exits 1', () => {
    const r = run([], "foo bar\nthrow 'x'\n'still here'\n");
    assert.equal(r.code, 1);
    assert.equal(r.out, "** (SyntaxError) iex:1:5: Expected ';', '}' or <eof>\n    |\n  1 | foo bar\n    |     ^\n** (throw) 'x'\n'still here'\n");
  });
  it('names the line where input ends inside an incomplete expression', () => {
    const r = run([], "1\n[1, 2,\n");
    assert.equal(r.code, 1);
    assert.match(r.out, /\*\* \(TokenMissingError\) the input ends inside an incomplete expression \(started on line 2\)/);
  });
  it('shows crash reports in order with results, as iex does', () => {
    const r = run([], "const [ok, pid] = start(MyKeyStore, [])\nsend(pid, 'hello')\nawait Process.sleep(10)\n");
    assert.match(r.out, /^\['ok', #PID<0\.109\.0>\]\n'hello'\n\n\d\d:\d\d:\d\d\.\d{3} \[error\] MyKeyStore #PID<0\.109\.0> received unexpected message in handle_info\/2: 'hello'\n'ok'\n$/);
  });
  it('--typecheck reports type errors at the typed line and column, and goes on', () => {
    const r = run(['--typecheck'], "let q: string = 5\nconst [ok, pid] = start(MyKeyStore, [])\nconst n: number = 1 + 1\nconst got = call(pid, ['get', 'a'])\ncall(pid)\n");
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      "** (CompileError) iex:1:5: Type 'number' is not assignable to type 'string'.\n    |\n  1 | let q: string = 5\n    |     ^\n" +
        "['ok', #PID<0.109.0>]\n2\nnull\n** (CompileError) iex:4:1: Expected 2-3 arguments, but got 1.\n    |\n  4 | call(pid)\n    | ^\n",
    );
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
  it('a missing --require file: one line naming it, exit 1', () => {
    const r = run(['-r', 'nope.ts'], '1\n');
    assert.match(r.out, /^\*\* \(File\.Error\) could not read nope\.ts: no such file or directory\n1\n$/);
    assert.equal(r.code, 1);
  });
});

describe('helpers', () => {
  it("h() lists the helpers; h(call), h('Process.send_after/3') and h(GenServer) show the whole TSDoc with its examples", () => {
    const docs = JSON.parse(readFileSync(new URL('../../dist/docs.json', import.meta.url), 'utf8'));
    const r = run([], "h()\nh(call)\nh('Process.send_after/3')\nh(GenServer)\nh(42)\n");
    assert.match(r.out, /^iex's helpers, in genrepl/);
    for (const name of ['h(thing?)', 'i(value)', 'v(n?)', 'flush()', 'state(server)', 'mailbox(pid)', 'ps()', 'clear()', 'respawn()', 'c(file)', 'r(mod)', 'advance(ms)', 'now()']) assert.match(r.out, new RegExp(`\\n  ${name.replace(/[()?]/g, '\\$&')} +\\S`), name);
    assert.match(r.out, /\nAlso preloaded: [^]*\bstart_link, call, cast\b/);
    // iex's layout: the call centred, the typed signature, the whole text, then the examples.
    for (const name of ['GenServer.call', 'Process.send_after']) {
      const d = docs[name];
      const shown = [`${' '.repeat(Math.floor((80 - d.head.length) / 2))}${d.head}`, '', `  ${d.spec}`, '', d.text, '', '## Examples', '', ...d.examples.map((e) => `    ${e}`)].join('\n');
      assert.ok(r.out.includes(shown), `h(${name}) shows its doc:\n${shown}\n---\n${r.out}`);
    }
    assert.match(docs['GenServer.call'].text, /late reply/, "the doc is GenServer.call's TSDoc, not a short copy");
    // A namespace shows its module doc (the file header), code blocks indented as iex does.
    assert.match(r.out, /\n {35}GenServer\n\nGenServer: a process that holds state[^]*\n    const \[, pid\] = GenServer\.start\(Stack, \[1\]\);\n[^]*## Timeouts\n/);
    assert.match(r.out, /\nNo documentation for 42\. Try h\(\) for the list\.\n$/);
  });
  it('v() and v(n) follow iex\'s rules; _ is the last result', () => {
    const r = run([], "10\n20\nv()\nv(1)\nv(-2)\nv(99)\n_\n");
    assert.equal(r.out, '10\n20\n20\n10\n20\n** (RuntimeError) v(99) is out of bounds\n    iex:6:1: (file)\n20\n');
  });
  it('i(value) describes any value: strings, arrays, maps, classes', () => {
    const r = run([], "i('ok')\ni([1, 2])\ni(new Map([['a', 1]]))\ni(MyKeyStore)\n");
    assert.match(r.out, /^Term\n  'ok'\nData type\n  string\nByte size\n  2\nDescription\n  A string\. In genrepl, strings also play the part of Elixir atoms/);
    assert.match(r.out, /\nTerm\n  \[1, 2\]\nData type\n  Array\nLength\n  2\n/);
    assert.match(r.out, /\nTerm\n  new Map\(\[\['a', 1\]\]\)\nData type\n  Map\nSize\n  1\n/);
    assert.match(r.out, /\nTerm\n  \[class MyKeyStore\]\nData type\n  Class\n[\s\S]*GenServer callbacks\n  init, handle_call\n$/);
  });
  it('i(pid), ps(), mailbox(pid), state(pid), flush()', () => {
    const r = run([], "const [ok, pid] = start(MyKeyStore, [], { name: 'store' })\nawait call(pid, ['put', 'k', 1])\ni(pid)\nps()\nawait sys.suspend(pid)\nsend(pid, 'queued')\nmailbox(pid)\nsys.resume(pid).then(() => 'resumed')\nstate(pid)\nflush()\n");
    assert.match(r.out, /Term\n  #PID<0\.109\.0>\nData type\n  PID\nAlive\n  true\nName\n  'store'\nLinks\n  none\n/);
    assert.match(r.out, /Message queue length\n  0\nMessages handled\n  1\nBehaviour\n  GenServer \(module MyKeyStore\)\nState\n  new Map\(\[\['k', 1\]\]\)\n/);
    assert.match(r.out, /PID\s+NAME\s+MODULE \/ INITIAL CALL\s+STATUS\s+QUEUE\s+HANDLED\n#PID<0\.108\.0>\s+genrepl\.main\/0 \(shell\)\s+running\s+0\s+0\n#PID<0\.109\.0>\s+'store'\s+MyKeyStore \(GenServer\)\s+waiting\s+0\s+1\n/);
    assert.match(r.out, /\n'queued'\n\['queued'\]\n\n[\d:.]+ \[error\] MyKeyStore 'store' received unexpected message in handle_info\/2: 'queued'\n'resumed'\n/);
    assert.match(r.out, /new Map\(\[\['k', 1\]\]\)\n'ok'\n$/);
  });
  it('respawn() starts a new shell process without an EXIT message; bindings stay', () => {
    const r = run([], "const first = self()\nrespawn()\nconst second = self()\nfirst === second\n");
    assert.match(r.out, /^#PID<0\.108\.0>\n\ngenrepl [^\n]+\n#PID<0\.109\.0>\nfalse\n$/);
    assert.doesNotMatch(r.out, /EXIT from/);
  });
  it("c('file.ts') loads a file's exports; r(Module) reloads them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-c-'));
    const file = join(dir, 'stack.ts');
    writeFileSync(file, "import { reply } from 'genrepl';\nexport class Stack { init(x: number[]) { return ['ok', x]; } handle_call(_r: 'pop', _f: unknown, [h, ...t]: number[]) { return reply(h, t); } }\nexport const VERSION = 1;\n");
    const input = `c(${JSON.stringify(file)})\nconst [, s] = start(Stack, [7, 8])\nawait call(s, 'pop')\nrequire('fs').writeFileSync(${JSON.stringify(file)}, require('fs').readFileSync(${JSON.stringify(file)}, 'utf8').replace('VERSION = 1', 'VERSION = 2'))\nr(Stack)\nVERSION\n`;
    const r = run([], input);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^\['Stack', 'VERSION'\]\n\['ok', #PID<0\.109\.0>\]\n7\nundefined\n\['reloaded', \['Stack', 'VERSION'\]\]\n2\n$/);
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
