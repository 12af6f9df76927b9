/**
 * What the shell shows around inputs: iex's prompts (`iex(N)>`, `...(N)>` on continuation
 * lines) and the banner.
 *
 * @example
 * prompt(3, false); // 'iex(3)> '
 * prompt(3, true);  // '...(3)> '
 */
import { VERSION } from '../version.js';

/** The prompt for input number `counter`. @example prompt(1, false) // 'iex(1)> ' */
export function prompt(counter: number, continuation: boolean): string {
  return continuation ? `...(${counter})> ` : `iex(${counter})> `;
}

/** The banner, in iex's spirit; without Node's version when deterministic. @example banner(true) */
export function banner(deterministic: boolean): string {
  const node = deterministic ? '' : `, Node ${process.version}`;
  return `genrepl ${VERSION} (TypeScript${node}) - press Ctrl+C twice to exit (type h() ENTER for help)\n`;
}
