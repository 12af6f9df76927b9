/**
 * Sequence diagrams of what processes said to each other: a recorder on the trace stream and
 * two drawings of what it recorded, one for the terminal (one lifeline per process, an arrow
 * per message with its shortened label, `X` where a process exits) and one in Mermaid's
 * `sequenceDiagram` text for docs and slides. Both depend only on the events, so a
 * deterministic session draws the same bytes every run.
 *
 * @example
 * const rec = new SeqRecorder(rt);
 * rec.start();
 * await GenServer.call(pid, 'get');
 * rec.stop();
 * drawSeq(rec);    // the terminal drawing
 * mermaidSeq(rec); // 'sequenceDiagram\n    participant …'
 */
import type { Pid, Runtime, TraceEvent } from '../runtime/kernel.js';
import { isNormal } from '../behaviours/gen-server-loop.js';
import { cut, label, reasonWords, short } from './terms.js';

/** Options of a drawing. */
export interface SeqOptions {
  /** `'text'` (the terminal drawing, the default) or `'mermaid'`. */
  format?: 'text' | 'mermaid';
  /** Width of the terminal drawing (default 80). */
  width?: number;
  /** Most steps drawn (default 200); the rest are counted in a last line. */
  limit?: number;
}

/** One step of a diagram: an arrow between lifelines, or a mark on one. */
interface Step {
  from: Pid | null;
  to: Pid;
  text: string;
  /** `'msg'` a message, `'reply'` a call's answer, `'ctl'` spawn/link/monitor, `'end'` an exit mark. */
  style: 'msg' | 'reply' | 'ctl' | 'end';
  crash?: boolean;
}

/** Records the trace stream of a runtime between `start()` and `stop()`. */
export class SeqRecorder {
  readonly events: TraceEvent[] = [];
  /** The best name seen for each process while it lived. */
  readonly names = new Map<Pid, string>();
  private off: (() => void) | null = null;

  constructor(readonly rt: Runtime) {}

  /** True between start and stop. */
  get recording(): boolean {
    return this.off !== null;
  }

  /** Starts recording every event of the runtime. @example rec.start() */
  start(): void {
    if (this.off !== null) return;
    this.off = this.rt.trace.watch('all', (e) => {
      this.events.push(e);
      for (const pid of pidsOf(e)) this.see(pid);
    });
  }

  /** Stops recording. @example rec.stop() */
  stop(): void {
    for (const pid of this.names.keys()) this.see(pid);
    this.off?.();
    this.off = null;
  }

  private see(pid: Pid): void {
    const l = label(pid);
    if (l !== null) this.names.set(pid, l);
    else if (!this.names.has(pid)) this.names.set(pid, String(pid));
  }
}

function pidsOf(e: TraceEvent): Pid[] {
  switch (e.kind) {
    case 'spawn':
      return [e.parent, e.child];
    case 'exit':
    case 'crash':
    case 'state':
    case 'register':
    case 'unregister':
      return [e.pid];
    case 'timer':
      return [e.to];
    default:
      return e.from === null ? [e.to] : [e.from, e.to];
  }
}

/** The steps a recording draws, and its lifelines in order of appearance (the shell first). */
function steps(rec: SeqRecorder): { steps: Step[]; lanes: Pid[]; born: Set<Pid> } {
  const out: Step[] = [];
  const lanes: Pid[] = [];
  const born = new Set<Pid>();
  const lane = (pid: Pid | null) => {
    if (pid !== null && !lanes.includes(pid)) lanes.push(pid);
  };
  const arrow = (from: Pid | null, to: Pid, text: string, style: Step['style'] = 'msg') => {
    lane(from), lane(to);
    out.push({ from, to, text, style });
  };
  for (const e of rec.events) {
    switch (e.kind) {
      case 'send':
        arrow(e.from, e.to, short(e.msg, 40));
        break;
      case 'call':
        arrow(e.from, e.to, `call ${short(e.request, 35)}`);
        break;
      case 'cast':
        arrow(e.from, e.to, `cast ${short(e.request, 35)}`);
        break;
      case 'reply':
        arrow(e.from, e.to, `reply ${short(e.reply, 34)}`, 'reply');
        break;
      case 'down':
        arrow(e.from, e.to, `DOWN ${reasonWords(e.reason, 34)}`);
        break;
      case 'timer':
        arrow(null, e.to, `timer ${short(e.msg, 34)}`);
        break;
      case 'spawn':
        lane(e.parent);
        if (!lanes.includes(e.child)) born.add(e.child);
        arrow(e.parent, e.child, 'spawn', 'ctl');
        break;
      case 'link':
      case 'unlink':
      case 'monitor':
        arrow(e.from, e.to, e.kind, 'ctl');
        break;
      case 'exit': {
        if (!lanes.includes(e.pid)) break;
        const crash = !isNormal(e.reason);
        out.push({ from: null, to: e.pid, text: `${crash ? 'crash' : 'exit'}: ${reasonWords(e.reason, 50)}`, style: 'end', crash });
        break;
      }
      default:
        break;
    }
  }
  // The shell's lifeline first: it is where the input starts.
  const main = rec.rt.main.pid;
  const shell = [...rec.names.entries()].find(([, n]) => n === 'shell')?.[0] ?? main;
  const i = lanes.indexOf(shell);
  if (i > 0) lanes.unshift(...lanes.splice(i, 1));
  return { steps: out, lanes, born };
}

