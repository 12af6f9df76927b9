// History in a real terminal: what Up brings back after a restart, and what survives a kill.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Term } from '../helpers/terminal.js';

const P = (n) => new RegExp(`iex\\(${n}\\)> ?$`);
const historyFile = () => join(mkdtempSync(join(tmpdir(), 'genrepl-hist-')), 'history');

describe('history in a terminal', () => {
  it('40 inputs, then a restart: the file holds exactly those 40, and Up reaches every one', async () => {
    const file = historyFile();
    const t = Term.start(['--history-file', file]);
    try {
      await t.waitFor(P(1));
      for (let i = 1; i <= 40; i++) await t.enter(`'input number ${i}'`, P(i + 1));
      t.type('\x04');
      assert.equal(await t.exited, 0);
    } finally {
      await t.close();
    }
    const expected = Array.from({ length: 40 }, (_, i) => `'input number ${40 - i}'`);
    assert.deepEqual(readFileSync(file, 'utf8').split('\n'), [...expected, '']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const u = Term.start(['--history-file', file]);
    try {
      await u.waitFor(P(1));
      for (let i = 40; i >= 1; i--) {
        u.type('\x1b[A');
        await u.waitFor(new RegExp(`iex\\(1\\)> 'input number ${i}'$`));
      }
      u.type('\r');
      await u.waitFor(P(2));
      u.type('\x04');
      assert.equal(await u.exited, 0);
    } finally {
      await u.close();
    }
    assert.equal(readFileSync(file, 'utf8').split('\n')[0], "'input number 1'");
  });

  it('a multi-line input comes back whole on Up after a restart, and runs again as one', async () => {
    const file = historyFile();
    const t = Term.start(['--history-file', file]);
    try {
      await t.waitFor(P(1));
      await t.enter('[1,', /\.\.\.\(1\)> ?$/);
      await t.enter('2,', /\.\.\.\(1\)> ?$/);
      await t.enter('3]', P(2));
      t.type('\x04');
      await t.exited;
    } finally {
      await t.close();
    }
    const u = Term.start(['--history-file', file]);
    try {
      await u.waitFor(P(1));
      u.type('\x1b[A');
      await u.waitFor(/iex\(1\)> \[1,\n2,\n3\]$/);
      u.type('\r');
      await u.waitFor(/\[1, 2, 3\]\niex\(2\)> ?$/);
    } finally {
      await u.close();
    }
  });

  for (const signal of ['SIGTERM', 'SIGHUP']) it(`${signal} right after an input keeps it (here while the input is still running)`, async () => {
    const file = historyFile();
    const t = Term.start(['--history-file', file]);
    try {
      await t.waitFor(P(1));
      await t.enter("'first'", P(2));
      t.type("const kept = 'last line'; while (true) {}\r");
      await t.waitFor(/while \(true\) \{\}\n?$/);
      await new Promise((r) => setTimeout(r, 300));
      process.kill(t.childPid(), signal);
      await t.exited;
    } finally {
      await t.close();
    }
    assert.deepEqual(readFileSync(file, 'utf8').split('\n'), ["const kept = 'last line'; while (true) {}", "'first'", '']);
  });

  it('a binary history file: one warning of genrepl\'s own, no entry from it', async () => {
    const file = historyFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x0a, 0x41, 0x0a]));
    const t = Term.start(['--history-file', file], { cols: 200 });
    try {
      await t.waitFor(P(1));
      assert.match(t.text(), /\nwarning: history is off: \S+ is not text \(binary data\) and was left as it is\niex\(1\)> ?$/);
      t.type('\x1b[A');
      await new Promise((r) => setTimeout(r, 200));
      assert.match(t.text(), /iex\(1\)> ?$/);
    } finally {
      await t.close();
    }
  });
});
