// The history file, in-process: entries, the file's format, its mode and its problems.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, statSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { History, historySize, DEFAULT_HISTORY_SIZE } from '../../dist/shell/history.js';

const dir = () => mkdtempSync(join(tmpdir(), 'genrepl-history-'));
const collect = () => {
  const warnings = [];
  return { warnings, warn: (w) => warnings.push(w) };
};

describe('History', () => {
  it('keeps 1,000 entries by default, newest first, and GENREPL_HISTORY_SIZE changes that', () => {
    assert.equal(DEFAULT_HISTORY_SIZE, 1000);
    const { warn, warnings } = collect();
    assert.equal(historySize({}, warn), 1000);
    assert.equal(historySize({ GENREPL_HISTORY_SIZE: '50' }, warn), 50);
    assert.equal(historySize({ GENREPL_HISTORY_SIZE: 'lots' }, warn), 1000);
    assert.deepEqual(warnings, ['warning: GENREPL_HISTORY_SIZE=lots is not a whole number: keeping 1000 entries']);
    const file = join(dir(), 'h');
    const h = History.load(file, 1000, warn);
    for (let i = 1; i <= 1200; i++) h.enter(`'entry ${i}'`, false);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 1001);
    assert.equal(lines[0], "'entry 1200'");
    assert.equal(lines[999], "'entry 201'");
    assert.equal(lines[1000], '');
    assert.deepEqual(History.load(file, 1000, warn).entries, h.entries);
    assert.equal(History.load(file, 10, warn).entries.length, 10);
  });

  it('rewrites the file whole on every input: a shorter history leaves no old bytes behind', () => {
    const file = join(dir(), 'h');
    const h = History.load(file, 3, () => {});
    for (const x of ['a_very_long_input_that_fills_the_file()', 'b()', 'c()', 'd()', 'e()']) h.enter(x, false);
    assert.equal(readFileSync(file, 'utf8'), 'e()\nd()\nc()\n');
    assert.deepEqual(readdirSync(join(file, '..')), ['h'], 'no temporary file left');
  });

  it('drops an input equal to the one before it, as Node does', () => {
    const file = join(dir(), 'h');
    const h = History.load(file, 100, () => {});
    for (const x of ['a', 'a', 'b', 'a', 'a']) h.enter(x, false);
    assert.deepEqual(h.entries, ['a', 'b', 'a']);
  });

  it('a multi-line input is one entry, and comes back as one after a restart', () => {
    const file = join(dir(), 'h');
    const h = History.load(file, 100, () => {});
    h.enter('1 + 1', false);
    h.enter('[1,', false);
    h.enter('  2,', true);
    h.enter('  3]', true);
    assert.deepEqual(h.entries, ['[1,\n  2,\n  3]', '1 + 1']);
    assert.equal(readFileSync(file, 'utf8'), '[1,\r  2,\r  3]\n1 + 1\n');
    assert.deepEqual(History.load(file, 100, () => {}).entries, ['[1,\n  2,\n  3]', '1 + 1']);
  });

  it('is private: a new file has mode 0600 and an existing 0644 one is set to 0600', () => {
    const d = dir();
    const fresh = join(d, 'fresh');
    History.load(fresh, 10, () => {}).enter('x', false);
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    const old = join(d, 'old');
    writeFileSync(old, 'y\n');
    chmodSync(old, 0o644);
    const h = History.load(old, 10, () => {});
    assert.equal(statSync(old).mode & 0o777, 0o600);
    h.enter('z', false);
    assert.equal(statSync(old).mode & 0o777, 0o600);
  });

  it('a binary or corrupted file is skipped with one warning, never shown, and left as it is', () => {
    const d = dir();
    for (const bytes of [Buffer.from([0x27, 0x61, 0x27, 0x0a, 0x00, 0x01, 0x02, 0xff, 0x0a]), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from('ok\n\x07\x08garbage\n')]) {
      const file = join(d, 'bin');
      writeFileSync(file, bytes);
      const { warn, warnings } = collect();
      const h = History.load(file, 100, warn);
      assert.deepEqual(h.entries, []);
      h.enter('next()', false);
      assert.deepEqual(warnings, [`warning: history is off: ${file} is not text (binary data) and was left as it is`]);
      assert.deepEqual(readFileSync(file), bytes);
    }
  });

  it('a directory at the path, or a path that cannot be written: one warning of its own, history kept in memory', () => {
    const d = dir();
    const folder = join(d, 'folder');
    mkdirSync(folder);
    const a = collect();
    const h = History.load(folder, 100, a.warn);
    h.enter('x', false);
    assert.deepEqual(a.warnings, [`warning: history is off: cannot read ${folder} (it is a directory)`]);
    const under = join(d, 'plain', 'history');
    const b0 = collect();
    writeFileSync(join(d, 'plain'), '');
    History.load(under, 100, b0.warn);
    assert.deepEqual(b0.warnings, [`warning: history is off: cannot read ${under} (a part of the path is not a directory)`]);
    const gone = join(d, 'gone', 'history');
    const b = collect();
    const u = History.load(gone, 100, b.warn);
    assert.equal(b.warnings.length, 1, 'said at once');
    u.enter('one', false);
    u.enter('two', false);
    assert.deepEqual(u.entries, ['two', 'one']);
    assert.deepEqual(b.warnings, [`warning: history is not saved: cannot write ${gone} (its directory does not exist)`]);
  });

  it('follows node:repl: each entered line is an entry, continuation lines extend it', () => {
    const file = join(dir(), 'h');
    writeFileSync(file, 'old()\n');
    const h = History.load(file, 100, () => {});
    const server = Object.assign(new EventEmitter(), { history: [], historySize: 30, line: '' });
    let cont = false;
    h.attach(server, () => cont);
    assert.equal(server.historySize, 100);
    assert.deepEqual(server.history, ['old()']);
    const type = (line) => {
      server.line = line;
      server.history.unshift(line); // what readline does before it tells its listeners
      server.emit('history', server.history);
    };
    type('foo(');
    cont = true;
    type('1)');
    cont = false;
    assert.deepEqual(server.history, ['foo(\n1)', 'old()']);
    assert.equal(readFileSync(file, 'utf8'), 'foo(\r1)\nold()\n');
  });
});
