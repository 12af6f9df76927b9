/**
 * The printer: values shown as TypeScript you could paste back, with pids and refs in iex's
 * form (`#PID<0.127.0>`), wrapped at 80 columns and truncated like iex (50 items, then `...`).
 *
 * @example
 * inspect(['ok', pid(0, 127, 0)])        // "['ok', #PID<0.127.0>]"
 * inspect(new Map([['a', 'value']]))     // "new Map([['a', 'value']])"
 * inspect({ a: 1, 'b-c': [1, 2] })       // "{ a: 1, 'b-c': [1, 2] }"
 */
import { inspect as nodeInspect } from 'node:util';
import { Pid, Ref } from '../runtime/pid.js';

/** The semantic role of a printed token; a colour scheme maps roles to colours. */
export type Role = 'number' | 'string' | 'nil' | 'boolean' | 'pid' | 'ref' | 'function' | 'special' | 'key';

/** Options for {@link inspect}. */
export interface InspectOptions {
  /** Line width for wrapping (default 80). */
  width?: number;
  /** Items shown per collection before `...` (default 50, as iex). */
  limit?: number;
  /** Nesting shown before `[Object]` / `[Array]` (default 20). */
  depth?: number;
  /** Colours a token by role (default: none). */
  style?: (role: Role, text: string) => string;
}

