/**
 * What runs before the first input, as iex's `.iex.exs`: `.genrepl.ts` in the current directory
 * (said in one dim line on a terminal), then each `--require` file.
 *
 * @example
 * const ok = await preload(shell, ['setup.ts']);
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Shell } from './session.js';

/** `.genrepl.ts` in the current directory (on a terminal, said in a dim line), then each --require file; false if one failed. @example await preload(shell, []) */
export async function preload(shell: Shell, requires: string[], announce = false, dotfile = true): Promise<boolean> {
  let ok = true;
  const dot = join(process.cwd(), '.genrepl.ts');
  if (dotfile && existsSync(dot)) {
    const loaded = await shell.runFile(dot);
    if (loaded && announce) shell.print(shell.palette.dim('loaded .genrepl.ts'));
    ok = loaded && ok;
  }
  for (const f of requires) ok = (await shell.runFile(f)) && ok;
  return ok;
}

