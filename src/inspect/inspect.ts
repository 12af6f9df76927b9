/**
 * The printer: values shown as TypeScript you could paste back, with pids and refs in iex's
 * form (`#PID<0.127.0>`), wrapped at 80 columns and truncated like iex (50 items, then `...`).
 *
 * @example
 * inspect(['ok', pid(0, 127, 0)])        // "['ok', #PID<0.127.0>]"
 * inspect(new Map([['a', 'value']]))     // "new Map([['a', 'value']])"
 * inspect({ a: 1, 'b-c': [1, 2] })       // "{ a: 1, 'b-c': [1, 2] }"
 */
import { inspect as nodeInspect, types } from 'node:util';
import { Pid, Ref } from '../runtime/kernel.js';
import { className, GETTER, isError, peek } from './peek.js';

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

/**
 * Prints `v` as TypeScript-shaped text (see module doc). Total: it never throws and runs no
 * getter, Proxy trap or `toString` (see peek.ts); only an object's own `[util.inspect.custom]`
 * is called, and if that throws the object prints as if it had none.
 * @example inspect([1, 'a']) // "[1, 'a']"
 */
export function inspect(v: unknown, opts: InspectOptions = {}): string {
  const ctx = {
    limit: opts.limit ?? 50,
    depth: opts.depth ?? 20,
    style: opts.style ?? plain,
    stack: [] as object[],
  };
  try {
    return render(build(v, ctx, 0), 0, opts.width ?? 80, ctx.style === plain ? null : ctx.style);
  } catch {
    // A stack overflow in a custom inspector, say: Node's printer, told not to run code.
    try {
      return nodeInspect(v, SAFE);
    } catch {
      return '[value that cannot be printed]';
    }
  }
}

/** Node's printer without user code: no custom inspectors, no getters, Proxies shown by target. */
const SAFE = { customInspect: false, getters: false, showProxy: false, depth: 2, breakLength: Infinity } as const;

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
  if (types.isProxy(o)) return s('special', nodeInspect(o, { ...SAFE, depth: Math.max(0, ctx.depth - d) }));
  const proto = Object.getPrototypeOf(o);
  if (proto === Pid.prototype || proto === Ref.prototype) return s(proto === Pid.prototype ? 'pid' : 'ref', String(o));
  if (ctx.stack.includes(o)) return s('special', '[Circular]');
  if (d > ctx.depth) return s('special', Array.isArray(o) ? '[Array]' : '[Object]');
  ctx.stack.push(o);
  try {
    const custom = peek(o, nodeInspect.custom);
    if (typeof custom === 'function') {
      const shown = runCustom(o, custom, ctx, d);
      if (shown !== undefined) return shown;
    }
    return buildObject(o, proto, ctx, d);
  } finally {
    ctx.stack.pop();
  }
}

