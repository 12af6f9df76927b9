// The shell's trace, untrace, seq and tree, through the real shell (piped, --deterministic):
// what they print, that they stop, that they never throw on odd targets, and the same bytes every run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/terminal.js';

function run(args, input = '') {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env, timeout: 60000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}
const shell = (lines) => run(['--deterministic', '--no-color'], lines.join('\n') + '\n');

const COUNTER = "const Counter = { name: 'Counter', init: (n) => ['ok', n], handle_call: (r, _f, n) => { if (r === 'crash') throw new Error('boom'); return r === 'get' ? ['reply', n, n] : ['reply', 'ok', n + 1] }, handle_cast: (r, n) => ['noreply', n + r[1]], handle_info: (_m, n) => ['noreply', n] }";

describe('trace / untrace', () => {
  it('prints each event of a named server in sys.trace words, and nothing after untrace', () => {
    const r = shell([
      COUNTER,
      "const [, pid] = start(Counter, 0, { name: 'counter' })",
      "trace('counter')",
      "await call('counter', 'inc')",
      "cast(pid, ['add', 5])",
      "spawn(function pinger() { send(pid, 'hello') })",
      "untrace('counter')",
      "await call(pid, 'inc')",
    ]);
    assert.equal(r.code, 0, r.out);
    const dbg = r.out.split('\n').filter((l) => l.startsWith('*DBG*'));
    assert.deepEqual(dbg, [
      "*DBG* 'counter' got call 'inc' from #PID<0.108.0>",
      "*DBG* 'counter' sent 'ok' to #PID<0.108.0>",
      "*DBG* 'counter' new state 1",
      "*DBG* 'counter' got cast ['add', 5] from #PID<0.108.0>",
      "*DBG* 'counter' new state 6",
      "*DBG* 'counter' got 'hello' from #PID<0.110.0>",
      "*DBG* 'counter' new state 6",
    ]);
  });

  it("traces a pid or 'all' (spawns, links, exits, timers), once per event however many traces see it", () => {
    const r = shell([
      "trace('all')",
      'trace(self())',
      "const p = spawn_link(async function worker() { await receive(); exit('done') })",
      "Process.send_after(p, 'wake', 50)",
      'await Process.sleep(100)',
      'untrace()',
      "spawn(() => 1)",
    ]);
    const dbg = r.out.split('\n').filter((l) => l.startsWith('*DBG*'));
    assert.deepEqual(dbg, [
      '*DBG* #PID<0.108.0> spawned #PID<0.109.0> (spawn.worker/0)',
      '*DBG* #PID<0.108.0> linked to #PID<0.109.0>',
      "*DBG* #PID<0.109.0> got 'wake' from a timer",
      "*DBG* #PID<0.109.0> exited, reason 'done'",
      // the shell is linked to the worker: it goes down too, as in iex (and the trace with it)
      "*DBG* #PID<0.108.0> exited, reason 'done'",
    ]);
    assert.match(r.out, /\*\* \(EXIT from #PID<0\.108\.0>\) shell process exited with reason: 'done'/);
  });

  it('shortens long terms to one line', () => {
    const r = shell(["const h = spawn_handler(() => {})", 'trace(h)', "send(h, 'x'.repeat(300))"]);
    const line = r.out.split('\n').find((l) => l.startsWith('*DBG*'));
    assert.ok(line.length <= 100, line);
    assert.match(line, /^\*DBG\* #PID<0\.109\.0> got 'xxxx+…/);
  });

  it('refuses what is not a target, in iex words; a dead pid is said', () => {
    const r = shell(['trace(42)', 'const d = spawn(() => 1)', 'await Process.sleep(1)', 'trace(d)', 'untrace()']);
    assert.match(r.out, /\*\* \(ArgumentError\) trace expects a pid, a registered name or 'all', got: 42/);
    assert.match(r.out, /\*\* \(ArgumentError\) trace: #PID<0\.109\.0> is not alive/);
    assert.doesNotMatch(r.out + r.err, /TypeError|at Object\.|node:/);
  });
});

describe('seq', () => {
  it('draws a call and its reply between named lifelines, and a crash marked X', () => {
    const r = shell([
      COUNTER,
      "const [, pid] = start(Counter, 41, { name: 'counter' })",
      "await seq(() => call('counter', 'inc'))",
      "const w = spawn_handler(function relay(m) { if (m === 'die') throw new Error('bye'); cast(pid, ['add', 1]) })",
      "await seq(async () => { send(w, 'go'); await Process.sleep(10); send(w, 'die') })",
    ]);
    assert.equal(r.code, 0, r.out);
    const lines = r.out.split('\n');
    const h1 = lines.findIndex((l) => /^\s+shell\s+counter$/.test(l));
    assert.ok(h1 >= 0, r.out);
    const shellCol = lines[h1].indexOf('shell') + 2, counterCol = lines[h1].indexOf('counter') + 3;
    assert.equal(lines[h1 + 1][shellCol], '|');
    assert.equal(lines[h1 + 1][counterCol], '|');
    assert.match(lines[h1 + 2], /\| call 'inc'/);
    assert.equal(lines[h1 + 3].slice(shellCol, counterCol + 1), '|' + '-'.repeat(counterCol - shellCol - 2) + '>|');
    assert.match(lines[h1 + 4], /\| reply 'ok'/);
    assert.equal(lines[h1 + 5].slice(shellCol, counterCol + 1), '|<' + '.'.repeat(counterCol - shellCol - 2) + '|');
    const h2 = lines.findIndex((l) => /^\s+shell\s+relay\s+counter$/.test(l));
    assert.ok(h2 > h1, r.out);
    const rest = lines.slice(h2).join('\n');
    assert.match(rest, /\| 'go'/);
    assert.match(rest, /\| cast \['add', 1\]/);
    assert.match(rest, /X crash: \*\* \(Error\) bye/);
    for (const l of lines.slice(h1, h1 + 6)) assert.ok(l.length <= 80, l);
  });

  it("returns Mermaid text with { format: 'mermaid' }; seq.start() / seq.stop() record across inputs", () => {
    const r = shell([
      COUNTER,
      "const [, pid] = start(Counter, 0, { name: 'counter' })",
      "await seq(() => call(pid, 'get'), { format: 'mermaid' })",
      'seq.start()',
      "cast('counter', ['add', 2])",
      "await call('counter', 'get')",
      "seq.stop({ format: 'mermaid' })",
      'seq.stop()',
    ]);
    assert.ok(r.out.includes("'sequenceDiagram\\n    participant P108 as shell\\n    participant P109 as counter\\n    P108->>P109: call \\'get\\'\\n    P109-->>P108: reply 0'"), r.out);
    assert.ok(r.out.includes("P108->>P109: cast [\\'add\\', 2]\\n    P108->>P109: call \\'get\\'\\n    P109-->>P108: reply 2'"), r.out);
    assert.match(r.out, /\*\* \(ArgumentError\) seq\.stop: nothing is recording/);
  });
});

describe('tree', () => {
  it('draws strategies, ids, pids, restart counts and nested supervisors; links apart', () => {
    const r = shell([
      COUNTER,
      "Process.flag('trap_exit', true)",
      "const [, sup] = Supervisor.start_link([Counter, { id: 'inner', type: 'supervisor', start: () => Supervisor.start_link([{ id: 'c', start: () => GenServer.start_link(Counter, 0, { name: 'c' }) }], { strategy: 'rest_for_one' }) }], { strategy: 'one_for_one', name: 'app' })",
      "await call('c', 'crash').catch(() => 'crashed')",
      'await Process.sleep(1)',
      'tree(sup)',
      "const [, lone] = start(Counter, 0)",
      'tree(lone)',
      "tree('nobody')",
      'tree(pid(0, 999, 0))',
      'tree()',
    ]);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.out.includes([
      "Supervisor #PID<0.109.0> 'app' (one_for_one)",
      "├─ 'Counter' #PID<0.110.0> Counter",
      "└─ 'inner' #PID<0.111.0> Supervisor (rest_for_one)",
      "   └─ 'c' #PID<0.113.0> 'c' Counter, restarted 1×",
      'Links that are not supervision:',
      "  #PID<0.109.0> 'app' Supervisor ── #PID<0.108.0> shell (outside the tree)",
    ].join('\n')), r.out);
    assert.match(r.out, /#PID<0\.114\.0> Counter is not a supervisor \(a GenServer\)\./);
    assert.match(r.out, /'nobody' is not alive \(no process has that name\)\./);
    assert.match(r.out, /#PID<0\.999\.0> is not alive\./);
    assert.equal(r.out.split("Supervisor #PID<0.109.0> 'app' (one_for_one)").length, 3, 'tree() draws the top supervisor');
  });
});

describe('deterministic replays', () => {
  it('a lesson using trace, seq, tree and observer replays to the same bytes every run, and replay --check passes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-observe-'));
    const lesson = join(dir, 'seeing.genrepl');
    writeFileSync(lesson, [
      '// Watching a process move',
      COUNTER,
      "const [, sup] = Supervisor.start_link([{ id: 'n', start: () => GenServer.start_link(ChangingNumber, [], { name: 'n' }) }, { id: 'c', start: () => GenServer.start_link(Counter, 0, { name: 'counter' }) }], { strategy: 'one_for_one' })",
      "trace('n')",
      'await advance(250)',
      "untrace('n')",
      "await seq(async () => { cast('counter', ['add', 2]); return call('counter', 'get') })",
      "await seq(() => call('n', 'get'), { format: 'mermaid' })",
      'tree(sup)',
      'observer()',
      '',
    ].join('\n'));
    const first = run(['replay', '--no-color', lesson]);
    assert.equal(first.err, '');
    assert.match(first.out, /\*DBG\* 'n' got 'change' from a timer/);
    assert.match(first.out, /\| cast \['add', 2\]/);
    assert.match(first.out, /sequenceDiagram/);
    assert.match(first.out, /Supervisor #PID<0\.\d+\.0> \(one_for_one\)/);
    assert.match(first.out, /genrepl observer · \d+ processes/);
    for (let i = 0; i < 2; i++) assert.equal(run(['replay', '--no-color', lesson]).out, first.out, 'the same bytes every run');
    const transcript = join(dir, 'seeing.transcript');
    writeFileSync(transcript, first.out);
    const check = run(['replay', '--check', transcript]);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /^\d+ passed, 0 failed\n$/);
  });
});
