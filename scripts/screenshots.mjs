#!/usr/bin/env node
// One screenshot per forecourt element, each alone on a neutral page, saved as
// docs/screenshots/<tag>.png (README "Elements"). The page bundles the elements with esbuild,
// seeds a lead through the store's own commands in a fresh IndexedDB, then puts the element in
// the state worth showing (unsaved ticks, an open dialog, a live sync). The sync-status shot
// replicates to an in-memory PouchDB Server started here.
//   node scripts/screenshots.mjs [tag…]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';
import { startEmbeddedServer } from '../server/embedded.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const outDir = join(root, 'docs', 'screenshots');
const bundleDir = join(root, '.cache', 'screenshots');

/** What each shot shows. `target` is what is captured: the element, or its open dialog. */
const SHOTS = {
  'lead-progress': { width: 720, target: 'element' },
  'close-lost-dialog': { width: 720, target: 'dialog' },
  'close-won-dialog': { width: 720, target: 'dialog' },
  'follow-up-form': { width: 560, target: 'element' },
  'lead-interest': { width: 560, target: 'element' },
  'lead-activity': { width: 640, target: 'element' },
  'sync-status': { width: 560, target: 'element' },
};
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const tags = Object.keys(SHOTS).filter((t) => only.length === 0 || only.includes(t));

// The page: seeds a lead with the store's commands, then shows one element (?tag=…).
const pageSource = `
import './components/all.js';
import { defaultPolicy } from './src/model/index.js';
import { createStore } from './src/store/store.js';

const params = new URLSearchParams(location.search);
const tag = params.get('tag');
const DEALERSHIP = 'harbour-motors';
const users = [
  ['sam', 'Sam Ortiz', ['salesperson']],
  ['mia', 'Mia Laurent', ['manager', 'receive-closed-lead-as-lost-notification']],
].map(([userId, name, roles]) => ({ id: 'user:' + userId, type: 'user', dealershipId: DEALERSHIP, userId, name, email: userId + '@harbour.example', roles, managerId: '', active: true, updatedAt: 1 }));

async function seed() {
  const database = 'shots-' + tag;
  const store = await createStore({ dealershipId: DEALERSHIP, name: database, storage: 'indexeddb' });
  await store.importDocuments({ policy: defaultPolicy(DEALERSHIP, 'Harbour Motors'), users });
  await store.setActor('sam');
  const run = async (command) => {
    const result = await store.execute(command);
    if (!result.ok) throw new Error(command.type + ': ' + result.error.code);
    return result.outcome;
  };
  const { leadId } = await run({ type: 'create-lead', lead: { customer: { name: 'Dana Whitfield', email: 'dana@example.com', phone: '555-0100' }, vehicle: '2024 Toyota RAV4 Hybrid XLE', source: 'Website', salespersonId: 'sam' } });
  await run({ type: 'update-progress', leadId, update: { check: ['awaiting-action', 'phone-call-made'], clear: [], note: 'Called back within the hour.' } });
  await run({ type: 'update-progress', leadId, update: { check: ['meet-and-qualify'], clear: [], note: 'Wants a hybrid, budget agreed.' } });
  await run({ type: 'set-interest', leadId, interest: 'warm' });
  await run({ type: 'add-note', leadId, text: 'Trade-in: 2016 Honda CR-V, 98,000 miles.' });
  return { store, database, leadId };
}

const { store, database, leadId } = await seed();
const main = document.querySelector('main');
const provider = document.createElement('lead-store');
provider.store = store;
if (tag === 'sync-status') {
  const server = JSON.parse(__FORECOURT_TEST_SERVER__);
  const [username, password] = server.admin.split(':');
  provider.setAttribute('server-url', server.url);
  provider.setAttribute('server-database', params.get('remote'));
  provider.credentials = { username, password };
}
const el = document.createElement(tag);
el.setAttribute('lead-id', leadId);
provider.append(el);
main.append(provider);
window.shot = { store, database, leadId, el };
window.shotReady = true;
`;

