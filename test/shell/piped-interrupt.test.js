// genrepl with piped input, as a child process that owns its process: Ctrl-C (SIGINT) stops a
// runaway loop after an await and the inputs go on; the shell waits for the turns an input
// started before the next input, but not for processes that keep themselves busy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from '../helpers/terminal.js';

const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;

describe('piped input and processes that do not stop', () => {
  it('SIGINT stops a body looping after await receive(): it dies with iex’s report, the next inputs run, another process still answers', async () => {
    const child = spawn(process.execPath, [BIN], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const until = async (re) => {
      const end = Date.now() + 15000; // a liveness bound, not a timing assertion
      while (!re.test(out)) {
        if (Date.now() > end) throw new Error(`output never matched ${re}:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const guard = setTimeout(() => child.kill('SIGKILL'), 40000);
    try {
      child.stdin.write('const echo = spawn(async () => { for (;;) { const [from, m] = await receive(); send(from, m) } })\n');
      child.stdin.write("const b = spawn(async () => { await receive(); while (true) {} })\nsend(b, 'go')\n");
      await until(/'go'\n/);
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      await until(/\[error\] Process #PID<0\.110\.0> was interrupted \(Ctrl-C\)/);
      child.stdin.write("send(echo, [self(), 'still here']); await receive()\nProcess.alive(b)\n");
      child.stdin.end();
      const code = await new Promise((r) => child.on('exit', (c, sig) => r(c ?? sig)));
      assert.equal(code, 0, out);
      assert.match(out, /was interrupted \(Ctrl-C\)[^\n]*\n[\s\S]*'still here'\nfalse\n$/);
      assert.doesNotMatch(out, /Uncaught|Interruption/);
    } finally {
      clearTimeout(guard);
      child.kill();
    }
  });

  it('two processes playing ping-pong for ever do not hold the next input back', () => {
    const input = [
      'const a = spawn(async () => { for (;;) { const [from] = await receive(); send(from, [self()]) } })',
      'const b = spawn(async () => { for (;;) { const [from] = await receive(); send(from, [self()]) } })',
      'send(a, [b])',
      '2 + 2',
      '[Process.alive(a), Process.alive(b)]',
    ].join('\n') + '\n';
    const r = spawnSync(process.execPath, [BIN], { input, encoding: 'utf8', env, timeout: 30000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '#PID<0.109.0>\n#PID<0.110.0>\n[#PID<0.110.0>]\n4\n[true, true]\n');
  });
});
