/**
 * The magic cookie: `~/.erlang.cookie`, created as `erl` creates it (20 random capital
 * letters, mode 0400) when missing.
 *
 * @example
 * const cookie = readCookie(); // 'XQZRTBNWUJKMLPOAEDCV'
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Reads the cookie file (default `~/.erlang.cookie`), creating it when missing.
 *
 * @example
 * readCookie('/tmp/test.cookie')
 */
export function readCookie(path = join(homedir(), '.erlang.cookie')): string {
  if (!existsSync(path)) {
    let c = '';
    for (let i = 0; i < 20; i++) c += String.fromCharCode(65 + randomInt(26));
    writeFileSync(path, c, { mode: 0o400, flag: 'wx' });
  }
  return readFileSync(path, 'latin1').trim();
}
