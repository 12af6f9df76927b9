/**
 * Where the code of a stack frame was typed. The evaluator compiles each input into a script
 * of its own and registers how that script's positions map back to the input; stack frames of
 * crash reports and errors are then shown at the line and column the user typed (`iex:3:5`).
 *
 * @example
 * registerScript('iex-7', (line, column) => ({ file: 'iex', line: line + 2, column }));
 * locate('iex-7', 1, 5); // { file: 'iex', line: 3, column: 5 }
 */

/** The name V8 shows in stack frames for an input's own top-level code (iex calls it `(file)`). */
export const INPUT_FN = '__genrepl_input';

/**
 * The type name V8 gives a shell's own evaluation context in stack frames (`__genrepl_scope.f`
 * for a function called by name at the prompt): not shown, the frame is named `f`.
 */
export const INPUT_SCOPE = '__genrepl_scope';

/** A position as the user typed it (1-based). */
export interface Typed {
  file: string;
  line: number;
  column: number;
}

/** Maps a 1-based line and column of a compiled script back to what the user typed. */
export type Locator = (line: number, column: number) => Typed | null;

const scripts = new Map<string, Locator>();

/** Registers a compiled script's way back to the input. @example registerScript('iex-1', () => null) */
export function registerScript(name: string, locator: Locator): void {
  scripts.set(name, locator);
}

/** The typed position of a position in a registered script; null if the script is not one. @example locate('iex-1', 1, 1) */
export function locate(name: string, line: number, column: number): Typed | null {
  const locator = scripts.get(name);
  if (locator === undefined) return null;
  try {
    return locator(line, column);
  } catch {
    return null;
  }
}

/** True if `name` is a registered script. @example isScript('iex-1') */
export function isScript(name: string): boolean {
  return scripts.has(name);
}
