#!/usr/bin/env node
// What this shows: how docs/projector-page.png is made — a genrepl --web session typed into,
// its page in headless chromium, one screenshot. Try: node scripts/docs/web-screenshot.js [out.png]
import { fileURLToPath } from 'node:url';
import { launch, webSession } from '../../test/helpers/browser.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/projector-page.png', import.meta.url));
const session = await webSession();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
await page.goto(session.url);
await page.waitForSelector('#conn.on');
const inputs = [
  "const [, store] = start(MyKeyStore, [], { name: 'store' })",
  "await call('store', ['put', 'colour', 'red'])",
  "await call('store', ['put', 'size', 'XL'])",
  "await call('store', ['get', 'colour'])",
  "const [, sup] = Supervisor.start_link([[ChangingNumber, []], [MyKeyStore, []]], { strategy: 'one_for_one' })",
  "const worker = spawn(async () => { const m = await receive(); throw new Error(`cannot handle ${m}`) })",
  "send(worker, 'oops')",
];
for (const line of inputs) {
  session.send(line);
  await new Promise((r) => setTimeout(r, 400));
}
await page.click('#procs .row[data-pid="#PID<0.109.0>"]');
await page.waitForSelector('#sel pre.state');
await new Promise((r) => setTimeout(r, 1600));
await page.screenshot({ path: out });
console.log(out);
await browser.close();
await session.close();
