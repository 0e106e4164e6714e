#!/usr/bin/env node
// Runs every test: type-check, lint, Node tests (rules, store on memory storage, sync against the
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

// Each phase has a budget well inside CI's limit: a test that hangs (and keeps its process
// alive) must cost its phase a failure, not the whole run its answer.
const PHASE_BUDGET_MS = Number(process.env.FORECOURT_PHASE_BUDGET_MS ?? 10 * 60_000);

/** The phases under way (each kills its process group) and the test server, for Ctrl-C. */
const running = new Set();
let couch;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const kill of running) kill('SIGKILL');
    void couch?.stop();
    setTimeout(() => process.exit(130), 500).unref();
  });
}

/** Runs a command in its own process group; past `budgetMs` the whole group is killed. */
function run(label, command, commandArgs, env = {}, budgetMs = PHASE_BUDGET_MS) {
  return new Promise((done) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const watchdog = setTimeout(() => {
      console.error(`\n!! ${label}: still running after ${budgetMs / 60_000} min; stopping it and counting it as failed`);
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 5000).unref();
    }, budgetMs);
    running.add(killGroup);
    child.on('exit', (code, signal) => {
      running.delete(killGroup);
      clearTimeout(watchdog);
      killGroup('SIGKILL'); // whatever it left behind (forked clients, servers, browsers)
      done(code ?? (signal ? 1 : 0));
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };

async function typecheck() {
  console.log('\n== type-check (tsc --noEmit)');
  const code = await run('type-check', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

function readCounts(file) {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const count = (outcome) => lines.filter((l) => l === outcome).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** ESLint and lit-analyzer (npm run lint), counted as one test like the type-check. */
async function lint() {
  console.log('\n== lint (ESLint, lit-analyzer)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await run('lint', npm, ['run', '--silent', 'lint']);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

async function nodeSuite(server) {
  if (nodeTests.length === 0) return;
  console.log(`\n== Node tests (${nodeTests.length} files)`);
  const countFile = join(root, '.cache', `node-tests-${process.pid}.txt`);
  rmSync(countFile, { force: true });
  const code = await run(
    'Node tests',
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      // No --test-force-exit: with files running side by side it can end the run while a file
      // still has tests to report, and those are then simply missing from the count. A file that
      // hangs is caught by the phase budget instead, and counted as failed.
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts', 'node-count-reporter.mjs')}`,
      '--test-reporter-destination=stderr',
      ...nodeTests.map((f) => relative(root, f)),
    ],
    { ...server, FORECOURT_NODE_COUNT_FILE: countFile },
  );
  const counts = readCounts(countFile);
  rmSync(countFile, { force: true });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

async function browserSuite(server, chromium) {
  if (browserTests.length === 0) return;
  console.log(`\n== Browser tests in ${chromium} (${browserTests.length} files)`);
  const { bundleBrowserTests } = await import('./bundle-browser-tests.mjs');
  const outDir = join(root, '.cache', `browser-tests-${process.pid}`);
  const bundled = await bundleBrowserTests(browserTests, outDir, server);
  const countFile = join(root, '.cache', `browser-tests-${process.pid}.json`);
  rmSync(countFile, { force: true });
  const code = await run(
    'browser tests',
    process.execPath,
    [join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'), '--config', 'web-test-runner.config.mjs'],
    { ...server, FORECOURT_TEST_FILES: JSON.stringify(bundled), FORECOURT_COUNT_FILE: countFile },
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
// Found (or installed) before anything runs: the browser tests and the Node end-to-end and build
// tests drive it, and a missing one should cost seconds, not a run.
const needsChromium = (!onlyNode && browserTests.length > 0) || (!onlyBrowser && nodeTests.some((f) => /[\\/](e2e|build)[\\/]/.test(f)));
let chromium;
if (needsChromium) {
  try {
    chromium = ensureChromium();
  } catch (err) {
    console.error(`\n${err.message}`);
    console.log('\n0 passed, 1 failed');
    process.exit(2);
  }
}

try {
  couch = await startEmbeddedServer();
} catch (err) {
  console.error(`\nThe test server (PouchDB Server) did not start: ${err.message}. Is node_modules installed (npm ci)?`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const serverEnv = {
  ...(chromium ? { CHROME_PATH: chromium } : {}),
  FORECOURT_TEST_COUCH_URL: couch.url,
  FORECOURT_TEST_COUCH_ADMIN: `${couch.admin.name}:${couch.admin.password}`,
};
try {
  if (!skipTypecheck && filters.length === 0) {
    await typecheck();
    await lint();
  }
  if (!onlyBrowser) await nodeSuite(serverEnv);
  if (!onlyNode) await browserSuite(serverEnv, chromium);
} finally {
  await couch.stop();
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
