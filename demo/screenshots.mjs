#!/usr/bin/env node
// Screenshots of the demo pages (local-only mode, fresh browser profile) into docs/screenshots/.
//   node demo/screenshots.mjs
// Fails when a page reports a Content-Security-Policy violation or an uncaught error.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });

delete process.env.VITE_FORECOURT_SERVER;
const vite = await createServer({ configFile: join(root, 'vite.config.ts'), mode: 'demo', server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await vite.listen();
const base = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
});
const problems = [];

async function shoot(name, path, { width = 1400, height = 1000, before, fullPage = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|violation/i.test(m.text())) problems.push(`${name}: ${m.text()}`);
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  await page.goto(base + path);
  await page.waitForFunction(() => /seeded|local only|Synced/i.test(document.querySelector('[data-demo-status]')?.textContent ?? 'local only'), null, {
    timeout: 60000,
  });
  await page.waitForTimeout(1500);
  if (before) await before(page);
  // The sticky header would otherwise appear where the page was scrolled to.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
  await context.close();
}

const actAs = (role) => async (page) => {
  await page.waitForSelector('#demo-user', { timeout: 60000 });
  const value = await page.evaluate((r) => {
    const select = document.querySelector('#demo-user');
    const group = [...select.querySelectorAll('optgroup')].find((g) => g.label === r);
    return group?.querySelector('option')?.value ?? '';
  }, role);
  await page.selectOption('#demo-user', value);
  await page.waitForTimeout(1500);
};

try {
  await shoot('demo-index', '/', { height: 700 });
  await shoot('dealer-salesperson', '/dealer/');
  await shoot('dealer-manager', '/dealer/', { before: actAs('Managers') });
  await shoot('dealer-admin-reports', '/dealer/', {
    before: async (page) => {
      await actAs('Admin')(page);
      await page.locator('company-settings').getByRole('button', { name: 'Save settings' }).waitFor({ timeout: 20000 });
    },
  });
  await shoot('dealer-test-mode', '/dealer/?mode=test', {
    before: async (page) => {
      await actAs('Managers')(page);
      // The fixtures' names must show as text: search for them.
      await page.locator('lead-dashboard').getByLabel('Search leads').fill('alert');
      await page.waitForTimeout(1500);
      const text = await page.locator('lead-dashboard').evaluate((el) => el.shadowRoot?.textContent ?? '');
      if (!text.includes('<img src=x onerror=alert(1)>')) throw new Error('the hostile name is not shown as text');
      const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload]').length);
      if (injected > 0) throw new Error('a hostile name became markup');
    },
  });
  await shoot('portal', '/portal/', {
    before: async (page) => {
      await page.getByRole('button', { name: 'Open' }).first().click({ timeout: 20000 });
      await page.waitForTimeout(1500);
    },
  });
  await shoot('portal-close-lost-dialog', '/portal/', {
    fullPage: false,
    before: async (page) => {
      await actAs('Managers')(page);
      // A lead that is open and has no close request pending (those cannot be closed directly).
      const row = page
        .locator('lead-dashboard [part~="row"]')
        .filter({ hasNotText: /close requested|Closed/ })
        .first();
      await row.getByRole('button', { name: 'Open' }).click({ timeout: 20000 });
      await page.waitForTimeout(1000);
      await page
        .locator('close-lost-dialog')
        .getByRole('button', { name: /close lost/i })
        .first()
        .click();
      await page.waitForTimeout(800);
    },
  });
  await shoot('dealer-mobile', '/dealer/', { width: 390, height: 844 });
} finally {
  await browser.close();
  await vite.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
