// A real pseudo-terminal around bin/genrepl, and a small terminal emulator, so end-to-end tests
// assert on the screen a person would see (not on raw bytes). Runs without a controlling
// terminal (CI) through Python's pty module.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The interpreter itself, not a version manager's shim (a shim adds ~0.2 s to every start,
// which would blur the benchmark's first-prompt figures).
export const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout?.trim() || 'python3';
export const BRIDGE = fileURLToPath(new URL('./pty-bridge.py', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/genrepl.js', import.meta.url));

/** A screen: lines of text, a cursor, and the escape sequences readline and genrepl use. */
export class Screen {
  /** `lf: 'raw'`: a line feed only moves down, as in a player fed a recording (no output processing). */
  constructor(cols = 100, { lf = 'newline' } = {}) {
    this.cols = cols;
    this.rawLf = lf === 'raw';
    this.lines = [''];
    this.row = 0;
    this.col = 0;
  }
  feed(text) {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\x1b') {
        const m = /^\x1b\[([?\d;]*)([A-Za-z])/.exec(text.slice(i));
        if (m) { this.csi(m[1], m[2]); i += m[0].length - 1; continue; }
        const o = /^\x1b[()][A-Za-z0-9]|^\x1b[=>]/.exec(text.slice(i));
        if (o) { i += o[0].length - 1; continue; }
        continue;
      }
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') { this.row++; if (!this.rawLf) this.col = 0; this.ensure(); }
      else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch === '\x07') continue;
      else if (ch >= ' ') this.put(ch);
    }
  }
  ensure() { while (this.lines.length <= this.row) this.lines.push(''); }
  put(ch) {
    if (this.col >= this.cols) { this.row++; this.col = 0; this.ensure(); }
    this.ensure();
    const line = this.lines[this.row].padEnd(this.col, ' ');
    this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
    this.col++;
  }
  csi(params, cmd) {
    const n = params === '' ? 1 : parseInt(params, 10) || 0;
    this.ensure();
    switch (cmd) {
      case 'K': { const mode = params === '' ? 0 : n; const l = this.lines[this.row];
        this.lines[this.row] = mode === 0 ? l.slice(0, this.col) : mode === 1 ? ' '.repeat(this.col) + l.slice(this.col) : ''; break; }
      case 'J': { const mode = params === '' ? 0 : n;
        if (mode === 0) { this.lines[this.row] = this.lines[this.row].slice(0, this.col); this.lines.length = this.row + 1; }
        else if (mode === 2) { this.lines = ['']; this.row = 0; this.col = 0; } break; }
      case 'G': this.col = Math.max(0, n - 1); break;
      case 'C': this.col += n; break;
      case 'D': this.col = Math.max(0, this.col - n); break;
      case 'A': this.row = Math.max(0, this.row - n); break;
      case 'B': this.row += n; this.ensure(); break;
      case 'H': { const [r, c] = params.split(';').map((x) => parseInt(x, 10) || 1); this.row = (r || 1) - 1; this.col = (c || 1) - 1; this.ensure(); break; }
      // the alternate screen (a full-screen view): entered with its own blank page, left with the page as it was
      case 'h': if (params === '?1049') { this.saved = { lines: this.lines, row: this.row, col: this.col }; this.lines = ['']; this.row = 0; this.col = 0; } break;
      case 'l': if (params === '?1049' && this.saved) { ({ lines: this.lines, row: this.row, col: this.col } = this.saved); this.saved = null; } break;
      default: break; // colours (m) and other modes do not change the text
    }
  }
  text() { return this.lines.map((l) => l.trimEnd()).join('\n'); }
}

/** Runs bin/genrepl (or `cmd`, e.g. ['iex'] for the benchmark's twin) in a pseudo-terminal. */
export class Term {
  static start(args = [], { cwd, env = {}, cols = 100, rows = 40, cmd = [process.execPath, BIN], screen = true } = {}) {
    const home = mkdtempSync(join(tmpdir(), 'genrepl-home-'));
    const t = new Term();
    t.screen = new Screen(cols);
    t.raw = '';
    const base = { ...process.env, HOME: home, TERM: 'xterm-256color' };
    delete base.NO_COLOR;
    delete base.FORCE_COLOR;
    t.proc = spawn(PYTHON, [BRIDGE, String(cols), String(rows), '--', ...cmd, ...args], {
      cwd, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'inherit'],
    });
    t.exited = new Promise((r) => t.proc.on('exit', (code) => r(code)));
    t.proc.stdout.on('data', (d) => { const s = d.toString('utf8'); t.raw += s; if (screen) t.screen.feed(s); t.wake?.(); });
    return t;
  }
  /** Types text (use '\r' for Enter, '\x03' for Ctrl-C, '\t' for Tab, '\x04' for Ctrl-D). */
  type(text) { this.proc.stdin.write(text); }
  /** The pid of the program in the terminal (the bridge's child), to signal it. */
  childPid() {
    return Number(readFileSync(`/proc/${this.proc.pid}/task/${this.proc.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  }
  /** The visible text. */
  text() { return this.screen.text(); }
  /** Waits until the screen matches (a liveness bound of 15 s, not a timing assertion). */
  async waitFor(re, ms = 15000) {
    const deadline = Date.now() + ms;
    for (;;) {
      if (re.test(this.text())) return this.text();
      if (Date.now() > deadline) throw new Error(`screen never matched ${re}:\n${this.text()}`);
      await new Promise((r) => { this.wake = r; setTimeout(r, 50); });
    }
  }
  /** How many prompt lines (`iex(N)>` or `...(N)>`, on a node `iex(a@host)N>`) the screen shows. */
  prompts() { return this.text().split('\n').filter((l) => /^(iex|\.\.\.)\((\d+\)|[^()\s]+@[^()\s]+\)\d+)>/.test(l)).length; }
  /** Types a line, waits for a new prompt line, then for the screen to match `next`. */
  async enter(line, next = /./) {
    const before = this.prompts();
    this.type(line + '\r');
    await this.waitFor({ test: () => this.prompts() > before });
    return this.waitFor(next);
  }
  async close() {
    if (this.proc.exitCode === null) { this.proc.stdin.end(); this.proc.kill(); }
    await this.exited;
  }
}
