#!/usr/bin/env node
// What this shows: how fast the shell is for a person at a terminal — time from start to the
// first prompt, and eval latency per typed line (Enter to the next prompt), p50/p99 over 200
// inputs, through a real pseudo-terminal (the end-to-end tests' harness).
// Try: node scripts/measure-shell.js [runs]
import { Term } from '../test/helpers/terminal.js';

const runs = Number(process.argv[2] ?? 5);
const inputs = [];
for (let i = 0; i < 200; i++) {
  inputs.push(i % 4 === 0 ? `const [ok${i}, p${i}] = start(MyKeyStore, [])` : i % 4 === 1 ? `call(p${i - 1}, ['put', 'k', ${i}])` : i % 4 === 2 ? `${i} * 2` : `send(self(), 'm${i}')`);
}
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const firsts = [];
let lat = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const t = Term.start([]);
  await t.waitFor(/iex\(1\)> ?$/);
  firsts.push(performance.now() - t0);
  if (r === 0) {
    for (const [i, line] of inputs.entries()) {
      const s = performance.now();
      await t.enter(line, new RegExp(`iex\\(${i + 2}\\)> ?$`));
      lat.push(performance.now() - s);
    }
  }
  await t.close();
}
console.log(`time to first prompt (pty, ${runs} runs): median ${pct(firsts, 0.5).toFixed(0)} ms, min ${Math.min(...firsts).toFixed(0)}, max ${Math.max(...firsts).toFixed(0)}`);
console.log(`eval latency per line (200 inputs, Enter to next prompt): p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms, max ${Math.max(...lat).toFixed(2)} ms`);