const couch = await startEmbeddedServer();
const serverInfo = JSON.stringify({ url: couch.url, admin: `${couch.admin.name}:${couch.admin.password}` });
rmSync(bundleDir, { recursive: true, force: true });
mkdirSync(bundleDir, { recursive: true });
mkdirSync(outDir, { recursive: true });
await build({
  stdin: { contents: pageSource, resolveDir: root, loader: 'ts', sourcefile: 'screenshots-page.ts' },
  outfile: join(bundleDir, 'page.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  tsconfig: join(root, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', __FORECOURT_TEST_SERVER__: JSON.stringify(serverInfo) },
  logLevel: 'warning',
});

// A neutral host page: white, system font, nothing but the element.
const html = (width) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>forecourt element</title>
<style>html,body{margin:0;background:#fff}main{box-sizing:border-box;width:${width}px;padding:24px}</style></head>
<body><main></main><script type="module" src="/page.js"></script></body></html>`;
const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(html(Number(url.searchParams.get('width') ?? 640)));
  }
  try {
    const body = readFileSync(join(bundleDir, url.pathname.replace(/^\/+/, '')));
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => http.listen(0, '127.0.0.1', r));
const { port } = http.address();

const admin = { Authorization: `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString('base64')}`, 'Content-Type': 'application/json' };
async function remoteDatabase() {
  const name = `shots-${Date.now().toString(36)}`;
  await fetch(`${couch.url}/${name}`, { method: 'PUT', headers: admin });
  // The _changes filter the sync's pull uses (server/design-doc.ts installs it with the validation).
  const filter = "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";
  await fetch(`${couch.url}/${name}/_design/forecourt`, { method: 'PUT', headers: admin, body: JSON.stringify({ filters: { by_type: filter } }) });
  return name;
}

/** Puts the element in the state the screenshot shows. */
const STAGE = {
  async 'lead-progress'(page) {
    await page.locator('lead-progress .step[data-step="test-drive"]').click();
    await page.locator('lead-progress .step[data-step="phone-call-made"]').click();
    await page.locator('lead-progress textarea').fill('Booked a test drive for Saturday.');
    await page.locator('lead-progress .step[data-step="test-drive"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
  },
  async 'close-lost-dialog'(page) {
    await page.locator('close-lost-dialog [part="trigger"]').click();
    await page.locator('close-lost-dialog dialog[open]').waitFor();
    await page.locator('close-lost-dialog #reason').selectOption('bought-elsewhere');
    await page.locator('close-lost-dialog #all').check();
    await page.locator('close-lost-dialog #notes').fill('Bought a Mazda CX-5 across town.');
    await page.locator('close-lost-dialog #reason').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
  },
  async 'close-won-dialog'(page) {
    await page.locator('close-won-dialog [part="trigger"]').click();
    await page.locator('close-won-dialog dialog[open]').waitFor();
    await page.locator('close-won-dialog #notes').fill('Delivered Saturday.');
  },
  async 'follow-up-form'(page) {
    await page.locator('follow-up-form #notes').fill('Call about the finance quote.');
  },
  async 'lead-interest'(page) {
    await page.locator('lead-interest input[value="warm"]').focus();
  },
  async 'lead-activity'(page) {
    await page.locator('lead-activity li').first().waitFor();
  },
  async 'sync-status'(page) {
    await page.waitForFunction(() => window.shot.el.state === 'live', null, { timeout: 15000 });
  },
};

const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
let failed = false;
try {
  for (const tag of tags) {
    const { width, target } = SHOTS[tag];
    const context = await browser.newContext({ viewport: { width: Math.max(width, 800), height: 1000 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      console.error(`${tag}: page error: ${e.message}`);
      failed = true;
    });
    const remote = tag === 'sync-status' ? await remoteDatabase() : '';
    await page.goto(`http://127.0.0.1:${port}/?tag=${tag}&width=${width}&remote=${remote}`);
    await page.waitForFunction(() => window.shotReady === true, null, { timeout: 20000 });
    await page.locator(`${tag} >> :is(button, input, ol, [part~="base"], [part~="list"], [part~="group"], form)`).first().waitFor();
    await STAGE[tag](page);
    await page.evaluate(() => document.fonts.ready);
    const file = join(outDir, `${tag}.png`);
    if (target === 'dialog') await page.locator(`${tag} dialog[open]`).screenshot({ path: file });
    else await page.locator('main').screenshot({ path: file });
    console.log(`${tag}: ${file.slice(root.length + 1)}`);
    await context.close();
  }
} finally {
  await browser.close();
  http.close();
  await couch.stop();
}
process.exit(failed ? 1 : 0);
