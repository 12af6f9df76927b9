// The terminal front end (node:repl: prompts, continuation lines, Tab, Ctrl-C at the prompt and
// during a wait, .record) on a terminal made of streams, in this process (ShellTerm). What needs
// a real terminal or the command line (signals, a runaway loop, history across restarts, the
// banner of the installed binary) is in e2e.test.js, through a pseudo-terminal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShellTerm } from '../helpers/capture.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);

describe('the terminal front end', () => {
  it('Ctrl-C on await receive() disarms the receive: the next message stays in the mailbox', async () => {
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      t.type('await receive()\r');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\x03');
      await t.waitFor(/\*\* \(EXIT\) interrupted\niex\(1\)> ?$/);
      await t.enter("send(self(), 'x')", P(2));
      await t.enter('mailbox(self())', P(3));
      assert.match(t.text(), /iex\(2\)> mailbox\(self\(\)\)\n\['x'\]\n/);
    } finally {
      await t.close();
    }
  });

  it('Ctrl-C on await call(…) abandons the call: a late reply is dropped, not left in the mailbox', async () => {
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      await t.enter("const [, slow] = start({ init: () => ['ok', null], handle_call: (_r: unknown, from: From) => noreply(from), handle_cast: (_r: unknown, from: From) => (GenServer.reply(from, 'late'), noreply(null)) }, null)", P(2));
      t.type("send(self(), ['got', await call(slow, 'x')])\r");
      await new Promise((r) => setTimeout(r, 300));
      t.type('\x03');
      await t.waitFor(/\*\* \(EXIT\) interrupted\niex\(2\)> ?$/);
      await t.enter("cast(slow, 'answer')", P(3));
      await t.enter('await Process.sleep(50)', P(4));
      await t.enter('mailbox(self())', P(5));
      assert.match(t.text(), /iex\(4\)> mailbox\(self\(\)\)\n\[\]\n/);
    } finally {
      await t.close();
    }
  });

  it("Ctrl-C at the prompt: drops a half-typed line; at an empty prompt says BREAK in genrepl's words, and an input in between goes on", async () => {
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      t.type('half typed');
      await t.waitFor(/iex\(1\)> half typed$/);
      t.type('\x03');
      await t.waitFor(/half typed\niex\(1\)> ?$/);
      assert.doesNotMatch(t.text(), /BREAK/);
      t.type('\x03');
      await t.waitFor(/BREAK: Ctrl\+C again to exit \(Ctrl\+D too\); type anything to go on\niex\(1\)> ?$/);
      await t.enter('1 + 1', P(2));
      t.type('\x03');
      await t.waitFor(/2\n\niex\(2\)> ?\nBREAK|BREAK[^\n]*\niex\(2\)> ?$/);
      assert.equal(t.ended, false, 'one Ctrl-C after an input does not exit');
      assert.doesNotMatch(t.text(), /To exit, press|\.exit/);
      // Node's dot-commands are gone: `.exit` is an input like any other (a syntax error, as in iex).
      await t.enter('.exit', /\*\* \(SyntaxError\) iex:2:1: [^\n]*\n[\s\S]*iex\(2\)> ?$/);
      assert.doesNotMatch(t.text(), /Invalid REPL keyword/);
      assert.equal(t.ended, false);
    } finally {
      await t.close();
    }
  });

  it('Ctrl-C during await advance(…) stops the simulated clock where it is', async () => {
    const t = ShellTerm.start({ deterministic: true });
    try {
      await t.waitFor(P(1));
      await t.enter("const ticker = spawn(async () => { for (;;) { Process.send_after(self(), 't', 10); await receive() } })", P(2));
      t.type('await advance(1e12)\r');
      await new Promise((r) => setTimeout(r, 500));
      t.type('\x03');
      await t.waitFor(/\*\* \(EXIT\) interrupted\niex\(2\)> ?$/);
      await t.enter('const a = now()', P(3));
      await new Promise((r) => setTimeout(r, 300));
      await t.enter('now() === a', P(4));
      assert.match(t.text(), /iex\(3\)> now\(\) === a\ntrue\n/);
    } finally {
      await t.close();
    }
  });

  it('_ is the last result in a terminal too, and the front end leaves the host\'s globals alone', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      await t.enter('40 + 2', P(2));
      await t.enter('_ + 1', P(3));
      assert.match(t.text(), /iex\(2\)> _ \+ 1\n43\n/);
    } finally {
      await t.close();
    }
    assert.deepEqual(Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k)), []);
  });

  it('multi-line input continues with ...(N)>; #iex:break drops it', async () => {
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      await t.enter('[1, 2,', /\.\.\.\(1\)> ?$/);
      await t.enter('3]', P(2));
      assert.match(t.text(), /iex\(1\)> \[1, 2,\n\.\.\.\(1\)> 3\]\n\[1, 2, 3\]\n/);
      await t.enter('foo(', /\.\.\.\(2\)> ?$/);
      await t.enter('#iex:break', P(2));
      assert.match(t.text(), /\.\.\.\(2\)> #iex:break\n\*\* \(TokenMissingError\) iex:2: incomplete expression\niex\(2\)> ?$/);
      await t.enter('foo bar', P(2));
      assert.match(t.text(), /\*\* \(SyntaxError\) iex:2:5: Expected ';', '}' or <eof>\n/);
    } finally {
      await t.close();
    }
  });

  it('one Tab lists GenServer.ca… with arities as iex does and keeps the line; output from other processes keeps the line being typed', async () => {
    const t = ShellTerm.start();
    try {
      await t.waitFor(P(1));
      t.type('GenServer.ca');
      await t.waitFor(/GenServer\.ca$/);
      t.type('\t');
      await t.waitFor(/call\/2 +call\/3 +cast\/2\niex\(1\)> GenServer\.ca$/);
      t.type('l');
      t.type('\t');
      await t.waitFor(/iex\(1\)> GenServer\.call$/);
      t.type('\x15');
      await t.enter("spawn(async () => { await Process.sleep(300); console.log('from a process') })", P(2));
      t.type('const half = ');
      await t.waitFor(/from a process\niex\(2\)> const half =$/);
    } finally {
      await t.close();
    }
  });

  it('.record FILE writes the session from then on as a transcript that replay --check accepts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'genrepl-rec-')), 'session.transcript');
    const t = ShellTerm.start({ deterministic: true });
    try {
      await t.waitFor(P(1));
      await t.enter(`.record ${file}`, /recording to [^\n]+\niex\(1\)> ?$/);
      await t.enter('const [ok, pid] = start(MyKeyStore, [])', P(2));
      await t.enter("call(pid, ['put', 'a', 1])", P(3));
    } finally {
      await t.close();
    }
    // The terminal is 100 columns wide: the transcript says so first (replay --check wraps at it).
    assert.equal(readFileSync(file, 'utf8'), "# width: 100\niex(1)> const [ok, pid] = start(MyKeyStore, [])\n['ok', #PID<0.109.0>]\niex(2)> call(pid, ['put', 'a', 1])\n1\n");
  });
});
