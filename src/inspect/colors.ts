/**
 * Colours by semantic role — the only module that imports chalk. `--no-color`, `NO_COLOR`
 * and output that is not a terminal turn them off.
 *
 * @example
 * const c = colors(true);
 * c.role('number', '42');      // yellow
 * c.error('** (Error) boom');  // red
 */
import { Chalk } from 'chalk';
import type { Role } from './inspect.js';

/** What the shell colours: value tokens (see `Role`) and its own messages. */
export interface Palette {
  enabled: boolean;
  role(role: Role, text: string): string;
  error(text: string): string;
  info(text: string): string;
  prompt(text: string): string;
  dim(text: string): string;
}

/** Whether colour should be on for a stream, honouring NO_COLOR, FORCE_COLOR and TERM=dumb. @example wantColor(process.stdout) */
export function wantColor(stream: { isTTY?: boolean }, flag?: boolean): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

/** A palette: iex's colours when `on` (atoms cyan, numbers yellow, strings green, nil magenta, errors red). @example colors(false).error('x') // 'x' */
export function colors(on: boolean): Palette {
  const c = new Chalk({ level: on ? 1 : 0 });
  const roles: Record<Role, (t: string) => string> = {
    number: c.yellow,
    string: c.green,
    nil: c.magenta,
    boolean: c.magenta,
    pid: c.cyan,
    ref: c.cyan,
    function: c.blue,
    special: c.gray,
    key: (t) => t,
  };
  return {
    enabled: on,
    role: (role, text) => (on ? roles[role](text) : text),
    error: (t) => (on ? c.red(t) : t),
    info: (t) => (on ? c.cyan(t) : t),
    prompt: (t) => t,
    dim: (t) => (on ? c.gray(t) : t),
  };
}

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

/** Text without its colours (SGR escape sequences), as a stream without colour shows it. @example stripColors(colors(true).error('x')) // 'x' */
export function stripColors(text: string): string {
  return text.replace(SGR, '');
}
