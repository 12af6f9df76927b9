/**
 * `observer()`: a full-screen live view of the processes in the terminal, as observer_cli or
 * `top` — pid, name, module, status, queue, messages handled, memory estimate — sorted by a
 * key, with a process to select and look into (state, mailbox, links, monitors). It draws on
 * the terminal's alternate screen, so `q` gives back the screen and the prompt exactly as they
 * were. Each tick samples the table (proc-table.ts) and rewrites only the lines that changed.
 * Without a terminal (piped input, a replay) it prints one frame and returns.
 *
 * @example
 * await new Observer(rt, screen).run()   // until q
 * new Observer(rt, null).frame().join('\n') // one frame, as text
 */
import type { Pid, Proc, Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { ProcTable, Row, SORT_KEYS, SortKey } from './proc-table.js';
import { cut, short } from './terms.js';

/** The terminal the view takes over while it is up. */
export interface ObserverScreen {
  /** Emits `keypress` events (readline's); put in raw mode while the view is up. */
  input: NodeJS.EventEmitter & { setRawMode?: (on: boolean) => unknown };
  /** Where the view is drawn; its `columns` and `rows` give the size. */
  output: NodeJS.WritableStream & { columns?: number; rows?: number };
  /** Holds the shell's other output while the view is up; the returned function writes what was held. */
  hold(): () => void;
}

/** Options of the view. */
export interface ObserverOptions {
  /** Size when the output does not say (default 80 × 24). */
  width?: number;
  height?: number;
  /** Milliseconds between refreshes (default 500). */
  interval?: number;
  /** Processes sampled per refresh (default 2,000). */
  budget?: number;
}

interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

const COLS: [keyof Row | 'pid', string, number, 'left' | 'right'][] = [
  ['pid', 'PID', 13, 'left'],
  ['name', 'NAME', 12, 'left'],
  ['module', 'MODULE', 15, 'left'],
  ['status', 'STATUS', 9, 'left'],
  ['queue', 'QUEUE', 6, 'right'],
  ['handled', 'HANDLED', 8, 'right'],
  ['memory', 'MEMORY', 8, 'right'],
];

/** A count with thousands separators: 10,001 (without loading the locale data, ~100 ms the first time). @example thousands(10001) // '10,001' */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A byte count in iex's words: 812 B, 3.4 KB, 1.2 MB. */
function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function cell(row: Row, key: keyof Row | 'pid'): string {
  switch (key) {
    case 'pid':
      return String(row.pid);
    case 'memory':
      return bytes(row.memory);
    case 'name':
      return row.name === '' ? '' : row.name;
    default:
      return String(row[key]);
  }
}

/** The live view. */
export class Observer {
  readonly table: ProcTable;
  sortKey: SortKey = 'queue';
  reverse = false;
  /** The selected row (index into the sorted rows) and the first row shown. */
  selected = 0;
  top = 0;
  /** The process whose details are shown, or null for the table. */
  detail: Pid | null = null;
  private rows: Row[] = [];
  private prev: string[] = [];

  constructor(
    readonly rt: Runtime,
    readonly screen: ObserverScreen | null,
    readonly opts: ObserverOptions = {},
  ) {
    this.table = new ProcTable(rt, opts.budget ?? 2000);
  }

  get width(): number {
    return this.screen?.output.columns ?? this.opts.width ?? 80;
  }

  get height(): number {
    return this.screen?.output.rows ?? this.opts.height ?? 24;
  }

  /** Rows of processes the table has room for. */
  private get room(): number {
    return Math.max(1, this.height - 3);
  }

  /** Samples the table and sorts it. @example view.refresh() */
  refresh(): void {
    const shown = this.rows.slice(this.top, this.top + this.room).map((r) => r.pid);
    this.table.refresh(shown);
    this.resort();
  }

  /** Sorts the rows again; the selection follows its process. */
  private resort(): void {
    const sel = this.rows[this.selected]?.pid;
    this.rows = this.table.sorted(this.sortKey, this.reverse);
    if (sel !== undefined) {
      const i = this.rows.findIndex((r) => r.pid === sel);
      if (i >= 0) this.selected = i;
    }
    this.clamp();
  }

  private clamp(): void {
    this.selected = Math.max(0, Math.min(this.selected, this.rows.length - 1));
    if (this.selected < this.top) this.top = this.selected;
    if (this.selected >= this.top + this.room) this.top = this.selected - this.room + 1;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, this.rows.length - this.room)));
  }

  /** The screen's lines now (without colours: the selected row is marked with `>`). @example view.frame()[0] */
  frame(): string[] {
    const w = this.width;
    const title = `genrepl observer · ${thousands(this.rows.length)} processes · sort: ${this.sortKey} ${this.reverse ? '↑' : '↓'}`;
    const keys = this.detail === null ? '↑↓ select · Enter look inside · s sort · r reverse · q quit' : 'Esc back · q quit';
    const lines = [cut(title, w)];
    if (this.detail !== null) return lines.concat(this.details(this.detail).slice(0, this.height - 2), [cut(keys, w)]);
    lines.push(cut('  ' + COLS.map(([, h, n, a]) => (a === 'left' ? h.padEnd(n) : h.padStart(n))).join(' '), w));
    for (let i = this.top; i < Math.min(this.rows.length, this.top + this.room); i++) {
      const row = this.rows[i]!;
      const text = COLS.map(([k, , n, a]) => {
        const c = cut(cell(row, k), n);
        return a === 'left' ? c.padEnd(n) : c.padStart(n);
      }).join(' ');
      lines.push(cut(`${i === this.selected ? '>' : ' '} ${text}`, w));
    }
    while (lines.length < this.height - 1) lines.push('');
    lines.push(cut(keys, w));
    return lines;
  }

  /** The detail pane of one process: state, mailbox, links, monitors. */
  private details(pid: Pid): string[] {
    const w = this.width;
    const d = this.rt.details(pid);
    if (d === null) return ['', `${pid} is not alive any more.`];
    const p = pid.proc as Proc;
    const out = ['', `${pid}${d.registered_name === null ? '' : ` ${inspect(d.registered_name)}`} · ${d.module !== undefined ? `${d.module} (${d.behaviour})` : d.initial_call.join('.')} · ${d.status} · handled ${d.reductions}`];
    const desc = p.handler?.describe?.();
    if (desc !== undefined && 'state' in desc) {
      out.push('', 'State:');
      for (const l of inspect(desc.state, { width: w - 4 }).split('\n').slice(0, 8)) out.push('  ' + l);
    }
    out.push('', `Mailbox (${d.message_queue_len}):`);
    for (const m of d.messages.slice(0, 5)) out.push('  ' + short(m, w - 4));
    if (d.messages.length > 5) out.push(`  … ${d.messages.length - 5} more`);
    out.push('', `Links: ${d.links.length === 0 ? 'none' : cut(d.links.join(', '), w - 7)}`);
    out.push(`Monitors: ${d.monitors.length === 0 ? 'none' : cut(d.monitors.map((m) => String(m[1])).join(', '), w - 10)}`);
    out.push(`Monitored by: ${d.monitored_by.length === 0 ? 'none' : cut(d.monitored_by.join(', '), w - 14)}`);
    return out.map((l) => cut(l, w));
  }

  /** Handles a key; returns false when the view should close. */
  key(k: Key): boolean {
    const name = k.name ?? k.sequence;
    if (name === 'q' || (k.ctrl && name === 'c')) return false;
    if (this.detail !== null) {
      if (name === 'escape' || name === 'backspace' || name === 'left' || name === 'return') this.detail = null;
      return true;
    }
    switch (name) {
      case 'up':
      case 'k':
        this.selected--;
        break;
      case 'down':
      case 'j':
        this.selected++;
        break;
      case 'pageup':
        this.selected -= this.room;
        break;
      case 'pagedown':
        this.selected += this.room;
        break;
      case 'return':
      case 'right':
        this.detail = this.rows[this.selected]?.pid ?? null;
        break;
      case 's':
        this.sortKey = SORT_KEYS[(SORT_KEYS.indexOf(this.sortKey) + 1) % SORT_KEYS.length]!;
        this.resort();
        break;
      case 'r':
        this.reverse = !this.reverse;
        this.resort();
        break;
    }
    this.clamp();
    return true;
  }

  /** Writes the lines that changed since the last draw (the selected row in reverse video). */
  private draw(force = false): void {
    const out = this.screen!.output;
    const lines = this.frame();
    let s = '';
    const n = Math.max(lines.length, this.prev.length);
    for (let i = 0; i < n; i++) {
      const line = lines[i] ?? '';
      if (!force && line === this.prev[i]) continue;
      const shown = line.startsWith('>') ? `\x1b[7m${line.padEnd(this.width)}\x1b[0m` : line;
      s += `\x1b[${i + 1};1H${shown}\x1b[K`;
    }
    this.prev = lines;
    if (s !== '') out.write(s);
  }

  /**
   * Runs the view until `q`: the alternate screen, keys, a refresh every `interval` ms. Without
   * a screen, draws nothing and resolves at once. @example await view.run()
   */
  run(): Promise<void> {
    const screen = this.screen;
    if (screen === null) return Promise.resolve();
    const { input, output } = screen;
    // The shell's line editor must not see these keys: its listeners step aside while the view is up.
    const others = input.listeners('keypress') as ((...a: unknown[]) => void)[];
    for (const f of others) input.removeListener('keypress', f);
    const release = screen.hold();
    // Raw at once: observer() starts inside an input's run, when the terminal echoes what is typed.
    input.setRawMode?.(true);
    output.write('\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J');
    this.refresh();
    this.draw(true);
    return new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        this.refresh();
        this.draw();
      }, this.opts.interval ?? 500);
      const onResize = () => this.draw(true);
      const onKey = (_s: unknown, k: Key | undefined) => {
        if (k === undefined) return;
        if (this.key(k)) {
          this.draw(this.detail !== null);
          return;
        }
        clearInterval(tick);
        input.removeListener('keypress', onKey);
        (output as NodeJS.EventEmitter).removeListener?.('resize', onResize);
        output.write('\x1b[?25h\x1b[?1049l');
        for (const f of others) input.on('keypress', f);
        release();
        resolve();
      };
      input.on('keypress', onKey);
      (output as NodeJS.EventEmitter).on?.('resize', onResize);
    });
  }
}
