/**
 * Runs the demo the way `npm start` does — `node scripts/start.mjs`: PouchDB Server with an
 * admin, the dealership installed by bin/forecourt-setup.mjs, the server seeded, Vite's dev
 * server for demo/ — in a temporary data folder and on free ports, and opens the dealer page in
 * headless Chromium, one browser context (a separate window with its own IndexedDB and
 * localStorage) per person.
 *
 * start.mjs runs in a process group of its own: stopping kills the whole group (start.mjs, PouchDB
 * Server, Vite), and so do an exit, a forced exit or a SIGTERM/SIGINT of the test process, so a
 * failed, force-exited or timed-out test run leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.mjs';
import { freePort } from '../../../server/embedded.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');

export interface DemoWindow {
  context: BrowserContext;
  page: Page;
  /** Page errors and Content-Security-Policy violations seen so far. */
  problems: string[];
}

export interface RunningDemo {
  /** The dealer site, e.g. http://127.0.0.1:5173/dealer/ */
  dealerUrl: string;
  /** The CouchDB-compatible server the pages sync with (no credentials). */
  couchUrl: string;
  /** What start.mjs printed (for failure messages). */
  output(): string;
  /** Opens the dealer page in a new browser context and picks who it acts as in "Acting as". */
  openDealerAs(userLabel: RegExp): Promise<DemoWindow>;
  stop(): Promise<void>;
}

/** Signals start.mjs's whole process group (PouchDB Server and Vite included), even after start.mjs itself has gone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves once no process of the child's group is left (PouchDB Server outlives start.mjs by a moment). */
async function groupGone(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.pid === undefined) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Picks who the page acts as in its "Acting as" menu (options read "Name — Role · capabilities"). */
export async function actAs(page: Page, userLabel: RegExp): Promise<void> {
  const picker = page.getByLabel('Acting as');
  const value = await picker.locator('option').filter({ hasText: userLabel }).getAttribute('value', { timeout: 30_000 });
  if (!value) throw new Error(`no "Acting as" option matches ${userLabel}`);
  await picker.selectOption(value);
}

export async function startDemo(options: { leads: number; startTimeoutMs?: number }): Promise<RunningDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-demo-e2e-'));
  const [couchPort, demoPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [join(root, 'scripts', 'start.mjs'), '--data-dir', dataDir, '--port', String(couchPort), '--demo-port', String(demoPort), '--leads', String(options.leads)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // start.mjs has a process group of its own, out of reach of the test runner's group kill: take
  // it down on every way out of this process (a normal or forced exit, the runner's SIGTERM, Ctrl-C).
  const killOnExit = (): void => {
    killGroup(child, 'SIGKILL');
    try {
      rmSync(dataDir, { recursive: true, force: true }); // best effort: the server may be dying still
    } catch {
      // a temporary folder left behind
    }
  };
  const killOnSignal = (signal: NodeJS.Signals): void => {
    killOnExit();
    process.exit(128 + constants.signals[signal]); // what the signal's default action would have done
  };
  process.on('exit', killOnExit);
  process.once('SIGTERM', killOnSignal);
  process.once('SIGINT', killOnSignal);

  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));

  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const stop = async (): Promise<void> => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      // SIGTERM lets start.mjs stop Vite and PouchDB Server itself; whatever is left goes with SIGKILL.
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child, 'SIGKILL');
    await groupGone(child);
    process.off('exit', killOnExit);
    process.off('SIGTERM', killOnSignal);
    process.off('SIGINT', killOnSignal);
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // a temporary folder left behind is not worth failing the run
    }
  };

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 45_000);
    while (!/Ctrl-C stops the demo/.test(output)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!/installed with bin\/forecourt-setup\.mjs/.test(output)) throw new Error(`the dealership was not installed on the server:\n${output}`);
    const dealerUrl = /Harbour Motors site\s+(\S+)/.exec(output)?.[1];
    const couchUrl = /\(PouchDB Server\):\s+(\S+)/.exec(output)?.[1];
    if (!dealerUrl || !couchUrl) throw new Error(`npm start printed no URLs:\n${output}`);

    browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
    const openDealerAs = async (userLabel: RegExp): Promise<DemoWindow> => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      // Vite's dev server reloads the page (over its HMR WebSocket) whenever a source file
      // changes, and other people edit this working tree while the test runs: a reload mid-flow
      // loses the open dialog. The pages get a WebSocket that opens and never says anything;
      // sync is plain HTTP and does not use one.
      await context.routeWebSocket(new RegExp(`^wss?://${new URL(dealerUrl).host.replace(/\./g, '\\.')}/`), () => undefined);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
      });
      await page.goto(dealerUrl);
      // Any reload after this one would lose the state of the flow: say so rather than time out mutely.
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame()) return;
        problems.push(`the page reloaded (${frame.url()}) in the middle of the flow`);
        console.warn(`demo e2e: ${problems.at(-1)}`);
      });
      await actAs(page, userLabel);
      return { context, page, problems };
    };
    return { dealerUrl, couchUrl, output: () => output, openDealerAs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