/** Lifeline titles: each process's name, made unique by its pid where two share one. */
function titles(rec: SeqRecorder, lanes: Pid[]): string[] {
  const raw = lanes.map((p) => rec.names.get(p) ?? String(p));
  return raw.map((t, i) => (raw.indexOf(t) !== raw.lastIndexOf(t) ? `${t}<${lanes[i]!.id}>` : t));
}

/**
 * The terminal drawing of a recording: titles on top, a `|` lifeline per process, each
 * message as a label line and an arrow line, `X` and the reason where a process exits.
 * @example drawSeq(rec, { width: 80 })
 */
export function drawSeq(rec: SeqRecorder, opts: SeqOptions = {}): string {
  const width = opts.width ?? 80;
  const limit = opts.limit ?? 200;
  const { steps: all, lanes, born } = steps(rec);
  if (lanes.length === 0) return '(no messages)';
  const n = lanes.length;
  const gap = n === 1 ? 20 : Math.max(10, Math.min(26, Math.floor((width - 14) / (n - 1))));
  const left = Math.max(6, Math.min(12, Math.floor(gap / 2)));
  const x = lanes.map((_, i) => left + i * gap);
  const lineWidth = Math.max(width, x[n - 1]! + 2);
  const alive = lanes.map((p) => !born.has(p));
  const rows: string[] = [];
  const blank = (): string[] => {
    const r = new Array<string>(lineWidth).fill(' ');
    for (let i = 0; i < n; i++) if (alive[i]) r[x[i]!] = '|';
    return r;
  };
  const put = (r: string[], at: number, s: string) => {
    for (let k = 0; k < s.length && at + k < lineWidth; k++) if (at + k >= 0) r[at + k] = s[k]!;
  };
  const emit = (r: string[]) => rows.push(r.join('').trimEnd());
  // Titles, centred over their lifelines.
  const names = titles(rec, lanes);
  const head = new Array<string>(lineWidth).fill(' ');
  names.forEach((t, i) => {
    const s = cut(t, i === n - 1 ? Math.max(gap - 2, lineWidth - x[i]! + Math.floor(gap / 2) - 1) : gap - 2);
    put(head, Math.max(0, x[i]! - Math.floor((s.length - 1) / 2)), s);
  });
  emit(head);
  emit(blank());
  const shown = all.slice(0, limit);
  for (const s of shown) {
    const b = lanes.indexOf(s.to);
    if (s.style === 'end') {
      const r = blank();
      r[x[b]!] = 'X';
      put(r, x[b]! + 2, cut(s.text, lineWidth - x[b]! - 2));
      emit(r);
      alive[b] = false;
      continue;
    }
    if (s.from === null) {
      // From no process (a timer): a short arrow into the lifeline.
      const r1 = blank();
      put(r1, x[b]! + 2, cut(s.text, lineWidth - x[b]! - 2));
      emit(r1);
      const r2 = blank();
      put(r2, x[b]! - 5, '*--->');
      emit(r2);
      continue;
    }
    const a = lanes.indexOf(s.from);
    const fill = s.style === 'msg' ? '-' : '.';
    if (a === b) {
      const r1 = blank();
      put(r1, x[a]! + 1, `${fill}${fill}. ${cut(s.text, lineWidth - x[a]! - 5)}`);
      emit(r1);
      const r2 = blank();
      put(r2, x[a]! + 1, `<${fill}'`);
      emit(r2);
      continue;
    }
    const lo = Math.min(x[a]!, x[b]!), hi = Math.max(x[a]!, x[b]!);
    const r1 = blank();
    put(r1, lo + 2, cut(s.text, Math.max(hi - lo - 3, 12)));
    emit(r1);
    const r2 = blank();
    for (let k = lo + 1; k < hi; k++) r2[k] = fill;
    if (b > a) r2[hi - 1] = '>';
    else r2[lo + 1] = '<';
    // A spawned process's lifeline starts at the arrow that starts it.
    if (!alive[b] && born.has(s.to)) {
      alive[b] = true;
      r2[x[b]!] = '|';
    }
    emit(r2);
  }
  if (all.length > shown.length) rows.push(`… ${all.length - shown.length} more steps not drawn (seq(fn, { limit: ${all.length} }) draws them)`);
  return rows.join('\n');
}

/** Mermaid's text for a label: `#` and `;` as its entity codes, on one line. */
function mermaidText(s: string): string {
  return s.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/\n/g, ' ');
}

/**
 * The recording as Mermaid's `sequenceDiagram` text: a participant per process, `->>` for
 * messages, `-->>` for replies, `--)` for spawns, links and monitors, a note where one exits.
 * @example mermaidSeq(rec).split('\n')[0] // 'sequenceDiagram'
 */
export function mermaidSeq(rec: SeqRecorder, opts: SeqOptions = {}): string {
  const limit = opts.limit ?? 200;
  const { steps: all, lanes } = steps(rec);
  const id = (p: Pid) => `P${p.id}`;
  const out = ['sequenceDiagram'];
  titles(rec, lanes).forEach((t, i) => out.push(`    participant ${id(lanes[i]!)} as ${mermaidText(t)}`));
  for (const s of all.slice(0, limit)) {
    const text = mermaidText(s.text);
    if (s.style === 'end' || s.from === null) out.push(`    Note over ${id(s.to)}: ${text}`);
    else out.push(`    ${id(s.from)}${s.style === 'msg' ? '->>' : s.style === 'reply' ? '-->>' : '--)'}${id(s.to)}: ${text}`);
  }
  if (all.length > limit) out.push(`    Note over ${id(lanes[0]!)}: ${all.length - limit} more steps not drawn`);
  return out.join('\n');
}
