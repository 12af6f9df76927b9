/**
 * The message log behind the page's sequence diagram: a fixed ring of the latest events
 * (messages, replies, spawns, exits, crashes). Recording one is a few stores into a preallocated
 * slot, with no formatting; labels are made only for what a frame sends, and a frame sends at
 * most {@link PER_FRAME} events however fast messages flow (the rest are counted as skipped).
 *
 * @example
 * const flow = new FlowLog();
 * flow.record('cast', from, to, ['push', 1]);
 * flow.take() // { events: [{ n: 1, kind: 'cast', from: '#PID<…>', to: '#PID<…>', label: "['push', 1]", full: … }], skipped: 0 }
 */
import type { Pid } from '../runtime/kernel.js';
import { cut, full, reason, short, SHORT } from './terms.js';

/** Events kept (what a page that opens now is shown). */
export const KEEP = 120;
/** Events a frame sends at most. */
export const PER_FRAME = 40;

/** What happened: a message by its protocol, or a process's start or end. */
export type FlowKind = 'send' | 'call' | 'reply' | 'cast' | 'spawn' | 'link' | 'exit' | 'crash' | 'timer';

/** One event as the page gets it. */
export interface FlowEvent {
  /** Its number in the session (gaps are events skipped under load). */
  n: number;
  kind: FlowKind;
  from: string | null;
  to: string | null;
  /** Short, one line. */
  label: string;
  /** The whole term, for hover and click. */
  full: string;
}

interface Slot {
  n: number;
  kind: FlowKind;
  from: Pid | null;
  to: Pid | null;
  term: unknown;
}

/** The ring and the number of the last event sent. */
export class FlowLog {
  private readonly ring: Slot[] = Array.from({ length: KEEP }, () => ({ n: 0, kind: 'send' as FlowKind, from: null, to: null, term: undefined }));
  private count = 0;
  private sentUpTo = 0;
  /** Called after each record (the feed schedules a frame). */
  onRecord: () => void = () => {};

  /** Records an event. @example flow.record('send', self(), pid, 'hello') */
  record(kind: FlowKind, from: Pid | null, to: Pid | null, term: unknown): void {
    const s = this.ring[this.count % KEEP]!;
    s.n = ++this.count;
    s.kind = kind;
    s.from = from;
    s.to = to;
    s.term = term;
    this.onRecord();
  }

  /** The events since the last take (the latest {@link PER_FRAME}), and how many were skipped. @example flow.take() */
  take(): { events: FlowEvent[]; skipped: number } {
    const fresh = this.count - this.sentUpTo;
    const n = Math.min(fresh, PER_FRAME);
    const events = this.window(n);
    this.sentUpTo = this.count;
    return { events, skipped: fresh - n };
  }

  /** The latest `n` events kept (a new page's first picture). @example flow.recent(KEEP) */
  recent(n = KEEP): FlowEvent[] {
    return this.window(Math.min(n, this.count, KEEP));
  }

  private window(n: number): FlowEvent[] {
    const out: FlowEvent[] = [];
    for (let i = this.count - n + 1; i <= this.count; i++) {
      const s = this.ring[(i - 1) % KEEP]!;
      const text = label(s);
      // A label that is the whole term (most are) is not printed twice.
      const whole = s.kind === 'spawn' || (!text.endsWith('…') && !(s.term instanceof Error)) ? text : full(s.term);
      out.push({ n: s.n, kind: s.kind, from: s.from === null ? null : String(s.from), to: s.to === null ? null : String(s.to), label: text, full: whole });
    }
    return out;
  }
}

function label(s: Slot): string {
  if (s.kind === 'crash' || s.kind === 'exit') return reason(s.term);
  // A spawn's initial call, as Process.info prints it: module.function/arity.
  if (s.kind === 'spawn' && Array.isArray(s.term)) return cut(`${s.term[0]}.${s.term[1]}/${s.term[2]}`, SHORT);
  return short(s.term);
}
