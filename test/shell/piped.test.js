// The shell fed piped input (no terminal, no prompts), run in this process through
// captureShell: results, errors, crash reports, helpers. The command line itself, and what
// needs a child process (its environment, its directory, its exit), is in cli.test.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runShell } from '../helpers/capture.js';

describe('piped input', () => {
  it('evaluates each input without prompts or colour and exits 0', async () => {
    const r = await runShell("1 + 1\nconst [ok, pid] = start(MyKeyStore, [])\n[1, 2,\n3]\nself()\n");
    assert.equal(r.code, 0);
    assert.equal(r.out, "2\n['ok', #PID<0.109.0>]\n[1, 2, 3]\n#PID<0.108.0>\n");
    assert.doesNotMatch(r.out, /\x1b\[/);
  });
  it('imports bind names for later inputs (named, default, namespace, type-only, side effect)', async () => {
    const r = await runShell("import { join, basename as base } from 'node:path'\nimport fs from 'node:fs'\nimport * as os from 'node:os'\nimport type { Stats } from 'node:fs'\nimport 'node:util'\njoin('a', 'b')\nbase('/x/y.ts')\ntypeof fs.readFileSync\ntypeof os.tmpdir\n");
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, "undefined\nundefined\nundefined\nundefined\nundefined\n'a/b'\n'y.ts'\n'function'\n'function'\n");
  });
  it('goes on after a failing input and exits 1', async () => {
    const r = await runShell("foo bar\nthrow 'x'\n'still here'\n");
    assert.equal(r.code, 1);
    assert.equal(r.out, "** (SyntaxError) iex:1:5: Expected ';', '}' or <eof>\n    |\n  1 | foo bar\n    |     ^\n** (throw) 'x'\n'still here'\n");
  });
  it('names the line where input ends inside an incomplete expression', async () => {
    const r = await runShell("1\n[1, 2,\n");
    assert.equal(r.code, 1);
    assert.match(r.out, /\*\* \(TokenMissingError\) the input ends inside an incomplete expression \(started on line 2\)/);
  });
  it('shows crash reports in order with results, as iex does', async () => {
    const r = await runShell("const [ok, pid] = start(MyKeyStore, [])\nsend(pid, 'hello')\nawait Process.sleep(10)\n");
    assert.match(r.out, /^\['ok', #PID<0\.109\.0>\]\n'hello'\n\n\d\d:\d\d:\d\d\.\d{3} \[error\] MyKeyStore #PID<0\.109\.0> received unexpected message in handle_info\/2: 'hello'\n'ok'\n$/);
  });
  it('--typecheck reports type errors at the typed line and column, and goes on', async () => {
    const r = await runShell("let q: string = 5\nconst [ok, pid] = start(MyKeyStore, [])\nconst n: number = 1 + 1\nconst got = call(pid, ['get', 'a'])\ncall(pid)\n", { typecheck: true });
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      "** (CompileError) iex:1:5: Type 'number' is not assignable to type 'string'.\n    |\n  1 | let q: string = 5\n    |     ^\n" +
        "['ok', #PID<0.109.0>]\n2\nnull\n** (CompileError) iex:4:1: Expected 2-3 arguments, but got 1.\n    |\n  4 | call(pid)\n    | ^\n",
    );
  });
  it('a missing --require file: one line naming it, exit 1', async () => {
    const r = await runShell('1\n', { requires: ['nope.ts'] });
    assert.match(r.out, /^\*\* \(File\.Error\) could not read nope\.ts: no such file or directory\n1\n$/);
    assert.equal(r.code, 1);
  });
});

describe('helpers', () => {
  it("h() lists the helpers; h(call), h('Process.send_after/3') and h(GenServer) show the whole TSDoc with its examples", async () => {
    const docs = JSON.parse(readFileSync(new URL('../../dist/docs.json', import.meta.url), 'utf8'));
    const r = await runShell("h()\nh(call)\nh('Process.send_after/3')\nh(GenServer)\nh(42)\n");
    assert.match(r.out, /^iex's helpers, in genrepl/);
    for (const name of ['h(thing?)', 'i(value)', 'v(n?)', 'flush()', 'state(server)', 'mailbox(pid)', 'ps()', 'clear()', 'respawn()', 'c(file)', 'r(mod)', 'advance(ms)', 'now()']) assert.match(r.out, new RegExp(`\\n  ${name.replace(/[()?]/g, '\\$&')} +\\S`), name);
    assert.match(r.out, /\nAlso preloaded: [^]*\bstart_link, call,\s+cast\b/);
    // The shell's own helpers lead; a helper the package exports too comes last, shown as a user calls it.
    assert.match(r.out, /^iex's helpers, in genrepl[^\n]*\n\n  h\(thing\?\) /);
    assert.match(r.out, /\n  now\(\) [^]*\n  web\(rt\?\) +Serves the projector page[^]*\n\nAlso preloaded/);
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
  it('v() and v(n) follow iex\'s rules; _ is the last result', async () => {
    const r = await runShell("10\n20\nv()\nv(1)\nv(-2)\nv(99)\n_\n");
    assert.equal(r.out, '10\n20\n20\n10\n20\n** (RuntimeError) v(99) is out of bounds\n    iex:6:1: (file)\n20\n');
  });
  it('i(value) describes any value: strings, arrays, maps, classes', async () => {
    const r = await runShell("i('ok')\ni([1, 2])\ni(new Map([['a', 1]]))\ni(MyKeyStore)\n");
    assert.match(r.out, /^Term\n  'ok'\nData type\n  string\nByte size\n  2\nDescription\n  A string\. In genrepl, strings also play the part of Elixir atoms/);
    assert.match(r.out, /\nTerm\n  \[1, 2\]\nData type\n  Array\nLength\n  2\n/);
    assert.match(r.out, /\nTerm\n  new Map\(\[\['a', 1\]\]\)\nData type\n  Map\nSize\n  1\n/);
    assert.match(r.out, /\nTerm\n  \[class MyKeyStore\]\nData type\n  Class\n[\s\S]*GenServer callbacks\n  init, handle_call\n$/);
  });
  it('i(pid), ps(), mailbox(pid), state(pid), flush()', async () => {
    const r = await runShell("const [ok, pid] = start(MyKeyStore, [], { name: 'store' })\nawait call(pid, ['put', 'k', 1])\ni(pid)\nps()\nawait sys.suspend(pid)\nsend(pid, 'queued')\nmailbox(pid)\nsys.resume(pid).then(() => 'resumed')\nstate(pid)\nflush()\n");
    assert.match(r.out, /Term\n  #PID<0\.109\.0>\nData type\n  PID\nAlive\n  true\nName\n  'store'\nLinks\n  none\n/);
    assert.match(r.out, /Message queue length\n  0\nMessages handled\n  1\nBehaviour\n  GenServer \(module MyKeyStore\)\nState\n  new Map\(\[\['k', 1\]\]\)\n/);
    assert.match(r.out, /PID\s+NAME\s+MODULE \/ INITIAL CALL\s+STATUS\s+QUEUE\s+HANDLED\n#PID<0\.108\.0>\s+genrepl\.main\/0 \(shell\)\s+running\s+0\s+0\n#PID<0\.109\.0>\s+'store'\s+MyKeyStore \(GenServer\)\s+waiting\s+0\s+1\n/);
    assert.match(r.out, /\n'queued'\n\['queued'\]\n\n[\d:.]+ \[error\] MyKeyStore 'store' received unexpected message in handle_info\/2: 'queued'\n'resumed'\n/);
    assert.match(r.out, /new Map\(\[\['k', 1\]\]\)\n'ok'\n$/);
  });
  it('respawn() starts a new shell process without an EXIT message; bindings stay', async () => {
    const r = await runShell("const first = self()\nrespawn()\nconst second = self()\nfirst === second\n");
    assert.match(r.out, /^#PID<0\.108\.0>\n\ngenrepl [^\n]+\n#PID<0\.109\.0>\nfalse\n$/);
    assert.doesNotMatch(r.out, /EXIT from/);
  });
  it("c('file.ts') loads a file's exports; r(Module) reloads them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-c-'));
    const file = join(dir, 'stack.ts');
    writeFileSync(file, "import { reply } from 'genrepl';\nexport class Stack { init(x: number[]) { return ['ok', x]; } handle_call(_r: 'pop', _f: unknown, [h, ...t]: number[]) { return reply(h, t); } }\nexport const VERSION = 1;\n");
    const input = `c(${JSON.stringify(file)})\nconst [, s] = start(Stack, [7, 8])\nawait call(s, 'pop')\nrequire('fs').writeFileSync(${JSON.stringify(file)}, require('fs').readFileSync(${JSON.stringify(file)}, 'utf8').replace('VERSION = 1', 'VERSION = 2'))\nr(Stack)\nVERSION\n`;
    const r = await runShell(input);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^\['Stack', 'VERSION'\]\n\['ok', #PID<0\.109\.0>\]\n7\nundefined\n\['reloaded', \['Stack', 'VERSION'\]\]\n2\n$/);
  });
});

describe('the shell process', () => {
  it('an unlinked crash changes nothing else; a linked one gives a new shell pid and keeps bindings; a normal exit restarts silently', async () => {
    const r = await runShell([
      "const [, a] = start({ init: () => ['ok', 5], handle_call() { throw new Error('kaboom') } })",
      "await call(a, 'boom').catch(() => 'caught')",
      'self()',
      "const [, b] = start_link({ init: () => ['ok', 5], handle_call() { throw new Error('kaboom') } })",
      "await call(b, 'boom')",
      'self()',
      'b',
      "Process.exit(self(), 'normal')",
      'self()',
    ]);
    const s = r.out;
    assert.match(s, /\n'caught'\n#PID<0\.108\.0>\n/);
    assert.match(s, /\*\* \(EXIT from #PID<0\.108\.0>\) shell process exited with reason: an exception was raised:\n    \*\* \(Error\) kaboom\n[\s\S]*your bindings are kept in the new shell process \(iex would forget them\)\n\ngenrepl \d+\.\d+\.\d+ \(TypeScript, Node [^\n]*\n/);
    const [, afterCrash] = s.split('your bindings are kept');
    const pids = [...afterCrash.matchAll(/#PID<0\.(\d+)\.0>/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 3, afterCrash);
    assert.ok(pids[0] > 110, afterCrash); // the new shell process
    assert.equal(afterCrash.split('** (EXIT from').length, 1, 'a normal exit prints no EXIT line');
    assert.match(afterCrash, /\ngenrepl [^\n]+\n#PID<0\.\d+\.0>\n$/);
    assert.notEqual(pids[2], pids[0]);
  });

  it("a call times out with iex's words and the late reply never reaches flush()", async () => {
    const r = await runShell([
      "const [, slow] = start({ init: () => ['ok', 0], handle_call(_r, from, s) { setTimeout(() => GenServer.reply(from, 'late'), 200); return ['noreply', s] } })",
      "call(slow, 'x', 50)",
      'await Process.sleep(300)',
      'flush()',
    ]);
    assert.match(r.out, /\*\* \(exit\) exited in: GenServer\.call\(#PID<0\.109\.0>, 'x', 50\)\n    \*\* \(EXIT\) time out\n/);
    assert.match(r.out, /\n'ok'\n'ok'\n$/);
  });
});
