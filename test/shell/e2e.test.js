// End-to-end: the real bin/genrepl in a pseudo-terminal; assertions on the screen a person sees.
// Compare the article's session with ../shared/reference/iex-article-session.txt.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);

describe('the shell in a terminal', () => {
  it("follows the article's session, as iex does", async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      assert.match(t.text(), /^genrepl \d+\.\d+\.\d+ \(TypeScript, Node v\d+[^\n]*type h\(\) ENTER for help\)\n/);
      await t.enter('const [ok, pid] = start(MyKeyStore, [])', P(2));
      assert.match(t.text(), /iex\(1\)> const \[ok, pid\] = start\(MyKeyStore, \[\]\)\n\['ok', #PID<0\.109\.0>\]\n/);
      await t.enter("call(pid, ['get', 'a'])", P(3));
      await t.enter("call(pid, ['put', 'a', 'value'])", P(4));
      await t.enter("call(pid, ['get', 'a'])", P(5));
      await t.enter('state(pid)', P(6));
      assert.match(t.text(), /iex\(2\)> call\(pid, \['get', 'a'\]\)\nnull\niex\(3\)> call\(pid, \['put', 'a', 'value'\]\)\n'value'\niex\(4\)> call\(pid, \['get', 'a'\]\)\n'value'\niex\(5\)> state\(pid\)\nnew Map\(\[\['a', 'value'\]\]\)\n/);
      await t.enter('const [ok2, pid2] = start(ChangingNumber, [])', P(7));
      await t.enter("const first = await call(pid2, 'get')", P(8));
      await t.enter('await Process.sleep(250)', P(9));
      await t.enter("(await call(pid2, 'get')) !== first", P(10));
      assert.match(t.text(), /iex\(9\)> \(await call\(pid2, 'get'\)\) !== first\ntrue\n/);
      await t.enter("Process.info(pid2, 'message_queue_len')", P(11));
      assert.match(t.text(), /\['message_queue_len', 0\]/);
      await t.enter("send(pid, 'hello')", P(12));
      await t.waitFor(/\[error\] MyKeyStore #PID<0\.109\.0> received unexpected message in handle_info\/2: 'hello'/);
      await t.enter('self()', /#PID<0\.108\.0>\n/);
      await t.enter("send(self(), ['hi', 1])", P(14));
      await t.enter('flush()', P(15));
      assert.match(t.text(), /iex\(14\)> flush\(\)\n\['hi', 1\]\n'ok'\n/);
      await t.enter("call(pid, 'unknown')", P(15));
      const s = t.text();
      assert.match(s, /\[error\] GenServer #PID<0\.109\.0> terminating\n\*\* \(FunctionClauseError\) no function clause matching in MyKeyStore\.handle_call\/3\n/);
      assert.match(s, /Last message \(from #PID<0\.108\.0>\): 'unknown'\nState: new Map\(\[\['a', 'value'\]\]\)\nClient #PID<0\.108\.0> is alive\n/);
      assert.match(s, /\*\* \(exit\) exited in: GenServer\.call\(#PID<0\.109\.0>, 'unknown', 5000\)\n    \*\* \(EXIT\) an exception was raised:\n        \*\* \(FunctionClauseError\) no function clause matching in MyKeyStore\.handle_call\/3/);
      await t.enter('Process.alive(pid)', P(16));
      assert.match(t.text(), /iex\(15\)> Process\.alive\(pid\)\nfalse\n/);
      await t.enter("call(pid, ['get', 'a'])", /no process: the process is not alive[\s\S]*iex\(16\)> ?$/);
      assert.match(t.text(), /\*\* \(exit\) exited in: GenServer\.call\(#PID<0\.109\.0>, \['get', 'a'\], 5000\)\n    \*\* \(EXIT\) no process/);
    } finally {
      await t.close();
    }
  });

  it('Ctrl-C stops a runaway handler (the process dies, the prompt comes back) and abandons a wait', async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      await t.enter("const [, spin] = start({ init: () => ['ok', 0], handle_cast() { while (true) {} } })", P(2));
      await t.enter("cast(spin, 'go')", P(3));
      // The watchdog turns signals on 250 ms into the turn (by running stty): leave it time on a busy machine.
      await new Promise((r) => setTimeout(r, 1500));
      t.type('\x03');
      await t.waitFor(/was interrupted \(Ctrl-C\)/);
      await t.enter('Process.alive(spin)', P(4));
      assert.match(t.text(), /iex\(3\)> Process\.alive\(spin\)\nfalse\n/);
      t.type('await receive()\r');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\x03');
      await t.waitFor(/\*\* \(EXIT\) interrupted\niex\(4\)> ?$/);
      t.type('while (true) {}\r');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\x03');
      await t.waitFor(/while \(true\) \{\}\n(\^C)?\*\* \(EXIT\) interrupted\niex\(4\)> ?$/);
    } finally {
      await t.close();
    }
  });

  it("a throw from a timer an input set ends the shell process as iex reports it, never Node's 'Uncaught'", async () => {
    const t = Term.start(['--no-history']);
    try {
      await t.waitFor(P(1));
      t.type("setTimeout(() => { throw new Error('late') }, 10); 'set'\r");
      await t.waitFor(/shell process exited with reason: an exception was raised:\n +\*\* \(Error\) late\n[\s\S]*iex\(1\)> ?$/);
      assert.match(t.text(), /\[error\] Process #PID<0\.108\.0> raised an exception\n\*\* \(Error\) late\n/);
      assert.doesNotMatch(t.text(), /Uncaught/);
      await t.enter('1 + 1', P(2));
      assert.match(t.text(), /iex\(1\)> 1 \+ 1\n2\n/);
    } finally {
      await t.close();
    }
  });

  it('history is written as you go (mode 0600) and survives a restart; Ctrl-C twice exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrepl-hist-'));
    const file = join(dir, 'history');
    const t = Term.start(['--history-file', file]);
    try {
      await t.waitFor(P(1));
      await t.enter("'remember me'", P(2));
      assert.match(t.text(), /iex\(1\)> 'remember me'\n'remember me'\n/);
      t.type('\x03');
      await t.waitFor(/BREAK: Ctrl\+C again to exit \(Ctrl\+D too\); type anything to go on\niex\(2\)> ?$/);
      assert.doesNotMatch(t.text(), /\.exit|To exit, press/);
      t.type('\x03');
      assert.equal(await t.exited, 0);
    } finally {
      await t.close();
    }
    assert.match(readFileSync(file, 'utf8'), /'remember me'/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const u = Term.start(['--history-file', file]);
    try {
      await u.waitFor(P(1));
      u.type('\x1b[A');
      await u.waitFor(/iex\(1\)> 'remember me'$/);
      u.type('\x15');
      await u.waitFor(/iex\(1\)>$/);
      u.type('\x04');
      assert.equal(await u.exited, 0);
    } finally {
      await u.close();
    }
  });
});
