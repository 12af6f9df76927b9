/**
 * `i(value)`: iex's sections about a value, from a table with one describer per kind of value
 * (pid, reference, array, map, set, function or class, object, string, the rest). The first
 * describer whose `is` holds gives the data type and the sections after Term and Data type.
 *
 * @example
 * describe('ok', rt);
 * // Term
 * //   'ok'
 * // Data type
 * //   string
 * // Byte size
 * //   2
 * // …
 */
import { Pid, Ref } from '../runtime/kernel.js';
import type { Proc, Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { DOCS } from './docs.js';
import { initialCall } from './ps.js';

/** A section of `i()`'s answer: a title and its (indented) body. */
export type Section = [title: string, body: string];

/** How `i()` describes one kind of value. */
export interface Describer {
  /** Whether this describer is the one for `x`. */
  is(x: unknown): boolean;
  /** The Data type section's text. */
  type(x: unknown): string;
  /** The sections after Term and Data type. */
  sections?(x: any, rt: Runtime): Section[];
}

const GEN_SERVER_CALLBACKS = ['init', 'handle_call', 'handle_cast', 'handle_info', 'handle_continue', 'terminate'];

/** The describers, the first that applies wins (the last applies to anything). */
export const DESCRIBERS: Describer[] = [
  { is: (x) => x instanceof Pid, type: () => 'PID', sections: describePid },
  { is: (x) => x === null, type: () => 'null' },
  { is: (x) => x instanceof Ref, type: () => 'Reference' },
  {
    is: Array.isArray,
    type: () => 'Array',
    sections: (x: unknown[]) => [['Length', String(x.length)], ['Description', "An array. In genrepl, arrays also play the part of Elixir tuples (['ok', pid])."]],
  },
  { is: (x) => x instanceof Map, type: () => 'Map', sections: (x: Map<unknown, unknown>) => [['Size', String(x.size)]] },
  { is: (x) => x instanceof Set, type: () => 'Set' },
  { is: (x) => typeof x === 'function', type: (x) => (/^class\b/.test(Function.prototype.toString.call(x)) ? 'Class' : 'Function'), sections: describeFunction },
  { is: (x) => typeof x === 'object', type: (x) => Object.getPrototypeOf(x)?.constructor?.name ?? 'Object' },
  {
    is: (x) => typeof x === 'string',
    type: () => 'string',
    sections: (x: string) => [['Byte size', String(Buffer.byteLength(x))], ['Description', "A string. In genrepl, strings also play the part of Elixir atoms ('ok')."]],
  },
  { is: () => true, type: (x) => typeof x },
];

/** `i(x)`: iex's sections, for a value of the shell whose runtime is `rt`. @example describe(self(), rt) */
export function describe(x: unknown, rt: Runtime): string {
  const d = DESCRIBERS.find((e) => e.is(x))!;
  const out: Section[] = [['Term', indent(inspect(x, { width: 76 }))], ['Data type', d.type(x)], ...(d.sections?.(x, rt) ?? [])];
  return out.map(([title, body]) => `${title}\n  ${body}`).join('\n');
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}

function describePid(x: Pid, rt: Runtime): Section[] {
  const info = rt.details(x);
  const out: Section[] = [['Alive', String(info !== null)]];
  if (info === null) return out;
  out.push(['Name', info.registered_name === null ? 'not registered' : inspect(info.registered_name)]);
  out.push(['Links', info.links.length ? info.links.join(', ') : 'none']);
  out.push(['Monitors', info.monitors.length ? info.monitors.map((m) => String(m[1])).join(', ') : 'none']);
  out.push(['Monitored by', info.monitored_by.length ? info.monitored_by.join(', ') : 'none']);
  out.push(['Message queue length', String(info.message_queue_len)]);
  out.push(['Messages handled', String(info.reductions)]);
  out.push(['Behaviour', info.behaviour ? `${info.behaviour} (module ${info.module})` : `none (initial call ${initialCall(info.initial_call)})`]);
  const p = rt.procOf(x) as Proc;
  const d = p.handler?.describe?.();
  if (d !== undefined && 'state' in d) out.push(['State', indent(inspect(d.state, { width: 76 }))]);
  out.push(['Description', "Use Process.info(pid) for more, state(pid) for a GenServer's state, mailbox(pid) for its messages."]);
  return out;
}

function describeFunction(x: Function): Section[] {
  const out: Section[] = [];
  const doc = DOCS[x.name];
  if (doc !== undefined) out.push(['Description', doc.doc]);
  const f = x as unknown as Record<string, unknown> & { prototype?: Record<string, unknown> };
  const cbs = GEN_SERVER_CALLBACKS.filter((k) => typeof f.prototype?.[k] === 'function' || typeof f[k] === 'function');
  if (cbs.length) out.push(['GenServer callbacks', cbs.join(', ')]);
  return out;
}
