/**
 * The shell's input history (`~/.genrepl_history`), kept on node:repl's own history hooks.
 *
 * - 1,000 entries by default (`GENREPL_HISTORY_SIZE`), newest first, one per line as Node's
 *   REPL writes them; an input typed on several lines is one entry (its inner newlines are
 *   stored as `\r`) and comes back whole on Up.
 * - Deduplicated as Node's REPL does: an input equal to the one before it is not added again.
 * - Written as you go: the file is rewritten when each line is entered, synchronously, into a
 *   temporary file that is then renamed over the old one, so a crash, a kill, SIGTERM or SIGHUP
 *   (closing the terminal) at any moment leaves either the old file or the new one, never a
 *   mix, and nothing is waiting to be flushed (no signal handler is needed, which would delay
 *   SIGTERM behind a runaway input). Mode 0600; an existing file open to others is set to 0600.
 * - Problems give one line of genrepl's own: a directory at the path or a file that is not
 *   text (never shown as entries; left as it is) turn history off for the session; a file that
 *   cannot be written keeps history in memory.
 *
 * @example
 * const h = History.load('/home/me/.genrepl_history', 1000, (w) => console.error(w));
 * h.enter("call(pid, 'get')", false); // entries[0] is now that input, and the file says so
 * h.attach(server, () => server[bufferedCommand] !== '');
 */
import { accessSync, chmodSync, constants, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { REPLServer } from 'node:repl';
import { fileError, readText } from './text-file.js';

/** Entries kept unless `GENREPL_HISTORY_SIZE` says otherwise. */
export const DEFAULT_HISTORY_SIZE = 1000;

/**
 * The history size from `GENREPL_HISTORY_SIZE` (a whole number; 0 keeps none), or the default
 * with a warning when it is not one. @example historySize({ GENREPL_HISTORY_SIZE: '50' }, warn) // 50
 */
export function historySize(env: NodeJS.ProcessEnv, warn: (text: string) => void): number {
  const v = env.GENREPL_HISTORY_SIZE;
  if (v === undefined || v.trim() === '') return DEFAULT_HISTORY_SIZE;
  const n = Number(v);
  if (Number.isInteger(n) && n >= 0) return n;
  warn(`warning: GENREPL_HISTORY_SIZE=${v} is not a whole number: keeping ${DEFAULT_HISTORY_SIZE} entries`);
  return DEFAULT_HISTORY_SIZE;
}

/** A history file and its entries (newest first). */
export class History {
  /** Entries, newest first (multi-line inputs joined with `\n`). */
  readonly entries: string[] = [];
  /** False once the file cannot be used: history then lives in memory only. */
  private saving: boolean;
  /** Whether `entries[0]` is the input being typed (its lines are merged into it). */
  private ownsFirst = false;

  private constructor(
    readonly file: string,
    readonly size: number,
    private readonly warn: (text: string) => void,
    saving: boolean,
  ) {
    this.saving = saving && size > 0;
  }

  /** Reads `file` (missing is fine); `warn` receives at most one line per problem. @example History.load(f, 1000, console.error) */
  static load(file: string, size: number, warn: (text: string) => void): History {
    const read = readText(file);
    if (!read.ok && read.kind !== 'missing') {
      warn(read.kind === 'binary' ? `warning: history is off: ${file} is not text (binary data) and was left as it is` : `warning: history is off: cannot read ${file} (${read.why})`);
      return new History(file, size, warn, false);
    }
    const h = new History(file, size, warn, true);
    // Said at start-up rather than after the first input: the file's directory must take a new file.
    try {
      if (h.saving) accessSync(dirname(file), constants.W_OK);
    } catch (err) {
      h.cannotWrite(err);
    }
    if (read.ok) {
      for (const line of read.text.split('\n')) {
        const entry = line.replace(/\r$/, '').replace(/\r/g, '\n');
        if (entry.trim() !== '' && h.entries.length < size) h.entries.push(entry);
      }
      h.restrict();
    }
    return h;
  }

  /**
   * A line was entered: a new entry, or (when `continuation`, the input so far being incomplete)
   * the next line of the entry being typed. Saves the file when the entries changed.
   * @example h.enter('[1,', false); h.enter('2]', true); h.entries[0] // '[1,\n2]'
   */
  enter(line: string, continuation: boolean): void {
    if (this.size === 0 || line.trim() === '') return;
    const e = this.entries;
    if (continuation && this.ownsFirst && e.length > 0) e[0] = e[0] + '\n' + line;
    else if (e[0] === line) {
      this.ownsFirst = false;
      return;
    } else {
      e.unshift(line);
      this.ownsFirst = true;
    }
    if (e.length > 1 && e[0] === e[1]) e.shift();
    if (e.length > this.size) e.length = this.size;
    this.save();
  }

  /** Rewrites the file atomically (a temporary file, then a rename). @example h.save() */
  save(): void {
    if (!this.saving) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, this.entries.map((x) => x.replace(/\n/g, '\r')).join('\n') + '\n', { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // never written
      }
      this.cannotWrite(err);
    }
  }

  /** Says once that the file cannot be written; history stays in memory. */
  private cannotWrite(err: unknown): void {
    this.saving = false;
    const why = (err as any)?.code === 'ENOENT' ? 'its directory does not exist' : fileError(err);
    this.warn(`warning: history is not saved: cannot write ${this.file} (${why})`);
  }

  /**
   * Puts the entries into node:repl's Up/Down and Ctrl-R history and keeps them in step:
   * node:repl reports each entered line; `continuing()` says whether the input before it was
   * incomplete (the line then extends that entry). @example h.attach(server, () => false)
   */
  attach(server: REPLServer, continuing: () => boolean): void {
    const rl = server as unknown as { history: string[]; historySize: number; line: string };
    rl.historySize = Math.max(this.size, 1);
    rl.history.splice(0, rl.history.length, ...this.entries);
    if (this.size === 0) rl.historySize = 0;
    server.on('history', (list: string[]) => {
      this.enter(rl.line, continuing());
      list.splice(0, list.length, ...this.entries);
    });
  }

  /** The file is readable by its owner only (it holds whatever was typed). */
  private restrict(): void {
    try {
      if ((statSync(this.file).mode & 0o077) !== 0) chmodSync(this.file, 0o600);
    } catch (err) {
      this.warn(`warning: could not make ${this.file} private (${fileError(err)})`);
    }
  }
}
