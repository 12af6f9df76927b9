/**
 * `--record FILE` and `.record FILE`: writes every input and its output as a transcript that
 * `replay --check` accepts as it is.
 *
 * @example
 * const rec = new Recorder('session.txt');
 * rec.input(1, "1 + 1");
 * rec.output('2\n');
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { widthLine } from '../replay/script.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\r/g;

/** Appends a session to a transcript file as it happens. */
export class Recorder {
  /** `width`: the terminal's, written at the top when not 80, so that `replay --check` wraps as the session did. */
  constructor(
    readonly file: string,
    width?: number,
  ) {
    writeFileSync(file, widthLine(width));
  }
  /** An input, with its prompts. */
  input(n: number, code: string): void {
    const lines = code.replace(/\n$/, '').split('\n');
    appendFileSync(this.file, lines.map((l, i) => `${i === 0 ? `iex(${n})>` : `...(${n})>`} ${l}`.trimEnd()).join('\n') + '\n');
  }
  /** Output, without colours or line redraws. */
  output(text: string): void {
    const plain = text.replace(ANSI, '');
    if (plain !== '') appendFileSync(this.file, plain);
  }
}
