/**
 * Type stripping with swc: TypeScript in, JavaScript of the same ECMAScript level out (no
 * module system change, no downlevelling beyond what Node 20 lacks), with a source map back to
 * the input. swc's errors become one message and a position; its boxes and backtraces never
 * reach the user.
 *
 * @example
 * const r = strip('const x: number = 1');
 * r.kind === 'ok' && r.code; // 'const x = 1;\n'
 */
import { createRequire } from 'node:module';
import type * as Swc from '@swc/core';

const require = createRequire(import.meta.url);
let swc: typeof Swc | null = null;

/** What stripping gave: JavaScript and its map, or the first error swc reported. */
export type Stripped =
  | { kind: 'ok'; code: string; map: string }
  | { kind: 'error'; message: string; line: number | null; column: number | null };

const OPTIONS: Swc.Options = {
  filename: 'iex.ts',
  sourceMaps: true,
  isModule: true,
  swcrc: false,
  configFile: false,
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', tsx: false, decorators: true },
    experimental: { keepImportAttributes: true },
    transform: { verbatimModuleSyntax: true, useDefineForClassFields: true, decoratorVersion: '2022-03' },
  },
};

/** Loads swc (its native binding) now rather than on the first input. @example loadSwc() */
export function loadSwc(): void {
  swc ??= require('@swc/core') as typeof Swc;
}

/** Strips the types of one input. @example strip('let a: string = "x"') */
export function strip(source: string): Stripped {
  loadSwc();
  try {
    const out = swc!.transformSync(source, OPTIONS);
    return { kind: 'ok', code: out.code, map: out.map ?? '{"mappings":""}' };
  } catch (e) {
    return swcError(e);
  }
}

/**
 * swc's error text is a report drawn for a terminal: `x message`, a box with numbered source
 * lines and carets, then `Caused by:` and perhaps a backtrace. This keeps the first message and
 * where its caret points.
 * @example swcError(new Error('  x Expected ident\n   ,-[iex.ts:1:1]\n 1 | let let = 1\n   :     ^^^\n')) // { kind: 'error', message: 'Expected ident', line: 1, column: 5 }
 */
export function swcError(e: unknown): Stripped {
  const text = plainReport(e instanceof Error ? e.message : String(e));
  const lines = text.split('\n');
  const head = lines.find((l) => /^\s*x /.test(l));
  let message = firstLine(text);
  if (head !== undefined) {
    // The message, which a narrow terminal may have wrapped, runs up to the box.
    const parts = [head.replace(/^\s*x /, '')];
    for (let i = lines.indexOf(head) + 1; i < lines.length && !/^\s*,-\[/.test(lines[i]!) && lines[i]!.trim() !== ''; i++) parts.push(lines[i]!);
    message = parts.join(' ');
  }
  message = message.replace(/\s+/g, ' ').trim();
  let line: number | null = null;
  let column: number | null = null;
  const from = head !== undefined ? lines.indexOf(head) : 0;
  let lastNumbered: number | null = null;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    const numbered = /^\s*(\d+) \|/.exec(l);
    if (numbered) {
      lastNumbered = Number(numbered[1]);
      continue;
    }
    const colon = /^\s*:/.exec(l);
    if (colon && l.includes('^') && lastNumbered !== null) {
      // The gutter's ':' stands under the '|' of the numbered lines; the source starts two after.
      // Spans with a label carry a '|'; the error's own span is the one without.
      const groups = [...l.slice(colon[0].length).matchAll(/[\^|]+/g)];
      const own = groups.filter((g) => !g[0].includes('|')).pop() ?? groups[0]!;
      line = lastNumbered;
      column = own.index! + colon[0].length - (colon[0].length + 1) + 1;
      break;
    }
    if (/^\s*`----/.test(l) || /^Caused by:/.test(l)) break;
  }
  return { kind: 'error', message: message || 'the input could not be compiled', line, column };
}

/**
 * swc draws its reports for the terminal it runs in: colours and box-drawing characters on a
 * terminal, ASCII elsewhere. This brings both to the ASCII form.
 */
function plainReport(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/×/g, 'x')
    .replace(/╭─\[/g, ',-[')
    .replace(/╰─+(?=\s*$)/gm, '`----')
    .replace(/╰──/g, '`--')
    .replace(/│/g, '|')
    .replace(/·/g, ':')
    .replace(/┬/g, '|')
    .replace(/─/g, '^');
}

function firstLine(text: string): string {
  const l = text.split('\n').find((s) => s.trim() !== '' && !/panicked|backtrace/i.test(s));
  return (l ?? 'the compiler failed on this input').trim();
}