/** An object's own printer, as Node calls it; undefined when it throws or returns the object. */
function runCustom(o: object, custom: Function, ctx: Ctx, d: number): Doc | undefined {
  let r: unknown;
  try {
    r = custom.call(o, ctx.depth - d, { ...nodeInspect.defaultOptions, depth: ctx.depth - d, stylize: (t: string) => t }, nodeInspect);
  } catch {
    return undefined;
  }
  if (r === o) return undefined;
  return typeof r === 'string' ? r : build(r, ctx, d + 1);
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

const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const dateTime = Date.prototype.getTime;
const dateIso = Date.prototype.toISOString;
const typedLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get!;
const RE_GETTERS = ['source', 'hasIndices', 'global', 'ignoreCase', 'multiline', 'dotAll', 'unicode', 'unicodeSets', 'sticky'].map(
  (k) => Object.getOwnPropertyDescriptor(RegExp.prototype, k)?.get,
);
const RE_FLAGS = 'dgimsuvy';

function buildObject(o: object, proto: object | null, ctx: Ctx, d: number): Doc {
  if (Array.isArray(o)) {
    const list = arrayItems(o, ctx, d);
    const fill = list.every((x) => typeof x === 'string');
    // An Erlang list (the distribution's List, an Array subclass) prints as the call that makes
    // it, so it reads apart from a tuple and pastes back: list(1, 2), improperList([1], 2).
    if (proto !== Array.prototype && className(o) === 'List') {
      const tail = Object.getOwnPropertyDescriptor(o, 'tail');
      if (tail === undefined || !('value' in tail)) return group('list(', list, ')', fill);
      return group('improperList(', [group('[', list, ']', fill), build(tail.value, ctx, d + 1)], ')');
    }
    return group('[', list, ']', fill);
  }
  if (types.isMap(o)) {
    const list = items(mapEntries.call(o), ctx, d, ([k, x]: any) => group('[', [build(k, ctx, d + 2), build(x, ctx, d + 2)], ']'));
    return list.length ? group('new Map([', list, '])') : 'new Map()';
  }
  if (types.isSet(o)) {
    const list = items(setValues.call(o), ctx, d);
    return list.length ? group('new Set([', list, '])', true) : 'new Set()';
  }
  if (types.isDate(o)) {
    return `new Date(${quote(isNaN(dateTime.call(o)) ? 'Invalid Date' : dateIso.call(o))})`;
  }
  if (types.isRegExp(o)) return ctx.style('special', regexpText(o));
  if (isError(o)) {
    const name = peek(o, 'name');
    return `new ${typeof name === 'string' && IDENT.test(name) ? name : className(o) || 'Error'}(${errorMessage(o, ctx, d)})`;
  }
  if (types.isTypedArray(o)) {
    const n = typedLength.call(o) as number;
    const list: Doc[] = [];
    for (let i = 0; i < n; i++) {
      if (list.length === ctx.limit) {
        list.push('...');
        break;
      }
      list.push(build((o as any)[i], ctx, d + 1));
    }
    return group(`new ${className(o) || 'Uint8Array'}([`, list, '])', true);
  }
  if (types.isPromise(o) || types.isWeakMap(o) || types.isWeakSet(o) || types.isAnyArrayBuffer(o) || types.isBoxedPrimitive(o) || types.isDataView(o)) {
    return nodeInspect(o, { ...SAFE, depth: 0 });
  }
  const list: Doc[] = [];
  for (const k of Object.keys(o)) {
    if (list.length === ctx.limit) {
      list.push('...');
      break;
    }
    const key = ctx.style('key', IDENT.test(k) ? k : quote(k));
    list.push(prefix(key + ': ', property(o, k, ctx, d)));
  }
  const cls = proto === Object.prototype || proto === null ? '' : className(o);
  const name = cls === '' ? '' : cls + ' ';
  if (list.length === 0) return name + '{}';
  return group(name + '{', list, '}', false, true);
}

/** An own property's value, or `[Getter]`/`[Setter]`/`[Getter/Setter]` as Node shows accessors. */
function property(o: object, k: PropertyKey, ctx: Ctx, d: number): Doc {
  const desc = Object.getOwnPropertyDescriptor(o, k)!;
  if ('value' in desc) return build(desc.value, ctx, d + 1);
  return ctx.style('special', desc.get ? (desc.set ? '[Getter/Setter]' : '[Getter]') : '[Setter]');
}

/** An array's items up to the limit; runs of holes show as `<N empty items>`, as Node shows them. */
function arrayItems(o: unknown[], ctx: Ctx, d: number): Doc[] {
  const n = o.length;
  const out: Doc[] = [];
  let present: number[] | null = null;
  for (let i = 0; i < n; ) {
    if (out.length === ctx.limit) {
      out.push('...');
      break;
    }
    if (Object.hasOwn(o, i)) {
      out.push(property(o, String(i), ctx, d));
      i++;
      continue;
    }
    // A hole: find the next present index (by the array's keys when the gap is long).
    let j = i + 1;
    while (j < n && j - i < 1024 && !Object.hasOwn(o, j)) j++;
    if (j < n && !Object.hasOwn(o, j)) {
      present ??= Object.keys(o).map(Number).filter((x) => Number.isInteger(x));
      j = present.find((x) => x > i) ?? n;
    }
    out.push(ctx.style('special', `<${j - i} empty item${j - i === 1 ? '' : 's'}>`));
    i = j;
  }
  return out;
}

function errorMessage(o: object, ctx: Ctx, d: number): Doc {
  const m = peek(o, 'message');
  if (m === GETTER) return ctx.style('special', '[Getter]');
  return typeof m === 'string' ? quote(m) : flat(build(m, ctx, d + 1));
}

function regexpText(o: object): string {
  const [source, ...flags] = RE_GETTERS.map((g) => (g === undefined ? undefined : g.call(o)));
  return `/${source}/${flags.map((on, i) => (on === true ? RE_FLAGS[i] : '')).join('')}`;
}

function prefix(p: string, doc: Doc): Doc {
  if (typeof doc === 'string') return p + doc;
  return { ...doc, open: p + doc.open, width: doc.width + p.length };
}

function fnName(f: Function): string {
  const proxy = types.isProxy(f);
  const src = proxy ? '' : Function.prototype.toString.call(f);
  const n = peek(f, 'name');
  const name = typeof n === 'string' ? n : '';
  if (src.startsWith('class')) return `[class ${name || '(anonymous)'}]`;
  return name ? `[Function: ${name}]` : '[Function (anonymous)]';
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
