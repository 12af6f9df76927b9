/**
 * `replay --check`: replays a transcript's inputs deterministically and compares what the
 * shell prints with what the transcript says, input by input, as ExUnit's doctests do: prompts
 * may be `iex(N)>` or `iex>`, and prompt numbers are not compared (nor the `iex:N` of an error's
 * location), so inserting, removing or fixing one input fails no other. A difference is shown as
 * a unified diff naming the input's line in the file; `--update` writes the actual output back
 * (numbered prompts renumbered, `iex>` prompts kept).
 *
 * @example
 * const r = await checkBlocks(shell, parseTranscript(text), 'lesson.transcript');
 * r.failed; // 0 when the transcript is still true
 */
import type { Shell } from '../shell/session.js';
import type { Block } from './script.js';
import type { InputLimit } from './limit.js';
import { runInput } from './player.js';

/** What checking one transcript found. */
export interface CheckResult {
  passed: number;
  failed: number;
  /** One unified diff per failing input. */
  diffs: string[];
  /** The transcript as the shell prints it now (for --update). */
  actual: string;
}

/** A block's prompt for its line `i`, numbered `n` unless the transcript writes `iex>`. */
function prompt(b: Block, i: number, n: number): string {
  if (b.n === null) return i === 0 ? 'iex>' : '...>';
  return i === 0 ? `iex(${n})>` : `...(${n})>`;
}

/**
 * An output line as compared: the prompt number in an error's `iex:N:` location does not count,
 * nor the line number of the gutter under a syntax error (`  4 | foo bar`).
 */
const comparable = (line: string) => line.replace(/\biex:\d+\b/g, 'iex:N').replace(/^(\s*)\d+( \| )/, '$1N$2');

/** Runs each block's input and compares the output. `name` labels the diffs. */
export async function checkBlocks(shell: Shell, blocks: Block[], name: string, limit?: InputLimit): Promise<CheckResult> {
  const res: CheckResult = { passed: 0, failed: 0, diffs: [], actual: '' };
  const before = shell.write;
  let captured = '';
  shell.write = (t) => (captured += t);
  try {
    for (const b of blocks) {
      const n = shell.counter;
      captured = '';
      const stopped = await runInput(shell, b.input.join('\n') + '\n', limit, b.line);
      const output = trimEnd(captured.split('\n'));
      const expected = trimEnd(b.expected);
      res.actual += [...b.input.map((l, i) => `${prompt(b, i, n)} ${l}`.trimEnd()), ...output].join('\n') + '\n';
      if (!stopped && same(output.map(comparable), expected.map(comparable))) {
        res.passed++;
        continue;
      }
      res.failed++;
      // Both sides show the transcript's own prompt: only output that really differs is marked.
      const shown = b.input.map((l, i) => `${prompt(b, i, b.n ?? n)} ${l}`.trimEnd());
      const diff = unifiedDiff([...shown, ...expected], [...shown, ...output], `${name}:${b.line}`, shown[0]!, b.line);
      res.diffs.push(stopped ? `${name}:${b.line}: the input ran longer than ${limit!.ms} ms and was stopped\n${diff}` : diff);
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
 * A unified diff of two line lists (one hunk: a block is short), headed by where the input is;
 * the hunk's numbers are the file's lines (`first`, the input's line).
 * @example unifiedDiff(['iex> 1', '1'], ['iex> 1', '2'], 'demo.txt:3', 'iex> 1', 3)
 */
export function unifiedDiff(expected: string[], actual: string[], where: string, input: string, first = 1): string {
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
  return [`--- ${where} (expected)`, `+++ ${where} (actual)`, `@@ -${first},${n} +${first},${m} @@ ${input}`, ...body].join('\n');
}