type Doc = string | Group;
interface Group {
  open: string;
  close: string;
  items: Doc[];
  /** Pack short items several per line when broken (lists of scalars). */
  fill: boolean;
  /** Spaces inside the brackets in flat form (`{ a: 1 }`). */
  pad: boolean;
  width: number;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const plain = (_r: Role, t: string) => t;

/** Prints `v` as TypeScript-shaped text (see module doc). @example inspect([1, 'a']) // "[1, 'a']" */
export function inspect(v: unknown, opts: InspectOptions = {}): string {
  const ctx = {
    limit: opts.limit ?? 50,
    depth: opts.depth ?? 20,
    style: opts.style ?? plain,
    stack: [] as object[],
  };
  return render(build(v, ctx, 0), 0, opts.width ?? 80, ctx.style === plain ? null : ctx.style);
}

/** Quotes a string the way the printer does: `'it\'s'`. @example quote("it's") // "'it\\'s'" */
export function quote(s: string): string {
  return "'" + JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
}

type Ctx = { limit: number; depth: number; style: (r: Role, t: string) => string; stack: object[] };

function build(v: unknown, ctx: Ctx, d: number): Doc {
  const s = ctx.style;
  switch (typeof v) {
    case 'string':
      return s('string', quote(v));
    case 'number':
      return s('number', Object.is(v, -0) ? '-0' : String(v));
    case 'bigint':
      return s('number', `${v}n`);
    case 'boolean':
      return s('boolean', String(v));
    case 'undefined':
      return s('nil', 'undefined');
    case 'symbol':
      return s('special', v.toString());
    case 'function':
      return s('function', fnName(v));
  }
  if (v === null) return s('nil', 'null');
  const o = v as object;
  if (o instanceof Pid) return s('pid', o.toString());
  if (o instanceof Ref) return s('ref', o.toString());
  if (ctx.stack.includes(o)) return s('special', '[Circular]');
  if (d > ctx.depth) return s('special', Array.isArray(o) ? '[Array]' : '[Object]');
  const custom = (o as any)[nodeInspect.custom];
  if (typeof custom === 'function') return String(custom.call(o, ctx.depth - d, {}, nodeInspect));
  ctx.stack.push(o);
  try {
    return buildObject(o, ctx, d);
  } finally {
    ctx.stack.pop();
  }
}

function items(values: Iterable<unknown>, ctx: Ctx, d: number, each = (x: unknown) => build(x, ctx, d + 1)): Doc[] {
  const out: Doc[] = [];
  for (const x of values) {
    if (out.length === ctx.limit) {
      out.push('...');
      break;
    }
    out.push(each(x));
  }
  return out;
}

function group(open: string, list: Doc[], close: string, fill = false, pad = false): Group {
  let width = open.length + close.length + (pad && list.length ? 2 : 0);
  for (const it of list) width += docWidth(it) + 2;
  return { open, close, items: list, fill, pad, width: list.length ? width - 2 : width };
}

function buildObject(o: object, ctx: Ctx, d: number): Doc {
  if (Array.isArray(o)) {
    const list = items(o, ctx, d);
    return group('[', list, ']', list.every((x) => typeof x === 'string'));
  }
  if (o instanceof Map) {
    const list = items(o, ctx, d, ([k, x]: any) => group('[', [build(k, ctx, d + 2), build(x, ctx, d + 2)], ']'));
    return list.length ? group('new Map([', list, '])') : 'new Map()';
  }
  if (o instanceof Set) {
    const list = items(o, ctx, d);
    return list.length ? group('new Set([', list, '])', true) : 'new Set()';
  }
  if (o instanceof Date) return `new Date(${quote(isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString())})`;
  if (o instanceof RegExp) return ctx.style('special', String(o));
  if (o instanceof Error) return `new ${o.name || 'Error'}(${quote(o.message)})`;
  if (ArrayBuffer.isView(o) && !(o instanceof DataView)) {
    const list = items(o as unknown as Iterable<unknown>, ctx, d);
    return group(`new ${o.constructor.name}([`, list, '])', true);
  }
  if (o instanceof Promise || o instanceof WeakMap || o instanceof WeakSet || o instanceof ArrayBuffer) {
    return nodeInspect(o, { depth: 0 });
  }
  const proto = Object.getPrototypeOf(o);
  const keys = Object.keys(o);
  const list: Doc[] = [];
  for (const k of keys) {
    if (list.length === ctx.limit) {
      list.push('...');
      break;
    }
    const key = ctx.style('key', IDENT.test(k) ? k : quote(k));
    list.push(prefix(key + ': ', build((o as any)[k], ctx, d + 1)));
  }
  const name = proto === Object.prototype || proto === null ? '' : (proto?.constructor?.name ?? '') + ' ';
  if (list.length === 0) return name + '{}';
  return group(name + '{', list, '}', false, true);
}

function prefix(p: string, doc: Doc): Doc {
  if (typeof doc === 'string') return p + doc;
  return { ...doc, open: p + doc.open, width: doc.width + p.length };
}

function fnName(f: Function): string {
  const src = Function.prototype.toString.call(f);
  if (src.startsWith('class')) return `[class ${f.name || '(anonymous)'}]`;
  return f.name ? `[Function: ${f.name}]` : '[Function (anonymous)]';
}

function docWidth(doc: Doc): number {
  // eslint-disable-next-line no-control-regex
  return typeof doc === 'string' ? doc.replace(/\x1b\[[0-9;]*m/g, '').length : doc.width;
}

function flat(doc: Doc): string {
  if (typeof doc === 'string') return doc;
  const inner = doc.items.map(flat).join(', ');
  return doc.pad && inner ? `${doc.open} ${inner} ${doc.close}` : doc.open + inner + doc.close;
}

function render(doc: Doc, indent: number, width: number, _style: unknown): string {
  if (typeof doc === 'string' || indent + doc.width <= width) return flat(doc);
  const pad = ' '.repeat(indent + 2);
  const lines: string[] = [];
  if (doc.fill) {
    let line = '';
    for (const it of doc.items) {
      const t = flat(it) + ',';
      if (line && indent + 2 + docWidth(line) + 1 + docWidth(t) > width) {
        lines.push(pad + line);
        line = t;
      } else line = line ? line + ' ' + t : t;
    }
    if (line) lines.push(pad + line);
  } else {
    for (const it of doc.items) lines.push(pad + render(it, indent + 2, width, _style) + ',');
  }
  const last = lines.length - 1;
  lines[last] = lines[last]!.slice(0, -1);
  return `${doc.open}\n${lines.join('\n')}\n${' '.repeat(indent)}${doc.close}`;
}
