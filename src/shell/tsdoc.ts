/**
 * The docs `h()` shows and Tab's arities come from: the table `scripts/gen-docs.js` builds at
 * build time from the TSDoc in src/ (`dist/docs.json`), so the shell shows the docs the package
 * ships. Names resolve as typed (`'Process.send_after'`, `'GenServer.call/2'`) or by value
 * (`h(call)` finds `GenServer.call`, the function `call` is).
 *
 * @example
 * const doc = findDoc('Process.send_after');
 * renderDoc(doc!); // the signature, the whole doc and its examples, laid out as iex's h
 */
import { readFileSync } from 'node:fs';
import * as api from '../index.js';

/** One documented public name, as the generator writes it. */
export interface DocEntry {
  /** The name a user types: `spawn`, `GenServer.call`, `h`. */
  name: string;
  kind: 'function' | 'object' | 'class' | 'value';
  /** The call as iex's `def` line shows it: `GenServer.call(server, request, timeout = 5000)`. */
  head: string;
  /** With types: `call(server: ServerRef, request: unknown, timeout: number = 5000): Promise<any>`. */
  spec: string | null;
  /** Required and total parameters (a rest parameter counts one more), for functions. */
  arity: [number, number] | null;
  /** The doc's text (Markdown, examples in fenced blocks allowed). */
  text: string;
  /** The `@example` tags' code. */
  examples: string[];
  /** A shell helper (h, i, flush…), listed by `h()`. */
  helper?: boolean;
  file: string;
  line: number;
}

let table: Record<string, DocEntry> | null = null;

/**
 * The generated table, read once (empty when the build did not write it).
 * @example docTable()['GenServer.call'].arity // [2, 3]
 */
export function docTable(): Record<string, DocEntry> {
  if (table === null) {
    try {
      table = JSON.parse(readFileSync(new URL('../docs.json', import.meta.url), 'utf8')) as Record<string, DocEntry>;
    } catch {
      table = {};
    }
  }
  return table;
}

/**
 * The value a dotted name stands for in `scope` (its first name also in the global object),
 * read without running getters; undefined if none.
 * @example valueAt('GenServer.call', shellContext) === GenServer.call // true
 */
export function valueAt(path: string, scope: object = globalThis): unknown {
  let obj: any = undefined;
  for (const [i, p] of path.split('.').entries()) {
    if (i > 0 && (obj == null || (typeof obj !== 'object' && typeof obj !== 'function'))) return undefined;
    const d = i === 0 ? (descriptor(scope, p) ?? descriptor(globalThis, p)) : descriptor(obj, p);
    if (d === undefined || !('value' in d)) return undefined;
    obj = d.value;
  }
  return obj;
}

/** A property's descriptor, own or inherited. */
function descriptor(obj: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = obj; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * The doc of a name (`'Process.send_after'`, `'GenServer.call/3'`) or a value (`GenServer.call`,
 * or `call`, which is the same function), looked up in `scope` (a shell's globals; by default
 * the package's API); undefined if none. A bare global's own doc wins over a namespace member
 * that is the same function (`send` over `Process.send`).
 * @example findDoc(call)?.name // 'GenServer.call'
 */
export function findDoc(thing: unknown, scope: object = api): DocEntry | undefined {
  const docs = docTable();
  if (typeof thing === 'string') {
    const name = thing.replace(/\/\d+$/, '');
    if (Object.hasOwn(docs, name)) return docs[name];
    thing = valueAt(name, scope);
  }
  if (thing === null || (typeof thing !== 'function' && typeof thing !== 'object')) return undefined;
  const names = Object.keys(docs);
  for (const dotted of [false, true]) {
    for (const name of names) if (name.includes('.') === dotted && valueAt(name, scope) === thing) return docs[name];
  }
  return undefined;
}

/**
 * The first sentence of a doc, on one line, for `h()`'s list.
 * @example summary(findDoc('flush')!) // "Prints and removes every message in the shell's mailbox…"
 */
export function summary(doc: DocEntry): string {
  const flat = doc.text.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
  const end = /\.(\s|$)/.exec(flat);
  return end === null ? flat : flat.slice(0, end.index + 1);
}

/** Whether a doc shows at least one example (an `@example` or a fenced block in its text). */
export function hasExample(doc: DocEntry): boolean {
  return doc.examples.length > 0 || /```/.test(doc.text);
}

/**
 * A doc laid out as iex's `h`: the call centred, its typed signature, the text (fenced code
 * indented four spaces), then `## Examples`.
 * @example renderDoc(findDoc('GenServer.call')!, 80)
 */
export function renderDoc(doc: DocEntry, width = 80): string {
  const head = doc.kind === 'function' ? doc.head : doc.kind === 'class' && doc.spec !== null ? doc.head : doc.name;
  const out = ['', ' '.repeat(Math.max(0, Math.floor((width - head.length) / 2))) + head, ''];
  if (doc.spec !== null && doc.kind === 'function') out.push(`  ${doc.spec}`, '');
  if (doc.text) out.push(indentFences(doc.text), '');
  if (doc.examples.length) {
    out.push('## Examples', '');
    for (const ex of doc.examples) out.push(ex.replace(/^```\w*\n?|\n?```$/g, '').split('\n').map((l) => (l ? `    ${l}` : l)).join('\n'), '');
  }
  return out.join('\n');
}

/** Fenced code blocks become four-space-indented lines, as iex prints code in docs. */
function indentFences(text: string): string {
  return text.replace(/^```[^\n]*\n([\s\S]*?)^```[ \t]*$/gm, (_m, code: string) => code.replace(/\n$/, '').split('\n').map((l) => (l ? `    ${l}` : l)).join('\n'));
}
