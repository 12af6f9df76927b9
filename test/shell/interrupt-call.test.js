// Ctrl-C while the shell waits on a call abandons the call as OTP abandons one (its alias is
// deactivated): a late reply is dropped, no later timeout or server exit fails it, and the rest
// of the abandoned input never runs, so nothing the shell did not ask for lands in its mailbox.
// In-process through the shell's own evaluation and interrupt (what Ctrl-C calls).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Shell } from '../../dist/shell/session.js';

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** A shell writing into a string, with a server that answers a call only when cast 'answer'. */
async function shellWithSlowServer() {
  let out = '';
  const shell = new Shell({ output: { write: (t) => ((out += t), true) }, color: false });
  await shell.evalInput(
    "const [, slow] = start({ init: () => ['ok', null], handle_call: (_r: unknown, from: From) => noreply(from), handle_cast: (_r: unknown, from: From) => (GenServer.reply(from, 'late'), noreply(null)) }, null)",
  );
  return { shell, output: () => out };
}

/** Starts an input, presses Ctrl-C while it waits, and resolves when the prompt would be back. */
async function interrupted(shell, input) {
  const running = shell.evalInput(input);
  await pause(50);
  assert.equal(shell.interrupt(), true, 'the input was still waiting');
  return running;
}

async function mailbox(shell, out) {
  const before = out().length;
  await shell.evalInput('mailbox(self())');
  return out().slice(before);
}

describe('Ctrl-C during await GenServer.call', () => {
  it('a late reply is dropped: the rest of the abandoned input never runs, the mailbox stays empty', async () => {
    const { shell, output } = await shellWithSlowServer();
    await interrupted(shell, "send(self(), ['got', await call(slow, 'x')])");
    await shell.evalInput("cast(slow, 'answer')");
    await shell.evalInput('await Process.sleep(50)');
    assert.equal(await mailbox(shell, output), '[]\n');
    assert.equal(await shell.evalInput("Process.alive(slow)").kind, 'value');
    assert.doesNotMatch(output(), /late/);
  });

  it('no timeout fails it later', async () => {
    const { shell, output } = await shellWithSlowServer();
    await interrupted(shell, "await call(slow, 'x', 150).catch((e) => send(self(), ['failed', e.reason]))");
    await shell.evalInput('await Process.sleep(300)');
    assert.equal(await mailbox(shell, output), '[]\n');
    assert.doesNotMatch(output(), /time out|timeout/);
  });

  it("the server's exit does not fail it later either, and a new call works as before", async () => {
    const { shell, output } = await shellWithSlowServer();
    await interrupted(shell, "await call(slow, 'x').catch((e) => send(self(), ['failed', e.reason]))");
    await shell.evalInput("Process.exit(slow, 'kill')");
    await shell.evalInput('await Process.sleep(50)');
    assert.equal(await mailbox(shell, output), '[]\n');
    const before = output().length;
    await shell.evalInput("const [, kv] = start(MyKeyStore, []); await call(kv, ['put', 'a', 1])");
    assert.equal(output().slice(before), '1\n');
  });
});
