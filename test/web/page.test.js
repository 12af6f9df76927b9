// The projector page in a real browser (Debian's chromium through playwright-core), following a
// real genrepl session typed into its piped stdin: processes appear, the supervision tree is
// drawn, a crash is marked as it happens, the selected process shows its state and mailbox.
// One screenshot per run goes to a temp folder (its path is printed) for debugging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findChromium, launch, shotDir, webSession } from '../helpers/browser.js';

const skip = findChromium() === null && 'chromium is not installed (apt-get install chromium)';
let browser, session, page;
// Liveness bound for what the page must show (not a timing assertion).
const SHOWN = { timeout: 10000 };

before(async () => {
  if (skip) return;
  // Each is kept as soon as it exists, so after() closes it even when the other failed (no
  // playwright-core, a browser that does not start, a page that does not load): the test fails
  // at once instead of hanging on a `genrepl --web` child left running.
  const [b, s] = await Promise.allSettled([launch(), webSession()]);
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'fulfilled') session = s.value;
  if (b.status === 'rejected') throw b.reason;
  if (s.status === 'rejected') throw s.reason;
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(session.url, SHOWN);
  await page.waitForSelector('#conn.on', SHOWN);
});

after(async () => {
  if (skip) return;
  try {
    if (page) {
      const dir = shotDir();
      await page.screenshot({ path: join(dir, 'page.png') }).catch(() => {});
      console.log(`# screenshot: ${join(dir, 'page.png')}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await session?.close();
  }
});

/** Types an input and waits for its printed result. */
async function type(line, result) {
  session.send(line);
  await session.waitOut(result);
}

test('a process started in the shell appears in the table', { skip }, async () => {
  await type("const [ok, store] = start(MyKeyStore, [], { name: 'store' })", /\['ok', (#PID<[\d.]+>)\]/);
  const pid = /\['ok', (#PID<[\d.]+>)\]/.exec(session.out)[1];
  const row = page.locator(`#procs .row[data-pid="${pid}"]`);
  await row.waitFor(SHOWN);
  assert.match(await row.innerText(), /store\s+MyKeyStore\s+waiting/);
  // The shell's own process is listed and marked.
  assert.equal(await page.locator('#procs .rows .row.shell').count(), 1);
});

test('clicking a process shows its state and mailbox, and they follow the session', { skip }, async () => {
  const pid = /\['ok', (#PID<[\d.]+>)\]/.exec(session.out)[1];
  await page.click(`#procs .row[data-pid="${pid}"]`);
  await page.waitForSelector('#sel pre.state', SHOWN);
  assert.equal(await page.locator('#sel pre.state').innerText(), 'new Map()');
  await type("await call('store', ['put', 'colour', 'red'])", /^'red'$/m);
  await page.waitForFunction(() => document.querySelector('#sel pre.state')?.textContent.includes("'colour'"), null, SHOWN);
  assert.equal(await page.locator('#sel pre.state').innerText(), "new Map([['colour', 'red']])");
  // A message waiting in a mailbox is shown there.
  await type('const idle = spawn(() => new Promise(() => {}))', /#PID<[\d.]+>\s*$/);
  const idle = [...session.out.matchAll(/#PID<[\d.]+>/g)].at(-1)[0];
  await type("send(idle, ['hello', 42])", /\['hello', 42\]/);
  const row = page.locator(`#procs .row[data-pid="${idle}"]`);
  await row.waitFor(SHOWN);
  await row.click();
  await page.waitForSelector('#sel pre.message', SHOWN);
  assert.equal(await page.locator('#sel pre.message').innerText(), "['hello', 42]");
});

test('a call draws its message and its reply as arrows between the lifelines; a click shows the whole message', { skip }, async () => {
  const store = /\['ok', (#PID<[\d.]+>)\]/.exec(session.out)[1];
  await type("await call('store', ['get', 'colour'])", /^'red'$/m);
  const call = page.locator(`#seq g.msg.call[data-to="${store}"]`).filter({ hasText: "call ['get', 'colour']" });
  await call.waitFor(SHOWN);
  const reply = page.locator(`#seq g.msg.reply[data-from="${store}"]`).filter({ hasText: "reply 'red'" }).last(); // the put's reply is 'red' too
  await reply.waitFor(SHOWN);
  assert.equal(await reply.getAttribute('data-to'), await call.getAttribute('data-from'), 'the reply goes back to the caller');
  // Lifelines are named: the registered name, and the shell.
  const heads = await page.locator('#seq g.lane-head').allTextContents();
  assert.ok(heads.some((h) => h.startsWith('store')), heads.join(' | '));
  assert.ok(heads.some((h) => h.startsWith('shell')), heads.join(' | '));
  await call.click();
  assert.match(await page.locator('#seq-detail').innerText(), new RegExp(`^call #PID<[\\d.]+> → ${store.replace(/[.<>#]/g, '\\$&')}\n\\['get', 'colour'\\]$`));
});

test('a supervisor is drawn as a tree of its children', { skip }, async () => {
  await type("const [, sup] = Supervisor.start_link([[ChangingNumber, []], [MyKeyStore, []]], { strategy: 'one_for_all' })", /\['ok', #PID<[\d.]+>\]\s*$/);
  const sup = [...session.out.matchAll(/\['ok', (#PID<[\d.]+>)\]/g)].at(-1)[1];
  const node = page.locator(`#tree g.node.supervisor[data-pid="${sup}"]`);
  await node.waitFor(SHOWN);
  assert.match(await node.textContent(), /one_for_all/);
  const kids = page.locator('#tree g.node.worker');
  await page.waitForFunction(() => document.querySelectorAll('#tree g.node.worker').length === 2, null, SHOWN);
  assert.deepEqual((await kids.allTextContents()).map((t) => t.split('#')[0]), ['ChangingNumber', 'MyKeyStore']);
});

test('a crash is marked as it happens: in the table and on the message diagram', { skip }, async () => {
  await type("const doomed = spawn(async () => { await receive(); throw new Error('boom') })", /#PID<[\d.]+>\s*$/);
  const doomed = [...session.out.matchAll(/#PID<[\d.]+>/g)].at(-1)[0];
  const row = page.locator(`#procs .row[data-pid="${doomed}"]`);
  await row.waitFor(SHOWN);
  assert.equal(await row.evaluate((tr) => tr.classList.contains('crashed')), false);
  session.send("send(doomed, 'go')");
  await page.locator(`#procs .row.crashed[data-pid="${doomed}"]`).waitFor(SHOWN);
  assert.match(await row.innerText(), /crashed: \*\* \(Error\) boom/);
  const mark = page.locator(`#seq g.crash[data-from="${doomed}"]`);
  await mark.waitFor(SHOWN);
  assert.match(await mark.textContent(), /crashed: \*\* \(Error\) boom/);
  assert.deepEqual(page.errors, []);
});
