/**
 * What the shell shows around inputs: iex's prompts (`iex(N)>`, `...(N)>` on continuation
 * lines, `iex(a@host)N>` on a node) and the banner.
 *
 * @example
 * prompt(3, false); // 'iex(3)> '
 * prompt(3, true);  // '...(3)> '
 */
import { VERSION } from '../version.js';

/**
 * The prompt for input number `counter`; on a node it names the node as iex does.
 * @example prompt(1, false) // 'iex(1)> '; prompt(1, false, 'a@host') // 'iex(a@host)1> '
 */
export function prompt(counter: number, continuation: boolean, node?: string): string {
  const n = node === undefined ? `(${counter})> ` : `(${node})${counter}> `;
  return continuation ? `...${n}` : `iex${n}`;
}

/** The banner, in iex's spirit; without Node's version when deterministic. @example banner(true) */
export function banner(deterministic: boolean): string {
  const node = deterministic ? '' : `, Node ${process.version}`;
  return `genrepl ${VERSION} (TypeScript${node}) - press Ctrl+C twice to exit (type h() ENTER for help)\n`;
}
