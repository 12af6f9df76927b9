// observer() in a real terminal (a pseudo-terminal with a screen emulator): the table, sort
// keys, looking into a process, output held while it is up, and q giving back the screen and
// the prompt as they were. Without a terminal it prints one frame. ProcTable samples.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, Term } from '../helpers/terminal.js';
import { Runtime, setRuntime, SimulatedClock } from '../../dist/index.js';
import { ProcTable } from '../../dist/observe/proc-table.js';
import { Observer } from '../../dist/observe/observer.js';

describe('observer() in a terminal', () => {
  it('shows the processes sorted by queue, sorts, looks into one, holds output, and q restores the screen and prompt', async () => {
    const t = Term.start(['--no-history'], { cols: 100, rows: 30 });
    try {
      await t.waitFor(/iex\(1\)> ?$/m);
      await t.enter("const [, store] = start(MyKeyStore, [], { name: 'store' })", /iex\(2\)> ?$/m);
      await t.enter("await call('store', ['put', 'a', 41])", /iex\(3\)> ?$/m);
      await t.enter('const idle = spawn(async function sleeper() { await Process.sleep(1e9) })', /iex\(4\)> ?$/m);
      await t.enter("send(idle, 'm1'); send(idle, 'm2'); send(idle, 'm3')", /iex\(5\)> ?$/m);
      await t.enter("spawn(async () => { await Process.sleep(400); throw new Error('late crash') })", /iex\(6\)> ?$/m);
      t.type('observer()');
      await t.waitFor(/iex\(6\)> observer\(\)$/m);
      const before = t.text();
      t.type('\r');
      let screen = await t.waitFor(/genrepl observer · \d+ processes · sort: queue ↓/);
      const rows = screen.split('\n');
      const first = rows.findIndex((l) => l.startsWith('>'));
      assert.ok(first > 0, screen);
      assert.match(rows[first], /^> #PID<0\.\d+\.0>\s+spawn\.sleeper\/0\s+waiting\s+3\s+0/);
      assert.match(screen, /store\s+MyKeyStore\s+waiting\s+0\s+1/);
      assert.match(screen, /q quit/);
      // sort keys: queue → handled → memory → pid → name (named first)
      for (const k of ['handled', 'memory', 'pid', 'name']) {
        t.type('s');
        screen = await t.waitFor(new RegExp(`sort: ${k} ↓`));
      }
      assert.match(screen.split('\n').find((l) => l.startsWith('>')), /sleeper/, 'the selection follows its process');
      t.type('kkkkkkkk');
      await t.waitFor(/^> #PID<0\.\d+\.0>\s+store\s+MyKeyStore/m);
      t.type('\r');
      screen = await t.waitFor(/State:/);
      assert.match(screen, /'store' · MyKeyStore \(GenServer\)/);
      assert.match(screen, /new Map\(\[\['a', 41\]\]\)/);
      assert.match(screen, /Mailbox \(0\):/);
      assert.match(screen, /Links: none/);
      t.type('\x1b');
      await t.waitFor(/sort: name ↓/);
      // the crash happens while the view is up: its report waits for q
      await new Promise((r) => setTimeout(r, 700));
      assert.doesNotMatch(t.text(), /late crash/);
      t.type('q');
      screen = await t.waitFor(/iex\(7\)> ?$/m);
      assert.doesNotMatch(screen, /genrepl observer/);
      assert.ok(screen.startsWith(before), `the screen before observer() is back as it was:\n${screen}`);
      assert.match(screen.slice(before.length), /late crash/);
      // keys typed in the view never reached the line editor
      await t.enter('1 + 1', /^2$/m);
      assert.doesNotMatch(t.text(), /iex\(\d+\)> .*[sq]\s*$/m);
    } finally {
      await t.close();
    }
  });

  it('stays responsive with 10,000 processes', async () => {
    const t = Term.start(['--no-history'], { cols: 100, rows: 30 });
    try {
      await t.waitFor(/iex\(1\)> ?$/m);
      await t.enter('for (let i = 0; i < 10000; i++) spawn_handler(() => {})', /iex\(2\)> ?$/m);
      t.type('observer()\r');
      await t.waitFor(/10,001 processes/);
      t.type('jjj');
      await t.waitFor(/^> #PID<0\.111\.0>/m);
      assert.doesNotMatch(t.text(), /quitj/, 'keys are not echoed');
      t.type('q');
      await t.waitFor(/iex\(3\)> ?$/m);
    } finally {
      await t.close();
    }
  });
});

describe('observer() without a terminal', () => {
  it('prints one frame, the same bytes every run', () => {
    const input = "const [, s] = start(MyKeyStore, [], { name: 'store' })\nobserver()\n";
    const run = () => spawnSync(process.execPath, [BIN, '--deterministic', '--no-color'], { input, encoding: 'utf8' }).stdout;
    const out = run();
    assert.match(out, /genrepl observer · 2 processes · sort: queue ↓\n  PID {11}NAME/);
    assert.match(out, /#PID<0\.109\.0> store\s+MyKeyStore\s+waiting\s+0\s+0/);
    assert.equal(run(), out);
  });
});

describe('ProcTable', () => {
  it('reads every process once, then at most its budget per refresh (plus the rows asked for), and drops exited ones', async () => {
    const rt = setRuntime(new Runtime({ clock: new SimulatedClock() }));
    const pids = [];
    for (let i = 0; i < 50; i++) pids.push(rt.spawn_handler(() => {}));
    const table = new ProcTable(rt, 10);
    table.refresh();
    assert.equal(table.rows.size, 51);
    rt.send(pids[49], 'a');
    rt.send(pids[49], 'b');
    // not read yet: the queue the table knows is the old one, until its turn or until asked
    table.refresh();
    assert.equal(table.rows.get(pids[49].id).queue, 0);
    table.refresh([pids[49]]);
    assert.equal(table.rows.get(pids[49].id).queue, 2, 'asked for: read now');
    rt.exit(pids[0], 'kill');
    assert.equal(table.sorted('pid').some((r) => r.pid === pids[0]), false, 'an exited process is not listed');
    assert.equal(table.rows.has(pids[0].id), false);
    assert.equal(table.sorted('pid')[0].pid, rt.main.pid);
  });

  it('a frame sorts by the key and marks the selected row', () => {
    const rt = setRuntime(new Runtime({ clock: new SimulatedClock() }));
    const a = rt.spawn(async () => { await rt.receive(() => false); });
    const b = rt.spawn(async () => { await rt.receive(() => false); });
    rt.send(b, 1); rt.send(b, 2); rt.send(a, 1);
    const view = new Observer(rt, null, { width: 80, height: 10 });
    view.refresh();
    const rows = view.frame().filter((l) => /#PID/.test(l));
    assert.match(rows[0], /^> #PID<0\.110\.0>/);
    assert.match(rows[1], /^  #PID<0\.109\.0>/);
    view.key({ name: 'r' });
    assert.match(view.frame().find((l) => l.startsWith('>')), /#PID<0\.110\.0>/, 'the selection follows its process');
    for (const l of view.frame()) assert.ok(l.length <= 80, l);
  });
});
