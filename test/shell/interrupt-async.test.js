// Ctrl-C in a terminal stops a runaway loop that runs after an await (code the scheduler
// resumed, not a handler turn): that process dies with 'interrupted', the shell lives on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);

describe('Ctrl-C and loops after an await', () => {
  it('a body looping after await receive(), and an async GenServer callback looping after await null: each is interrupted; the shell goes on', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      await t.enter('const b = spawn(async () => { await receive(); while (true) {} })', P(2));
      await t.enter("send(b, 'go')", P(3));
      // The watchdog turns signals on 250 ms into the turn (by running stty): leave it time on a busy machine.
      await new Promise((r) => setTimeout(r, 1500));
      t.type('\x03');
      await t.waitFor(/Process #PID<0\.109\.0> was interrupted \(Ctrl-C\)/);
      await t.enter('Process.alive(b)', P(4));
      assert.match(t.text(), /Process\.alive\(b\)\nfalse\n/);
      await t.enter("const [, s] = start({ init: () => ['ok', 0], async handle_cast() { await null; while (true) {} } })", P(5));
      await t.enter("cast(s, 'go')", P(6));
      await new Promise((r) => setTimeout(r, 1500));
      t.type('\x03');
      await t.waitFor(/Process #PID<0\.110\.0> was interrupted \(Ctrl-C\)/);
      await t.enter('[Process.alive(s), 1 + 1]', P(7));
      assert.match(t.text(), /\[Process\.alive\(s\), 1 \+ 1\]\n\[false, 2\]\n/);
    } finally {
      await t.close();
    }
  });
});
