// Ctrl-C in a terminal stops a runaway loop that runs after an await (code the scheduler
// resumed, not a handler turn): that process dies with 'interrupted' and iex's report, the
// prompt comes back, and every other process keeps running. And since the shell lets the
// turns an input started run before it reads the next line, a pasted block prints what
// typing it line by line prints, in the same order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);
// The watchdog turns signals on 250 ms into the turn (by running stty): leave it time on a busy machine.
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('Ctrl-C and loops after an await', () => {
  it('a body looping after await receive(), and an async GenServer callback looping after await null: each is interrupted; another process still answers', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      // A process that answers every message, started before the loops and still there after them.
      await t.enter('const echo = spawn(async () => { for (;;) { const [from, m] = await receive(); send(from, m) } })', P(2));
      await t.enter('const b = spawn(async () => { await receive(); while (true) {} })', P(3));
      await t.enter("send(b, 'go')", P(4));
      await settle();
      t.type('\x03');
      await t.waitFor(/\[error\] Process #PID<0\.110\.0> was interrupted \(Ctrl-C\)/);
      await t.enter("send(echo, [self(), 'one']); await receive()", P(5));
      assert.match(t.text(), /await receive\(\)\n'one'\n/);
      await t.enter('Process.alive(b)', P(6));
      assert.match(t.text(), /Process\.alive\(b\)\nfalse\n/);
      await t.enter("const [, s] = start({ init: () => ['ok', 0], async handle_cast() { await null; while (true) {} } })", P(7));
      await t.enter("cast(s, 'go')", P(8));
      await settle();
      t.type('\x03');
      await t.waitFor(/\[error\] Process #PID<0\.111\.0> was interrupted \(Ctrl-C\)/);
      await t.enter("send(echo, [self(), 'two']); [Process.alive(s), await receive()]", P(9));
      assert.match(t.text(), /\[Process\.alive\(s\), await receive\(\)\]\n\[false, 'two'\]\n/);
      assert.doesNotMatch(t.text(), /Uncaught|Interruption/);
    } finally {
      await t.close();
    }
  });

  it('a pasted block prints what typing it line by line prints, in the same order; its --record transcript replays identically', async () => {
    const lines = [
      'const [ok, pid] = start(MyKeyStore, [])',
      "send(pid, 'hello')",
      '1 + 1',
      "spawn(async () => { await null; console.log('from a process') })",
      'await Process.sleep(50)',
      '2 + 2',
    ];
    const transcript = join(mkdtempSync(join(tmpdir(), 'genrepl-paste-')), 'pasted.transcript');
    const session = async (paste) => {
      const t = Term.start(['--no-history', '--deterministic', ...(paste ? ['--record', transcript] : [])]);
      try {
        await t.waitFor(P(1));
        if (paste) t.type(lines.join('\r') + '\r');
        else for (const l of lines) await t.enter(l);
        await t.waitFor(P(7));
        // Whatever may still come comes within this (a liveness bound, not a timing assertion).
        await new Promise((r) => setTimeout(r, 500));
        return t.text();
      } finally {
        await t.close();
      }
    };
    const [typed, pasted] = [await session(false), await session(true)];
    assert.match(typed, /'hello'\n\n\[error\] MyKeyStore #PID<0\.109\.0> received unexpected message in handle_info\/2: 'hello'\n\niex\(3\)> 1 \+ 1\n2\n/);
    assert.match(typed, /#PID<0\.110\.0>\nfrom a process\niex\(5\)> await Process\.sleep\(50\)\n'ok'\niex\(6\)> 2 \+ 2\n4\n/);
    assert.equal(pasted, typed);
    const recorded = readFileSync(transcript, 'utf8');
    assert.match(recorded, /^iex\(2\)> send\(pid, 'hello'\)\n'hello'\n\n\[error\] MyKeyStore [^\n]+\n\niex\(3\)> 1 \+ 1\n/m);
    const check = spawnSync(process.execPath, [BIN, 'replay', '--check', transcript], { encoding: 'utf8', timeout: 60000 });
    assert.equal(check.stdout, '6 passed, 0 failed\n');
    assert.equal(check.status, 0);
  });
});
