#!/usr/bin/env node
// Runs a browser benchmark: bundles bench/<name>.bench.ts with esbuild, serves it on loopback,
// opens it in headless Chromium (real IndexedDB) and prints what the page logs until it calls
// `window.benchDone()`. An in-memory PouchDB Server is started for benchmarks that sync; its URL
// reaches the page as the constant __FORECOURT_TEST_SERVER__ (JSON: { url, admin }).
// Real input: the page may call `await window.benchInput({ press: 'a' })` or
// `await window.benchInput({ click: { x, y } })` (viewport CSS px); Playwright sends it through the
// DevTools protocol, so it goes through Chromium's own input pipeline and arrives as trusted events.
// `await window.benchLoadAverage()` gives the machine's load averages (os.loadavg()).
// `--query` is appended to the page's URL (e.g. `--query sizes=10000`, read by the bench page).
//   node bench/runner.mjs bench/store.bench.ts [--timeout 900] [--query key=value&...]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.mjs';
import { startEmbeddedServer } from '../server/embedded.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const timeoutIndex = args.indexOf('--timeout');
const timeoutSeconds = timeoutIndex >= 0 ? Number(args[timeoutIndex + 1]) : 900;
const queryIndex = args.indexOf('--query');
const query = queryIndex >= 0 ? `?${args[queryIndex + 1] ?? ''}` : '';
const entry = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--timeout' && args[i - 1] !== '--query');
if (!entry) {
  console.error('usage: node bench/runner.mjs bench/<name>.bench.ts [--timeout seconds] [--query key=value&...]');
  process.exit(2);
}

const outDir = join(root, '.cache', 'bench', basename(entry, extname(entry)));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const couch = await startEmbeddedServer();
const serverInfo = JSON.stringify({ url: couch.url, admin: `${couch.admin.name}:${couch.admin.password}` });
await build({
  entryPoints: [resolve(entry)],
  outfile: join(outDir, 'bench.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  tsconfig: join(root, 'tsconfig.json'),
  define: {
    'process.env.NODE_ENV': '"production"',
    global: 'globalThis',
    __FORECOURT_TEST_SERVER__: JSON.stringify(serverInfo),
  },
  logLevel: 'warning',
});

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head>
<body><script type="module" src="/bench.js"></script></body></html>`;
const http = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page);
  }
  try {
    const body = await readFile(join(outDir, path.replace(/^\/+/, '')));
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => http.listen(0, '127.0.0.1', r));
const { port } = http.address();

const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  let finish;
  const finished = new Promise((r) => (finish = r));
  await tab.exposeFunction('benchDone', () => finish('done'));
  await tab.exposeFunction('benchInput', async (action) => {
    if (typeof action?.press === 'string') await tab.keyboard.press(action.press);
    else if (action?.click && Number.isFinite(action.click.x) && Number.isFinite(action.click.y)) await tab.mouse.click(action.click.x, action.click.y);
    else throw new Error(`benchInput: unknown action ${JSON.stringify(action)}`);
  });
  // The machine's 1-, 5- and 15-minute load averages, for pages that report them beside their figures.
  await tab.exposeFunction('benchLoadAverage', () => loadavg());
  tab.on('console', (message) => {
    const text = message.text();
    if (/RxDB Open Core|premium|rxdb\.info|----------|great option|professional users|setPremiumFlag/.test(text)) return;
    console.log(text);
  });
  tab.on('pageerror', (error) => {
    console.error(`page error: ${error.message}`);
    exitCode = 1;
    finish('error');
  });
  await tab.goto(`http://127.0.0.1:${port}/${query}`);
  const outcome = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), timeoutSeconds * 1000))]);
  if (outcome === 'timeout') {
    console.error(`benchmark did not call benchDone() within ${timeoutSeconds} s`);
    exitCode = 1;
  }
} finally {
  await browser.close();
  http.close();
  await couch.stop();
}
process.exit(exitCode);
