/**
 * Exception banners and exit reasons, worded as Elixir's `Exception.format_banner` and
 * `Exception.format_exit` word them, with values in TypeScript syntax and stacks trimmed to
 * the user's frames.
 *
 * @example
 * formatExit('timeout')                   // 'time out'
 * formatExit(['shutdown', 'x'])           // "shutdown: 'x'"
 * formatExit(['nodedown', 'b@host'])      // 'no connection to b@host'
 * formatException(new TypeError('boom'))  // "** (TypeError) boom\n    REPL3:2: handle_call"
 */
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { types } from 'node:util';
import { inspect } from './inspect.js';
import { className, GETTER, inherits, isError, peek } from './peek.js';
import { ExitSignal } from '../runtime/kernel.js';
import { INPUT_FN, INPUT_SCOPE, isScript, locate } from './locations.js';

/** The package's root (above dist/). Its own frames (dist/ and, through source maps, src/) are hidden. */
const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OWN = [ROOT + '/dist/', ROOT + '/src/', ROOT + '/bin/'];
/** The article's examples are the user's kind of code: their frames are shown. */
const EXAMPLES = [ROOT + '/dist/examples/', ROOT + '/src/examples/'];
const own = (loc: string) => OWN.some((d) => loc.startsWith(d)) && !EXAMPLES.some((d) => loc.startsWith(d));
const NOPROC =
  "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started";

/**
 * The words for an exit reason, as `Exception.format_exit`. Any value is a valid reason: this
 * never throws and runs none of the reason's code (see peek.ts). @example formatExit('noproc')
 */
export function formatExit(reason: unknown, indent = ''): string {
  try {
    return exitWords(reason, indent);
  } catch {
    return inspect(reason);
  }
}

function exitWords(reason: unknown, indent: string): string {
  if (inherits(reason, ExitSignal.prototype)) return formatExit(peek(reason, 'reason'), indent);
  if (isError(reason)) {
    return `an exception was raised:\n${indent}    ${formatException(reason, indent + '    ')}`;
  }
  switch (reason) {
    case 'normal':
    case 'shutdown':
    case 'killed':
      return reason;
    case 'calling_self':
      return 'process attempted to call itself';
    case 'timeout':
      return 'time out';
    case 'noproc':
      return NOPROC;
  }
  if (Array.isArray(reason) && !types.isProxy(reason) && reason.length === 2) {
    const [tag, detail] = [peek(reason, 0), peek(reason, 1)];
    if (tag === 'shutdown') return `shutdown: ${shown(detail, indent)}`;
    if (tag === 'bad_return_value') return `bad return value: ${shown(detail, indent)}`;
    if (tag === 'nodedown' && typeof detail === 'string') return `no connection to ${detail}`;
  }
  return shown(reason, indent);
}

/** A value as inspect shows it, its continuation lines indented 4 more than `indent` (iex's joiner). */
function shown(value: unknown, indent: string): string {
  return inspect(value).split('\n').join(`\n${indent}    `);
}

/**
 * `** (Name) message` and the trimmed stack, each stack line indented 4 more than `indent`.
 * A thrown non-Error shows as `** (throw) value`. Never throws, and reads `name`, `message`
 * and `stack` only where they are plain data (a getter shows as `[Getter]`).
 * @example formatException(new Error('x'))
 */
export function formatException(e: unknown, indent = ''): string {
  try {
    return banner(e, indent);
  } catch {
    return `** (throw) ${inspect(e)}`;
  }
}

function banner(e: unknown, indent: string): string {
  if (!isError(e)) return `** (throw) ${inspect(e)}`;
  const n = peek(e, 'name');
  const name = inherits(e, ExitSignal.prototype) ? 'exit' : typeof n === 'string' && n !== '' ? n : className(e) || 'Error';
  const m = peek(e, 'message');
  const message = typeof m === 'string' ? m : m === GETTER ? '[Getter]' : m === undefined ? '' : inspect(m);
  const head = `** (${name}) ${message.split('\n').join('\n' + indent)}`;
  // V8 writes a stack on first read, calling the error's name and message getters: not then.
  const stack = n === GETTER || m === GETTER ? undefined : readStack(e);
  const frames = userFrames(typeof stack === 'string' ? stack : undefined);
  return frames.length ? `${head}\n${frames.map((f) => `${indent}    ${f}`).join('\n')}` : head;
}

const SCOPE_PREFIX = new RegExp(`^${INPUT_SCOPE}\\.`);

/**
 * The stack frames worth showing: not genrepl's own, Node's internals or node_modules; as
 * `file:line: function`, like iex's `iex:11: Counter.handle_call/3`. At most 8.
 * @example userFrames(new Error().stack)
 */
export function userFrames(stack: string | undefined): string[] {
  if (!stack) return [];
  const cwd = workingDir();
  const out: string[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:(.*?) \()?(.*?)(?::(\d+):(\d+))?\)?$/.exec(line);
    if (m === null) continue;
    const [, fn, at, lineNo, colNo] = m;
    const rawLoc = fn === undefined ? at?.replace(/^async /, '') : at;
    // Code typed at the prompt (or in a file the shell ran): where it was typed.
    if (rawLoc !== undefined && isScript(rawLoc)) {
      const typed = locate(rawLoc, Number(lineNo), Number(colNo));
      if (typed === null) continue;
      const bare = fn?.replace(/^async /, '').replace(SCOPE_PREFIX, '');
      const name = bare === undefined ? '(anonymous)' : bare.includes(INPUT_FN) ? '(file)' : bare;
      out.push(`${typed.file}:${typed.line}:${typed.column}: ${name}`);
      // Below an input's own code is only who ran it (the shell, or the program it is part of).
      if (out.length === 8 || name === '(file)') break;
      continue;
    }
    let loc = rawLoc ?? '';
    if (loc.startsWith('file://')) loc = pathOf(loc);
    // The package's examples are shown wherever the package is installed (also under node_modules).
    const example = EXAMPLES.some((d) => loc.startsWith(d));
    if (!example && (loc.startsWith('node:') || loc.includes('/node_modules/') || own(loc) || loc.startsWith('genrepl:') || loc === 'native')) continue;
    if (loc === '<anonymous>' || loc === '') continue;
    // Shell input: ts-node's accumulated file has meaningless line numbers; iex says `iex`.
    if (loc.includes('<repl>')) {
      if (fn === undefined || fn === '(anonymous)') continue; // the input itself: nothing to add
      out.push(`iex: ${fn}`);
      if (out.length === 8) break;
      continue;
    }
    // The package's examples: iex's `(app) path` form, the same on every machine and directory.
    const short = example ? `(genrepl) ${loc.slice(ROOT.length + 1)}` : cwd !== '' && loc.startsWith(cwd + '/') ? loc.slice(cwd.length + 1) : loc;
    out.push(`${short}${lineNo ? ':' + lineNo : ''}: ${fn ?? '(anonymous)'}`);
    if (out.length === 8) break;
  }
  return out;
}

/** `e.stack` if it is plain data and V8 can write it (undefined if that throws). */
function readStack(e: object): unknown {
  try {
    return peek(e, 'stack');
  } catch {
    return undefined;
  }
}

/** A file URL's path; the URL itself when it is not one Node can convert (`file://host/x`). */
function pathOf(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

/** The working directory, or '' when it has been removed (process.cwd() throws then). */
function workingDir(): string {
  try {
    return process.cwd();
  } catch {
    return '';
  }
}
