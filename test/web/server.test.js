// The projector page's server: 127.0.0.1 only, a token in every path (no token, no page, no
// assets, no stream), the same address on every web(), nothing listening before it is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn as spawnProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { BIN } from '../helpers/terminal.js';
import { GenServer, MyKeyStore, Runtime, spawn } from '../../dist/index.js';
import { web, stopWeb } from '../../dist/web/web.js';
import { fresh, settle } from '../helpers/runtime.js';

/** GET with an explicit Host header (fetch will not let a test set one). */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
        if (res.headers['content-type']?.startsWith('text/event-stream') && body.includes('event: ') && body.includes('\n\n', body.indexOf('event: '))) req.destroy(); // the first event is enough
      });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
      res.on('close', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('web() serves on 127.0.0.1, on a free port, under a random token; the same address every call', async () => {
  const rt = new Runtime();
  const url = await web(rt);
  try {
    const u = new URL(url);
    assert.equal(u.hostname, '127.0.0.1');
    assert.ok(Number(u.port) > 0);
    assert.match(u.pathname, /^\/[\w-]{20,}\/$/);
    assert.equal(await web(rt), url);
    const other = new Runtime();
    const url2 = await web(other);
    assert.notEqual(new URL(url2).pathname, u.pathname, 'each server has its own token');
    await stopWeb(other);
  } finally {
    await stopWeb(rt);
  }
});

test('without the token there is no page, no asset, no event stream, no process view', async () => {
  const rt = new Runtime();
  const url = await web(rt);
  try {
    const u = new URL(url);
    const base = `${u.protocol}//${u.host}`;
    const token = u.pathname.split('/')[1];
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const path of ['/', '/app.js', '/app.css', '/events', '/process?pid=0.108.0', `/${wrong}/`, `/${wrong}/events`, `/${wrong}/app.js`, `/${token.slice(0, 8)}/`, `/x/${token}/`]) {
      const r = await get(base + path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /genrepl|<html/i, path);
    }
    // With it: the page, its assets and the stream.
    const page = await get(url);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>genrepl/);
    assert.equal((await get(url + 'app.js')).status, 200);
    assert.match((await get(url + 'app.css')).type, /text\/css/);
    const events = await get(url + 'events');
    assert.equal(events.status, 200);
    assert.match(events.type, /text\/event-stream/);
    assert.match(events.body, /event: full/);
    // A request that names another host (DNS rebinding) gets nothing, token or not.
    assert.equal((await get(url, { host: `evil.example:${u.port}` })).status, 404);
    // The bare token redirects to the page.
    const bare = await get(`${base}/${token}`);
    assert.equal(bare.status, 302);
  } finally {
    await stopWeb(rt);
  }
});

test('the process view shows a process\'s state and mailbox as the shell prints them', async () => {
  const rt = fresh({ real: true });
  const url = await web(rt);
  try {
    const [, pid] = GenServer.start(MyKeyStore, []);
    await GenServer.call(pid, ['put', 'a', 'value']);
    const idle = spawn(() => new Promise(() => {}));
    rt.send(idle, ['hello', 1]);
    await settle(rt);
    const v = JSON.parse((await get(`${url}process?pid=${String(pid).slice(5, -1)}`)).body);
    assert.equal(v.alive, true);
    assert.equal(v.module, 'MyKeyStore');
    assert.equal(v.state, "new Map([['a', 'value']])");
    const m = JSON.parse((await get(`${url}process?pid=${String(idle).slice(5, -1)}`)).body);
    assert.deepEqual(m.mailbox, ["['hello', 1]"]);
    assert.equal(m.queue, 1);
    const dead = JSON.parse((await get(`${url}process?pid=0.99999.0`)).body);
    assert.equal(dead.alive, false);
  } finally {
    await stopWeb(rt);
  }
});

/** The TCP ports process `pid` listens on (from /proc: its socket inodes among the listening ones). */
function listening(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9])) ports.push([f[1].split(':')[0], parseInt(f[1].split(':')[1], 16)]);
    }
  }
  return ports;
}

test('a session listens on nothing until web() is called; then on 127.0.0.1 only, the same address twice', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const proc = spawnProcess(process.execPath, [BIN], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const until = async (re) => {
    const end = Date.now() + 15000;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`never saw ${re}:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    proc.stdin.write('1 + 1\n');
    await until(/^2$/m);
    assert.deepEqual(listening(proc.pid), []);
    proc.stdin.write('web()\nweb()\n');
    await until(/(^'http:.*'$\n){2}/m);
    const [first, second] = out.match(/^'http:.*'$/gm);
    assert.equal(first, second);
    const port = Number(new URL(first.slice(1, -1)).port);
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it.
    assert.deepEqual(listening(proc.pid), [['0100007F', port]]);
  } finally {
    proc.stdin.end();
    await new Promise((r) => proc.on('exit', r));
  }
});
