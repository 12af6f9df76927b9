// Two genrepl nodes as separate OS processes on loopback (`genrepl --sname`, piped input), with an
// epmd of this file's own: connect, send, call both ways, link and monitor across, one node
// killed (nodedown, noconnection); a wrong cookie refused with one line naming the node.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startEpmd, cookie as newCookie } from '../helpers/beam.js';
import { epmdMissing, startGenrepl, waitFor } from '../helpers/nodes.js';
import { BIN } from '../helpers/terminal.js';

const missing = epmdMissing();
if (missing) console.log(`# skipping the node process tests: ${missing}`);

describe('two genrepl nodes as OS processes', { skip: missing ?? false }, () => {
  let epmd, a, b, cookie;
  const has = (s) => (t) => t.includes(s);
  before(async () => {
    epmd = await startEpmd();
    cookie = newCookie();
    a = startGenrepl(['--sname', 'a@localhost', '--cookie', cookie], { epmdPort: epmd.port });
    b = startGenrepl(['--sname', 'b@localhost', '--cookie', cookie], { epmdPort: epmd.port });
    await Promise.all([a.input('Node.self()', has("'a@localhost'"), 15000), b.input('Node.self()', has("'b@localhost'"), 15000)]);
  });
  after(async () => {
    await a?.kill();
    await b?.kill();
    epmd?.stop();
  });

  it('connects, sends and calls both ways', async () => {
    await a.input("await Node.connect('b@localhost')", has('true'));
    assert.match(await a.input('Node.list()', has(']')), /\['b@localhost'\]/);
    await b.input("Process.register(self(), 'shell')", has('true'));
    await b.input("GenServer.start({ init: (n) => ['ok', n], handle_call: (r, from, n) => ['reply', ['n', n, node(from.pid)], n + 1] }, 0, { name: 'counter' })", has('ok'));
    assert.match(await a.input("await GenServer.call(['counter', 'b@localhost'], 'inc')", has(']')), /\['n', 0, 'a@localhost'\]/);
    await a.input("send(['shell', 'b@localhost'], ['hello', self()])", has(']'));
    const got = await b.input('const [, from] = await receive(); from', has('>'));
    assert.match(got, /^#PID<[1-9]\d*\.108\.0>/);
    assert.match(await b.input('node(from)', has('\n')), /'a@localhost'/);
    await a.input("Process.register(self(), 'shell')", has('true'));
    await a.input("GenServer.start({ init: (n) => ['ok', n], handle_call: (r, f, n) => ['reply', n * 10, n + 1] }, 1, { name: 'tens' })", has('ok'));
    assert.match(await b.input("await GenServer.call(['tens', 'a@localhost'], 'x')", has('\n')), /^10\n/);
    await b.input("send(from, 'hi back')", has('hi back'));
    assert.match(await a.input('await receive(2000)', has('\n')), /'hi back'/);
  });

  it('links and monitors across; a killed node: nodedown, DOWN and EXIT with noconnection', async () => {
    await b.input("const far = spawn(async () => { await receive() }); Process.register(far, 'far'); far", has('>'));
    await a.input("const farPid = await GenServer.call(['tens', 'a@localhost'], 'x') && (send(['shell', 'b@localhost'], ['pid please', self()]), 0)", has('\n'));
    await b.input("const [, asker] = await receive(); send(asker, ['far is', far])", has(']'));
    const farText = await a.input("const [, far] = await receive(); far", has('>'));
    assert.match(farText, /^#PID<[1-9]\d*\.\d+\.0>/);
    // monitor and link across; the link is trapped by a process of a's.
    await a.input("const ref = monitor(far)", has('Reference'));
    await a.input("const trapper = spawn(async () => { Process.flag('trap_exit', true); link(far); const m = await receive(); console.log('trapped', m) })", has('PID'));
    await a.input("Node.monitor('b@localhost', true)", has('true'));
    await new Promise((r) => setTimeout(r, 200));
    await b.kill();
    const out = await waitFor(a.output, (t) => t.includes('trapped'), 8000);
    assert.match(out, /trapped \[ ?'EXIT', #PID<\d+\.\d+\.0>, 'noconnection' ?\]/);
    const flushed = await a.input('flush()', has("'ok'"));
    assert.match(flushed, /\['DOWN', #Reference<[\d.]+>, 'process', #PID<\d+\.\d+\.0>, 'noconnection'\]/);
    assert.match(flushed, /\['nodedown', 'b@localhost'\]/);
    assert.match(await a.input('Node.list()', has(']')), /^\[\]/);
  });

  it('a wrong cookie is refused with one line naming the node', async () => {
    const c = startGenrepl(['--sname', 'c@localhost', '--cookie', 'not-the-cookie'], { epmdPort: epmd.port });
    try {
      await c.input('Node.self()', has("'c@localhost'"), 15000);
      assert.match(await c.input("await Node.connect('a@localhost')", has('false')), /false/);
      const line = await waitFor(a.output, (t) => /rejected/.test(t), 5000);
      assert.equal(line.match(/rejected/g).length, 1);
      assert.match(line, /Connection attempt from node c@localhost rejected: wrong cookie/);
      assert.match(await c.input("await Node.ping('a@localhost')", has('pang')), /'pang'/);
    } finally {
      await c.kill();
    }
  });

  it('a node that cannot be reached, piped as in iex: pang and false at once, nothing logged, the call worded as iex', () => {
    const input = [
      "await Node.ping('zz@localhost')",
      "await Node.ping('nobody')",
      "await Node.connect('zz@localhost')",
      "await Node.connect('')",
      "send(['x', 'zz@localhost'], 1)",
      "await GenServer.call(['x', 'zz@localhost'], 1, 1000)",
      "'after'",
    ].join('\n');
    const r = spawnSync(process.execPath, [BIN, '--no-history', '--sname', 'lone@localhost', '--cookie', cookie], {
      input,
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, ERL_EPMD_PORT: String(epmd.port), NO_COLOR: '1' },
    });
    assert.equal(r.stdout + r.stderr, [
      "'pang'",
      "'pang'",
      'false',
      'false',
      '1',
      "** (exit) exited in: GenServer.call(['x', 'zz@localhost'], 1, 1000)",
      '    ** (EXIT) no connection to zz@localhost',
      "'after'",
      '',
    ].join('\n'));
  });

  it('--name with --dist-listen: a long name on the given address', () => {
    const r = spawnSync(process.execPath, [BIN, '--name', 'long@127.0.0.1', '--dist-listen', '127.0.0.1', '--cookie', cookie, '-e', 'Node.self()'], {
      encoding: 'utf8',
      env: { ...process.env, ERL_EPMD_PORT: String(epmd.port) },
    });
    assert.equal(r.stdout, "'long@127.0.0.1'\n");
    assert.equal(r.status, 0);
  });

  it('--cookie and --dist-listen need a node name; --sname and --name exclude each other', () => {
    for (const [args, why] of [[['--cookie', 'x'], /need --sname or --name/], [['--sname', 'a', '--name', 'a@127.0.0.1'], /cannot both be given/]]) {
      const r = spawnSync(process.execPath, [BIN, ...args, '-e', '1'], { encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, why);
    }
  });
});
