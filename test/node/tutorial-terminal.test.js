// The README's two-terminal tutorial "genrepl meets iex", played as a person would: genrepl
// (`genrepl --sname a@localhost`) and a real iex (`iex --sname b@localhost`) in two
// pseudo-terminals, each line typed key by key in the order the README gives, each answer
// compared with the README's (pid and reference numbers aside; `...` stands for any text).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beamMissing, startEpmd } from '../helpers/beam.js';
import { Term } from '../helpers/terminal.js';

const missing = beamMissing();
if (missing) console.log(`# skipping the genrepl meets iex tutorial: ${missing}`);

const PROMPT = /^(?:iex|\.\.\.)\([^()\s]+@[^()\s]+\)\d+> ?/;

/** The tutorial's steps: which terminal, its start command (first block only), its inputs with the answers shown. */
export function tutorialSteps(readme) {
  const start = readme.indexOf('### genrepl meets iex');
  const end = readme.indexOf('\n### ', start + 1);
  const text = readme.slice(start, end);
  const steps = [];
  for (const m of text.matchAll(/\*\*Terminal (\d)\*\*\n\n```iex\n([\s\S]*?)```/g)) {
    const step = { term: Number(m[1]), command: null, inputs: [] };
    for (const line of m[2].replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ ')) step.command = line.slice(2).split(' ');
      else if (PROMPT.test(line)) step.inputs.push({ line: line.replace(PROMPT, ''), prompt: line.match(PROMPT)[0].trim(), expect: [] });
      else step.inputs.at(-1).expect.push(line);
    }
    steps.push(step);
  }
  return steps;
}

/** A README answer as a pattern: pids and references of any numbers, `...` any text, a space any run of white space (iex wraps long terms). */
function answerPattern(lines) {
  const parts = lines.join('\n').split(/(#PID<[^>]*>|#Reference<[^>]*>|\.\.\.)/);
  const re = parts.map((p) => (p.startsWith('#PID<') ? '#PID<\\d+\\.\\d+\\.\\d+>' : p.startsWith('#Reference<') ? '#Reference<[\\d.]+>' : p === '...' ? '[\\s\\S]*?' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')));
  return new RegExp(`^${re.join('')}$`);
}

async function typeLikeAPerson(t, line) {
  for (const ch of line) {
    t.type(ch);
    await new Promise((r) => setTimeout(r, 3));
  }
  t.type('\r');
}

describe('README: genrepl meets iex, in two terminals', { skip: missing ?? false }, () => {
  let epmd;
  const terms = new Map();
  before(async () => {
    epmd = await startEpmd();
  });
  after(async () => {
    for (const t of terms.values()) await t.close();
    epmd?.stop();
  });

  it('plays every step and shows what the README shows', async () => {
    const steps = tutorialSteps(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    assert.ok(steps.length >= 6 && steps.some((s) => s.term === 2), 'the tutorial has steps in both terminals');
    const env = { ERL_EPMD_PORT: String(epmd.port) };
    for (const step of steps) {
      if (step.command !== null) {
        const [cmd, ...args] = step.command;
        const t = cmd === 'genrepl'
          ? Term.start([...args, '--no-history'], { env, cols: 220 })
          : Term.start([...args, '--erl', '-kernel inet_dist_use_interface {127,0,0,1}'], { env, cols: 220, cmd: [cmd] });
        terms.set(step.term, t);
        await t.waitFor(new RegExp(`${step.inputs[0].prompt.replace(/[().]/g, '\\$&')} ?$`), 30000);
      }
      const t = terms.get(step.term);
      for (const input of step.inputs) {
        const before = t.prompts();
        await typeLikeAPerson(t, input.line);
        if (input.expect.length === 0 && /System\.halt/.test(input.line)) {
          assert.equal(await t.exited, 0);
          continue;
        }
        await t.waitFor({ test: () => t.prompts() > before });
        const screen = t.text().split('\n');
        const at = screen.findLastIndex((l) => l.startsWith(input.prompt) && l.includes(input.line.slice(0, 40)));
        const next = screen.findIndex((l, i) => i > at && PROMPT.test(l));
        const shown = screen.slice(at + 1, next).join('\n').trimEnd();
        assert.match(shown, answerPattern(input.expect), `terminal ${step.term}, after ${input.prompt} ${input.line}`);
      }
    }
  });
});
