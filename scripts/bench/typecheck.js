#!/usr/bin/env node
// What this shows: the cost of `--typecheck` per input over a long session. 800 inputs of a
// typical session (start servers, call them, bind results, define and rebind a class, rebind a
// counter: about 300 names alive at the end) go through the shell's TypeChecker, each checked
// and then committed as the shell does after it evaluates. Prints the time of inputs 1..10 and
// 790..800 (wall and CPU ms) and the median of each window, after warm() (TypeScript loading).
// Try: node scripts/bench/typecheck.js            node scripts/bench/typecheck.js --inputs 200
import { TypeChecker } from '../../dist/eval/typecheck.js';
import { typecheckPrelude } from '../../dist/shell/prelude.js';

const argv = process.argv.slice(2);
const inputs = argv.includes('--inputs') ? Number(argv[argv.indexOf('--inputs') + 1]) : 800;
if (!(inputs >= 20)) {
  console.error('typecheck bench: --inputs N needs N >= 20');
  process.exit(2);
}

/** Input i of the session (1-based). */
function input(i) {
  switch (i % 8) {
    case 1: return `const [, p${i}] = start(MyKeyStore, [])`;
    case 2: return `call(p${i - 1}, ['put', 'k', ${i}])`;
    case 3: return `const v${i} = call(p${i - 2}, ['get', 'k'])`;
    case 4: return `v${i - 1} + 1`;
    case 5: return "class Counter {\n  init(n: number) { return ['ok', n] }\n  handle_call(req: 'get', _from: From, n: number) { return reply(n, n) }\n}";
    case 6: return `const [, c${i}] = start(Counter, ${i})`;
    case 7: return `let total = ${i}`;
    default: return i < 8 ? 'total + 1' : `total += v${i - 5} ?? 0`;
  }
}

const tc = new TypeChecker({ prelude: typecheckPrelude() });
// As the shell does after its first prompt: TypeScript loads and warms up before input 1.
const w0 = performance.now();
tc.warm();
const warm = performance.now() - w0;
const times = [];
for (let i = 1; i <= inputs; i++) {
  const src = input(i);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const errors = tc.check(src);
  if (errors.length) {
    console.error(`input ${i} has type errors (the bench inputs should have none): ${src}\n${JSON.stringify(errors)}`);
    process.exit(1);
  }
  tc.commit(src);
  const cpu = process.cpuUsage(cpu0);
  times.push([i, performance.now() - t0, (cpu.user + cpu.system) / 1000]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const show = (rows, label) => {
  console.log(`${label}: ${rows.map(([i, w, c]) => `#${i} ${w.toFixed(1)}/${c.toFixed(1)}`).join('  ')}`);
  console.log(`  median (wall/cpu ms): ${median(rows.map((r) => r[1])).toFixed(1)} / ${median(rows.map((r) => r[2])).toFixed(1)}`);
};
console.log(`typecheck bench — ${inputs} inputs, Node ${process.version}; warm() ${warm.toFixed(0)} ms; per input: wall/cpu ms (check + commit)`);
show(times.slice(0, 10), 'inputs 1..10');
show(times.slice(-11), `inputs ${inputs - 10}..${inputs}`);
console.log(`RESULT warm_ms=${warm.toFixed(1)} start_ms=${median(times.slice(0, 10).map((r) => r[1])).toFixed(1)} end_ms=${median(times.slice(-11).map((r) => r[1])).toFixed(1)}`);
