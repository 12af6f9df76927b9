/**
 * TypeScript, loaded on first use (0.3–0.5 s): only `--typecheck` and `c(file)` need it; evaluation
 * itself reads inputs with swc and acorn.
 *
 * @example
 * const ts = typescript();
 * ts.createSourceFile('x.ts', '1 + 1', ts.ScriptTarget.ES2022);
 */
import { createRequire } from 'node:module';
import type TS from 'typescript';

const require = createRequire(import.meta.url);
let loaded: typeof TS | null = null;

/** The typescript module (loaded once, on the first call). @example typescript().version */
export function typescript(): typeof TS {
  return (loaded ??= require('typescript') as typeof TS);
}
