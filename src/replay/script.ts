/**
 * Parsing what replays read: `.genrepl` scripts, transcripts (what a session looks like), and
 * Markdown handouts whose ```genrepl blocks are transcripts.
 *
 * A script is TypeScript inputs, one after another, by the same rules as typing them (an
 * incomplete input continues on the next line). `// ` lines are narration; `//! pause 2s`,
 * `//! advance 100` and `//! step` are directives.
 *
 * @example
 * parseScript("// start it\nconst [ok, pid] = start(MyKeyStore, [])\n//! advance 100\n")
 * // [{ kind: 'narration', text: '// start it', line: 1 }, { kind: 'input', text: 'const …', line: 2 },
 * //  { kind: 'advance', ms: 100, line: 3 }]
 */
import { isIncomplete } from '../eval/parse.js';

/** One step of a replay. */
export type Step =
  | { kind: 'input'; text: string; line: number }
  | { kind: 'narration'; text: string; line: number }
  | { kind: 'pause'; ms: number; line: number }
  | { kind: 'advance'; ms: number; line: number }
  | { kind: 'step'; line: number };

/** An input of a transcript and the output expected after it. */
export interface Block {
  /** The input's lines, without prompts. */
  input: string[];
  /** The prompt number shown, or null for `iex>` prompts (as ExUnit doctests write them). */
  n: number | null;
  expected: string[];
  /** Line of the input's prompt in the file. */
  line: number;
}

/** A file that cannot be replayed as it is; `line` is 1-based. */
export class ScriptError extends Error {
  override name = 'ScriptError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/;

function duration(text: string, line: number): number {
  const m = DURATION.exec(text.trim());
  if (m === null) throw new ScriptError(`line ${line}: expected a duration such as 500ms or 2s, got '${text.trim()}'`, line);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** Parses a `.genrepl` script into steps. @example parseScript('1 + 1\n') */
export function parseScript(source: string): Step[] {
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const steps: Step[] = [];
  let buf: string[] = [];
  let start = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.replace(/\r$/, '');
    if (buf.length === 0) {
      const t = text.trim();
      if (t === '') return;
      const d = /^\/\/!\s*(\w+)\s*(.*)$/.exec(t);
      if (d !== null) {
        const [, name, arg] = d;
        if (name === 'pause') steps.push({ kind: 'pause', ms: duration(arg!, line), line });
        else if (name === 'advance') steps.push({ kind: 'advance', ms: duration(arg!, line), line });
        else if (name === 'step') steps.push({ kind: 'step', line });
        else throw new ScriptError(`line ${line}: unknown directive //! ${name} (known: pause, advance, step)`, line);
        return;
      }
      if (t.startsWith('//')) {
        steps.push({ kind: 'narration', text: t, line });
        return;
      }
      start = line;
    }
    buf.push(text);
    if (!isIncomplete(buf.join('\n') + '\n')) {
      steps.push({ kind: 'input', text: buf.join('\n'), line: start });
      buf = [];
    }
  });
  if (buf.length > 0) throw new ScriptError(`line ${start}: the script ends inside an incomplete input that starts here`, start);
  return steps;
}

const PROMPT = /^iex(?:\((\d+)\))?> ?(.*)$/;
/** A transcript's first line may name the terminal width it was recorded at (Recorder writes it when not 80). */
const WIDTH = /^# width: (\d+)$/;

/**
 * The terminal width a transcript was recorded at (its `# width: N` first line), or undefined
 * (80, then). @example transcriptWidth('# width: 100\niex(1)> 1\n1\n') // 100
 */
export function transcriptWidth(source: string): number | undefined {
  const m = WIDTH.exec(source.slice(0, source.indexOf('\n') >>> 0).replace(/\r$/, ''));
  return m === null ? undefined : Number(m[1]);
}

/** The width line a transcript recorded at `width` starts with ('' at 80). @example widthLine(100) // '# width: 100\n' */
export function widthLine(width: number | undefined): string {
  return width === undefined || width === 80 ? '' : `# width: ${width}\n`;
}
const CONT = /^\.\.\.(?:\((\d+)\))?> ?(.*)$/;

/**
 * Parses a transcript into blocks: inputs after `iex(N)>` or `iex>` prompts (continued after
 * `...(N)>` or `...>`), each followed by its expected output. A file with no prompt line is an
 * error. @example parseTranscript("iex(1)> 1 + 1\n2\niex> [1,\n...> 2]\n[1, 2]\n")
 */
export function parseTranscript(source: string, firstLine = 1): Block[] {
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const blocks: Block[] = [];
  let cur: Block | null = null;
  lines.forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    const line = firstLine + i;
    const p = PROMPT.exec(text);
    if (p !== null) {
      cur = { input: [p[2]!], n: p[1] === undefined ? null : Number(p[1]), expected: [], line };
      blocks.push(cur);
      return;
    }
    const c = CONT.exec(text);
    if (c !== null && cur !== null && cur.expected.length === 0) {
      cur.input.push(c[2]!);
      return;
    }
    if (cur === null) {
      if (text.trim() === '' || (i === 0 && WIDTH.test(text))) return;
      throw new ScriptError(`line ${line}: a transcript starts with a prompt line (iex(1)> … or iex> …), found: ${text}`, line);
    }
    cur.expected.push(text);
  });
  if (blocks.length === 0) throw new ScriptError(`line ${firstLine}: no prompt line (iex(N)> … or iex> …) in the transcript`, firstLine);
  // A last prompt with nothing typed is where the session stopped.
  const last = blocks[blocks.length - 1]!;
  if (last.input.length === 1 && last.input[0] === '' && last.expected.length === 0) blocks.pop();
  return blocks;
}

/** A ```genrepl fenced block of a Markdown file. */
export interface Fence {
  /** Line of the first transcript line (after the opening fence). */
  start: number;
  /** Line of the closing fence. */
  end: number;
  body: string;
  /** The opening fence's indentation (a block inside a list item). */
  indent: string;
}

/**
 * Finds the ```genrepl blocks of a Markdown file. A fence indented inside a list item has its
 * indentation taken off its lines, as Markdown does.
 * @example markdownFences('```genrepl\niex(1)> 1\n1\n```\n')
 */
export function markdownFences(source: string): Fence[] {
  const lines = source.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*genrepl\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const indent = new RegExp(`^ {0,${open[1]!.length}}`);
    const fence = open[2]!;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== fence) j++;
    if (j === lines.length) throw new ScriptError(`line ${i + 1}: the genrepl block is not closed`, i + 1);
    out.push({ start: i + 2, end: j + 1, body: lines.slice(i + 1, j).map((l) => l.replace(indent, '')).join('\n') + '\n', indent: open[1]! });
    i = j;
  }
  return out;
}
