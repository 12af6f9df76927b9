/**
 * One trace event as one line, in the words `sys.trace` uses for a GenServer (`*DBG*
 * 'counter' got call 'get' from #PID<0.108.0>`), for every kind of event and every process.
 * Terms are shortened (see terms.ts); crashes are not repeated (the crash report says it).
 *
 * @example
 * traceLine({ kind: 'send', from, to, msg: 'hi', seq: 1, time: 0 })
 * // "*DBG* #PID<0.110.0> got 'hi' from #PID<0.108.0>"
 */
import type { TraceEvent } from '../runtime/kernel.js';
import { reasonWords, short, whoIs } from './terms.js';

/** The line for `e`, or null for an event trace lines leave to others (a crash: its report is printed). */
export function traceLine(e: TraceEvent, width = 100): string | null {
  const t = (v: unknown) => short(v, Math.max(24, width - 56));
  switch (e.kind) {
    case 'send':
      return `*DBG* ${whoIs(e.to)} got ${t(e.msg)}${e.from === null ? '' : ` from ${whoIs(e.from)}`}`;
    case 'call':
      return `*DBG* ${whoIs(e.to)} got call ${t(e.request)} from ${whoIs(e.from)}`;
    case 'reply':
      return `*DBG* ${whoIs(e.from)} sent ${t(e.reply)} to ${whoIs(e.to)}`;
    case 'cast':
      return `*DBG* ${whoIs(e.to)} got cast ${t(e.request)}${e.from === null ? '' : ` from ${whoIs(e.from)}`}`;
    case 'state':
      return `*DBG* ${whoIs(e.pid)} new state ${t(e.state)}`;
    case 'spawn':
      return `*DBG* ${whoIs(e.parent)} spawned ${e.child} (${e.mfa[0]}.${e.mfa[1]}/${e.mfa[2]})`;
    case 'link':
      return `*DBG* ${whoIs(e.from)} linked to ${whoIs(e.to)}`;
    case 'unlink':
      return `*DBG* ${whoIs(e.from)} unlinked from ${whoIs(e.to)}`;
    case 'monitor':
      return `*DBG* ${whoIs(e.from)} monitors ${whoIs(e.to)}`;
    case 'down':
      return `*DBG* ${whoIs(e.to)} got DOWN from ${e.from}, reason ${reasonWords(e.reason, width - 40)}`;
    case 'exit':
      return `*DBG* ${whoIs(e.pid)} exited, reason ${reasonWords(e.reason, width - 40)}`;
    case 'timer':
      return `*DBG* ${whoIs(e.to)} got ${t(e.msg)} from a timer`;
    case 'register':
      return `*DBG* ${e.pid} registered as ${short(e.name)}`;
    case 'unregister':
      return `*DBG* ${e.pid} unregistered ${short(e.name)}`;
    case 'crash':
      return null;
  }
}
