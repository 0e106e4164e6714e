/**
 * End-to-end harness: a real PouchDB Server (in memory, admin configured) with a dealership
 * installed by the setup command, the library bundled with esbuild and served on loopback under
 * a strict Content-Security-Policy, and headless Chromium with one browser context per person.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.mjs';
import { startEmbeddedServer } from '../../../server/embedded.mjs';
import { setupDealership, type SetupUser } from '../../../server/setup.js';
import type { CompanyPolicy } from '../../../src/model/index.js';
import { toCouchDoc } from '../../../src/sync/couch-docs.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http://127.0.0.1:*";

let bundlePromise: Promise<string> | null = null;

/** Bundles test/node/e2e/app.ts once per process; returns the folder holding app.js. */
function bundleApp(): Promise<string> {
  bundlePromise ??= (async () => {
    const outDir = join(root, '.cache', `e2e-${process.pid}`);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await build({
      entryPoints: [join(root, 'test', 'node', 'e2e', 'app.ts')],
      outfile: join(outDir, 'app.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      tsconfig: join(root, 'tsconfig.json'),
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      logLevel: 'warning',
    });
    return outDir;
  })();
  return bundlePromise;
}

function servePage(dir: string): Promise<Server> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>forecourt e2e</title></head>
<body><script type="module" src="/app.js"></script></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const headers = { 'content-security-policy': CSP };
    if (path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html' });
      res.end(page);
    } else if (path === '/app.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      res.end(readFileSync(join(dir, 'app.js')));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations and page errors seen so far. */
  problems: string[];
}

export interface E2E {
  couchUrl: string;
  adminUrl: string;
  dealershipId: string;
  /** Writes documents to the server as the server admin (seeding). */
  seed(docs: Array<Record<string, unknown>>): Promise<void>;
  /** A raw HTTP call to the dealership's database as a user. */
  raw(method: string, path: string, body: unknown, user: { name: string; password: string }): Promise<{ status: number; body: any }>;
  /** Opens the e2e page in a new browser context (a separate device) as this user. */
  open(user: { name: string; password: string }, leadId: string, elements: string[]): Promise<Person>;
  close(): Promise<void>;
}

export async function startE2E(options: { dealershipId: string; users: SetupUser[]; policy?: Partial<CompanyPolicy> }): Promise<E2E> {
  const couch = await startEmbeddedServer();
  await setupDealership({ url: couch.adminUrl, dealershipId: options.dealershipId, users: options.users, policy: options.policy });
  const dir = await bundleApp();
  const http = await servePage(dir);
  const pagePort = (http.address() as AddressInfo).port;
  const browser: Browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  const call = async (method: string, path: string, body: unknown, auth: string) => {
    const res = await fetch(`${couch.url}/${options.dealershipId}/${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  return {
    couchUrl: couch.url,
    adminUrl: couch.adminUrl,
    dealershipId: options.dealershipId,
    async seed(docs) {
      const res = await call('POST', '_bulk_docs', { docs: docs.map((d) => toCouchDoc(d, undefined)) }, `${couch.admin.name}:${couch.admin.password}`);
      const refused = (res.body as Array<{ error?: string; id: string; reason?: string }>).filter((row) => row.error);
      if (res.status >= 300 || refused.length) throw new Error(`seeding refused: ${JSON.stringify(refused.slice(0, 3))}`);
    },
    raw: (method, path, body, user) => call(method, path, body, `${user.name}:${user.password}`),
    async open(user, leadId, elements) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
      });
      const hash = new URLSearchParams({
        dealership: options.dealershipId,
        server: couch.url,
        user: user.name,
        password: user.password,
        lead: leadId,
        elements: elements.join(','),
      });
      await page.goto(`http://127.0.0.1:${pagePort}/#${hash}`);
      return { context, page, problems };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await new Promise((done) => http.close(() => done(undefined)));
      await couch.stop();
    },
  };
}

/** A value a lead field must have, or `{ not: value }` for one it must not have. */
export type Expected = Record<string, unknown>;

/**
 * Polls the page until its lead matches `expected`, or fails with what it last saw. Predicates are
 * data, not code: the page runs under `script-src 'self'`, where evaluating strings is refused.
 */
export async function waitForLead(person: Person, expected: Expected, timeoutMs = 20000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | null = null;
  while (Date.now() < deadline) {
    last = (await person.page.evaluate(() => (window as unknown as { e2eLead: unknown }).e2eLead)) as Record<string, unknown> | null;
    if (last && matches(last, expected)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the lead never matched ${JSON.stringify(expected)}; last seen: ${JSON.stringify(last && pick(last, expected))}`);
}

/** Polls `probe` in the page until it returns true. */
export async function waitInPage<A>(person: Person, probe: (arg: A) => Promise<boolean> | boolean, arg: A, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await person.page.evaluate(probe as (arg: unknown) => Promise<boolean>, arg as unknown)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the page never reached the expected state');
}

function matches(lead: Record<string, unknown>, expected: Expected): boolean {
  return Object.entries(expected).every(([field, want]) =>
    want !== null && typeof want === 'object' && 'not' in want ? lead[field] !== want.not : lead[field] === want,
  );
}

const pick = (lead: Record<string, unknown>, expected: Expected) => Object.fromEntries(Object.keys(expected).map((k) => [k, lead[k]]));
