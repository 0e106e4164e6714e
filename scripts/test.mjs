#!/usr/bin/env node
// Runs every test: type-check, Node tests (rules, store on memory storage, sync against the
// embedded server) and browser tests (@web/test-runner in real Chromium), then prints
// "N passed, N failed[, N skipped]". Pass --node or --browser to run one half, and file
// filters (substrings of test paths) to run fewer files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './chromium.mjs';
import { startEmbeddedServer } from '../server/embedded.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const onlyNode = args.includes('--node');
const onlyBrowser = args.includes('--browser');
const skipTypecheck = args.includes('--no-typecheck');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const matchesFilter = (file) => filters.length === 0 || filters.some((f) => file.includes(f));
const nodeTests = walk(join(root, 'test', 'node'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter(matchesFilter)
  .sort();
const browserTests = [...walk(join(root, 'test', 'browser')), ...walk(join(root, 'components'))]
  .filter((f) => f.endsWith('.test.ts'))
  .filter(matchesFilter)
  .sort();

function run(command, commandArgs, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => done(code ?? 1));
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };

async function typecheck() {
  console.log('\n== type-check (tsc --noEmit)');
  const code = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

function parseTap(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const count = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

async function nodeSuite(server) {
  if (nodeTests.length === 0) return;
  console.log(`\n== Node tests (${nodeTests.length} files)`);
  const tapFile = join(root, '.cache', `node-tests-${process.pid}.tap`);
  rmSync(tapFile, { force: true });
  const code = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...nodeTests.map((f) => relative(root, f)),
    ],
    server,
  );
  const counts = parseTap(tapFile);
  rmSync(tapFile, { force: true });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

async function browserSuite(server) {
  if (browserTests.length === 0) return;
  const chromium = ensureChromium();
  console.log(`\n== Browser tests in ${chromium} (${browserTests.length} files)`);
  const { bundleBrowserTests } = await import('./bundle-browser-tests.mjs');
  const outDir = join(root, '.cache', `browser-tests-${process.pid}`);
  const bundled = await bundleBrowserTests(browserTests, outDir, server);
  const countFile = join(root, '.cache', `browser-tests-${process.pid}.json`);
  rmSync(countFile, { force: true });
  const code = await run(
    process.execPath,
    [join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'), '--config', 'web-test-runner.config.mjs'],
    { ...server, CHROME_PATH: chromium, FORECOURT_TEST_FILES: JSON.stringify(bundled), FORECOURT_COUNT_FILE: countFile },
  );
  const counts = existsSync(countFile) ? JSON.parse(readFileSync(countFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  rmSync(countFile, { force: true });
  rmSync(outDir, { recursive: true, force: true });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

mkdirSync(join(root, '.cache'), { recursive: true });
const couch = await startEmbeddedServer();
const serverEnv = {
  FORECOURT_TEST_COUCH_URL: couch.url,
  FORECOURT_TEST_COUCH_ADMIN: `${couch.admin.name}:${couch.admin.password}`,
};
try {
  if (!skipTypecheck && filters.length === 0) await typecheck();
  if (!onlyBrowser) await nodeSuite(serverEnv);
  if (!onlyNode) await browserSuite(serverEnv);
} finally {
  await couch.stop();
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
