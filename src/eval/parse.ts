/**
 * The first step of evaluation: read the input as TypeScript, strip its types, and say whether
 * it is complete.
 *
 * - `#PID<0.127.0>` outside strings and comments becomes a call of the evaluator's pid
 *   function, so printed pids can be pasted back;
 * - `{ a: 1, b: 2 }` typed alone is an object, as in Node's REPL (not a block);
 * - an input that stops in the middle (an open bracket, a trailing operator, an open template
 *   or comment) is *incomplete*: the shell reads another line;
 * - a real syntax error is reported at the position the user typed.
 *
 * The parser is swc's (it strips the types in the same pass): it loads in a few milliseconds,
 * where TypeScript's takes 0.3–0.5 s, longer than iex takes to print its first result.
 *
 * @example
 * parseInput('[1, 2,', 'P').kind                 // 'incomplete'
 * parseInput('send(#PID<0.1.0>, 1)', 'P').source // 'send(P(0, 1, 0), 1)'
 */
import { applyEdits, Edit, Edited, LineIndex } from './edits.js';
import { strip } from './strip.js';

/** What reading one input gave: on success the input as TypeScript (pids replaced) and as JavaScript with its source map. */
export type Parsed =
  | { kind: 'ok'; source: string; js: string; map: string; edits: Edited }
  | { kind: 'incomplete' }
  | { kind: 'syntax'; message: string; offset: number };

/** Inputs longer than this are first scanned for open brackets, so a long paste is not compiled once per line. */
const SCAN_FIRST = 4096;

/**
 * The edits that turn `#PID<a.b.c>` outside strings, templates and comments into `fn(a, b, c)`.
 * @example pidLiteralEdits('send(#PID<0.1.0>, 1)', 'P') // [{ start: 5, end: 16, text: 'P(0, 1, 0)' }]
 */
export function pidLiteralEdits(code: string, fn: string): Edit[] {
  const edits: Edit[] = [];
  if (!code.includes('#PID<')) return edits;
  const n = code.length;
  let i = 0;
  while (i < n) {
    const c = code[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      const m = c === '#' ? /^#PID<(\d+)\.(\d+)\.(\d+)>/.exec(code.slice(i, i + 40)) : null;
      if (m !== null) {
        edits.push({ start: i, end: i + m[0].length, text: `${fn}(${m[1]}, ${m[2]}, ${m[3]})` });
        i += m[0].length;
      } else i++;
    }
  }
  return edits;
}

/**
 * Reads one input. `pidFn` is what pasted pids are turned into calls of.
 * @example parseInput('1 +', 'P').kind // 'incomplete'
 */
export function parseInput(input: string, pidFn: string): Parsed {
  if (input.length > SCAN_FIRST && openBrackets(input)) return { kind: 'incomplete' };
  const edits = pidLiteralEdits(input, pidFn);
  // `{ a: 1 }` alone: an object, if it reads as one.
  const trimmed = input.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const start = input.indexOf('{');
    const end = input.lastIndexOf('}') + 1;
    const wrapped = applyEdits(input, [...edits, { start, end: start, text: '(' }, { start: end, end, text: ')' }]);
    const r = strip(wrapped.text);
    if (r.kind === 'ok' && /^\(\{[^]*\}\);\s*$/.test(r.code)) return { kind: 'ok', source: wrapped.text, js: r.code, map: r.map, edits: wrapped };
  }
  const edited = applyEdits(input, edits);
  const r = strip(edited.text);
  if (r.kind === 'ok') return { kind: 'ok', source: edited.text, js: r.code, map: r.map, edits: edited };
  // An error at the very end (swc draws no caret there), or an open template or comment: more lines may complete it.
  if (r.line === null || /^Unterminated (template|block comment)/.test(r.message)) return { kind: 'incomplete' };
  return { kind: 'syntax', message: r.message, offset: edited.back(new LineIndex(edited.text).offset(r.line, r.column ?? 1)) };
}

/** True when the input stops in the middle and the shell should read another line. @example isIncomplete('f(') // true */
export function isIncomplete(input: string): boolean {
  return parseInput(input, '__pid').kind === 'incomplete';
}

// Tokens after which a `/` starts a regular expression rather than a division.
const REGEX_AFTER = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

/**
 * A quick scan of a long input: true if a bracket, string, template or block comment is still
 * open at its end (then it cannot be complete, and the full parse can wait for more lines).
 * False means "parse it", never "it is complete".
 */
export function openBrackets(code: string): boolean {
  let depth = 0;
  const templates: number[] = []; // brace depth at which each open `${` resumes its template
  let prev = ';'; // the last significant character
  const n = code.length;
  let i = 0;
  const template = (): boolean => {
    // Inside a template literal, after its opening backtick or a closing `}`: true if it ends.
    while (i < n) {
      const c = code[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        prev = 'a';
        return true;
      } else if (c === '$' && code[i + 1] === '{') {
        templates.push(depth);
        depth++;
        i += 2;
        prev = '{';
        return true;
      } else i++;
    }
    return false;
  };
  while (i < n) {
    const c = code[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && code[i] !== c && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
      if (i >= n) return true;
      i++;
      prev = 'a';
    } else if (c === '`') {
      i++;
      if (!template()) return true;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) return true;
      i = end + 2;
    } else if (c === '/' && REGEX_AFTER.has(prev)) {
      i++;
      let cls = false;
      while (i < n && code[i] !== '\n' && (cls || code[i] !== '/')) {
        if (code[i] === '\\') i++;
        else if (code[i] === '[') cls = true;
        else if (code[i] === ']') cls = false;
        i++;
      }
      i++;
      prev = 'a';
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i++;
          if (!template()) return true;
          continue;
        }
      }
      prev = /[\w$]/.test(c) ? 'a' : c;
      i++;
    }
  }
  return depth > 0 || templates.length > 0;
}
