/**
 * `replay --check`: replays a transcript's inputs deterministically and compares what the
 * shell prints with what the transcript says, input by input. A difference is shown as a
 * unified diff naming the input; `--update` writes the actual output back.
 *
 * @example
 * const r = await checkBlocks(shell, parseTranscript(text));
 * r.failed; // 0 when the transcript is still true
 */
import type { Shell } from '../shell/session.js';
import { hasThen } from '../runtime/runtime.js';
import type { Block } from './script.js';

/** What checking one transcript found. */
export interface CheckResult {
  passed: number;
  failed: number;
  /** One unified diff per failing input. */
  diffs: string[];
  /** The transcript as the shell prints it now (for --update). */
  actual: string;
}

/** Runs each block's input and compares the output. `name` labels the diffs. */
export async function checkBlocks(shell: Shell, blocks: Block[], name: string): Promise<CheckResult> {
  const res: CheckResult = { passed: 0, failed: 0, diffs: [], actual: '' };
  const before = shell.write;
  let captured = '';
  shell.write = (t) => (captured += t);
  try {
    for (const b of blocks) {
      const n = shell.counter;
      const promptLines = b.input.map((l, i) => `${i === 0 ? `iex(${n})>` : `...(${n})>`} ${l}`.trimEnd());
      captured = '';
      const r = shell.evalInput(b.input.join('\n') + '\n');
      if (hasThen(r)) await r;
      await shell.rt.idle();
      const actual = [...promptLines, ...trimEnd(captured.split('\n'))];
      const expected = [...b.input.map((l, i) => `${i === 0 ? `iex(${b.n})>` : `...(${b.n})>`} ${l}`.trimEnd()), ...trimEnd(b.expected)];
      res.actual += actual.join('\n') + '\n';
      if (same(actual, expected)) res.passed++;
      else {
        res.failed++;
        res.diffs.push(unifiedDiff(expected, actual, `${name}:${b.line}`, `iex(${b.n})> ${b.input[0]}`));
      }
    }
  } finally {
    shell.write = before;
  }
  return res;
}

function trimEnd(lines: string[]): string[] {
  const out = lines.map((l) => l.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/**
 * A unified diff of two line lists (one hunk: a block is short), headed by where the input is.
 * @example unifiedDiff(['1'], ['2'], 'demo.txt:3', 'iex(1)> 1')
 */
export function unifiedDiff(expected: string[], actual: string[], where: string, input: string): string {
  // Longest common subsequence, then a walk that prints ' ', '-', '+'.
  const n = expected.length, m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = expected[i] === actual[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const body: string[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) body.push(' ' + expected[i++]!), j++;
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) body.push('-' + expected[i++]!);
    else body.push('+' + actual[j++]!);
  }
  return [`--- ${where} (expected)`, `+++ ${where} (actual)`, `@@ -1,${n} +1,${m} @@ ${input}`, ...body].join('\n');
}
