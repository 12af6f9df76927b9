/**
 * The package's version, read once from package.json.
 *
 * @example
 * VERSION // '0.1.0'
 */
import { readFileSync } from 'node:fs';

/** genrepl's version. @example console.log(VERSION) */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
