/**
 * Builds the library and the standalone file with Vite, checks the output has no eval, and loads
 * the standalone file in Chromium from a page served with a strict Content-Security-Policy.
 * Sizes are printed (raw and gzip) as test diagnostics.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const outDir = join(root, '.cache', 'build-test', 'dist');
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

function vite(args: string[]): void {
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  assert.equal(run.status, 0, `vite build ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

/** Tags registered by components/all.ts: one `./<tag>/define.js` import each. */
const tags = [...readFileSync(join(root, 'components', 'all.ts'), 'utf8').matchAll(/import '\.\/([a-z-]+)\/define\.js';/g)].map((m) => m[1]!);

const size = (file: string): string => {
  const bytes = readFileSync(file);
  return `${relative(outDir, file)}: ${(bytes.length / 1024).toFixed(1)} kB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} kB gzip`;
};

describe('library build', () => {
  before(() => {
    rmSync(outDir, { recursive: true, force: true });
    vite([]);
    vite(['--mode', 'standalone']);
  });

  test('vite build writes the ES library (forecourt.js, core.js, seed.js) and the standalone file', (t) => {
    for (const name of ['forecourt.js', 'core.js', 'seed.js', 'forecourt.standalone.js']) {
      assert.ok(existsSync(join(outDir, name)), name);
    }
    for (const file of jsFiles(outDir)) t.diagnostic(size(file));
    console.log(jsFiles(outDir).map(size).join('\n'));
  });

  test('the library keeps lit, @lit/context, rxdb and rxjs external; the standalone file imports nothing', () => {
    const library = jsFiles(outDir).filter((f) => !f.endsWith('forecourt.standalone.js'));
    const imported = new Set<string>();
    for (const file of library) {
      // The library output keeps one statement per line: read only the module's own import/export lines.
      const code = readFileSync(file, 'utf8');
      const specifiers = [...code.matchAll(/^(?:import|export)\s[^;\n]*?\bfrom\s*["']([^"']+)["']/gm), ...code.matchAll(/^import\s*["']([^"']+)["']/gm)];
      for (const m of specifiers) {
        if (!m[1]!.startsWith('.'))
          imported.add(
            m[1]!
              .split('/')
              .slice(0, m[1]!.startsWith('@') ? 2 : 1)
              .join('/'),
          );
      }
    }
    assert.ok(imported.has('lit') && imported.has('rxdb') && imported.has('rxjs'), [...imported].join(', '));
    for (const name of imported) assert.ok(['lit', '@lit/context', 'rxdb', 'rxjs'].includes(name), `unexpected bare import ${name}`);
    // Rolldown writes import statements with double quotes; RxDB's messages mention imports in backticks.
    const standalone = readFileSync(join(outDir, 'forecourt.standalone.js'), 'utf8');
    const statement = /(?:^|[;}])\s*import\s*(?:[\w{*][^;"]*?from\s*)?"[^"]+"/.exec(standalone);
    assert.equal(statement?.[0], undefined, 'the standalone file has an import statement');
    assert.equal(/\bimport\s*\(\s*"/.exec(standalone)?.[0], undefined, 'the standalone file has a dynamic import');
  });

  test('no eval, new Function or dev-mode in any built file (strict CSP)', () => {
    for (const file of jsFiles(outDir)) {
      const code = readFileSync(file, 'utf8');
      const name = relative(outDir, file);
      const at = (re: RegExp): string | undefined => {
        const m = re.exec(code);
        return m ? code.slice(Math.max(0, m.index - 60), m.index + 60) : undefined;
      };
      assert.equal(at(/\bnew\s+Function\s*\(/), undefined, `${name} uses new Function(`);
      assert.equal(at(/(?:^|[^\w$.])eval\s*\(/), undefined, `${name} uses eval(`);
      assert.equal(at(/\bsetTimeout\s*\(\s*["'`]/), undefined, `${name} passes a string to setTimeout`);
      // The dev-mode plugin's own marker text; its absence means the plugin was not bundled.
      assert.equal(at(/RxDB dev-mode warning|console=dev-mode/), undefined, `${name} includes RxDB dev-mode`);
    }
  });
});

describe('standalone file under a strict Content-Security-Policy', () => {
  let server: Server;
  let base = '';
  let browser: Browser;
  const reports: string[] = [];

  const pages: Record<string, string> = {
    '/index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>forecourt CSP check</title>
<script type="module" src="/forecourt.standalone.js"></script></head>
<body><lead-store dealership="csp-check" user="csp.user"><lead-progress lead-id="lead:none"></lead-progress></lead-store></body></html>`,
    // A control page: proves a violation is detected when a script does use eval.
    '/control.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>control</title>
<script type="module" src="/evil.js"></script></head><body></body></html>`,
    '/evil.js': `try { (0, eval)('1 + 1'); } catch (e) { console.log('eval blocked'); }`,
  };

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/csp-report') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          reports.push(body);
          res.writeHead(204).end();
        });
        return;
      }
      const headers = { 'Content-Security-Policy': `${CSP}; report-uri /csp-report`, 'Cache-Control': 'no-store' };
      const page = pages[url.pathname];
      if (page !== undefined) {
        res.writeHead(200, { ...headers, 'Content-Type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
        res.end(page);
        return;
      }
      const file = join(outDir, url.pathname);
      if (!file.startsWith(outDir) || !existsSync(file) || statSync(file).isDirectory()) {
        res.writeHead(404, headers).end();
        return;
      }
      const type = extname(file) === '.js' ? 'text/javascript' : 'application/json';
      res.writeHead(200, { ...headers, 'Content-Type': type });
      res.end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: ensureChromium(),
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    // Init scripts come from the browser itself, so the page's CSP does not apply to them.
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(base + path);
    return { page, problems };
  }

  test('the control page that calls eval is caught (the detector works)', async () => {
    const { page } = await open('/control.html');
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0, null, { timeout: 10000 });
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.ok(
      violations.some((v) => v.startsWith('script-src')),
      violations.join('\n'),
    );
    await page.close();
  });

  test('every element is defined, the store opens, and no CSP violation is reported', async () => {
    assert.ok(tags.length >= 3, `components/all.ts registers ${tags.join(', ')}`);
    reports.length = 0;
    const { page, problems } = await open('/index.html');
    const defined = await page.evaluate(async (names) => {
      await Promise.race([Promise.all(names.map((n) => customElements.whenDefined(n))), new Promise((r) => setTimeout(r, 10000))]);
      return names.filter((n) => customElements.get(n) !== undefined);
    }, tags);
    assert.deepEqual(defined, tags);
    // Opening the store runs RxDB and Dexie against IndexedDB: where a lazy eval would surface.
    const ready = await page.evaluate(
      () =>
        new Promise<boolean>((done) => {
          const el = document.querySelector('lead-store') as (HTMLElement & { handle?: unknown }) | null;
          if (el?.handle) return done(true);
          el?.addEventListener('store-ready', () => done(true), { once: true });
          setTimeout(() => done(Boolean(el?.handle)), 15000);
        }),
    );
    assert.ok(ready, 'store-ready');
    await page.waitForTimeout(500);
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.deepEqual(violations, []);
    assert.deepEqual(reports, []);
    assert.deepEqual(
      problems.filter((p) => /Content Security Policy|unsafe-eval|EvalError/i.test(p)),
      [],
    );
    await page.close();
  });
});
