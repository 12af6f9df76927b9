/**
 * Text edits that remember where things came from: apply a set of replacements to a text and
 * map any offset of the result back to the offset of the original it stands for. Every step of
 * the evaluation pipeline that changes the user's text records its edits here, so errors are
 * reported at the position the user typed.
 *
 * @example
 * const e = applyEdits('let x = 1', [{ start: 0, end: 3, text: 'var' }, { start: 8, end: 8, text: '(' }, { start: 9, end: 9, text: ')' }]);
 * e.text;     // 'var x = (1)'
 * e.back(9);  // 8: the `1` of the result is the `1` of the original
 */

/** One replacement: `text` takes the place of `original.slice(start, end)`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An edited text and the way back to the original's offsets. */
export interface Edited {
  text: string;
  /** The original offset that `offset` of the result came from (inside inserted text: where it was inserted). */
  back(offset: number): number;
}

/**
 * Applies edits (in any order; they must not overlap, insertions at one offset keep their
 * order) and returns the result with its offset map.
 * @example applyEdits('ab', [{ start: 1, end: 1, text: '-' }]).text // 'a-b'
 */
export function applyEdits(original: string, edits: readonly Edit[]): Edited {
  if (edits.length === 0) return { text: original, back: (o) => o };
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let at = 0;
  // Pieces of the result that are copied from the original: [resultStart, originalStart, length].
  const copied: number[] = [];
  for (const { e } of sorted) {
    if (e.start < at) throw new RangeError(`overlapping edits at ${e.start}`);
    if (e.start > at) {
      copied.push(out.length, at, e.start - at);
      out += original.slice(at, e.start);
    }
    // Inserted text maps back to where it was inserted.
    copied.push(out.length, e.start, 0);
    out += e.text;
    at = e.end;
  }
  if (at < original.length) {
    copied.push(out.length, at, original.length - at);
    out += original.slice(at);
  }
  copied.push(out.length, original.length, 0);
  return {
    text: out,
    back(offset: number): number {
      // The last piece that starts at or before the offset (binary search).
      let lo = 0;
      let hi = copied.length / 3 - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (copied[mid * 3]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      const [rs, os, len] = [copied[lo * 3]!, copied[lo * 3 + 1]!, copied[lo * 3 + 2]!];
      return os + Math.min(offset - rs, len);
    },
  };
}

/** Offsets ↔ 1-based lines and columns of one text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line and column of an offset. @example new LineIndex('a\nb').position(2) // { line: 2, column: 1 } */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** The offset of a 1-based line and column. @example new LineIndex('a\nb').offset(2, 1) // 2 */
  offset(line: number, column: number): number {
    const l = Math.min(Math.max(line, 1), this.starts.length);
    return this.starts[l - 1]! + Math.max(column, 1) - 1;
  }
}
