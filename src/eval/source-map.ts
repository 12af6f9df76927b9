/**
 * Reads a version 3 source map (the `mappings` string swc produces) well enough to answer one
 * question: which position of the source does a position of the generated code come from?
 * Decoded on first use, so inputs that never fail cost nothing.
 *
 * @example
 * const m = new SourceMap('{"version":3,"sources":["a"],"names":[],"mappings":"AAAA,IAAI"}');
 * m.original(1, 5); // { line: 1, column: 5 }
 */

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/** Where generated positions come from, line by line. */
export class SourceMap {
  /** Per generated line: [generatedColumn, sourceLine, sourceColumn, …], 0-based, by column. */
  private lines: Int32Array[] | null = null;

  constructor(private readonly json: string) {}

  /**
   * The source position (1-based) of a generated position (1-based): the nearest mapping at or
   * before it on its line, else the last mapping of an earlier line; null if none.
   * @example map.original(3, 10)
   */
  original(line: number, column: number): { line: number; column: number } | null {
    const lines = (this.lines ??= decode(this.json));
    for (let l = Math.min(line, lines.length) - 1; l >= 0; l--) {
      const segs = lines[l]!;
      let best = -1;
      for (let i = 0; i < segs.length; i += 3) {
        if (l === line - 1 && segs[i]! > column - 1) break;
        best = i;
      }
      if (best >= 0) return { line: segs[best + 1]! + 1, column: segs[best + 2]! + 1 + (l === line - 1 ? column - 1 - segs[best]! : 0) };
    }
    return null;
  }
}

function decode(json: string): Int32Array[] {
  let mappings = '';
  try {
    mappings = String(JSON.parse(json).mappings ?? '');
  } catch {
    return [];
  }
  const out: Int32Array[] = [];
  // One source: only the line and column fields are followed (source and name indexes are not needed).
  let srcLine = 0;
  let srcCol = 0;
  for (const lineText of mappings.split(';')) {
    const segs: number[] = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (seg === '') continue;
      const f = vlq(seg);
      genCol += f[0] ?? 0;
      if (f.length >= 4) {
        srcLine += f[2]!;
        srcCol += f[3]!;
        segs.push(genCol, srcLine, srcCol);
      }
    }
    out.push(Int32Array.from(segs));
  }
  return out;
}

function vlq(seg: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < seg.length; i++) {
    const d = B64[seg.charCodeAt(i) & 127]!;
    if (d < 0) break;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
