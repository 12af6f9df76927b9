// Ctrl-C after Ctrl-C: once a Ctrl-C has stopped a runaway process while an input waits (the
// watchdog turned the terminal's signal keys on to reach it), the next Ctrl-C still abandons
// that wait and the prompt comes back (README, Keys). The terminal is back in raw mode after
// the stopped turn, not only once the input ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);
// The watchdog turns signals on 250 ms into the turn (by running stty): leave it time on a busy machine.
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('Ctrl-C while an input waits, after a Ctrl-C stopped a process', () => {
  it('a wait no one can end (await receive()) and a sleep are each abandoned by the next Ctrl-C; the shell reads lines again', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      await t.enter('const p = spawn(async () => { await receive(); while (true) {} })', P(2));
      t.type('send(p, 1); await receive()\r');
      await settle();
      t.type('\x03');
      await t.waitFor(/\[error\] Process #PID<0\.109\.0> was interrupted/);
      await settle();
      t.type('\x03');
      await t.waitFor(/\*\* \(EXIT\) interrupted\niex\(2\)> ?$/);
      await t.enter('1 + 1', P(3));
      assert.match(t.text(), /iex\(2\)> 1 \+ 1\n2\n/);

      await t.enter('const q = spawn(async () => { await receive(); while (true) {} })', P(4));
      // Without the prompt coming back, the sleep would end on its own and print how long it took.
      t.type('send(q, 1); const t0 = Date.now(); await Process.sleep(8000); Date.now() - t0\r');
      await settle();
      t.type('\x03');
      await t.waitFor(/\[error\] Process #PID<0\.110\.0> was interrupted/);
      await settle();
      t.type('\x03');
      await t.waitFor(/Date\.now\(\) - t0\n(.*\n)*\*\* \(EXIT\) interrupted\niex\(4\)> ?$/);
      await t.enter('[Process.alive(p), Process.alive(q)]', P(5));
      assert.match(t.text(), /\[Process\.alive\(p\), Process\.alive\(q\)\]\n\[false, false\]\n/);
      assert.doesNotMatch(t.text(), /^\d{4,}$/m);
    } finally {
      await t.close();
    }
  });
});
