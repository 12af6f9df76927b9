/**
 * Tab completion: globals, helpers, members after a dot (`GenServer.ca` → `GenServer.call`,
 * `GenServer.cast`), user bindings, and registered names inside a string (`call('cou` →
 * `call('counter'`). Nothing is evaluated: member completion walks plain property names.
 *
 * @example
 * complete('GenServer.ca') // [['GenServer.call', 'GenServer.cast'], 'GenServer.ca']
 */
import { getRuntime } from '../runtime/kernel.js';
import type { Runtime } from '../runtime/kernel.js';
import { DOCS } from './docs.js';

/** Where names are looked up: a shell's evaluation context (then the global object) and runtime. */
export interface Names {
  context: object;
  runtime: Runtime;
}

/** The host's globals and the package's default runtime (the CLI's shell). */
const HOST = (): Names => ({ context: globalThis, runtime: getRuntime() });

const KEYWORDS = ['const', 'let', 'await', 'async', 'function', 'class', 'interface', 'return', 'new', 'typeof', 'import', 'export'];

/** Completions for the end of `line`: `[candidates, the text they replace]`. @example complete('Proc') */
export function complete(line: string, where: Names = HOST()): [string[], string] {
  const str = /(['"])([\w.$-]*)$/.exec(line);
  if (str !== null) {
    const [, q, part] = str;
    const names = where.runtime.registered().filter((n) => n.startsWith(part!)).sort();
    return [names.map((n) => q + n + q), q + part!];
  }
  const m = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.?)$/.exec(line);
  const token = m?.[1] ?? '';
  if (token.includes('.')) {
    const parts = token.split('.');
    const prefix = parts.pop()!;
    const obj: any = valueAt(parts.join('.'), where.context);
    if (obj == null || (typeof obj !== 'object' && typeof obj !== 'function')) return [[], token];
    const base = parts.join('.');
    const members = new Set<string>();
    for (let o = obj; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
      for (const k of Object.getOwnPropertyNames(o)) if (!k.startsWith('_') && k !== 'constructor') members.add(k);
    }
    return [[...members].filter((k) => k.startsWith(prefix)).sort().map((k) => `${base}.${k}`), token];
  }
  const names = new Set<string>([...Object.keys(DOCS).filter((k) => !k.includes('.')), ...KEYWORDS]);
  for (const o of new Set([where.context, globalThis])) for (const k of Object.keys(o)) if (!k.startsWith('__')) names.add(k);
  for (const k of ['Math', 'JSON', 'Object', 'Array', 'Map', 'Set', 'Promise', 'console', 'Date', 'String', 'Number']) names.add(k);
  return [[...names].filter((k) => k.startsWith(token) && token !== '').sort(), token];
}

/**
 * iex's answer to a first Tab that cannot complete further: the candidates' last names, each
 * function with its arities (`call/2  call/3  cast/2`), in columns; null when Tab can complete
 * (one candidate, or a longer common prefix) or there is nothing to list.
 * @example listing('GenServer.ca') // 'call/2    call/3    cast/2'
 */
export function listing(line: string, width = 80, completion: [string[], string] = complete(line), context: object = globalThis): string | null {
  const [candidates, typed] = completion;
  if (candidates.length < 2 || commonPrefix(candidates).length > typed.length) return null;
  const names: string[] = [];
  for (const c of candidates) {
    const last = c.slice(c.lastIndexOf('.') + 1);
    const value = valueAt(c, context);
    if (typeof value === 'function') for (const n of arities(value)) names.push(`${last}/${n}`);
    else names.push(last);
  }
  const col = Math.max(...names.map((n) => n.length)) + 4;
  const perLine = Math.max(1, Math.floor(width / col));
  const rows: string[] = [];
  for (let i = 0; i < names.length; i += perLine) rows.push(names.slice(i, i + perLine).map((n) => n.padEnd(col)).join('').trimEnd());
  return rows.join('\n');
}

function commonPrefix(xs: string[]): string {
  let p = xs[0] ?? '';
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** The value a dotted name stands for in `context` (then the global object), read without running getters; undefined if none. */
function valueAt(path: string, context: object): unknown {
  let obj: any = undefined;
  for (const [i, p] of path.replace(/^['"]/, '').split('.').entries()) {
    if (i > 0 && obj == null) return undefined;
    const d = i === 0 ? (descriptor(context, p) ?? descriptor(globalThis, p)) : descriptor(obj, p);
    if (d === undefined || !('value' in d)) return undefined;
    obj = d.value;
  }
  return obj;
}

function descriptor(obj: object, key: string): PropertyDescriptor | undefined {
  return Object.getOwnPropertyDescriptor(obj, key) ?? findInChain(obj, key);
}

/** The arities a function takes: from its required parameters to all of them (defaults included). */
function arities(fn: Function): number[] {
  const min = fn.length;
  let max = min;
  try {
    const src = Function.prototype.toString.call(fn);
    const open = src.indexOf('(');
    if (open >= 0 && !/\[native code\]/.test(src)) {
      let depth = 0;
      let count = 0;
      let any = false;
      let rest = false;
      for (let i = open + 1; i < src.length; i++) {
        const c = src[i]!;
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) count++;
        else if (!/\s/.test(c)) any = true;
        if (depth === 0 && src.startsWith('...', i)) rest = true;
      }
      const total = any ? count + 1 - (rest ? 1 : 0) : 0;
      max = Math.max(min, total);
    }
  } catch {
    // a Proxy or an odd function: its length is all we know
  }
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

function findInChain(obj: object, key: string): PropertyDescriptor | undefined {
  for (let o = Object.getPrototypeOf(obj); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d;
  }
  return undefined;
}
