#!/usr/bin/env node
// Runs a browser benchmark: bundles bench/<name>.bench.ts with esbuild, serves it on loopback,
// opens it in headless Chromium (real IndexedDB) and prints what the page logs until it calls
// `window.benchDone()`. An in-memory PouchDB Server is started for benchmarks that sync; its URL
// reaches the page as the constant __FORECOURT_TEST_SERVER__ (JSON: { url, admin }).
//   node bench/runner.mjs bench/store.bench.ts [--timeout 900]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.mjs';
import { startEmbeddedServer } from '../server/embedded.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const entry = args.find((a) => !a.startsWith('--'));
const timeoutIndex = args.indexOf('--timeout');
const timeoutSeconds = timeoutIndex >= 0 ? Number(args[timeoutIndex + 1]) : 900;
if (!entry) {
  console.error('usage: node bench/runner.mjs bench/<name>.bench.ts [--timeout seconds]');
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

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head>
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
  await tab.goto(`http://127.0.0.1:${port}/`);
  const outcome = await Promise.race([
    finished,
    new Promise((r) => setTimeout(() => r('timeout'), timeoutSeconds * 1000)),
  ]);
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
