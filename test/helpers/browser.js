// A real browser for the projector page's tests and benchmark: Debian's chromium, driven by
// playwright-core. `.ci/run` installs chromium when it is missing; without it the callers skip.
import { existsSync, mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './terminal.js';

/** The chromium binary: $CHROMIUM, else where Debian puts it; null when there is none. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** Launches headless chromium (no sandbox: CI runs as root). */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** A temp folder for this run's screenshots. */
export function shotDir() {
  return mkdtempSync(join(tmpdir(), 'genrepl-web-'));
}

/**
 * `genrepl --web` with piped stdin kept open: `send(line)` types an input; `url` is the page's
 * address as printed; `out` all output so far.
 */
export async function webSession(args = []) {
  const proc = spawn(process.execPath, [BIN, '--web', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const s = { proc, out: '', url: null };
  proc.stdout.on('data', (d) => (s.out += d));
  proc.stderr.on('data', (d) => (s.out += d));
  s.exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  const deadline = Date.now() + 15000;
  while (!(s.url = /projector page: (\S+)/.exec(s.out)?.[1] ?? null)) {
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill(); // never left running behind a failed start
      throw new Error(`no address printed:\n${s.out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  s.send = (line) => proc.stdin.write(line + '\n');
  /** Waits until the output matches (a liveness bound, not a timing assertion). */
  s.waitOut = async (re, ms = 15000) => {
    const end = Date.now() + ms;
    while (!re.test(s.out)) {
      if (Date.now() > end) throw new Error(`output never matched ${re}:\n${s.out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  s.close = async () => {
    proc.stdin.end();
    const t = setTimeout(() => proc.kill(), 5000);
    await s.exited;
    clearTimeout(t);
  };
  return s;
}
