/**
 * Tab completion: globals, helpers, members after a dot (`GenServer.ca` → `GenServer.call`,
 * `GenServer.cast`), user bindings, and registered names inside a string (`call('cou` →
 * `call('counter'`). Nothing is evaluated: member completion walks plain property names.
 *
 * @example
 * complete('GenServer.ca') // [['GenServer.call', 'GenServer.cast'], 'GenServer.ca']
 */
import { getRuntime } from '../runtime/kernel.js';
import { DOCS } from './helpers.js';

const KEYWORDS = ['const', 'let', 'await', 'async', 'function', 'class', 'interface', 'return', 'new', 'typeof', 'import', 'export'];

/** Completions for the end of `line`: `[candidates, the text they replace]`. @example complete('Proc') */
export function complete(line: string): [string[], string] {
  const str = /(['"])([\w.$-]*)$/.exec(line);
  if (str !== null) {
    const [, q, part] = str;
    const names = getRuntime().registered().filter((n) => n.startsWith(part!)).sort();
    return [names.map((n) => q + n + q), q + part!];
  }
  const m = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.?)$/.exec(line);
  const token = m?.[1] ?? '';
  if (token.includes('.')) {
    const parts = token.split('.');
    const prefix = parts.pop()!;
    let obj: any = globalThis;
    for (const p of parts) {
      if (obj == null) return [[], token];
      const d = Object.getOwnPropertyDescriptor(obj, p) ?? findInChain(obj, p);
      if (d === undefined || !('value' in d)) return [[], token];
      obj = d.value;
    }
    if (obj == null || (typeof obj !== 'object' && typeof obj !== 'function')) return [[], token];
    const base = parts.join('.');
    const members = new Set<string>();
    for (let o = obj; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
      for (const k of Object.getOwnPropertyNames(o)) if (!k.startsWith('_') && k !== 'constructor') members.add(k);
    }
    return [[...members].filter((k) => k.startsWith(prefix)).sort().map((k) => `${base}.${k}`), token];
  }
  const names = new Set<string>([...Object.keys(DOCS).filter((k) => !k.includes('.')), ...KEYWORDS]);
  for (const k of Object.keys(globalThis)) if (!k.startsWith('__')) names.add(k);
  for (const k of ['Math', 'JSON', 'Object', 'Array', 'Map', 'Set', 'Promise', 'console', 'Date', 'String', 'Number']) names.add(k);
  return [[...names].filter((k) => k.startsWith(token) && token !== '').sort(), token];
}

function findInChain(obj: object, key: string): PropertyDescriptor | undefined {
  for (let o = Object.getPrototypeOf(obj); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d;
  }
  return undefined;
}
