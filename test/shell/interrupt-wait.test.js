// Ctrl-C after Ctrl-C: once a Ctrl-C has stopped a runaway process while an input waits (the
// watchdog turned the terminal's signal keys on to reach it), the next Ctrl-C still abandons
// that wait and the prompt comes back (README, Keys). The terminal is back in raw mode after
// the stopped turn, not only once the input ends. And after a long turn that ended by itself,
// Ctrl-C at an empty prompt is iex's BREAK again, not a signal that stops whichever process
// happens to run (two processes playing ping-pong are nearly always in a turn).
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

describe('Ctrl-C at an empty prompt, after a long turn', () => {
  it('a turn that ran past the watchdog and ended leaves Ctrl-C a key: with two processes playing ping-pong, Ctrl-C is BREAK and both live', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      await t.enter('const a = spawn(async () => { for (;;) { const [f, n] = await receive(); send(f, [self(), n + 1]) } })', P(2));
      await t.enter('const b = spawn(async () => { send(a, [self(), 0]); for (;;) { const [f, n] = await receive(); send(f, [self(), n + 1]) } })', P(3));
      // A healthy turn longer than the watchdog's threshold, once this input is done: the
      // watchdog turns signals on, and the turn ends by itself.
      await t.enter('const slow = spawn(async () => { await Process.sleep(200); const t0 = Date.now(); while (Date.now() - t0 < 1000) {} })', P(4));
      await settle();
      await settle();
      t.type('\x03');
      await t.waitFor(/BREAK: Ctrl\+C again to exit/);
      await t.enter('[Process.alive(slow), Process.alive(a), Process.alive(b)]', P(5));
      assert.match(t.text(), /\n\[false, true, true\]\n/);
      assert.doesNotMatch(t.text(), /was interrupted/);
    } finally {
      await t.close();
    }
  });
});

describe('a refused async init', () => {
  it('cannot freeze the shell: its loop after an await never runs, the next input answers', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      await t.enter('const [, s] = start({ init: async () => { await null; while (true) {} } }, 0)', /init must be synchronous[^]*iex\(1\)> ?$/);
      await t.enter('1 + 1', P(2));
      assert.match(t.text(), /iex\(1\)> 1 \+ 1\n2\n/);
    } finally {
      await t.close();
    }
  });
});
